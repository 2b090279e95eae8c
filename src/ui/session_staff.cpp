// The Session's staff menu (see session.hpp): the key chord that opens the PIN pad, the pad, and
// the menu that changes the defaults every new patient starts with, runs the self-test and reads
// out the version and the device's name. Main (UI) thread only.
//
// Privacy and safety: the PIN is never spoken or shown (the pad shows a star per digit); opening
// the pad first does the fresh start a new patient gets (reading stops, the article is forgotten);
// the menu closes to the patients' home screen after staff.timeout without input, after
// kMaxFailures wrong PINs, and on Back or Home. With no PIN configured the chord does nothing.
#include "ui/session.hpp"

#include "ui/theme.hpp"

#include <algorithm>
#include <array>

namespace lectern::ui {

namespace {

/// The next value of a cycle: the first one above `current`, else the first of all.
int next_in(std::span<const int> values, int current) {
    for (int v : values)
        if (v > current) return v;
    return values.front();
}

constexpr std::array<int, 6> kRates{120, 140, 160, 180, 200, 240};      // words a minute
constexpr std::array<int, 6> kIdleSeconds{60, 120, 180, 300, 600, 900}; // 1 to 15 minutes

} // namespace

void Session::track_chord(Action a, bool down, Nanos now) {
    const auto& chord = m_options.staff.chord;
    const auto held = std::find(m_held.begin(), m_held.end(), a);
    if (down && held == m_held.end()) m_held.push_back(a);
    if (!down && held != m_held.end()) m_held.erase(held);
    if (std::find(chord.begin(), chord.end(), a) == chord.end()) return;
    const bool all = !chord.empty() && std::all_of(chord.begin(), chord.end(), [&](Action c) {
        return std::find(m_held.begin(), m_held.end(), c) != m_held.end();
    });
    // The hold starts when the last key of the chord goes down; letting go of any one cancels it.
    if (!all) {
        m_chord_since.reset();
    } else if (down && !m_chord_since) {
        m_chord_since = now;
    }
}

std::optional<Nanos> Session::chord_deadline() const {
    if (!m_chord_since || m_options.staff.pin.empty() || on_staff_screen()) return std::nullopt;
    return *m_chord_since + m_options.staff.hold;
}

void Session::open_pin_pad(Nanos now) {
    m_chord_since.reset();
    reset_for_next_patient(); // whatever a patient was doing is gone before staff see anything
    m_help_used = true;       // releasing Help after the chord must not open help
    m_help_held = std::find(m_held.begin(), m_held.end(), Action::help) != m_held.end();
    note_activity(now);
    set_screen(Screen::staff_pin, {ItemKind::pin_digit, 1});
    say(strings().get("staff.say_pin"));
}

void Session::pin_digit(int d) {
    auto& typed = m_vm.staff.typed;
    if (typed.size() < 8) typed += static_cast<char>('0' + d);
    changed();
    // How many digits, never which: someone nearby may be listening.
    say(typed.size() == 1
            ? strings().get("staff.say_typed_one")
            : strings().format("staff.say_typed", {{"n", std::to_string(typed.size())}}));
}

void Session::check_pin() {
    auto& st = m_vm.staff;
    const bool right = !m_options.staff.pin.empty() && st.typed == m_options.staff.pin;
    st.typed.clear();
    if (right) {
        st.failures = 0;
        st.page = 0;
        show_defaults();
        set_screen(Screen::staff, {ItemKind::staff, 0});
        return say(strings().get("staff.say_open") + " " + spoken(m_vm, strings(), focused(m_vm)));
    }
    if (++st.failures >= StaffOptions::kMaxFailures) {
        reset_for_next_patient();
        return say(strings().get("staff.say_locked"));
    }
    changed();
    say(strings().get("staff.say_wrong"));
}

void Session::staff_entry(int entry) {
    auto& st = m_vm.staff;
    const Strings& s = strings();
    // The defaults live in m_options (and the layout's text size); the staff view shows them.
    switch (static_cast<StaffEntry>(entry)) {
    case StaffEntry::volume: {
        // Steps of 10 up to the ceiling, then round to the quietest useful level again.
        const int step = std::max(m_vm.limits.volume_step, 1);
        int& v = m_options.volume;
        v = v + step > m_vm.limits.volume_max ? step : v + step;
        m_vm.volume = v;
        m_port.post({playback::CommandId::volume, v}); // staff hear the new level
        break;
    }
    case StaffEntry::rate: {
        int& r = m_options.rate_wpm;
        r = std::clamp(next_in(kRates, r), m_vm.limits.rate_min, m_vm.limits.rate_max);
        m_vm.rate_wpm = r;
        m_port.post({playback::CommandId::rate, r});
        break;
    }
    case StaffEntry::theme: {
        const auto all = themes();
        auto it = std::find_if(all.begin(), all.end(),
                               [&](const Theme& t) { return t.name == m_options.theme; });
        it = (it == all.end() || it + 1 == all.end()) ? all.begin() : it + 1;
        m_options.theme = std::string(it->name);
        break;
    }
    case StaffEntry::text_size: {
        const auto next = static_cast<TextSize>((static_cast<int>(m_layout.text_size) + 1) % 3);
        m_options.layout.text_size = next;
        set_layout({m_layout.window, next});
        break;
    }
    case StaffEntry::idle:
        m_options.idle_timeout =
            std::chrono::seconds(next_in(kIdleSeconds, defaults().idle_seconds));
        break;
    case StaffEntry::self_test: {
        if (!self_test) {
            st.self_test = s.get("staff.self_test_none");
            changed();
            return say(st.self_test);
        }
        const auto lines = self_test();
        const auto failed =
            std::count_if(lines.begin(), lines.end(), [](const CheckLine& l) { return !l.ok; });
        st.self_test =
            s.format(failed == 0 ? "staff.self_test_ok" : "staff.self_test_failed",
                     {{"count", std::to_string(lines.size())}, {"failed", std::to_string(failed)}});
        std::string text = st.self_test + ".";
        for (const auto& l : lines) // what failed, in the checks' own words
            if (!l.ok) text += " " + l.text + ".";
        changed();
        return say(text);
    }
    case StaffEntry::about:
        return say(label(m_vm, s, {ItemKind::staff, entry}));
    case StaffEntry::close:
        return close_staff();
    }
    show_defaults();
    defaults_changed();
    say(label(m_vm, s, {ItemKind::staff, entry}));
}

void Session::close_staff() {
    reset_for_next_patient();
    const Strings& s = strings();
    say(s.get("staff.say_closed") + " " + spoken(m_vm, s, focused(m_vm)));
}

PatientDefaults Session::defaults() const {
    return {m_options.volume, m_options.rate_wpm, m_options.theme, m_layout.text_size,
            static_cast<int>(
                std::chrono::duration_cast<std::chrono::seconds>(m_options.idle_timeout).count())};
}

void Session::show_defaults() {
    const PatientDefaults d = defaults();
    auto& st = m_vm.staff;
    st.volume = d.volume;
    st.rate_wpm = d.rate_wpm;
    st.theme = d.theme;
    st.text_size = to_string(d.text_size);
    st.idle_seconds = d.idle_seconds;
    changed();
}

void Session::defaults_changed() {
    if (on_defaults_changed) on_defaults_changed(defaults());
}

} // namespace lectern::ui
