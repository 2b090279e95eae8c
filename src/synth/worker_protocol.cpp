// Implementation of synth/worker_protocol.hpp: framed, deadline-bounded I/O on a stream socket.
// Whoever owns the Channel calls it (one thread at a time). Deadlines are what turn a stopped or
// spinning worker into an error instead of a kiosk that waits forever.
#include "synth/worker_protocol.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace lectern::synth::worker {
namespace {

using Clock = std::chrono::steady_clock;

struct Header {
    std::uint32_t type;
    std::uint32_t seq;
    std::uint32_t size;
};

bool valid_type(std::uint32_t type) {
    return type >= static_cast<std::uint32_t>(MsgType::hello) &&
           type <= static_cast<std::uint32_t>(MsgType::result);
}

/// Milliseconds poll() may wait before `deadline`; -1 without one. Rounds up so that a wait
/// never ends just short of the deadline and spins.
int poll_ms(bool limited, Clock::time_point deadline) {
    if (!limited) return -1;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    return static_cast<int>(std::clamp<long long>(left.count(), 0, 60'000));
}

/// Waits until fd is ready for `events`; false on timeout.
bool wait_for(int fd, short events, bool limited, Clock::time_point deadline) {
    for (;;) {
        pollfd p{fd, events, 0};
        const int ms = poll_ms(limited, deadline);
        const int n = ::poll(&p, 1, ms);
        if (n > 0) return true;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return true; // let the read or write report the problem
        if (ms == 0 || (limited && Clock::now() >= deadline)) return false;
    }
}

} // namespace

Channel::Status Channel::send(MsgType type, std::uint32_t seq, std::span<const char> payload,
                              std::chrono::milliseconds timeout) {
    if (payload.size() > kMaxPayload) return Status::broken;
    const Header header{static_cast<std::uint32_t>(type), seq,
                        static_cast<std::uint32_t>(payload.size())};
    const bool limited = timeout.count() >= 0;
    const auto deadline = Clock::now() + timeout;
    const char* parts[2] = {reinterpret_cast<const char*>(&header), payload.data()};
    std::size_t left[2] = {sizeof header, payload.size()};
    while (left[0] + left[1] > 0) {
        iovec iov[2];
        int count = 0;
        for (int i = 0; i < 2; ++i)
            if (left[i] > 0) iov[count++] = iovec{const_cast<char*>(parts[i]), left[i]};
        msghdr msg{};
        msg.msg_iov = iov;
        msg.msg_iovlen = static_cast<std::size_t>(count);
        // MSG_NOSIGNAL: a dead peer is EPIPE here, not a SIGPIPE that kills the kiosk.
        const ssize_t n = ::sendmsg(m_fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (!wait_for(m_fd, POLLOUT, limited, deadline)) return Status::timeout;
                continue;
            }
            return Status::closed;
        }
        auto sent = static_cast<std::size_t>(n);
        for (int i = 0; i < 2; ++i) {
            const std::size_t k = std::min(sent, left[i]);
            parts[i] += k;
            left[i] -= k;
            sent -= k;
        }
    }
    return Status::frame;
}

bool Channel::take_buffered(Frame& frame) {
    const std::size_t have = m_in.size() - m_in_begin;
    if (have < sizeof(Header)) return false;
    Header header;
    std::memcpy(&header, m_in.data() + m_in_begin, sizeof header);
    if (have < sizeof header + header.size) return false;
    const char* body = m_in.data() + m_in_begin + sizeof header;
    frame.type = static_cast<MsgType>(header.type);
    frame.seq = header.seq;
    frame.payload.assign(body, body + header.size);
    m_in_begin += sizeof header + header.size;
    if (m_in_begin == m_in.size()) {
        m_in.clear();
        m_in_begin = 0;
    }
    return true;
}

Channel::Status Channel::receive(Frame& frame, std::chrono::milliseconds timeout) {
    const bool limited = timeout.count() >= 0;
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (m_in.size() - m_in_begin >= sizeof(Header)) {
            Header header;
            std::memcpy(&header, m_in.data() + m_in_begin, sizeof header);
            if (!valid_type(header.type) || header.size > kMaxPayload) return Status::broken;
        }
        if (take_buffered(frame)) return Status::frame;
        if (!wait_for(m_fd, POLLIN, limited, deadline)) return Status::timeout;
        if (m_in_begin > 0) { // keep the buffer from creeping: move the partial frame to the front
            m_in.erase(m_in.begin(), m_in.begin() + static_cast<std::ptrdiff_t>(m_in_begin));
            m_in_begin = 0;
        }
        char chunk[16 * 1024];
        const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
        if (n > 0) m_in.insert(m_in.end(), chunk, chunk + n);
        if (n == 0) return Status::closed;
        if (n < 0 && errno != EINTR && errno != EAGAIN) return Status::closed;
    }
}

bool Channel::readable() const {
    if (m_in.size() - m_in_begin >= sizeof(Header)) return true;
    pollfd p{m_fd, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

} // namespace lectern::synth::worker
