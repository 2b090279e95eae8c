// Implementation of app/control_channel.hpp.
#include "app/control_channel.hpp"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cctype>
#include <charconv>
#include <cstring>

namespace lectern::app {

void JsonLines::write(const playback::Event& e) {
    const std::string line = playback::to_json(e, m_epoch) + "\n";
    std::lock_guard lock(m_mutex);
    std::fwrite(line.data(), 1, line.size(), m_out);
    std::fflush(m_out);
}

void JsonLines::error(std::string message, const Clock& clock) {
    playback::Event e;
    e.type = playback::EventType::error;
    e.t = clock.now();
    e.message = std::move(message);
    write(e);
}

ControlChannel::ControlChannel(int fd, Mode mode, Handlers handlers, const Clock& clock)
    : m_fd(fd), m_mode(mode), m_handlers(std::move(handlers)), m_clock(clock) {
    if (::pipe(m_wake) != 0) m_wake[0] = m_wake[1] = -1;
}

ControlChannel::~ControlChannel() {
    stop();
    for (int fd : m_wake)
        if (fd >= 0) ::close(fd);
}

void ControlChannel::start() {
    if (!m_thread.joinable()) m_thread = std::thread([this] { run(); });
}

void ControlChannel::stop() {
    m_stopping = true;
    if (m_wake[1] >= 0) {
        const char c = 'q';
        [[maybe_unused]] auto n = ::write(m_wake[1], &c, 1);
    }
    if (m_thread.joinable()) m_thread.join();
}

bool ControlChannel::sleep_ms(long ms) {
    pollfd p{m_wake[0], POLLIN, 0};
    const int timeout = static_cast<int>(std::min<long>(std::max<long>(ms, 0), 3'600'000));
    return ::poll(&p, 1, timeout) == 0 && !m_stopping;
}

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}
} // namespace

bool ControlChannel::handle_line(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.front() == '#') return true;
    if (line == "quit" || line == "exit") {
        if (m_handlers.quit) m_handlers.quit();
        return false;
    }
    if (line.rfind("wait", 0) == 0 &&
        (line.size() == 4 || std::isspace(static_cast<unsigned char>(line[4])))) {
        const std::string_view arg = trim(line.substr(4));
        long ms = 0;
        const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), ms);
        if (arg.empty() || ec != std::errc{} || end != arg.data() + arg.size() || ms < 0) {
            if (m_handlers.error)
                m_handlers.error("'wait' needs a number of milliseconds, e.g. 'wait 500'");
            return true;
        }
        return sleep_ms(ms) || !m_stopping;
    }
    if (m_handlers.extra && m_handlers.extra(line)) return true;
    auto cmd = playback::parse_command(line);
    if (!cmd) {
        if (m_handlers.error) m_handlers.error(cmd.error().message);
        return true;
    }
    cmd->received = m_clock.now();
    if (m_handlers.command) m_handlers.command(*cmd);
    return true;
}

namespace {
struct KeyBinding {
    char key;
    const char* command;
};
constexpr KeyBinding kKeys[] = {
    {' ', "toggle"},        {'n', "next"},    {'p', "prev"},   {'.', "next-sentence"},
    {',', "prev-sentence"}, {'r', "repeat"},  {'+', "faster"}, {'-', "slower"},
    {']', "louder"},        {'[', "quieter"}, {'s', "stop"},   {'0', "restart"},
};
} // namespace

std::string_view key_help() {
    return "keys: space pause/play, n/p next/previous section, . , next/previous sentence, r "
           "repeat, "
           "+ - speed, ] [ volume, s stop, q quit";
}

bool ControlChannel::handle_key(char key) {
    if (key == 'q' || key == 4 /* Ctrl-D */) {
        if (m_handlers.quit) m_handlers.quit();
        return false;
    }
    for (const auto& k : kKeys)
        if (k.key == key) return handle_line(k.command);
    return true;
}

void ControlChannel::run() {
    std::string line;
    bool discarding = false; // inside an over-long line
    char buf[4096];
    for (;;) {
        pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) continue;
        if (m_stopping || (fds[1].revents & POLLIN)) return;
        const ssize_t n = ::read(m_fd, buf, sizeof buf);
        if (n <= 0) {
            if (!line.empty() && !discarding && m_mode == Mode::lines && !handle_line(line)) return;
            if (m_handlers.end_of_input) m_handlers.end_of_input();
            return;
        }
        for (ssize_t i = 0; i < n; ++i) {
            const char c = buf[i];
            if (m_mode == Mode::keys) {
                if (!handle_key(c)) return;
                continue;
            }
            if (c == '\n') {
                if (!discarding && !handle_line(line)) return;
                line.clear();
                discarding = false;
            } else if (!discarding) {
                line += c;
                if (line.size() > kMaxLine) {
                    if (m_handlers.error)
                        m_handlers.error("command line too long (over 4096 bytes); ignored");
                    line.clear();
                    discarding = true;
                }
            }
            if (m_stopping) return;
        }
    }
}

RawTerminal::RawTerminal(int fd) : m_fd(fd) {
    static_assert(sizeof(termios) <= sizeof(m_saved));
    termios t{};
    if (!::isatty(fd) || ::tcgetattr(fd, &t) != 0) return;
    std::memcpy(m_saved, &t, sizeof t);
    t.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    m_active = ::tcsetattr(fd, TCSANOW, &t) == 0;
}

RawTerminal::~RawTerminal() {
    if (!m_active) return;
    termios t{};
    std::memcpy(&t, m_saved, sizeof t);
    ::tcsetattr(m_fd, TCSANOW, &t);
}

} // namespace lectern::app
