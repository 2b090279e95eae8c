// Fuzz body for the control channel (fuzz/harness.hpp): every line of the input through
// ControlChannel::handle_line with all handlers set, and through playback::parse_command, whose
// results must name a command from the table with an argument only where it takes one.
// Single-threaded: the channel's reader thread is never started.
#include "harness.hpp"

#include "app/control_channel.hpp"
#include "playback/commands.hpp"

#include <string>

namespace lectern::fuzz {
namespace {

app::ControlChannel& channel() {
    static app::ControlChannel* c = [] {
        app::ControlChannel::Handlers h;
        h.command = [](const playback::Command& cmd) {
            expect(info(cmd.id).id == cmd.id, "a command from the table");
        };
        h.quit = [] {};
        h.end_of_input = [] {};
        h.error = [](std::string message) {
            expect(!message.empty() && message.find('\n') == std::string::npos,
                   "an error is one line");
        };
        h.extra = [](std::string_view line) { return line == "screenshot"; };
        auto* made = new app::ControlChannel(-1, app::ControlChannel::Mode::lines, h);
        // Stopped: "wait N" then returns at once instead of sleeping for the fuzzer.
        made->stop();
        return made;
    }();
    return *c;
}

} // namespace

void control_channel(Input data) {
    const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    std::size_t from = 0;
    while (from <= text.size()) {
        std::size_t end = text.find('\n', from);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(from, end - from);
        if (line.size() <= app::ControlChannel::kMaxLine) (void)channel().handle_line(line);
        const auto cmd = playback::parse_command(line);
        if (cmd) {
            const auto& i = info(cmd->id);
            expect(i.id == cmd->id, "parse_command gives a command from the table");
            if (i.arg == playback::ArgKind::none) expect(cmd->arg == 0, "no argument where none");
        } else {
            expect(!cmd.error().message.empty(), "a refusal says why");
            expect(cmd.error().message.find('\n') == std::string::npos, "a refusal is one line");
        }
        from = end + 1;
    }
}

} // namespace lectern::fuzz
