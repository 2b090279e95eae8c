// PortAudio as a process-wide library, shared by the two files that include PortAudio:
// portaudio_sink.cpp (the stream) and portaudio_system.cpp (this: start-up, shutdown, the device
// list). Internal to the audio module.
//   - one mutex serialises every PortAudio call (PortAudio is not thread-safe);
//   - Pa_Initialize is reference-counted, and ALSA is asked first: PortAudio 19.6 aborts the
//     process when ALSA lists no device at all;
//   - PortAudio's and ALSA's chatter on stderr is silenced while they probe.
#pragma once

#include "core/result.hpp"
#include "core/silenced_fd.hpp"

#include <portaudio.h>

#include <mutex>
#include <string>

namespace lectern::audio::pa {

/// Guards every PortAudio call and the use count of acquire()/release().
extern std::mutex g_mutex;

/// What a missing or failing device's message ends with.
extern const char* const kNoDeviceHint;

/// Reference-counted Pa_Initialize; an error (one line) when ALSA lists no device or PortAudio
/// cannot start. Caller holds g_mutex.
Result<void> acquire();
/// Pa_Terminate when the last user releases (which refreshes PortAudio's frozen device list).
/// Caller holds g_mutex.
void release();

/// Points fd 2 at /dev/null for its lifetime: ALSA, JACK and PulseAudio probing print dozens of
/// lines while PortAudio enumerates devices. LECTERN_AUDIO_VERBOSE=1 keeps it all (for debugging).
class StderrSilencer : public SilencedFd {
  public:
    StderrSilencer();
};

/// The default output device for an empty name; else exact name first, then case-insensitive
/// substring; output devices only. Caller holds g_mutex and an acquire().
Result<PaDeviceIndex> find_output_device(const std::string& name);

} // namespace lectern::audio::pa
