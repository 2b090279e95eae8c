// Session: the kiosk's behaviour, without SDL. It takes input (actions from the key map, keys with
// learn mode, pointer presses, playback events, the clock), changes the view model, and tells the
// playback engine what to do and say through PlaybackPort. Every focus change speaks the item;
// every action confirms itself in one announcement (the Driver lets interface speech interrupt and
// then return to the reading). ui/sdl/ feeds it SDL events; tests feed it directly.
// Main (UI) thread only. PlaybackPort calls must be cheap and must not call back into the Session.
#pragma once

#include "content/article.hpp"
#include "core/clock.hpp"
#include "playback/commands.hpp"
#include "playback/events.hpp"
#include "ui/keymap.hpp"
#include "ui/layout.hpp"
#include "ui/strings.hpp"
#include "ui/view_model.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lectern::ui {

/// What the Session needs from playback (playback::Driver in the kiosk; a recorder in tests).
class PlaybackPort {
  public:
    virtual ~PlaybackPort() = default;
    virtual void post(playback::Command command) = 0;
    virtual void announce(std::string text) = 0;
    virtual void open(std::shared_ptr<const content::Article> article, playback::Cursor at) = 0;
};

/// The staff menu (session_staff.cpp): opened by holding a chord of keys, protected by a PIN.
struct StaffOptions {
    std::string pin; ///< 4 to 8 digits; empty: the menu cannot be opened
    std::vector<Action> chord{Action::help, Action::back};
    Nanos hold = std::chrono::seconds(5);
    /// Without input for this long the menu closes to the patients' home screen.
    Nanos timeout = std::chrono::seconds(60);
    std::string version, device; ///< read out by the menu's "about" entry
    /// Wrong PINs in a row before the pad closes.
    static constexpr int kMaxFailures = 3;
};

/// The defaults every new patient starts with, as staff change them in the menu.
struct PatientDefaults {
    int volume = 70;
    int rate_wpm = 160;
    std::string theme = "yellow-on-black";
    TextSize text_size = TextSize::normal;
    int idle_seconds = 180;
};

/// One line of the self-test (app/check.hpp's checks, run by the kiosk).
struct CheckLine {
    bool ok = false;
    std::string text;
};

struct SessionOptions {
    std::string home_language = "en";
    LayoutParams layout;
    int rate_wpm = 160;
    int volume = 70;
    /// Rate and volume bounds (the volume ceiling comes from the settings).
    playback::Limits limits;
    bool audio_ok = true;
    /// A fresh start for every patient: after this long without input while nothing is being
    /// read, the kiosk returns home with no trace of the last article and the defaults restored.
    /// Zero turns it off.
    Nanos idle_timeout = std::chrono::minutes(3);
    /// The theme name every patient starts with (the Shell paints it; staff may change it).
    std::string theme = "yellow-on-black";
    StaffOptions staff;
};

class Session {
  public:
    /// A press that lands within this time of the previous one is taken as an accidental double
    /// tap.
    static constexpr Nanos kDoubleTapGuard = std::chrono::milliseconds(300);
    /// After a number key that could start a longer number, how long to wait for the next digit.
    static constexpr Nanos kDigitWait = std::chrono::milliseconds(1200);

    Session(std::vector<std::shared_ptr<const content::Article>> articles,
            const StringLibrary& strings, KeyMap keys, PlaybackPort& port,
            const TextMeasure& measure, SessionOptions options);

    /// Speaks the welcome and the focused item.
    void start();

    void set_layout(LayoutParams p);
    void set_audio_ok(bool ok);

    /// A key went down or up. Returns false when the key is not in the key map.
    bool key(std::string_view name, bool down, Nanos now);
    /// A touch or mouse press (down) or release (up) at a point; a press acts on release.
    void pointer(Point p, bool down, Nanos now);
    void act(Action a, Nanos now);
    void playback_event(const playback::Event& e);
    /// Handles what was waiting for time to pass (a pending number, the idle reset).
    void tick(Nanos now);
    /// When tick() next has something to do.
    std::optional<Nanos> deadline() const;

    /// The current screen's display list (laid out again only after a change).
    const Frame& frame();
    /// Bumped by every visible change; a renderer draws when it differs from what it last drew.
    std::uint64_t revision() const { return m_revision; }
    const ViewModel& view() const { return m_vm; }
    const LayoutParams& layout_params() const { return m_layout; }
    /// Called after every change of screen (for the control channel's "screen" events).
    std::function<void(const ViewModel&)> on_screen;
    /// Staff changed a patient default in the staff menu (already in effect in the Session): the
    /// kiosk applies the theme to the Shell and keeps the defaults for the next start.
    std::function<void(const PatientDefaults&)> on_defaults_changed;
    /// Runs the self-test for the staff menu; unset: the entry says the test is not available.
    std::function<std::vector<CheckLine>()> self_test;

  private:
    const Strings& strings() const { return strings_for(m_vm, m_strings); }
    void changed() { ++m_revision; }
    void say(std::string text);
    void activate(ItemRef item, Nanos now);
    void move_focus(int delta);
    void set_screen(Screen s, ItemRef focus);
    void open_article(int index);
    void go_home();
    void go_to_section(int section); // 0-based
    void step_section(int delta);
    void page(int delta);
    void help();
    void back();
    void questions();
    void play_pause();
    void setting(Action a);
    void digit(int d, Nanos now);
    void finish_digits();
    void refit();
    void note_activity(Nanos now) { m_idle_since = now; }
    std::optional<Nanos> idle_deadline() const;
    /// The idle reset: reading stops, home screen, defaults back, nothing remembered.
    void reset_for_next_patient();
    bool on_staff_screen() const {
        return m_vm.screen == Screen::staff_pin || m_vm.screen == Screen::staff;
    }
    // The staff menu (session_staff.cpp).
    void track_chord(Action a, bool down, Nanos now);
    std::optional<Nanos> chord_deadline() const;
    void open_pin_pad(Nanos now);
    void pin_digit(int d);
    void check_pin();
    void staff_entry(int entry);
    void close_staff();
    PatientDefaults defaults() const;
    /// Copies defaults() into the staff view (what the menu's labels show).
    void show_defaults();
    void defaults_changed();

    ViewModel m_vm;
    const StringLibrary& m_strings;
    KeyMap m_keys;
    PlaybackPort& m_port;
    const TextMeasure& m_measure;
    LayoutParams m_layout;
    std::uint64_t m_revision = 1, m_frame_revision = 0;
    Frame m_frame;
    std::map<int, int>
        m_saved_section;           ///< article index -> section, to come back to the same place
    bool m_resume_on_back = false; ///< reading was paused to show the question list or help
    // Learn mode: Help held down.
    bool m_help_held = false, m_help_used = false;
    // Pointer: the item pressed, and the last press acted on.
    std::optional<ItemRef> m_pressed;
    Nanos m_last_tap{-kDoubleTapGuard.count() * 2};
    std::optional<Nanos> m_digit_deadline;
    SessionOptions m_options;
    /// Since when nothing has happened (input, or reading stopping); unset once reset.
    std::optional<Nanos> m_idle_since;
    /// Actions whose keys are down now, and since when the whole staff chord has been held.
    std::vector<Action> m_held;
    std::optional<Nanos> m_chord_since;
};

} // namespace lectern::ui
