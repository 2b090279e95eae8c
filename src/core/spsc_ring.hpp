// SpscRing<T>: a lock-free single-producer / single-consumer ring of trivially copyable items.
// Thread-safety: exactly one producer thread calls write()/write_available(); exactly one consumer
// thread calls read()/discard()/read_available(). Both may read the totals. Nothing here allocates
// after construction, locks or throws, so the consumer side is safe in a real-time audio callback.
// Positions are 64-bit running totals (they never wrap in practice), so "frames consumed so far" is
// simply total_read(): the playback thread uses it to know what the ear has heard.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>

namespace lectern {

template <class T> class SpscRing {
    static_assert(std::is_trivially_copyable_v<T>);

  public:
    /// capacity is rounded up to a power of two.
    explicit SpscRing(std::size_t capacity)
        : m_capacity(std::bit_ceil(std::max<std::size_t>(capacity, 2))), m_mask(m_capacity - 1),
          m_buffer(std::make_unique<T[]>(m_capacity)) {}

    SpscRing(const SpscRing&) = delete;
    SpscRing& operator=(const SpscRing&) = delete;

    std::size_t capacity() const { return m_capacity; }

    // ---- producer side ----
    std::size_t write_available() const {
        return m_capacity - static_cast<std::size_t>(m_write.load(std::memory_order_relaxed) -
                                                     m_read.load(std::memory_order_acquire));
    }

    /// Copies up to n items in; returns how many were accepted.
    std::size_t write(const T* items, std::size_t n) {
        const std::uint64_t w = m_write.load(std::memory_order_relaxed);
        const std::uint64_t r = m_read.load(std::memory_order_acquire);
        const std::size_t room = m_capacity - static_cast<std::size_t>(w - r);
        n = std::min(n, room);
        copy_in(w, items, n);
        m_write.store(w + n, std::memory_order_release);
        return n;
    }

    // ---- consumer side ----
    std::size_t read_available() const {
        return static_cast<std::size_t>(m_write.load(std::memory_order_acquire) -
                                        m_read.load(std::memory_order_relaxed));
    }

    /// Copies up to n items out; returns how many were read.
    std::size_t read(T* out, std::size_t n) {
        const std::uint64_t r = m_read.load(std::memory_order_relaxed);
        const std::uint64_t w = m_write.load(std::memory_order_acquire);
        n = std::min(n, static_cast<std::size_t>(w - r));
        copy_out(r, out, n);
        m_read.store(r + n, std::memory_order_release);
        return n;
    }

    /// Drops everything written so far (consumer side: this is how a flush happens in the
    /// callback).
    std::size_t discard() {
        const std::uint64_t r = m_read.load(std::memory_order_relaxed);
        const std::uint64_t w = m_write.load(std::memory_order_acquire);
        m_read.store(w, std::memory_order_release);
        return static_cast<std::size_t>(w - r);
    }

    /// Drops everything before stream position pos (consumer side). Used to flush exactly what was
    /// queued before a flush request while keeping what the producer wrote after it.
    std::size_t discard_to(std::uint64_t pos) {
        const std::uint64_t r = m_read.load(std::memory_order_relaxed);
        const std::uint64_t w = m_write.load(std::memory_order_acquire);
        const std::uint64_t target = std::clamp(pos, r, w);
        m_read.store(target, std::memory_order_release);
        return static_cast<std::size_t>(target - r);
    }

    // ---- either side ----
    std::uint64_t total_written() const { return m_write.load(std::memory_order_acquire); }
    std::uint64_t total_read() const { return m_read.load(std::memory_order_acquire); }

  private:
    void copy_in(std::uint64_t pos, const T* items, std::size_t n) {
        const std::size_t start = static_cast<std::size_t>(pos) & m_mask;
        const std::size_t first = std::min(n, m_capacity - start);
        std::memcpy(m_buffer.get() + start, items, first * sizeof(T));
        std::memcpy(m_buffer.get(), items + first, (n - first) * sizeof(T));
    }
    void copy_out(std::uint64_t pos, T* out, std::size_t n) const {
        const std::size_t start = static_cast<std::size_t>(pos) & m_mask;
        const std::size_t first = std::min(n, m_capacity - start);
        std::memcpy(out, m_buffer.get() + start, first * sizeof(T));
        std::memcpy(out + first, m_buffer.get(), (n - first) * sizeof(T));
    }

    const std::size_t m_capacity;
    const std::size_t m_mask;
    std::unique_ptr<T[]> m_buffer;
    alignas(64) std::atomic<std::uint64_t> m_write{0};
    alignas(64) std::atomic<std::uint64_t> m_read{0};
};

} // namespace lectern
