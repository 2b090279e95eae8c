// Implementation of playback/events.hpp: JSON rendering of events.
#include "playback/events.hpp"

#include "core/json.hpp"

#include <cstdio>

namespace lectern::playback {

const char* to_string(EventType t) {
    switch (t) {
    case EventType::ready:
        return "ready";
    case EventType::state:
        return "state";
    case EventType::section:
        return "section";
    case EventType::sentence:
        return "sentence";
    case EventType::word:
        return "word";
    case EventType::audio_start:
        return "audio_start";
    case EventType::paused:
        return "paused";
    case EventType::underrun:
        return "underrun";
    case EventType::error:
        return "error";
    case EventType::settings:
        return "settings";
    case EventType::announcement:
        return "announcement";
    }
    return "error";
}

namespace {
std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}
} // namespace

std::string to_json(const Event& e, Nanos epoch) {
    std::string out =
        "{\"t_ms\":" + number(to_ms(e.t - epoch)) + ",\"event\":\"" + to_string(e.type) + "\"";
    const auto field = [&](const char* name, const std::string& raw) {
        out += ",\"";
        out += name;
        out += "\":";
        out += raw;
    };
    switch (e.type) {
    case EventType::ready:
        field("sections", std::to_string(e.section_count));
        field("title", json::quote(e.heading));
        break;
    case EventType::state:
        field("state", json::quote(to_string(e.state)));
        break;
    case EventType::section:
        field("index", std::to_string(e.section));
        field("count", std::to_string(e.section_count));
        field("heading", json::quote(e.heading));
        break;
    case EventType::sentence:
        field("section", std::to_string(e.section));
        field("index", std::to_string(e.sentence));
        field("count", std::to_string(e.sentence_count));
        field("text", json::quote(e.text));
        break;
    case EventType::word:
        field("section", std::to_string(e.section));
        field("sentence", std::to_string(e.sentence));
        field("offset", std::to_string(e.word_offset));
        field("length", std::to_string(e.word_length));
        field("word", json::quote(e.text));
        break;
    case EventType::audio_start:
    case EventType::paused:
        field("latency_ms", number(e.latency_ms));
        field("command", json::quote(e.command));
        break;
    case EventType::underrun:
        field("count", std::to_string(e.count));
        break;
    case EventType::error:
        field("message", json::quote(e.message));
        break;
    case EventType::settings:
        field("rate", std::to_string(e.rate_wpm));
        field("volume", std::to_string(e.volume));
        break;
    case EventType::announcement:
        field("text", json::quote(e.text));
        break;
    }
    out += '}';
    return out;
}

} // namespace lectern::playback
