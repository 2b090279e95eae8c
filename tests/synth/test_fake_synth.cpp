// FakeSynth: deterministic audio and marks, chunking, cancelling, parameter checks.
#include "synth/synthesizer.hpp"
#include "synth_test_util.hpp"

#include <doctest/doctest.h>

using namespace lectern;
using namespace lectern::synth;
using lectern::synth_test::Recorder;

namespace {

Recorder run(Synthesizer& synth, std::string_view text, bool ssml = false) {
    Recorder rec;
    const auto status = synth.synthesize(text, ssml, rec);
    REQUIRE(status.ok());
    CHECK(*status == SynthStatus::completed);
    return rec;
}

} // namespace

TEST_CASE("fake synth is deterministic and chunked") {
    auto synth = make_fake_synth(441);
    CHECK(synth->sample_rate() == 22050);
    const Recorder a = run(*synth, "Hello big world.");
    const Recorder b = run(*synth, "Hello big world.");
    CHECK(a.pcm == b.pcm);
    REQUIRE(a.chunks.size() > 2);
    for (std::size_t i = 0; i + 1 < a.chunks.size(); ++i)
        CHECK(a.chunks[i] == 441);
    CHECK(a.chunks.back() <= 441);
    // Words of 5, 3 and 5 characters ("world." is "world"): 50 ms of tone per character, each
    // word rounded down to whole frames, and 100 ms of silence after each.
    CHECK(a.pcm.size() == 5512 + 3307 + 5512 + 3 * 2205);
    CHECK(synth_test::rms(a.pcm) > 1000);
}

TEST_CASE("fake synth marks: word starts, byte offsets, before their audio") {
    auto synth = make_fake_synth(100);
    const std::string text = "Caf\xC3\xA9 \xE2\x80\x9Cplan\xE2\x80\x9D ok.";
    const Recorder rec = run(*synth, text);
    synth_test::check_marks(text, rec.marks, {"Café", "plan", "ok"});
    CHECK(rec.marks[0].frame == 0);
    for (std::size_t i = 0; i < rec.marks.size(); ++i)
        CHECK(rec.marks[i].frame >= rec.frames_before_mark[i]);
    const std::string ssml = "<speak>Tom &amp; Jerry</speak>";
    synth_test::check_marks(ssml, run(*synth, ssml, true).marks, {"Tom", "&amp;", "Jerry"});
}

TEST_CASE("fake synth: rate scales duration, cancel stops at once") {
    auto synth = make_fake_synth();
    SynthParams p;
    p.rate_wpm = 350;
    REQUIRE(synth->configure(p).ok());
    const std::size_t fast = run(*synth, "one two three").pcm.size();
    p.rate_wpm = 175;
    REQUIRE(synth->configure(p).ok());
    const std::size_t normal = run(*synth, "one two three").pcm.size();
    CHECK(normal == doctest::Approx(2.0 * fast).epsilon(0.01));

    Recorder rec;
    rec.cancel_on_chunk = 2;
    const auto status = synth->synthesize("a long sentence with many words in it", false, rec);
    REQUIRE(status.ok());
    CHECK(*status == SynthStatus::cancelled);
    CHECK(rec.chunks.size() == 2);
}

TEST_CASE("fake synth checks ranges like the real one and keeps its parameters on error") {
    auto synth = make_fake_synth();
    SynthParams p;
    p.rate_wpm = 500;
    const auto r = synth->configure(p);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("500") != std::string::npos);
    CHECK(r.error().message.find("80..450") != std::string::npos);
    CHECK(synth->params().rate_wpm == 175);
    CHECK(*synth->phonemes("Hello, World!") == "hello world");
}
