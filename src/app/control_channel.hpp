// The control channel: commands arrive one per line on a file descriptor (stdin), events leave as
// JSON lines on stdout. The reader runs on its own thread; stop() wakes it through a pipe, so it
// never blocks shutdown. Lines: a command from the table ("next", "goto 3"), "wait MS" (the reader
// pauses before the next line), "quit", blank lines and "# comments". Garbage gets an error event
// and the channel carries on. In key mode (a terminal, no --commands) single keys map to commands.
#pragma once

#include "core/clock.hpp"
#include "playback/commands.hpp"
#include "playback/events.hpp"

#include <atomic>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace lectern::app {

/// Serialises events as JSON lines to a stream. Any thread.
class JsonLines {
  public:
    JsonLines(std::FILE* out, Nanos epoch) : m_out(out), m_epoch(epoch) {}
    void write(const playback::Event& e);
    void error(std::string message, const Clock& clock);

  private:
    std::mutex m_mutex;
    std::FILE* m_out;
    Nanos m_epoch;
};

class ControlChannel {
  public:
    struct Handlers {
        std::function<void(const playback::Command&)> command;
        std::function<void()> quit;
        std::function<void()> end_of_input;
        std::function<void(std::string)> error;
        /// Lines the channel does not know (UI commands such as "screenshot"); return false to
        /// have them reported as unknown.
        std::function<bool(std::string_view)> extra;
    };
    enum class Mode { lines, keys };

    ControlChannel(int fd, Mode mode, Handlers handlers,
                   const Clock& clock = SteadyClock::instance());
    ~ControlChannel();
    ControlChannel(const ControlChannel&) = delete;
    ControlChannel& operator=(const ControlChannel&) = delete;

    void start();
    void stop();

    /// Longest accepted line; longer lines are refused whole.
    static constexpr std::size_t kMaxLine = 4096;
    /// Handles one line as the reader would (exposed for tests). Returns false for "quit".
    bool handle_line(std::string_view line);

  private:
    void run();
    bool handle_key(char key);
    /// Sleeps up to ms, returning early (false) when stopped.
    bool sleep_ms(long ms);

    int m_fd;
    Mode m_mode;
    Handlers m_handlers;
    const Clock& m_clock;
    int m_wake[2] = {-1, -1};
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

/// Puts a terminal into single-key mode for its lifetime (restored by the destructor).
class RawTerminal {
  public:
    explicit RawTerminal(int fd);
    ~RawTerminal();
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

  private:
    int m_fd;
    bool m_active = false;
    unsigned char m_saved[64]; // a struct termios, kept opaque to keep <termios.h> out of headers
};

/// The keys of key mode, for the help line printed at start.
std::string_view key_help();

} // namespace lectern::app
