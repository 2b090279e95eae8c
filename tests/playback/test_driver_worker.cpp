// The driver when the synthesiser fails on a sentence: an error event, the apology spoken where
// the sentence was, and reading carries on to the end. First with the fake synthesiser failing on
// purpose, then with real eSpeak NG in a worker process that aborts or hangs mid-sentence.
// Threads: the test thread, the driver's playback thread and the unpaced null sink's device
// thread (label "threads": this also runs under TSan).
#include "audio/audio_sink.hpp"
#include "playback/driver.hpp"
#include "synth/worker.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace lectern;
using namespace lectern::playback;
using namespace std::chrono_literals;

namespace {

/// Forwards to another synthesiser, failing on texts that contain `fail_on` (when set), and
/// records what it was asked to say (the driver's thread writes, the test reads after shutdown).
class Spy final : public synth::Synthesizer {
  public:
    Spy(synth::Synthesizer& inner, std::string fail_on)
        : m_inner(inner), m_fail_on(std::move(fail_on)) {}
    int sample_rate() const override { return m_inner.sample_rate(); }
    Result<void> configure(const synth::SynthParams& p) override { return m_inner.configure(p); }
    const synth::SynthParams& params() const override { return m_inner.params(); }
    Result<std::string> phonemes(std::string_view t) override { return m_inner.phonemes(t); }
    Result<synth::SynthStatus> synthesize(std::string_view text, bool ssml,
                                          synth::SynthOutput& out) override {
        std::lock_guard lock(mutex);
        said.emplace_back(text);
        if (!m_fail_on.empty() && text.find(m_fail_on) != std::string_view::npos)
            return make_error("synthesis failed on purpose");
        auto r = m_inner.synthesize(text, ssml, out);
        ok.push_back(r.ok());
        return r;
    }
    std::mutex mutex;
    std::vector<std::string> said;
    std::vector<bool> ok; ///< for the calls that reached the inner synthesiser

  private:
    synth::Synthesizer& m_inner;
    std::string m_fail_on;
};

std::shared_ptr<const content::Article> article(const std::string& middle) {
    auto a = std::make_shared<content::Article>();
    a->title = "Test";
    const auto sentence = [](std::string t) {
        content::Sentence s;
        s.text = std::move(t);
        return s;
    };
    a->sections.push_back(
        {"Test", {}, {sentence("First sentence here."), sentence(middle), sentence("Last one.")}});
    return a;
}

struct Run {
    std::vector<Event> events;
    std::vector<std::string> said;
    bool finished = false;
};

/// Plays the article to the end on an unpaced null sink; the events and what was said.
Run play(std::shared_ptr<const content::Article> a, Spy& spy, std::string language = "en",
         std::map<std::string, std::string> apologies = {
             {"en", "Sorry, I could not read that sentence."},
             {"es", "Lo siento, no pude leer esa frase."}}) {
    auto sink = audio::make_null_sink(false);
    REQUIRE(sink->open(audio::SinkOptions{}).ok());
    DriverOptions o;
    o.voice.language = language;
    o.max_sleep = 1ms;
    o.apologies = std::move(apologies);
    std::mutex mutex;
    Run run;
    Driver driver(a, spy, sink->engine(), o, [&](const Event& e) {
        std::lock_guard lock(mutex);
        run.events.push_back(e);
        if (e.type == EventType::state && e.state == PlayState::finished) run.finished = true;
    });
    driver.start();
    driver.post(Command{CommandId::play, 0, {}});
    for (int i = 0; i < 3000; ++i) {
        {
            std::lock_guard lock(mutex);
            if (run.finished) break;
        }
        std::this_thread::sleep_for(5ms);
    }
    driver.shutdown();
    sink->close();
    std::lock_guard lock(spy.mutex);
    run.said = spy.said;
    return run;
}

std::vector<Event> of(const Run& run, EventType type) {
    std::vector<Event> out;
    for (const auto& e : run.events)
        if (e.type == type) out.push_back(e);
    return out;
}

bool said(const Run& run, std::string_view what) {
    for (const auto& s : run.said)
        if (s.find(what) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("a sentence the synthesiser fails on: error event, apology, reading goes on") {
    auto fake = synth::make_fake_synth();
    Spy spy(*fake, "BOOM");
    const Run run = play(article("This goes BOOM today."), spy);
    REQUIRE(run.finished);
    REQUIRE(of(run, EventType::error).size() == 1);
    CHECK(of(run, EventType::error)[0].message == "synthesis failed on purpose");
    CHECK(of(run, EventType::sentence).size() == 3); // the failed one is still shown in its turn
    // In order: the failed sentence, the apology in its place, then the next sentence.
    std::size_t boom = 0;
    while (boom < run.said.size() && run.said[boom].find("BOOM") == std::string::npos)
        ++boom;
    REQUIRE(boom + 2 < run.said.size());
    CHECK(run.said[boom + 1].find("Sorry, I could not read that sentence.") != std::string::npos);
    CHECK(run.said[boom + 2].find("Last one.") != std::string::npos);
}

TEST_CASE("the apology is in the voice's language, or left out when empty") {
    auto fake = synth::make_fake_synth();
    Spy spanish(*fake, "BOOM");
    CHECK(said(play(article("Esto hace BOOM hoy."), spanish, "es"), "Lo siento"));
    Spy quiet(*fake, "BOOM");
    const Run run = play(article("This goes BOOM."), quiet, "en", {{"en", ""}});
    REQUIRE(run.finished);
    CHECK_FALSE(said(run, "Sorry"));
    CHECK(of(run, EventType::error).size() == 1);
}

TEST_CASE("eSpeak NG aborting or hanging in the worker mid-sentence: apology, then the rest") {
    for (const char* fault : {"--abort-on", "--hang-on"}) {
        const std::string fault_name = fault;
        CAPTURE(fault_name);
        synth::WorkerOptions options;
        options.executable = LECTERN_WORKER_HOST;
        options.args = {fault, "Zanzibar"};
        options.hang_timeout = 500ms;
        auto worker = synth::WorkerSynth::create(options);
        REQUIRE(worker.ok());
        Spy spy(**worker, "");
        const Run run = play(article("We sail to Zanzibar at dawn."), spy);
        REQUIRE(run.finished);
        const auto errors = of(run, EventType::error);
        REQUIRE(errors.size() == 1);
        MESSAGE(errors[0].message);
        CHECK(errors[0].message.find("restarted") != std::string::npos);
        CHECK(said(run, "Sorry, I could not read that sentence."));
        CHECK(said(run, "Last one."));
        std::lock_guard lock(spy.mutex);
        REQUIRE(spy.ok.size() >= 5); // heading, first, Zanzibar, apology, last
        CHECK(spy.ok.back());        // the last sentence was read by the new worker
        CHECK((*worker)->stats().starts == 2);
    }
}
