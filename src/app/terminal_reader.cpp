// Implementation of app/terminal_reader.hpp.
#include "app/terminal_reader.hpp"

#include "ui/terminal_keys.hpp"

#include <poll.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <vector>

namespace lectern::app {

TerminalReader::TerminalReader(ui::sdl::Shell& shell) : m_shell(shell), m_raw(STDIN_FILENO) {
    if (::pipe(m_wake) != 0) return;
    m_thread = std::thread([this] { run(); });
}

TerminalReader::~TerminalReader() {
    if (m_wake[1] >= 0) [[maybe_unused]]
        auto n = ::write(m_wake[1], "q", 1);
    if (m_thread.joinable()) m_thread.join();
    for (int fd : m_wake)
        if (fd >= 0) ::close(fd);
}

void TerminalReader::run() {
    ui::TerminalKeys keys;
    char buf[64];
    for (;;) {
        // A lone Escape is told from the start of an escape sequence by a short wait: while a
        // sequence is incomplete, wake after 50 ms to flush it; otherwise sleep until input.
        pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        const int ready = ::poll(fds, 2, keys.pending() ? 50 : -1);
        if (ready < 0) continue;
        if (fds[1].revents & POLLIN) return;
        std::vector<std::string> names;
        if (ready == 0) {
            names = keys.flush();
        } else {
            const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n <= 0) return;
            names = keys.feed(std::string_view(buf, static_cast<std::size_t>(n)));
        }
        for (const auto& k : names) {
            m_shell.post_key(k, true);
            m_shell.post_key(k, false);
        }
    }
}

} // namespace lectern::app
