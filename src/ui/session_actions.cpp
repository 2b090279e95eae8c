// The Session's actions (see session.hpp): what each one does to the view model, which commands
// it posts, and the one announcement that confirms it. Main (UI) thread only.
#include "ui/session.hpp"

#include <algorithm>

namespace lectern::ui {

using playback::CommandId;
using playback::PlayState;

// ---- actions -------------------------------------------------------------------------------

void Session::open_article(int index) {
    if (index < 0 || index >= static_cast<int>(m_vm.articles.size())) return;
    m_vm.article = index;
    m_vm.reading = Reading{};
    m_vm.reading.section =
        std::clamp(m_saved_section[index], 0, std::max(0, m_vm.section_count() - 1));
    m_vm.question_page = m_vm.reading.section / std::max(1, m_vm.questions_per_page);
    m_resume_on_back = false;
    m_port.open(m_vm.articles[static_cast<std::size_t>(index)],
                playback::Cursor{m_vm.reading.section, 0});
    // Reading starts by itself: choosing an article means "read it to me". The heading that is read
    // first says which article it is, so the confirmation stays short.
    m_port.post({CommandId::play});
    m_vm.play = PlayState::playing;
    set_screen(Screen::reader, {ItemKind::play_pause});
    say(strings().get("done.opening"));
}

void Session::go_home() {
    if (on_staff_screen()) return close_staff();
    if (m_vm.screen == Screen::home) return say(where_am_i(m_vm, strings()));
    if (m_vm.article >= 0) {
        m_saved_section[m_vm.article] = m_vm.reading.section;
        m_port.open(nullptr, {});
        m_vm.play = PlayState::stopped;
    }
    m_resume_on_back = false;
    ItemRef f{ItemKind::article, std::max(m_vm.article, 0)};
    // Closed here as in playback: help reached from home must not play, skip or list an article
    // that playback no longer has (it showed the reader with nothing being read).
    m_vm.article = -1;
    m_vm.home_page = f.index / std::max(1, m_vm.home_per_page);
    set_screen(Screen::home, f);
    const Strings& s = strings();
    say(s.get("done.home_screen") + " " + spoken(m_vm, s, focused(m_vm)));
}

void Session::go_to_section(int section) {
    const auto* a = m_vm.current();
    if (!a || section < 0 || section >= m_vm.section_count()) return;
    m_port.post({CommandId::goto_section, section + 1});
    // The confirmation speaks the heading, so reading carries on from the first sentence rather
    // than saying the heading twice.
    const bool has_sentences = !a->sections[static_cast<std::size_t>(section)].sentences.empty();
    if (has_sentences) m_port.post({CommandId::next_sentence});
    m_vm.reading = Reading{section, has_sentences ? 1 : 0, false, 0, 0};
    m_vm.play = PlayState::playing;
    m_vm.question_page = section / std::max(1, m_vm.questions_per_page);
    m_resume_on_back = false;
    if (m_vm.screen != Screen::reader) set_screen(Screen::reader, {ItemKind::play_pause});
    changed();
    say(strings().format("done.section",
                         {{"n", std::to_string(section + 1)},
                          {"count", std::to_string(m_vm.section_count())},
                          {"heading", a->sections[static_cast<std::size_t>(section)].heading}}));
}

void Session::step_section(int delta) {
    if (!m_vm.current() || m_vm.screen == Screen::home) return say(strings().get("say.no_article"));
    const int target = m_vm.reading.section + delta;
    if (target < 0) return say(strings().get("done.first_section"));
    if (target >= m_vm.section_count()) return say(strings().get("done.last_section"));
    go_to_section(target);
}

void Session::page(int delta) {
    int* current = nullptr;
    int count = 0, per_page = 1;
    ItemKind kind = ItemKind::article;
    if (m_vm.screen == Screen::home) {
        current = &m_vm.home_page;
        count = static_cast<int>(m_vm.articles.size());
        per_page = m_vm.home_per_page;
    } else if (m_vm.screen == Screen::questions) {
        current = &m_vm.question_page;
        count = m_vm.section_count();
        per_page = m_vm.questions_per_page;
        kind = ItemKind::question;
    } else if (m_vm.screen == Screen::staff) {
        current = &m_vm.staff.page;
        count = kStaffEntries;
        per_page = m_vm.staff.per_page;
        kind = ItemKind::staff;
    } else {
        return say(strings().get("say.no_pages"));
    }
    const Strings& s = strings();
    const int pages = page_count(count, per_page);
    const int next = *current + delta;
    if (next < 0) return say(s.get("done.first_page"));
    if (next >= pages) return say(s.get("done.last_page"));
    *current = next;
    focus_item(m_vm, {kind, next * per_page});
    changed();
    say(s.format("done.page", {{"n", std::to_string(next + 1)}, {"count", std::to_string(pages)}}) +
        " " + spoken(m_vm, s, focused(m_vm)));
}

void Session::help() {
    if (m_vm.screen != Screen::help) {
        if (m_vm.play == PlayState::playing && m_vm.screen == Screen::reader) {
            m_port.post({CommandId::pause});
            m_resume_on_back = true;
        }
        m_vm.help_level = 1;
        m_vm.help_text = help_for(m_vm, strings(), focused(m_vm), 1);
        m_vm.help_return = m_vm.screen;
        set_screen(Screen::help, {ItemKind::help_text});
    } else {
        m_vm.help_level = m_vm.help_level % 3 + 1; // more detail each time, then round again
        m_vm.help_text = help_for(m_vm, strings(), focused(m_vm), m_vm.help_level);
        focus_item(m_vm, {ItemKind::help_text});
        changed();
    }
    const Strings& s = strings();
    say(m_vm.help_text + " " + s.get(m_vm.help_level < 3 ? "say.help_more" : "say.help_again"));
}

void Session::back() {
    const Strings& s = strings();
    switch (m_vm.screen) {
    case Screen::home:
        return say(where_am_i(m_vm, s));
    case Screen::reader:
        return go_home();
    case Screen::questions:
    case Screen::help: {
        const Screen to = m_vm.screen == Screen::help ? m_vm.help_return : Screen::reader;
        const ItemRef f =
            to == Screen::home ? ItemRef{ItemKind::article, m_vm.home_page * m_vm.home_per_page}
            : to == Screen::questions ? ItemRef{ItemKind::question, m_vm.reading.section}
                                      : ItemRef{ItemKind::play_pause};
        set_screen(to, f);
        std::string text = spoken(m_vm, strings(), focused(m_vm));
        if (to == Screen::reader && m_resume_on_back) {
            m_resume_on_back = false;
            m_vm.play = PlayState::playing;
            m_port.post({CommandId::play});
            text = strings().get("done.back_reading");
        }
        return say(text);
    }
    case Screen::staff_pin:
    case Screen::staff:
        return close_staff();
    }
}

void Session::questions() {
    if (!m_vm.current()) return say(strings().get("say.no_article"));
    if (m_vm.screen == Screen::questions) return say(where_am_i(m_vm, strings()));
    if (m_vm.play == PlayState::playing) {
        m_port.post({CommandId::pause});
        m_resume_on_back = true;
    }
    m_vm.question_page = m_vm.reading.section / std::max(1, m_vm.questions_per_page);
    set_screen(Screen::questions, {ItemKind::question, m_vm.reading.section});
    const Strings& s = strings();
    say(s.format("done.questions_screen", {{"count", std::to_string(m_vm.section_count())}}) + " " +
        spoken(m_vm, s, focused(m_vm)));
}

void Session::play_pause() {
    if (!m_vm.current() || m_vm.screen == Screen::home) return say(strings().get("say.no_article"));
    if (m_vm.play == PlayState::playing) {
        m_port.post({CommandId::pause});
        m_vm.play = PlayState::paused;
        changed();
        return say(strings().get("done.paused"));
    }
    m_port.post({CommandId::play});
    const bool from_top = m_vm.play == PlayState::finished;
    m_vm.play = PlayState::playing;
    changed();
    say(strings().get(from_top ? "done.playing_again" : "done.playing"));
}

void Session::setting(Action a) {
    const Strings& s = strings();
    const auto& l = m_vm.limits;
    // The kiosk never goes fully silent from the buttons: a patient who pressed Quieter too often
    // must still hear that the machine works.
    const int min_volume = std::max(l.volume_min, l.volume_step);
    struct Rule {
        Action action;
        bool at_limit;
        CommandId command;
        const char* done;
        const char* limit;
    };
    const Rule rules[] = {
        {Action::slower, m_vm.rate_wpm - l.rate_step < l.rate_min, CommandId::slower, "done.slower",
         "done.slowest"},
        {Action::faster, m_vm.rate_wpm + l.rate_step > l.rate_max, CommandId::faster, "done.faster",
         "done.fastest"},
        {Action::quieter, m_vm.volume - l.volume_step < min_volume, CommandId::quieter,
         "done.quieter", "done.quietest"},
        {Action::louder, m_vm.volume + l.volume_step > l.volume_max, CommandId::louder,
         "done.louder", "done.loudest"},
    };
    for (const auto& r : rules) {
        if (r.action != a) continue;
        if (r.at_limit) return say(s.get(r.limit));
        m_port.post({r.command});
        // Optimistic, so that quick presses count up; the settings event confirms it.
        if (a == Action::slower) m_vm.rate_wpm -= l.rate_step;
        if (a == Action::faster) m_vm.rate_wpm += l.rate_step;
        if (a == Action::quieter) m_vm.volume -= l.volume_step;
        if (a == Action::louder) m_vm.volume += l.volume_step;
        changed();
        return say(s.get(r.done));
    }
}

void Session::digit(int d, Nanos now) {
    if (m_vm.screen == Screen::staff_pin) return pin_digit(d);
    if (m_vm.screen == Screen::help || m_vm.screen == Screen::staff)
        return say(strings().get("say.no_number"));
    m_vm.digits += static_cast<char>('0' + d);
    const int count =
        m_vm.screen == Screen::home ? static_cast<int>(m_vm.articles.size()) : m_vm.section_count();
    const int n = std::stoi(m_vm.digits);
    // Wait for another digit only when one could still make a valid number ("1" of 12 may be 12).
    if (n * 10 <= count && m_vm.digits.size() < 3) {
        m_digit_deadline = now + kDigitWait;
        return;
    }
    finish_digits();
}

void Session::finish_digits() {
    const int n = m_vm.digits.empty() ? 0 : std::stoi(m_vm.digits);
    m_vm.digits.clear();
    m_digit_deadline.reset();
    if (m_vm.screen == Screen::home) {
        if (n >= 1 && n <= static_cast<int>(m_vm.articles.size())) return open_article(n - 1);
    } else if (m_vm.current() && n >= 1 && n <= m_vm.section_count()) {
        return go_to_section(n - 1);
    }
    say(strings().format("say.no_number", {{"n", std::to_string(n)}}));
}

void Session::tick(Nanos now) {
    if (m_digit_deadline && now >= *m_digit_deadline) finish_digits();
    if (const auto idle = idle_deadline(); idle && now >= *idle) reset_for_next_patient();
    if (const auto chord = chord_deadline(); chord && now >= *chord) open_pin_pad(now);
}

std::optional<Nanos> Session::deadline() const {
    std::optional<Nanos> first;
    for (const auto& d : {m_digit_deadline, idle_deadline(), chord_deadline()})
        if (d && (!first || *d < *first)) first = d;
    return first;
}

std::optional<Nanos> Session::idle_deadline() const {
    // A patient listening without pressing anything is still there: the clock only runs while
    // nothing is being read.
    if (!m_idle_since) return std::nullopt;
    // The staff menu closes by itself, reading or not, so it is never left open to a patient.
    if (on_staff_screen()) return *m_idle_since + m_options.staff.timeout;
    if (m_options.idle_timeout.count() <= 0) return std::nullopt;
    if (m_vm.article >= 0 && m_vm.play == PlayState::playing) return std::nullopt;
    return *m_idle_since + m_options.idle_timeout;
}

void Session::reset_for_next_patient() {
    m_idle_since.reset();
    if (m_vm.article >= 0) m_port.open(nullptr, {}); // stops reading (with a fade) and forgets it
    m_saved_section.clear();
    m_resume_on_back = false;
    m_help_held = m_help_used = false;
    m_pressed.reset();
    m_digit_deadline.reset();
    m_vm.digits.clear();
    m_vm.staff.typed.clear();
    m_vm.staff.failures = 0;
    m_vm.staff.page = 0;
    m_vm.article = -1;
    m_vm.reading = Reading{};
    m_vm.play = PlayState::stopped;
    m_vm.home_page = 0;
    m_vm.question_page = 0;
    // Volume and speed back to the defaults, in the engine as well as on screen.
    m_vm.rate_wpm = m_options.rate_wpm;
    m_vm.volume = m_options.volume;
    m_port.post({CommandId::rate, m_options.rate_wpm});
    m_port.post({CommandId::volume, m_options.volume});
    set_screen(Screen::home, {ItemKind::article, 0});
    changed();
    // Silence: nobody may be there. The next press is greeted as usual.
}

} // namespace lectern::ui
