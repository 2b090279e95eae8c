// SimulatedSink: WavFileSink, NullSink and the fault-injecting sink (audio/fault_injector.hpp).
// One "device" thread plays the audio callback's role:
//   - paced: render(buffer_frames) once per buffer period of wall time (sleep_until on a drift-free
//     schedule), like hardware; the WAV gets everything rendered, silence included.
//   - unpaced: render_available() as fast as the ring is filled (sleeping 1 ms when there is
//     nothing to do, so pause and flush are still serviced promptly without burning a core); the
//     WAV gets only rendered ring content. close() first renders what is still queued.
// With a FaultInjector the device thread asks it for a due fault between buffers: a stall parks
// the thread without rendering (until close or reopen joins it); an error or an unplug ends the
// thread and is reported by fault(). reopen() joins the device thread and starts a new one on the
// same engine and the same WAV file, so positions and the recording carry on; suspend() joins it
// and resume() starts a new one the same way (a stopped device writes nothing to the WAV).
// Thread affinity: open/close/engine/describe from the owning thread; reopen/fault from the owner
// or a supervisor thread (never concurrently with open/close); the device thread is private.
#include "audio/audio_sink.hpp"
#include "audio/fault_injector.hpp"
#include "core/log.hpp"

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

namespace lectern::audio {

namespace {

using std::chrono::steady_clock;

class SimulatedSink final : public AudioSink {
  public:
    SimulatedSink(std::optional<std::filesystem::path> wav_path, bool paced,
                  std::shared_ptr<FaultInjector> faults = nullptr)
        : m_wav_path(std::move(wav_path)), m_paced(paced), m_faults(std::move(faults)) {}
    ~SimulatedSink() override { close(); }

    Result<void> open(const SinkOptions& options) override {
        close();
        if (options.sample_rate <= 0 || options.buffer_frames == 0) {
            return make_error("invalid audio options (sample rate and buffer must be positive)");
        }
        if (m_faults) {
            if (!m_first_open) m_first_open = steady_clock::now();
            if (auto ok = m_faults->on_open(); !ok) return ok;
        }
        m_wav.reset();
        if (m_wav_path) {
            auto writer = WavWriter::create(*m_wav_path, options.sample_rate);
            if (!writer) return writer.error();
            m_wav.emplace(std::move(writer).value());
        }
        m_options = options;
        m_engine = std::make_unique<OutputEngine>(options.sample_rate, options.ring_frames);
        m_buffer.assign(options.buffer_frames, 0);
        m_write_error.clear();
        start_device();
        return {};
    }

    void close() override {
        if (!m_open) return;
        stop_device(true);
        m_open = false;
        if (m_wav) {
            if (auto done = m_wav->finish(); !done && m_write_error.empty()) {
                m_write_error = done.error().message;
            }
        }
        if (!m_write_error.empty()) log::warning("audio: " + m_write_error);
    }

    Result<void> reopen() override {
        if (!m_open) return make_error("the audio output is not open");
        stop_device(false);
        m_engine->restart_from_silence(); // the old device thread is gone; the new one ramps in
        if (m_faults) {
            if (auto ok = m_faults->on_open(); !ok) return ok;
        }
        start_device();
        return {};
    }

    Result<void> suspend() override {
        if (!m_open) return make_error("the audio output is not open");
        stop_device(false); // a stopped device renders nothing: what is queued stays queued
        return {};
    }

    Result<void> resume() override {
        if (!m_open) return make_error("the audio output is not open");
        if (m_thread.joinable()) return {}; // running
        m_engine->restart_from_silence();
        start_device();
        return {};
    }

    DeviceFault fault() override { return m_fault.load(std::memory_order_acquire); }
    bool supervised() const override { return m_faults != nullptr; }

    // The engine outlives close() so counters stay readable; a new open() replaces it, reopen()
    // keeps it.
    OutputEngine& engine() override { return *m_engine; }

    std::string describe() const override {
        std::string what = m_wav_path ? "WAV file " + m_wav_path->string() : "null output";
        if (m_faults) what = "fault-injecting " + what + " (" + m_faults->describe() + ")";
        return what + (m_paced ? " (paced)" : " (unpaced)") + ", " +
               std::to_string(m_options.sample_rate) + " Hz mono, " +
               std::to_string(m_options.buffer_frames) + "-frame buffer";
    }

    double buffer_ms() const override {
        return frames_to_ms(m_options.buffer_frames, m_options.sample_rate);
    }

  private:
    void start_device() {
        m_fault.store(DeviceFault::none, std::memory_order_release);
        m_stop.store(false, std::memory_order_relaxed);
        m_drain.store(true, std::memory_order_relaxed);
        m_open = true;
        m_thread = std::thread([this] { run(); });
    }

    /// drain: an unpaced device first renders what is queued (a clean close, not a recovery).
    void stop_device(bool drain) {
        if (!m_thread.joinable()) return;
        m_drain.store(drain, std::memory_order_relaxed);
        m_stop.store(true, std::memory_order_release);
        m_thread.join();
    }

    void run() noexcept {
        try {
            if (m_paced) {
                run_paced();
            } else {
                run_unpaced();
            }
        } catch (const std::exception& e) {
            if (m_write_error.empty()) m_write_error = e.what();
        } catch (...) {
            if (m_write_error.empty()) m_write_error = "audio device thread failed";
        }
    }

    /// Between buffers: true when an injected fault has ended this device thread's work.
    bool faulted() {
        if (!m_faults) return false;
        const DeviceFault due = m_faults->take_due(steady_clock::now() - *m_first_open);
        if (due == DeviceFault::none) return false;
        if (due == DeviceFault::stall) {
            // Wedged: alive, silent, reporting nothing, until close() or reopen() stops it.
            while (!m_stop.load(std::memory_order_acquire))
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            return true;
        }
        m_fault.store(due, std::memory_order_release);
        return true;
    }

    void run_paced() {
        const std::size_t frames = m_buffer.size();
        const auto rate = static_cast<std::uint64_t>(m_options.sample_rate);
        const auto period_at = [&](std::uint64_t k) {
            // Exact integer time of buffer k from a fixed start: no drift, no overflow for years.
            const std::uint64_t total = k * frames;
            return std::chrono::nanoseconds(static_cast<std::int64_t>(
                total / rate * 1'000'000'000ull + total % rate * 1'000'000'000ull / rate));
        };
        auto start = steady_clock::now();
        std::uint64_t k = 0;
        while (!m_stop.load(std::memory_order_acquire)) {
            if (faulted()) return;
            m_engine->render(m_buffer.data(), frames);
            emit(frames);
            ++k;
            const auto deadline = start + period_at(k);
            const auto now = steady_clock::now();
            if (now - deadline > period_at(8)) {
                // Far behind (suspended, debugger): resynchronise instead of bursting to catch up.
                start = now;
                k = 0;
                continue;
            }
            std::this_thread::sleep_until(deadline);
        }
    }

    void run_unpaced() {
        for (;;) {
            const bool stopping = m_stop.load(std::memory_order_acquire);
            // A reopen keeps what is queued for the next device thread.
            if (stopping && !m_drain.load(std::memory_order_relaxed)) return;
            if (!stopping && faulted()) return;
            const std::size_t n = m_engine->render_available(m_buffer.data(), m_buffer.size());
            if (n > 0) {
                emit(n);
                continue;
            }
            if (stopping) return; // queued audio has been rendered
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    void emit(std::size_t frames) {
        if (!m_wav || !m_write_error.empty()) return;
        if (auto ok = m_wav->write({m_buffer.data(), frames}); !ok)
            m_write_error = ok.error().message;
    }

    const std::optional<std::filesystem::path> m_wav_path;
    const bool m_paced;
    const std::shared_ptr<FaultInjector> m_faults;
    std::optional<steady_clock::time_point> m_first_open; // faults are planned from here
    SinkOptions m_options;
    std::unique_ptr<OutputEngine> m_engine;
    std::optional<WavWriter> m_wav; // device thread only while running
    std::vector<Sample> m_buffer;   // device thread only while running
    std::string m_write_error;      // device thread while running, owner after join
    bool m_open = false; // between open() and close() (the device thread may have stopped)
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_drain{true};
    std::atomic<DeviceFault> m_fault{DeviceFault::none};
    std::thread m_thread;
};

} // namespace

std::unique_ptr<AudioSink> make_wav_sink(std::filesystem::path path, bool paced) {
    return std::make_unique<SimulatedSink>(std::move(path), paced);
}

std::unique_ptr<AudioSink> make_null_sink(bool paced) {
    return std::make_unique<SimulatedSink>(std::nullopt, paced);
}

std::unique_ptr<AudioSink> make_fault_sink(std::shared_ptr<FaultInjector> faults, bool paced,
                                           std::filesystem::path wav_path) {
    std::optional<std::filesystem::path> path;
    if (!wav_path.empty()) path = std::move(wav_path);
    return std::make_unique<SimulatedSink>(std::move(path), paced, std::move(faults));
}

} // namespace lectern::audio
