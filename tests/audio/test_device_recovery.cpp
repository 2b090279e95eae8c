// Device loss end to end below the app: a paced fault-injecting device (audio/fault_injector.hpp)
// under the real OutputEngine and DeviceSupervisor. Each fault is injected while audio plays; the
// supervisor must report it, reopen the device on the same engine, and every frame written must
// then reach the device exactly once (the WAV the device writes is checked sample for sample).
// Timing bounds are generous (a shared, sanitised test machine); the measured figures are printed.
#include "audio/device_supervisor.hpp"
#include "audio/fault_injector.hpp"
#include "audio_test_util.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

using namespace lectern;
using namespace lectern::audio;
using namespace lectern::audio::test;
using namespace std::chrono_literals;

namespace {

/// What the Listener saw, from the helper thread.
struct Changes {
    mutable std::mutex mutex;
    std::vector<DeviceChange> seen;
    std::vector<Nanos> at;
    void add(const DeviceChange& c) {
        std::lock_guard lock(mutex);
        seen.push_back(c);
        at.push_back(SteadyClock::instance().now());
    }
    std::vector<DeviceChange> get() const {
        std::lock_guard lock(mutex);
        return seen;
    }
    Nanos time(std::size_t i) const {
        std::lock_guard lock(mutex);
        return at.at(i);
    }
};

/// Buffers of 512 frames (23 ms, stall limit 70 ms): small enough to be a real device's size,
/// large enough that a busy test machine does not stall the simulated device by accident.
SinkOptions sink_options() {
    SinkOptions o;
    o.buffer_frames = 512;
    o.ring_frames = 1 << 16;
    return o;
}

/// Quick back-off; a stall limit of 8 buffers (186 ms) so that a busy test machine does not add
/// stalls of its own to the faults injected here (the limit is tested on a FakeClock, and
/// timed once below).
SupervisorOptions fast_options() {
    SupervisorOptions o;
    o.stall_buffers = 8;
    o.backoff_first = 20ms;
    o.backoff_max = 200ms;
    return o;
}

/// Writes all of pcm from this thread as room appears (the playback thread's role).
void write_all(OutputEngine& engine, std::span<const Sample> pcm, std::chrono::seconds limit) {
    std::size_t done = 0;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (done < pcm.size() && std::chrono::steady_clock::now() < deadline) {
        const std::size_t n = engine.write(pcm.subspan(done));
        done += n;
        if (n == 0) std::this_thread::sleep_for(2ms);
    }
    REQUIRE(done == pcm.size());
}

/// Non-silent samples in the file: the signal is a constant, so every frame of it that reached
/// the device is non-zero (ramps scale it, never to zero), and silence is zero.
std::size_t audible(const std::filesystem::path& wav_path) {
    auto wav = read_wav(wav_path);
    REQUIRE(wav.ok());
    return static_cast<std::size_t>(
        std::count_if(wav->samples.begin(), wav->samples.end(), [](Sample s) { return s != 0; }));
}

struct Case {
    const char* name;
    DeviceFault fault;
    int failed_opens;
};

} // namespace

TEST_CASE("each injected fault is detected, the device reopened, and no audio lost or doubled") {
    const Case cases[] = {{"stall", DeviceFault::stall, 0},
                          {"error", DeviceFault::stream_error, 0},
                          {"unplug", DeviceFault::unplugged, 3}};
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const auto dir = temp_dir(std::string("device-fault-") + c.name);
        auto faults = std::make_shared<FaultInjector>();
        auto sink = make_fault_sink(faults, true, dir / "device.wav");
        REQUIRE(sink->open(sink_options()).ok());
        CHECK(sink->supervised());
        OutputEngine& engine = sink->engine();
        engine.set_active(true);
        Changes changes;
        DeviceSupervisor supervisor(
            *sink, [&](const DeviceChange& ch) { changes.add(ch); }, fast_options());
        supervisor.start();

        // 1.5 s of sound; the fault strikes 0.4 s in.
        const auto signal = constant(kRate * 3 / 2, 3000);
        std::thread writer([&] { write_all(engine, signal, 30s); });
        REQUIRE(wait_for([&] { return engine.frames_played() >= kRate * 4 / 10; }));
        const std::uint64_t played_before = engine.frames_played();
        REQUIRE(wait_for([&] { return supervisor.health() == DeviceHealth::ok; }));
        const std::size_t before = changes.get().size();
        const Nanos injected = SteadyClock::instance().now();
        faults->inject(c.fault, c.failed_opens);
        REQUIRE(wait_for([&] { return changes.get().size() >= before + 2; }, 20s));
        writer.join();
        // Reading resumes where it stopped and plays to the end.
        REQUIRE(wait_for([&] { return engine.frames_played() == signal.size(); }, 30s));
        CHECK(engine.frames_played() > played_before);
        CHECK(engine.frames_written() == signal.size());

        const auto seen = changes.get();
        REQUIRE(seen.size() >= before + 2);
        CHECK(seen[before].health == DeviceHealth::lost);
        CHECK(seen[before].cause == c.fault);
        CHECK(seen[before + 1].health == DeviceHealth::ok);
        CHECK(seen[before + 1].attempts == 1 + c.failed_opens);
        for (std::size_t i = 0; i < seen.size(); ++i) // a busy machine may add stalls: alternating
            CHECK(seen[i].health == (i % 2 == 0 ? DeviceHealth::lost : DeviceHealth::ok));
        CHECK(faults->opens() >= 1 + 1 + c.failed_opens);
        const double detected_ms = to_ms(changes.time(before) - injected);
        MESSAGE(std::string(c.name)
                << ": detected " << detected_ms << " ms after the fault, "
                << "restored " << to_ms(seen[before + 1].lost_for) << " ms later after "
                << seen[before + 1].attempts << " reopen(s)");
        CHECK(detected_ms < 2000);

        supervisor.stop();
        CHECK(supervisor.health() == DeviceHealth::ok);
        sink->close();
        CHECK(audible(dir / "device.wav") == signal.size()); // nothing lost, nothing doubled
        std::filesystem::remove_all(dir);
    }
}

TEST_CASE("a stall is reported within a few buffers, and a healthy device is looked at rarely") {
    auto faults = std::make_shared<FaultInjector>();
    auto sink = make_fault_sink(faults, true);
    REQUIRE(sink->open(sink_options()).ok());
    Changes changes;
    auto options = fast_options();
    options.stall_buffers = SupervisorOptions{}.stall_buffers; // the kiosk's
    const int limit = options.stall_buffers;
    DeviceSupervisor supervisor(
        *sink, [&](const DeviceChange& ch) { changes.add(ch); }, options);
    supervisor.start();
    std::this_thread::sleep_for(1s);
    const std::uint64_t callbacks = sink->engine().callbacks();
    const std::uint64_t wakeups = supervisor.wakeups();
    CHECK(callbacks > 20);
    MESSAGE("healthy: " << wakeups << " wakes for " << callbacks << " callbacks");
    // One wake per stall limit (limit - 1 to limit buffers), not per buffer.
    CHECK(wakeups * static_cast<std::uint64_t>(limit - 1) <= callbacks + 10);
    const std::size_t before = changes.get().size(); // a busy machine may have stalled it already

    REQUIRE(wait_for([&] { return supervisor.health() == DeviceHealth::ok; }, 10s));
    faults->inject(DeviceFault::stall);
    REQUIRE(wait_for([&] { return changes.get().size() > before; }, 10s));
    const Nanos last = sink->engine().last_callback_time();
    const double buffers = to_ms(changes.time(before) - last) / sink->buffer_ms();
    MESSAGE("stall reported " << buffers << " buffer periods after the last callback");
    CHECK(buffers >= limit);
    CHECK(buffers < limit + 40.0); // the limit, plus however late the helper was woken here
    REQUIRE(wait_for([&] { return supervisor.recoveries() > before / 2; }, 10s));
    supervisor.stop();
    sink->close();
}

TEST_CASE("a reopen that hangs makes the supervisor unresponsive until it returns") {
    auto faults = std::make_shared<FaultInjector>();
    auto sink = make_fault_sink(faults, true);
    REQUIRE(sink->open(sink_options()).ok());
    auto options = fast_options();
    options.attempt_deadline = 300ms;
    Changes changes;
    DeviceSupervisor supervisor(
        *sink, [&](const DeviceChange& ch) { changes.add(ch); }, options);
    // Destroyed before the supervisor: a failed check must not leave its helper hanging forever.
    struct Release {
        FaultInjector& faults;
        ~Release() { faults.release_opens(); }
    } release{*faults};
    supervisor.start();
    REQUIRE(wait_for([&] { return sink->engine().callbacks() > 5; }));
    CHECK(supervisor.responsive());

    faults->hang_opens();
    faults->inject(DeviceFault::stream_error);
    REQUIRE(wait_for([&] { return faults->hanging_opens() == 1; }, 10s));
    CHECK(supervisor.health() == DeviceHealth::recovering);
    // Inside the deadline it still counts as alive (the kiosk keeps feeding the watchdog) ...
    REQUIRE(wait_for([&] { return !supervisor.responsive(); }, 10s));
    // ... past it, not, for as long as the driver call hangs.
    std::this_thread::sleep_for(100ms);
    CHECK_FALSE(supervisor.responsive());
    CHECK(supervisor.health() == DeviceHealth::recovering);

    faults->release_opens();
    REQUIRE(wait_for([&] { return supervisor.recoveries() == 1; }, 10s));
    CHECK(supervisor.responsive());
    CHECK(supervisor.health() == DeviceHealth::ok);
    supervisor.stop();
    sink->close();
}

TEST_CASE("the fault sink keeps its engine across reopens, and plain sinks are not supervised") {
    auto faults = std::make_shared<FaultInjector>();
    auto sink = make_fault_sink(faults, false);
    REQUIRE(sink->open(sink_options()).ok());
    OutputEngine* engine = &sink->engine();
    write_all(*engine, constant(1000, 500), 10s);
    REQUIRE(wait_for([&] { return engine->frames_played() == 1000; }));
    REQUIRE(sink->reopen().ok());
    CHECK(&sink->engine() == engine);
    write_all(*engine, constant(1000, 500), 10s);
    CHECK(wait_for([&] { return engine->frames_played() == 2000; }));
    faults->inject(DeviceFault::unplugged, 1);
    CHECK(wait_for([&] { return sink->fault() == DeviceFault::unplugged; }));
    CHECK_FALSE(sink->reopen().ok());
    CHECK(sink->reopen().ok());
    CHECK(sink->fault() == DeviceFault::none);
    sink->close();
    sink->close();

    auto null = make_null_sink(true);
    CHECK_FALSE(null->supervised());
    REQUIRE(null->open(sink_options()).ok());
    CHECK(null->fault() == DeviceFault::none);
    null->close();
}

TEST_CASE("standby: an idle device is stopped, costs no wakes, and the next audio starts it") {
    const auto dir = temp_dir("device-standby");
    auto faults = std::make_shared<FaultInjector>();
    auto sink = make_fault_sink(faults, true, dir / "device.wav");
    REQUIRE(sink->open(sink_options()).ok());
    OutputEngine& engine = sink->engine();
    engine.set_active(true);
    Changes changes;
    auto options = fast_options();
    options.standby_after = 300ms;
    DeviceSupervisor supervisor(
        *sink, [&](const DeviceChange& ch) { changes.add(ch); }, options);
    supervisor.start();

    // A first utterance, then nothing: the device stops.
    const auto first = constant(kRate / 4, 3000);
    write_all(engine, first, 10s);
    engine.want_device(); // the playback thread's call after every write
    REQUIRE(wait_for([&] { return supervisor.standing_by(); }, 10s));
    CHECK(engine.frames_played() == first.size());
    CHECK(engine.in_standby());
    CHECK(supervisor.health() == DeviceHealth::ok);
    const std::uint64_t callbacks = engine.callbacks();
    const std::uint64_t wakeups = supervisor.wakeups();
    std::this_thread::sleep_for(500ms);
    CHECK(engine.callbacks() == callbacks); // stopped: no callbacks ...
    CHECK(supervisor.wakeups() == wakeups); // ... and a helper asleep with no timeout
    MESSAGE("standing by after " << callbacks << " callbacks; 0 wakes in 0.5 s of standby");

    // The next utterance wakes it, and plays whole.
    const auto second = constant(kRate / 4, 3000);
    const Nanos pressed = SteadyClock::instance().now();
    write_all(engine, second, 10s);
    engine.want_device();
    REQUIRE(wait_for([&] { return engine.callbacks() > callbacks; }, 10s));
    MESSAGE("first callback " << to_ms(engine.last_callback_time() - pressed)
                              << " ms after the wake");
    REQUIRE(wait_for([&] { return engine.frames_played() == first.size() + second.size(); }));
    CHECK_FALSE(supervisor.standing_by());

    // A pause holds the rest through a standby, and the resume plays it from where it was.
    const auto third = constant(kRate, 3000);
    write_all(engine, third, 10s);
    engine.want_device();
    REQUIRE(wait_for(
        [&] { return engine.frames_played() > first.size() + second.size() + kRate / 4; }));
    engine.set_paused(true);
    REQUIRE(wait_for([&] { return supervisor.standing_by(); }, 10s));
    const std::uint64_t held_at = engine.frames_played();
    CHECK(held_at < engine.frames_written());
    engine.set_paused(false);
    engine.want_device();
    REQUIRE(wait_for([&] { return engine.frames_played() == engine.frames_written(); }, 10s));

    // Stopping the supervisor in standby hands the device back running.
    REQUIRE(wait_for([&] { return supervisor.standing_by(); }, 10s));
    supervisor.stop();
    CHECK_FALSE(supervisor.standing_by());
    const std::uint64_t after_stop = engine.callbacks();
    CHECK(wait_for([&] { return engine.callbacks() > after_stop + 2; }, 10s));
    CHECK(changes.get().empty()); // standby is no fault: nothing was reported
    sink->close();
    // Every frame reached the device once (none twice); the pause's fade-out ends on one frame at
    // gain zero.
    const std::size_t total = first.size() + second.size() + third.size();
    const std::size_t heard = audible(dir / "device.wav");
    CHECK(heard <= total);
    CHECK(heard >= total - 1);
    std::filesystem::remove_all(dir);
}
