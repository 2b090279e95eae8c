// The speech worker: eSpeak NG in a child process behind the Synthesizer interface, so that a
// crash or a hang inside the library costs one sentence, not the kiosk (DESIGN.md §4; the token
// "s'" x68 aborts libespeak-ng 1.51).
//
// Thread affinity: a WorkerSynth is used by ONE thread (the playback thread), like every
// Synthesizer, and starts no thread of its own. run_synth_worker() is the child's main thread.
//
// How: the parent spawns `<executable> <args...>` (by default this very binary as
// `lectern synth-worker`) with one end of a socketpair on fd 3 (kWorkerFd), stdin from /dev/null,
// stdout onto stderr (a stray printf cannot corrupt the protocol), every other descriptor closed,
// signals at their defaults, in its own process group (a Ctrl-C in a terminal reaches the parent,
// which then ends the child). posix_spawn, i.e. exec, rather than fork alone: eSpeak NG keeps
// global state and a thread of its own, and fork() in a multi-threaded kiosk followed by library
// initialisation is not safe. The frames are in synth/worker_protocol.hpp.
//
// Failure handling, on the calling thread:
//   - the child dies (EOF on the socket): reaped at once, restarted, the call returns an error;
//   - the child stops answering (no frame for hang_timeout while it owes one, e.g. SIGSTOP or a
//     spin; before the first chunk of a text, one hang_timeout more per MiB of text, which the
//     child must read first): killed with SIGKILL, reaped, restarted, the call returns an error;
//   - cancel (SynthOutput::on_audio returns false): a cancel frame; the child stops between two
//     chunks and answers; if it does not within hang_timeout it is killed and restarted (the call
//     still reports `cancelled`: that is what the caller asked for);
//   - a restart that fails is retried by the next call, no sooner than a back-off (1 s doubling
//     to 30 s) so a broken installation does not respawn for every sentence.
// Every child is reaped by the call that saw it fail, or by the destructor (which closes the
// socket, waits up to 500 ms for a clean exit, then kills): no zombies, no descriptor leaks.
#pragma once

#include "synth/synthesizer.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lectern::synth {

/// The hidden subcommand that makes the lectern binary a speech worker.
inline constexpr std::string_view kWorkerSubcommand = "synth-worker";
/// The descriptor the child finds its socket on.
inline constexpr int kWorkerFd = 3;

/// The program WorkerOptions runs by default: $LECTERN_WORKER_EXE when set and not empty, else
/// "/proc/self/exe". /proc/self/exe is this binary even after a package upgrade replaced the file
/// on disk, so parent and worker always speak the same protocol. The override is for running the
/// kiosk under a tool that execs it, where /proc/self/exe is the tool's binary: under valgrind it
/// is valgrind's tool ("mmap(0x58000000) failed in UME"), so
///   LECTERN_WORKER_EXE=/path/to/lectern valgrind --tool=callgrind --trace-children=yes lectern
/// runs the kiosk and its worker both under callgrind (bench/run.sh). It must name the same
/// lectern build, or parent and worker may not speak the same protocol.
std::string default_worker_executable();

struct WorkerOptions {
    /// The program to run (see default_worker_executable).
    std::string executable = default_worker_executable();
    std::vector<std::string> args = {std::string(kWorkerSubcommand)};
    /// No frame for this long while the worker owes one (a chunk, a reply) means it is hung.
    /// eSpeak NG makes a ~49 ms chunk in a few ms, so this is far from any honest pause; kept
    /// under a second so that a hang is noticed, and the worker replaced, within one.
    std::chrono::milliseconds hang_timeout{900};
    /// The first "ready" may take longer: eSpeak NG loads its data (slow on a Pi's SD card).
    std::chrono::milliseconds start_timeout{10000};
    /// The child's stderr goes to /dev/null (tests that kill it a thousand times).
    bool quiet = false;
};

struct WorkerStats {
    int pid = -1;              ///< the running child, -1 when none
    std::uint64_t starts = 0;  ///< children started successfully
    std::uint64_t crashes = 0; ///< children that died while owed an answer
    std::uint64_t hangs = 0;   ///< children killed for not answering in time
    std::uint64_t failed_starts = 0;
};

class WorkerSynth final : public Synthesizer {
  public:
    /// Starts the worker and waits for it to be ready; its error (e.g. eSpeak NG's data missing)
    /// is this call's error.
    static Result<std::unique_ptr<WorkerSynth>> create(WorkerOptions options = {});
    ~WorkerSynth() override;
    WorkerSynth(const WorkerSynth&) = delete;
    WorkerSynth& operator=(const WorkerSynth&) = delete;

    int sample_rate() const override;
    const SynthParams& params() const override;
    Result<void> configure(const SynthParams& params) override;
    Result<SynthStatus> synthesize(std::string_view text, bool ssml, SynthOutput& out) override;
    Result<std::string> phonemes(std::string_view text) override;

    WorkerStats stats() const;

  private:
    struct Impl;
    explicit WorkerSynth(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// make_espeak_synth's counterpart for the kiosk: eSpeak NG in a worker process.
Result<std::unique_ptr<Synthesizer>> make_worker_synth(WorkerOptions options = {});

/// The child's main: serves requests on `fd` until the parent closes it (exit status 0), with the
/// in-process eSpeak NG synthesiser. A start failure is reported to the parent, then status 1.
int run_synth_worker(int fd = kWorkerFd);
/// The same with any synthesiser (tests); an error is reported as a start failure.
int run_synth_worker(int fd, Result<std::unique_ptr<Synthesizer>> synth);

} // namespace lectern::synth
