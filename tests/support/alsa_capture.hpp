// Test support: an ALSA configuration whose only PCM, "default", writes what is played to a WAV
// file (DESIGN.md §5: real PortAudio output captured without a sound card). Point
// ALSA_CONFIG_PATH at a file holding this text. Pure; any thread.
#pragma once

#include <string>

namespace lectern::test {

inline std::string alsa_capture_config(const std::string& wav_path) {
    return "</usr/share/alsa/alsa.conf>\n"
           "pcm.!default {\n"
           "    type plug\n"
           "    slave.pcm {\n"
           "        type file\n"
           "        slave.pcm \"null\"\n"
           "        file \"" +
           wav_path +
           "\"\n"
           "        format \"wav\"\n"
           "    }\n"
           "}\n";
}

} // namespace lectern::test
