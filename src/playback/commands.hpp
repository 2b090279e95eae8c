// The command table: every playback command as data (name, aliases, argument, spoken description).
// The control channel, the keyboard, the keypad key map and the UI buttons all dispatch through it
// (as mpv's mp_cmds[] does), so a command exists once. Pure; any thread.
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"

#include <span>
#include <string>
#include <string_view>

namespace lectern::playback {

enum class CommandId {
    play,
    pause,
    toggle,
    stop,
    next_section,
    prev_section,
    restart_section,
    goto_section,
    next_sentence,
    prev_sentence,
    repeat_sentence,
    faster,
    slower,
    louder,
    quieter,
    rate,
    volume,
};

enum class ArgKind { none, integer };

struct CommandInfo {
    CommandId id;
    std::string_view name;    ///< canonical name on the control channel
    std::string_view aliases; ///< space-separated alternative names
    ArgKind arg;
    std::string_view description; ///< what it does, for help and learn mode
};

std::span<const CommandInfo> command_table();
const CommandInfo& info(CommandId id);

struct Command {
    CommandId id = CommandId::play;
    int arg = 0;
    /// When the command was received (for latency figures); zero when unknown.
    Nanos received{0};
};

/// Parses "next", "goto 3", "rate 200" (names and aliases, case-insensitive, surrounding spaces
/// ignored). Errors are one line naming the problem ("unknown command 'jump'; try: play, ...").
Result<Command> parse_command(std::string_view line);

} // namespace lectern::playback
