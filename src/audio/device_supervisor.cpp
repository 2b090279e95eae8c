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
      m_stall_limit(m_period * std::max(options.stall_buffers, 1)), m_opened_at(now) {}

DeviceHealth DeviceMonitor::health() const {
    switch (m_phase) {
    case Phase::starting:
    case Phase::watching:
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

DeviceMonitor::Step DeviceMonitor::observe(Nanos now, Heartbeat beat, DeviceFault fault) {
    switch (m_phase) {
    case Phase::starting:
    case Phase::verifying:
        return awaiting_first(now, beat, fault);
    case Phase::watching:
        if (beat.callbacks != m_seen) progress(now, beat);
        return watch(now, fault);
    case Phase::waiting:
        // Callbacks again without a reopen: a stall that ended by itself (or a reopened device
        // that was late to start).
        if (beat.callbacks != m_seen) return restored(now, beat);
        if (now >= m_retry_at) return Step{true, now, std::nullopt};
        return Step{false, m_retry_at, std::nullopt};
    case Phase::reopening:
        break; // the helper is inside reopen(); nothing to decide
    }
    return Step{false, now + m_stall_limit, std::nullopt};
}

DeviceMonitor::Step DeviceMonitor::watch(Nanos now, DeviceFault fault) {
    if (fault != DeviceFault::none) return lose(now, fault);
    const Nanos limit = m_last_progress + m_stall_limit;
    if (now >= limit) return lose(now, DeviceFault::stall);
    return Step{false, limit, std::nullopt};
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
    m_thread = std::thread([this] { run(); });
}

void DeviceSupervisor::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void DeviceSupervisor::poke() {
    {
        std::lock_guard lock(m_mutex);
        m_poked = true;
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
    return Heartbeat{engine.callbacks(), engine.last_callback_time()};
}

void DeviceSupervisor::publish(const DeviceMonitor::Step& step) {
    m_health.store(m_monitor.health(), std::memory_order_release);
    m_faults.store(m_monitor.faults(), std::memory_order_release);
    m_recoveries.store(m_monitor.recoveries(), std::memory_order_release);
    if (step.change && m_listener) m_listener(*step.change);
}

void DeviceSupervisor::run() {
    const auto stopping = [&] {
        std::lock_guard lock(m_mutex);
        return m_stop;
    };
    const auto busy = [&] {
        m_busy_since.store(std::max<Nanos::rep>(m_clock.now().count(), 1),
                           std::memory_order_release);
    };
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        m_poked = false;
        lock.unlock();
        m_wakeups.fetch_add(1, std::memory_order_relaxed);
        busy();
        DeviceMonitor::Step step = m_monitor.observe(m_clock.now(), beat(), m_sink.fault());
        publish(step);
        while (step.reopen && !stopping()) {
            busy(); // each attempt gets the whole deadline
            m_monitor.attempt_started(m_clock.now());
            m_health.store(m_monitor.health(), std::memory_order_release);
            const Result<void> reopened = m_sink.reopen();
            step = m_monitor.attempt_finished(m_clock.now(), beat(), reopened);
            publish(step);
        }
        lock.lock();
        m_busy_since.store(0, std::memory_order_release);
        if (m_stop || m_poked) continue;
        const Nanos wait = step.next_check - m_clock.now();
        if (wait.count() > 0) m_wake.wait_for(lock, wait, [&] { return m_stop || m_poked; });
    }
}

} // namespace lectern::audio
