// Keys from a text terminal, for the audio-only kiosk (no display, so SDL sees no keyboard): a
// USB keypad on a Linux console types characters and escape sequences into standard input. This
// turns those bytes into the key map's names. A terminal cannot tell the keypad's digits from the
// top row's, and the audio-only kiosk is driven by a keypad, so digits and + - * / . are read as
// keypad keys. Pure; one instance per reader thread.
#pragma once

#include <string>
#include <vector>

namespace lectern::ui {

class TerminalKeys {
  public:
    /// Feeds bytes; returns the key names completed by them. A lone Escape is reported when the
    /// next byte is not part of a sequence, or by flush().
    std::vector<std::string> feed(std::string_view bytes);
    /// Ends a pending escape sequence (call when input pauses).
    std::vector<std::string> flush();
    /// True while an escape sequence is incomplete (the reader then waits briefly for the rest).
    bool pending() const { return !m_pending.empty(); }

  private:
    std::string m_pending;
};

} // namespace lectern::ui
