// Implementation of playback/controller.hpp. Pure functions only: no clocks, no I/O.
#include "playback/controller.hpp"

#include <algorithm>

namespace lectern::playback {

const char* to_string(PlayState s) {
    switch (s) {
    case PlayState::stopped:
        return "stopped";
    case PlayState::playing:
        return "playing";
    case PlayState::paused:
        return "paused";
    case PlayState::finished:
        return "finished";
    }
    return "stopped";
}

bool Outline::valid(Cursor c) const {
    return c.section >= 0 && c.section < sections() && c.item >= 0 &&
           c.item < items_per_section[static_cast<std::size_t>(c.section)];
}

bool Outline::next(Cursor& c) const {
    if (!valid(c)) return false;
    if (c.item + 1 < items_per_section[static_cast<std::size_t>(c.section)]) {
        ++c.item;
        return true;
    }
    if (c.section + 1 < sections()) {
        c = Cursor{c.section + 1, 0};
        return true;
    }
    return false;
}

bool Outline::prev(Cursor& c) const {
    if (!valid(c)) return false;
    if (c.item > 0) {
        --c.item;
        return true;
    }
    if (c.section > 0) {
        const int s = c.section - 1;
        c = Cursor{s, items_per_section[static_cast<std::size_t>(s)] - 1};
        return true;
    }
    return false;
}

namespace {

class Stepper {
  public:
    Stepper(const Outline& outline, const Limits& limits, const State& state)
        : m_outline(outline), m_limits(limits), m_out{state, {}} {}

    Step finish() && { return std::move(m_out); }

    void on(const Command& cmd) {
        State& s = m_out.state;
        // Speed and volume belong to the kiosk, not to the article: they apply with nothing open
        // (the home screen, and the idle reset that restores the defaults there).
        const bool setting = cmd.id == CommandId::faster || cmd.id == CommandId::slower ||
                             cmd.id == CommandId::rate || cmd.id == CommandId::louder ||
                             cmd.id == CommandId::quieter || cmd.id == CommandId::volume;
        if (m_outline.sections() == 0 && !setting)
            return reject("this article has nothing to read");
        switch (cmd.id) {
        case CommandId::play:
            return play();
        case CommandId::pause:
            if (s.play == PlayState::playing) {
                emit(effect::Pause{});
                set_state(PlayState::paused);
            }
            return;
        case CommandId::toggle:
            return s.play == PlayState::playing ? on(Command{CommandId::pause}) : play();
        case CommandId::stop:
            if (s.play == PlayState::stopped) return;
            emit(effect::Stop{});
            s.word_offset = 0;
            return set_state(PlayState::stopped);
        case CommandId::next_section:
            if (s.cursor.section + 1 >= m_outline.sections())
                return reject("this is the last section");
            return go({s.cursor.section + 1, 0});
        case CommandId::prev_section:
            return go({std::max(0, s.cursor.section - 1), 0});
        case CommandId::restart_section:
            return go({s.cursor.section, 0});
        case CommandId::goto_section:
            if (cmd.arg < 1 || cmd.arg > m_outline.sections())
                return reject("there is no section " + std::to_string(cmd.arg) + "; choose 1 to " +
                              std::to_string(m_outline.sections()));
            return go({cmd.arg - 1, 0});
        case CommandId::next_sentence: {
            Cursor c = s.cursor;
            if (!m_outline.next(c)) return reject("this is the last sentence");
            return go(c);
        }
        case CommandId::prev_sentence: {
            Cursor c = s.cursor;
            m_outline.prev(c); // at the very first item this repeats it
            return go(c);
        }
        case CommandId::repeat_sentence:
            return go(s.cursor);
        case CommandId::faster:
            return set_rate(s.rate_wpm + m_limits.rate_step, false);
        case CommandId::slower:
            return set_rate(s.rate_wpm - m_limits.rate_step, false);
        case CommandId::rate:
            return set_rate(cmd.arg, true);
        case CommandId::louder:
            return set_volume(s.volume + m_limits.volume_step, false);
        case CommandId::quieter:
            return set_volume(s.volume - m_limits.volume_step, false);
        case CommandId::volume:
            return set_volume(cmd.arg, true);
        }
    }

    void on(const input::ItemHeard& heard) {
        if (!m_outline.valid(heard.cursor)) return;
        m_out.state.cursor = heard.cursor;
        m_out.state.word_offset = 0;
    }
    void on(const input::WordHeard& heard) { m_out.state.word_offset = heard.offset; }
    void on(const input::ReachedEnd&) {
        if (m_out.state.play != PlayState::playing) return;
        m_out.state.word_offset = 0;
        set_state(PlayState::finished);
    }

  private:
    void emit(Effect e) { m_out.effects.push_back(std::move(e)); }
    void reject(std::string message) { emit(effect::Rejected{std::move(message)}); }

    void set_state(PlayState p) {
        if (m_out.state.play == p) return;
        m_out.state.play = p;
        emit(effect::StateChanged{p});
    }

    void play() {
        State& s = m_out.state;
        switch (s.play) {
        case PlayState::playing:
            return;
        case PlayState::paused:
            emit(effect::Resume{});
            return set_state(PlayState::playing);
        case PlayState::stopped:
            if (!m_outline.valid(s.cursor)) s.cursor = {};
            return go(s.cursor);
        case PlayState::finished:
            return go({0, 0});
        }
    }

    /// Read from the start of item c.
    void go(Cursor c) {
        State& s = m_out.state;
        s.cursor = c;
        s.word_offset = 0;
        emit(effect::Speak{c, 0});
        set_state(PlayState::playing);
    }

    void set_rate(int wpm, bool exact) {
        State& s = m_out.state;
        if (exact && (wpm < m_limits.rate_min || wpm > m_limits.rate_max))
            return reject("rate " + std::to_string(wpm) + " is out of range; choose " +
                          std::to_string(m_limits.rate_min) + " to " +
                          std::to_string(m_limits.rate_max) + " words per minute");
        wpm = std::clamp(wpm, m_limits.rate_min, m_limits.rate_max);
        if (wpm == s.rate_wpm) {
            if (exact) return; // asking for what is already set is not a mistake
            return reject(wpm == m_limits.rate_max ? "already at the fastest speed"
                                                   : "already at the slowest speed");
        }
        s.rate_wpm = wpm;
        emit(effect::SetRate{wpm});
        // Heard at once: read on from the word being heard at the new rate.
        if (s.play == PlayState::playing) emit(effect::Speak{s.cursor, s.word_offset});
    }

    void set_volume(int volume, bool exact) {
        State& s = m_out.state;
        if (exact && (volume < m_limits.volume_min || volume > m_limits.volume_max))
            return reject("volume " + std::to_string(volume) + " is out of range; choose " +
                          std::to_string(m_limits.volume_min) + " to " +
                          std::to_string(m_limits.volume_max));
        volume = std::clamp(volume, m_limits.volume_min, m_limits.volume_max);
        if (volume == s.volume) {
            if (exact) return;
            return reject(volume == m_limits.volume_max ? "already at the loudest volume"
                                                        : "already at the quietest volume");
        }
        s.volume = volume;
        emit(effect::SetVolume{volume});
    }

    const Outline& m_outline;
    const Limits& m_limits;
    Step m_out;
};

} // namespace

Step step(const Outline& outline, const Limits& limits, const State& state, const Input& in) {
    Stepper stepper(outline, limits, state);
    std::visit([&](const auto& x) { stepper.on(x); }, in);
    return std::move(stepper).finish();
}

} // namespace lectern::playback
