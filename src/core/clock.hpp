// Clock: the one source of "now" for code that must be testable on a fake clock (idle timeouts,
// latency figures, soak tests). Thread-safety: now() may be called from any thread, including the
// audio callback (steady_clock is a vDSO read; FakeClock is an atomic load).
#pragma once

#include <atomic>
#include <chrono>

namespace lectern {

using Nanos = std::chrono::nanoseconds;

class Clock {
  public:
    virtual ~Clock() = default;
    /// Monotonic time since an arbitrary epoch.
    virtual Nanos now() const noexcept = 0;
};

class SteadyClock final : public Clock {
  public:
    Nanos now() const noexcept override {
        return std::chrono::duration_cast<Nanos>(
            std::chrono::steady_clock::now().time_since_epoch());
    }
    /// The process-wide instance.
    static SteadyClock& instance() {
        static SteadyClock clock;
        return clock;
    }
};

class FakeClock final : public Clock {
  public:
    Nanos now() const noexcept override { return Nanos(m_now.load(std::memory_order_acquire)); }
    void advance(Nanos d) { m_now.fetch_add(d.count(), std::memory_order_acq_rel); }
    void set(Nanos t) { m_now.store(t.count(), std::memory_order_release); }

  private:
    std::atomic<Nanos::rep> m_now{0};
};

inline double to_ms(Nanos d) {
    return static_cast<double>(d.count()) / 1e6;
}

} // namespace lectern
