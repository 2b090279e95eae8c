// The key map: the built-in table, an override file, and a broken file (one log line naming the
// file and the line; the defaults stay).
#include "core/log.hpp"
#include "support/subprocess.hpp"
#include "ui/keymap.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace lectern;
using namespace lectern::ui;

namespace {
struct LogCapture {
    std::vector<std::string> lines;
    LogCapture() {
        log::set_sink([this](log::Level, std::string_view l) { lines.emplace_back(l); });
    }
    ~LogCapture() { log::set_sink(nullptr); }
};
} // namespace

TEST_CASE("defaults: EZ Access arrows and Enter, the numeric keypad, letters") {
    const KeyMap k = KeyMap::defaults();
    CHECK(k.lookup("up") == Action::focus_prev);
    CHECK(k.lookup("down") == Action::focus_next);
    CHECK(k.lookup("return") == Action::activate);
    CHECK(k.lookup("kp_enter") == Action::activate);
    CHECK(k.lookup("Keypad 8") == Action::focus_prev); // SDL's own name, normalised
    CHECK(k.lookup("kp_5") == Action::play_pause);
    CHECK(k.lookup("kp_0") == Action::help);
    CHECK(k.lookup("kp_.") == Action::back);
    CHECK(k.lookup("escape") == Action::back);
    CHECK(k.lookup("space") == Action::play_pause);
    CHECK(k.lookup("7") == Action::digit_7);
    CHECK_FALSE(k.lookup("q").value() == Action::back); // q is the question list, never "quit"
    CHECK_FALSE(k.lookup("x").has_value());
    // Every action has a name that round-trips, so any of them can be bound in a file.
    for (const auto& a : action_table())
        CHECK(parse_action(a.name) == a.action);
}

TEST_CASE("an override file rebinds and unbinds keys and leaves the rest") {
    KeyMap k = KeyMap::defaults();
    const auto r = k.apply(
        "# hospital keypad\n[keys]\nkp_5 = \"activate\"\nf12 = \"help\"\n\"Keypad 0\" = \"none\"\n",
        "keys.toml");
    REQUIRE(r.ok());
    CHECK(k.lookup("kp_5") == Action::activate);
    CHECK(k.lookup("f12") == Action::help);
    CHECK_FALSE(k.lookup("kp_0").has_value());
    CHECK(k.lookup("up") == Action::focus_prev);
}

TEST_CASE("a broken file: one log line naming the file and the line, and the defaults are kept") {
    const auto dir = lectern::test::temp_dir("ui-keymap");
    const std::string bad_action = dir + "/bad-action.toml";
    std::ofstream(bad_action) << "[keys]\nkp_5 = \"activate\"\n\nkp_6 = \"jump\"\n";
    const std::string bad_toml = dir + "/bad-toml.toml";
    std::ofstream(bad_toml) << "[keys]\nkp_5 = activate\n";
    for (const auto& [file, line] : {std::pair{bad_action, 4}, std::pair{bad_toml, 2}}) {
        CAPTURE(file);
        LogCapture log;
        KeyMap k = KeyMap::defaults();
        CHECK_FALSE(k.apply_file(file));
        REQUIRE(log.lines.size() == 1);
        CHECK(log.lines[0].find(file) != std::string::npos);
        CHECK(log.lines[0].find("line " + std::to_string(line)) != std::string::npos);
        CHECK(k.lookup("kp_5") == Action::play_pause); // nothing from the file was applied
        CHECK(k.lookup("kp_6") == Action::next_section);
    }
    LogCapture log;
    KeyMap k = KeyMap::defaults();
    CHECK_FALSE(k.apply_file(dir + "/missing.toml"));
    CHECK(log.lines.size() == 1);
    CHECK(k.lookup("kp_5") == Action::play_pause);
}
