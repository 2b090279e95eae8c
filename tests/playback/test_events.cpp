// JSON rendering of events.
#include "playback/events.hpp"

#include <doctest/doctest.h>

using namespace lectern;
using namespace lectern::playback;

TEST_CASE("events render as one flat JSON object with t_ms and event") {
    Event e;
    e.type = EventType::sentence;
    e.t = Nanos(1'500'000'000);
    e.section = 2;
    e.sentence = 3;
    e.sentence_count = 4;
    e.text = "It is also known as \xE2\x80\x9CSpecial K\xE2\x80\x9D \"quoted\"\n";
    CHECK(to_json(e, Nanos(500'000'000)) ==
          "{\"t_ms\":1000.000,\"event\":\"sentence\",\"section\":2,\"index\":3,\"count\":4,"
          "\"text\":\"It is also known as \xE2\x80\x9CSpecial K\xE2\x80\x9D \\\"quoted\\\"\\n\"}");
    Event err;
    err.type = EventType::error;
    err.message = std::string("bad \x01 byte \xff", 12);
    CHECK(to_json(err, Nanos(0)) ==
          "{\"t_ms\":0.000,\"event\":\"error\",\"message\":\"bad \\u0001 byte \xEF\xBF\xBD\"}");
    Event st;
    st.type = EventType::state;
    st.state = PlayState::paused;
    CHECK(to_json(st, Nanos(0)) == "{\"t_ms\":0.000,\"event\":\"state\",\"state\":\"paused\"}");
    Event lat;
    lat.type = EventType::audio_start;
    lat.latency_ms = 3.25;
    lat.command = "next";
    CHECK(to_json(lat, Nanos(0)) ==
          "{\"t_ms\":0.000,\"event\":\"audio_start\",\"latency_ms\":3.250,\"command\":\"next\"}");
}
