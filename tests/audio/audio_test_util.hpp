// Helpers shared by the audio tests: signals, rendering loops, click measurement, temp paths.
// Test-thread only.
#pragma once

#include "audio/output_engine.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace lectern::audio::test {

inline constexpr int kRate = 22050;

inline std::vector<Sample> constant(std::size_t n, Sample value) {
    return std::vector<Sample>(n, value);
}

/// Sample i is value(i): lets a test check which stream position came out where.
inline std::vector<Sample> counting(std::size_t n, int offset = 0) {
    std::vector<Sample> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = static_cast<Sample>(offset + static_cast<int>(i));
    return v;
}

/// A linear chirp 300 Hz -> 3 kHz starting at full amplitude (cosine phase: a sharp onset), so
/// any lag or cut at the start shows up as lost correlation. Defined in time, so any rate works.
inline std::vector<Sample> chirp(double seconds, int rate, double amplitude = 12000.0) {
    const std::size_t n = static_cast<std::size_t>(std::lround(seconds * rate));
    std::vector<Sample> v(n);
    constexpr double f0 = 300.0, f1 = 3000.0;
    const double k = (f1 - f0) / seconds;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / rate;
        v[i] = static_cast<Sample>(
            std::lround(amplitude * std::cos(2 * M_PI * (f0 * t + 0.5 * k * t * t))));
    }
    return v;
}

/// Renders `total` frames in blocks of `block` and returns them concatenated.
inline std::vector<Sample> render_frames(OutputEngine& engine, std::size_t total,
                                         std::size_t block = 256) {
    std::vector<Sample> out(total);
    std::size_t done = 0;
    while (done < total) {
        const std::size_t n = std::min(block, total - done);
        engine.render(out.data() + done, n);
        done += n;
    }
    return out;
}

/// Largest |x[i] - x[i-1]|, optionally continuing from a previous last sample.
inline int max_jump(std::span<const Sample> x, int previous) {
    int worst = 0;
    for (Sample s : x) {
        worst = std::max(worst, std::abs(static_cast<int>(s) - previous));
        previous = s;
    }
    return worst;
}
inline int max_jump(std::span<const Sample> x) {
    return x.empty() ? 0 : max_jump(x.subspan(1), x[0]);
}

inline double rms(std::span<const Sample> x) {
    if (x.empty()) return 0.0;
    double sum = 0.0;
    for (Sample s : x)
        sum += static_cast<double>(s) * s;
    return std::sqrt(sum / static_cast<double>(x.size()));
}

/// A fresh directory under LECTERN_TEST_TMP (set by CTest) or the system temp directory.
inline std::filesystem::path temp_dir(const std::string& name) {
    const char* base = std::getenv("LECTERN_TEST_TMP");
    std::filesystem::path dir =
        base && *base ? std::filesystem::path(base) : std::filesystem::temp_directory_path();
    dir /= name + "-" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

/// Polls until pred() or the timeout; true when pred() held.
inline bool wait_for(const std::function<bool()>& pred,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

} // namespace lectern::audio::test
