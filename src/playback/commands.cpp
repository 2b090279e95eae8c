// Implementation of playback/commands.hpp: the table and its parser.
#include "playback/commands.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace lectern::playback {
namespace {

constexpr std::array kTable{
    CommandInfo{CommandId::play, "play", "resume start", ArgKind::none, "Start or resume reading."},
    CommandInfo{CommandId::pause, "pause", "", ArgKind::none,
                "Pause reading; play carries on from the same word."},
    CommandInfo{CommandId::toggle, "toggle", "play-pause playpause", ArgKind::none,
                "Pause, or carry on reading."},
    CommandInfo{CommandId::stop, "stop", "", ArgKind::none,
                "Stop reading; play starts again from the current sentence."},
    CommandInfo{CommandId::next_section, "next", "next-section", ArgKind::none,
                "Go to the next section."},
    CommandInfo{CommandId::prev_section, "prev", "prev-section previous previous-section",
                ArgKind::none, "Go to the previous section."},
    CommandInfo{CommandId::restart_section, "restart", "restart-section", ArgKind::none,
                "Read this section again from its heading."},
    CommandInfo{CommandId::goto_section, "goto", "goto-section section", ArgKind::integer,
                "Go to section number N."},
    CommandInfo{CommandId::next_sentence, "next-sentence", "", ArgKind::none,
                "Skip to the next sentence."},
    CommandInfo{CommandId::prev_sentence, "prev-sentence", "previous-sentence", ArgKind::none,
                "Go back one sentence."},
    CommandInfo{CommandId::repeat_sentence, "repeat", "repeat-sentence", ArgKind::none,
                "Say this sentence again."},
    CommandInfo{CommandId::faster, "faster", "", ArgKind::none, "Read faster."},
    CommandInfo{CommandId::slower, "slower", "", ArgKind::none, "Read slower."},
    CommandInfo{CommandId::louder, "louder", "volume-up", ArgKind::none, "Turn the volume up."},
    CommandInfo{CommandId::quieter, "quieter", "volume-down softer", ArgKind::none,
                "Turn the volume down."},
    CommandInfo{CommandId::rate, "rate", "", ArgKind::integer,
                "Set the reading speed to N words per minute."},
    CommandInfo{CommandId::volume, "volume", "", ArgKind::integer, "Set the volume to N percent."},
};

bool matches(const CommandInfo& c, std::string_view word) {
    if (c.name == word) return true;
    std::string_view rest = c.aliases;
    while (!rest.empty()) {
        const auto space = rest.find(' ');
        if (rest.substr(0, space) == word) return true;
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
    }
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::string names_list() {
    std::string out;
    for (const auto& c : kTable) {
        if (!out.empty()) out += ", ";
        out += c.name;
        if (c.arg == ArgKind::integer) out += " N";
    }
    return out;
}

} // namespace

std::span<const CommandInfo> command_table() {
    return kTable;
}

const CommandInfo& info(CommandId id) {
    for (const auto& c : kTable)
        if (c.id == id) return c;
    return kTable.front(); // unreachable: every id is in the table (tested)
}

Result<Command> parse_command(std::string_view line) {
    line = trim(line);
    const auto space = line.find_first_of(" \t");
    const std::string word = utf8::ascii_lower(line.substr(0, space));
    const std::string_view arg =
        space == std::string_view::npos ? std::string_view{} : trim(line.substr(space));
    if (word.empty()) return make_error("empty command; try: " + names_list());
    for (const auto& c : kTable) {
        if (!matches(c, word)) continue;
        Command cmd{c.id, 0, {}};
        if (c.arg == ArgKind::none) {
            if (!arg.empty())
                return make_error("'" + word + "' takes no value, but got '" + std::string(arg) +
                                  "'");
            return cmd;
        }
        if (arg.empty()) return make_error("'" + word + "' needs a number, e.g. '" + word + " 3'");
        const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), cmd.arg);
        if (ec != std::errc{} || end != arg.data() + arg.size())
            return make_error("'" + word + "' needs a whole number, but got '" + std::string(arg) +
                              "'");
        return cmd;
    }
    std::string shown(line.substr(0, 40));
    return make_error("unknown command '" + shown + "'; try: " + names_list());
}

} // namespace lectern::playback
