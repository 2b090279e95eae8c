// One-line logging with priorities. Any thread except the audio callback (it formats and writes).
// Lines go to stderr by default with a syslog-style "<N>" prefix that journald maps to priorities
// when stderr is the journal; tests may install their own sink to capture lines.
// Never log article text or anything about what a patient did.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace lectern::log {

enum class Level { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

using Sink = std::function<void(Level, std::string_view)>;

/// Replaces the sink; returns the previous one. Pass nullptr to restore stderr.
Sink set_sink(Sink sink);
/// Lines below this level are dropped (default: info).
void set_level(Level level);
/// Whether lines carry the "<N>" journald priority prefix (default: only when JOURNAL_STREAM is
/// set).
void set_prefix_priority(bool on);

void write(Level level, std::string_view line);

/// The text with every line break turned into a space: messages (often carrying a library's
/// error text) are one line wherever they go, the log or the control channel.
std::string one_line(std::string_view text);
inline void error(std::string_view line) {
    write(Level::error, line);
}
inline void warning(std::string_view line) {
    write(Level::warning, line);
}
inline void notice(std::string_view line) {
    write(Level::notice, line);
}
inline void info(std::string_view line) {
    write(Level::info, line);
}
inline void debug(std::string_view line) {
    write(Level::debug, line);
}

} // namespace lectern::log
