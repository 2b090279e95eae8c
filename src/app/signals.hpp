// SIGINT and SIGTERM end `lectern play` and the kiosk cleanly. Call watch_signals() on the main
// thread before any other thread starts: it blocks both signals there (so every later thread
// inherits the mask) and waits for them on a thread of its own, where on_signal may do real work
// (lock, post an event) that a signal handler may not.
#pragma once

#include <functional>

namespace lectern::app {

void watch_signals(std::function<void()> on_signal);

} // namespace lectern::app
