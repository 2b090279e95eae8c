// Implementation of ui/session.hpp: input (keys with learn mode, pointer presses, number keys),
// focus, and the playback events; the actions themselves are in session_actions.cpp.
#include "ui/session.hpp"

#include <algorithm>

namespace lectern::ui {

using playback::CommandId;
using playback::PlayState;

Session::Session(std::vector<std::shared_ptr<const content::Article>> articles,
                 const StringLibrary& strings, KeyMap keys, PlaybackPort& port,
                 const TextMeasure& measure, SessionOptions options)
    : m_strings(strings), m_keys(std::move(keys)), m_port(port), m_measure(measure),
      m_layout(options.layout), m_options(options) {
    m_vm.articles = std::move(articles);
    m_vm.home_language = options.home_language;
    m_vm.rate_wpm = options.rate_wpm;
    m_vm.volume = options.volume;
    m_vm.audio_ok = options.audio_ok;
    m_vm.limits = options.limits;
    m_vm.staff.version = options.staff.version;
    m_vm.staff.device = options.staff.device;
    refit();
}

void Session::start() {
    const Strings& s = strings();
    std::string text = s.get("say.welcome");
    if (!m_vm.audio_ok) text = s.get("say.no_sound") + " " + text;
    say(text + " " + spoken(m_vm, s, focused(m_vm)));
    if (on_screen) on_screen(m_vm);
}

void Session::refit() {
    const Capacity cap = capacity(m_layout, m_vm, m_measure);
    const ItemRef f = focused(m_vm);
    m_vm.home_per_page = cap.articles;
    m_vm.questions_per_page = cap.questions;
    m_vm.staff.per_page = cap.articles;
    // Keep the focused row on screen when the page size changes.
    if (f.kind == ItemKind::article) m_vm.home_page = f.index / cap.articles;
    if (f.kind == ItemKind::question) m_vm.question_page = f.index / cap.questions;
    if (f.kind == ItemKind::staff) m_vm.staff.page = f.index / cap.articles;
    m_vm.home_page = std::min(m_vm.home_page,
                              page_count(static_cast<int>(m_vm.articles.size()), cap.articles) - 1);
    m_vm.question_page =
        std::min(m_vm.question_page, page_count(m_vm.section_count(), cap.questions) - 1);
    m_vm.staff.page = std::min(m_vm.staff.page, page_count(kStaffEntries, cap.articles) - 1);
    if (!focus_item(m_vm, f)) m_vm.focus = 0;
    changed();
}

void Session::set_layout(LayoutParams p) {
    if (p.window == m_layout.window && p.text_size == m_layout.text_size) return;
    m_layout = p;
    refit();
}

void Session::set_audio_ok(bool ok) {
    if (ok == m_vm.audio_ok) return;
    m_vm.audio_ok = ok;
    refit();
}

void Session::say(std::string text) {
    m_port.announce(std::move(text));
}

const Frame& Session::frame() {
    if (m_frame_revision != m_revision) {
        m_frame = layout(m_vm, m_strings, m_layout, m_measure);
        m_frame_revision = m_revision;
    }
    return m_frame;
}

// ---- input ---------------------------------------------------------------------------------

bool Session::key(std::string_view name, bool down, Nanos now) {
    const auto action = m_keys.lookup(name);
    if (!action) return false;
    note_activity(now);
    track_chord(*action, down, now);
    if (*action == Action::help) {
        // Learn mode: while Help is held, other keys say what they do instead of doing it. Help
        // itself acts when it is released without another key having been pressed.
        if (down) {
            m_help_held = true;
            m_help_used = false;
        } else if (m_help_held) {
            m_help_held = false;
            if (!m_help_used) act(Action::help, now);
        }
        return true;
    }
    if (!down) return true;
    if (m_help_held) {
        m_help_used = true;
        const Strings& s = strings();
        const std::string what = is_digit(*action)
                                     ? s.get("describe.digit")
                                     : s.get("describe." + std::string(to_string(*action)));
        say(s.format("say.learn", {{"what", what}}));
        return true;
    }
    act(*action, now);
    return true;
}

void Session::pointer(Point p, bool down, Nanos now) {
    note_activity(now);
    const Target* t = frame().hit(p);
    if (down) {
        m_pressed = t ? std::optional<ItemRef>(t->item) : std::nullopt;
        return;
    }
    // Act on release, and only when the finger lifts on the item it pressed: sliding off cancels.
    const auto pressed = m_pressed;
    m_pressed.reset();
    if (!t || !pressed || !(t->item == *pressed)) return;
    if (now - m_last_tap < kDoubleTapGuard) return;
    m_last_tap = now;
    m_vm.digits.clear(); // a tap is a choice of its own: a number being typed is dropped
    m_digit_deadline.reset();
    focus_item(m_vm, t->item);
    changed();
    activate(t->item, now);
}

void Session::act(Action a, Nanos now) {
    note_activity(now);
    if (!is_digit(a) && !m_vm.digits.empty()) {
        // Enter completes the number being typed; any other key means the patient changed their
        // mind: the number is dropped and the key does only what it says, with one announcement.
        // (Completing it first made Back after "1" on the question list jump to section 1 and
        // then close the article, and Enter jump and then pause.)
        if (a == Action::activate) return finish_digits();
        m_vm.digits.clear();
        m_digit_deadline.reset();
        changed();
    }
    switch (a) {
    case Action::focus_prev:
        return move_focus(-1);
    case Action::focus_next:
        return move_focus(+1);
    case Action::activate:
        return activate(focused(m_vm), now);
    case Action::back:
        return back();
    case Action::help:
        return help();
    case Action::left:
        if (m_vm.screen == Screen::reader) return step_section(-1);
        return page(-1);
    case Action::right:
        if (m_vm.screen == Screen::reader) return step_section(+1);
        return page(+1);
    case Action::play_pause:
        return play_pause();
    case Action::prev_section:
        return step_section(-1);
    case Action::next_section:
        return step_section(+1);
    case Action::repeat:
        if (!m_vm.current() || m_vm.screen == Screen::home)
            return say(strings().get("say.no_article"));
        m_port.post({CommandId::repeat_sentence});
        return say(strings().get("done.repeating"));
    case Action::slower:
    case Action::faster:
    case Action::quieter:
    case Action::louder:
        return setting(a);
    case Action::home:
        return go_home();
    case Action::questions:
        return questions();
    case Action::where_am_i:
        return say(where_am_i(m_vm, strings()));
    case Action::page_prev:
        return page(-1);
    case Action::page_next:
        return page(+1);
    default:
        return digit(digit_of(a), now);
    }
}

void Session::activate(ItemRef item, Nanos now) {
    switch (item.kind) {
    case ItemKind::article:
        return open_article(item.index);
    case ItemKind::page_prev:
        return page(-1);
    case ItemKind::page_next:
        return page(+1);
    case ItemKind::help:
    case ItemKind::more_help:
        return help();
    case ItemKind::home:
        return go_home();
    case ItemKind::prev_section:
        return step_section(-1);
    case ItemKind::next_section:
        return step_section(+1);
    case ItemKind::play_pause:
        return play_pause();
    case ItemKind::repeat:
    case ItemKind::reading:
        return act(Action::repeat, now);
    case ItemKind::slower:
        return setting(Action::slower);
    case ItemKind::faster:
        return setting(Action::faster);
    case ItemKind::quieter:
        return setting(Action::quieter);
    case ItemKind::louder:
        return setting(Action::louder);
    case ItemKind::questions:
        return questions();
    case ItemKind::status:
        return say(where_am_i(m_vm, strings()));
    case ItemKind::question:
        return go_to_section(item.index);
    case ItemKind::back:
        return back();
    case ItemKind::help_text:
        return say(m_vm.help_text);
    case ItemKind::pin_digit:
        return pin_digit(item.index);
    case ItemKind::pin_ok:
        return check_pin();
    case ItemKind::staff:
        return staff_entry(item.index);
    }
}

void Session::move_focus(int delta) {
    const int n = static_cast<int>(items(m_vm).size());
    if (n == 0) return;
    m_vm.focus = ((m_vm.focus + delta) % n + n) % n; // wraps: Down from the last item is the first
    changed();
    say(spoken(m_vm, strings(), focused(m_vm)));
}

void Session::set_screen(Screen s, ItemRef focus) {
    const bool new_screen = s != m_vm.screen;
    m_vm.screen = s;
    if (!focus_item(m_vm, focus)) m_vm.focus = 0;
    changed();
    if (new_screen && on_screen) on_screen(m_vm);
}

// ---- what the ear hears --------------------------------------------------------------------

void Session::playback_event(const playback::Event& e) {
    using playback::EventType;
    const auto* a = m_vm.current();
    // Events about another article can still be queued right after a switch; they must not move
    // this one's position, so anything out of range is ignored.
    const bool reading = a && m_vm.screen != Screen::home;
    const auto valid = [&](int section, int sentence) {
        return reading && section >= 1 && section <= static_cast<int>(a->sections.size()) &&
               sentence >= 0 &&
               sentence <= static_cast<int>(
                               a->sections[static_cast<std::size_t>(section - 1)].sentences.size());
    };
    switch (e.type) {
    case EventType::section:
        if (!valid(e.section, 0)) return;
        m_vm.reading = Reading{e.section - 1, 0, false, 0, 0};
        break;
    case EventType::sentence:
        if (!valid(e.section, e.sentence)) return;
        m_vm.reading = Reading{e.section - 1, e.sentence, false, 0, 0};
        break;
    case EventType::word:
        if (!valid(e.section, e.sentence)) return;
        m_vm.reading = Reading{e.section - 1, e.sentence, true, e.word_offset, e.word_length};
        break;
    case EventType::state:
        if (m_vm.article < 0 || m_vm.screen == Screen::home) return;
        if (e.state == PlayState::finished && m_vm.play != PlayState::finished &&
            m_vm.screen == Screen::reader)
            say(strings().get("done.finished"));
        // Reading that stops starts the idle clock (a patient may have walked away mid-article).
        if (m_vm.play == PlayState::playing && e.state != PlayState::playing && m_idle_since)
            m_idle_since = e.t;
        m_vm.play = e.state;
        break;
    case EventType::settings:
        m_vm.rate_wpm = e.rate_wpm;
        m_vm.volume = e.volume;
        break;
    case EventType::announcement:
        // Interface speech interrupts the reading: no word of the text is being heard now.
        if (!m_vm.reading.has_word) return;
        m_vm.reading.has_word = false;
        break;
    default:
        return;
    }
    changed();
}

} // namespace lectern::ui
