// DeviceMonitor on a FakeClock: when a stall is declared (not before 3 buffer periods without a
// callback, and at that moment), how often a healthy device is looked at, device-reported faults,
// the back-off sequence, what counts as restored, and the fault plan syntax of the fault sink.
// Also what supervision needs from the OutputEngine: its heartbeat, and a restart from silence.
#include "audio/device_supervisor.hpp"
#include "audio/fault_injector.hpp"
#include "audio/output_engine.hpp"
#include "audio_test_util.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace lectern;
using namespace lectern::audio;
using namespace lectern::audio::test;
using namespace std::chrono_literals;

namespace {

constexpr Nanos kPeriod = 10ms; // one buffer

SupervisorOptions options() {
    SupervisorOptions o;
    o.stall_buffers = 3;
    o.first_callback_grace = 500ms;
    o.backoff_first = 50ms;
    o.backoff_max = 2s;
    return o;
}

/// A device calling back every `every` from `first` until `stop` (exclusive).
struct FakeDevice {
    Nanos first{kPeriod}, stop{Nanos::max()};
    Nanos every{kPeriod};
    Heartbeat at(Nanos now) const {
        Heartbeat beat;
        if (now < first) return beat;
        const Nanos end = std::min(now, stop - 1ns);
        if (end < first) return beat;
        beat.callbacks = static_cast<std::uint64_t>((end - first) / every) + 1;
        beat.last_callback = first + every * static_cast<long>(beat.callbacks - 1);
        return beat;
    }
};

/// Runs the monitor as the helper would (waking at each next_check) until a step reports a change
/// or `until`; returns the time of that change (or `until`) and counts the wakes.
struct Run {
    Nanos changed_at{0};
    std::optional<DeviceChange> change;
    bool reopen = false;
    int wakes = 0;
};
Run run_until_change(DeviceMonitor& monitor, const FakeDevice& device, Nanos start, Nanos until,
                     DeviceFault fault = DeviceFault::none) {
    Run run;
    Nanos now = start;
    while (now < until) {
        ++run.wakes;
        const auto step = monitor.observe(now, device.at(now), fault);
        if (step.change) {
            run.changed_at = now;
            run.change = step.change;
            run.reopen = step.reopen;
            return run;
        }
        REQUIRE(step.next_check > now); // never a busy loop
        now = step.next_check;
    }
    run.changed_at = until;
    return run;
}

} // namespace

TEST_CASE("a stall is declared 3 buffer periods after the last callback, not before") {
    for (const Nanos stop : {Nanos(1000ms), Nanos(1003ms), Nanos(1009ms), Nanos(2507ms)}) {
        CAPTURE(stop.count());
        DeviceMonitor monitor(kPeriod, options(), 0ns);
        FakeDevice device;
        device.stop = stop;
        const Heartbeat last = device.at(stop);
        const auto run = run_until_change(monitor, device, 0ns, 10s);
        REQUIRE(run.change);
        CHECK(run.change->health == DeviceHealth::lost);
        CHECK(run.change->cause == DeviceFault::stall);
        CHECK_FALSE(run.reopen); // a stall gets backoff_first to end by itself
        CHECK(run.changed_at == last.last_callback + 3 * kPeriod);
        // Still stalled then: the first reopen.
        const Nanos retry = run.changed_at + 50ms;
        CHECK_FALSE(monitor.observe(retry - 1ns, device.at(retry), {}).reopen);
        CHECK(monitor.observe(retry, device.at(retry), {}).reopen);
        CHECK(monitor.health() == DeviceHealth::lost);
        CHECK(monitor.faults() == 1);
        // Cheap while healthy: one wake per two to three periods, never one per callback.
        const double periods = static_cast<double>(run.changed_at.count()) / kPeriod.count();
        CHECK(run.wakes <= periods / 2 + 2);
        CHECK(run.wakes >= periods / 3 - 1);
    }
}

TEST_CASE("gaps up to the limit are no stall, a longer one is") {
    DeviceMonitor slow(kPeriod, options(), 0ns);
    FakeDevice device;
    device.every = 3 * kPeriod - 1ms; // a late device (or a host calling back in bursts)
    const auto run = run_until_change(slow, device, 0ns, 5s);
    CHECK_FALSE(run.change);
    CHECK(slow.health() == DeviceHealth::ok);

    DeviceMonitor slower(kPeriod, options(), 0ns);
    device.every = 3 * kPeriod + 1ms;
    const auto lost = run_until_change(slower, device, 0ns, 5s);
    REQUIRE(lost.change);
    CHECK(lost.changed_at == device.first + 3 * kPeriod);
}

TEST_CASE("a stall that ends by itself before the first reopen is restored without one") {
    DeviceMonitor monitor(kPeriod, options(), 0ns);
    FakeDevice device;
    device.every = 75ms; // one long gap: the machine was busy
    const auto lost = run_until_change(monitor, device, 0ns, 1s);
    REQUIRE(lost.change);
    CHECK(lost.changed_at == device.first + 30ms);
    const auto step =
        monitor.observe(lost.changed_at + 50ms, device.at(lost.changed_at + 50ms), {});
    CHECK_FALSE(step.reopen);
    REQUIRE(step.change);
    CHECK(step.change->health == DeviceHealth::ok);
    CHECK(step.change->attempts == 0);
    CHECK(step.change->lost_for == 50ms);
    CHECK(monitor.recoveries() == 1);
    CHECK(monitor.health() == DeviceHealth::ok);
}

TEST_CASE("a device that never calls back after opening is lost after the start-up grace") {
    DeviceMonitor monitor(kPeriod, options(), 0ns);
    FakeDevice device;
    device.first = Nanos::max() / 2;
    const auto run = run_until_change(monitor, device, 0ns, 10s);
    REQUIRE(run.change);
    CHECK(run.change->cause == DeviceFault::stall);
    CHECK(run.changed_at == 500ms);
}

TEST_CASE("a fault the device reports is a loss at the next look") {
    for (const auto fault : {DeviceFault::stream_error, DeviceFault::unplugged}) {
        DeviceMonitor monitor(kPeriod, options(), 0ns);
        FakeDevice device;
        // Healthy for a while, then the device says it failed.
        auto run = run_until_change(monitor, device, 0ns, 200ms);
        REQUIRE_FALSE(run.change);
        const auto step = monitor.observe(200ms, device.at(200ms), fault);
        REQUIRE(step.change);
        CHECK(step.reopen);
        CHECK(step.change->cause == fault);
        CHECK_FALSE(step.change->reason.empty());
    }
}

TEST_CASE("failed reopens back off from 50 ms doubling to 2 s, and success needs a callback") {
    DeviceMonitor monitor(kPeriod, options(), 0ns);
    FakeDevice device;
    device.stop = 100ms;
    auto run = run_until_change(monitor, device, 0ns, 1s);
    REQUIRE(run.change);
    const Nanos lost_at = run.changed_at;
    Nanos now = lost_at + 50ms; // the first reopen, after backoff_first
    REQUIRE(monitor.observe(now, device.at(now), {}).reopen);
    const Nanos expected[] = {50ms, 100ms, 200ms, 400ms, 800ms, 1600ms, 2s, 2s, 2s};
    std::vector<Nanos> waits;
    for (const Nanos wait : expected) {
        monitor.attempt_started(now);
        CHECK(monitor.health() == DeviceHealth::recovering);
        const auto failed = monitor.attempt_finished(now + 1ms, device.at(now),
                                                     make_error("no audio output device found"));
        CHECK_FALSE(failed.change);
        CHECK_FALSE(failed.reopen);
        CHECK(monitor.health() == DeviceHealth::lost);
        CHECK(monitor.last_error() == "no audio output device found");
        waits.push_back(failed.next_check - (now + 1ms));
        // Looking early changes nothing; at the time, it is the next attempt.
        CHECK_FALSE(monitor.observe(failed.next_check - 1ms, device.at(now), {}).reopen);
        now = failed.next_check;
        CHECK(monitor.observe(now, device.at(now), {}).reopen);
        CHECK(waits.back() == wait);
    }
    // The device is back: the reopen succeeds, and it is restored at its first callback.
    monitor.attempt_started(now);
    const Heartbeat before = device.at(now);
    const auto opened = monitor.attempt_finished(now + 2ms, before, {});
    CHECK_FALSE(opened.change);
    CHECK(monitor.health() == DeviceHealth::recovering);
    CHECK(opened.next_check == now + 2ms + kPeriod); // looked at every period until it plays
    Heartbeat after = before;
    after.callbacks += 1;
    after.last_callback = opened.next_check - 1ms;
    const auto restored = monitor.observe(opened.next_check, after, {});
    REQUIRE(restored.change);
    CHECK(restored.change->health == DeviceHealth::ok);
    CHECK(restored.change->cause == DeviceFault::stall);
    CHECK(restored.change->attempts == 10);
    CHECK(restored.change->lost_for == opened.next_check - lost_at);
    CHECK(monitor.recoveries() == 1);
    CHECK(monitor.health() == DeviceHealth::ok);
    CHECK(monitor.last_error().empty());
    // And the next loss starts the back-off from the beginning.
    CHECK(monitor.backoff(1) == 50ms);
}

TEST_CASE("a reopen that opens but never calls back is a failed attempt") {
    DeviceMonitor monitor(kPeriod, options(), 0ns);
    FakeDevice device;
    device.first = Nanos::max() / 2; // silent from the start
    auto run = run_until_change(monitor, device, 0ns, 1s, DeviceFault::stream_error);
    REQUIRE(run.reopen); // a device error: the first reopen at once
    Nanos now = run.changed_at;
    const Nanos opened_at = now;
    monitor.attempt_started(now);
    auto step = monitor.attempt_finished(now, device.at(now), {});
    // Watched every period until the grace is over, then backed off.
    int looks = 0;
    while (!step.reopen && monitor.health() == DeviceHealth::recovering) {
        REQUIRE(step.next_check > now);
        now = step.next_check;
        step = monitor.observe(now, device.at(now), {});
        ++looks;
        REQUIRE(looks <= 50);
    }
    CHECK_FALSE(step.change);
    CHECK(monitor.health() == DeviceHealth::lost);
    CHECK(now == opened_at + 500ms);
    CHECK(step.next_check == now + 50ms);
    CHECK(monitor.last_error() == "the reopened audio device never asked for sound");
}

TEST_CASE("the fault plan of the hidden fault sink") {
    auto plan = parse_fault_plan("unplug@6,stall@2s,error@2.5,unplug*5@9");
    REQUIRE(plan.ok());
    REQUIRE(plan->size() == 4);
    CHECK((*plan)[0].kind == DeviceFault::stall);
    CHECK((*plan)[0].at == 2s);
    CHECK((*plan)[1].kind == DeviceFault::stream_error);
    CHECK((*plan)[1].at == 2500ms);
    CHECK((*plan)[2].kind == DeviceFault::unplugged);
    CHECK((*plan)[2].failed_opens == FaultInjector::kUnplugFailedOpens);
    CHECK((*plan)[3].failed_opens == 5);
    for (const char* bad : {"", "stall", "stall@", "stall@x", "melt@2", "stall@-1", "unplug*x@2",
                            "stall@2,", "stall@inf", "stall@nan"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_fault_plan(bad).ok());
    }
    FaultInjector injector(*plan);
    CHECK(injector.describe() == "stall@2s, error@2.5s, unplugged*3@6s, unplugged*5@9s");
    CHECK(injector.take_due(1s) == DeviceFault::none);
    CHECK(injector.take_due(2600ms) == DeviceFault::stall);
    CHECK(injector.take_due(2600ms) == DeviceFault::stream_error);
    CHECK(injector.take_due(2600ms) == DeviceFault::none);
    CHECK(injector.on_open().ok());
    CHECK(injector.take_due(7s) == DeviceFault::unplugged);
    for (int i = 0; i < 3; ++i)
        CHECK_FALSE(injector.on_open().ok());
    CHECK(injector.on_open().ok());
    CHECK(injector.opens() == 5);
}

TEST_CASE("the heartbeat: callbacks and the time of the last one, for device supervision") {
    FakeClock clock;
    clock.set(5s);
    OutputEngine engine(kRate, 1024, clock);
    CHECK(engine.last_callback_time() == 0ns);
    std::vector<Sample> out(64);
    engine.render(out.data(), out.size());
    CHECK(engine.callbacks() == 1);
    CHECK(engine.last_callback_time() == 5s);
    clock.advance(3ms);
    engine.render(out.data(), out.size());
    CHECK(engine.callbacks() == 2);
    CHECK(engine.last_callback_time() == 5003ms);
}

TEST_CASE("after a device restart what is queued ramps in from silence, skipping nothing") {
    FakeClock clock;
    OutputEngine engine(kRate, 1 << 14, clock);
    const std::size_t ramp = ms_to_frames(OutputEngine::kDefaultRampMs, kRate);
    REQUIRE(engine.write(constant(4 * ramp, 8000)) == 4 * ramp);
    auto before = render_frames(engine, 2 * ramp);
    CHECK(before.back() == 8000); // at full gain when the device stops
    engine.restart_from_silence();
    auto after = render_frames(engine, 2 * ramp);
    CHECK(engine.frames_played() == 4 * ramp); // nothing skipped
    CHECK(after.front() > 0);
    CHECK(after.front() < 200);                                     // starts near silence...
    CHECK(max_jump(after, 0) <= 8000 / static_cast<int>(ramp) + 2); // ...and ramps, no click
    CHECK(after[ramp] == 8000);
    CHECK(engine.underruns() == 0);
}

// ---- standby: an idle device is stopped, the next audio starts it -------------------------------

namespace {

SupervisorOptions standby_options(Nanos after = 1s) {
    SupervisorOptions o = options();
    o.standby_after = after;
    return o;
}

/// Runs the monitor on a healthy device whose output is described by `output(now)` until a step
/// asks for standby (or `until`); returns when, or nullopt.
template <class Output>
std::optional<Nanos> standby_time(DeviceMonitor& monitor, Nanos start, Nanos until, Output output) {
    const FakeDevice device;
    for (Nanos now = start; now < until;) {
        Heartbeat beat = device.at(now);
        output(now, beat);
        const auto step = monitor.observe(now, beat, DeviceFault::none);
        REQUIRE_FALSE(step.change); // never a fault
        if (step.standby) return now;
        REQUIRE(step.next_check > now);
        now = step.next_check;
    }
    return std::nullopt;
}

} // namespace

TEST_CASE("standby: asked for once nothing has been heard for standby_after, and not before") {
    DeviceMonitor monitor(kPeriod, standby_options(1s), 0ns);
    // Audio until 2.5 s (written grows, not all played), then everything played.
    const auto at = standby_time(monitor, 0ns, 20s, [](Nanos now, Heartbeat& beat) {
        beat.written = now < 2500ms ? static_cast<std::uint64_t>(now / 10ms) : 250;
        beat.quiet = now >= 2500ms;
    });
    REQUIRE(at);
    CHECK(*at >= 3500ms);
    CHECK(*at <= 3500ms + 4 * kPeriod); // noticed at the next look after 2.5 s, then 1 s exactly
    CHECK(monitor.health() == DeviceHealth::ok);
}

TEST_CASE("standby: new audio restarts the quiet count, a held pause counts as quiet") {
    DeviceMonitor monitor(kPeriod, standby_options(1s), 0ns);
    // Quiet throughout, but one more announcement written at 0.8 s: quiet counts from there.
    auto at = standby_time(monitor, 0ns, 20s, [](Nanos now, Heartbeat& beat) {
        beat.written = now < 800ms ? 100 : 200;
        beat.quiet = true;
    });
    REQUIRE(at);
    CHECK(*at >= 1800ms);
    CHECK(*at <= 1800ms + 4 * kPeriod);

    // Never quiet (audio is playing all along): never a standby.
    DeviceMonitor busy(kPeriod, standby_options(1s), 0ns);
    at = standby_time(busy, 0ns, 20s, [](Nanos now, Heartbeat& beat) {
        beat.written = static_cast<std::uint64_t>(now / 1ms);
        beat.quiet = false;
    });
    CHECK_FALSE(at);

    // standby_after zero (the kiosk's audio_standby_seconds = 0): never either.
    DeviceMonitor never(kPeriod, standby_options(0s), 0ns);
    at = standby_time(never, 0ns, 20s, [](Nanos, Heartbeat& beat) { beat.quiet = true; });
    CHECK_FALSE(at);
}

TEST_CASE("standby: the stopped device is not a stall, and waking waits for its first callback") {
    DeviceMonitor monitor(kPeriod, standby_options(1s), 0ns);
    const auto at = standby_time(monitor, 0ns, 20s, [](Nanos, Heartbeat& beat) {
        beat.written = 10;
        beat.quiet = true;
    });
    REQUIRE(at);
    monitor.standing_by();
    CHECK(monitor.in_standby());
    CHECK(monitor.health() == DeviceHealth::ok);

    // An hour later, no callbacks since: started again; the first callback comes 20 ms later.
    const Nanos woke = *at + 3600s;
    Heartbeat stopped = FakeDevice{0ns, *at}.at(woke);
    stopped.written = 10;
    auto step = monitor.resumed(woke, stopped, Result<void>{});
    CHECK_FALSE(step.change);
    CHECK_FALSE(monitor.in_standby());
    CHECK(monitor.health() == DeviceHealth::ok);
    FakeDevice again{woke + 20ms};
    again.first = woke + 20ms;
    Heartbeat beat = again.at(woke + 25ms);
    beat.callbacks += stopped.callbacks;
    beat.written = 500; // the press's confirmation
    step = monitor.observe(woke + 25ms, beat, DeviceFault::none);
    CHECK_FALSE(step.change);
    CHECK_FALSE(step.standby);
    CHECK(monitor.health() == DeviceHealth::ok);

    // A device that never calls back after the wake is lost after the start-up grace.
    DeviceMonitor silent(kPeriod, standby_options(1s), 0ns);
    silent.standing_by();
    const FakeDevice dead{0ns, 1ns}; // one callback at 0, then none
    silent.resumed(5s, dead.at(5s), Result<void>{});
    const Run run = run_until_change(silent, dead, 5s, 10s);
    REQUIRE(run.change);
    CHECK(run.change->cause == DeviceFault::stall);
    CHECK(run.changed_at >= 5s + 500ms);
}

TEST_CASE("standby: a device that cannot start again is lost and reopened at once") {
    DeviceMonitor monitor(kPeriod, standby_options(1s), 0ns);
    monitor.standing_by();
    const auto step =
        monitor.resumed(2s, Heartbeat{}, Result<void>(make_error("Device unavailable")));
    REQUIRE(step.change);
    CHECK(step.change->health == DeviceHealth::lost);
    CHECK(step.change->cause == DeviceFault::stream_error);
    CHECK(step.change->reason.find("did not start again after standby") != std::string::npos);
    CHECK(step.change->reason.find("Device unavailable") != std::string::npos);
    CHECK(step.reopen);
    CHECK(monitor.health() == DeviceHealth::lost);
}

TEST_CASE("standby: declined when audio came meanwhile, off for good when the device cannot stop") {
    DeviceMonitor monitor(kPeriod, standby_options(1s), 0ns);
    const auto quiet = [](Nanos, Heartbeat& beat) {
        beat.written = 10;
        beat.quiet = true;
    };
    auto at = standby_time(monitor, 0ns, 20s, quiet);
    REQUIRE(at);
    monitor.standby_declined(); // the gate saw a write after the judgement
    CHECK_FALSE(monitor.in_standby());
    const auto again = standby_time(monitor, *at, 20s, quiet);
    REQUIRE(again);
    CHECK(*again >= *at + 1s); // a whole new quiet second

    monitor.standby_failed();
    CHECK_FALSE(standby_time(monitor, *again, *again + 20s, quiet));
}

TEST_CASE("the standby gate: the device stops only when nothing new was written, and wakes once") {
    FakeClock clock;
    OutputEngine engine(kRate, 1 << 12, clock, 0);
    int wakes = 0;
    engine.set_wake_hook([&] { ++wakes; });
    engine.want_device(); // not in standby: nothing
    CHECK(wakes == 0);

    REQUIRE(engine.write(constant(100, 500)) == 100);
    CHECK_FALSE(engine.enter_standby(100)); // written but not yet played
    render_frames(engine, 100);
    CHECK_FALSE(engine.enter_standby(0)); // written since the judgement
    CHECK(engine.enter_standby(100));
    CHECK(engine.in_standby());
    engine.want_device();
    engine.want_device();
    CHECK(wakes == 1); // once per standby
    CHECK_FALSE(engine.in_standby());

    // A pause that has reached silence holds the rest: quiet.
    REQUIRE(engine.write(constant(1000, 500)) == 1000);
    render_frames(engine, 100);
    CHECK_FALSE(engine.enter_standby(1100));
    engine.set_paused(true);
    clock.advance(1ms);
    render_frames(engine, 64);
    REQUIRE(engine.paused_time().count() != 0);
    CHECK(engine.enter_standby(1100));
    engine.leave_standby(); // the supervisor's own way out: no wake
    CHECK_FALSE(engine.in_standby());
    engine.want_device();
    CHECK(wakes == 1);
    engine.set_wake_hook({});
}
