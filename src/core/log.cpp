// Implementation of core/log.hpp: a mutex-guarded sink, stderr by default.
#include "core/log.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace lectern::log {
namespace {
std::mutex g_mutex;
Sink g_sink;
Level g_level = Level::info;
bool g_prefix = std::getenv("JOURNAL_STREAM") != nullptr;
} // namespace

Sink set_sink(Sink sink) {
    std::lock_guard lock(g_mutex);
    std::swap(g_sink, sink);
    return sink;
}

void set_level(Level level) {
    std::lock_guard lock(g_mutex);
    g_level = level;
}

void set_prefix_priority(bool on) {
    std::lock_guard lock(g_mutex);
    g_prefix = on;
}

std::string one_line(std::string_view text) {
    std::string line(text);
    for (char& c : line)
        if (c == '\n' || c == '\r') c = ' ';
    return line;
}

void write(Level level, std::string_view text) {
    // One event, one line, whatever the message carries: the journal and anyone reading the log
    // see exactly one line per problem.
    const std::string line = one_line(text);
    std::lock_guard lock(g_mutex);
    if (static_cast<int>(level) > static_cast<int>(g_level)) return;
    if (g_sink) {
        g_sink(level, line);
        return;
    }
    std::string out;
    if (g_prefix) {
        // Appended piecewise: GCC 12 at -O3 warns (-Wrestrict) on "<" + to_string(...) + ">".
        out += '<';
        out += static_cast<char>('0' + static_cast<int>(level));
        out += '>';
    }
    out += "lectern: ";
    out += line;
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stderr);
    std::fflush(stderr);
}

} // namespace lectern::log
