// Real PortAudio output captured to a WAV file through an ALSA file device (DESIGN.md §5).
// The test writes its own ALSA config and points ALSA_CONFIG_PATH at it before PortAudio first
// initialises, so this is a separate executable. The file device is unpaced (consumed as fast as
// produced): it checks what is played, never timing.
#include "audio/audio_sink.hpp"
#include "audio_test_util.hpp"
#include "support/alsa_capture.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <dlfcn.h>
#include <fstream>

using namespace lectern;
using namespace lectern::audio;
using namespace lectern::audio::test;
using namespace std::chrono_literals;

namespace {

#if defined(__SANITIZE_ADDRESS__)
#define LECTERN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LECTERN_ASAN 1
#endif
#endif

/// While PortAudio probes devices, ALSA dlopens its plugins (jack, pulse, a52 with libavcodec, ...)
/// and dlcloses them again. LeakSanitizer then reports what those libraries still held, from
/// unloaded, unnamed modules no suppression can match. Under ASan, pin the plugins (RTLD_NODELETE)
/// so that memory stays reachable and only leaks of our own show up.
void pin_alsa_plugins() {
#ifdef LECTERN_ASAN
    std::error_code ec;
    for (const auto& arch : std::filesystem::directory_iterator("/usr/lib", ec)) {
        const auto dir = arch.path() / "alsa-lib";
        if (!std::filesystem::is_directory(dir, ec)) continue;
        for (const auto& module : std::filesystem::directory_iterator(dir, ec)) {
            if (module.path().filename().string().starts_with("libasound_module_")) {
                (void)::dlopen(module.path().c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
            }
        }
    }
#endif
}

/// Once per process: a config whose default PCM is plug -> file (WAV) -> null, and the path of the
/// WAV it writes.
struct CaptureDir {
    std::filesystem::path path = temp_dir("alsa-capture");
    ~CaptureDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

const std::filesystem::path& capture_wav() {
    static const CaptureDir capture_dir;
    static const std::filesystem::path wav = [] {
        const auto& dir = capture_dir.path;
        const auto path = dir / "capture.wav";
        const auto conf = dir / "asound.conf";
        std::ofstream(conf) << lectern::test::alsa_capture_config(path.string());
        ::setenv("ALSA_CONFIG_PATH", conf.c_str(), 1);
        pin_alsa_plugins();
        return path;
    }();
    return wav;
}

/// Index of the first and one past the last sample that is not digital silence.
std::pair<std::size_t, std::size_t> non_silent_range(const std::vector<Sample>& x) {
    const auto loud = [](Sample s) { return s != 0; };
    const auto first = std::find_if(x.begin(), x.end(), loud);
    if (first == x.end()) return {0, 0};
    const auto last = std::find_if(x.rbegin(), x.rend(), loud).base();
    return {static_cast<std::size_t>(first - x.begin()),
            static_cast<std::size_t>(last - x.begin())};
}

/// Normalised correlation of a[a_at..a_at+n) with b[b_at..b_at+n).
double correlation(std::span<const Sample> a, std::size_t a_at, std::span<const Sample> b,
                   std::size_t b_at, std::size_t n) {
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = a[a_at + i], y = b[b_at + i];
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

/// Seconds of positive and of negative samples in the captured file (the tests write constants
/// of either sign; ramps scale them, never to zero), and its rate.
struct Signs {
    double positive_s = 0, negative_s = 0;
    int rate = 0;
};
Signs signs_in(const std::filesystem::path& path) {
    auto wav = read_wav(path);
    REQUIRE_MESSAGE(wav.ok(), (wav.ok() ? "" : wav.error().message));
    const auto count = [&](auto pred) {
        return static_cast<double>(std::count_if(wav->samples.begin(), wav->samples.end(), pred)) /
               wav->sample_rate;
    };
    return Signs{count([](Sample x) { return x > 0; }), count([](Sample x) { return x < 0; }),
                 wav->sample_rate};
}

} // namespace

TEST_CASE("PortAudio plays a known signal into the ALSA file device: complete, onset intact") {
    const auto& wav_path = capture_wav();
    auto sink = make_portaudio_sink();
    auto opened = sink->open({});
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    MESSAGE(sink->describe());
    CHECK(sink->buffer_ms() == doctest::Approx(SinkOptions{}.buffer_frames * 1000.0 / kRate));

    OutputEngine& engine = sink->engine();
    // Queue the whole signal while paused, then unpause: the start must come out intact.
    engine.set_paused(true);
    const auto signal = chirp(1.0, kRate);
    REQUIRE(engine.write(signal) == signal.size());
    CHECK(wait_for([&] { return engine.callbacks() > 2; }));
    CHECK(engine.frames_played() == 0);
    engine.set_paused(false);
    CHECK(wait_for([&] { return engine.frames_played() == signal.size(); }));
    CHECK(wait_for([&] {
        return engine.callbacks() > 0 && engine.last_buffer_frames() == SinkOptions{}.buffer_frames;
    }));
    const std::uint64_t after = engine.callbacks();
    CHECK(wait_for([&] { return engine.callbacks() > after + 4; })); // the silence after it
    sink->close();

    auto wav = read_wav(wav_path);
    REQUIRE_MESSAGE(wav.ok(), (wav.ok() ? "" : wav.error().message));
    const auto [begin, end] = non_silent_range(wav->samples);
    REQUIRE(end > begin);
    const std::span<const Sample> heard(wav->samples.data() + begin, end - begin);
    const int rate = wav->sample_rate;
    const double seconds = static_cast<double>(heard.size()) / rate;
    MESSAGE("file: " << wav->samples.size() << " frames at " << rate << " Hz; non-silent "
                     << seconds << " s");
    CHECK(rms(heard) > 3000.0);
    CHECK(seconds == doctest::Approx(1.0).epsilon(0.03));

    // Onset: the first 40 ms heard match the first 40 ms written (at the file's rate), best with no
    // shift either way. A chirp has no period, so a cut start shows up as a shift or lost match.
    const auto reference = chirp(1.0, rate);
    const std::size_t window = static_cast<std::size_t>(rate / 25);
    constexpr int kMaxShift = 64;
    REQUIRE(heard.size() > window + kMaxShift);
    const double at_zero = correlation(heard, 0, reference, 0, window);
    int best_shift = 0;
    double best = at_zero;
    for (int shift = -kMaxShift; shift <= kMaxShift; ++shift) {
        // shift > 0: what was heard first is reference[shift] (the start was cut).
        const auto h = static_cast<std::size_t>(std::max(0, -shift));
        const auto r = static_cast<std::size_t>(std::max(0, shift));
        const double c = correlation(heard, h, reference, r, window);
        if (c > best) best = c, best_shift = shift;
    }
    MESSAGE("onset correlation " << at_zero << ", best shift " << best_shift);
    CHECK(at_zero > 0.9);
    CHECK(best_shift == 0);
    std::filesystem::remove(wav_path);
}

TEST_CASE("a missing device name is a one-line error, not a crash") {
    capture_wav();
    auto sink = make_portaudio_sink("No Such Headphones 9000");
    auto opened = sink->open({});
    REQUIRE_FALSE(opened.ok());
    const std::string& message = opened.error().message;
    MESSAGE(message);
    CHECK(message.find("No Such Headphones 9000") != std::string::npos);
    CHECK(message.find("lectern devices") != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
    sink->close();
}

TEST_CASE("devices are listed, and a device is found by case-insensitive substring") {
    capture_wav();
    auto devices = list_portaudio_devices();
    REQUIRE(devices.ok());
    REQUIRE_FALSE(devices->empty());
    const auto def = std::find_if(devices->begin(), devices->end(),
                                  [](const DeviceInfo& d) { return d.name == "default"; });
    REQUIRE(def != devices->end());
    CHECK(def->is_default);
    CHECK(def->max_output_channels > 0);
    CHECK(def->host_api == "ALSA");

    auto sink = make_portaudio_sink("DEFAU");
    auto opened = sink->open({});
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    CHECK(sink->describe().find("\"default\"") != std::string::npos);
    CHECK(wait_for([&] { return sink->engine().callbacks() > 0; }));
    sink->close();
    std::filesystem::remove(capture_wav());
}

TEST_CASE("reopen restarts PortAudio on the same engine: what is queued plays on, nothing twice") {
    const auto& wav_path = capture_wav();
    auto sink = make_portaudio_sink();
    auto opened = sink->open({});
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    CHECK(sink->supervised());
    OutputEngine& engine = sink->engine();
    CHECK(wait_for([&] { return engine.callbacks() > 2; }));
    CHECK(sink->fault() == DeviceFault::none);

    const auto first = constant(kRate / 2, 4000);
    REQUIRE(engine.write(first) == first.size());
    CHECK(wait_for([&] { return engine.frames_played() == first.size(); }));
    // Queued while the device is being restarted: played by the new stream.
    engine.set_paused(true);
    const auto second = constant(kRate / 2, -4000);
    REQUIRE(engine.write(second) == second.size());
    auto reopened = sink->reopen(); // Pa_Terminate + Pa_Initialize: this is the only user
    REQUIRE_MESSAGE(reopened.ok(), (reopened.ok() ? "" : reopened.error().message));
    CHECK(&sink->engine() == &engine);
    CHECK(sink->fault() == DeviceFault::none);
    const std::uint64_t callbacks = engine.callbacks();
    CHECK(wait_for([&] { return engine.callbacks() > callbacks + 2; }));
    CHECK(engine.frames_played() <= first.size() + kRate / 100); // paused: at most a fade
    engine.set_paused(false);
    CHECK(wait_for([&] { return engine.frames_played() == first.size() + second.size(); }));
    const std::uint64_t after = engine.callbacks();
    CHECK(wait_for([&] { return engine.callbacks() > after + 4; }));
    sink->close();
    CHECK(sink->fault() == DeviceFault::none); // closed on purpose: no fault

    // The file device starts a new file when the stream reopens: it holds the second part only,
    // whole (the pause fade and the resume ramp scale it, never to zero).
    const Signs signs = signs_in(wav_path);
    MESSAGE("after reopen the file holds " << signs.positive_s << " s positive and "
                                           << signs.negative_s << " s negative samples at "
                                           << signs.rate << " Hz");
    CHECK(signs.negative_s == doctest::Approx(0.5).epsilon(0.02));
    std::filesystem::remove(wav_path);
}

TEST_CASE(
    "standby stops the PortAudio stream without closing it, and resume plays what is queued") {
    const auto& wav_path = capture_wav();
    auto sink = make_portaudio_sink();
    auto opened = sink->open({});
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    OutputEngine& engine = sink->engine();
    const auto first = constant(kRate / 4, 4000);
    REQUIRE(engine.write(first) == first.size());
    CHECK(wait_for([&] { return engine.frames_played() == first.size(); }));

    auto stopped = sink->suspend(); // Pa_StopStream: the callback thread is joined
    REQUIRE_MESSAGE(stopped.ok(), (stopped.ok() ? "" : stopped.error().message));
    CHECK(sink->fault() == DeviceFault::none); // stopped on purpose: not a stream error
    const std::uint64_t callbacks = engine.callbacks();
    const auto second = constant(kRate / 4, -4000); // queued while stopped: nothing plays it
    REQUIRE(engine.write(second) == second.size());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(engine.callbacks() == callbacks);
    CHECK(engine.frames_played() == first.size());

    auto started = sink->resume();
    REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error().message));
    CHECK(sink->resume().ok()); // running already: nothing to do
    CHECK(&sink->engine() == &engine);
    CHECK(wait_for([&] { return engine.frames_played() == first.size() + second.size(); }));
    CHECK(sink->fault() == DeviceFault::none);
    sink->close();

    // The same stream all along (the file device starts a new file only on reopen): both parts
    // are in it, each whole (the ramp after the restart scales, never to zero).
    const Signs signs = signs_in(wav_path);
    CHECK(signs.positive_s == doctest::Approx(0.25).epsilon(0.02));
    CHECK(signs.negative_s == doctest::Approx(0.25).epsilon(0.02));
    std::filesystem::remove(wav_path);
}
