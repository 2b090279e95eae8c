// DeviceSupervisor: notices when the audio device is lost -- the callback stalls, the stream
// reports an error, the device is unplugged -- and reopens it on a helper thread with back-off,
// keeping the OutputEngine, so the Driver's OutputEngine& stays valid and reading resumes where the
// listener was. DESIGN.md §4: PortAudio 19.6 has no device-loss callback, and an unplugged ALSA
// device may simply stop calling back, report an error, or hang.
//
// What is kept and what is lost: the ring is kept. Audio queued but not yet rendered plays after
// the reopen, from the frame where the device stopped (positions continue, so the Driver's marks
// and the highlighted word stay right; while the device is lost the Driver fills its lookahead and
// waits). Frames already rendered into the device's own buffers when it died are not heard (at
// most its output latency, a few buffers); nothing is played twice. What follows a reopen ramps in
// from silence (OutputEngine::restart_from_silence), so the resumption does not click.
//
// Detection (DeviceMonitor: pure, driven by the times it is given, so tests use a FakeClock):
//   - stall: no render() for stall_buffers buffer periods since the last one
//     (OutputEngine::last_callback_time()), or none within first_callback_grace of an open;
//   - stream error or unplug: AudioSink::fault() says so (asked at every wake).
// The helper sleeps until the stall limit would pass after the last callback it saw: a healthy
// device costs one wake every two to three buffer periods, and a stall is declared stall_buffers
// periods after the last callback (plus the helper's own scheduling delay).
//
// Recovery: a device that reported an error or vanished is reopened at once; a stalled one after
// backoff_first, and a stall that has ended by itself by then (the machine was busy) is restored
// without a reopen, which would cost an audible gap. Failed reopens are retried after
// backoff_first, doubling up to backoff_max, for as long as it takes. A reopen counts only once
// callbacks arrive from it (restored: attempts says how many it took, 0 for a stall that ended by
// itself). An attempt that runs past
// attempt_deadline (a driver call that hangs cannot be cancelled) makes responsive() false; the
// kiosk then stops feeding the systemd watchdog: the last resort.
//
// Standby (SupervisorOptions::standby_after; off unless set): DESIGN.md §4 keeps the stream open
// and feeds it silence so that reading never pops, but a running device costs CPU for ever: the
// callback, PortAudio's thread and (on the bench's PulseAudio) libpulse's wake hundreds of times a
// second, 1.0 to 1.8 % of a core (256 and 128 frames) on a kiosk that is doing nothing. So once
// nothing has been audible for standby_after (everything written has been played, or a pause
// holds the rest), the helper stops the device (AudioSink::suspend(): the stream stays open,
// engine() keeps its ring and positions, so a paused article resumes where it was) and sleeps
// with no timeout. The first audio on its way -- the playback thread calls
// OutputEngine::want_device() for every command and every write -- wakes it, and it starts the
// device again (AudioSink::resume(), from silence) while the playback thread synthesises. A device
// that fails to start again is a loss like any other. The standby is not a fault: health() stays
// ok, and standing_by() says so (the systemd watchdog must not take the quiet callback for a hung
// device). 0 keeps the device running always (hardware that pops on stop/start: the kiosk's
// audio_standby_seconds = 0).
//
// Threads: construct, start(), stop() and the destructor on the owning thread, after the sink's
// open() and before its close(). Only the helper thread calls sink.reopen() and sink.fault().
// health(), faults(), recoveries(), responsive() from any thread. The Listener runs on the helper
// thread, once per transition (lost, restored); keep it short (post, write a line, log a line).
#pragma once

#include "audio/audio_sink.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace lectern::audio {

enum class DeviceHealth {
    ok,        ///< callbacks arrive
    lost,      ///< a fault was detected; waiting to (re)try a reopen
    recovering ///< a reopen is running, or waiting for the reopened device's first callback
};
const char* to_string(DeviceHealth h);

struct SupervisorOptions {
    /// A stall: this many buffer periods without a callback: 6, 70 ms at 256 frames. It was 3
    /// (17 ms at 128 frames), but the helper wakes once per stall limit while reading, which cost
    /// 57 wakes a second (0.12 % of a core in the bench's profile), and on a loaded 2-core machine
    /// 17 ms without a callback happen without any fault (a flickering banner). 70 ms is still long
    /// before anyone notices the sound has gone.
    int stall_buffers = 6;
    /// A device just (re)opened may take this long to call back for the first time.
    Nanos first_callback_grace = std::chrono::milliseconds(500);
    /// Between failed reopens: backoff_first, doubling, at most backoff_max.
    Nanos backoff_first = std::chrono::milliseconds(50);
    Nanos backoff_max = std::chrono::seconds(2);
    /// One attempt (close and open) longer than this is hung: responsive() turns false.
    Nanos attempt_deadline = std::chrono::seconds(10);
    /// Stop the device after this long with nothing to hear; zero: never (see Standby above).
    Nanos standby_after{0};
};

/// What the helper reads from the engine at each wake.
struct Heartbeat {
    std::uint64_t callbacks = 0;
    Nanos last_callback{0};    ///< zero when unknown
    std::uint64_t written = 0; ///< OutputEngine::frames_written()
    /// Nothing to hear: everything written has been played, or a pause has reached silence.
    bool quiet = false;
};

/// A transition, for the Listener: lost (health lost) or restored (health ok).
struct DeviceChange {
    DeviceHealth health = DeviceHealth::lost;
    DeviceFault cause = DeviceFault::none; ///< what was detected (restored: what had happened)
    std::uint64_t faults = 0, recoveries = 0;
    int attempts = 0;   ///< restored: reopens it took (0: the stall ended by itself)
    Nanos lost_for{0};  ///< restored: from detection to the reopened device's first callback
    std::string reason; ///< restored: empty; lost: one line for the log (no article text)
};

/// The supervisor's decisions, without threads or a device: feed it what was seen and when.
class DeviceMonitor {
  public:
    DeviceMonitor(Nanos buffer_period, SupervisorOptions options, Nanos now);

    struct Step {
        bool reopen = false;                ///< attempt a reopen now (then attempt_finished)
        Nanos next_check{0};                ///< otherwise: observe again at this time
        std::optional<DeviceChange> change; ///< a transition to report
        bool standby = false;               ///< quiet for standby_after: stop the device now
        std::uint64_t written = 0;          ///< standby: frames_written when judged quiet
    };
    /// At every wake: the engine's heartbeat and the device's own report.
    Step observe(Nanos now, Heartbeat beat, DeviceFault fault);
    /// Around AudioSink::reopen().
    void attempt_started(Nanos now);
    Step attempt_finished(Nanos now, Heartbeat beat, const Result<void>& result);
    /// After a standby step: the device was stopped (standby until resumed), or standby did not
    /// happen (declined: audio came meanwhile; failed: the device cannot stop, and standby is off
    /// from now on).
    void standing_by();
    void standby_declined();
    void standby_failed();
    /// The device was started again after a standby (or failed to: a loss).
    Step resumed(Nanos now, Heartbeat beat, const Result<void>& result);
    bool in_standby() const { return m_phase == Phase::standby; }

    DeviceHealth health() const;
    std::uint64_t faults() const { return m_faults; }
    std::uint64_t recoveries() const { return m_recoveries; }
    Nanos stall_limit() const { return m_stall_limit; }
    /// The wait after the n-th consecutive failed reopen (n >= 1).
    Nanos backoff(int failures) const;
    /// The last failed reopen's message (one line), empty after a recovery.
    const std::string& last_error() const { return m_last_error; }

  private:
    enum class Phase { starting, watching, waiting, reopening, verifying, standby };
    Step lose(Nanos now, DeviceFault cause);
    Step restored(Nanos now, Heartbeat beat);
    Step attempt_failed(Nanos now, std::string message);
    Step awaiting_first(Nanos now, Heartbeat beat, DeviceFault fault);
    Step watch(Nanos now, DeviceFault fault);
    void progress(Nanos now, Heartbeat beat);
    void note_output(Nanos now, Heartbeat beat);

    SupervisorOptions m_options;
    Nanos m_period; // one buffer
    Nanos m_stall_limit;
    Phase m_phase = Phase::starting;
    std::uint64_t m_seen = 0; // callbacks seen at the last progress (or at the (re)open)
    Nanos m_last_progress{0}; // time of the last callback seen
    Nanos m_opened_at{0};     // the last (re)open
    Nanos m_lost_at{0};       // detection of the current loss
    Nanos m_retry_at{0};      // waiting: next attempt
    DeviceFault m_cause = DeviceFault::none;
    int m_failures = 0; // consecutive failed attempts in this loss
    int m_attempts = 0; // attempts in this loss
    std::uint64_t m_faults = 0, m_recoveries = 0;
    std::string m_last_error;
    bool m_standby_enabled = false;
    std::uint64_t m_written_seen = UINT64_MAX; // frames_written at the last observation
    std::optional<Nanos> m_quiet_since;        // nothing to hear since then (and nothing written)
};

class DeviceSupervisor {
  public:
    using Listener = std::function<void(const DeviceChange&)>;

    /// The sink must be open. clock: SteadyClock outside tests (the waits are real).
    DeviceSupervisor(AudioSink& sink, Listener listener, SupervisorOptions options = {},
                     const Clock& clock = SteadyClock::instance());
    ~DeviceSupervisor();
    DeviceSupervisor(const DeviceSupervisor&) = delete;
    DeviceSupervisor& operator=(const DeviceSupervisor&) = delete;

    void start();
    /// Wakes and joins the helper. A reopen that hangs in the driver blocks this too (the
    /// service manager's stop timeout ends the process then).
    void stop();

    // ---- any thread ----
    DeviceHealth health() const { return m_health.load(std::memory_order_acquire); }
    std::uint64_t faults() const { return m_faults.load(std::memory_order_acquire); }
    std::uint64_t recoveries() const { return m_recoveries.load(std::memory_order_acquire); }
    /// False while the helper has been busy (a reopen, a device query) for longer than
    /// attempt_deadline: recovery itself has hung.
    bool responsive() const;
    /// How many times the helper has woken (for cost figures and tests).
    std::uint64_t wakeups() const { return m_wakeups.load(std::memory_order_relaxed); }
    /// Wakes the helper to look now (e.g. a device error reported outside the callback).
    void poke();
    /// True while the device is stopped in standby (not a fault; see Standby above).
    bool standing_by() const { return m_standing_by.load(std::memory_order_acquire); }
    /// Starts a device in standby again (what OutputEngine::want_device() calls).
    void wake();
    /// Told on the helper thread when the device has stopped for standby (true) and when it has
    /// been started again (false). Set before start().
    void on_standby(std::function<void(bool)> listener) { m_on_standby = std::move(listener); }

  private:
    void run();
    Heartbeat beat() const;
    void publish(const DeviceMonitor::Step& step);
    /// Carries out a step's reopens and its standby; returns the step that decides the next wake.
    DeviceMonitor::Step carry_out(DeviceMonitor::Step step);
    DeviceMonitor::Step resume();
    void mark_busy();
    bool stopping();

    AudioSink& m_sink;
    Listener m_listener;
    std::function<void(bool)> m_on_standby;
    const SupervisorOptions m_options;
    const Clock& m_clock;
    DeviceMonitor m_monitor; // helper thread only (after start)
    std::atomic<DeviceHealth> m_health{DeviceHealth::ok};
    std::atomic<std::uint64_t> m_faults{0}, m_recoveries{0};
    std::atomic<Nanos::rep> m_busy_since{0}; // 0 while asleep
    std::atomic<std::uint64_t> m_wakeups{0};
    std::atomic<bool> m_standing_by{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false, m_poked = false, m_wake_requested = false; // guarded by m_mutex
    std::thread m_thread;
};

} // namespace lectern::audio
