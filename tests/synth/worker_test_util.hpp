// Helpers for the speech worker tests: making a WorkerSynth on the test host binary, and reading
// this process's resources and children from /proc. Test thread only.
#pragma once

#include "synth/worker.hpp"
#include "synth_test_util.hpp"

#include <doctest/doctest.h>

#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace lectern::worker_test {

/// Options that run tests/synth/worker_host.cpp as the worker, with `args` as its options.
inline synth::WorkerOptions host(std::vector<std::string> args = {}) {
    synth::WorkerOptions o;
    o.executable = LECTERN_WORKER_HOST;
    o.args = std::move(args);
    return o;
}

inline std::unique_ptr<synth::WorkerSynth> make(synth::WorkerOptions options) {
    auto synth = synth::WorkerSynth::create(std::move(options));
    REQUIRE_MESSAGE(synth.ok(), (synth.ok() ? "" : synth.error().message));
    return std::move(*synth);
}

inline synth_test::Recorder speak(synth::Synthesizer& synth, std::string_view text) {
    synth_test::Recorder rec;
    const auto status = synth.synthesize(text, false, rec);
    REQUIRE_MESSAGE(status.ok(), (status.ok() ? "" : status.error().message));
    CHECK(*status == synth::SynthStatus::completed);
    return rec;
}

inline double ms_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

/// What the kill tests watch for growth.
struct Resources {
    std::size_t fds = 0;
    long threads = 0;
    long rss_kb = 0;
    std::size_t heap_bytes = 0; ///< allocated and not freed (a leak shows here first)
};

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LECTERN_SANITIZER_ALLOCATOR 1
// From the sanitizer runtimes (GCC 12 ships no <sanitizer/allocator_interface.h>).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
inline constexpr bool kSanitizerAllocator = true;
#else
inline constexpr bool kSanitizerAllocator = false;
#endif

/// Live heap bytes. Under AddressSanitizer RSS includes its quarantine of freed blocks (up to
/// 256 MB) and ThreadSanitizer's its shadow memory, and neither feeds mallinfo: their allocator's
/// own count is the one that means something there.
inline std::size_t heap_bytes() {
#if defined(LECTERN_SANITIZER_ALLOCATOR)
    return __sanitizer_get_current_allocated_bytes();
#else
    return mallinfo2().uordblks;
#endif
}

inline long status_field(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
    return -1;
}

inline Resources resources() {
    Resources r;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd"))
        ++r.fds;
    r.threads = status_field("Threads");
    r.rss_kb = status_field("VmRSS");
    r.heap_bytes = heap_bytes();
    return r;
}

/// This process's children by state letter (R, S, T, Z, ...), from /proc/<pid>/stat.
inline std::string children_states() {
    std::string states;
    const pid_t self = getpid();
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
        const std::string name = e.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(e.path() / "stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto close = stat.rfind(')'); // the command name may hold spaces and parentheses
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        char state = 0;
        long ppid = 0;
        rest >> state >> ppid;
        if (ppid == self) states += state;
    }
    return states;
}

/// Exactly one child, alive and not stopped (running or sleeping): the current worker. No zombie,
/// no stopped or leftover worker.
inline bool one_live_worker() {
    const std::string s = children_states();
    return s == "S" || s == "R";
}

} // namespace lectern::worker_test
