// The appliance's settings (/etc/lectern/lectern.toml, or --config FILE): defaults, TOML parsing
// with toml++, and validation of every value against its range. Loading never fails: a bad value
// is logged ("<file>:<line>: <reason>; using the default ...") and replaced by its default, a
// broken or missing file gives all the defaults and one log line, so the kiosk always starts.
// packaging/lectern.toml documents every key for the people who edit it.
// Pure apart from reading the file and stat() calls; any thread (main thread at start-up in
// practice).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lectern::config {

/// Where the Debian package installs the settings (a conffile: edits survive upgrades).
inline constexpr const char* kDefaultConfigPath = "/etc/lectern/lectern.toml";

struct IntRange {
    int min;
    int max;
};

// Ranges, kept here because config sits left of the modules that use the values. They must agree
// with playback::Limits (rate, volume) and with the UI's names (themes, text sizes):
// tests/config checks that they do.
inline constexpr IntRange kRateRange{80, 450};         ///< words per minute
inline constexpr IntRange kVolumeRange{0, 100};        ///< percent
inline constexpr IntRange kVolumeMaxRange{10, 100};    ///< a ceiling below 10 % is inaudible
inline constexpr IntRange kIdleTimeoutRange{30, 3600}; ///< seconds
inline constexpr IntRange kStaffHoldRange{2, 30};      ///< seconds the staff chord is held
inline constexpr IntRange kStaffTimeoutRange{15, 600}; ///< seconds before the staff menu closes
inline constexpr IntRange kStandbyRange{0, 3600};      ///< seconds of silence; 0 = never
inline constexpr std::size_t kMaxTextBytes = 200;      ///< device names, paths
inline constexpr const char* kThemes[] = {"yellow-on-black", "white-on-black", "black-on-white",
                                          "white-on-blue"};
inline constexpr const char* kTextSizes[] = {"normal", "large", "largest"};

struct Settings {
    /// Folder of articles; empty = the bundled content/.
    std::string content_dir;
    /// Audio output device name, matched as by --device; empty = the default device.
    std::string audio_device;
    /// Voice profile id from voices/ ("en", "es"); empty = chosen by the article's language.
    std::string voice;
    /// Reading speed; unset = the voice profile's own.
    std::optional<int> rate;
    /// Starting volume, which every new patient gets back; never above volume_max.
    int volume = 70;
    /// The ceiling no command, key or setting can go past (hearing safety with headphones).
    int volume_max = 100;
    std::string theme = "yellow-on-black";
    std::string text_size = "normal";
    /// Seconds without input before the kiosk starts afresh for the next patient.
    int idle_timeout_seconds = 180;
    /// Key-map file overriding the built-in keys; empty = built-in.
    std::string key_map;
    /// The home screen's language (voices/ui/<language>.toml).
    std::string language = "en";
    /// 4 to 8 digits opening the staff menu; empty = the staff menu cannot be opened.
    std::string staff_pin;
    /// Shown to staff (and in `lectern check`); empty = the machine's host name.
    std::string device_name;
    /// The keys held together to open the staff menu: action names joined by '+' (the kiosk
    /// checks the names against the key map's actions).
    std::string staff_chord = "help+back";
    int staff_hold_seconds = 5;
    /// Without input for this long the staff menu closes back to the patient's home screen.
    int staff_timeout_seconds = 60;
    /// After this many seconds with nothing to hear the audio device is stopped, so that an idle
    /// kiosk uses no CPU; the next press starts it again. 0 = keep it running always (for
    /// hardware that pops when its stream starts).
    int audio_standby_seconds = 30;

    bool operator==(const Settings&) const = default;
};

struct Loaded {
    Settings settings;
    std::string file;                  ///< what was read, for messages
    bool found = false;                ///< false: no file, every value is the default
    std::vector<std::string> problems; ///< every line logged: broken file, bad values, unknown keys
};

/// Reads and validates a settings file. Never fails; every problem is logged and listed.
Loaded load_settings(const std::filesystem::path& file = kDefaultConfigPath);

/// The same from TOML text; `source` names it in messages.
Loaded parse_settings(std::string_view toml_text, const std::string& source);

// ---- defaults changed in the kiosk's staff menu ------------------------------------------------
// /etc is read-only to the kiosk (ProtectSystem=strict), so what staff change in the menu is kept
// in a small file of its own in the service's state directory and laid over the settings file at
// start-up: only the patient defaults below, never anything about a patient.

/// The keys the staff menu may change (and the only ones read from the staff file).
inline constexpr const char* kStaffKeys[] = {"volume", "rate", "theme", "text_size",
                                             "idle_timeout_seconds"};

/// The staff file's name inside the state directory.
inline constexpr const char* kStaffFileName = "staff-defaults.toml";

/// Lays the staff file's values over `into` (validated like the main file; other keys are
/// reported and ignored). A missing file changes nothing and logs nothing.
void overlay_staff_file(Loaded& into, const std::filesystem::path& file);
/// The same from text.
void overlay_staff_text(Loaded& into, std::string_view toml_text, const std::string& source);
/// The staff file's content for the current defaults.
std::string staff_file_text(const Settings& s);

} // namespace lectern::config
