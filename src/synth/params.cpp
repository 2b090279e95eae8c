// Implementation of synth/params.hpp. Pure; any thread.
#include "synth/params.hpp"

namespace lectern::synth {

std::string out_of_range_message(std::string_view what, long long value, IntRange range,
                                 std::string_view unit) {
    std::string m(what);
    m += ' ' + std::to_string(value) + " is out of range (" + std::to_string(range.min) + ".." +
         std::to_string(range.max);
    if (!unit.empty()) (m += ' ') += unit;
    m += ')';
    return m;
}

Result<void> check_params(const SynthParams& p) {
    if (!kRateRange.contains(p.rate_wpm))
        return make_error(
            out_of_range_message("speech rate", p.rate_wpm, kRateRange, "words per minute"));
    if (!kPitchRange.contains(p.pitch))
        return make_error(out_of_range_message("pitch", p.pitch, kPitchRange));
    if (!kVolumeRange.contains(p.volume))
        return make_error(out_of_range_message("volume", p.volume, kVolumeRange));
    // eSpeak NG names: "en-us", "gmw/en-US", "en+f3", "mb-en1". Anything else is a typo or junk,
    // reported here with the same wording for every synthesiser.
    bool plausible = !p.voice.empty() && p.voice.size() <= 64;
    for (const char c : p.voice) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '+' || c == '/';
        plausible = plausible && ok;
    }
    if (!plausible)
        return make_error("voice name \"" + p.voice +
                          "\" is not a valid eSpeak NG voice name (letters, digits, - _ + /, "
                          "e.g. en-us or es)");
    return {};
}

} // namespace lectern::synth
