// Implementation of app/audio_watch.hpp.
#include "app/audio_watch.hpp"

#include "core/log.hpp"

namespace lectern::app {

namespace {

std::string milliseconds(Nanos t) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", to_ms(t));
    return text;
}

} // namespace

std::string audio_device_fields(const audio::DeviceChange& c) {
    const bool lost = c.health != audio::DeviceHealth::ok;
    std::string fields = std::string(",\"state\":\"") + (lost ? "lost" : "restored") +
                         "\",\"cause\":\"" + audio::to_string(c.cause) + "\"";
    if (lost) return fields + ",\"faults\":" + std::to_string(c.faults);
    return fields + ",\"attempts\":" + std::to_string(c.attempts) +
           ",\"lost_ms\":" + milliseconds(c.lost_for) +
           ",\"recoveries\":" + std::to_string(c.recoveries);
}

std::string audio_device_log_line(const audio::DeviceChange& c) {
    if (c.health != audio::DeviceHealth::ok)
        return "sound lost: " + c.reason + "; reopening the audio device";
    if (c.attempts == 0)
        return "sound restored: the audio device came back by itself after " +
               milliseconds(c.lost_for) + " ms";
    return "sound restored: the audio device was reopened after " + milliseconds(c.lost_for) +
           " ms (" + std::to_string(c.attempts) + (c.attempts == 1 ? " attempt" : " attempts") +
           ")";
}

void write_event_line(std::FILE* out, Nanos epoch, std::string_view event,
                      std::string_view fields) {
    char t[32];
    std::snprintf(t, sizeof t, "%.3f", to_ms(SteadyClock::instance().now() - epoch));
    const std::string line = "{\"t_ms\":" + std::string(t) + ",\"event\":\"" + std::string(event) +
                             "\"" + std::string(fields) + "}\n";
    std::fwrite(line.data(), 1, line.size(), out);
    std::fflush(out);
}

AudioWatch::AudioWatch(audio::AudioSink& sink, OnChange on_change, audio::SupervisorOptions options,
                       OnStandby on_standby)
    : m_on_change(std::move(on_change)) {
    if (!sink.supervised()) return;
    m_supervisor = std::make_unique<audio::DeviceSupervisor>(
        sink,
        [this](const audio::DeviceChange& change) {
            log::warning(audio_device_log_line(change));
            if (m_on_change)
                m_on_change(change.health == audio::DeviceHealth::ok, audio_device_fields(change));
        },
        options);
    if (on_standby) m_supervisor->on_standby(std::move(on_standby));
    m_supervisor->start();
}

AudioWatch::~AudioWatch() {
    stop();
}

void AudioWatch::stop() {
    if (m_supervisor) m_supervisor->stop();
}

bool AudioWatch::standing_by() const {
    return m_supervisor && m_supervisor->standing_by();
}

bool AudioWatch::recovering_in_time() const {
    return m_supervisor && m_supervisor->health() != audio::DeviceHealth::ok &&
           m_supervisor->responsive();
}

} // namespace lectern::app
