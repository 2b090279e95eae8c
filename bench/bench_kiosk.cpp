// The whole kiosk measured from outside: starts the real `lectern` binary (no subcommand, with
// --commands -) as bench/child.hpp describes, presses keys on its control channel and times the
// JSON events it answers with on arrival here. Prints "name value" lines for bench/run.sh on
// stdout, notes on stderr. Main thread only (plus the Child's reader).
//
//   bench_kiosk start LECTERN [--runs N] [-- KIOSK ARGS]
//       start-up: spawn to the first `frame` event (after SDL_RenderPresent) and to the first
//       `announcement` (the device consumed the first sample of the welcome), N runs
//   bench_kiosk session LECTERN [--presses N] [--settle-s S] [--idle-s S] [--read-s S] [-- ARGS]
//       key to screen: `key down`/`key up` written to the first `frame` after it, N presses at
//       random gaps; then CPU of the kiosk and its speech worker idle on the home screen, and
//       while reading the first article with the screen on
//   bench_kiosk article LECTERN [--sections N] [--pulse-log PATH] [-- ARGS]
//       reads the first article to the end (or N sections): underrun events, PulseAudio's
//       "Underrun on" lines for the kiosk's stream (when given its log), peak memory, CPU
//   bench_kiosk callgrind LECTERN --out PREFIX [--sections N] [-- ARGS]
//       the kiosk and its speech worker both under `valgrind --tool=callgrind
//       --trace-children=yes` (the worker found through LECTERN_WORKER_EXE, synth/worker.hpp):
//       reads the first N sections (default 2) of the first article; instructions of both
//       processes from the first `section` event to the end (callgrind_control --zero, then
//       --dump into PREFIX.<pid>.1), over the seconds of speech heard in that window
//   bench_kiosk first-byte N CMD ARGS...   median time from spawn to CMD's first byte on stdout
//   bench_kiosk rss CMD ARGS...            peak resident memory of CMD (wait4's ru_maxrss)
#include "child.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace bench;
using namespace std::chrono_literals;

namespace {

struct Options {
    std::string lectern;
    std::map<std::string, std::string> named;
    std::vector<std::string> kiosk_args;
    double get(const std::string& name, double fallback) const {
        const auto it = named.find(name);
        return it == named.end() ? fallback : std::atof(it->second.c_str());
    }
};

void put(const char* name, double value) {
    std::printf("%s %.3f\n", name, value);
    std::fflush(stdout);
}

std::vector<std::string> kiosk_argv(const Options& o) {
    std::vector<std::string> argv{o.lectern, "--commands", "-", "--window", "800x480"};
    argv.insert(argv.end(), o.kiosk_args.begin(), o.kiosk_args.end());
    return argv;
}

void sleep_s(double s) {
    std::this_thread::sleep_for(std::chrono::duration<double>(s));
}

/// `audio_device` events saying the device was lost (the kiosk's stall and fault detection).
/// The engine's underrun count (cumulative) as the kiosk's lines before index `to` last gave it.
double underruns_until(const Child& kiosk, std::size_t to) {
    double n = 0;
    for (const auto& l : kiosk.lines(0, to))
        if (l.event() == "underrun") n = std::max(n, l.number("count"));
    return n;
}

/// The line that ends a reading of the first `sections` sections (0: the whole article).
bool ends_reading(const Line& l, int sections) {
    const std::string e = l.event();
    return (e == "state" && l.text.find("\"finished\"") != std::string::npos) ||
           (e == "section" && sections > 0 && l.number("index") > sections);
}

int devices_lost(const Child& kiosk) {
    int n = 0;
    for (const auto& l : kiosk.lines(0, kiosk.line_count()))
        n += l.event() == "audio_device" && l.text.find("\"lost\"") != std::string::npos;
    return n;
}

/// Peak resident memory of the kiosk and of its speech worker(s), in MB.
std::pair<double, double> peak_rss_mb(pid_t kiosk) {
    const auto pids = family(kiosk);
    long worker_kb = 0;
    for (std::size_t i = 1; i < pids.size(); ++i)
        worker_kb += peak_rss_kb(pids[i]);
    return {static_cast<double>(peak_rss_kb(kiosk)) / 1024, static_cast<double>(worker_kb) / 1024};
}

int start(const Options& o) {
    std::vector<double> frame_ms, word_ms, frame_inside_ms;
    double rss_mb = 0;
    int lost = 0;
    for (int run = 0; run < static_cast<int>(o.get("runs", 5)); ++run) {
        Child kiosk(kiosk_argv(o));
        std::size_t at = 0, at_word = 0;
        const auto frame = kiosk.wait_event(at, "frame", 10s);
        const auto word = kiosk.wait_event(at_word, "announcement", 10s);
        if (!frame || !word)
            return std::fprintf(stderr, "bench_kiosk: the kiosk did not start\n"), 1;
        frame_ms.push_back(ms_between(kiosk.started_at(), frame->at));
        word_ms.push_back(ms_between(kiosk.started_at(), word->at));
        frame_inside_ms.push_back(frame->number("t_ms"));
        rss_mb = std::max(rss_mb, peak_rss_mb(kiosk.pid()).first);
        lost += devices_lost(kiosk);
        kiosk.quit();
        sleep_s(0.3);
    }
    put("start_frame_p50_ms", percentile(frame_ms, 0.5));
    put("start_frame_max_ms", percentile(frame_ms, 1));
    put("start_word_p50_ms", percentile(word_ms, 0.5));
    put("start_word_max_ms", percentile(word_ms, 1));
    // The kiosk's own clock starts in main(): the rest is exec and dynamic linking.
    put("start_frame_after_main_p50_ms", percentile(frame_inside_ms, 0.5));
    put("start_runs", static_cast<double>(frame_ms.size()));
    put("start_rss_kiosk_mb", rss_mb); // at the first word
    put("start_devices_lost", lost);
    return 0;
}

int session(const Options& o) {
    Child kiosk(kiosk_argv(o));
    std::size_t at = 0;
    if (!kiosk.wait_event(at, "frame", 10s))
        return std::fprintf(stderr, "bench_kiosk: no first frame\n"), 1;
    sleep_s(1);
    // Key to screen. Gaps are random so presses land at every phase of whatever else runs.
    std::mt19937 rng(2026);
    std::vector<double> ms, sound_ms;
    const int presses = static_cast<int>(o.get("presses", 60)) / 2 * 2; // even: focus returns
    for (int i = 0; i < presses; ++i) {
        std::size_t from = kiosk.line_count();
        const auto sent = kiosk.send(i % 2 ? "key up" : "key down");
        std::size_t heard_from = from;
        if (const auto frame = kiosk.wait_event(from, "frame", 2s))
            ms.push_back(ms_between(sent, frame->at));
        // Its spoken confirmation: the "announcement" event comes once the device has played the
        // first sample of it.
        if (const auto heard = kiosk.wait_event(heard_from, "announcement", 2s))
            sound_ms.push_back(ms_between(sent, heard->at));
        std::this_thread::sleep_for(
            std::chrono::microseconds(std::uniform_int_distribution<int>(150'000, 300'000)(rng)));
    }
    put("key_to_screen_p50_ms", percentile(ms, 0.5));
    put("key_to_screen_p95_ms", percentile(ms, 0.95));
    put("key_to_screen_max_ms", percentile(ms, 1));
    put("key_to_screen_n", static_cast<double>(ms.size()));
    put("key_to_sound_p50_ms", percentile(sound_ms, 0.5));
    put("key_to_sound_p95_ms", percentile(sound_ms, 0.95));
    put("key_to_sound_n", static_cast<double>(sound_ms.size()));

    // Idle: once the last key's spoken confirmation has ended, nothing should run but the audio
    // device's silence -- until the device stands by (audio_standby_seconds after the last sound,
    // 30 by default), and then nothing at all.
    const std::size_t before_idle = kiosk.line_count();
    sleep_s(o.get("settle-s", 8));
    const auto measure = [&](const char* name, double seconds) {
        const std::size_t from = kiosk.line_count();
        const double cpu0 = cpu_seconds(family(kiosk.pid()));
        const auto t0 = Clock::now();
        sleep_s(seconds);
        const double cpu1 = cpu_seconds(family(kiosk.pid()));
        const double wall = ms_between(t0, Clock::now()) / 1000;
        int frames = 0;
        for (const auto& l : kiosk.lines(from, kiosk.line_count()))
            frames += l.event() == "frame";
        put((std::string(name) + "_cpu_percent").c_str(), 100 * (cpu1 - cpu0) / wall);
        put((std::string(name) + "_s").c_str(), wall);
        put((std::string(name) + "_frames").c_str(), frames);
    };
    measure("idle_running", o.get("idle-running-s", 15)); // ends before the standby
    std::size_t standby_from = before_idle;
    const auto standby = kiosk.wait_event(standby_from, "audio_standby", 90s);
    if (!standby || standby->number("t_ms") < 0)
        return std::fprintf(stderr, "bench_kiosk: the device never stood by\n"), 1;
    measure("idle", o.get("idle-s", 30));

    // The first press after the standby opens the article: the device must start again first.
    at = kiosk.line_count();
    std::size_t heard_from = at;
    const auto pressed = kiosk.send("key return");
    if (!kiosk.wait_event(at, "section", 15s))
        return std::fprintf(stderr, "bench_kiosk: the article did not start\n"), 1;
    if (const auto heard = kiosk.wait_event(heard_from, "announcement", 5s))
        put("standby_key_to_sound_ms", ms_between(pressed, heard->at));
    measure("read", o.get("read-s", 30));
    put("processes", static_cast<double>(family(kiosk.pid()).size()));
    put("session_devices_lost", devices_lost(kiosk));
    kiosk.quit();
    return 0;
}

std::size_t file_size(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    return in ? static_cast<std::size_t>(in.tellg()) : 0;
}

/// PulseAudio's debug log lines "Underrun on 'ALSA Playback'" between two offsets of its log.
int pulse_underruns(const std::string& path, std::size_t from, std::size_t to) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(from));
    std::string text(to > from ? to - from : 0, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    int n = 0;
    for (std::size_t p = 0; (p = text.find("Underrun on", p)) != std::string::npos; ++p)
        ++n;
    return n;
}

int article(const Options& o) {
    Child kiosk(kiosk_argv(o));
    std::size_t at = 0;
    if (!kiosk.wait_event(at, "frame", 10s))
        return std::fprintf(stderr, "bench_kiosk: no first frame\n"), 1;
    sleep_s(1);
    kiosk.send("key return");
    const auto first = kiosk.wait_event(at, "section", 15s);
    if (!first) return std::fprintf(stderr, "bench_kiosk: the article did not start\n"), 1;
    const std::string log = o.named.count("pulse-log") ? o.named.at("pulse-log") : "";
    const std::size_t log_from = log.empty() ? 0 : file_size(log);
    const double cpu0 = cpu_seconds(family(kiosk.pid()));
    const int sections = static_cast<int>(o.get("sections", 0));
    // The engine's underrun count is cumulative: count from where it stood when reading began.
    const double underruns_before = underruns_until(kiosk, at);
    // The worker's own pages, sampled once a second: its shared libraries are the kiosk's.
    long worker_private_kb = 0;
    auto sampled = Clock::now();
    const auto any = [](const Line&) { return true; };
    std::optional<Line> end;
    while (!end) {
        const auto l = kiosk.wait_for(at, any, 900s);
        if (!l) break;
        if (Clock::now() - sampled >= 1s) {
            sampled = Clock::now();
            long kb = 0;
            for (pid_t p : family(kiosk.pid()))
                if (p != kiosk.pid()) kb += private_kb(p);
            worker_private_kb = std::max(worker_private_kb, kb);
        }
        if (ends_reading(*l, sections)) end = l;
        if (l->event() == "error") std::fprintf(stderr, "bench_kiosk: %s\n", l->text.c_str());
    }
    if (!end) return std::fprintf(stderr, "bench_kiosk: the article did not end\n"), 1;
    const double cpu1 = cpu_seconds(family(kiosk.pid()));
    const std::size_t log_to = log.empty() ? 0 : file_size(log);
    const double speech_s = (end->number("t_ms") - first->number("t_ms")) / 1000;
    const auto [kiosk_mb, worker_mb] = peak_rss_mb(kiosk.pid());
    put("article_speech_s", speech_s);
    put("article_underruns", underruns_until(kiosk, at) - underruns_before);
    put("article_device_underruns", log.empty() ? -1 : pulse_underruns(log, log_from, log_to));
    put("article_cpu_percent", 100 * (cpu1 - cpu0) / speech_s);
    put("rss_kiosk_mb", kiosk_mb);
    put("rss_worker_mb", worker_mb);
    put("rss_worker_private_mb", static_cast<double>(worker_private_kb) / 1024);
    put("article_devices_lost", devices_lost(kiosk));
    kiosk.quit();
    return 0;
}

/// Runs `callgrind_control ACTION PID` (--zero, --dump) and waits for it: the running callgrind
/// takes the request through vgdb.
bool callgrind_control(const char* action, pid_t pid) {
    const std::string cmd =
        "callgrind_control " + std::string(action) + " " + std::to_string(pid) + " >/dev/null";
    return std::system(cmd.c_str()) == 0;
}

/// The "totals:" line of a callgrind output file (instructions), or -1.
double callgrind_totals(const std::string& path) {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("totals:", 0) == 0) return std::atof(line.c_str() + 7);
    return -1;
}

int callgrind(const Options& o) {
    const std::string prefix = o.named.count("out") ? o.named.at("out") : "";
    if (prefix.empty()) return std::fprintf(stderr, "bench_kiosk: callgrind needs --out\n"), 2;
    // The worker is spawned as LECTERN_WORKER_EXE, not /proc/self/exe (valgrind's own binary).
    ::setenv("LECTERN_WORKER_EXE", o.lectern.c_str(), 1);
    std::vector<std::string> argv{"valgrind", "--tool=callgrind", "--trace-children=yes",
                                  "--callgrind-out-file=" + prefix + ".%p"};
    const auto kiosk_args = kiosk_argv(o);
    argv.insert(argv.end(), kiosk_args.begin(), kiosk_args.end());
    Child kiosk(argv, prefix + ".valgrind.log");
    std::size_t at = 0;
    // Callgrind runs the kiosk about 50 times slower: generous time-outs.
    if (!kiosk.wait_event(at, "frame", 300s))
        return std::fprintf(stderr, "bench_kiosk: no first frame under callgrind\n"), 1;
    sleep_s(2); // the welcome has started; the reading interrupts it as a press would
    kiosk.send("key return");
    const auto first = kiosk.wait_event(at, "section", 300s);
    if (!first) return std::fprintf(stderr, "bench_kiosk: the article did not start\n"), 1;
    const auto pids = family(kiosk.pid()); // the kiosk and its worker
    if (pids.size() < 2) return std::fprintf(stderr, "bench_kiosk: no speech worker\n"), 1;
    for (pid_t p : pids)
        if (!callgrind_control("--zero", p))
            return std::fprintf(stderr, "bench_kiosk: callgrind_control --zero failed\n"), 1;
    const int sections = std::max(1, static_cast<int>(o.get("sections", 2)));
    const std::size_t reading_from = at;
    const auto end = kiosk.wait_for(
        at, [&](const Line& l) { return ends_reading(l, sections); }, 1800s);
    if (!end) return std::fprintf(stderr, "bench_kiosk: the sections did not end\n"), 1;
    for (pid_t p : pids)
        if (!callgrind_control("--dump", p))
            return std::fprintf(stderr, "bench_kiosk: callgrind_control --dump failed\n"), 1;
    const double underruns = underruns_until(kiosk, at) - underruns_until(kiosk, reading_from);
    kiosk.quit(30s);
    const double kiosk_ir = callgrind_totals(prefix + "." + std::to_string(pids[0]) + ".1");
    double worker_ir = 0;
    for (std::size_t i = 1; i < pids.size(); ++i)
        worker_ir += callgrind_totals(prefix + "." + std::to_string(pids[i]) + ".1");
    if (kiosk_ir < 0 || worker_ir < 0)
        return std::fprintf(stderr, "bench_kiosk: no callgrind dump in %s.*.1\n", prefix.c_str()),
               1;
    const double speech_s = (end->number("t_ms") - first->number("t_ms")) / 1000;
    put("cg_speech_s", speech_s);
    put("cg_kiosk_ir", kiosk_ir);
    put("cg_worker_ir", worker_ir);
    put("cg_ir_per_s", (kiosk_ir + worker_ir) / speech_s);
    put("cg_underruns", underruns);
    put("cg_processes", static_cast<double>(pids.size()));
    return 0;
}

int first_byte(int runs, const std::vector<std::string>& argv) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        Child c(argv);
        std::size_t at = 0;
        c.wait_for(
            at, [](const Line&) { return false; }, 10s); // until its output ends
        if (const auto t = c.first_byte()) ms.push_back(ms_between(c.started_at(), *t));
    }
    put("first_byte_p50_ms", percentile(ms, 0.5));
    return ms.empty();
}

int rss(const std::vector<std::string>& argv) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        if (!std::freopen("/dev/null", "w", stdout)) ::_exit(127);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    put("rss_mb", static_cast<double>(usage.ru_maxrss) / 1024);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

} // namespace

int main(int argc, char** argv) {
    ::signal(SIGPIPE, SIG_IGN); // a kiosk that died must not take the bench with it
    if (argc < 3) return std::fprintf(stderr, "usage: see bench/bench_kiosk.cpp\n"), 2;
    const std::string mode = argv[1];
    if (mode == "first-byte" && argc > 3)
        return first_byte(std::atoi(argv[2]), std::vector<std::string>(argv + 3, argv + argc));
    if (mode == "rss") return rss(std::vector<std::string>(argv + 2, argv + argc));
    Options o;
    o.lectern = argv[2];
    for (int i = 3; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--")) {
            o.kiosk_args.assign(argv + i + 1, argv + argc);
            break;
        }
        if (argv[i][0] == '-' && argv[i][1] == '-' && i + 1 < argc) {
            o.named[argv[i] + 2] = argv[i + 1];
            ++i;
        }
    }
    if (mode == "start") return start(o);
    if (mode == "session") return session(o);
    if (mode == "article") return article(o);
    if (mode == "callgrind") return callgrind(o);
    return std::fprintf(stderr, "bench_kiosk: unknown mode %s\n", mode.c_str()), 2;
}
