// Implementation of app/kiosk_commands.hpp.
#include "app/kiosk_commands.hpp"

#include "core/clock.hpp"

#include <charconv>
#include <string>
#include <utility>

namespace lectern::app {

namespace {

std::pair<std::string_view, std::string_view> split_word(std::string_view line) {
    const auto space = line.find(' ');
    if (space == std::string_view::npos) return {line, {}};
    std::string_view rest = line.substr(space + 1);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    return {line.substr(0, space), rest};
}

} // namespace

bool kiosk_command(std::string_view line, ui::sdl::Shell& shell, JsonLines& json) {
    const auto [word, rest] = split_word(line);
    const auto need = [&](const char* what) {
        json.error("'" + std::string(word) + "' needs " + what, SteadyClock::instance());
        return true;
    };
    if (word == "screenshot") {
        if (rest.empty()) return need("a file name, e.g. 'screenshot /tmp/screen.png'");
        shell.post_screenshot(std::string(rest));
        return true;
    }
    if (word == "key" || word == "keydown" || word == "keyup") {
        if (rest.empty()) return need("a key name, e.g. 'key down' or 'key kp_5'");
        if (word != "keyup") shell.post_key(std::string(rest), true);
        if (word != "keydown") shell.post_key(std::string(rest), false);
        return true;
    }
    if (word == "tap") {
        const auto [xs, ys] = split_word(rest);
        int x = 0, y = 0;
        const bool ok = std::from_chars(xs.data(), xs.data() + xs.size(), x).ec == std::errc{} &&
                        std::from_chars(ys.data(), ys.data() + ys.size(), y).ec == std::errc{};
        if (!ok || xs.empty() || ys.empty())
            return need("a position in pixels, e.g. 'tap 400 240'");
        shell.post_tap({x, y});
        return true;
    }
    return false;
}

} // namespace lectern::app
