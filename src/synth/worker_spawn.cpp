// Starting the speech worker process and describing how it ended (synth/worker_protocol.hpp):
// posix_spawn with the child's descriptors and signals set up as synth/worker.hpp describes.
// Called by WorkerSynth on the thread that owns it. Also the default worker executable
// (worker.hpp).
#include "synth/worker_protocol.hpp"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>

#include <cstdlib>
#include <vector>

extern char** environ;

namespace lectern::synth {

std::string default_worker_executable() {
    const char* env = std::getenv("LECTERN_WORKER_EXE");
    return env != nullptr && *env != 0 ? env : "/proc/self/exe";
}

} // namespace lectern::synth

namespace lectern::synth::worker {

std::string errno_text(int err) {
    return strerrordesc_np(err) ? strerrordesc_np(err) : "error";
}

/// Spawns the worker with `child_fd` as its kWorkerFd (see worker.hpp for the child's set-up).
/// posix_spawn reports a failed exec as its result, so a missing binary is an error here.
Result<int> spawn(const WorkerOptions& o, int child_fd) {
    posix_spawn_file_actions_t files;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&files);
    posix_spawnattr_init(&attr);
    // The socket first: if it happens to be 0..2, the stdio set-up below would replace it.
    posix_spawn_file_actions_adddup2(&files, child_fd, kWorkerFd);
    posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
    if (o.quiet) posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&files, 2, 1);
    // Descriptors the kiosk opened without O_CLOEXEC (another worker's socket among them would
    // keep that worker's EOF from ever arriving) stay out of the child.
    posix_spawn_file_actions_addclosefrom_np(&files, kWorkerFd + 1);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGSEGV, SIGABRT, SIGBUS,
                    SIGFPE, SIGILL, SIGALRM, SIGUSR1, SIGUSR2})
        sigaddset(&defaults, sig);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETPGROUP);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(o.executable == "/proc/self/exe" ? program_invocation_name
                                                                      : o.executable.c_str()));
    for (const auto& a : o.args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, o.executable.c_str(), &files, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        return make_error("could not start the speech worker " + o.executable + " (" +
                          errno_text(rc) + ")");
    return pid;
}

/// How a reaped child ended, for messages: "killed by signal 6 (Aborted)".
std::string describe_exit(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* what = sigdescr_np(sig);
        return "killed by signal " + std::to_string(sig) + " (" + (what ? what : "?") + ")";
    }
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    return "ended";
}

} // namespace lectern::synth::worker
