// AudioWatch: device-loss supervision for the kiosk and `lectern play`
// (audio/device_supervisor.hpp), plus what both do about a transition: one log line (never article
// text), and the fields of an "audio_device" event for the JSON-lines control channel:
//   {"t_ms":..,"event":"audio_device","state":"lost","cause":"stall","faults":1}
//   {"t_ms":..,"event":"audio_device","state":"restored","cause":"stall","attempts":1,
//    "lost_ms":57.3,"recoveries":1}
// cause: stall, error or unplugged. Sinks that cannot be lost (null, WAV) are not watched.
// Threads: construct, stop() and destroy on the owning thread, after the sink's open() and before
// its close(). on_change runs on the supervisor's helper thread: hand over, do not block.
// recovering_in_time() from any thread.
#pragma once

#include "audio/audio_sink.hpp"
#include "audio/device_supervisor.hpp"
#include "core/clock.hpp"

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace lectern::app {

class AudioWatch {
  public:
    /// ok: the device plays again (false: sound is lost). fields: ",\"state\":..." (see above).
    using OnChange = std::function<void(bool ok, const std::string& fields)>;

    /// The device stopped for standby (true) or started again (false); helper thread.
    using OnStandby = std::function<void(bool standing_by)>;

    AudioWatch(audio::AudioSink& sink, OnChange on_change, audio::SupervisorOptions options = {},
               OnStandby on_standby = {});
    ~AudioWatch();
    AudioWatch(const AudioWatch&) = delete;
    AudioWatch& operator=(const AudioWatch&) = delete;

    /// Stops watching (joins the helper). Idempotent.
    void stop();
    bool active() const { return m_supervisor != nullptr; }
    /// For the systemd watchdog when the audio callback has not advanced: true while a loss is
    /// being handled and recovery has not hung (audio::DeviceSupervisor::responsive()).
    bool recovering_in_time() const;
    /// The device is stopped in standby because nothing is to be heard (not a fault).
    bool standing_by() const;

  private:
    OnChange m_on_change;
    std::unique_ptr<audio::DeviceSupervisor> m_supervisor;
};

/// The "audio_device" event's fields for a transition (starting with a comma).
std::string audio_device_fields(const audio::DeviceChange& change);
/// The log line for a transition.
std::string audio_device_log_line(const audio::DeviceChange& change);

/// One JSON line {"t_ms":...,"event":"EVENT"FIELDS} in a single write, so lines written by other
/// threads never interleave with it. Any thread.
void write_event_line(std::FILE* out, Nanos epoch, std::string_view event, std::string_view fields);

} // namespace lectern::app
