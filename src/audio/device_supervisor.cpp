// Implementation of audio/device_supervisor.hpp: the DeviceMonitor's decisions and the helper
// thread that acts on them.
#include "audio/device_supervisor.hpp"

#include "core/log.hpp"

#include <algorithm>
#include <cstdio>

namespace lectern::audio {

const char* to_string(DeviceFault f) {
    switch (f) {
    case DeviceFault::none:
        return "none";
    case DeviceFault::stall:
        return "stall";
    case DeviceFault::stream_error:
        return "error";
    case DeviceFault::unplugged:
        return "unplugged";
    }
    return "?";
}

const char* to_string(DeviceHealth h) {
    switch (h) {
    case DeviceHealth::ok:
        return "ok";
    case DeviceHealth::lost:
        return "lost";
    case DeviceHealth::recovering:
        return "recovering";
    }
    return "?";
}

// ---- DeviceMonitor ------------------------------------------------------------------------------

DeviceMonitor::DeviceMonitor(Nanos buffer_period, SupervisorOptions options, Nanos now)
    : m_options(options), m_period(std::max<Nanos>(buffer_period, std::chrono::milliseconds(1))),
      m_stall_limit(m_period * std::max(options.stall_buffers, 1)), m_opened_at(now),
      m_standby_enabled(options.standby_after.count() > 0) {}

DeviceHealth DeviceMonitor::health() const {
    switch (m_phase) {
    case Phase::starting:
    case Phase::watching:
    case Phase::standby:
        return DeviceHealth::ok;
    case Phase::waiting:
        return DeviceHealth::lost;
    case Phase::reopening:
    case Phase::verifying:
        return DeviceHealth::recovering;
    }
    return DeviceHealth::lost;
}

Nanos DeviceMonitor::backoff(int failures) const {
    Nanos wait = m_options.backoff_first;
    for (int i = 1; i < failures && wait < m_options.backoff_max; ++i)
        wait *= 2;
    return std::min(wait, m_options.backoff_max);
}

void DeviceMonitor::progress(Nanos now, Heartbeat beat) {
    m_seen = beat.callbacks;
    // The engine's own time of the call when it has one (a callback between two wakes is placed
    // where it happened, not where it was noticed).
    m_last_progress =
        beat.last_callback.count() > 0 && beat.last_callback <= now ? beat.last_callback : now;
}

void DeviceMonitor::note_output(Nanos now, Heartbeat beat) {
    if (beat.written != m_written_seen || !beat.quiet) {
        m_written_seen = beat.written;
        m_quiet_since = beat.quiet ? std::optional<Nanos>(now) : std::nullopt;
    } else if (!m_quiet_since) {
        m_quiet_since = now;
    }
}

DeviceMonitor::Step DeviceMonitor::observe(Nanos now, Heartbeat beat, DeviceFault fault) {
    switch (m_phase) {
    case Phase::starting:
    case Phase::verifying:
        note_output(now, beat);
        return awaiting_first(now, beat, fault);
    case Phase::watching:
        if (beat.callbacks != m_seen) progress(now, beat);
        note_output(now, beat);
        return watch(now, fault);
    case Phase::waiting:
        // Callbacks again without a reopen: a stall that ended by itself (or a reopened device
        // that was late to start).
        if (beat.callbacks != m_seen) return restored(now, beat);
        if (now >= m_retry_at) return Step{true, now, std::nullopt};
        return Step{false, m_retry_at, std::nullopt};
    case Phase::reopening:
    case Phase::standby:
        break; // the helper is inside reopen(), or the device is stopped: nothing to decide
    }
    return Step{false, now + m_stall_limit, std::nullopt};
}

DeviceMonitor::Step DeviceMonitor::watch(Nanos now, DeviceFault fault) {
    if (fault != DeviceFault::none) return lose(now, fault);
    const Nanos limit = m_last_progress + m_stall_limit;
    if (now >= limit) return lose(now, DeviceFault::stall);
    Step step{false, limit, std::nullopt};
    if (m_standby_enabled && m_quiet_since) {
        const Nanos at = *m_quiet_since + m_options.standby_after;
        step.standby = now >= at;
        step.written = m_written_seen;
        step.next_check = std::min(limit, at);
    }
    return step;
}

void DeviceMonitor::standing_by() {
    m_phase = Phase::standby;
}

void DeviceMonitor::standby_declined() {
    m_quiet_since.reset(); // audio came meanwhile: quiet starts again from the next observation
}

void DeviceMonitor::standby_failed() {
    m_standby_enabled = false;
}

DeviceMonitor::Step DeviceMonitor::resumed(Nanos now, Heartbeat beat, const Result<void>& result) {
    m_quiet_since.reset();
    m_written_seen = beat.written;
    if (!result) {
        m_phase = Phase::watching;
        Step step = lose(now, DeviceFault::stream_error);
        step.change->reason = "the audio device did not start again after standby (" +
                              log::one_line(result.error().message) + ")";
        return step;
    }
    // Like an open: the first callback is awaited within the grace.
    m_phase = Phase::starting;
    m_seen = beat.callbacks;
    m_opened_at = now;
    return Step{false, now + m_stall_limit, std::nullopt};
}

DeviceMonitor::Step DeviceMonitor::awaiting_first(Nanos now, Heartbeat beat, DeviceFault fault) {
    const bool reopened = m_phase == Phase::verifying;
    if (beat.callbacks != m_seen) {
        if (reopened) return restored(now, beat);
        progress(now, beat);
        m_phase = Phase::watching;
        return watch(now, fault);
    }
    if (fault != DeviceFault::none) {
        if (!reopened) return lose(now, fault);
        return attempt_failed(now, std::string("the reopened audio device reported a ") +
                                       to_string(fault));
    }
    const Nanos deadline = m_opened_at + std::max(m_options.first_callback_grace, m_stall_limit);
    if (now >= deadline) {
        if (!reopened) return lose(now, DeviceFault::stall);
        return attempt_failed(now, "the reopened audio device never asked for sound");
    }
    // A reopened device is looked at every period, so that "restored" follows its first callback
    // closely; at start-up nothing is waiting for that.
    return Step{false, std::min(now + (reopened ? m_period : m_stall_limit), deadline),
                std::nullopt};
}

DeviceMonitor::Step DeviceMonitor::restored(Nanos now, Heartbeat beat) {
    // A fault that is already back is a new loss, found at the next wake.
    progress(now, beat);
    m_phase = Phase::watching;
    ++m_recoveries;
    Step step{false, m_last_progress + m_stall_limit, std::nullopt};
    step.change = DeviceChange{DeviceHealth::ok, m_cause,         m_faults, m_recoveries,
                               m_attempts,       now - m_lost_at, {}};
    m_failures = 0;
    m_attempts = 0;
    m_last_error.clear();
    return step;
}

DeviceMonitor::Step DeviceMonitor::lose(Nanos now, DeviceFault cause) {
    m_phase = Phase::waiting;
    m_cause = cause;
    m_lost_at = now;
    // A device that failed or vanished is reopened at once. A stalled one gets backoff_first to
    // come back by itself (a busy machine): reopening costs an audible gap, and on PortAudio a
    // Pa_Terminate/Pa_Initialize of a few hundred milliseconds on a Pi.
    const bool wait_first = cause == DeviceFault::stall;
    m_retry_at = wait_first ? now + m_options.backoff_first : now;
    m_failures = 0;
    m_attempts = 0;
    ++m_faults;
    std::string reason;
    switch (cause) {
    case DeviceFault::stall: {
        char text[96];
        std::snprintf(text, sizeof text, "the audio device stopped asking for sound (%.0f ms)",
                      to_ms(now - std::max(m_last_progress, m_opened_at)));
        reason = text;
        break;
    }
    case DeviceFault::unplugged:
        reason = "the audio device is gone (unplugged)";
        break;
    default:
        reason = "the audio device reported an error";
        break;
    }
    Step step{!wait_first, m_retry_at, std::nullopt};
    step.change = DeviceChange{DeviceHealth::lost, cause, m_faults, m_recoveries, 0, Nanos{0},
                               std::move(reason)};
    return step;
}

void DeviceMonitor::attempt_started(Nanos) {
    m_phase = Phase::reopening;
    ++m_attempts;
}

DeviceMonitor::Step DeviceMonitor::attempt_finished(Nanos now, Heartbeat beat,
                                                    const Result<void>& result) {
    if (!result) return attempt_failed(now, result.error().message);
    m_phase = Phase::verifying;
    m_seen = beat.callbacks;
    m_opened_at = now;
    return Step{false, now + std::min(m_period, m_options.first_callback_grace), std::nullopt};
}

DeviceMonitor::Step DeviceMonitor::attempt_failed(Nanos now, std::string message) {
    ++m_failures;
    m_phase = Phase::waiting;
    m_retry_at = now + backoff(m_failures);
    m_last_error = log::one_line(message);
    return Step{false, m_retry_at, std::nullopt};
}

// ---- DeviceSupervisor ---------------------------------------------------------------------------

DeviceSupervisor::DeviceSupervisor(AudioSink& sink, Listener listener, SupervisorOptions options,
                                   const Clock& clock)
    : m_sink(sink), m_listener(std::move(listener)), m_options(options), m_clock(clock),
      m_monitor(std::chrono::duration_cast<Nanos>(
                    std::chrono::duration<double, std::milli>(sink.buffer_ms())),
                options, clock.now()) {}

DeviceSupervisor::~DeviceSupervisor() {
    stop();
}

void DeviceSupervisor::start() {
    if (m_thread.joinable()) return;
    if (m_options.standby_after.count() > 0) m_sink.engine().set_wake_hook([this] { wake(); });
    m_thread = std::thread([this] { run(); });
}

void DeviceSupervisor::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (!m_thread.joinable()) return;
    m_thread.join();
    OutputEngine& engine = m_sink.engine();
    engine.set_wake_hook({});
    if (m_standing_by.load(std::memory_order_acquire)) {
        // Hand the device back as it was given: running (the owner may still fade out or play).
        if (auto r = m_sink.resume(); !r)
            log::warning("audio: " + log::one_line(r.error().message));
        engine.leave_standby();
        m_standing_by.store(false, std::memory_order_release);
    }
}

void DeviceSupervisor::poke() {
    {
        std::lock_guard lock(m_mutex);
        m_poked = true;
    }
    m_wake.notify_all();
}

void DeviceSupervisor::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_wake_requested = true;
    }
    m_wake.notify_all();
}

bool DeviceSupervisor::responsive() const {
    const Nanos::rep busy = m_busy_since.load(std::memory_order_acquire);
    if (busy == 0) return true;
    return m_clock.now().count() - busy <= m_options.attempt_deadline.count();
}

Heartbeat DeviceSupervisor::beat() const {
    const OutputEngine& engine = m_sink.engine();
    // Written first: a frame written after this read is a change the next beat sees.
    const std::uint64_t written = engine.frames_written();
    return Heartbeat{engine.callbacks(), engine.last_callback_time(), written, engine.quiet()};
}

void DeviceSupervisor::publish(const DeviceMonitor::Step& step) {
    m_health.store(m_monitor.health(), std::memory_order_release);
    m_faults.store(m_monitor.faults(), std::memory_order_release);
    m_recoveries.store(m_monitor.recoveries(), std::memory_order_release);
    if (step.change && m_listener) m_listener(*step.change);
}

bool DeviceSupervisor::stopping() {
    std::lock_guard lock(m_mutex);
    return m_stop;
}

void DeviceSupervisor::mark_busy() {
    m_busy_since.store(std::max<Nanos::rep>(m_clock.now().count(), 1), std::memory_order_release);
}

DeviceMonitor::Step DeviceSupervisor::carry_out(DeviceMonitor::Step step) {
    while (step.reopen && !stopping()) {
        mark_busy(); // each attempt gets the whole deadline
        m_monitor.attempt_started(m_clock.now());
        m_health.store(m_monitor.health(), std::memory_order_release);
        const Result<void> reopened = m_sink.reopen();
        step = m_monitor.attempt_finished(m_clock.now(), beat(), reopened);
        publish(step);
    }
    if (!step.standby || stopping()) return step;
    OutputEngine& engine = m_sink.engine();
    if (!engine.enter_standby(step.written)) { // audio came after the quiet was judged
        m_monitor.standby_declined();
        return step;
    }
    if (auto stopped = m_sink.suspend(); !stopped) {
        engine.leave_standby();
        m_monitor.standby_failed();
        log::warning("audio: the device keeps running while idle (" +
                     log::one_line(stopped.error().message) + ")");
        return step;
    }
    m_monitor.standing_by();
    m_standing_by.store(true, std::memory_order_release);
    if (m_on_standby) m_on_standby(true);
    return step;
}

DeviceMonitor::Step DeviceSupervisor::resume() {
    const Result<void> started = m_sink.resume();
    m_sink.engine().leave_standby(); // want_device() has left it already; a poke has not
    m_standing_by.store(false, std::memory_order_release);
    DeviceMonitor::Step step = m_monitor.resumed(m_clock.now(), beat(), started);
    if (m_on_standby) m_on_standby(false);
    publish(step);
    return step;
}

void DeviceSupervisor::run() {
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        const bool wake_requested = std::exchange(m_wake_requested, false);
        m_poked = false;
        lock.unlock();
        m_wakeups.fetch_add(1, std::memory_order_relaxed);
        mark_busy();
        std::optional<DeviceMonitor::Step> step;
        if (!m_monitor.in_standby()) {
            step = m_monitor.observe(m_clock.now(), beat(), m_sink.fault());
            publish(*step);
        } else if (wake_requested) {
            step = resume();
        }
        if (step) step = carry_out(*step);
        lock.lock();
        m_busy_since.store(0, std::memory_order_release);
        if (m_stop || m_poked || m_wake_requested) continue;
        if (m_monitor.in_standby()) {
            // Stopped device, nothing to watch: sleep until audio is on its way (no timeout).
            m_wake.wait(lock, [&] { return m_stop || m_poked || m_wake_requested; });
            continue;
        }
        const Nanos wait = step->next_check - m_clock.now();
        if (wait.count() > 0)
            m_wake.wait_for(lock, wait, [&] { return m_stop || m_poked || m_wake_requested; });
    }
}

} // namespace lectern::audio
