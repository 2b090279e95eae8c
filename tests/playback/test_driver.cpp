// The playback driver with a fake synthesiser and a device simulated by this test (it calls
// OutputEngine::render itself), so what counts as "played" is under the test's control.
#include "audio/output_engine.hpp"
#include "playback/driver.hpp"
#include "playback/reading.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using namespace lectern;
using namespace lectern::playback;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<const content::Article> make_article() {
    auto a = std::make_shared<content::Article>();
    a->title = "Test";
    const auto sentence = [](std::string t, std::size_t paragraph) {
        content::Sentence s;
        s.text = std::move(t);
        s.paragraph = paragraph;
        return s;
    };
    a->sections.push_back({"Test", {}, {sentence("One two three.", 0), sentence("Four five.", 1)}});
    a->sections.push_back({"Second part", {}, {sentence("Six seven eight nine.", 0)}});
    a->sections.push_back({"Third part", {}, {sentence("Ten.", 0), sentence("Eleven twelve.", 0)}});
    return a;
}

synth::VoiceProfile voice() {
    synth::VoiceProfile v;
    v.params.rate_wpm = 175;
    v.sentence_pause_ms = 100;
    v.paragraph_pause_ms = 200;
    v.heading_pause_ms = 150;
    return v;
}

/// Collects events and lets the test wait for one.
struct Recorder {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<Event> events;

    void operator()(const Event& e) {
        {
            std::lock_guard lock(mutex);
            events.push_back(e);
        }
        cv.notify_all();
    }
    template <class Pred> bool wait_for(Pred pred, std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, timeout,
                           [&] { return std::any_of(events.begin(), events.end(), pred); });
    }
    std::vector<Event> of(EventType t) {
        std::lock_guard lock(mutex);
        std::vector<Event> out;
        for (const auto& e : events)
            if (e.type == t) out.push_back(e);
        return out;
    }
};

/// Renders `frames` in device-sized buffers, returning what came out.
std::vector<Sample> play(audio::OutputEngine& engine, std::size_t frames) {
    std::vector<Sample> out(frames);
    for (std::size_t done = 0; done < frames; done += 256)
        engine.render(out.data() + done, std::min<std::size_t>(256, frames - done));
    return out;
}

struct Rig {
    std::shared_ptr<const content::Article> article = make_article();
    std::unique_ptr<synth::Synthesizer> synth = synth::make_fake_synth();
    audio::OutputEngine engine{22050, 1 << 16};
    Recorder recorder;
    std::unique_ptr<Driver> driver;

    Rig() {
        DriverOptions o;
        o.voice = voice();
        o.lookahead_ms = 500;
        driver = std::make_unique<Driver>(article, *synth, engine, o, std::ref(recorder));
        driver->start();
        REQUIRE(recorder.wait_for([](const Event& e) { return e.type == EventType::ready; }));
    }
    void send(CommandId id, int arg = 0) { driver->post(Command{id, arg, {}}); }
    /// Renders until the driver has queued something (or a timeout).
    void wait_for_audio() {
        for (int i = 0; i < 500 && engine.frames_written() == engine.frames_played(); ++i)
            std::this_thread::sleep_for(1ms);
    }
};

} // namespace

TEST_CASE("positions are reported from what was played, not from what was synthesised") {
    Rig rig;
    rig.send(CommandId::play);
    rig.wait_for_audio();
    std::this_thread::sleep_for(50ms); // let synthesis run ahead
    CHECK(rig.engine.frames_written() > 0);
    // Nothing has been played yet, so nothing has been heard.
    CHECK(rig.recorder.of(EventType::section).empty());
    CHECK(rig.recorder.of(EventType::sentence).empty());
    play(rig.engine, 256);
    REQUIRE(rig.recorder.wait_for([](const Event& e) { return e.type == EventType::section; }));
    CHECK(rig.recorder.of(EventType::section)[0].section == 1);
    CHECK(rig.recorder.of(EventType::sentence).empty()); // still on the heading
    CHECK(rig.driver->state().cursor == Cursor{0, 0});
}

TEST_CASE("the whole article plays through to finished, every item heard in order") {
    Rig rig;
    rig.send(CommandId::play);
    for (int i = 0; i < 4000 && rig.recorder.of(EventType::state).size() < 2; ++i) {
        play(rig.engine, 2048);
        std::this_thread::sleep_for(1ms);
    }
    const auto states = rig.recorder.of(EventType::state);
    REQUIRE(states.size() == 2);
    CHECK(states[0].state == PlayState::playing);
    CHECK(states[1].state == PlayState::finished);
    const auto sections = rig.recorder.of(EventType::section);
    REQUIRE(sections.size() == 3);
    CHECK(sections[1].heading == "Second part");
    const auto sentences = rig.recorder.of(EventType::sentence);
    REQUIRE(sentences.size() == 5);
    CHECK(sentences[0].text == "One two three.");
    CHECK(sentences[4].text == "Eleven twelve.");
    CHECK(sentences[4].section == 3);
    CHECK(sentences[4].sentence == 2);
    // Word events point into their sentence's text.
    const auto words = rig.recorder.of(EventType::word);
    REQUIRE(words.size() >= 12);
    for (const auto& w : words)
        CHECK(w.text.find(' ') == std::string::npos);
    // (No underrun check here: this test's device runs far faster than real time.)
    CHECK(rig.recorder.of(EventType::error).empty());
}

TEST_CASE("pause keeps the place, play resumes without losing a sample") {
    Rig rig;
    rig.send(CommandId::play);
    rig.wait_for_audio();
    play(rig.engine, 22050 / 2);
    rig.send(CommandId::pause);
    REQUIRE(rig.recorder.wait_for(
        [](const Event& e) { return e.type == EventType::state && e.state == PlayState::paused; }));
    const auto before = rig.engine.frames_played();
    const auto silent = play(rig.engine, 4096); // the ramp, then silence
    REQUIRE(rig.recorder.wait_for([](const Event& e) { return e.type == EventType::paused; }));
    CHECK(std::all_of(silent.end() - 2048, silent.end(), [](Sample s) { return s == 0; }));
    const auto after_ramp = rig.engine.frames_played();
    play(rig.engine, 4096);
    CHECK(rig.engine.frames_played() == after_ramp); // paused: nothing consumed
    CHECK(after_ramp - before < 22050 / 50);         // the ramp is short
    // Resume: count events, since the first play already produced a "playing" state and an
    // audio_start answering "play".
    const auto count = [&](EventType t) { return rig.recorder.of(t).size(); };
    const std::size_t starts_before = count(EventType::audio_start);
    rig.send(CommandId::play);
    for (int i = 0; i < 2000 && count(EventType::audio_start) == starts_before; ++i) {
        play(rig.engine, 256);
        std::this_thread::sleep_for(1ms);
    }
    REQUIRE(count(EventType::audio_start) > starts_before);
    CHECK(rig.recorder.of(EventType::audio_start).back().command == "play");
    CHECK(rig.engine.frames_played() > after_ramp);
}

TEST_CASE("navigation flushes queued audio and reads the new place") {
    Rig rig;
    rig.send(CommandId::play);
    rig.wait_for_audio();
    play(rig.engine, 1024);
    REQUIRE(rig.recorder.wait_for([](const Event& e) { return e.type == EventType::section; }));
    rig.send(CommandId::goto_section, 3);
    for (int i = 0; i < 200 && rig.recorder.of(EventType::section).size() < 2; ++i) {
        play(rig.engine, 512);
        std::this_thread::sleep_for(1ms);
    }
    const auto sections = rig.recorder.of(EventType::section);
    REQUIRE(sections.size() == 2);
    CHECK(sections[1].section == 3);
    CHECK(sections[1].heading == "Third part");
    CHECK(rig.recorder.of(EventType::audio_start).size() >= 2);
    CHECK(rig.driver->state().cursor.section == 2);
}

TEST_CASE("refused commands are error events and change nothing") {
    Rig rig;
    rig.send(CommandId::goto_section, 9);
    REQUIRE(rig.recorder.wait_for([](const Event& e) { return e.type == EventType::error; }));
    CHECK(rig.recorder.of(EventType::error)[0].message == "there is no section 9; choose 1 to 3");
    CHECK(rig.driver->state().play == PlayState::stopped);
    rig.send(CommandId::louder);
    REQUIRE(rig.recorder.wait_for([](const Event& e) { return e.type == EventType::settings; }));
    CHECK(rig.recorder.of(EventType::settings)[0].volume == 80);
}

TEST_CASE("volume maps to gain in even 3 dB steps") {
    CHECK(gain_for_volume(0) == 0.0f);
    CHECK(gain_for_volume(100) == doctest::Approx(1.0));
    CHECK(gain_for_volume(90) == doctest::Approx(0.7079).epsilon(0.001));
    CHECK(gain_for_volume(50) / gain_for_volume(40) ==
          doctest::Approx(gain_for_volume(90) / gain_for_volume(80)));
}

TEST_CASE("render_article reads every item with the profile's pauses") {
    auto article = make_article();
    auto synth = synth::make_fake_synth();
    std::size_t frames = 0;
    auto r =
        render_article(*article, *synth, voice(), [&](std::span<const Sample> pcm) -> Result<void> {
            frames += pcm.size();
            return {};
        });
    REQUIRE(r.ok());
    // 3 headings (150 ms), sentences within a paragraph (100), across paragraphs/sections (200),
    // none at the end.
    const std::size_t pauses =
        ms_to_frames(150, 22050) * 3 + ms_to_frames(200, 22050) * 3 + ms_to_frames(100, 22050);
    CHECK(frames > pauses);
}

namespace {

/// The fake synthesiser, recording the texts it was asked to synthesise.
struct Counting final : synth::Synthesizer {
    synth::Synthesizer& inner;
    std::mutex mutex;
    std::vector<std::string> texts;
    explicit Counting(synth::Synthesizer& s) : inner(s) {}
    int sample_rate() const override { return inner.sample_rate(); }
    Result<void> configure(const synth::SynthParams& p) override { return inner.configure(p); }
    const synth::SynthParams& params() const override { return inner.params(); }
    Result<synth::SynthStatus> synthesize(std::string_view text, bool ssml,
                                          synth::SynthOutput& out) override {
        {
            std::lock_guard lock(mutex);
            texts.emplace_back(text);
        }
        return inner.synthesize(text, ssml, out);
    }
    Result<std::string> phonemes(std::string_view text) override { return inner.phonemes(text); }
    int times(std::string_view needle) {
        std::lock_guard lock(mutex);
        return static_cast<int>(std::count_if(texts.begin(), texts.end(), [&](const auto& t) {
            return t.find(needle) != std::string::npos;
        }));
    }
};

} // namespace

TEST_CASE("repeat is read from the audio already made, its words highlighted as the first time, "
          "a new speed makes it afresh") {
    auto fake = synth::make_fake_synth();
    Counting counting(*fake);
    audio::OutputEngine engine{22050, 1 << 16};
    Recorder recorder;
    DriverOptions o;
    o.voice = voice();
    o.lookahead_ms = 500;
    Driver driver(make_article(), counting, engine, o, std::ref(recorder));
    driver.start();
    const auto play_until = [&](auto done) {
        for (int i = 0; i < 5000 && !done(); ++i) {
            play(engine, 256);
            std::this_thread::sleep_for(200us);
        }
        return done();
    };
    const auto words_of = [&](int sentence) {
        std::vector<std::string> out;
        int current = -1;
        std::lock_guard lock(recorder.mutex);
        for (const auto& e : recorder.events) {
            if (e.type == EventType::sentence) current = e.sentence;
            if (e.type == EventType::word && current == sentence) out.push_back(e.text);
        }
        return out;
    };
    driver.post(Command{CommandId::play, 0, {}});
    // Into "Four five." (section 1, sentence 2), then repeat it.
    REQUIRE(play_until([&] { return words_of(2).size() >= 1; }));
    driver.post(Command{CommandId::repeat_sentence, 0, {}});
    REQUIRE(play_until([&] { return recorder.of(EventType::sentence).size() >= 3; }));
    REQUIRE(play_until([&] { return recorder.of(EventType::section).size() >= 2; }));
    const auto sentences = recorder.of(EventType::sentence);
    CHECK(sentences[1].text == "Four five.");
    CHECK(sentences[2].text == "Four five."); // heard again ...
    CHECK(counting.times("Four five") == 1);  // ... made once
    // Both times, each word was highlighted: "Four" then "five." once more.
    std::vector<std::string> words;
    {
        std::lock_guard lock(recorder.mutex);
        for (const auto& e : recorder.events)
            if (e.type == EventType::word && (e.text == "Four" || e.text.starts_with("five")))
                words.push_back(e.text);
    }
    CHECK(words.size() >= 3); // Four (interrupted), Four, five.
    CHECK(words.back().starts_with("five"));

    // A new speed: what was made at the old one is forgotten, and repeat makes it afresh.
    driver.post(Command{CommandId::goto_section, 1, {}});
    driver.post(Command{CommandId::slower, 0, {}});
    REQUIRE(play_until([&] { return recorder.of(EventType::sentence).size() >= 4; }));
    CHECK(counting.times("One two three") == 2);
    CHECK(recorder.of(EventType::error).empty());
    driver.shutdown();
}
