// SimulatedSink: WavFileSink and NullSink. One "device" thread plays the audio callback's role:
//   - paced: render(buffer_frames) once per buffer period of wall time (sleep_until on a drift-free
//     schedule), like hardware; the WAV gets everything rendered, silence included.
//   - unpaced: render_available() as fast as the ring is filled (sleeping 1 ms when there is
//     nothing to do, so pause and flush are still serviced promptly without burning a core); the
//     WAV gets only rendered ring content. close() first renders what is still queued.
// Thread affinity: open/close/engine/describe from the owning thread; the device thread is private.
#include "audio/audio_sink.hpp"
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
    SimulatedSink(std::optional<std::filesystem::path> wav_path, bool paced)
        : m_wav_path(std::move(wav_path)), m_paced(paced) {}
    ~SimulatedSink() override { close(); }

    Result<void> open(const SinkOptions& options) override {
        close();
        if (options.sample_rate <= 0 || options.buffer_frames == 0) {
            return make_error("invalid audio options (sample rate and buffer must be positive)");
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
        m_stop.store(false, std::memory_order_relaxed);
        m_thread = std::thread([this] { run(); });
        return {};
    }

    void close() override {
        if (!m_thread.joinable()) return;
        m_stop.store(true, std::memory_order_release);
        m_thread.join();
        if (m_wav) {
            if (auto done = m_wav->finish(); !done && m_write_error.empty()) {
                m_write_error = done.error().message;
            }
        }
        if (!m_write_error.empty()) log::warning("audio: " + m_write_error);
    }

    // The engine outlives close() so counters stay readable; a new open() replaces it.
    OutputEngine& engine() override { return *m_engine; }

    std::string describe() const override {
        std::string what = m_wav_path ? "WAV file " + m_wav_path->string() : "null output";
        return what + (m_paced ? " (paced)" : " (unpaced)") + ", " +
               std::to_string(m_options.sample_rate) + " Hz mono, " +
               std::to_string(m_options.buffer_frames) + "-frame buffer";
    }

    double buffer_ms() const override {
        return frames_to_ms(m_options.buffer_frames, m_options.sample_rate);
    }

  private:
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
    SinkOptions m_options;
    std::unique_ptr<OutputEngine> m_engine;
    std::optional<WavWriter> m_wav; // device thread only while running
    std::vector<Sample> m_buffer;   // device thread only while running
    std::string m_write_error;      // device thread while running, owner after join
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace

std::unique_ptr<AudioSink> make_wav_sink(std::filesystem::path path, bool paced) {
    return std::make_unique<SimulatedSink>(std::move(path), paced);
}

std::unique_ptr<AudioSink> make_null_sink(bool paced) {
    return std::make_unique<SimulatedSink>(std::nullopt, paced);
}

} // namespace lectern::audio
