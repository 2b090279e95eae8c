// The kiosk's settings: /etc/lectern/lectern.toml (or --config FILE), with the staff menu's
// defaults from the state directory laid over it, then the command line on top (an option given
// on the command line always wins). Also keeps what staff change in the menu for the next start.
// Main (UI) thread. Never fails: config::load_settings logs and replaces every bad value.
#pragma once

#include "app/kiosk.hpp"
#include "config/settings.hpp"
#include "playback/controller.hpp"
#include "ui/session.hpp"

#include <filesystem>

namespace lectern::app {

struct KioskSettings {
    KioskOptions options;      ///< the command line with the settings filled in
    config::Settings settings; ///< as read (and overlaid), for saving the staff's changes
    playback::Limits limits;   ///< with the volume ceiling
    Nanos idle_timeout{};
    Nanos audio_standby{}; ///< zero: the device keeps running (audio/device_supervisor.hpp)
    ui::StaffOptions staff;
};

/// `given` is the command line; options it did not give come from the settings.
KioskSettings settle_kiosk_settings(const KioskOptions& given);

/// The name staff see for this device: device_name from the settings, else the host name.
std::string device_name(const config::Settings& settings);

/// Writes the staff menu's defaults to <state dir>/staff-defaults.toml (atomically: a power cut
/// leaves the old file or the new one). One log line on failure; the kiosk goes on regardless.
void save_staff_defaults(config::Settings settings, const ui::PatientDefaults& d,
                         const std::filesystem::path& dir);

} // namespace lectern::app
