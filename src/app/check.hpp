// `lectern check`: the self-test the installer and monitoring run. One line per check on stdout,
// "ok    <check>  <detail>" or "FAIL  <check>  <what is wrong>; <what to do>", exit status 0 only
// when every check passes. Main thread.
#pragma once

#include "config/settings.hpp"

#include <string>

namespace lectern::app {

struct CheckOptions {
    std::string config = config::kDefaultConfigPath; ///< --config FILE
    std::string device;                              ///< --device NAME beats the settings
};

int run_check(const CheckOptions& options);

} // namespace lectern::app
