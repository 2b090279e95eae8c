// FakeSynth: a deterministic Synthesizer for tests (see make_fake_synth in synthesizer.hpp).
// Thread-safety: one thread per instance; any number of instances may exist.
//
// Each word (found as the real synthesiser's marks are, synth/word_spans.hpp) becomes a tone
// burst of kMsPerChar ms per character, then kGapMs of silence, both scaled by 175/rate_wpm.
// The tone's frequency follows the pitch and its amplitude the volume, so tests can see them.
#include "synth/synthesizer.hpp"

#include "synth/params.hpp"
#include "synth/word_spans.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace lectern::synth {
namespace {

constexpr int kMsPerChar = 50;
constexpr int kGapMs = 100;

class FakeSynth final : public Synthesizer {
  public:
    explicit FakeSynth(std::size_t chunk_frames)
        : m_chunk(std::max<std::size_t>(chunk_frames, 1)) {}

    int sample_rate() const override { return kDefaultSampleRate; }
    const SynthParams& params() const override { return m_params; }

    Result<void> configure(const SynthParams& params) override {
        if (auto ok = check_params(params); !ok) return ok;
        m_params = params;
        return {};
    }

    Result<SynthStatus> synthesize(std::string_view text, bool ssml, SynthOutput& out) override {
        // Render everything first (test texts are short), then hand it out in chunks, each
        // chunk's marks before its audio, as EspeakSynth does.
        std::vector<Sample> pcm;
        std::vector<WordMark> marks;
        const double scale = 175.0 / m_params.rate_wpm;
        const double freq = 120.0 + 4.0 * m_params.pitch;
        const double amplitude = 8000.0 * m_params.volume / 100.0;
        for (const TextSpan& span : word_spans(text, ssml)) {
            marks.push_back(WordMark{pcm.size(), span.begin, span.size()});
            const std::size_t chars = std::max<std::size_t>(
                split_units(text.substr(span.begin, span.size()), ssml).size(), 1);
            const auto burst =
                static_cast<std::size_t>(chars * kMsPerChar * scale * kDefaultSampleRate / 1000);
            for (std::size_t i = 0; i < burst; ++i) {
                const double t = static_cast<double>(i) / kDefaultSampleRate;
                pcm.push_back(static_cast<Sample>(
                    std::lround(amplitude * std::sin(2 * std::numbers::pi * freq * t))));
            }
            pcm.resize(pcm.size() +
                           static_cast<std::size_t>(kGapMs * scale * kDefaultSampleRate / 1000),
                       0);
        }
        std::size_t next_mark = 0;
        for (std::size_t begin = 0; begin < pcm.size(); begin += m_chunk) {
            const std::size_t end = std::min(pcm.size(), begin + m_chunk);
            for (; next_mark < marks.size() && marks[next_mark].frame < end; ++next_mark)
                out.on_word(marks[next_mark]);
            if (!out.on_audio(std::span<const Sample>(pcm.data() + begin, end - begin)))
                return SynthStatus::cancelled;
        }
        return SynthStatus::completed;
    }

    Result<std::string> phonemes(std::string_view text) override {
        // Not phonemes: the words, lower-cased ASCII, one space apart. Stable, which is the point.
        std::string result;
        for (const TextSpan& span : word_spans(text, false)) {
            if (!result.empty()) result += ' ';
            for (const char c : text.substr(span.begin, span.size()))
                result += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        return result;
    }

  private:
    std::size_t m_chunk;
    SynthParams m_params;
};

} // namespace

std::unique_ptr<Synthesizer> make_fake_synth(std::size_t chunk_frames) {
    return std::make_unique<FakeSynth>(chunk_frames);
}

} // namespace lectern::synth
