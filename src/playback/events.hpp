// Events the playback driver reports: what the listener is hearing and how fast the kiosk answered.
// Emitted on the playback thread; consumers (the JSON-lines channel, the UI) copy what they need.
#pragma once

#include "core/clock.hpp"
#include "playback/controller.hpp"

#include <cstdint>
#include <string>

namespace lectern::playback {

enum class EventType {
    ready,    ///< the article is loaded and the audio device is open
    state,    ///< play state changed
    section,  ///< the listener started hearing a section (its heading or, after a jump, a sentence)
    sentence, ///< the listener started hearing a sentence
    word,     ///< the listener started hearing a word
    audio_start,  ///< first non-silent sample of new audio reached the device after a command
    paused,       ///< the output went silent after a pause command
    underrun,     ///< the device ran dry while reading
    error,        ///< a command was refused or something failed; playback carries on
    settings,     ///< rate or volume changed
    announcement, ///< the listener started hearing interface speech (text)
};
const char* to_string(EventType t);

struct Event {
    EventType type = EventType::ready;
    Nanos t{0}; ///< Clock::now() when it happened
    PlayState state = PlayState::stopped;
    int section = 0; ///< 1-based
    int section_count = 0;
    int sentence = 0; ///< 1-based within the section; 0 = the heading
    int sentence_count = 0;
    std::string heading;
    std::string text;
    std::size_t word_offset = 0, word_length = 0;
    double latency_ms = 0;
    std::string command; ///< for latency events: which command it answers
    std::string message;
    std::uint64_t count = 0;
    int rate_wpm = 0, volume = 0;
};

/// One JSON object, no newline. Times are milliseconds since `epoch`.
std::string to_json(const Event& e, Nanos epoch);

} // namespace lectern::playback
