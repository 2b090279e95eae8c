// Implementation of app/signals.hpp.
#include "app/signals.hpp"

#include <csignal>
#include <pthread.h>

#include <thread>

namespace lectern::app {

void watch_signals(std::function<void()> on_signal) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set, on_signal = std::move(on_signal)] {
        int sig = 0;
        while (sigwait(&set, &sig) == 0)
            on_signal();
    }).detach();
}

} // namespace lectern::app
