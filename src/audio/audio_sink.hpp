// AudioSink: where PCM goes. Every sink owns an OutputEngine (see output_engine.hpp for the
// real-time contract) and a "device" that calls engine().render() from its own thread:
//   - PortAudioSink: the PortAudio callback (with portaudio_system.*, the ONLY files that include
//     PortAudio). The stream is opened once and kept open (Pi audio pops on open/close), fed
//     silence between utterances and stopped, not closed, in standby (device_supervisor.hpp).
//   - WavFileSink: a simulated device thread writing what it renders to a WAV file.
//   - NullSink: a simulated device thread that discards audio.
//   - the fault-injecting sink (audio/fault_injector.hpp): a simulated device that stalls, fails
//     or goes away on demand, for tests and drills of device-loss recovery.
// Simulated devices are paced (one buffer per buffer-period of wall time, like hardware) or unpaced
// (consume as fast as the ring is filled, for functional tests and offline work).
// Thread affinity: open/close/engine/describe from the owning (playback or main) thread.
//
// Device loss (audio/device_supervisor.hpp): a supervisor's helper thread may call reopen() and
// fault() while the owner is not calling open() or close(): the owner starts the supervisor after
// open() and stops it before close(). engine() is the same object across reopen(), so the Driver's
// OutputEngine& stays valid and reading resumes where it was.
#pragma once

#include "audio/output_engine.hpp"
#include "core/result.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace lectern::audio {

/// What a device has reported about itself (any thread may read it through AudioSink::fault()).
/// A stall (the callback silently stops) is not reported by any device: the supervisor infers it
/// from the engine's heartbeat. `unplugged` is what a failed (re)open says when the device is gone.
enum class DeviceFault { none, stall, stream_error, unplugged };
const char* to_string(DeviceFault f);

struct SinkOptions {
    int sample_rate = kDefaultSampleRate;
    /// Frames per device buffer (the callback size). 256 frames at 22050 Hz is 11.6 ms: a press
    /// is heard within one buffer (plus the device's own two), far below the ~50 ms at which a
    /// reply stops feeling immediate. 128 frames (5.8 ms) was the first choice, but every buffer
    /// wakes PortAudio's thread (and, through ALSA's pulse plugin, libpulse's): at 128 the device
    /// alone cost 1.7 to 1.8 % of a core here and the kiosk reading 2.1 to 2.4 %, over the 2 %
    /// target; 256 halves the wake-ups (bench/README.md), and a Pi's slower core gains the most.
    std::size_t buffer_frames = 256;
    /// Capacity of the queue between playback and the device (5.9 s at 22050 Hz): room for the
    /// playback thread's lookahead twice over, so that audio written right after a flush never
    /// waits for the device to drop what was queued before it.
    std::size_t ring_frames = 1 << 17;
};

class AudioSink {
  public:
    virtual ~AudioSink() = default;
    /// Opens the device and starts it (rendering silence until audio is written). A missing or
    /// failing device is a one-line error saying what to do.
    virtual Result<void> open(const SinkOptions& options) = 0;
    /// Stops the device; idempotent. Called by the destructor too.
    virtual void close() = 0;
    /// Valid between a successful open() and close().
    virtual OutputEngine& engine() = 0;
    virtual std::string describe() const = 0;
    /// The device buffer in milliseconds (as negotiated), for latency figures.
    virtual double buffer_ms() const = 0;

    /// Recovery after a fault: stops the device (without waiting for it: a stalled device will
    /// never drain) and starts it again with the options of the last open(), keeping engine() --
    /// its ring, stream positions and counters -- so what is queued plays next. The old device
    /// thread has stopped calling render() before the new one starts (the engine keeps a single
    /// consumer), and the new one starts from silence (OutputEngine::restart_from_silence). May
    /// block for as long as the device API does (the caller's deadline covers it). Supervisor
    /// thread (or owner), never concurrently with open() or close().
    virtual Result<void> reopen() { return make_error("this audio output cannot be reopened"); }
    /// A fault the device itself reported since the last (re)open (a stream error), or none. May
    /// ask the device API, so: the supervisor thread or the owner.
    virtual DeviceFault fault() { return DeviceFault::none; }
    /// Standby (audio/device_supervisor.hpp): suspend() stops the device's clock -- no more
    /// callbacks, no CPU -- without closing it, keeping engine() as it is; resume() starts it again
    /// from silence (OutputEngine::restart_from_silence). Both may block for as long as the device
    /// API does. Supervisor thread (or owner), like reopen().
    virtual Result<void> suspend() { return make_error("this audio output cannot stand by"); }
    virtual Result<void> resume() { return make_error("this audio output cannot stand by"); }
    /// Whether a DeviceSupervisor should watch this sink (real devices and the fault-injecting
    /// sink; a WAV file or the null output never goes away).
    virtual bool supervised() const { return false; }
};

struct DeviceInfo {
    int index = 0;
    std::string name;
    std::string host_api;
    int max_output_channels = 0;
    double default_sample_rate = 0;
    bool is_default = false;
};

/// device_name empty = the default output device. Matching is exact, then case-insensitive
/// substring. PortAudio's own chatter on stderr (ALSA probing) is kept out of the user's way.
std::unique_ptr<AudioSink> make_portaudio_sink(std::string device_name = {});
/// Output devices PortAudio sees; an error when PortAudio cannot initialise.
Result<std::vector<DeviceInfo>> list_portaudio_devices();

std::unique_ptr<AudioSink> make_wav_sink(std::filesystem::path path, bool paced);
std::unique_ptr<AudioSink> make_null_sink(bool paced);

/// Writes mono s16 PCM as a WAV file (used by WavFileSink and `lectern render`/`say --out`).
class WavWriter {
  public:
    static Result<WavWriter> create(const std::filesystem::path& path, int sample_rate);
    WavWriter(WavWriter&&) noexcept;
    WavWriter& operator=(WavWriter&&) noexcept;
    ~WavWriter();
    Result<void> write(std::span<const Sample> pcm);
    /// Patches the header sizes and closes; also done by the destructor.
    Result<void> finish();
    std::uint64_t frames() const { return m_frames; }

  private:
    WavWriter() = default;
    std::FILE* m_file = nullptr;
    std::filesystem::path m_path;
    int m_rate = 0;
    std::uint64_t m_frames = 0;
};

/// Reads a mono or stereo s16/float WAV into mono s16 (tests and benchmarks).
struct WavData {
    int sample_rate = 0;
    std::vector<Sample> samples;
};
Result<WavData> read_wav(const std::filesystem::path& path);

} // namespace lectern::audio
