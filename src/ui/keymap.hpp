// The key map: ONE table from key names to interface actions, for the keyboard, a USB numeric
// keypad and EZ Access keypads alike, overridable by a hospital's file. Key names are SDL-free
// lowercase names ("up", "return", "kp_8", "kp_enter", "space", "f1", "h", "1"); ui/sdl/ turns SDL
// keys into them and the control channel's `key NAME` uses them directly.
//
// Override file (TOML), e.g. /etc/lectern/keys.toml:
//     [keys]
//     kp_5 = "activate"     # a key name = an action name (see action_table())
//     f12 = "help"
//     kp_0 = "none"         # unbind a default
// A broken file (bad TOML, an unknown action) is refused whole with one log line naming the file
// and the line, and the defaults are kept: a typo must never leave a patient with dead keys.
// Pure (apart from reading the file); any thread.
#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lectern::ui {

enum class Action {
    focus_prev, ///< EZ Access Up: the previous item, spoken
    focus_next, ///< EZ Access Down: the next item, spoken
    activate,   ///< EZ Access Enter (the green diamond): the only key that acts on the focused item
    back,       ///< always safe: one step back, never loses the place
    help,       ///< context help; more detail on repeated presses; hold it to learn other keys
    left,       ///< reader: previous section; lists: previous page
    right,      ///< reader: next section; lists: next page
    play_pause,
    prev_section,
    next_section,
    repeat,
    slower,
    faster,
    quieter,
    louder,
    home,
    questions,
    where_am_i,
    page_prev,
    page_next,
    digit_0,
    digit_1,
    digit_2,
    digit_3,
    digit_4,
    digit_5,
    digit_6,
    digit_7,
    digit_8,
    digit_9,
};

inline bool is_digit(Action a) {
    return a >= Action::digit_0 && a <= Action::digit_9;
}
inline int digit_of(Action a) {
    return static_cast<int>(a) - static_cast<int>(Action::digit_0);
}

struct ActionInfo {
    Action action;
    std::string_view name; ///< as written in key-map files ("play-pause")
};
std::span<const ActionInfo> action_table();
std::string_view to_string(Action a);
std::optional<Action> parse_action(std::string_view name);

struct KeyBinding {
    std::string key;
    Action action;
};

class KeyMap {
  public:
    /// The built-in table (see keymap.cpp for the layout and why).
    static KeyMap defaults();
    std::optional<Action> lookup(std::string_view key) const;
    const std::vector<KeyBinding>& bindings() const { return m_bindings; }
    /// Every key bound to an action (for help: "Press Enter or keypad Enter").
    std::vector<std::string> keys_for(Action a) const;

    /// Applies an override file's text on top of this map. On any error nothing changes and the
    /// error names `source_name` and the line.
    Result<void> apply(std::string_view toml, const std::string& source_name);
    /// Reads and applies a file; on error logs ONE line and keeps the current bindings.
    bool apply_file(const std::filesystem::path& file);

  private:
    Result<void> apply_lines(std::string_view toml, const std::string& source_name);
    void bind(std::string key, std::optional<Action> action);
    std::vector<KeyBinding> m_bindings;
};

/// Normalises a key name as written by people ("Keypad 8", "KP_8", "Return") to the map's form.
std::string normalize_key_name(std::string_view name);

} // namespace lectern::ui
