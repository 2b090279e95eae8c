// TerminalReader: the audio-only kiosk's keypad is a terminal. Keys typed there are read on a
// thread of its own (ui::TerminalKeys turns escape sequences into key names) and posted to the
// Shell as a press and a release each; the terminal is in raw mode while the reader lives.
// Threads: construct and destroy on the UI thread; the reader thread only calls Shell::post_key.
#pragma once

#include "app/control_channel.hpp"
#include "ui/sdl/shell.hpp"

#include <thread>

namespace lectern::app {

class TerminalReader {
  public:
    explicit TerminalReader(ui::sdl::Shell& shell);
    ~TerminalReader();
    TerminalReader(const TerminalReader&) = delete;
    TerminalReader& operator=(const TerminalReader&) = delete;

  private:
    void run();
    ui::sdl::Shell& m_shell;
    RawTerminal m_raw;
    int m_wake[2] = {-1, -1};
    std::thread m_thread;
};

} // namespace lectern::app
