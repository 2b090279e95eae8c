// The playback controller: a pure state machine, step(state, input) -> {state, effects}, in the
// manner of SerenityOS's PlaybackManager but with all I/O left to the Driver. It knows the shape of
// the article (an Outline), never its text, audio or time. Pure; any thread.
//
// Positions. A section's items are its heading (item 0) followed by its sentences (items 1..n).
// State::cursor is the item the listener is hearing (kept in step by ItemHeard from the driver,
// which reports positions from frames PLAYED, not synthesised), or, right after a navigation
// command, the item about to be heard.
//
// Rules a patient can rely on:
//   - navigation (next/prev section or sentence, restart, goto, repeat) always ends up reading,
//     whatever the state was: pressing "next" means "read me the next one";
//   - pause keeps the exact spot; play/toggle carries on from it; stop forgets the audio but keeps
//     the sentence, and play starts that sentence again;
//   - play after the end starts the article again from the top;
//   - rate changes apply at once, from the word being heard; volume changes apply at once.
#pragma once

#include "playback/commands.hpp"

#include <compare>
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace lectern::playback {

enum class PlayState { stopped, playing, paused, finished };
const char* to_string(PlayState s);

struct Cursor {
    int section = 0; ///< 0-based
    int item = 0;    ///< 0 = heading, k = sentence k (1-based within the section)
    auto operator<=>(const Cursor&) const = default;
};

/// The article's shape: number of items (1 heading + sentences) in each section.
struct Outline {
    std::vector<int> items_per_section;
    int sections() const { return static_cast<int>(items_per_section.size()); }
    bool valid(Cursor c) const;
    /// The item after / before c, across sections; nullopt-like: returns false at the ends.
    bool next(Cursor& c) const;
    bool prev(Cursor& c) const;
};

struct Limits {
    int rate_min = 80, rate_max = 450, rate_step = 20;
    int volume_min = 0, volume_max = 100, volume_step = 10;
};

struct State {
    PlayState play = PlayState::stopped;
    Cursor cursor;
    /// Byte offset, in the current item's text, of the word being heard (0 at an item's start).
    std::size_t word_offset = 0;
    int rate_wpm = 160;
    int volume = 70; ///< percent
    bool operator==(const State&) const = default;
};

namespace effect {
/// Discard queued audio and read from `from`, starting at byte `offset` of that item's text.
struct Speak {
    Cursor from;
    std::size_t offset = 0;
    bool operator==(const Speak&) const = default;
};
struct Pause {
    bool operator==(const Pause&) const = default;
};
struct Resume {
    bool operator==(const Resume&) const = default;
};
/// Discard queued audio; nothing more is read.
struct Stop {
    bool operator==(const Stop&) const = default;
};
struct SetVolume {
    int volume = 0;
    bool operator==(const SetVolume&) const = default;
};
/// Reconfigure the synthesiser; a Speak follows when reading, so the change is heard at once.
struct SetRate {
    int wpm = 0;
    bool operator==(const SetRate&) const = default;
};
struct StateChanged {
    PlayState state;
    bool operator==(const StateChanged&) const = default;
};
/// A command that could not be carried out; the message is one line for a person.
struct Rejected {
    std::string message;
    bool operator==(const Rejected&) const = default;
};
} // namespace effect

using Effect =
    std::variant<effect::Speak, effect::Pause, effect::Resume, effect::Stop, effect::SetVolume,
                 effect::SetRate, effect::StateChanged, effect::Rejected>;

namespace input {
/// The listener started hearing this item (reported by the driver from played frames).
struct ItemHeard {
    Cursor cursor;
};
/// The listener started hearing the word at this byte offset of the current item.
struct WordHeard {
    std::size_t offset = 0;
};
/// The last item has been heard to its end.
struct ReachedEnd {};
} // namespace input

using Input = std::variant<Command, input::ItemHeard, input::WordHeard, input::ReachedEnd>;

struct Step {
    State state;
    std::vector<Effect> effects;
};

Step step(const Outline& outline, const Limits& limits, const State& state, const Input& in);

} // namespace lectern::playback
