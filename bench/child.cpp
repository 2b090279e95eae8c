// Implementation of bench/child.hpp.
#include "child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bench {

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

std::string Line::event() const {
    static constexpr std::string_view key = "\"event\":\"";
    const auto at_key = text.find(key);
    if (at_key == std::string::npos) return {};
    const auto begin = at_key + key.size();
    const auto end = text.find('"', begin);
    return end == std::string::npos ? std::string() : text.substr(begin, end - begin);
}

double Line::number(std::string_view field) const {
    const std::string key = "\"" + std::string(field) + "\":";
    const auto at_key = text.find(key);
    if (at_key == std::string::npos) return -1;
    return std::strtod(text.c_str() + at_key + key.size(), nullptr);
}

Child::Child(const std::vector<std::string>& argv, const std::string& stderr_path) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) std::abort();
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int err = stderr_path.empty() ? ::open("/dev/null", O_WRONLY | O_CLOEXEC)
                                        : ::open(stderr_path.c_str(),
                                                 O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    m_started = Clock::now();
    m_pid = ::fork();
    if (m_pid == 0) {
        ::dup2(in[0], STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        if (err >= 0) ::dup2(err, STDERR_FILENO);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    if (err >= 0) ::close(err);
    m_in = in[1];
    m_out = out[0];
    m_reader = std::thread([this] { read_loop(); });
}

Child::~Child() {
    if (!m_reaped) quit(std::chrono::milliseconds(3000));
    if (m_reader.joinable()) m_reader.join();
    if (m_out >= 0) ::close(m_out);
}

void Child::read_loop() {
    std::string pending;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(m_out, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        const auto now = Clock::now();
        std::lock_guard lock(m_mutex);
        if (n <= 0) {
            m_eof = true;
            m_cv.notify_all();
            return;
        }
        if (!m_first_byte) m_first_byte = now;
        pending.append(buf, static_cast<std::size_t>(n));
        std::size_t start = 0;
        for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
            m_lines.push_back(Line{now, pending.substr(start, nl - start)});
        pending.erase(0, start);
        m_cv.notify_all();
    }
}

Clock::time_point Child::send(std::string_view line) {
    const std::string text = std::string(line) + "\n";
    const auto t = Clock::now();
    if (m_in >= 0 && ::write(m_in, text.data(), text.size()) < 0) {
        ::close(m_in);
        m_in = -1;
    }
    return t;
}

std::optional<Line> Child::wait_for(std::size_t& from,
                                    const std::function<bool(const Line&)>& match,
                                    std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        for (; from < m_lines.size(); ++from)
            if (match(m_lines[from])) return m_lines[from++];
        if (m_eof || m_cv.wait_until(lock, deadline) == std::cv_status::timeout) {
            for (; from < m_lines.size(); ++from)
                if (match(m_lines[from])) return m_lines[from++];
            return std::nullopt;
        }
    }
}

std::optional<Line> Child::wait_event(std::size_t& from, std::string_view event,
                                      std::chrono::milliseconds timeout) {
    return wait_for(
        from, [&](const Line& l) { return l.event() == event; }, timeout);
}

std::size_t Child::line_count() const {
    std::lock_guard lock(m_mutex);
    return m_lines.size();
}

std::vector<Line> Child::lines(std::size_t from, std::size_t to) const {
    std::lock_guard lock(m_mutex);
    to = std::min(to, m_lines.size());
    return from < to ? std::vector<Line>(m_lines.begin() + static_cast<std::ptrdiff_t>(from),
                                         m_lines.begin() + static_cast<std::ptrdiff_t>(to))
                     : std::vector<Line>{};
}

std::optional<Clock::time_point> Child::first_byte() const {
    std::lock_guard lock(m_mutex);
    return m_first_byte;
}

int Child::quit(std::chrono::milliseconds timeout) {
    if (m_reaped) return m_status;
    if (m_in >= 0) {
        send("quit");
        ::close(m_in);
        m_in = -1;
    }
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const pid_t r = ::waitpid(m_pid, &m_status, WNOHANG);
        if (r == m_pid || (r < 0 && errno != EINTR)) break;
        if (Clock::now() >= deadline) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, &m_status, 0);
            m_status = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    m_reaped = true;
    return m_status;
}

std::vector<pid_t> family(pid_t pid) {
    std::vector<pid_t> out{pid};
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::error_code ec;
        const std::filesystem::path tasks = "/proc/" + std::to_string(out[i]) + "/task";
        for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
            std::ifstream children(task.path() / "children");
            for (pid_t c; children >> c;)
                if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
        }
    }
    return out;
}

double cpu_seconds(const std::vector<pid_t>& pids) {
    double ticks = 0;
    for (pid_t p : pids) {
        std::ifstream in("/proc/" + std::to_string(p) + "/stat");
        std::string all((std::istreambuf_iterator<char>(in)), {});
        const auto close_paren = all.rfind(')');
        if (close_paren == std::string::npos) continue;
        std::istringstream fields(all.substr(close_paren + 2));
        std::string f;
        // Fields after the name: state(3) ... utime(14) stime(15).
        for (int i = 3; i <= 15 && fields >> f; ++i)
            if (i == 14 || i == 15) ticks += std::strtod(f.c_str(), nullptr);
    }
    return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

long peak_rss_kb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    return 0;
}

long private_kb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
    long kb = 0;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("Private_Clean:", 0) == 0 || line.rfind("Private_Dirty:", 0) == 0)
            kb += std::strtol(line.c_str() + line.find(':') + 1, nullptr, 10);
    return kb;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

} // namespace bench
