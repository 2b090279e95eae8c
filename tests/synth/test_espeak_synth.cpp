// EspeakSynth against the real libespeak-ng: audio, cancelling, parameters, the one-instance
// rule, phonemes and the crash token. Audio is not bit-identical between runs, so only durations
// and energy are asserted; nothing here measures wall-clock time.
#include "support/subprocess.hpp"
#include "synth/synthesizer.hpp"
#include "synth_test_util.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

using namespace lectern;
using namespace lectern::synth;
using lectern::synth_test::Recorder;

namespace {

std::unique_ptr<Synthesizer> espeak() {
    auto synth = make_espeak_synth();
    REQUIRE_MESSAGE(synth.ok(), (synth.ok() ? "" : synth.error().message));
    return std::move(*synth);
}

Recorder speak(Synthesizer& synth, std::string_view text, bool ssml = false) {
    Recorder rec;
    const auto status = synth.synthesize(text, ssml, rec);
    REQUIRE_MESSAGE(status.ok(), (status.ok() ? "" : status.error().message));
    CHECK(*status == SynthStatus::completed);
    return rec;
}

double seconds(const Recorder& rec, int rate) {
    return static_cast<double>(rec.pcm.size()) / rate;
}

const std::string kLong =
    "Please take a seat in the waiting room. The nurse will call your name when "
    "the doctor is ready to see you, which may take some time today.";

} // namespace

TEST_CASE("eSpeak NG speaks at 22050 Hz") {
    CHECK(espeak()->sample_rate() == 22050);
}

TEST_CASE("Hello world. gives audible speech of plausible length") {
    auto synth = espeak();
    const Recorder rec = speak(*synth, "Hello world.");
    const double s = seconds(rec, synth->sample_rate());
    CHECK(s > 0.4); // about 0.75 s at 175 wpm
    CHECK(s < 2.0);
    CHECK(synth_test::rms(rec.pcm) > 300);
    CHECK(synth_test::peak(rec.pcm) > 3000);
    CHECK(rec.chunks.size() > 1); // chunked, not one block at the end
}

TEST_CASE("word marks for Hello world. in plain text and SSML") {
    auto synth = espeak();
    const std::string plain = "Hello world.";
    const Recorder a = speak(*synth, plain);
    synth_test::check_marks(plain, a.marks, {"Hello", "world"});
    CHECK(a.marks[0].frame < 2000);
    CHECK(a.marks[1].frame > 3000); // "Hello" takes about 0.3 s
    CHECK(a.marks[1].frame < a.pcm.size());
    const std::string ssml = "<speak>Hello world.</speak>";
    const Recorder b = speak(*synth, ssml, true);
    synth_test::check_marks(ssml, b.marks, {"Hello", "world"});
    // Frames count from the start of each call (eSpeak's `sample` restarts per synthesis).
    CHECK(b.marks[0].frame < 2000);
}

TEST_CASE("marks arrive before the audio they start in") {
    auto synth = espeak();
    const Recorder rec = speak(*synth, kLong);
    REQUIRE(rec.marks.size() >= 20);
    for (std::size_t i = 0; i < rec.marks.size(); ++i) {
        CHECK(rec.marks[i].frame >= rec.frames_before_mark[i]);
        CHECK(rec.marks[i].frame <= rec.pcm.size());
    }
}

TEST_CASE("returning false from on_audio cancels within that chunk") {
    auto synth = espeak();
    for (std::size_t chunk : {1u, 3u}) {
        Recorder rec;
        rec.cancel_on_chunk = chunk;
        const auto status = synth->synthesize(kLong, false, rec);
        REQUIRE(status.ok());
        CHECK(*status == SynthStatus::cancelled);
        CHECK(rec.chunks.size() == chunk); // nothing at all after the refusing chunk
    }
    // A cancelled synthesis leaves nothing behind: the next one is whole, and phonemes are
    // right (eSpeak NG would otherwise read a left-over character first: "T'EloU").
    const Recorder again = speak(*synth, "Hello world.");
    synth_test::check_marks("Hello world.", again.marks, {"Hello", "world"});
    CHECK(seconds(again, 22050) > 0.4);
    Recorder rec;
    rec.cancel_on_chunk = 2;
    REQUIRE(synth->synthesize(kLong, true, rec).ok());
    CHECK(*synth->phonemes("hello") == "h@l'oU");
}

TEST_CASE("an exception thrown by the output becomes an error, not a crash") {
    auto synth = espeak();
    Recorder rec;
    rec.throw_on_chunk = 2;
    const auto status = synth->synthesize(kLong, false, rec);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message.find("output exploded") != std::string::npos);
    CHECK(rec.chunks.size() == 2);
    CHECK(speak(*synth, "Still here.").pcm.size() > 0);
}

TEST_CASE("empty and blank text complete without audio or marks") {
    auto synth = espeak();
    for (const char* text : {"", "   ", "<speak></speak>"}) {
        const Recorder rec = speak(*synth, text, text[0] == '<');
        CHECK(rec.marks.empty());
        CHECK(synth_test::rms(rec.pcm) < 50);
    }
}

TEST_CASE("speech rate changes duration and volume changes energy") {
    auto synth = espeak();
    SynthParams p = synth->params();
    p.rate_wpm = 80;
    REQUIRE(synth->configure(p).ok());
    const Recorder slow = speak(*synth, kLong);
    p.rate_wpm = 300;
    REQUIRE(synth->configure(p).ok());
    const Recorder fast = speak(*synth, kLong);
    const double ratio =
        static_cast<double>(slow.pcm.size()) / static_cast<double>(fast.pcm.size());
    INFO("80 wpm / 300 wpm duration ratio: " << ratio);
    CHECK(ratio > 2.0); // 3.75 nominal; eSpeak NG gives about 3.4
    CHECK(ratio < 5.0);
    CHECK(slow.marks.size() == fast.marks.size());

    p.rate_wpm = 175;
    p.volume = 50;
    REQUIRE(synth->configure(p).ok());
    const double quiet = synth_test::rms(speak(*synth, kLong).pcm);
    p.volume = 200;
    REQUIRE(synth->configure(p).ok());
    const double loud = synth_test::rms(speak(*synth, kLong).pcm);
    CHECK(loud > 2.0 * quiet);
}

TEST_CASE("unknown voices and out-of-range values are errors that change nothing") {
    auto synth = espeak();
    const SynthParams before = synth->params();
    const auto check_refused = [&](SynthParams p, std::string_view value, std::string_view range) {
        const auto r = synth->configure(p);
        REQUIRE_FALSE(r.ok());
        INFO(r.error().message);
        CHECK(r.error().message.find(value) != std::string::npos);
        CHECK(r.error().message.find(range) != std::string::npos);
        CHECK(synth->params().voice == before.voice);
        CHECK(synth->params().rate_wpm == before.rate_wpm);
        CHECK(synth->params().pitch == before.pitch);
        CHECK(synth->params().volume == before.volume);
    };
    SynthParams p = before;
    p.voice = "xx-nowhere";
    check_refused(p, "xx-nowhere", "espeak-ng --voices");
    p.voice = "en-uk"; // a near miss: the message suggests the real ones
    check_refused(p, "en-uk", "en-us");
    p = before;
    p.rate_wpm = 79;
    check_refused(p, "79", "80..450");
    p.rate_wpm = 451;
    check_refused(p, "451", "80..450");
    p = before;
    p.pitch = 101;
    check_refused(p, "101", "0..100");
    p = before;
    p.volume = -1;
    check_refused(p, "-1", "0..200");
    p = before;
    p.voice = "";
    check_refused(p, "voice", "en-us");
    // Still speaking English after all that.
    CHECK(*synth->phonemes("hello") == "h@l'oU");
}

TEST_CASE("only one eSpeak NG synthesiser may exist at a time") {
    {
        auto first = espeak();
        auto second = make_espeak_synth();
        REQUIRE_FALSE(second.ok());
        CHECK(second.error().message.find("already in use") != std::string::npos);
        CHECK(speak(*first, "Fine.").pcm.size() > 0);
    }
    auto again = espeak(); // the first one is gone: allowed again, on the same engine
    CHECK(speak(*again, "Fine again.").pcm.size() > 0);
    const auto bad = make_espeak_synth(0);
    REQUIRE_FALSE(bad.ok()); // and a bad buffer size is refused before anything else
}

TEST_CASE("phonemes: eSpeak mnemonics, stable, every clause, per voice") {
    auto synth = espeak();
    CHECK(*synth->phonemes("hello") == "h@l'oU");
    CHECK(*synth->phonemes("hello") == "h@l'oU");
    CHECK(*synth->phonemes("Hello world. Second sentence, here.") ==
          "h@l'oU w'3:ld s'Ek@nd s'Ent@ns h'i@3");
    CHECK(synth->phonemes("")->empty());
    // DESIGN.md §4: "IV" is read "roman four" (the normaliser's lexicon must deal with it).
    CHECK(synth->phonemes("IV")->find("r,oUm@n") != std::string::npos);
    SynthParams p = synth->params();
    p.voice = "es";
    REQUIRE(synth->configure(p).ok());
    const std::string hola = *synth->phonemes("hola");
    CHECK_FALSE(hola.empty());
    CHECK(hola != *make_fake_synth()->phonemes("hola"));
    CHECK(speak(*synth, "Buenos días.").pcm.size() > 0);
}

// Some behaviour can only be seen in a fresh process, or would kill this one: those tests re-run
// this executable on their own test case, with LECTERN_SYNTH_CHILD saying what the child does.
// A child that did its part exits with kChildDone, so a filter that matched nothing (exit 0)
// cannot pass for a result.
namespace {

constexpr int kChildDone = 42;

bool is_child(std::string_view role) {
    const char* child = std::getenv("LECTERN_SYNTH_CHILD");
    return child != nullptr && role == child;
}

lectern::test::RunResult run_child(std::string_view test_case, std::string_view role,
                                   std::map<std::string, std::string> env = {}) {
    env["LECTERN_SYNTH_CHILD"] = std::string(role);
    env["LIBC_FATAL_STDERR_"] = "1"; // glibc's fatal messages to stderr, not to a terminal
    auto run = lectern::test::run(
        {"/proc/self/exe", "--test-case=" + std::string(test_case), "--no-version=true"}, {},
        std::chrono::seconds(120), env);
    INFO("child stderr: " << run.err);
    REQUIRE_FALSE(run.timed_out);
    return run;
}

} // namespace

TEST_CASE("eSpeak NG failing to start is an error, not exit(1)") {
    if (is_child("init-failure")) {
        const auto synth = make_espeak_synth();
        const bool refused =
            !synth.ok() && synth.error().message.find("could not start") != std::string::npos;
        std::_Exit(refused ? kChildDone : 2);
    }
    // eSpeak NG uses ESPEAK_DATA_PATH when that folder has an espeak-ng-data folder: an empty one
    // makes espeak_Initialize fail, and with espeakINITIALIZE_DONT_EXIT it returns 0.
    const std::string data = lectern::test::temp_dir("synth-empty-espeak-data");
    std::filesystem::create_directories(std::filesystem::path(data) / "espeak-ng-data");
    const auto run =
        run_child("eSpeak NG failing to start*", "init-failure", {{"ESPEAK_DATA_PATH", data}});
    INFO("child stderr: " << run.err);
    CHECK(run.exit_status == kChildDone);
}

// DESIGN.md §4: the token "s'" repeated 68 times aborts the whole process in libespeak-ng 1.51
// (Debian 12). It is a glibc _FORTIFY_SOURCE check failing inside the library ("*** buffer
// overflow detected ***: terminated", SIGABRT), not stack exhaustion: an unlimited stack still
// crashes, 67 repetitions do not, and "s’" or "'s" crash too, "a'" or "it's" do not. So it is
// never fed to the library in this process: a child process does it.
TEST_CASE("crash canary: s-apostrophe x68 aborts libespeak-ng in a child process") {
    std::string token;
    for (int i = 0; i < 68; ++i)
        token += "s'";
    if (is_child("crash-token")) {
        auto synth = make_espeak_synth();
        Recorder rec;
        const bool ok = synth.ok() && (*synth)->synthesize(token, false, rec).ok();
        std::_Exit(ok ? kChildDone : 3);
    }
    const auto run = run_child("crash canary*", "crash-token");
    REQUIRE(run.exit_status != 0); // 0: the child's filter matched no test
    if (run.exit_status == kChildDone) {
        // Fixed upstream in 2026; when the fix reaches the kiosk's Debian this starts to show.
        WARN_MESSAGE(false,
                     "libespeak-ng no longer aborts on s' x68: the crash defence may be relaxed");
    } else {
        INFO("child stderr: " << run.err);
        CHECK(run.exit_status == 128 + SIGABRT);
        CHECK(run.err.find("buffer overflow detected") != std::string::npos);
    }
    // Tokens cut to text::kMaxTokenBytes (40 bytes) by the normaliser are safe in-process.
    auto synth = espeak();
    CHECK(speak(*synth, token.substr(0, 40)).pcm.size() > 0);
    std::string escaped;
    for (int i = 0; i < 5; ++i)
        escaped += "s&apos;";
    CHECK(speak(*synth, "<speak>" + escaped + "</speak>", true).pcm.size() > 0);
}
