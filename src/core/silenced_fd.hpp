// SilencedFd: points a standard stream (stdout or stderr) at /dev/null for its lifetime and puts it
// back afterwards. For libraries that print what the user must not see (ALSA probing on stderr,
// `lectern lint`'s report inside `lectern check`). Anything any thread writes to that descriptor
// meanwhile is lost too. Owning thread only; not nestable across threads.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace lectern {

class SilencedFd {
  public:
    /// fd: STDOUT_FILENO or STDERR_FILENO. enabled = false leaves the stream alone.
    explicit SilencedFd(int fd, bool enabled = true) : m_fd(fd) {
        if (!enabled) return;
        flush();
        m_saved = ::dup(m_fd);
        const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (m_saved >= 0 && null_fd >= 0) ::dup2(null_fd, m_fd);
        if (null_fd >= 0) ::close(null_fd);
    }
    ~SilencedFd() {
        if (m_saved < 0) return;
        flush();
        ::dup2(m_saved, m_fd);
        ::close(m_saved);
    }
    SilencedFd(const SilencedFd&) = delete;
    SilencedFd& operator=(const SilencedFd&) = delete;

  private:
    void flush() const { std::fflush(m_fd == STDOUT_FILENO ? stdout : stderr); }
    int m_fd;
    int m_saved = -1;
};

} // namespace lectern
