// The real binary driven through its control channel: commands in, JSON-lines events out.
#include "support/subprocess.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

using namespace lectern::test;

namespace {
const std::string kBin = LECTERN_BIN;
const std::string kArticle =
    std::string(LECTERN_SOURCE_DIR) + "/content/what-to-expect-during-ketamine-treatment.txt";

struct Session {
    RunResult result;
    std::vector<std::string> events;
    std::vector<std::string> of(const std::string& type) const {
        std::vector<std::string> out;
        for (const auto& e : events)
            if (field(e, "event") == type) out.push_back(e);
        return out;
    }
    std::size_t index_of(const std::string& type, std::size_t from = 0) const {
        for (std::size_t i = from; i < events.size(); ++i)
            if (field(events[i], "event") == type) return i;
        return events.size();
    }
};

Session session(const std::string& script, std::vector<std::string> extra = {},
                const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> argv{kBin, "play", kArticle, "--commands", "-"};
    if (extra.empty()) extra = {"--sink", "null"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    Session s;
    s.result = run(argv, script, std::chrono::seconds(60), env);
    s.events = lines(s.result.out);
    return s;
}
} // namespace

TEST_CASE("a scripted session: play, navigate, pause, resume, errors, quit") {
    const auto s =
        session("play\nwait 4500\nnext\nwait 1000\npause\nwait 300\nplay\nwait 400\n"
                "goto 12\nwait 600\njump\nrate 999\ngoto 40\nvolume 50\nwait 200\nquit\n");
    CAPTURE(s.result.err);
    CAPTURE(s.result.out);
    REQUIRE_FALSE(s.result.timed_out);
    CHECK(s.result.exit_status == 0);
    REQUIRE_FALSE(s.events.empty());
    // Every line is one JSON object with a time and an event name, times never going backwards.
    double last_t = 0;
    for (const auto& e : s.events) {
        CHECK(e.front() == '{');
        CHECK(e.back() == '}');
        const double t = std::atof(field(e, "t_ms").c_str());
        CHECK(t >= last_t);
        last_t = t;
        CHECK_FALSE(field(e, "event").empty());
    }
    CHECK(field(s.events.front(), "event") == "ready");
    CHECK(field(s.events.front(), "sections") == "12");

    // Reading starts, and the first audio is measured from the command.
    const auto playing = s.index_of("state");
    REQUIRE(playing < s.events.size());
    CHECK(field(s.events[playing], "state") == "playing");
    const auto starts = s.of("audio_start");
    REQUIRE(starts.size() >= 3); // play, next, resume, goto
    for (const auto& e : starts) {
        const double latency = std::atof(field(e, "latency_ms").c_str());
        CHECK(latency >= 0);
        CHECK(latency < 1000);
    }
    CHECK(field(starts[0], "command") == "play");
    CHECK(field(starts[1], "command") == "next");

    // Sections are reported as heard: the intro, then section 2 after "next", then 12.
    const auto sections = s.of("section");
    REQUIRE(sections.size() >= 3);
    CHECK(field(sections[0], "index") == "1");
    CHECK(field(sections[0], "heading") == "What To Expect During Ketamine Treatment?");
    CHECK(field(sections[1], "index") == "2");
    CHECK(field(sections[1], "heading") == "What is ketamine?");
    CHECK(field(sections[1], "count") == "12");
    CHECK(field(sections.back(), "index") == "12");
    CHECK(field(sections.back(), "heading") == "Is Ketamine Treatment Right for Me?");

    // The pause is confirmed with its latency.
    const auto paused = s.of("paused");
    REQUIRE(paused.size() == 1);
    CHECK(std::atof(field(paused[0], "latency_ms").c_str()) < 500);

    // Sentences carry their text.
    const auto sentences = s.of("sentence");
    REQUIRE_FALSE(sentences.empty());
    CHECK(field(sentences[0], "text").rfind("If you or a loved one", 0) == 0);

    // Garbage and out-of-range values are errors on the channel, and the session carries on.
    const auto errors = s.of("error");
    REQUIRE(errors.size() == 3);
    CHECK(field(errors[0], "message").rfind("unknown command 'jump'", 0) == 0);
    CHECK(field(errors[1], "message").find("rate 999 is out of range") != std::string::npos);
    CHECK(field(errors[2], "message").find("there is no section 40") != std::string::npos);
    CHECK(field(s.of("settings").back(), "volume") == "50");
}

TEST_CASE("words are reported in order within a sentence, matching its text") {
    const auto s = session("next-sentence\nwait 2500\nquit\n");
    REQUIRE(s.result.exit_status == 0);
    const auto sentence = s.index_of("sentence");
    REQUIRE(sentence < s.events.size());
    const std::string text = field(s.events[sentence], "text");
    std::size_t last_offset = 0;
    int words = 0;
    for (std::size_t i = sentence + 1;
         i < s.events.size() && field(s.events[i], "event") != "sentence"; ++i) {
        if (field(s.events[i], "event") != "word") continue;
        const auto offset =
            static_cast<std::size_t>(std::atoi(field(s.events[i], "offset").c_str()));
        const auto length =
            static_cast<std::size_t>(std::atoi(field(s.events[i], "length").c_str()));
        CHECK(offset >= last_offset);
        REQUIRE(offset + length <= text.size());
        CHECK(text.substr(offset, length) == field(s.events[i], "word"));
        last_offset = offset;
        ++words;
    }
    CHECK(words >= 5);
}

TEST_CASE("an unpaced session reads the whole article to the end and exits when input ends") {
    const auto s = session("play\n", {"--sink", "null", "--unpaced", "--no-words"});
    CAPTURE(s.result.err);
    REQUIRE_FALSE(s.result.timed_out);
    CHECK(s.result.exit_status == 0);
    const auto states = s.of("state");
    REQUIRE_FALSE(states.empty());
    CHECK(field(states.back(), "state") == "finished");
    CHECK(s.of("section").size() == 12);
    CHECK(s.of("word").empty());
    CHECK(s.of("error").empty());
    CHECK(s.of("underrun").empty());
}

TEST_CASE("garbage on the channel never stops it") {
    std::string script =
        "\x01\x02\xff\xfe garbage\n" + std::string(10000, 'x') + "\n{\"json\": true}\n";
    script +=
        "wait\nwait -5\nwait abc\n\n# a comment\nvolume\nrate fast\nplay\nwait 300\nstop\nquit\n";
    const auto s = session(script);
    REQUIRE_FALSE(s.result.timed_out);
    CHECK(s.result.exit_status == 0);
    CHECK(s.of("error").size() == 8);
    CHECK(s.index_of("audio_start") < s.events.size());
    CHECK(field(s.of("state").back(), "state") == "stopped");
}

TEST_CASE("no audio device on the control channel: an error event, and the channel keeps working") {
    // PortAudio's probe loads ALSA plugins that keep allocations past exit; under ASan that is not
    // Lectern's leak, so leak checking is off for this child (our code's leaks are checked in the
    // unit tests and the other sessions).
    const auto s = session("play\nwait 500\nnext\nwait 300\nquit\n", {"--device", "no-such-device"},
                           {{"LSAN_OPTIONS", "detect_leaks=0"}});
    REQUIRE_FALSE(s.result.timed_out);
    CHECK(s.result.exit_status == 0);
    REQUIRE_FALSE(s.of("error").empty());
    CHECK(field(s.of("error")[0], "message").find("no-such-device") != std::string::npos);
    CHECK(s.of("section").size() >= 2);
}
