// A thin wrapper over libsystemd's sd_notify for Type=notify units (packaging/lectern.service).
// Every call is a no-op when NOTIFY_SOCKET is unset (a terminal, tests, a developer's build), so
// callers need no conditions of their own. Any thread (sd_notify only sends one datagram).
//
// Who calls what: ready() once the first frame is on screen and the audio device is open (the
// kiosk) or the sink is open and the driver started (`lectern play`); watchdog() from the main loop
// only while the UI and the audio heartbeat both make progress, at least every
// watchdog_interval() / 2; status() for the line `systemctl status lectern` shows.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace lectern::app::systemd {

/// True when the service manager listens (NOTIFY_SOCKET is set).
bool enabled();
/// READY=1, with a status line.
void ready(std::string_view status = "ready");
/// WATCHDOG=1.
void watchdog();
/// STATUS=<text> (one line; never article text).
void status(std::string_view text);
/// STOPPING=1, so systemd does not count a slow, clean exit as a hang.
void stopping();
/// The unit's WatchdogSec= for this process, when the watchdog is on.
std::optional<std::chrono::microseconds> watchdog_interval();

} // namespace lectern::app::systemd
