// The speech worker's wire protocol: small frames over a local stream socket between the parent
// (WorkerSynth) and the child (run_synth_worker). Both ends are the same binary, so integers go in
// native byte order. Internal to lectern_synth. A Channel is used by one thread at a time (the
// parent's playback thread, or the child's main thread).
//
// Frame: header {type, seq, size} (3 x u32) then `size` payload bytes (at most kMaxPayload).
//   parent -> child                              child -> parent
//   configure(seq): i32 rate, pitch, volume,     hello(0): i32 sample rate (worker is ready)
//                   str voice                    failed(0): str message (worker cannot start)
//   synthesize(seq): u8 ssml, str text           word(seq): u64 frame, offset, length
//   phonemes(seq): str text                      audio(seq): s16 samples
//   cancel(seq): stop synthesis `seq`            result(seq): u8 ResultCode, str text
// Each request gets exactly one result with its seq (for synthesize, after its words and audio).
// A cancel for a synthesis that already ended is ignored. Closing the socket asks the child to
// exit. Strings are the rest of the payload (no length prefix, no NUL).
#pragma once

#include "core/result.hpp"
#include "synth/worker.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace lectern::synth::worker {

enum class MsgType : std::uint32_t {
    hello = 1,
    failed,
    configure,
    synthesize,
    phonemes,
    cancel,
    word,
    audio,
    result,
};

enum class ResultCode : std::uint8_t { ok = 0, cancelled = 1, error = 2 };

/// Far above any sentence after normalisation; it bounds what a corrupt header can make the
/// reader allocate.
inline constexpr std::uint32_t kMaxPayload = 64u << 20;

struct Frame {
    MsgType type = MsgType::hello;
    std::uint32_t seq = 0;
    std::vector<char> payload; ///< capacity is kept between frames: no allocation per chunk
};

/// Appends plain values and strings to a payload.
class PayloadWriter {
  public:
    // resize + memcpy rather than vector::insert: GCC 12 at -O3 reports false -Warray-bounds and
    // -Wstringop-overflow errors inside insert for these small copies (seen cross-compiling).
    template <class T> PayloadWriter& put(T value) {
        static_assert(std::is_trivially_copyable_v<T>);
        return append(&value, sizeof value);
    }
    PayloadWriter& rest(std::string_view s) { return append(s.data(), s.size()); }
    std::span<const char> bytes() const { return m_bytes; }
    void clear() { m_bytes.clear(); }

  private:
    PayloadWriter& append(const void* data, std::size_t size) {
        const std::size_t at = m_bytes.size();
        m_bytes.resize(at + size);
        if (size > 0) std::memcpy(m_bytes.data() + at, data, size);
        return *this;
    }

    std::vector<char> m_bytes;
};

/// Reads plain values from a payload; a short payload sets ok() to false and yields zeros.
class PayloadReader {
  public:
    explicit PayloadReader(std::span<const char> bytes) : m_bytes(bytes) {}
    template <class T> T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        T value{};
        if (m_bytes.size() - m_at < sizeof value) {
            m_ok = false;
            m_at = m_bytes.size();
            return value;
        }
        std::memcpy(&value, m_bytes.data() + m_at, sizeof value);
        m_at += sizeof value;
        return value;
    }
    std::string_view rest() {
        const std::string_view s(m_bytes.data() + m_at, m_bytes.size() - m_at);
        m_at = m_bytes.size();
        return s;
    }
    bool ok() const { return m_ok; }

  private:
    std::span<const char> m_bytes;
    std::size_t m_at = 0;
    bool m_ok = true;
};

/// One end of the socket. Does not own the descriptor. Never raises SIGPIPE.
class Channel {
  public:
    enum class Status { frame, timeout, closed, broken };

    explicit Channel(int fd) : m_fd(fd) {}

    /// Writes one whole frame within `timeout` (negative: no limit). `closed`: the peer is gone;
    /// `timeout`: it stopped reading (a stopped or hung process).
    Status send(MsgType type, std::uint32_t seq, std::span<const char> payload,
                std::chrono::milliseconds timeout);
    /// The next whole frame, waiting up to `timeout` (negative: no limit; zero: only what is
    /// already there). `broken`: a header that cannot be valid.
    Status receive(Frame& frame, std::chrono::milliseconds timeout);
    /// Whether bytes are waiting to be read (or the peer has closed), without blocking.
    bool readable() const;

  private:
    bool take_buffered(Frame& frame);

    int m_fd;
    std::vector<char> m_in; ///< bytes read but not yet returned as frames
    std::size_t m_in_begin = 0;
};

/// Starts `options.executable` as a worker with `child_fd` as its kWorkerFd (worker_spawn.cpp);
/// the child's pid, or why it could not start (posix_spawn reports a failed exec).
Result<int> spawn(const WorkerOptions& options, int child_fd);
/// How a reaped child ended, for messages: "killed by signal 6 (Aborted)".
std::string describe_exit(int wait_status);
/// strerror's text for an errno value, safe to call from any thread.
std::string errno_text(int err);

} // namespace lectern::synth::worker
