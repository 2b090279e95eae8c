// Implementation of playback/driver.hpp: the playback thread. See the header for the contract.
#include "playback/driver.hpp"

#include "core/log.hpp"
#include "playback/reading.hpp"
#include "text/normalize.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace lectern::playback {

float gain_for_volume(int volume_percent) {
    if (volume_percent <= 0) return 0.0f;
    return static_cast<float>(std::pow(10.0, (volume_percent - 100) * 0.015));
}

namespace {

/// The pause between interface speech and the reading it interrupted.
constexpr int kAfterAnnouncementMs = 300;

struct Mark {
    enum class Kind { item, word, end, announcement, announcement_end };
    std::uint64_t position = 0;
    Kind kind = Kind::item;
    Cursor cursor;
    std::size_t offset = 0, length = 0;
    std::string text; // announcements only
};

/// A command or interface speech, in the order they were posted.
struct Request {
    Command command;
    std::optional<std::string> announcement;
    std::optional<std::shared_ptr<const content::Article>> article; // open()
    Cursor at;
    std::optional<synth::VoiceProfile> voice;
};

const std::shared_ptr<const content::Article>&
or_empty(const std::shared_ptr<const content::Article>& a) {
    static const auto empty = std::make_shared<const content::Article>();
    return a ? a : empty;
}

/// A latency probe armed by a command and answered by the audio callback's timestamps.
struct Probe {
    bool armed = false;
    Nanos since{0};
    std::string command;
};

} // namespace

struct Driver::Impl final : synth::SynthOutput {
    Impl(std::shared_ptr<const content::Article> a, synth::Synthesizer& s, audio::OutputEngine& e,
         DriverOptions o, EventSink ev, const Clock& c)
        : article(or_empty(a)), synth(s), engine(e), options(std::move(o)), events(std::move(ev)),
          clock(c), outline(outline_of_article(*article)) {
        state.rate_wpm = std::clamp(options.voice.params.rate_wpm, options.limits.rate_min,
                                    options.limits.rate_max);
        state.volume =
            std::clamp(options.volume, options.limits.volume_min, options.limits.volume_max);
    }

    // ---- shared with other threads (guarded by mutex) ----
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::deque<Request> queue;
    std::atomic<bool> has_commands{false};
    bool quit = false;
    State shared_state;
    std::uint64_t posted = 0, done = 0; // requests, for pending()

    // ---- playback thread only ----
    std::shared_ptr<const content::Article> article;
    synth::Synthesizer& synth;
    audio::OutputEngine& engine;
    DriverOptions options;
    EventSink events;
    const Clock& clock;
    Outline outline;
    State state;
    std::thread thread;

    std::vector<Sample> pending; // synthesised, not yet in the ring
    std::size_t pending_read = 0;
    std::uint64_t write_position = 0; // stream position of the next sample appended to pending
    std::uint64_t flushed_at = 0;     // stream position where the last flush put new audio
    std::deque<Mark> marks;
    std::uint64_t generation = 0; // bumped by every flush; a synthesis from an older one is void
    bool synth_done = true;
    Cursor synth_cursor;
    std::size_t synth_offset = 0;
    bool params_dirty = true;
    Probe start_probe, pause_probe;
    std::uint64_t underruns_seen = 0;
    int last_section_heard = -1;
    std::deque<std::string> announcements; // waiting to be synthesised (never inside a synthesis)
    bool reading_flushed = false;          // an announcement replaced the paused reading's audio
    Nanos current_command_time{0};
    std::string current_command;

    // Per-synthesis bookkeeping (valid during synthesize()).
    std::uint64_t item_base = 0;
    SilenceTrimmer trimmer;
    std::uint64_t item_generation = 0;
    std::size_t item_from = 0;
    const text::Normalized* item_normalized = nullptr;
    Cursor item_cursor;

    // ---------------------------------------------------------------------------------------
    void emit(Event e) {
        e.t = clock.now();
        if (events) events(e);
    }
    void emit_error(std::string message) {
        Event e;
        e.type = EventType::error;
        e.message = std::move(message);
        emit(std::move(e));
    }

    const std::string& item_text(Cursor c) const { return playback::item_text(*article, c); }

    void publish_state() {
        std::lock_guard lock(mutex);
        shared_state = state;
    }

    // ---- commands and effects ------------------------------------------------------------
    void process_commands() {
        std::deque<Request> batch;
        {
            std::lock_guard lock(mutex);
            batch.swap(queue);
            has_commands.store(false, std::memory_order_release);
        }
        for (Request& r : batch) {
            if (r.article) {
                open_article(or_empty(*r.article), r.at, std::move(r.voice));
                continue;
            }
            if (r.announcement) {
                // Interrupts at once; synthesised by the loop, outside any running synthesis.
                flush_queued_audio();
                announcements.push_back(std::move(*r.announcement));
                continue;
            }
            current_command_time = r.command.received;
            current_command = std::string(info(r.command.id).name);
            apply(r.command);
        }
        std::lock_guard lock(mutex);
        done += batch.size();
    }

    void apply(const Input& in) {
        Step result = step(outline, options.limits, state, in);
        state = result.state;
        for (auto& e : result.effects)
            std::visit([&](auto& x) { run(x); }, e);
        publish_state();
    }

    void flush_queued_audio() {
        ++generation;
        write_position = engine.flush();
        flushed_at = write_position;
        pending.clear();
        pending_read = 0;
        marks.clear();
    }

    void open_article(std::shared_ptr<const content::Article> next, Cursor at,
                      std::optional<synth::VoiceProfile> voice) {
        flush_queued_audio();
        if (voice) {
            options.voice = std::move(*voice);
            params_dirty = true; // applied before the next synthesis
        }
        announcements.clear();
        synth_done = true;
        reading_flushed = false;
        start_probe.armed = pause_probe.armed = false;
        engine.set_active(false);
        article = std::move(next);
        outline = outline_of_article(*article);
        const PlayState before = state.play;
        state.play = PlayState::stopped;
        state.cursor = outline.valid(at) ? at : Cursor{};
        state.word_offset = 0;
        last_section_heard = -1;
        if (before != PlayState::stopped) {
            effect::StateChanged changed{PlayState::stopped};
            run(changed);
        }
        publish_state();
        emit_ready();
    }

    void emit_ready() {
        Event e;
        e.type = EventType::ready;
        e.section_count = outline.sections();
        e.heading = article->title;
        emit(std::move(e));
    }

    void run(effect::Speak& s) {
        flush_queued_audio();
        reading_flushed = false;
        synth_cursor = s.from;
        synth_offset = s.offset;
        synth_done = false;
        engine.set_active(true);
        engine.set_paused(false);
        engine.arm_audio_start(write_position);
        start_probe = Probe{true, current_command_time, current_command};
        pause_probe.armed = false;
    }
    void run(effect::Pause&) {
        engine.set_paused(true);
        pause_probe = Probe{true, current_command_time, current_command};
        start_probe.armed = false;
    }
    void run(effect::Resume&) {
        if (reading_flushed) { // interface speech replaced the paused audio: read it again
            effect::Speak again{state.cursor, state.word_offset};
            return run(again);
        }
        engine.arm_audio_start(engine.frames_played());
        engine.set_paused(false);
        start_probe = Probe{true, current_command_time, current_command};
        pause_probe.armed = false;
    }
    void run(effect::Stop&) {
        flush_queued_audio();
        reading_flushed = false;
        synth_done = true;
        engine.set_active(false);
        start_probe.armed = pause_probe.armed = false;
    }
    void run(effect::SetVolume& v) {
        engine.set_gain(gain_for_volume(v.volume));
        emit_settings();
    }
    void run(effect::SetRate&) {
        params_dirty = true; // applied before the next synthesis, never inside one
        emit_settings();
    }
    void run(effect::StateChanged& s) {
        Event e;
        e.type = EventType::state;
        e.state = s.state;
        emit(std::move(e));
    }
    void run(effect::Rejected& r) { emit_error(r.message); }

    void emit_settings() {
        Event e;
        e.type = EventType::settings;
        e.rate_wpm = state.rate_wpm;
        e.volume = state.volume;
        emit(std::move(e));
    }

    // ---- synthesis -----------------------------------------------------------------------
    std::uint64_t frames_ahead() const {
        const std::uint64_t played = engine.frames_played();
        return write_position > played ? write_position - played : 0;
    }

    bool wants_synthesis() const {
        return !synth_done && state.play == PlayState::playing &&
               frames_ahead() < ms_to_frames(options.lookahead_ms, engine.sample_rate());
    }

    void append(std::span<const Sample> pcm) {
        pending.insert(pending.end(), pcm.begin(), pcm.end());
        write_position += pcm.size();
        pump();
    }

    void append_silence(int ms) {
        const std::size_t n = ms_to_frames(ms, engine.sample_rate());
        pending.resize(pending.size() + n, 0);
        write_position += n;
        pump();
    }

    /// Frames in the ring that are still to be heard (what precedes the last flush does not count:
    /// the device drops it).
    std::uint64_t queued_in_ring() const {
        const std::uint64_t from = std::max(engine.frames_played(), flushed_at);
        const std::uint64_t written = engine.frames_written();
        return written > from ? written - from : 0;
    }

    /// Moves pending audio into the ring, keeping at most the lookahead there, so that the ring
    /// always has room for what follows a flush (a press is answered without waiting).
    void pump() {
        if (pending_read < pending.size()) {
            const std::uint64_t limit = ms_to_frames(options.lookahead_ms, engine.sample_rate());
            const std::uint64_t queued = queued_in_ring();
            const std::size_t room = queued < limit ? static_cast<std::size_t>(limit - queued) : 0;
            const std::size_t n = std::min(room, pending.size() - pending_read);
            pending_read += engine.write({pending.data() + pending_read, n});
        }
        if (pending_read == pending.size()) {
            pending.clear();
            pending_read = 0;
        }
    }

    bool on_audio(std::span<const Sample> pcm) override {
        trimmer.feed(pcm, [this](std::span<const Sample> audible) { append(audible); });
        // Commands are handled between chunks so that a press is answered within one chunk.
        if (has_commands.load(std::memory_order_acquire)) process_commands();
        return generation == item_generation;
    }

    void on_word(const synth::WordMark& mark) override {
        if (generation != item_generation || item_normalized == nullptr) return;
        const std::size_t trimmed = trimmer.leading_trimmed();
        const std::uint64_t frame = mark.frame > trimmed ? mark.frame - trimmed : 0;
        const std::size_t begin = item_from + item_normalized->to_input(mark.text_offset);
        const std::size_t end =
            item_from + item_normalized->to_input(mark.text_offset + mark.text_length);
        // The later words of a rewritten token ("12/05/2026" read as "December 5th, twenty ...")
        // map to the token's end: the whole token stays highlighted while they are spoken.
        if (end <= begin) return;
        marks.push_back(
            Mark{item_base + frame, Mark::Kind::word, item_cursor, begin, end - begin, {}});
    }

    void synthesize_next_item() {
        if (params_dirty) configure_synth();
        const Cursor cursor = synth_cursor;
        const std::string& full = item_text(cursor);
        const std::size_t from = std::min(synth_offset, full.size());
        const text::Normalized normalized = text::normalize(
            std::string_view(full).substr(from), text::NormalizeOptions{options.voice.language});

        item_base = write_position;
        trimmer.reset();
        item_generation = generation;
        item_from = from;
        item_normalized = &normalized;
        item_cursor = cursor;
        // Leading silence is trimmed, so the item's first audible sample lands exactly at
        // item_base.
        marks.push_back(Mark{item_base, Mark::Kind::item, cursor, from, 0, {}});

        auto result = synth.synthesize(normalized.ssml, true, *this);
        item_normalized = nullptr;
        if (generation != item_generation) return; // a command moved the position meanwhile
        if (!result) {                             // skip the item, keep reading, and say so
            emit_error(result.error().message);
            apologise();
            if (generation != item_generation) return;
        }

        Cursor next = cursor;
        const bool more = outline.next(next);
        append_silence(pause_after_ms(*article, outline, options.voice, cursor));
        synth_offset = 0;
        if (more) {
            synth_cursor = next;
        } else {
            synth_done = true;
            marks.push_back(Mark{write_position, Mark::Kind::end, cursor, 0, 0, {}});
        }
    }

    /// Speaks DriverOptions::apologies where the failed item was (no word marks: not article text).
    void apologise() {
        auto it = options.apologies.find(options.voice.language);
        if (it == options.apologies.end()) it = options.apologies.find("en");
        if (it == options.apologies.end() || it->second.empty()) return;
        const text::Normalized n =
            text::normalize(it->second, text::NormalizeOptions{options.voice.language});
        if (auto r = synth.synthesize(n.ssml, true, *this); !r) emit_error(r.error().message);
    }

    /// Interface speech: interrupts whatever was queued (already flushed when it was posted), then
    /// reading carries on from the start of the interrupted sentence.
    void synthesize_announcement() {
        std::string text = std::move(announcements.front());
        announcements.pop_front();
        if (params_dirty) configure_synth();
        engine.set_active(true);
        engine.set_paused(false);
        const text::Normalized normalized =
            text::normalize(text, text::NormalizeOptions{options.voice.language});
        item_base = write_position;
        trimmer.reset();
        item_generation = generation;
        item_from = 0;
        item_normalized = nullptr; // no word marks for interface speech
        marks.push_back(
            Mark{item_base, Mark::Kind::announcement, state.cursor, 0, 0, std::move(text)});
        auto result = synth.synthesize(normalized.ssml, true, *this);
        if (generation != item_generation) return; // interrupted by a newer command or announcement
        if (!result) emit_error(result.error().message);
        if (state.play == PlayState::playing && announcements.empty()) {
            append_silence(kAfterAnnouncementMs);
            synth_cursor = state.cursor;
            synth_offset = 0;
            synth_done = false;
        } else {
            synth_done = true;
            if (state.play == PlayState::paused) reading_flushed = true;
            marks.push_back(
                Mark{write_position, Mark::Kind::announcement_end, state.cursor, 0, 0, {}});
        }
    }

    void configure_synth() {
        synth::SynthParams p = options.voice.params;
        p.rate_wpm = state.rate_wpm;
        if (auto r = synth.configure(p); !r) emit_error(r.error().message);
        params_dirty = false;
    }

    // ---- what the ear hears ----------------------------------------------------------------
    void service_marks() {
        const std::uint64_t played = engine.frames_played();
        // A mark is heard once the sample at its position has been consumed; the end once
        // everything before it has.
        const auto heard_by = [played](const Mark& m) {
            return m.kind == Mark::Kind::end || m.kind == Mark::Kind::announcement_end
                       ? m.position <= played
                       : m.position < played;
        };
        while (!marks.empty() && heard_by(marks.front())) {
            const Mark m = marks.front();
            marks.pop_front();
            heard(m);
        }
    }

    void heard(const Mark& m) {
        switch (m.kind) {
        case Mark::Kind::item: {
            const auto& section = article->sections[static_cast<std::size_t>(m.cursor.section)];
            apply(input::ItemHeard{m.cursor});
            if (m.offset > 0) apply(input::WordHeard{m.offset}); // resumed mid-item (rate change)
            if (m.cursor.section != last_section_heard || (m.cursor.item == 0 && m.offset == 0)) {
                last_section_heard = m.cursor.section;
                Event e;
                e.type = EventType::section;
                e.section = m.cursor.section + 1;
                e.section_count = outline.sections();
                e.heading = section.heading;
                emit(std::move(e));
            }
            if (m.cursor.item > 0 && m.offset == 0) {
                Event e;
                e.type = EventType::sentence;
                e.section = m.cursor.section + 1;
                e.sentence = m.cursor.item;
                e.sentence_count = static_cast<int>(section.sentences.size());
                e.text = item_text(m.cursor);
                emit(std::move(e));
            }
            break;
        }
        case Mark::Kind::word: {
            apply(input::WordHeard{m.offset});
            if (!options.word_events) break;
            Event e;
            e.type = EventType::word;
            e.section = m.cursor.section + 1;
            e.sentence = m.cursor.item;
            e.word_offset = m.offset;
            e.word_length = m.length;
            const std::string& t = item_text(m.cursor);
            e.text = t.substr(std::min(m.offset, t.size()), m.length);
            emit(std::move(e));
            break;
        }
        case Mark::Kind::end:
            apply(input::ReachedEnd{});
            engine.set_active(false);
            break;
        case Mark::Kind::announcement: {
            Event e;
            e.type = EventType::announcement;
            e.text = m.text;
            emit(std::move(e));
            break;
        }
        case Mark::Kind::announcement_end:
            if (state.play != PlayState::playing) engine.set_active(false);
            break;
        }
    }

    void service_probes() {
        if (start_probe.armed && engine.audio_start_time().count() != 0) {
            emit_latency(EventType::audio_start, start_probe, engine.audio_start_time());
            start_probe.armed = false;
        }
        if (pause_probe.armed && engine.paused_time().count() != 0) {
            emit_latency(EventType::paused, pause_probe, engine.paused_time());
            pause_probe.armed = false;
        }
        if (const auto u = engine.underruns(); u != underruns_seen) {
            underruns_seen = u;
            if (state.play == PlayState::playing) {
                Event e;
                e.type = EventType::underrun;
                e.count = u;
                emit(std::move(e));
            }
        }
    }

    void emit_latency(EventType type, const Probe& p, Nanos at) {
        Event e;
        e.type = type;
        e.latency_ms = std::max(0.0, to_ms(at - p.since));
        e.command = p.command;
        emit(std::move(e));
    }

    /// How long the thread may sleep before something needs it (nullopt: until a command). Only
    /// reading needs timed wake-ups; a paused, stopped or finished kiosk sleeps until a command.
    std::optional<Nanos> next_wake() const {
        using namespace std::chrono;
        std::optional<Nanos> wait;
        const auto consider = [&](Nanos d) { wait = wait ? std::min(*wait, d) : d; };
        if (start_probe.armed || pause_probe.armed) consider(milliseconds(1));
        // Interface speech while paused or stopped still has marks to report.
        if (state.play != PlayState::playing && marks.empty()) return wait;
        const int rate = engine.sample_rate();
        const auto frames_to_time = [&](std::uint64_t frames) {
            return duration_cast<Nanos>(duration<double>(static_cast<double>(frames) / rate));
        };
        const std::uint64_t played = engine.frames_played();
        if (!marks.empty())
            consider(frames_to_time(
                marks.front().position >= played ? marks.front().position - played + 1 : 0));
        if (pending_read < pending.size()) { // the ring holds the lookahead: top it up at half
            const std::uint64_t half = ms_to_frames(options.lookahead_ms, rate) / 2;
            const std::uint64_t queued = queued_in_ring();
            consider(frames_to_time(queued > half ? queued - half : 0));
        }
        if (!synth_done) {
            const std::uint64_t target = ms_to_frames(options.lookahead_ms, rate);
            const std::uint64_t ahead = frames_ahead();
            consider(frames_to_time(ahead > target / 2 ? ahead - target / 2 : 0));
        }
        consider(Nanos(options.max_sleep));
        return std::max(*wait, Nanos(microseconds(500)));
    }

    void loop() {
        emit_ready();
        engine.set_gain(gain_for_volume(state.volume));
        write_position = engine.frames_written();
        publish_state();
        for (;;) {
            process_commands();
            if (!announcements.empty()) {
                synthesize_announcement();
                continue;
            }
            if (wants_synthesis()) synthesize_next_item();
            pump();
            service_marks();
            service_probes();
            if (wants_synthesis()) continue;
            std::unique_lock lock(mutex);
            if (quit && queue.empty()) break;
            const auto ready = [&] { return quit || !queue.empty(); };
            if (quit) continue; // carry out what was posted before shutdown() first
            if (const auto wait = next_wake()) {
                wake.wait_for(lock, *wait, ready);
            } else {
                wake.wait(lock, ready);
            }
        }
        // Fade out rather than cut: a click in headphones is startling.
        engine.set_paused(true);
        engine.set_active(false);
    }
};

Driver::Driver(std::shared_ptr<const content::Article> article, synth::Synthesizer& synth,
               audio::OutputEngine& engine, DriverOptions options, EventSink events,
               const Clock& clock)
    : m_impl(std::make_unique<Impl>(std::move(article), synth, engine, std::move(options),
                                    std::move(events), clock)) {}

Driver::~Driver() {
    shutdown();
}

void Driver::start() {
    if (m_impl->thread.joinable()) return;
    m_impl->thread = std::thread([impl = m_impl.get()] {
        try {
            impl->loop();
        } catch (const std::exception& e) {
            log::error(std::string("playback stopped: ") + e.what());
        }
    });
}

void Driver::post(Command cmd) {
    if (cmd.received.count() == 0) cmd.received = m_impl->clock.now();
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->queue.push_back(Request{cmd, std::nullopt, std::nullopt, {}, std::nullopt});
        ++m_impl->posted;
        m_impl->has_commands.store(true, std::memory_order_release);
    }
    m_impl->wake.notify_one();
}

void Driver::open(std::shared_ptr<const content::Article> article, Cursor at,
                  std::optional<synth::VoiceProfile> voice) {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->queue.push_back(
            Request{Command{}, std::nullopt, std::move(article), at, std::move(voice)});
        ++m_impl->posted;
        m_impl->has_commands.store(true, std::memory_order_release);
    }
    m_impl->wake.notify_one();
}

void Driver::announce(std::string text) {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->queue.push_back(
            Request{Command{}, std::move(text), std::nullopt, {}, std::nullopt});
        ++m_impl->posted;
        m_impl->has_commands.store(true, std::memory_order_release);
    }
    m_impl->wake.notify_one();
}

void Driver::shutdown() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->quit = true;
    }
    m_impl->wake.notify_one();
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

std::size_t Driver::pending() const {
    std::lock_guard lock(m_impl->mutex);
    return static_cast<std::size_t>(m_impl->posted - m_impl->done);
}

State Driver::state() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->shared_state;
}

} // namespace lectern::playback
