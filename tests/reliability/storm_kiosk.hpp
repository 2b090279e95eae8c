// The kiosk under the input storm (test_input_storm.cpp): the real ui::Session wired to the real
// pure playback controller through SimPlayback, a synchronous PlaybackPort that steps the
// controller as playback::Driver does and feeds its events back with "heard" progress on a fake
// clock, plus the real control-channel line handler; and violation(), the invariants checked
// after every event. Test thread only.
#pragma once

#include "app/control_channel.hpp"
#include "content/catalog.hpp"
#include "playback/reading.hpp"
#include "ui/session.hpp"
#include "ui/text_fit.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lectern::test::storm {

using namespace std::chrono_literals;
using playback::Cursor;
using playback::Event;
using playback::EventType;
using playback::PlayState;
namespace effect = playback::effect;

/// Everything the simulated playback side holds, as plain values, so that the Back probe can save
/// and restore it around a look-ahead on a copy of the Session.
struct PlaybackModel {
    std::shared_ptr<const content::Article> article;
    playback::Outline outline;
    playback::State state;
    int last_section_heard = -1;
    std::optional<std::string> announcement;               ///< interface speech waiting to be heard
    std::optional<std::pair<Cursor, std::size_t>> to_hear; ///< reading queued, not yet heard
    bool reading_flushed = false; ///< speech replaced the paused reading (the Driver's flag)
    std::deque<Event> events;     ///< for the Session, delivered after each input
    int announcements = 0;        ///< announce() calls since the Session's last input began
    int most_announcements = 0;   ///< the most for one input since the storm's last event began
    int session_refusals = 0;     ///< commands from the Session that the controller refused
    std::string last_refusal;
};

/// The playback side, synchronous: the pure controller stepped as playback::Driver steps it.
class SimPlayback final : public ui::PlaybackPort {
  public:
    explicit SimPlayback(const Clock& clock) : m_clock(clock) {}
    PlaybackModel m;

    void post(playback::Command c) override { apply(c, true); }
    void announce(std::string text) override {
        m.most_announcements = std::max(m.most_announcements, ++m.announcements);
        m.announcement = std::move(text);
    }
    void open(std::shared_ptr<const content::Article> a, Cursor at) override {
        // As Driver::open: stop, forget queued audio and speech; rate and volume are kept.
        m.article = std::move(a);
        m.outline = m.article ? playback::outline_of_article(*m.article) : playback::Outline{};
        m.announcement.reset();
        m.to_hear.reset();
        m.reading_flushed = false;
        m.last_section_heard = -1;
        const PlayState before = m.state.play;
        m.state.play = PlayState::stopped;
        m.state.cursor = m.outline.valid(at) ? at : Cursor{};
        m.state.word_offset = 0;
        if (before != PlayState::stopped) state_event(PlayState::stopped);
        m.events.push_back(event(EventType::ready));
    }
    /// The Session is about to take one input (a key, a press, a tick, a playback event).
    void input() { m.announcements = 0; }
    /// A command from the control channel: straight to playback, as in the kiosk.
    void control(playback::Command c) { apply(c, false); }

    /// The device plays what is queued: the announcement first (it interrupted the reading), then
    /// the reading from where it stands. Events reach the Session in order; speech it says in
    /// answer (e.g. "finished") is played in turn.
    void deliver(ui::Session& s) {
        for (int round = 0; round < 8; ++round) {
            if (m.announcement) {
                Event e = event(EventType::announcement);
                e.text = std::move(*m.announcement);
                m.events.push_back(std::move(e));
                m.announcement.reset();
                if (m.state.play == PlayState::playing) m.to_hear = {{m.state.cursor, 0}};
                if (m.state.play == PlayState::paused) m.reading_flushed = true;
            }
            if (m.to_hear && m.state.play == PlayState::playing) {
                const auto [c, offset] = *m.to_hear;
                m.to_hear.reset();
                hear(c, offset);
            }
            if (m.events.empty()) return;
            while (!m.events.empty()) {
                const Event e = std::move(m.events.front());
                m.events.pop_front();
                input();
                s.playback_event(e);
            }
        }
    }

    /// Time passes while reading: the next word of the item is heard, else the next item, else
    /// the end. False when nothing is being read.
    bool progress() {
        if (m.state.play != PlayState::playing || !m.article || m.to_hear) return false;
        const Cursor c = m.state.cursor;
        const std::string& text = playback::item_text(*m.article, c);
        const std::size_t gap = text.find(' ', m.state.word_offset);
        const std::size_t next = gap == std::string::npos ? gap : text.find_first_not_of(' ', gap);
        if (next != std::string::npos) {
            apply(playback::input::WordHeard{next});
            Event e = event(EventType::word);
            e.section = c.section + 1;
            e.sentence = c.item;
            e.word_offset = next;
            e.word_length = std::min(text.find(' ', next), text.size()) - next;
            e.text = text.substr(next, e.word_length);
            m.events.push_back(std::move(e));
            return true;
        }
        Cursor n = c;
        if (m.outline.next(n)) {
            hear(n, 0);
        } else {
            apply(playback::input::ReachedEnd{});
        }
        return true;
    }

  private:
    Event event(EventType t) const {
        Event e;
        e.type = t;
        e.t = m_clock.now();
        return e;
    }
    void state_event(PlayState p) {
        Event e = event(EventType::state);
        e.state = p;
        m.events.push_back(std::move(e));
    }
    void apply(const playback::Input& in, bool from_session = false) {
        auto r = playback::step(m.outline, m_limits, m.state, in);
        m.state = r.state;
        for (const auto& e : r.effects)
            std::visit([&](const auto& x) { run(x, from_session); }, e);
    }
    void run(const effect::Speak& s, bool) {
        m.to_hear = {{s.from, s.offset}};
        m.reading_flushed = false;
    }
    void run(const effect::Pause&, bool) {}
    void run(const effect::Resume&, bool) {
        if (m.reading_flushed) m.to_hear = {{m.state.cursor, m.state.word_offset}};
        m.reading_flushed = false;
    }
    void run(const effect::Stop&, bool) {
        m.to_hear.reset();
        m.reading_flushed = false;
    }
    void run(const effect::SetVolume&, bool) { settings_event(); }
    void run(const effect::SetRate&, bool) { settings_event(); }
    void run(const effect::StateChanged& s, bool) { state_event(s.state); }
    void run(const effect::Rejected& r, bool from_session) {
        Event e = event(EventType::error);
        e.message = r.message;
        m.events.push_back(std::move(e));
        if (!from_session) return;
        ++m.session_refusals;
        m.last_refusal = r.message;
    }
    void settings_event() {
        Event e = event(EventType::settings);
        e.rate_wpm = m.state.rate_wpm;
        e.volume = m.state.volume;
        m.events.push_back(std::move(e));
    }
    /// As the Driver reports a heard item mark.
    void hear(Cursor c, std::size_t offset) {
        apply(playback::input::ItemHeard{c});
        if (offset > 0) apply(playback::input::WordHeard{offset});
        const auto& section = m.article->sections[static_cast<std::size_t>(c.section)];
        if (c.section != m.last_section_heard || (c.item == 0 && offset == 0)) {
            m.last_section_heard = c.section;
            Event e = event(EventType::section);
            e.section = c.section + 1;
            e.section_count = m.outline.sections();
            e.heading = section.heading;
            m.events.push_back(std::move(e));
        }
        if (c.item > 0 && offset == 0) {
            Event e = event(EventType::sentence);
            e.section = c.section + 1;
            e.sentence = c.item;
            e.sentence_count = static_cast<int>(section.sentences.size());
            e.text = playback::item_text(*m.article, c);
            m.events.push_back(std::move(e));
        }
    }

    const Clock& m_clock;
    playback::Limits m_limits; // DriverOptions' defaults, as in the kiosk
};

inline std::vector<std::shared_ptr<const content::Article>> bundled_articles() {
    std::vector<std::shared_ptr<const content::Article>> out;
    for (const auto& e : content::load_catalog(std::string(LECTERN_SOURCE_DIR) + "/content"))
        out.push_back(e.article);
    return out;
}

inline const ui::StringLibrary& interface_strings() {
    static const auto lib = ui::StringLibrary::load(std::string(LECTERN_SOURCE_DIR) + "/voices/ui");
    return lib;
}

/// True when the screen belongs to an open article (help counts as the screen it came from).
inline bool article_screen(const ui::ViewModel& vm) {
    return vm.screen == ui::Screen::reader || vm.screen == ui::Screen::questions ||
           (vm.screen == ui::Screen::help && vm.help_return != ui::Screen::home);
}

/// The kiosk and one storm: the Session, the playback side and the control channel.
struct Kiosk {
    FakeClock clock;
    SimPlayback port{clock};
    ui::ApproxMeasure measure;
    ui::Session session;
    app::ControlChannel channel;
    std::set<std::string> held; ///< keys down now

    explicit Kiosk(const std::vector<std::shared_ptr<const content::Article>>& articles)
        : session(articles, interface_strings(), ui::KeyMap::defaults(), port, measure, {}),
          channel(-1, app::ControlChannel::Mode::lines, handlers(), clock) {
        clock.set(1h);
        // Never started: stop() leaves the wake pipe readable, so a "wait" line returns at once.
        channel.stop();
        session.start();
        port.deliver(session);
    }
    Nanos now() const { return clock.now(); }
    void key(const std::string& name, bool down) {
        port.input();
        session.key(name, down, now());
        if (down) {
            held.insert(name);
        } else {
            held.erase(name);
        }
    }
    void tap(ui::Point p) {
        pointer(p, true);
        pointer(p, false);
    }
    void pointer(ui::Point p, bool down) {
        port.input();
        session.pointer(p, down, now());
    }
    app::ControlChannel::Handlers handlers() {
        app::ControlChannel::Handlers h;
        h.command = [this](const playback::Command& c) { port.control(c); };
        h.error = [](std::string) {};             // garbage is expected; the channel carries on
        h.extra = [this](std::string_view line) { // as the kiosk's key, keydown, keyup and tap
            const auto space = line.find(' ');
            const std::string_view word = line.substr(0, space);
            const std::string rest(space == line.npos ? "" : line.substr(space + 1));
            if (word == "key" || word == "keydown" || word == "keyup") {
                if (rest.empty()) return true;
                if (word != "keyup") key(rest, true);
                if (word != "keydown") key(rest, false);
                return true;
            }
            if (word != "tap") return false;
            int x = 0, y = 0;
            if (std::sscanf(rest.c_str(), "%d %d", &x, &y) == 2) tap({x, y});
            return true;
        };
        return h;
    }
};

/// What must hold after every event; empty when it does, else what broke.
inline std::string violation(Kiosk& k) {
    const ui::ViewModel& vm = k.session.view();
    const PlaybackModel& pm = k.port.m;
    // At most one utterance queued: each input the Session takes (a key going down or up, a
    // press, a tick, a playback event) makes at most one announcement. Every action confirms
    // itself in ONE announcement; a second would queue behind the first in the Driver.
    if (pm.most_announcements > 1)
        return "one input made " + std::to_string(pm.most_announcements) + " announcements";
    // A valid state: focus on an item of the screen, pages and positions in range; playback's
    // cursor inside its article, and nothing read without one.
    if (pm.article && !pm.outline.valid(pm.state.cursor)) return "playback's cursor is outside";
    if (!pm.article && pm.state.play != PlayState::stopped) return "playback reads nothing";
    const int n = static_cast<int>(ui::items(vm).size());
    if (vm.focus < 0 || vm.focus >= n) return "focus out of range";
    if (vm.home_page < 0 ||
        vm.home_page >= ui::page_count(static_cast<int>(vm.articles.size()), vm.home_per_page))
        return "home page out of range";
    if (vm.screen == ui::Screen::help && (vm.help_level < 1 || vm.help_level > 3))
        return "help level out of range";
    if (vm.digits.size() > 3) return "more than three digits waiting";
    if (vm.rate_wpm < vm.limits.rate_min || vm.rate_wpm > vm.limits.rate_max)
        return "rate shown out of range";
    if (vm.volume < vm.limits.volume_min || vm.volume > vm.limits.volume_max)
        return "volume shown out of range";
    // Every command the Session sends is one playback can carry out.
    if (pm.session_refusals > 0) return "playback refused the Session: " + pm.last_refusal;
    // The settings shown are the settings heard.
    if (vm.rate_wpm != pm.state.rate_wpm || vm.volume != pm.state.volume)
        return "settings shown " + std::to_string(vm.rate_wpm) + "/" + std::to_string(vm.volume) +
               " but playback has " + std::to_string(pm.state.rate_wpm) + "/" +
               std::to_string(pm.state.volume);
    // What is shown is what is open: an article's screens read that article; home reads nothing.
    const auto* open = pm.article.get();
    const bool home = vm.screen == ui::Screen::home ||
                      (vm.screen == ui::Screen::help && vm.help_return == ui::Screen::home);
    if (home) {
        if (open) return "an article is open in playback on the home screen";
    } else if (article_screen(vm)) {
        if (!vm.current() || open != vm.current())
            return std::string("the ") + ui::to_string(vm.screen) +
                   " screen shows an article playback does not have open";
        if (vm.play != pm.state.play)
            return std::string("shown as ") + playback::to_string(vm.play) + " but playback is " +
                   playback::to_string(pm.state.play);
        if (vm.question_page < 0 ||
            vm.question_page >= ui::page_count(vm.section_count(), vm.questions_per_page))
            return "question page out of range";
        // The spoken position matches the shown one (events are delivered by now).
        const Cursor c = pm.state.cursor;
        if (vm.reading.section != c.section || vm.reading.sentence != c.item)
            return "shows section " + std::to_string(vm.reading.section) + " sentence " +
                   std::to_string(vm.reading.sentence) + " but playback is at " +
                   std::to_string(c.section) + "/" + std::to_string(c.item);
        // While reading or paused, a highlighted word is the word heard. (Stopped or finished,
        // playback forgets the word but the screen may keep the last one lit: nothing is heard.)
        const bool live = pm.state.play == PlayState::playing || pm.state.play == PlayState::paused;
        if (vm.reading.has_word) {
            const auto& text = playback::item_text(*vm.current(), c);
            if ((live && vm.reading.word_offset != pm.state.word_offset) ||
                vm.reading.word_offset + vm.reading.word_length > text.size())
                return "highlighted word is not the word heard";
        }
    }
    // Every target lies inside the window (a tap can reach it).
    const ui::Frame& f = k.session.frame();
    for (const auto& t : f.targets)
        if (!t.rect.inside({0, 0, f.size.w, f.size.h})) return "a target lies outside the window";
    // Home is reachable from anywhere in at most 5 presses of Back (after letting go of any held
    // key), tried on a copy of the Session with the playback side saved and restored.
    const PlaybackModel saved = k.port.m;
    ui::Session probe = k.session;
    for (const auto& name : k.held)
        probe.key(name, false, k.now());
    k.port.deliver(probe);
    int presses = 0;
    for (; presses < 5 && probe.view().screen != ui::Screen::home; ++presses) {
        probe.key("escape", true, k.now());
        probe.key("escape", false, k.now());
        k.port.deliver(probe);
    }
    const bool reached = probe.view().screen == ui::Screen::home;
    k.port.m = saved;
    if (!reached) return "home is not reachable in 5 presses of Back";
    return {};
}

} // namespace lectern::test::storm
