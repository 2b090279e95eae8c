// OutputEngine: the real-time core shared by every sink (contract in output_engine.hpp).
// render()/render_available() run on the audio thread only and obey DESIGN.md §4: no allocation, no
// locks, no logging, no exceptions. Everything else runs on the playback thread or is a const
// observer any thread may call.
#include "audio/output_engine.hpp"

#include <algorithm>
#include <cstring>

namespace lectern::audio {

namespace {

/// A sample at least this loud counts as "sound" for the audio-start latency probe.
constexpr int kAudibleLevel = 8;
constexpr float kMaxGain = 4.0f;

Sample scale(Sample s, float gain) noexcept {
    float v = static_cast<float>(s) * gain;
    v += v >= 0.0f ? 0.5f : -0.5f;
    v = std::clamp(v, -32768.0f, 32767.0f);
    return static_cast<Sample>(static_cast<int>(v));
}

} // namespace

OutputEngine::OutputEngine(int sample_rate, std::size_t ring_frames, const Clock& clock,
                           int ramp_ms)
    : m_sample_rate(sample_rate), m_clock(clock),
      m_ramp_frames(static_cast<std::uint32_t>(ms_to_frames(std::max(ramp_ms, 0), sample_rate))),
      m_ring(ring_frames) {}

// ---- playback thread ----

std::size_t OutputEngine::write(std::span<const Sample> pcm) {
    return m_ring.write(pcm.data(), pcm.size());
}

std::size_t OutputEngine::write_available() const {
    return m_ring.write_available();
}

std::uint64_t OutputEngine::frames_written() const {
    return m_ring.total_written();
}

std::uint64_t OutputEngine::flush() {
    // Only this thread writes, so the position cannot move under us; release publishes the writes
    // before it (the callback relies on total_written() >= flush_to once it sees flush_to).
    const std::uint64_t position = m_ring.total_written();
    m_flush_to.store(position, std::memory_order_release);
    return position;
}

void OutputEngine::set_paused(bool paused) {
    if (paused == m_paused.load(std::memory_order_relaxed)) return;
    if (paused) {
        m_paused_ns.store(0, std::memory_order_relaxed);
        m_pause_generation.fetch_add(1, std::memory_order_release);
    }
    m_paused.store(paused, std::memory_order_release);
}

bool OutputEngine::paused() const {
    return m_paused.load(std::memory_order_acquire);
}

void OutputEngine::set_gain(float gain) {
    if (!(gain >= 0.0f)) gain = 0.0f; // also catches NaN
    m_target_gain.store(std::min(gain, kMaxGain), std::memory_order_relaxed);
}

void OutputEngine::set_active(bool active) {
    m_active.store(active, std::memory_order_relaxed);
}

void OutputEngine::arm_audio_start(std::uint64_t position) {
    m_audio_start_ns.store(0, std::memory_order_relaxed);
    m_watch_position.store(position, std::memory_order_release);
}

Nanos OutputEngine::audio_start_time() const {
    return Nanos(m_audio_start_ns.load(std::memory_order_acquire));
}

Nanos OutputEngine::paused_time() const {
    return Nanos(m_paused_ns.load(std::memory_order_acquire));
}

// ---- any thread ----

std::uint64_t OutputEngine::frames_played() const {
    return m_ring.total_read();
}
std::uint64_t OutputEngine::underruns() const {
    return m_underruns.load(std::memory_order_relaxed);
}
std::uint64_t OutputEngine::callbacks() const {
    return m_callbacks.load(std::memory_order_relaxed);
}
std::size_t OutputEngine::last_buffer_frames() const {
    return m_last_frames.load(std::memory_order_relaxed);
}
Nanos OutputEngine::last_callback_time() const {
    return Nanos(m_last_callback_ns.load(std::memory_order_relaxed));
}
void OutputEngine::restart_from_silence() {
    m_restart.store(true, std::memory_order_release);
}

// ---- standby gate ----

void OutputEngine::want_device() {
    std::lock_guard lock(m_standby_mutex);
    if (!m_standby) return;
    m_standby = false;
    m_standby_flag.store(false, std::memory_order_release);
    // Under the lock, so that a supervisor going away (set_wake_hook({})) waits for it. The hook
    // takes the supervisor's mutex, which is never held while this one is taken.
    if (m_wake_hook) m_wake_hook();
}

bool OutputEngine::quiet() const {
    return m_ring.total_read() >= m_ring.total_written() ||
           (m_paused.load(std::memory_order_acquire) &&
            m_paused_ns.load(std::memory_order_acquire) != 0);
}

bool OutputEngine::enter_standby(std::uint64_t written_seen) {
    std::lock_guard lock(m_standby_mutex);
    if (m_ring.total_written() != written_seen || !quiet()) return false;
    m_standby = true;
    m_standby_flag.store(true, std::memory_order_release);
    return true;
}

void OutputEngine::leave_standby() {
    std::lock_guard lock(m_standby_mutex);
    m_standby = false;
    m_standby_flag.store(false, std::memory_order_release);
}

bool OutputEngine::in_standby() const {
    return m_standby_flag.load(std::memory_order_acquire);
}

void OutputEngine::set_wake_hook(std::function<void()> hook) {
    std::lock_guard lock(m_standby_mutex);
    m_wake_hook = std::move(hook);
}

// ---- audio thread ----

void OutputEngine::render(Sample* out, std::size_t frames) noexcept {
    render_impl(out, frames, false);
}

std::size_t OutputEngine::render_available(Sample* out, std::size_t max_frames) noexcept {
    return render_impl(out, max_frames, true);
}

void OutputEngine::retarget(float desired) noexcept {
    if (desired == m_gain_target) return;
    m_gain_target = desired;
    if (m_ramp_frames == 0 || desired == m_gain) {
        m_gain = desired;
        m_ramp_left = 0;
        return;
    }
    m_gain_step = (desired - m_gain) / static_cast<float>(m_ramp_frames);
    m_ramp_left = m_ramp_frames;
}

void OutputEngine::silence_now() noexcept {
    m_gain = m_gain_target = 0.0f;
    m_ramp_left = 0;
}

void OutputEngine::note_pause_silence() noexcept {
    const std::uint64_t generation = m_pause_generation.load(std::memory_order_acquire);
    if (generation == m_pause_seen) return;
    m_pause_seen = generation;
    m_paused_ns.store(m_clock.now().count(), std::memory_order_release);
}

void OutputEngine::apply_gain(Sample* out, std::size_t n) noexcept {
    if (m_ramp_left == 0) {
        if (m_gain == 1.0f) return; // bit-exact at unity
        if (m_gain == 0.0f) {
            std::memset(out, 0, n * sizeof(Sample));
            return;
        }
        for (std::size_t i = 0; i < n; ++i)
            out[i] = scale(out[i], m_gain);
        return;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (m_ramp_left > 0) {
            m_gain += m_gain_step;
            if (--m_ramp_left == 0) m_gain = m_gain_target; // land exactly, no float drift
        }
        out[i] = scale(out[i], m_gain);
    }
}

void OutputEngine::check_audio_start(const Sample* out, std::size_t n,
                                     std::uint64_t first_position) noexcept {
    std::uint64_t watch = m_watch_position.load(std::memory_order_acquire);
    if (watch == UINT64_MAX || first_position + n <= watch) return;
    const std::size_t start =
        watch > first_position ? static_cast<std::size_t>(watch - first_position) : 0;
    for (std::size_t i = start; i < n; ++i) {
        if (out[i] >= kAudibleLevel || out[i] <= -kAudibleLevel) {
            // Disarm first: if the playback thread re-armed meanwhile, this hit is not its answer.
            if (m_watch_position.compare_exchange_strong(watch, UINT64_MAX,
                                                         std::memory_order_acq_rel)) {
                m_audio_start_ns.store(m_clock.now().count(), std::memory_order_release);
            }
            return;
        }
    }
}

// One pass per segment: each segment either drops flushed audio, outputs pause silence, or reads
// a run of ring frames under at most one gain ramp. Segments end where a ramp ends so a fade to
// silence for pause/flush consumes exactly the frames it fades and no more.
std::size_t OutputEngine::render_impl(Sample* out, std::size_t frames, bool device_waits) noexcept {
    m_callbacks.fetch_add(1, std::memory_order_relaxed);
    m_last_frames.store(frames, std::memory_order_relaxed);
    m_last_callback_ns.store(m_clock.now().count(), std::memory_order_relaxed);
    if (m_restart.load(std::memory_order_relaxed) &&
        m_restart.exchange(false, std::memory_order_acquire))
        silence_now();
    const float user_gain = m_target_gain.load(std::memory_order_relaxed);
    const bool paused = m_paused.load(std::memory_order_acquire);

    std::size_t done = 0;
    while (done < frames) {
        const std::uint64_t position = m_ring.total_read();
        const std::uint64_t flush_end =
            std::min(m_flush_to.load(std::memory_order_acquire), m_ring.total_written());
        const bool flushing = flush_end > position;

        if (flushing) m_primed = false; // what comes after a flush has not arrived yet
        if (flushing && m_gain == 0.0f) {
            // Nothing of the old audio is audible (faded out, paused, or never started): drop it.
            m_ring.discard_to(flush_end);
            m_flush_fading = false;
            continue;
        }
        if (flushing) {
            m_flush_fading = true;
        } else if (m_flush_fading) {
            // The old audio ended before its fade did: start the new audio from silence.
            m_flush_fading = false;
            silence_now();
        }

        retarget(paused || flushing ? 0.0f : user_gain);

        if (paused && m_gain == 0.0f) {
            note_pause_silence();
            if (device_waits) return done;
            std::memset(out + done, 0, (frames - done) * sizeof(Sample));
            return frames;
        }

        std::size_t n = std::min<std::size_t>(frames - done, m_ring.read_available());
        if (flushing) n = std::min<std::size_t>(n, flush_end - position);
        if (m_ramp_left > 0) n = std::min<std::size_t>(n, m_ramp_left);
        if (n == 0) {
            if (device_waits) {
                // An unpaced device just waits for data; if paused, it is silent now.
                if (paused) {
                    silence_now();
                    note_pause_silence();
                }
                return done;
            }
            // Shortfall: silence now, and whatever comes next ramps in rather than clicking.
            std::memset(out + done, 0, (frames - done) * sizeof(Sample));
            silence_now();
            if (paused) {
                note_pause_silence();
            } else if (m_primed && m_active.load(std::memory_order_relaxed)) {
                // Waiting for the first audio after a flush (a command being answered) is
                // latency, measured as such; only running dry in the middle of reading is an
                // underrun.
                m_underruns.fetch_add(1, std::memory_order_relaxed);
            }
            return frames;
        }

        m_ring.read(out + done, n);
        if (!flushing) m_primed = true;
        // The probe looks at the samples as they came from the synthesiser: when speech starts
        // does not depend on the volume setting or on where the ramp-in happens to be.
        check_audio_start(out + done, n, position);
        apply_gain(out + done, n);
        done += n;
    }
    return done;
}

} // namespace lectern::audio
