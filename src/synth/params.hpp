// Valid ranges of SynthParams, shared by every Synthesizer and by voice profile loading, so a
// value that a profile accepts is one that configure() accepts. Pure; any thread.
#pragma once

#include "core/result.hpp"
#include "synth/synthesizer.hpp"

#include <string>
#include <string_view>

namespace lectern::synth {

struct IntRange {
    int min;
    int max;
    constexpr bool contains(int v) const { return v >= min && v <= max; }
};

inline constexpr IntRange kRateRange{80, 450}; // eSpeak NG's espeakRATE_MINIMUM..MAXIMUM
inline constexpr IntRange kPitchRange{0, 100};
inline constexpr IntRange kVolumeRange{0, 200};

/// "<what> <value> is out of range (<min>..<max><unit>)", the one wording used everywhere.
std::string out_of_range_message(std::string_view what, long long value, IntRange range,
                                 std::string_view unit = {});

/// Checks rate, pitch and volume against their ranges and that the voice looks like an eSpeak NG
/// voice name. Whether the voice exists is for the synthesiser to say.
Result<void> check_params(const SynthParams& params);

} // namespace lectern::synth
