// WavFileSink and NullSink, paced and unpaced, through their simulated device threads. Wall-clock
// figures are compared loosely: test machines are noisy.
#include "audio/audio_sink.hpp"
#include "audio_test_util.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

using namespace lectern;
using namespace lectern::audio;
using namespace lectern::audio::test;
using namespace std::chrono_literals;

namespace {

/// Writes all of pcm, waiting for room when the ring is full.
void write_all(OutputEngine& engine, std::span<const Sample> pcm) {
    std::size_t done = 0;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (done < pcm.size() && std::chrono::steady_clock::now() < deadline) {
        const std::size_t n = engine.write(pcm.subspan(done));
        done += n;
        if (n == 0) std::this_thread::sleep_for(1ms);
    }
    REQUIRE(done == pcm.size());
}

constexpr std::size_t kRamp = ms_to_frames(OutputEngine::kDefaultRampMs, kRate);

} // namespace

TEST_CASE("unpaced WAV sink: one second written is one second in the file, quickly") {
    const auto dir = temp_dir("sim-unpaced");
    const auto path = dir / "out.wav";
    auto sink = make_wav_sink(path, false);
    REQUIRE(sink->open({}).ok());
    CHECK(sink->describe().find("unpaced") != std::string::npos);
    CHECK(sink->buffer_ms() == doctest::Approx(SinkOptions{}.buffer_frames * 1000.0 / kRate));

    const auto signal = chirp(1.0, kRate);
    const auto start = std::chrono::steady_clock::now();
    write_all(sink->engine(), signal);
    CHECK(wait_for([&] { return sink->engine().frames_played() == signal.size(); }));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed < 5s); // real time would be 1 s; typically a few ms
    sink->close();
    sink->close(); // idempotent

    auto wav = read_wav(path);
    REQUIRE(wav.ok());
    CHECK(wav->sample_rate == kRate);
    CHECK(wav->samples.size() + 256 >= signal.size());
    CHECK(wav->samples.size() <= signal.size() + 256);
    REQUIRE(wav->samples.size() == signal.size()); // unpaced writes exactly what was rendered
    // The start ramps in; after that the file is the signal, bit for bit.
    CHECK(std::equal(wav->samples.begin() + kRamp, wav->samples.end(), signal.begin() + kRamp));
    CHECK(sink->engine().underruns() == 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("unpaced sinks service pause and flush, and close renders what is still queued") {
    const auto dir = temp_dir("sim-controls");
    const auto path = dir / "out.wav";
    auto sink = make_wav_sink(path, false);
    REQUIRE(sink->open({}).ok());
    OutputEngine& engine = sink->engine();

    engine.set_paused(true);
    write_all(engine, constant(kRate, 7000));
    std::this_thread::sleep_for(50ms);
    CHECK(engine.frames_played() == 0); // paused before any of it was heard
    engine.flush();
    CHECK(wait_for([&] { return engine.frames_played() == kRate; })); // dropped while paused
    write_all(engine, constant(kRate / 2, -7000));
    std::this_thread::sleep_for(20ms);
    CHECK(engine.frames_played() == kRate);
    engine.set_paused(false);
    CHECK(wait_for([&] { return engine.frames_played() == kRate + kRate / 2; }));

    write_all(engine, constant(1000, 123)); // close() must not lose this
    sink->close();
    auto wav = read_wav(path);
    REQUIRE(wav.ok());
    REQUIRE(wav->samples.size() == kRate / 2 + 1000);
    CHECK(std::count(wav->samples.begin(), wav->samples.end(), 7000) == 0);
    CHECK(wav->samples.back() == 123);
    std::filesystem::remove_all(dir);
}

TEST_CASE("unpaced null sink consumes everything and does not spin when idle") {
    auto sink = make_null_sink(false);
    REQUIRE(sink->open({}).ok());
    CHECK(sink->describe().find("null") != std::string::npos);
    write_all(sink->engine(), constant(3 * kRate, 1000)); // more than the ring holds
    CHECK(wait_for([&] { return sink->engine().frames_played() == 3 * kRate; }));
    const std::uint64_t callbacks = sink->engine().callbacks();
    std::this_thread::sleep_for(100ms);
    // Idle polls at about 1 ms; a spinning loop would make millions.
    CHECK(sink->engine().callbacks() - callbacks < 1000);
    CHECK(sink->engine().underruns() == 0);
}

TEST_CASE("paced WAV sink: played frames follow wall time and the file holds every buffer") {
    const auto dir = temp_dir("sim-paced");
    const auto path = dir / "out.wav";
    auto sink = make_wav_sink(path, true);
    SinkOptions options;
    options.ring_frames = 1 << 17;
    REQUIRE(sink->open(options).ok());
    CHECK(sink->describe().find("paced") != std::string::npos);
    const auto signal = chirp(3.0, kRate);
    write_all(sink->engine(), signal);
    std::this_thread::sleep_for(300ms);
    const double played_s = static_cast<double>(sink->engine().frames_played()) / kRate;
    CHECK(played_s > 0.1);
    CHECK(played_s < 2.0);
    sink->close();
    const std::uint64_t callbacks = sink->engine().callbacks();
    CHECK(sink->engine().last_buffer_frames() == SinkOptions{}.buffer_frames);

    auto wav = read_wav(path);
    REQUIRE(wav.ok());
    // Paced devices write every buffer they render, silence included.
    CHECK(wav->samples.size() == callbacks * SinkOptions{}.buffer_frames);
    // The device started before the write: some whole buffers of silence, then the signal.
    const auto first =
        std::find_if(wav->samples.begin(), wav->samples.end(), [](Sample s) { return s != 0; });
    const auto lead = static_cast<std::size_t>(first - wav->samples.begin());
    CHECK(lead % SinkOptions{}.buffer_frames == 0);
    const std::size_t n = std::min(wav->samples.size() - lead, signal.size());
    REQUIRE(n > kRamp);
    CHECK(
        std::equal(first + kRamp, first + static_cast<std::ptrdiff_t>(n), signal.begin() + kRamp));
    std::filesystem::remove_all(dir);
}

TEST_CASE("paced null sink: a heartbeat at buffer rate, and underruns when reading runs dry") {
    auto sink = make_null_sink(true);
    REQUIRE(sink->open({}).ok());
    sink->engine().set_active(true);
    const std::vector<Sample> some(64, 1000);
    REQUIRE(sink->engine().write(some) == some.size());
    std::this_thread::sleep_for(300ms);
    const std::uint64_t callbacks = sink->engine().callbacks();
    // 300 ms is about 26 buffers of 11.6 ms; allow a lot either way.
    CHECK(callbacks > 8);
    CHECK(callbacks < 172);
    CHECK(sink->engine().underruns() > 0);
    CHECK(sink->engine().frames_played() == some.size());
    sink.reset(); // the destructor stops and joins the device thread
}

TEST_CASE("sinks reopen cleanly and report unusable options or paths") {
    auto sink = make_null_sink(true);
    REQUIRE(sink->open({}).ok());
    SinkOptions other;
    other.buffer_frames = 128;
    REQUIRE(sink->open(other).ok()); // reopening closes the old device first
    CHECK(sink->buffer_ms() == doctest::Approx(128 * 1000.0 / kRate));
    sink->close();

    SinkOptions bad;
    bad.buffer_frames = 0;
    CHECK_FALSE(sink->open(bad).ok());

    auto wav = make_wav_sink("/nonexistent-dir-for-lectern/out.wav", false);
    auto result = wav->open({});
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("nonexistent-dir-for-lectern") != std::string::npos);
    wav->close(); // closing a sink that never opened is fine
}
