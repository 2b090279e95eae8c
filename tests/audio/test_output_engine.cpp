// OutputEngine driven directly (the test plays the audio thread) on a FakeClock: order, gain ramps,
// pause/resume, flush, underruns, latency probes and position accounting.
#include "audio/output_engine.hpp"
#include "audio_test_util.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

using namespace lectern;
using namespace lectern::audio;
using namespace lectern::audio::test;
using namespace std::chrono_literals;

namespace {

constexpr int kRampMs = 8;
constexpr std::size_t kRamp = ms_to_frames(kRampMs, kRate); // 176 frames
constexpr Sample kLoud = 10000;

/// The largest sample-to-sample change a ramp of `delta` gain may add to a constant `amplitude`
/// (plus one LSB for rounding).
int slope_limit(double amplitude, double delta) {
    return static_cast<int>(std::ceil(amplitude * delta / static_cast<double>(kRamp))) + 1;
}

struct Rig {
    FakeClock clock;
    OutputEngine engine{kRate, 1 << 15, clock, kRampMs};
    /// Writes n frames of a constant and plays past the initial ramp-in.
    std::vector<Sample> settle(std::size_t n = 8000, Sample value = kLoud) {
        REQUIRE(engine.write(constant(n, value)) == n);
        return render_frames(engine, 2 * kRamp);
    }
};

} // namespace

TEST_CASE("without ramps, frames come out exactly and in order across odd block sizes") {
    FakeClock clock;
    OutputEngine engine(kRate, 4096, clock, 0);
    const auto in = counting(3000, -1500);
    CHECK(engine.write(in) == 3000);
    CHECK(engine.frames_written() == 3000);
    const auto out = render_frames(engine, 3000, 97);
    CHECK(out == in);
    CHECK(engine.frames_played() == 3000);
}

TEST_CASE("a ring smaller than the write takes what fits") {
    OutputEngine engine(kRate, 1024, SteadyClock::instance(), 0);
    CHECK(engine.write_available() == 1024);
    CHECK(engine.write(constant(1500, 1)) == 1024);
    CHECK(engine.write_available() == 0);
}

TEST_CASE("the first audio ramps in, then plays bit-exact at unity gain") {
    Rig rig;
    const auto in = counting(2000, 1000);
    REQUIRE(rig.engine.write(in) == 2000);
    const auto out = render_frames(rig.engine, 2000, 128);
    // Ramp: sample k is scaled by (k+1)/kRamp.
    for (std::size_t k = 0; k < kRamp; ++k) {
        const double expected = in[k] * static_cast<double>(k + 1) / kRamp;
        CHECK(std::abs(out[k] - expected) <= 1.0);
    }
    CHECK(std::equal(out.begin() + kRamp, out.end(), in.begin() + kRamp));
}

TEST_CASE("gain changes are ramped over the ramp length, never stepped") {
    Rig rig;
    const auto settled = rig.settle(20000);
    CHECK(settled.back() == kLoud);

    rig.engine.set_gain(2.0f);
    auto out = render_frames(rig.engine, 2 * kRamp);
    CHECK(max_jump(out, kLoud) <= slope_limit(kLoud, 1.0));
    CHECK(out[kRamp / 2] > kLoud);
    CHECK(out[kRamp / 2] < 2 * kLoud);
    CHECK(out[kRamp - 1] == 2 * kLoud);
    CHECK(out.back() == 2 * kLoud);

    rig.engine.set_gain(0.25f);
    out = render_frames(rig.engine, 2 * kRamp);
    CHECK(max_jump(out, 2 * kLoud) <= slope_limit(kLoud, 1.75));
    CHECK(out.back() == kLoud / 4);

    rig.engine.set_gain(100.0f); // clamped to 4
    out = render_frames(rig.engine, 2 * kRamp);
    CHECK(max_jump(out, kLoud / 4) <= slope_limit(kLoud, 3.75));
    CHECK(out.back() == 32767); // 4 x 10000 clips instead of wrapping

    rig.engine.set_gain(std::nanf("")); // treated as silence, still ramped
    out = render_frames(rig.engine, 2 * kRamp);
    CHECK(out.back() == 0);
}

TEST_CASE("pause ramps to silence, keeps the queue, and resume continues from the same sample") {
    Rig rig;
    const auto in = counting(20000, 1000);
    REQUIRE(rig.engine.write(in) == 20000);
    render_frames(rig.engine, 1000);
    CHECK(rig.engine.frames_played() == 1000);

    rig.engine.set_paused(true);
    CHECK(rig.engine.paused());
    auto out = render_frames(rig.engine, 1000);
    // The ramp-down consumes exactly kRamp frames; the rest stays queued.
    CHECK(rig.engine.frames_played() == 1000 + kRamp);
    for (std::size_t k = 0; k < kRamp; ++k) {
        const double expected = in[1000 + k] * (1.0 - static_cast<double>(k + 1) / kRamp);
        CHECK(std::abs(out[k] - expected) <= 1.0);
    }
    CHECK(std::all_of(out.begin() + kRamp, out.end(), [](Sample s) { return s == 0; }));

    out = render_frames(rig.engine, 5000);
    CHECK(std::all_of(out.begin(), out.end(), [](Sample s) { return s == 0; }));
    CHECK(rig.engine.frames_played() == 1000 + kRamp);

    rig.engine.set_paused(false);
    out = render_frames(rig.engine, 1000);
    const std::size_t resume_at = 1000 + kRamp;
    for (std::size_t k = 0; k < kRamp; ++k) {
        const double expected = in[resume_at + k] * static_cast<double>(k + 1) / kRamp;
        CHECK(std::abs(out[k] - expected) <= 1.0);
    }
    CHECK(std::equal(out.begin() + kRamp, out.end(), in.begin() + resume_at + kRamp));
}

TEST_CASE("pause and resume on a constant signal never jump more than the ramp slope") {
    Rig rig;
    rig.settle(20000);
    rig.engine.set_paused(true);
    auto out = render_frames(rig.engine, 3 * kRamp, 64);
    CHECK(max_jump(out, kLoud) <= slope_limit(kLoud, 1.0));
    CHECK(out.back() == 0);
    rig.engine.set_paused(false);
    out = render_frames(rig.engine, 3 * kRamp, 64);
    CHECK(max_jump(out, 0) <= slope_limit(kLoud, 1.0));
    CHECK(out.back() == kLoud);

    SUBCASE("pausing in the middle of a resume ramp turns around smoothly") {
        rig.engine.set_paused(true);
        render_frames(rig.engine, 3 * kRamp);
        rig.engine.set_paused(false);
        auto half = render_frames(rig.engine, kRamp / 2);
        rig.engine.set_paused(true);
        auto rest = render_frames(rig.engine, 2 * kRamp);
        half.insert(half.end(), rest.begin(), rest.end());
        CHECK(max_jump(half, 0) <= slope_limit(kLoud, 1.0));
        CHECK(half.back() == 0);
    }
}

TEST_CASE("paused_time is recorded when the output reaches silence after set_paused(true)") {
    Rig rig;
    rig.settle(20000);
    CHECK(rig.engine.paused_time() == 0ns);
    rig.clock.set(100ms);
    rig.engine.set_paused(true);
    render_frames(rig.engine, kRamp / 2);
    CHECK(rig.engine.paused_time() == 0ns); // still ramping down
    rig.clock.set(110ms);
    render_frames(rig.engine, kRamp);
    CHECK(rig.engine.paused_time() == 110ms);
    rig.clock.set(200ms);
    render_frames(rig.engine, 512);
    CHECK(rig.engine.paused_time() == 110ms); // recorded once per pause
    rig.engine.set_paused(true);              // already paused: no new measurement
    render_frames(rig.engine, 512);
    CHECK(rig.engine.paused_time() == 110ms);

    rig.engine.set_paused(false);
    render_frames(rig.engine, 512);
    rig.clock.set(300ms);
    rig.engine.set_paused(true);
    CHECK(rig.engine.paused_time() == 0ns); // reset by the new pause
    render_frames(rig.engine, 512);
    CHECK(rig.engine.paused_time() == 300ms);

    SUBCASE("pausing an idle engine is silent at the next callback") {
        FakeClock clock;
        OutputEngine idle(kRate, 1024, clock, kRampMs);
        clock.set(5ms);
        idle.set_paused(true);
        render_frames(idle, 256);
        CHECK(idle.paused_time() == 5ms);
    }
}

TEST_CASE("flush fades out the old audio, drops the rest and ramps in what was written after") {
    Rig rig;
    REQUIRE(rig.engine.write(constant(5000, kLoud)) == 5000);
    const auto before = render_frames(rig.engine, 1000);
    CHECK(rig.engine.flush() == 5000);
    const auto fresh = counting(3000, -9000); // -9000, -8999, ...
    REQUIRE(rig.engine.write(fresh) == 3000);

    const auto out = render_frames(rig.engine, 2000, 100);
    // Fade: the old constant, reading old samples, down to silence over exactly one ramp.
    for (std::size_t k = 0; k < kRamp; ++k) {
        const double expected = kLoud * (1.0 - static_cast<double>(k + 1) / kRamp);
        CHECK(std::abs(out[k] - expected) <= 1.0);
    }
    // Then the new audio from its first sample, ramped in, then exact.
    for (std::size_t k = 0; k < kRamp; ++k) {
        const double expected = fresh[k] * static_cast<double>(k + 1) / kRamp;
        CHECK(std::abs(out[kRamp + k] - expected) <= 1.0);
    }
    CHECK(std::equal(out.begin() + 2 * kRamp, out.end(), fresh.begin() + kRamp));
    CHECK(max_jump(out, before.back()) <= slope_limit(kLoud, 1.0));
    // Played counts the flushed frames: all 5000 old ones plus what was rendered of the new.
    CHECK(rig.engine.frames_played() == 5000 + (2000 - kRamp));
    CHECK(rig.engine.frames_written() == 8000);
}

TEST_CASE("flush corner cases") {
    Rig rig;

    SUBCASE("nothing queued: a no-op") {
        CHECK(rig.engine.flush() == 0);
        REQUIRE(rig.engine.write(counting(1000, 100)) == 1000);
        const auto out = render_frames(rig.engine, 1000);
        CHECK(out[kRamp] == 100 + static_cast<int>(kRamp));
        CHECK(rig.engine.frames_played() == 1000);
    }
    SUBCASE("while paused and silent: dropped at once, new audio waits for resume") {
        rig.settle(4000);
        rig.engine.set_paused(true);
        render_frames(rig.engine, 2 * kRamp);
        CHECK(rig.engine.flush() == 4000);
        REQUIRE(rig.engine.write(constant(1000, -kLoud)) == 1000);
        auto out = render_frames(rig.engine, 512);
        CHECK(rig.engine.frames_played() == 4000);
        CHECK(std::all_of(out.begin(), out.end(), [](Sample s) { return s == 0; }));
        rig.engine.set_paused(false);
        out = render_frames(rig.engine, 1000);
        CHECK(max_jump(out, 0) <= slope_limit(kLoud, 1.0));
        CHECK(out[kRamp] == -kLoud);
        CHECK(rig.engine.frames_played() == 5000);
    }
    SUBCASE("old audio shorter than the ramp: fades what there is, new audio starts from silence") {
        REQUIRE(rig.engine.write(constant(2 * kRamp + 50, kLoud)) == 2 * kRamp + 50);
        render_frames(rig.engine, 2 * kRamp); // 50 old frames left
        rig.engine.flush();
        REQUIRE(rig.engine.write(constant(1000, kLoud)) == 1000);
        const auto out = render_frames(rig.engine, 1000);
        CHECK(out[49] > 0);
        CHECK(out[49] < kLoud);
        CHECK(max_jump(std::span(out).subspan(50), 0) <= slope_limit(kLoud, 1.0));
        CHECK(out[50 + kRamp] == kLoud);
        CHECK(rig.engine.frames_played() == 2 * kRamp + 50 + 950);
    }
    SUBCASE("a second flush during the fade drops everything before it") {
        rig.settle(5000);
        rig.engine.flush();
        REQUIRE(rig.engine.write(constant(500, 1234)) == 500);
        render_frames(rig.engine, kRamp / 2);
        CHECK(rig.engine.flush() == 5500);
        REQUIRE(rig.engine.write(constant(1000, -kLoud)) == 1000);
        const auto out = render_frames(rig.engine, kRamp / 2 + 1000); // the fade's rest + new
        CHECK(std::none_of(out.begin(), out.end(), [](Sample s) { return s == 1234; }));
        CHECK(max_jump(out) <= slope_limit(kLoud, 1.0));
        CHECK(rig.engine.frames_played() == 6500);
    }
}

TEST_CASE("underruns count only while active, not paused, and after audio began") {
    Rig rig;
    render_frames(rig.engine, 1024);
    CHECK(rig.engine.underruns() == 0); // idle, inactive
    rig.engine.set_active(true);
    render_frames(rig.engine, 512);
    CHECK(rig.engine.underruns() == 0); // waiting for the first audio is latency, not an underrun
    REQUIRE(rig.engine.write(constant(300, kLoud)) == 300);
    std::vector<Sample> out(256);
    rig.engine.render(out.data(), 256);
    CHECK(rig.engine.underruns() == 0); // full buffer
    rig.engine.render(out.data(), 256);
    CHECK(rig.engine.underruns() == 1); // 44 frames, then zeros: running dry while reading
    CHECK(std::all_of(out.begin() + 44, out.end(), [](Sample s) { return s == 0; }));
    render_frames(rig.engine, 256);
    CHECK(rig.engine.underruns() == 2);
    rig.engine.set_paused(true);
    render_frames(rig.engine, 1024);
    CHECK(rig.engine.underruns() == 2);
    rig.engine.set_paused(false);
    rig.engine.set_active(false);
    render_frames(rig.engine, 1024);
    CHECK(rig.engine.underruns() == 2);
    // After a flush, the gap until the new audio arrives is not an underrun either.
    rig.engine.set_active(true);
    REQUIRE(rig.engine.write(constant(1000, kLoud)) == 1000);
    rig.engine.render(out.data(), 256);
    rig.engine.flush();
    render_frames(rig.engine, 1024);
    CHECK(rig.engine.underruns() == 2);
    REQUIRE(rig.engine.write(constant(100, kLoud)) == 100);
    render_frames(rig.engine, 256);
    CHECK(rig.engine.underruns() == 3);
}

TEST_CASE("audio after an underrun ramps back in instead of clicking") {
    Rig rig;
    rig.settle(2 * kRamp + 100);
    render_frames(rig.engine, 256); // 100 frames, then a shortfall
    REQUIRE(rig.engine.write(constant(1000, kLoud)) == 1000);
    auto more = render_frames(rig.engine, 512);
    CHECK(more[0] < kLoud / 50);
    CHECK(max_jump(more, 0) <= slope_limit(kLoud, 1.0));
}

TEST_CASE("heartbeat counters: callbacks and last buffer size") {
    Rig rig;
    CHECK(rig.engine.callbacks() == 0);
    CHECK(rig.engine.last_buffer_frames() == 0);
    std::vector<Sample> out(300);
    rig.engine.render(out.data(), 300);
    rig.engine.render(out.data(), 128);
    CHECK(rig.engine.callbacks() == 2);
    CHECK(rig.engine.last_buffer_frames() == 128);
    CHECK(rig.engine.sample_rate() == kRate);
}

TEST_CASE("audio_start_time: first audible sample at or after the armed position") {
    Rig rig;
    CHECK(rig.engine.audio_start_time() == 0ns);
    auto block = [&](Nanos at) {
        rig.clock.set(at);
        std::vector<Sample> out(256);
        rig.engine.render(out.data(), out.size());
    };
    SUBCASE("position in a later callback") {
        REQUIRE(rig.engine.write(constant(2000, 1000)) == 2000);
        rig.engine.arm_audio_start(600);
        block(1ms); // 0..255
        block(2ms); // 256..511
        CHECK(rig.engine.audio_start_time() == 0ns);
        block(3ms); // 512..767 contains 600
        CHECK(rig.engine.audio_start_time() == 3ms);
        block(4ms);
        CHECK(rig.engine.audio_start_time() == 3ms);
        rig.engine.arm_audio_start(1000000); // re-arming resets
        CHECK(rig.engine.audio_start_time() == 0ns);
    }
    SUBCASE("silence and near-silence after the position do not count") {
        rig.engine.arm_audio_start(rig.engine.frames_written());
        REQUIRE(rig.engine.write(constant(400, 0)) == 400);
        REQUIRE(rig.engine.write(constant(200, 5)) == 200); // below the audible level
        REQUIRE(rig.engine.write(constant(600, -3000)) == 600);
        block(1ms);
        block(2ms);
        CHECK(rig.engine.audio_start_time() == 0ns);
        block(3ms); // 512..767: first loud sample at 600
        CHECK(rig.engine.audio_start_time() == 3ms);
    }
    SUBCASE("flushed audio does not count") {
        REQUIRE(rig.engine.write(constant(3000, 1000)) == 3000);
        block(1ms);
        rig.engine.flush();
        rig.engine.arm_audio_start(1000);
        block(2ms); // the fade plays old frames at positions 256..431 only
        CHECK(rig.engine.audio_start_time() == 0ns);
    }
}

TEST_CASE("render_available: renders what is queued, waits instead of underrunning") {
    Rig rig;
    rig.clock.set(1ms);
    rig.engine.set_active(true);
    std::vector<Sample> out(256);
    CHECK(rig.engine.render_available(out.data(), 256) == 0);
    REQUIRE(rig.engine.write(counting(600, 1)) == 600);
    CHECK(rig.engine.render_available(out.data(), 256) == 256);
    CHECK(rig.engine.render_available(out.data(), 256) == 256);
    CHECK(rig.engine.render_available(out.data(), 256) == 88);
    CHECK(out[87] == 600);
    CHECK(rig.engine.underruns() == 0);
    CHECK(rig.engine.callbacks() == 4);

    REQUIRE(rig.engine.write(constant(1000, kLoud)) == 1000);
    rig.engine.set_paused(true);
    CHECK(rig.engine.render_available(out.data(), 256) == kRamp); // the fade, then it waits
    CHECK(rig.engine.render_available(out.data(), 256) == 0);
    CHECK(rig.engine.paused_time() != 0ns);
    rig.engine.flush();
    CHECK(rig.engine.render_available(out.data(), 256) == 0);
    CHECK(rig.engine.frames_played() == 1600);
}
