// `lectern` with no subcommand: the kiosk. Wires the article catalog, the playback Driver, the
// SDL shell (ui/sdl/shell.hpp) and, with --commands -, the control channel (the same as
// `lectern play`, plus `screenshot PATH`, `key NAME`, `keydown NAME`, `keyup NAME`, `tap X Y`).
// Main thread. Returns the exit status: 0 after SIGINT/SIGTERM or `quit`, 2 for bad options.
#pragma once

#include "app/subcommands.hpp"
#include "config/settings.hpp"
#include "core/clock.hpp"

#include <string>
#include <vector>

namespace lectern::app {

struct KioskOptions {
    std::string content;                   ///< article folder; default: the bundled content/
    std::string theme = "yellow-on-black"; ///< see ui::themes()
    std::string text_size = "normal";      ///< normal, large, largest
    std::string window;                    ///< "WxH" for a window; full screen when empty
    std::string language = "en";           ///< the home screen's language (voices/ui/<lang>.toml)
    std::string keys;                      ///< a key-map override file
    bool commands = false;                 ///< --commands -: JSON lines out, commands in
    std::string sink = "portaudio";
    std::string device;
    int volume = 70;
    VoiceOptions voice;
    /// The settings file (app/kiosk_settings.hpp): it fills in every option not given.
    std::string config = config::kDefaultConfigPath;
    /// The options given on the command line ("--theme", ...): they beat the settings.
    std::vector<std::string> given;
};

int run_kiosk(const KioskOptions& options, Nanos epoch);

} // namespace lectern::app
