// Killing the speech worker over and over: SIGKILL, SIGSEGV and SIGSTOP, each while it is idle
// and while it is speaking (alternately). After every kill the call that meets the dead or stopped
// worker fails, and the next sentence is read by a fresh worker. At the end: no zombie and no
// other child than the one worker, and this process's descriptors, threads and memory have not
// grown.
//
// Scale: the suite runs 1,000 kills in total (LECTERN_WORKER_KILLS unset); scripts/worker-kills.sh
// sets LECTERN_WORKER_KILLS=1000 for 1,000 of EACH signal. SIGSTOP costs the hang timeout per
// kill, so that loop uses a shorter one (250 ms) than the kiosk's 1 s; the 1 s path has its own
// test in test_worker_synth.cpp.
#include "worker_test_util.hpp"

#include "core/log.hpp"

#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <string>

using namespace lectern;
using namespace lectern::synth;
using namespace lectern::worker_test;

namespace {

/// Sends `sig` to the worker when the first chunk of audio arrives (the worker is mid-sentence).
struct SignalOnFirstChunk final : SynthOutput {
    int pid = -1;
    int sig = 0;
    std::size_t frames = 0;
    bool on_audio(std::span<const Sample> pcm) override {
        if (frames == 0 && pid > 0) ::kill(pid, sig);
        frames += pcm.size();
        return true;
    }
    void on_word(const WordMark&) override {}
};

int kills_per_signal(int suite_share) {
    const char* env = std::getenv("LECTERN_WORKER_KILLS");
    return env ? std::atoi(env) : suite_share;
}

/// One kill and the recovery from it; returns how many calls failed (1 expected).
void kill_once(WorkerSynth& synth, int sig, bool mid_sentence) {
    const int pid = synth.stats().pid;
    REQUIRE(pid > 0);
    SignalOnFirstChunk out;
    if (mid_sentence) {
        out.pid = pid;
        out.sig = sig;
    } else {
        REQUIRE(::kill(pid, sig) == 0);
    }
    auto r = synth.synthesize("Please take a seat in the waiting room.", false, out);
    if (r.ok()) { // the whole sentence was sent before the signal landed: the next call meets it
        REQUIRE(mid_sentence);
        SignalOnFirstChunk again;
        r = synth.synthesize("Please take a seat.", false, again);
    }
    REQUIRE_FALSE(r.ok());
    REQUIRE(synth.stats().pid != pid);
    SignalOnFirstChunk next;
    const auto fine = synth.synthesize("Thank you.", false, next);
    REQUIRE_MESSAGE(fine.ok(), (fine.ok() ? "" : fine.error().message));
    REQUIRE(next.frames > 0);
}

} // namespace

TEST_CASE("worker kill loop: SIGKILL SIGSEGV and SIGSTOP all recovered and nothing leaks") {
    // A sanitizer build's child would catch SIGSEGV and write a report before dying (slow enough
    // to look like a hang); a kiosk build dies at once. Children spawned from here on do that.
    struct AsanOptions { // restored afterwards, for the children of other tests
        const char* previous = std::getenv("ASAN_OPTIONS");
        std::string saved = previous ? previous : "";
        AsanOptions() { ::setenv("ASAN_OPTIONS", (saved + ":handle_segv=0").c_str(), 1); }
        ~AsanOptions() {
            if (previous)
                ::setenv("ASAN_OPTIONS", saved.c_str(), 1);
            else
                ::unsetenv("ASAN_OPTIONS");
        }
    } asan_options;
    WorkerOptions options = host();
    options.quiet = true; // a sanitizer build would print a report per SIGSEGV
    options.hang_timeout = std::chrono::milliseconds(250);
    auto synth = make(options);
    // The parent logs one line per restart; count them here rather than print a thousand.
    std::size_t logged = 0;
    struct RestoreSink {
        log::Sink previous;
        ~RestoreSink() { log::set_sink(std::move(previous)); } // also when a REQUIRE ends the test
    } restore{log::set_sink([&](log::Level, std::string_view line) {
        if (line.find("speech worker") != std::string_view::npos) ++logged;
    })};

    // Warm up: the first kill and restart of each kind allocate what later ones reuse.
    for (int sig : {SIGKILL, SIGSEGV, SIGSTOP})
        kill_once(*synth, sig, false);
    const Resources start = resources();
    const auto before = synth->stats();

    struct Plan {
        int sig;
        const char* name;
        int count;
    };
    const Plan plans[] = {{SIGKILL, "SIGKILL", kills_per_signal(400)},
                          {SIGSEGV, "SIGSEGV", kills_per_signal(400)},
                          {SIGSTOP, "SIGSTOP", kills_per_signal(200)}};
    for (const Plan& plan : plans) {
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < plan.count; ++i) {
            kill_once(*synth, plan.sig, i % 2 == 1);
            if (i % 100 == 99) REQUIRE(one_live_worker()); // no zombie, no stopped worker
        }
        MESSAGE(std::string(plan.name)
                << ": " << plan.count << " kills survived in " << ms_since(t0) / 1000 << " s");
    }

    const Resources end = resources();
    const auto after = synth->stats();
    MESSAGE("fds " << start.fds << " -> " << end.fds << ", threads " << start.threads << " -> "
                   << end.threads << ", VmRSS " << start.rss_kb << " kB -> " << end.rss_kb
                   << " kB, heap " << start.heap_bytes << " -> " << end.heap_bytes
                   << " bytes; worker starts " << after.starts - before.starts << ", crashes "
                   << after.crashes - before.crashes << ", hangs " << after.hangs - before.hangs);
    int total = 0;
    for (const Plan& plan : plans)
        total += plan.count;
    CHECK(after.starts - before.starts == static_cast<std::uint64_t>(total));
    CHECK(after.failed_starts == 0);
    CHECK(logged == static_cast<std::size_t>(total) + 3); // the warm-up's three as well
    CHECK(one_live_worker());
    CHECK(end.fds == start.fds);
    CHECK(end.threads == start.threads);
    // A leak of even one audio chunk (2 kB) per kill would be 2 MB over 1,000 kills.
    CHECK(end.heap_bytes < start.heap_bytes + 64 * 1024);
    // The sanitizers' quarantine and shadow memory grow RSS by design.
    if (!kSanitizerAllocator) CHECK(end.rss_kb - start.rss_kb < 1024);
}
