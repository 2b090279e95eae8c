// Implementation of audio/portaudio_system.hpp, and list_portaudio_devices (audio_sink.hpp).
#include "audio/portaudio_system.hpp"
#include "audio/audio_sink.hpp"
#include "core/utf8.hpp"

#include <alsa/asoundlib.h>

#include <cstdlib>
#include <unistd.h>

namespace lectern::audio {

namespace pa {

std::mutex g_mutex;
const char* const kNoDeviceHint =
    "plug in headphones or a USB sound card, then run `lectern devices`";

namespace {

int g_users = 0; // guarded by g_mutex

bool verbose() {
    const char* v = std::getenv("LECTERN_AUDIO_VERBOSE");
    return v && *v && *v != '0';
}

/// Whether ALSA knows any PCM at all: a sound card, or a device defined in its configuration.
/// PortAudio 19.6's ALSA host API aborts the process (an assert in BuildDeviceList) when there is
/// none, e.g. in a container whose ALSA configuration defines no devices; so we look first.
bool alsa_lists_any_pcm() {
    StderrSilencer quiet; // ALSA reports a broken configuration on stderr itself
    int card = -1;
    if (snd_card_next(&card) == 0 && card >= 0) return true;
    if (snd_config_update() < 0 || snd_config == nullptr) return false;
    snd_config_t* pcms = nullptr;
    if (snd_config_search(snd_config, "pcm", &pcms) < 0) return false;
    return snd_config_iterator_first(pcms) != snd_config_iterator_end(pcms);
}

} // namespace

StderrSilencer::StderrSilencer() : SilencedFd(STDERR_FILENO, !verbose()) {}

Result<void> acquire() {
    if (g_users == 0) {
        if (!alsa_lists_any_pcm())
            return make_error(std::string("no audio devices: ALSA lists no sound card and its "
                                          "configuration defines no device; ") +
                              kNoDeviceHint);
        PaError err = paNoError;
        {
            StderrSilencer quiet;
            err = Pa_Initialize();
        }
        if (err != paNoError) {
            return make_error(std::string("sound system unavailable (PortAudio: ") +
                              Pa_GetErrorText(err) + "); " + kNoDeviceHint);
        }
    }
    ++g_users;
    return {};
}

void release() {
    if (g_users == 0 || --g_users > 0) return;
    StderrSilencer quiet;
    Pa_Terminate();
}

Result<PaDeviceIndex> find_output_device(const std::string& name) {
    if (name.empty()) {
        const PaDeviceIndex index = Pa_GetDefaultOutputDevice();
        if (index == paNoDevice) {
            return make_error(std::string("no audio output device found; ") + kNoDeviceHint);
        }
        return index;
    }
    const PaDeviceIndex count = Pa_GetDeviceCount();
    PaDeviceIndex partial = paNoDevice;
    const std::string wanted = utf8::ascii_lower(name);
    for (PaDeviceIndex i = 0; i < count; ++i) {
        const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
        if (!info || info->maxOutputChannels <= 0 || !info->name) continue;
        if (name == info->name) return i;
        if (partial == paNoDevice &&
            utf8::ascii_lower(info->name).find(wanted) != std::string::npos) {
            partial = i;
        }
    }
    if (partial != paNoDevice) return partial;
    return make_error("no audio output device \"" + name + "\" found; " + kNoDeviceHint);
}

} // namespace pa

Result<std::vector<DeviceInfo>> list_portaudio_devices() {
    std::lock_guard lock(pa::g_mutex);
    if (auto ok = pa::acquire(); !ok) return ok.error();
    std::vector<DeviceInfo> devices;
    const PaDeviceIndex default_index = Pa_GetDefaultOutputDevice();
    const PaDeviceIndex count = Pa_GetDeviceCount();
    for (PaDeviceIndex i = 0; i < count; ++i) {
        const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
        if (!info || info->maxOutputChannels <= 0) continue;
        const PaHostApiInfo* api = Pa_GetHostApiInfo(info->hostApi);
        devices.push_back(DeviceInfo{i, info->name ? info->name : "",
                                     api && api->name ? api->name : "", info->maxOutputChannels,
                                     info->defaultSampleRate, i == default_index});
    }
    pa::release();
    return devices;
}

} // namespace lectern::audio
