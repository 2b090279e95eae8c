// Implementation of ui/keymap.hpp: the default table, action names and the override file.
#include "ui/keymap.hpp"

#include "core/log.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

namespace lectern::ui {
namespace {

constexpr std::array kActions{
    ActionInfo{Action::focus_prev, "up"},
    ActionInfo{Action::focus_next, "down"},
    ActionInfo{Action::activate, "activate"},
    ActionInfo{Action::back, "back"},
    ActionInfo{Action::help, "help"},
    ActionInfo{Action::left, "left"},
    ActionInfo{Action::right, "right"},
    ActionInfo{Action::play_pause, "play-pause"},
    ActionInfo{Action::prev_section, "previous-section"},
    ActionInfo{Action::next_section, "next-section"},
    ActionInfo{Action::repeat, "repeat"},
    ActionInfo{Action::slower, "slower"},
    ActionInfo{Action::faster, "faster"},
    ActionInfo{Action::quieter, "quieter"},
    ActionInfo{Action::louder, "louder"},
    ActionInfo{Action::home, "home"},
    ActionInfo{Action::questions, "questions"},
    ActionInfo{Action::where_am_i, "where-am-i"},
    ActionInfo{Action::page_prev, "previous-page"},
    ActionInfo{Action::page_next, "next-page"},
    ActionInfo{Action::digit_0, "0"},
    ActionInfo{Action::digit_1, "1"},
    ActionInfo{Action::digit_2, "2"},
    ActionInfo{Action::digit_3, "3"},
    ActionInfo{Action::digit_4, "4"},
    ActionInfo{Action::digit_5, "5"},
    ActionInfo{Action::digit_6, "6"},
    ActionInfo{Action::digit_7, "7"},
    ActionInfo{Action::digit_8, "8"},
    ActionInfo{Action::digit_9, "9"},
};

struct DefaultKey {
    std::string_view key;
    Action action;
};

// The default table. Arrow keys and Enter follow EZ Access. The numeric keypad is laid out like
// a phone-style EZ pad so one hand can do everything without looking:
//     7 home      8 up          9 repeat       - quieter
//     4 previous  5 play/pause  6 next         + louder
//     1 where     2 down        3 questions    Enter activate
//     0 help                    . back         * faster   / slower
// Keypad keys keep these meanings whatever the Num Lock state, as SDL reports them the same way.
// The letters match `lectern play` where they overlap (space, n, p, r).
constexpr std::array kDefaults{
    DefaultKey{"up", Action::focus_prev},
    DefaultKey{"down", Action::focus_next},
    DefaultKey{"left", Action::left},
    DefaultKey{"right", Action::right},
    DefaultKey{"return", Action::activate},
    DefaultKey{"kp_enter", Action::activate},
    DefaultKey{"escape", Action::back},
    DefaultKey{"backspace", Action::back},
    DefaultKey{"ac_back", Action::back},
    DefaultKey{"f1", Action::help},
    DefaultKey{"h", Action::help},
    DefaultKey{"help", Action::help},
    DefaultKey{"space", Action::play_pause},
    DefaultKey{"audioplay", Action::play_pause},
    DefaultKey{"n", Action::next_section},
    DefaultKey{"p", Action::prev_section},
    DefaultKey{"pagedown", Action::page_next},
    DefaultKey{"pageup", Action::page_prev},
    DefaultKey{"r", Action::repeat},
    DefaultKey{"s", Action::slower},
    DefaultKey{"f", Action::faster},
    DefaultKey{"[", Action::quieter},
    DefaultKey{"]", Action::louder},
    DefaultKey{"volumedown", Action::quieter},
    DefaultKey{"volumeup", Action::louder},
    DefaultKey{"home", Action::home},
    DefaultKey{"q", Action::questions},
    DefaultKey{"w", Action::where_am_i},
    DefaultKey{"kp_8", Action::focus_prev},
    DefaultKey{"kp_2", Action::focus_next},
    DefaultKey{"kp_4", Action::prev_section},
    DefaultKey{"kp_6", Action::next_section},
    DefaultKey{"kp_5", Action::play_pause},
    DefaultKey{"kp_7", Action::home},
    DefaultKey{"kp_9", Action::repeat},
    DefaultKey{"kp_1", Action::where_am_i},
    DefaultKey{"kp_3", Action::questions},
    DefaultKey{"kp_0", Action::help},
    DefaultKey{"kp_.", Action::back},
    DefaultKey{"kp_+", Action::louder},
    DefaultKey{"kp_-", Action::quieter},
    DefaultKey{"kp_*", Action::faster},
    DefaultKey{"kp_/", Action::slower},
    DefaultKey{"0", Action::digit_0},
    DefaultKey{"1", Action::digit_1},
    DefaultKey{"2", Action::digit_2},
    DefaultKey{"3", Action::digit_3},
    DefaultKey{"4", Action::digit_4},
    DefaultKey{"5", Action::digit_5},
    DefaultKey{"6", Action::digit_6},
    DefaultKey{"7", Action::digit_7},
    DefaultKey{"8", Action::digit_8},
    DefaultKey{"9", Action::digit_9},
};

} // namespace

std::span<const ActionInfo> action_table() {
    return kActions;
}

std::string_view to_string(Action a) {
    for (const auto& i : kActions)
        if (i.action == a) return i.name;
    return "?";
}

std::optional<Action> parse_action(std::string_view name) {
    for (const auto& i : kActions)
        if (i.name == name) return i.action;
    return std::nullopt;
}

std::string normalize_key_name(std::string_view name) {
    std::string out;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        out += c == ' ' ? '_' : static_cast<char>(std::tolower(u));
    }
    if (out.rfind("keypad_", 0) == 0) out = "kp_" + out.substr(7);
    if (out == "enter") out = "return";
    return out;
}

KeyMap KeyMap::defaults() {
    KeyMap m;
    for (const auto& d : kDefaults)
        m.m_bindings.push_back({std::string(d.key), d.action});
    return m;
}

std::optional<Action> KeyMap::lookup(std::string_view key) const {
    const std::string k = normalize_key_name(key);
    for (const auto& b : m_bindings)
        if (b.key == k) return b.action;
    return std::nullopt;
}

std::vector<std::string> KeyMap::keys_for(Action a) const {
    std::vector<std::string> out;
    for (const auto& b : m_bindings)
        if (b.action == a) out.push_back(b.key);
    return out;
}

void KeyMap::bind(std::string key, std::optional<Action> action) {
    std::erase_if(m_bindings, [&](const KeyBinding& b) { return b.key == key; });
    if (action) m_bindings.push_back({std::move(key), *action});
}

Result<void> KeyMap::apply(std::string_view text, const std::string& source_name) {
    // Names quoted back in a refusal may hold escaped line breaks: a refusal is one line.
    auto r = apply_lines(text, source_name);
    if (!r) return make_error(log::one_line(r.error().message));
    return r;
}

Result<void> KeyMap::apply_lines(std::string_view text, const std::string& source_name) {
    const auto where = [&](const toml::source_region& r) {
        return source_name + ", line " + std::to_string(r.begin.line) + ": ";
    };
    toml::table root;
    try {
        root = toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
        return make_error(where(e.source()) + log::one_line(e.description()));
    }
    for (const auto& [key, node] : root)
        if (key.str() != "keys")
            return make_error(where(node.source()) + "unknown table '" + std::string(key.str()) +
                              "'; key bindings go under [keys]");
    const toml::table* keys = root["keys"].as_table();
    if (!keys) return {}; // an empty file changes nothing
    KeyMap next = *this;
    for (const auto& [key, node] : *keys) {
        const auto* value = node.as_string();
        if (!value)
            return make_error(where(node.source()) + "the action for '" + std::string(key.str()) +
                              "' must be a quoted name such as \"help\"");
        const std::string name = normalize_key_name(key.str());
        if (name.empty()) return make_error(where(node.source()) + "empty key name");
        if (value->get() == "none") {
            next.bind(name, std::nullopt);
            continue;
        }
        const auto action = parse_action(value->get());
        if (!action) {
            std::string names;
            for (const auto& i : kActions)
                names += (names.empty() ? "" : ", ") + std::string(i.name);
            return make_error(where(node.source()) + "unknown action '" + value->get() +
                              "'; use one of: " + names + ", none");
        }
        next.bind(name, *action);
    }
    *this = std::move(next);
    return {};
}

bool KeyMap::apply_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        log::error("cannot read the key map " + file.string() + "; using the built-in keys");
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (auto r = apply(text.str(), file.string()); !r) {
        log::error(r.error().message + "; using the built-in keys");
        return false;
    }
    return true;
}

} // namespace lectern::ui
