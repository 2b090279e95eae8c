// PortAudioSink: the real output device. With audio/portaudio_system.* (the library's start-up,
// shutdown and device list) the ONLY files that include PortAudio.
// open/close/describe run on the owning (playback or main) thread; every PortAudio call is
// serialised by one process-wide mutex, pa::g_mutex (PortAudio is not thread-safe). The
// stream callback runs on PortAudio's audio thread and only calls OutputEngine::render (noexcept).
//
// Output format: mono paInt16 at the engine's rate when the device takes it (PortAudio's ALSA
// "default" device is a plug device that converts whatever it is given; on a hw device whose
// minimum is two channels, PortAudio's ALSA layer copies mono into both channels of the pair).
// Otherwise stereo at the same rate, duplicated here. A device that takes neither is a one-line
// error suggesting another device: there is no resampler here.
// buffer_ms() reports the negotiated callback size (frames per buffer / stream rate); describe()
// also shows PortAudio's reported output latency (Pa_GetStreamInfo()->outputLatency).
//
// Device loss (audio/device_supervisor.hpp): PortAudio has no callback for it. A host error ends
// the stream's callback thread, and PortAudio then calls the stream-finished callback: unless we
// are stopping the stream ourselves, that is recorded as a stream error, which fault() reports
// along with Pa_IsStreamActive() turning negative (an error) or 0 (stopped by itself). A device
// that just stops calling back is found by the supervisor's heartbeat. reopen() aborts the stream
// (no draining: a dead device never drains), releases PortAudio (Pa_Terminate when this is the last
// user, which refreshes the frozen device list: a replugged USB card comes back under a new
// index) and opens the same device name again on the same engine.
#include "audio/audio_sink.hpp"
#include "audio/portaudio_system.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>

namespace lectern::audio {

namespace {

/// What the real-time callback touches: fixed at open, never resized while the stream runs.
struct CallbackState {
    OutputEngine* engine = nullptr;
    int channels = 1;
    std::vector<Sample> scratch; // mono render buffer when the device is stereo
    // owner -> audio: we are stopping the stream, so its end is no fault.
    std::atomic<bool> stopping{false};
    // audio -> supervisor: the stream ended by itself (a host error ended the callback thread).
    std::atomic<bool> ended{false};
};

/// PortAudio's stream-finished callback, on the audio thread as its callback loop ends.
void stream_finished(void* user) noexcept {
    auto* state = static_cast<CallbackState*>(user);
    if (!state->stopping.load(std::memory_order_acquire))
        state->ended.store(true, std::memory_order_release);
}

int stream_callback(const void* /*input*/, void* output, unsigned long frames,
                    const PaStreamCallbackTimeInfo* /*time*/, PaStreamCallbackFlags /*flags*/,
                    void* user) noexcept {
    auto* state = static_cast<CallbackState*>(user);
    auto* out = static_cast<Sample*>(output);
    if (state->channels == 1) {
        state->engine->render(out, frames);
        return paContinue;
    }
    // Stereo device: render mono in scratch-sized pieces and duplicate into every channel.
    const std::size_t piece_max = state->scratch.size();
    std::size_t done = 0;
    while (done < frames) {
        const std::size_t piece = std::min<std::size_t>(frames - done, piece_max);
        state->engine->render(state->scratch.data(), piece);
        for (std::size_t i = 0; i < piece; ++i) {
            for (int c = 0; c < state->channels; ++c) {
                out[(done + i) * static_cast<std::size_t>(state->channels) +
                    static_cast<std::size_t>(c)] = state->scratch[i];
            }
        }
        done += piece;
    }
    return paContinue;
}

class PortAudioSink final : public AudioSink {
  public:
    explicit PortAudioSink(std::string device_name) : m_device_name(std::move(device_name)) {}
    ~PortAudioSink() override { close(); }

    Result<void> open(const SinkOptions& options) override {
        close();
        std::lock_guard lock(pa::g_mutex);
        if (auto ok = pa::acquire(); !ok) return ok;
        m_engine = std::make_unique<OutputEngine>(options.sample_rate, options.ring_frames);
        m_options = options;
        auto result = open_locked(options);
        if (!result) pa::release();
        return result;
    }

    void close() override {
        std::lock_guard lock(pa::g_mutex);
        stop_locked(false);
    }

    Result<void> reopen() override {
        std::lock_guard lock(pa::g_mutex);
        if (!m_engine) return make_error("the audio device was never opened");
        stop_locked(true);
        m_engine->restart_from_silence(); // no callback runs now; the new stream ramps in
        if (auto ok = pa::acquire(); !ok) return ok;
        auto result = open_locked(m_options);
        if (!result) pa::release();
        return result;
    }

    // Standby: Pa_StopStream lets the device play out what it holds (silence by now) and joins the
    // callback thread; the stream stays open, so Pa_StartStream is all a wake costs.
    Result<void> suspend() override {
        std::lock_guard lock(pa::g_mutex);
        if (!m_stream) return make_error("the audio device is not open");
        m_state.stopping.store(true, std::memory_order_release);
        PaError err = paNoError;
        {
            pa::StderrSilencer quiet;
            err = Pa_StopStream(m_stream);
        }
        if (err != paNoError) {
            m_state.stopping.store(false, std::memory_order_release);
            return make_error(std::string("cannot stop the audio device (") + Pa_GetErrorText(err) +
                              ")");
        }
        m_suspended = true;
        return {};
    }

    Result<void> resume() override {
        std::lock_guard lock(pa::g_mutex);
        if (!m_stream) return make_error("the audio device is not open");
        if (!m_suspended) return {};
        m_engine->restart_from_silence(); // no callback runs now
        m_state.stopping.store(false, std::memory_order_relaxed);
        m_state.ended.store(false, std::memory_order_relaxed);
        PaError err = paNoError;
        {
            pa::StderrSilencer quiet;
            err = Pa_StartStream(m_stream);
        }
        if (err != paNoError)
            return make_error(std::string("cannot start the audio device again (") +
                              Pa_GetErrorText(err) + ")");
        m_suspended = false;
        return {};
    }

    DeviceFault fault() override {
        std::lock_guard lock(pa::g_mutex);
        if (!m_stream) return DeviceFault::none;   // closed, or a reopen failed (it says why)
        if (m_suspended) return DeviceFault::none; // stopped on purpose
        if (m_state.ended.load(std::memory_order_acquire)) return DeviceFault::stream_error;
        const PaError active = Pa_IsStreamActive(m_stream);
        if (active == paDeviceUnavailable) return DeviceFault::unplugged;
        return active == 1 ? DeviceFault::none : DeviceFault::stream_error;
    }

    bool supervised() const override { return true; }

    // The engine outlives close() so counters stay readable; a new open() replaces it, and
    // reopen() keeps it.
    OutputEngine& engine() override { return *m_engine; }

    std::string describe() const override {
        std::lock_guard lock(m_info_mutex);
        if (m_rate == 0) return "PortAudio (not open)";
        char line[256];
        std::snprintf(line, sizeof line,
                      "PortAudio %s \"%s\", %d Hz %s, %zu-frame buffer (%.1f ms), output latency "
                      "%.1f ms",
                      m_host_api.c_str(), m_opened_name.c_str(), m_rate,
                      m_channels == 1 ? "mono" : "stereo", m_frames_per_buffer, buffer_ms_locked(),
                      m_output_latency_s * 1000.0);
        return line;
    }

    double buffer_ms() const override {
        std::lock_guard lock(m_info_mutex);
        return buffer_ms_locked();
    }

  private:
    double buffer_ms_locked() const {
        return m_rate > 0 ? frames_to_ms(m_frames_per_buffer, m_rate) : 0.0;
    }

    /// Stops and closes the stream, if any. abort: drop what the device holds (recovery; a
    /// stalled device never drains) rather than let it play out (a clean close). Caller holds
    /// pa::g_mutex. Either way PortAudio has joined its callback thread when this returns.
    void stop_locked(bool abort) {
        if (!m_stream) return;
        m_state.stopping.store(true, std::memory_order_release);
        {
            pa::StderrSilencer quiet;
            if (abort) {
                Pa_AbortStream(m_stream);
            } else {
                Pa_StopStream(m_stream);
            }
            Pa_CloseStream(m_stream);
        }
        m_stream = nullptr;
        m_suspended = false;
        pa::release();
    }

    /// Opens and starts the stream on m_engine. Caller holds pa::g_mutex and a pa::acquire().
    Result<void> open_locked(const SinkOptions& options) {
        auto device = pa::find_output_device(m_device_name);
        if (!device) return device.error();
        const PaDeviceInfo* info = Pa_GetDeviceInfo(*device);
        const std::string shown = info && info->name ? info->name : "?";

        PaStreamParameters params{};
        params.device = *device;
        params.sampleFormat = paInt16;
        // Ask for a little more than two callbacks of device buffering: enough headroom on a Pi,
        // still far below what a listener notices.
        params.suggestedLatency =
            std::max(info ? info->defaultLowOutputLatency : 0.0,
                     2.0 * static_cast<double>(options.buffer_frames) / options.sample_rate);
        int channels = 0;
        {
            pa::StderrSilencer quiet; // probing opens the ALSA device, which may print
            for (int candidate : {1, 2}) {
                if (info && candidate > info->maxOutputChannels) continue;
                params.channelCount = candidate;
                if (Pa_IsFormatSupported(nullptr, &params, options.sample_rate) ==
                    paFormatIsSupported) {
                    channels = candidate;
                    break;
                }
            }
        }
        if (channels == 0) {
            return make_error("audio device \"" + shown + "\" cannot play " +
                              std::to_string(options.sample_rate) +
                              " Hz; choose \"default\" or a plughw device (see `lectern devices`)");
        }
        params.channelCount = channels;

        m_state.engine = m_engine.get();
        m_state.channels = channels;
        m_state.scratch.assign(std::max<std::size_t>(options.buffer_frames, 64), 0);

        PaStream* stream = nullptr;
        PaError err = paNoError;
        {
            pa::StderrSilencer quiet;
            err = Pa_OpenStream(&stream, nullptr, &params, options.sample_rate,
                                static_cast<unsigned long>(options.buffer_frames), paClipOff,
                                &stream_callback, &m_state);
            if (err == paNoError) {
                // No callback thread runs yet: plain stores are published by Pa_StartStream.
                m_state.stopping.store(false, std::memory_order_relaxed);
                m_state.ended.store(false, std::memory_order_relaxed);
                Pa_SetStreamFinishedCallback(stream, &stream_finished);
                err = Pa_StartStream(stream);
                if (err != paNoError) Pa_CloseStream(stream);
            }
        }
        if (err != paNoError) {
            return make_error("cannot start audio device \"" + shown + "\" (" +
                              Pa_GetErrorText(err) + "); " + pa::kNoDeviceHint);
        }
        m_stream = stream;
        const PaStreamInfo* stream_info = Pa_GetStreamInfo(stream);
        std::lock_guard info_lock(m_info_mutex); // describe() may run on the owner meanwhile
        m_rate = stream_info ? static_cast<int>(stream_info->sampleRate) : options.sample_rate;
        m_output_latency_s = stream_info ? stream_info->outputLatency : 0.0;
        m_frames_per_buffer = options.buffer_frames;
        m_opened_name = shown;
        m_channels = channels;
        const PaHostApiInfo* api = info ? Pa_GetHostApiInfo(info->hostApi) : nullptr;
        m_host_api = api && api->name ? api->name : "?";
        return {};
    }

    std::string m_device_name;
    SinkOptions m_options; // of the last open(), for reopen()
    PaStream* m_stream = nullptr;
    bool m_suspended = false; // stopped in standby (guarded by pa::g_mutex)
    std::unique_ptr<OutputEngine> m_engine;
    CallbackState m_state;
    mutable std::mutex m_info_mutex; // guards what describe() and buffer_ms() read
    std::string m_opened_name;
    std::string m_host_api;
    int m_rate = 0;
    int m_channels = 1;
    std::size_t m_frames_per_buffer = 0;
    double m_output_latency_s = 0.0;
};

} // namespace

std::unique_ptr<AudioSink> make_portaudio_sink(std::string device_name) {
    return std::make_unique<PortAudioSink>(std::move(device_name));
}

} // namespace lectern::audio
