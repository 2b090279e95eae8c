// Helpers shared by the synth tests: an output that records everything, energy measures, and a
// check that word marks land on the expected words. Test thread only.
#pragma once

#include "synth/synthesizer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lectern::synth_test {

using synth::SynthOutput;
using synth::WordMark;

/// Records PCM, chunk sizes and marks; returns false from on_audio on chunk `cancel_on_chunk`
/// (1-based) and throws from it on chunk `throw_on_chunk`.
struct Recorder final : SynthOutput {
    std::vector<Sample> pcm;
    std::vector<std::size_t> chunks;
    std::vector<WordMark> marks;
    std::vector<std::size_t> frames_before_mark; ///< audio delivered when each mark arrived
    std::size_t cancel_on_chunk = std::numeric_limits<std::size_t>::max();
    std::size_t throw_on_chunk = std::numeric_limits<std::size_t>::max();

    bool on_audio(std::span<const Sample> chunk) override {
        chunks.push_back(chunk.size());
        pcm.insert(pcm.end(), chunk.begin(), chunk.end());
        if (chunks.size() == throw_on_chunk) throw std::runtime_error("output exploded");
        return chunks.size() != cancel_on_chunk;
    }
    void on_word(const WordMark& mark) override {
        marks.push_back(mark);
        frames_before_mark.push_back(pcm.size());
    }
};

inline double rms(const std::vector<Sample>& pcm) {
    if (pcm.empty()) return 0;
    double sum = 0;
    for (const Sample s : pcm)
        sum += static_cast<double>(s) * s;
    return std::sqrt(sum / static_cast<double>(pcm.size()));
}

inline int peak(const std::vector<Sample>& pcm) {
    int p = 0;
    for (const Sample s : pcm)
        p = std::max(p, std::abs(static_cast<int>(s)));
    return p;
}

inline std::string_view word_of(std::string_view text, const WordMark& m) {
    return text.substr(m.text_offset, m.text_length);
}

/// The marks must name exactly `words`, in order, each at the first occurrence of the word at or
/// after the previous one (so the offsets are checked, not only the spelling).
inline void check_marks(std::string_view text, const std::vector<WordMark>& marks,
                        const std::vector<std::string_view>& words) {
    std::vector<std::string> got;
    for (const auto& m : marks)
        got.emplace_back(word_of(text, m));
    INFO("text: " << text);
    std::string joined;
    for (const auto& g : got)
        joined += "[" + g + "]";
    INFO("marks: " << joined);
    REQUIRE(marks.size() == words.size());
    std::size_t from = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::size_t expected = text.find(words[i], from);
        REQUIRE(expected != std::string_view::npos);
        CHECK(marks[i].text_offset == expected);
        CHECK(marks[i].text_length == words[i].size());
        if (i > 0) CHECK(marks[i].frame >= marks[i - 1].frame);
        from = expected + words[i].size();
    }
}

} // namespace lectern::synth_test
