// WorkerSynth with real eSpeak NG in a child process: it speaks like the in-process synthesiser
// (audio, marks, phonemes, configure, cancel), and a crash or hang in the child costs one call:
// the crash token fed straight to synthesize() (past the normaliser), a worker that goes silent,
// a worker that cannot start. Detection times are measured: the issue asks for under a second.
#include "worker_test_util.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>

using namespace lectern;
using namespace lectern::synth;
using lectern::synth_test::Recorder;
using namespace lectern::worker_test;
using Time = std::chrono::steady_clock;

namespace {

std::string crash_token() {
    std::string token;
    for (int i = 0; i < 68; ++i)
        token += "s'";
    return token;
}

} // namespace

TEST_CASE("the worker speaks: audio, word marks, phonemes") {
    auto synth = make(host());
    CHECK(synth->sample_rate() == 22050);
    CHECK(synth->stats().pid > 0);
    const std::string text = "Hello world, this is the worker.";
    const Recorder rec = speak(*synth, text);
    CHECK(rec.pcm.size() > 22050 / 2);
    CHECK(synth_test::rms(rec.pcm) > 300);
    CHECK(rec.chunks.size() > 1); // streamed chunk by chunk, not as one block at the end
    synth_test::check_marks(text, rec.marks, {"Hello", "world", "this", "is", "the", "worker"});
    CHECK(*synth->phonemes("hello") == "h@l'oU");
}

TEST_CASE("configure goes to the worker: rates change the length, a bad voice is refused") {
    auto synth = make(host());
    const std::string text = "One two three four five six seven eight.";
    SynthParams p = synth->params();
    p.rate_wpm = 120;
    REQUIRE(synth->configure(p).ok());
    const auto slow = speak(*synth, text).pcm.size();
    p.rate_wpm = 360;
    REQUIRE(synth->configure(p).ok());
    const auto fast = speak(*synth, text).pcm.size();
    CHECK(fast * 2 < slow);
    CHECK(synth->params().rate_wpm == 360);

    SynthParams bad = p;
    bad.voice = "xx-nonsense";
    const auto r = synth->configure(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("xx-nonsense") != std::string::npos);
    CHECK(synth->params().voice == p.voice); // unchanged
    bad = p;
    bad.rate_wpm = 20;
    CHECK_FALSE(synth->configure(bad).ok()); // range-checked before it reaches the worker
}

TEST_CASE("cancel: on_audio returning false stops the worker within one chunk") {
    auto synth = make(host());
    Recorder rec;
    rec.cancel_on_chunk = 2;
    std::string long_text;
    for (int i = 0; i < 20; ++i)
        long_text += "The nurse will call your name when ready. ";
    const auto start = Time::now();
    const auto status = synth->synthesize(long_text, false, rec);
    REQUIRE(status.ok());
    CHECK(*status == SynthStatus::cancelled);
    CHECK(rec.chunks.size() == 2);
    MESSAGE("cancelled synthesis returned after " << ms_since(start) << " ms");
    CHECK(synth->stats().hangs == 0); // answered the cancel, was not killed
    CHECK(synth->stats().starts == 1);
    // What an aborted synthesis leaves behind does not leak into the next calls.
    CHECK(*synth->phonemes("hello") == "h@l'oU");
    synth_test::check_marks("Good morning.", speak(*synth, "Good morning.").marks,
                            {"Good", "morning"});
}

TEST_CASE("an exception from the output is an error for that call only") {
    auto synth = make(host());
    Recorder rec;
    rec.throw_on_chunk = 1;
    const auto r = synth->synthesize("Hello there, how are you today?", false, rec);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("output exploded") != std::string::npos);
    CHECK(speak(*synth, "Still here.").pcm.size() > 0);
}

TEST_CASE("the crash token fed past the normaliser kills only the worker") {
    auto synth = make(host());
    SynthParams p = synth->params();
    p.rate_wpm = 300;
    REQUIRE(synth->configure(p).ok());
    const auto before = speak(*synth, "Please take a seat.").pcm.size();
    const int first = synth->stats().pid;

    Recorder rec;
    const auto start = Time::now();
    const auto r = synth->synthesize(crash_token(), false, rec);
    const double took = ms_since(start);
    REQUIRE_FALSE(r.ok());
    MESSAGE("crash noticed and worker restarted in " << took << " ms: " << r.error().message);
    CHECK(took < 1000);
    CHECK(r.error().message.find("signal 6") != std::string::npos); // SIGABRT from _FORTIFY
    CHECK(r.error().message.find("restarted") != std::string::npos);
    const auto stats = synth->stats();
    CHECK(stats.crashes == 1);
    CHECK(stats.starts == 2);
    CHECK(stats.pid != first);
    CHECK(one_live_worker()); // the new worker; the old one reaped

    // The next sentence reads fine, at the rate configured before the crash.
    const std::string text = "Please take a seat.";
    const Recorder after = speak(*synth, text);
    synth_test::check_marks(text, after.marks, {"Please", "take", "a", "seat"});
    CHECK(after.pcm.size() > before * 8 / 10);
    CHECK(after.pcm.size() < before * 12 / 10);
    CHECK(synth->params().rate_wpm == 300);
}

TEST_CASE("a worker that goes silent is killed and replaced within the hang timeout") {
    auto synth = make(host({"--hang-on", "HANGME"}));
    Recorder rec;
    const auto start = Time::now();
    const auto r = synth->synthesize("Please HANGME now and for ever.", false, rec);
    const double took = ms_since(start);
    REQUIRE_FALSE(r.ok());
    MESSAGE("hang noticed in " << took << " ms: " << r.error().message);
    CHECK(took >= 900); // WorkerOptions::hang_timeout
    // Noticed at 900 ms and replaced a few ms later on a PC; the margin is for sanitizer builds
    // and qemu-aarch64, where starting eSpeak NG again takes ~200 ms.
    CHECK(took < 1500);
    CHECK(r.error().message.find("stopped responding") != std::string::npos);
    CHECK(rec.chunks.size() == 1); // what came before the hang was delivered
    CHECK(synth->stats().hangs == 1);
    CHECK(speak(*synth, "Next sentence.").pcm.size() > 0);
    CHECK(one_live_worker());
}

TEST_CASE("SIGSTOP on an idle worker: the next call notices within a second") {
    auto synth = make(host());
    REQUIRE(::kill(synth->stats().pid, SIGSTOP) == 0);
    Recorder rec;
    const auto start = Time::now();
    const auto r = synth->synthesize("Are you there?", false, rec);
    const double took = ms_since(start);
    REQUIRE_FALSE(r.ok());
    MESSAGE("stopped worker noticed in " << took << " ms");
    CHECK(took < 1500);
    CHECK(speak(*synth, "Yes.").pcm.size() > 0);
    CHECK(one_live_worker());
}

TEST_CASE("a worker that cannot start is an error naming the reason") {
    auto failed = WorkerSynth::create(host({"--fail-start", "eSpeak NG data is missing"}));
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().message == "eSpeak NG data is missing");

    auto exited = WorkerSynth::create(host({"--exit-at-start"}));
    REQUIRE_FALSE(exited.ok());
    CHECK(exited.error().message.find("exited with status 7") != std::string::npos);

    WorkerOptions missing;
    missing.executable = "/nonexistent/lectern";
    auto none = WorkerSynth::create(missing);
    REQUIRE_FALSE(none.ok());
    // posix_spawn reports the failed exec; under qemu-user (the arm64 suite) the child exits 127.
    CHECK(none.error().message.find("/nonexistent/lectern") != std::string::npos);
    CHECK(children_states().empty()); // every failed start reaped
}

TEST_CASE("the worker inherits no stray descriptors and is reaped by the destructor") {
    int leaky[2];
    REQUIRE(::pipe(leaky) == 0); // deliberately without O_CLOEXEC, as careless code might
    int pid = -1;
    {
        auto synth = make(host());
        pid = synth->stats().pid;
        std::vector<int> fds;
        for (const auto& e :
             std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
            fds.push_back(std::stoi(e.path().filename().string()));
        std::sort(fds.begin(), fds.end());
        CHECK(fds == std::vector<int>{0, 1, 2, 3});
    }
    errno = 0;
    CHECK(::waitpid(pid, nullptr, WNOHANG) == -1); // not our child any more: reaped
    CHECK(errno == ECHILD);
    CHECK(children_states().empty());
    ::close(leaky[0]);
    ::close(leaky[1]);
}
