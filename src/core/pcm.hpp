// PCM and text-position types shared by every module. Plain values; any thread.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lectern {

/// Audio everywhere in Lectern is mono signed 16-bit; the rate is the synthesiser's (22050 Hz for
/// eSpeak NG) and travels with the stream rather than being assumed.
using Sample = std::int16_t;

inline constexpr int kDefaultSampleRate = 22050;

/// Milliseconds of audio at a rate, as frames.
constexpr std::size_t ms_to_frames(int ms, int sample_rate) {
    return static_cast<std::size_t>(static_cast<long long>(ms) * sample_rate / 1000);
}
constexpr double frames_to_ms(std::uint64_t frames, int sample_rate) {
    return static_cast<double>(frames) * 1000.0 / sample_rate;
}

/// A half-open byte range [begin, end) in an article's decoded UTF-8 text.
struct TextSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t size() const { return end - begin; }
    bool empty() const { return end <= begin; }
    bool operator==(const TextSpan&) const = default;
};

} // namespace lectern
