// The audio device on its own, without the rest of the kiosk: what keeping the stream open costs
// and how regularly the device calls back. Opens Lectern's PortAudioSink (the kiosk's idle state:
// the OutputEngine renders silence), and for each buffer size prints the CPU time of this process
// over a window, then the intervals between callbacks at 128 frames (a thread samples
// OutputEngine::callbacks() every 0.1 ms). Main thread plus that sampler.
//
//   bench_device [--seconds S]
#include "audio/audio_sink.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

using namespace lectern;
using Steady = std::chrono::steady_clock;

namespace {

double cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

} // namespace

int main(int argc, char** argv) {
    double seconds = 5;
    for (int i = 1; i + 1 < argc; i += 2)
        if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    for (std::size_t frames : {128, 256, 512, 1024}) {
        auto sink = audio::make_portaudio_sink();
        audio::SinkOptions options;
        options.buffer_frames = frames;
        if (auto r = sink->open(options); !r)
            return std::fprintf(stderr, "%s\n", r.error().message.c_str()), 2;
        std::this_thread::sleep_for(std::chrono::seconds(1));
        const double cpu0 = cpu_seconds();
        const auto t0 = Steady::now();
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
        const double wall = std::chrono::duration<double>(Steady::now() - t0).count();
        std::printf("device_idle_cpu_percent_%zu %.3f\n", frames,
                    100 * (cpu_seconds() - cpu0) / wall);
        if (frames == 128) {
            // When each callback happened, to 0.1 ms: the first sample after the count moved.
            std::vector<double> intervals;
            std::uint64_t seen = sink->engine().callbacks();
            auto last = Steady::now();
            const auto end = last + std::chrono::seconds(3);
            while (Steady::now() < end) {
                std::this_thread::sleep_for(std::chrono::microseconds(100));
                const std::uint64_t now_count = sink->engine().callbacks();
                if (now_count == seen) continue;
                const auto now = Steady::now();
                // Several callbacks in one sample came back to back.
                intervals.push_back(std::chrono::duration<double, std::milli>(now - last).count());
                for (std::uint64_t k = seen + 1; k < now_count; ++k)
                    intervals.push_back(0);
                seen = now_count;
                last = now;
            }
            std::printf("device_interval_p50_ms %.2f\ndevice_interval_p95_ms %.2f\n"
                        "device_interval_max_ms %.2f\n",
                        percentile(intervals, 0.5), percentile(intervals, 0.95),
                        percentile(intervals, 1));
        }
        sink->close();
        std::fflush(stdout);
    }
    return 0;
}
