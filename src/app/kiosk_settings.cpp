// Implementation of app/kiosk_settings.hpp.
#include "app/kiosk_settings.hpp"

#include "app/paths.hpp"
#include "core/log.hpp"
#include "ui/keymap.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace lectern::app {
namespace {

/// "help+back" -> the actions; a name that is not an action keeps the default chord (one line).
std::vector<ui::Action> parse_chord(const std::string& text, const std::string& file) {
    std::vector<ui::Action> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t plus = std::min(text.find('+', start), text.size());
        const std::string name = text.substr(start, plus - start);
        const auto action = ui::parse_action(name);
        if (!action) {
            log::warning(file + ": staff_chord names \"" + log::one_line(name) +
                         "\", which is not a key action; using \"help+back\"");
            return {ui::Action::help, ui::Action::back};
        }
        if (std::find(out.begin(), out.end(), *action) == out.end()) out.push_back(*action);
        start = plus + 1;
    }
    if (out.size() < 2) return {ui::Action::help, ui::Action::back};
    return out;
}

} // namespace

std::string device_name(const config::Settings& settings) {
    if (!settings.device_name.empty()) return settings.device_name;
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
    return name;
}

KioskSettings settle_kiosk_settings(const KioskOptions& given) {
    config::Loaded loaded = config::load_settings(given.config);
    config::overlay_staff_file(loaded, state_dir() / config::kStaffFileName);
    const config::Settings& s = loaded.settings;
    KioskSettings out{given,
                      s,
                      {},
                      std::chrono::seconds(s.idle_timeout_seconds),
                      std::chrono::seconds(s.audio_standby_seconds),
                      {}};
    KioskOptions& o = out.options;
    const auto unless_given = [&](const char* option, auto& field, const auto& value) {
        if (std::find(given.given.begin(), given.given.end(), option) == given.given.end())
            field = value;
    };
    unless_given("--content", o.content, s.content_dir);
    unless_given("--theme", o.theme, s.theme);
    unless_given("--text-size", o.text_size, s.text_size);
    unless_given("--language", o.language, s.language);
    unless_given("--keys", o.keys, s.key_map);
    unless_given("--device", o.device, s.audio_device);
    unless_given("--volume", o.volume, s.volume);
    unless_given("--voice", o.voice.voice, s.voice);
    unless_given("--rate", o.voice.rate, s.rate);
    out.limits.volume_max = s.volume_max;
    if (o.volume > s.volume_max) {
        log::warning("volume " + std::to_string(o.volume) + " is above volume_max " +
                     std::to_string(s.volume_max) + " in " + loaded.file + "; starting at " +
                     std::to_string(s.volume_max));
        o.volume = s.volume_max;
    }
    out.staff.pin = s.staff_pin;
    out.staff.chord = parse_chord(s.staff_chord, loaded.file);
    out.staff.hold = std::chrono::seconds(s.staff_hold_seconds);
    out.staff.timeout = std::chrono::seconds(s.staff_timeout_seconds);
    out.staff.version = LECTERN_VERSION;
    out.staff.device = device_name(s);
    if (s.staff_pin.empty()) log::notice("the staff menu is off: no staff_pin in " + loaded.file);
    return out;
}

void save_staff_defaults(config::Settings s, const ui::PatientDefaults& d,
                         const std::filesystem::path& dir) {
    s.volume = d.volume;
    s.rate = d.rate_wpm;
    s.theme = d.theme;
    s.text_size = ui::to_string(d.text_size);
    s.idle_timeout_seconds = d.idle_seconds;
    const auto file = dir / config::kStaffFileName;
    const auto temp = dir / (std::string(config::kStaffFileName) + ".new");
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << config::staff_file_text(s);
        out.flush();
        if (!out) {
            log::warning("the staff menu's defaults are in use but not kept for the next start: " +
                         temp.string() + " cannot be written (" + std::strerror(errno) + ")");
            return;
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, file, ec);
    if (ec) {
        log::warning("the staff menu's defaults are in use but not kept for the next start: " +
                     file.string() + " (" + ec.message() + ")");
        return;
    }
    log::notice("the staff menu changed the patient defaults; kept in " + file.string());
}

} // namespace lectern::app
