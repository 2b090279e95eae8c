// OutputEngine: the real-time heart shared by every AudioSink. The playback thread writes PCM into
// an SPSC ring and sets atomics (gain, pause, flush); the device's callback (PortAudio's, or the
// simulated device thread of WavFileSink/NullSink) calls render(), which only reads the ring,
// applies a precomputed gain with short ramps, zero-fills shortfalls and bumps atomic counters.
//
// Thread affinity:
//   - render() (or render_available()) is called by exactly one thread: the audio callback. It is
//     noexcept and never allocates, locks, logs, blocks or calls into PortAudio (DESIGN.md §4).
//   - every other non-const method is called by the playback thread only (the single producer).
//   - the const observers (frames_played, underruns, callbacks, ..._time) may be read by any
//   thread.
//
// Stream positions: every frame ever written has a position (0, 1, 2, ...); frames_written() is the
// position of the next write, frames_played() how far the device has consumed (including frames
// dropped by a flush). The driver keeps its marks (sentence and word starts) in these positions.
//
// Ramps: one gain carries the volume and the start/pause/flush envelope; every change is a linear
// ramp of exactly ramp_ms. Output starts silent, so the first audio ramps in, and so does audio
// that follows a shortfall (an underrun or the end of an utterance).
#pragma once

#include "core/clock.hpp"
#include "core/pcm.hpp"
#include "core/spsc_ring.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>

namespace lectern::audio {

class OutputEngine {
  public:
    /// Short enough that a flush's fade-out fits in one device buffer (110 frames, under the 256
    /// of SinkOptions and even 128: new audio starts in the same callback), long enough not to
    /// click (DESIGN.md §4: 5 to 20 ms).
    static constexpr int kDefaultRampMs = 5;

    /// ring_frames: capacity of the queue (rounded up to a power of two).
    /// ramp_ms: gain ramp on start, pause, resume, flush and gain changes (5..20 ms per DESIGN).
    OutputEngine(int sample_rate, std::size_t ring_frames,
                 const Clock& clock = SteadyClock::instance(), int ramp_ms = kDefaultRampMs);

    int sample_rate() const { return m_sample_rate; }

    // ---- playback thread ----
    /// Queues up to pcm.size() frames; returns how many fitted.
    std::size_t write(std::span<const Sample> pcm);
    std::size_t write_available() const;
    std::uint64_t frames_written() const;

    /// Drops everything written before this call (the callback fades out what it is playing over
    /// the ramp, then skips to what is written after; when paused or silent it drops at once).
    /// Returns the position new writes start at.
    std::uint64_t flush();
    /// Paused: the callback ramps to silence (consuming the frames it fades) and keeps the rest
    /// queued; resuming ramps back in from the next frame. Pausing while paused changes nothing.
    void set_paused(bool paused);
    bool paused() const;
    /// Linear gain 0..4 applied to everything (the user's volume). Ramped, never stepped. Values
    /// outside 0..4 are clamped; NaN counts as 0.
    void set_gain(float gain);
    /// While active and not paused, a shortfall in the ring is an underrun (counted). The driver
    /// clears it when nothing more is coming (stopped, finished).
    void set_active(bool active);

    /// Latency probes. arm_audio_start(pos): resets audio_start_time() to zero; the callback then
    /// records the time it first outputs a non-silent sample (|s| >= 8 after gain) at or after
    /// stream position pos. The pause probe is implied by set_paused(true): the callback records
    /// when the output has ramped to silence.
    void arm_audio_start(std::uint64_t position);
    /// Time (Clock::now) of the first non-silent sample since the last arm; zero when not yet.
    Nanos audio_start_time() const;
    /// Time the output reached silence after the last set_paused(true); zero when not yet.
    Nanos paused_time() const;

    // ---- any thread ----
    std::uint64_t frames_played() const;
    std::uint64_t underruns() const;
    /// Number of render() calls: the heartbeat a watchdog checks for progress.
    std::uint64_t callbacks() const;
    /// The last frame count render() was asked for (the device buffer), 0 before the first call.
    std::size_t last_buffer_frames() const;
    /// Clock::now() at the start of the last render() call, zero before the first: with
    /// callbacks(), what a supervisor needs to tell a stalled device within a few buffers.
    Nanos last_callback_time() const;
    /// The device is being restarted (audio/device_supervisor.hpp): the next render() starts from
    /// silence, so what is still queued ramps in instead of resuming mid-waveform with a click.
    /// Called by a sink's reopen() between the old device thread and the new one; nothing is
    /// skipped or consumed.
    void restart_from_silence();

    // ---- standby: the playback thread and the device supervisor, never the callback ----
    // An idle kiosk stops its device (audio/device_supervisor.hpp, "standby"); the first thing that
    // will be heard starts it again. The gate below makes the two sides agree without losing a
    // wake: both take m_standby_mutex, so either the supervisor sees the new audio (and does not
    // stand by) or the playback thread sees the standby (and wakes the device).

    /// Playback thread (or any thread but the callback): audio is on its way -- a command arrived,
    /// or PCM was written. In standby, leaves it and calls the wake hook once; otherwise nothing.
    void want_device();
    /// Supervisor: enters standby if nothing was written since it judged the output quiet
    /// (frames_written() == written_seen and everything written has been played or is held by a
    /// pause). Returns whether it did; then the device may be stopped.
    bool enter_standby(std::uint64_t written_seen);
    /// Nothing to hear: everything written has been played, or a pause has reached silence and
    /// holds the rest. Any thread.
    bool quiet() const;
    /// Supervisor: standby is over (the device was started again, or could not be stopped).
    void leave_standby();
    bool in_standby() const;
    /// Supervisor: what want_device() calls to wake it (empty: nothing). Set before the first
    /// enter_standby(), cleared before the supervisor goes away.
    void set_wake_hook(std::function<void()> hook);

    // ---- audio thread ----
    /// Fills out[0..frames) (mono). Never fails.
    void render(Sample* out, std::size_t frames) noexcept;
    /// For unpaced simulated devices: like render(), but stops where the ring runs dry (or where a
    /// pause has reached silence) instead of zero-filling, and returns how many frames it wrote to
    /// out[0..n). Counts a callback, never an underrun (an unpaced device just waits for data).
    std::size_t render_available(Sample* out, std::size_t max_frames) noexcept;

  private:
    std::size_t render_impl(Sample* out, std::size_t frames, bool device_waits) noexcept;
    void retarget(float desired) noexcept;
    void silence_now() noexcept;
    void note_pause_silence() noexcept;
    void apply_gain(Sample* out, std::size_t n) noexcept;
    void check_audio_start(const Sample* out, std::size_t n, std::uint64_t first_position) noexcept;

    const int m_sample_rate;
    const Clock& m_clock;
    const std::uint32_t m_ramp_frames; // length of every gain ramp; 0 = step (tests only)
    SpscRing<Sample> m_ring;

    // playback -> audio
    std::atomic<float> m_target_gain{1.0f};
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_active{false};
    std::atomic<std::uint64_t> m_flush_to{0};
    std::atomic<std::uint64_t> m_watch_position{UINT64_MAX};
    std::atomic<std::uint64_t> m_pause_generation{0};

    // audio -> everyone
    std::atomic<std::uint64_t> m_underruns{0};
    std::atomic<std::uint64_t> m_callbacks{0};
    std::atomic<std::size_t> m_last_frames{0};
    std::atomic<Nanos::rep> m_last_callback_ns{0};
    std::atomic<bool> m_restart{false}; // any thread -> audio: start again from silence
    std::atomic<Nanos::rep> m_audio_start_ns{0};
    std::atomic<Nanos::rep> m_paused_ns{0};

    // audio thread only. One gain value carries the user's volume and the pause/flush/start
    // envelope: every change to it is a linear ramp of exactly m_ramp_frames frames, so the largest
    // sample-to-sample change a ramp adds to a constant signal is |amplitude * delta| / ramp.
    float m_gain = 0.0f;        // current gain (starts silent: the first audio ramps in)
    float m_gain_target = 0.0f; // where the current ramp ends
    float m_gain_step = 0.0f;   // signed change per frame while ramping
    std::uint32_t m_ramp_left = 0;
    std::uint64_t m_pause_seen = 0; // pause generation whose silence has been recorded
    bool m_flush_fading = false;    // fading out audio queued before a flush
    bool m_primed = false;          // audio has been read since the last flush (or the start)

    // standby gate (never touched by the callback)
    mutable std::mutex m_standby_mutex;
    bool m_standby = false;                  // guarded by m_standby_mutex
    std::function<void()> m_wake_hook;       // guarded by m_standby_mutex
    std::atomic<bool> m_standby_flag{false}; // mirrors m_standby for in_standby()
};

} // namespace lectern::audio
