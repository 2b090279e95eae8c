// Implementation of playback/driver.hpp: the public API, commands and their effects, and the
// playback thread's loop. Synthesis is in driver_synthesis.cpp, heard marks in driver_marks.cpp;
// the shared state in driver_impl.hpp. See the header for the contract.
#include "playback/driver_impl.hpp"

#include "core/log.hpp"

#include <algorithm>
#include <cmath>

namespace lectern::playback {

float gain_for_volume(int volume_percent) {
    if (volume_percent <= 0) return 0.0f;
    return static_cast<float>(std::pow(10.0, (volume_percent - 100) * 0.015));
}

void Driver::Impl::emit(Event e) {
    e.t = clock.now();
    if (events) events(e);
}

void Driver::Impl::emit_error(std::string message) {
    Event e;
    e.type = EventType::error;
    e.message = std::move(message);
    emit(std::move(e));
}

void Driver::Impl::publish_state() {
    std::lock_guard lock(mutex);
    shared_state = state;
}

void Driver::Impl::process_commands() {
    std::deque<Request> batch;
    {
        std::lock_guard lock(mutex);
        batch.swap(queue);
        has_commands.store(false, std::memory_order_release);
    }
    // A press is about to be heard (its confirmation, or the reading): a device in standby starts
    // now, while the first chunk is synthesised (audio/device_supervisor.hpp).
    if (!batch.empty()) engine.want_device();
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

void Driver::Impl::apply(const Input& in) {
    Step result = step(outline, options.limits, state, in);
    state = result.state;
    for (auto& e : result.effects)
        std::visit([&](auto& x) { run(x); }, e);
    publish_state();
}

void Driver::Impl::flush_queued_audio() {
    ++generation;
    write_position = engine.flush();
    flushed_at = write_position;
    pending.clear();
    pending_read = 0;
    marks.clear();
}

void Driver::Impl::open_article(std::shared_ptr<const content::Article> next, Cursor at,
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
    forget_rendered_items(); // keyed by cursors into the old article
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

void Driver::Impl::emit_ready() {
    Event e;
    e.type = EventType::ready;
    e.section_count = outline.sections();
    e.heading = article->title;
    emit(std::move(e));
}

void Driver::Impl::run(effect::Speak& s) {
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

void Driver::Impl::run(effect::Pause&) {
    engine.set_paused(true);
    pause_probe = Probe{true, current_command_time, current_command};
    start_probe.armed = false;
}

void Driver::Impl::run(effect::Resume&) {
    if (reading_flushed) { // interface speech replaced the paused audio: read it again
        effect::Speak again{state.cursor, state.word_offset};
        return run(again);
    }
    engine.arm_audio_start(engine.frames_played());
    engine.set_paused(false);
    start_probe = Probe{true, current_command_time, current_command};
    pause_probe.armed = false;
}

void Driver::Impl::run(effect::Stop&) {
    flush_queued_audio();
    reading_flushed = false;
    synth_done = true;
    engine.set_active(false);
    start_probe.armed = pause_probe.armed = false;
}

void Driver::Impl::run(effect::SetVolume& v) {
    engine.set_gain(gain_for_volume(v.volume));
    emit_settings();
}

void Driver::Impl::run(effect::SetRate&) {
    params_dirty = true; // applied before the next synthesis, never inside one
    emit_settings();
}

void Driver::Impl::run(effect::StateChanged& s) {
    Event e;
    e.type = EventType::state;
    e.state = s.state;
    emit(std::move(e));
}

void Driver::Impl::emit_settings() {
    Event e;
    e.type = EventType::settings;
    e.rate_wpm = state.rate_wpm;
    e.volume = state.volume;
    emit(std::move(e));
}

std::optional<Nanos> Driver::Impl::next_wake() const {
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
    if (!marks.empty()) {
        if (played < flushed_at) {
            // The device is fading out audio a flush dropped and will skip the rest within a
            // buffer or two: the next mark (the new audio's first) is that close, not as far as
            // the dropped frames reach. Counting them made the first word or announcement after
            // a press show up to max_sleep (50 ms) after it was heard.
            consider(milliseconds(1));
        } else {
            consider(frames_to_time(
                marks.front().position >= played ? marks.front().position - played + 1 : 0));
        }
    }
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

void Driver::Impl::loop() {
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
