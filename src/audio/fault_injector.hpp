// FaultInjector: device faults on demand for a simulated device (make_fault_sink), to test and
// drill device-loss recovery (audio/device_supervisor.hpp) without unplugging anything:
//   - stall: the device thread stops calling render() and stays alive, like a wedged driver (no
//     error is reported: only the engine's heartbeat shows it);
//   - stream_error: the device reports an error (AudioSink::fault()) and its thread ends;
//   - unplugged: as stream_error (reported as unplugged), and the next `failed_opens` opens fail
//     with "no audio output device", as they do while a USB card is out;
//   - a hung open: open()/reopen() block until release_opens() (a driver call that never returns).
// Faults are injected now (inject()) or planned at times since the sink's first open
// (parse_fault_plan, for the hidden `--sink fault:stall@2,unplug@6`); each happens once, the next
// time the device thread looks (once per buffer).
// Thread affinity: every method may be called from any thread (one mutex guards the state); the
// device thread calls take_due() between its render() calls, never inside one.
#pragma once

#include "audio/audio_sink.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lectern::audio {

struct PlannedFault {
    DeviceFault kind = DeviceFault::stall;
    Nanos at{0}; ///< since the sink's first open
    int failed_opens = 0;
};

/// Parses "KIND@SECONDS[,KIND@SECONDS...]" with KIND one of stall, error, unplug (unplug fails
/// FaultInjector::kUnplugFailedOpens opens; "unplug*N@S" fails N). Sorted by time.
Result<std::vector<PlannedFault>> parse_fault_plan(std::string_view spec);

class FaultInjector {
  public:
    static constexpr int kUnplugFailedOpens = 3;

    explicit FaultInjector(std::vector<PlannedFault> plan = {});

    /// The fault happens the next time the device thread looks. failed_opens: for unplugged.
    void inject(DeviceFault kind, int failed_opens = kUnplugFailedOpens);
    /// From now on open()/reopen() block until release_opens().
    void hang_opens();
    void release_opens();
    /// Opens attempted so far (failed ones included), and how many are blocked right now.
    int opens() const;
    int hanging_opens() const;
    /// The plan, for AudioSink::describe(): "stall@2s, unplug*3@6s".
    std::string describe() const;

    // ---- the simulated device ----
    /// The fault due now (an injected one first, then the plan's), or none. An unplugged fault
    /// starts failing opens from here.
    DeviceFault take_due(Nanos since_first_open);
    /// Called by open()/reopen() before starting the device: blocks while opens hang; an error
    /// while the device is unplugged.
    Result<void> on_open();

  private:
    mutable std::mutex m_mutex;
    std::condition_variable m_released;
    std::vector<PlannedFault> m_plan;
    std::size_t m_next_planned = 0;
    DeviceFault m_injected = DeviceFault::none;
    int m_injected_failed_opens = 0;
    int m_failed_opens_left = 0;
    bool m_hang = false;
    int m_hanging = 0;
    int m_opens = 0;
};

/// A simulated device (paced: one buffer per buffer period, like hardware; unpaced: as fast as
/// audio comes) that obeys `faults` and supports reopen() (supervised() is true). With a path,
/// everything it renders goes to that WAV file, across reopens.
std::unique_ptr<AudioSink> make_fault_sink(std::shared_ptr<FaultInjector> faults, bool paced = true,
                                           std::filesystem::path wav_path = {});

} // namespace lectern::audio
