// The CLI's subcommands. Each returns the process exit status: 0 success, 2 for bad input (one
// line on stderr naming the problem and what to do). Main thread.
#pragma once

#include "core/clock.hpp"

#include <optional>
#include <string>

namespace lectern::app {

struct VoiceOptions {
    std::string voice;
    std::optional<int> rate;
};

int run_sections(const std::string& file, bool json);
int run_say(const std::string& text, const VoiceOptions& voice, const std::string& out_wav);
int run_render(const std::string& file, const std::string& out_wav, const VoiceOptions& voice);
int run_devices();
/// The library of a content folder (default: app::content_dir()), in kiosk order.
int run_list(const std::string& dir, bool json);

struct PlayOptions {
    std::string file;
    std::string sink = "portaudio";
    std::string device;
    bool commands = false; ///< --commands -: JSON lines on stdout, commands on stdin
    bool unpaced = false;  ///< simulated sinks consume as fast as audio is made
    bool no_words = false; ///< leave word events out of the JSON lines
    int volume = 70;
    bool volume_given = false; ///< --volume was on the command line (it beats --config)
    VoiceOptions voice;
    std::string config; ///< --config FILE: device, voice, rate, volume and its ceiling
};
int run_play(const PlayOptions& options, Nanos epoch);

/// Prints "lectern: <message>" on stderr and returns 2.
int fail(const std::string& message);

} // namespace lectern::app
