// Implementation of app/systemd.hpp over sd_notify(3) and sd_watchdog_enabled(3).
#include "app/systemd.hpp"

#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <string>

namespace lectern::app::systemd {
namespace {
void notify(const std::string& message) {
    if (!enabled()) return;
    // unset_environment = 0: the kiosk notifies many times (watchdog), so NOTIFY_SOCKET must stay.
    (void)sd_notify(0, message.c_str());
}

/// Status lines are single lines: systemd would otherwise take a newline as the next assignment.
std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}
} // namespace

bool enabled() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    return socket != nullptr && *socket != '\0';
}

void ready(std::string_view status_text) {
    notify("READY=1\nSTATUS=" + one_line(status_text));
}

void watchdog() {
    notify("WATCHDOG=1");
}

void status(std::string_view text) {
    notify("STATUS=" + one_line(text));
}

void stopping() {
    notify("STOPPING=1");
}

std::optional<std::chrono::microseconds> watchdog_interval() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) return std::chrono::microseconds(usec);
    return std::nullopt;
}

} // namespace lectern::app::systemd
