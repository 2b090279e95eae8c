// OutputEngine with a real producer thread and a real consumer ("audio") thread: order and
// accounting under concurrency. Meant to run under TSan (build with -DLECTERN_SANITIZE=thread).
#include "audio/output_engine.hpp"
#include "audio_test_util.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <random>
#include <thread>

using namespace lectern;
using namespace lectern::audio;
using namespace lectern::audio::test;

namespace {

Sample pattern(std::uint64_t position) {
    return static_cast<Sample>(100 + position % 20000);
}

} // namespace

TEST_CASE("producer and audio thread: every frame arrives once, in order, shortfalls are silence") {
    constexpr std::uint64_t kTotal = 300'000;
    OutputEngine engine(kRate, 4096, SteadyClock::instance(), 0);
    engine.set_active(true);

    std::thread producer([&] {
        std::mt19937 rng(42);
        std::uniform_int_distribution<std::size_t> size(1, 700);
        std::vector<Sample> chunk;
        std::uint64_t next = 0;
        while (next < kTotal) {
            chunk.resize(std::min<std::uint64_t>(size(rng), kTotal - next));
            for (std::size_t i = 0; i < chunk.size(); ++i)
                chunk[i] = pattern(next + i);
            std::size_t done = 0;
            while (done < chunk.size()) {
                const std::size_t n = engine.write(std::span(chunk).subspan(done));
                done += n;
                if (n == 0) std::this_thread::yield();
            }
            next += chunk.size();
        }
    });

    std::vector<Sample> out(256);
    bool exact = true;
    bool silent_shortfalls = true;
    while (engine.frames_played() < kTotal) {
        const std::uint64_t before = engine.frames_played();
        engine.render(out.data(), out.size());
        const std::uint64_t got = engine.frames_played() - before;
        for (std::size_t i = 0; i < out.size(); ++i) {
            if (i < got) {
                exact = exact && out[i] == pattern(before + i);
            } else {
                silent_shortfalls = silent_shortfalls && out[i] == 0;
            }
        }
    }
    producer.join();
    CHECK(exact);
    CHECK(silent_shortfalls);
    CHECK(engine.frames_played() == kTotal);
    CHECK(engine.frames_written() == kTotal);
}

TEST_CASE("controls from the playback thread while the audio thread renders: no races, no loss") {
    OutputEngine engine(kRate, 2048);
    std::atomic<bool> producing{true};
    std::atomic<bool> observer_ok{true};

    std::thread producer([&] {
        std::mt19937 rng(7);
        std::vector<Sample> chunk(333, 5000);
        for (int step = 0; step < 3000; ++step) {
            engine.write(chunk);
            switch (rng() % 8) {
            case 0:
                engine.set_paused(true);
                break;
            case 1:
                engine.set_paused(false);
                break;
            case 2:
                engine.flush();
                break;
            case 3:
                engine.set_gain(static_cast<float>(rng() % 300) / 100.0f);
                break;
            case 4:
                engine.set_active(rng() % 2 == 0);
                break;
            case 5:
                engine.arm_audio_start(engine.frames_written());
                break;
            default:
                break;
            }
            if (step % 50 == 0) std::this_thread::yield();
        }
        engine.set_paused(false);
        producing.store(false);
    });

    std::thread observer([&] {
        std::uint64_t last_played = 0;
        std::uint64_t last_callbacks = 0;
        while (producing.load()) {
            const std::uint64_t played = engine.frames_played();
            const std::uint64_t callbacks = engine.callbacks();
            (void)engine.underruns();
            (void)engine.audio_start_time();
            (void)engine.paused_time();
            (void)engine.last_buffer_frames();
            if (played < last_played || callbacks < last_callbacks) observer_ok.store(false);
            if (played > engine.frames_written()) observer_ok.store(false);
            last_played = played;
            last_callbacks = callbacks;
        }
    });

    std::vector<Sample> out(256);
    while (producing.load() || engine.frames_played() < engine.frames_written()) {
        engine.render(out.data(), out.size());
    }
    producer.join();
    observer.join();
    CHECK(observer_ok.load());
    CHECK(engine.frames_played() == engine.frames_written());
    CHECK(engine.callbacks() > 0);
}
