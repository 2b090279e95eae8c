// A child process for the benchmarks: the real `lectern` kiosk (or any command) started with
// pipes on stdin and stdout. A reader thread stamps every line the child prints with this
// process's steady clock on arrival, so figures are measured from outside, as a user would see
// them. Also what /proc says about the child and its own children (the speech worker): CPU time
// (utime + stime from /proc/<pid>/stat) and peak resident memory (VmHWM from /proc/<pid>/status).
// Main thread drives; the reader thread only appends lines under the mutex.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;
double ms_between(Clock::time_point a, Clock::time_point b);

/// One line from the child, with the time it arrived here.
struct Line {
    Clock::time_point at;
    std::string text;
    std::string event() const;                   ///< the "event" field of a JSON line, or ""
    double number(std::string_view field) const; ///< a numeric field, or -1
};

class Child {
  public:
    /// Starts argv[0] (searched in PATH) with stdin and stdout on pipes; stderr goes to
    /// `stderr_path` (appended) when given, else to /dev/null.
    explicit Child(const std::vector<std::string>& argv, const std::string& stderr_path = {});
    /// Ends the child if it still runs: closes its stdin, waits 3 s, then SIGKILL; always reaps.
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return m_pid; }
    Clock::time_point started_at() const { return m_started; }
    /// Writes one line to the child's stdin; returns the time just before the write.
    Clock::time_point send(std::string_view line);
    /// Waits for the first line at index >= from that satisfies `match`; on success `from` is
    /// moved past it. Empty after the timeout or when the child closed its output.
    std::optional<Line> wait_for(std::size_t& from, const std::function<bool(const Line&)>& match,
                                 std::chrono::milliseconds timeout);
    std::optional<Line> wait_event(std::size_t& from, std::string_view event,
                                   std::chrono::milliseconds timeout);
    std::size_t line_count() const;
    std::vector<Line> lines(std::size_t from, std::size_t to) const;
    /// Sends "quit", closes stdin and waits up to `timeout` for the exit (then SIGKILL).
    /// Returns the exit status (-1 if it had to be killed).
    int quit(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
    /// The child's first byte on stdout arrived (for anchors such as `espeak-ng --stdout`).
    std::optional<Clock::time_point> first_byte() const;

  private:
    void read_loop();
    pid_t m_pid = -1;
    int m_in = -1, m_out = -1;
    Clock::time_point m_started;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<Line> m_lines;
    std::optional<Clock::time_point> m_first_byte;
    bool m_eof = false;
    int m_status = 0;
    bool m_reaped = false;
    std::thread m_reader;
};

/// The process and its descendants (the kiosk and its speech worker), from /proc/<pid>/task/*/
/// children.
std::vector<pid_t> family(pid_t pid);
/// utime + stime in seconds of the given processes (live ones; clock-tick resolution).
double cpu_seconds(const std::vector<pid_t>& pids);
/// VmHWM of one process in kB (0 when unreadable).
long peak_rss_kb(pid_t pid);
/// Pages only this process maps (Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup), kB:
/// what a helper process adds to the memory of the process whose libraries it shares.
long private_kb(pid_t pid);

/// p in 0..1 of the values (nearest rank); -1 when empty.
double percentile(std::vector<double> v, double p);

} // namespace bench
