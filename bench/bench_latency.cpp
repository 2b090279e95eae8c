// Time to first audio and pause latency of the real engine (eSpeak NG in its worker process, the
// Driver, the OutputEngine) on a paced simulated device or PortAudio (bench/run.sh points it at a
// PulseAudio null sink). Each of the N rounds presses next-sentence, repeat, next, prev, pause,
// play (resume), stop and play (from stop), so every command gets N presses; then, with a
// DeviceSupervisor whose standby comes after 0.3 s of silence, N/2 times: stop, wait for the device
// to stand by (stopped), and play -- the first press after a standby, which has to start the device
// again (the kiosk's standby comes after 30 s; the wake is the same). Prints n/p50/p95/max per
// command. Main thread drives; figures come from the Driver's audio_start /
// paused events, which the audio callback timestamps.
//
//   bench_latency [--sink null|portaudio] [--tries N] [--buffer FRAMES]
#include "app/paths.hpp"
#include "app/setup.hpp"
#include "audio/device_supervisor.hpp"
#include "content/parse.hpp"
#include "playback/driver.hpp"
#include "synth/worker.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace lectern;
using namespace std::chrono_literals;

namespace {

struct Waiter {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<playback::Event> latencies;
    void operator()(const playback::Event& e) {
        if (e.type != playback::EventType::audio_start && e.type != playback::EventType::paused)
            return;
        std::lock_guard lock(mutex);
        latencies.push_back(e);
        cv.notify_all();
    }
    /// Waits for the next latency event of `type` after `seen` events; returns its latency or -1.
    double next(playback::EventType type, std::size_t& seen) {
        std::unique_lock lock(mutex);
        const bool got = cv.wait_for(lock, 2s, [&] {
            for (std::size_t i = seen; i < latencies.size(); ++i)
                if (latencies[i].type == type) return true;
            return false;
        });
        if (!got) return -1;
        for (; seen < latencies.size(); ++seen)
            if (latencies[seen].type == type) return latencies[seen++].latency_ms;
        return -1;
    }
    std::size_t size() {
        std::lock_guard lock(mutex);
        return latencies.size();
    }
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

} // namespace

int main(int argc, char** argv) {
    // The Driver synthesises in a worker process, as in the kiosk: this binary re-executed as
    // `bench_latency synth-worker` (without this line each worker would start another bench).
    if (argc == 2 && argv[1] == synth::kWorkerSubcommand) return synth::run_synth_worker();
    std::string sink_name = "null";
    int tries = 50;
    std::size_t buffer = audio::SinkOptions{}.buffer_frames;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--sink")) sink_name = argv[i + 1];
        if (!std::strcmp(argv[i], "--tries")) tries = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--buffer"))
            buffer = static_cast<std::size_t>(std::atoi(argv[i + 1]));
    }
    auto article = content::load_article(app::default_article());
    if (!article) return std::fprintf(stderr, "%s\n", article.error().message.c_str()), 2;
    auto shared = std::make_shared<const content::Article>(std::move(*article));
    auto voice = app::choose_voice("", shared->language, std::nullopt);
    if (!voice) return std::fprintf(stderr, "%s\n", voice.error().message.c_str()), 2;
    auto synth = app::make_synth(*voice);
    if (!synth) return std::fprintf(stderr, "%s\n", synth.error().message.c_str()), 2;
    auto spec = app::parse_sink(sink_name);
    if (!spec) return std::fprintf(stderr, "%s\n", spec.error().message.c_str()), 2;
    std::unique_ptr<audio::AudioSink> sink = spec->kind == app::SinkSpec::Kind::portaudio
                                                 ? audio::make_portaudio_sink()
                                                 : audio::make_null_sink(true);
    audio::SinkOptions options;
    options.sample_rate = (*synth)->sample_rate();
    options.buffer_frames = buffer;
    if (auto r = sink->open(options); !r)
        return std::fprintf(stderr, "%s\n", r.error().message.c_str()), 2;

    Waiter waiter;
    playback::DriverOptions driver_options;
    driver_options.voice = *voice;
    driver_options.word_events = false;
    playback::Driver driver(shared, **synth, sink->engine(), driver_options, std::ref(waiter));
    driver.start();

    using playback::CommandId;
    std::map<std::string, std::vector<double>> figures;
    std::mt19937 rng(12345);
    std::size_t seen = 0;
    const auto measure = [&](CommandId id, playback::EventType type, const char* name) {
        driver.post(playback::Command{id, 0, {}});
        const double ms = waiter.next(type, seen);
        if (ms >= 0) figures[name].push_back(ms);
        // Let it read a little, as a person would. The gap is random so that presses land at every
        // phase of the device's buffer period (a fixed gap would lock onto one phase and bias the
        // figures).
        std::this_thread::sleep_for(
            std::chrono::microseconds(std::uniform_int_distribution<int>(90'000, 150'000)(rng)));
    };
    // Start in the middle of the article so prev and next both have room.
    driver.post(playback::Command{CommandId::goto_section, 6, {}});
    waiter.next(playback::EventType::audio_start, seen);
    for (int i = 0; i < tries; ++i) {
        measure(CommandId::next_sentence, playback::EventType::audio_start, "next-sentence");
        measure(CommandId::repeat_sentence, playback::EventType::audio_start, "repeat");
        measure(CommandId::next_section, playback::EventType::audio_start, "next");
        measure(CommandId::prev_section, playback::EventType::audio_start, "prev");
        measure(CommandId::pause, playback::EventType::paused, "pause");
        measure(CommandId::play, playback::EventType::audio_start, "play (resume)");
        driver.post(playback::Command{CommandId::stop, 0, {}});
        std::this_thread::sleep_for(
            std::chrono::microseconds(std::uniform_int_distribution<int>(20'000, 40'000)(rng)));
        measure(CommandId::play, playback::EventType::audio_start, "play (from stop)");
    }

    // The first press after a standby: the device has been stopped and must start again.
    audio::SupervisorOptions supervision;
    supervision.standby_after = 300ms;
    audio::DeviceSupervisor supervisor(*sink, {}, supervision);
    supervisor.start();
    int standbys = 0;
    for (int i = 0; i < std::max(tries / 2, 1); ++i) {
        driver.post(playback::Command{CommandId::stop, 0, {}});
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!supervisor.standing_by() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(5ms);
        if (!supervisor.standing_by()) continue;
        ++standbys;
        // Stopped for a random while, so the wake lands at every phase of whatever else runs.
        std::this_thread::sleep_for(
            std::chrono::microseconds(std::uniform_int_distribution<int>(20'000, 60'000)(rng)));
        measure(CommandId::play, playback::EventType::audio_start, "play (standby)");
    }
    supervisor.stop();
    driver.shutdown();
    sink->close();
    if (standbys == 0) std::fprintf(stderr, "bench_latency: the device never stood by\n");

    std::printf("device: %s, buffer %zu frames = %.1f ms\n", sink->describe().c_str(), buffer,
                sink->buffer_ms());
    std::printf("%-18s %6s %9s %9s %9s\n", "command", "n", "p50 ms", "p95 ms", "max ms");
    for (const auto& [name, v] : figures)
        std::printf("%-18s %6zu %9.2f %9.2f %9.2f\n", name.c_str(), v.size(), percentile(v, 0.5),
                    percentile(v, 0.95), *std::max_element(v.begin(), v.end()));
    return 0;
}
