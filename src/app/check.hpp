// `lectern check`: the self-test the installer and monitoring run. One line per check on stdout,
// "ok    <check>  <detail>" or "FAIL  <check>  <what is wrong>; <what to do>", exit status 0 only
// when every check passes. Main thread.
#pragma once

#include "config/settings.hpp"
#include "ui/session.hpp"

#include <string>
#include <vector>

namespace lectern::app {

struct CheckOptions {
    std::string config = config::kDefaultConfigPath; ///< --config FILE
    std::string device;                              ///< --device NAME beats the settings
};

int run_check(const CheckOptions& options);

/// What the running kiosk knows about itself for the staff menu's self-test.
struct KioskProbe {
    std::string config;       ///< the settings file it started with
    bool audio_ok = false;    ///< the audio callback is making progress on a real device
    std::string audio_detail; ///< what to say about it
    bool display = false;
};
/// The checks of `lectern check` that can run inside the kiosk (no tone: the kiosk owns the device;
/// no lint output), as lines for the staff menu. UI thread; takes a few hundred milliseconds.
std::vector<ui::CheckLine> kiosk_self_test(const KioskProbe& probe);

} // namespace lectern::app
