// Implementation of playback/reading.hpp.
#include "playback/reading.hpp"

#include "text/normalize.hpp"

#include <cstdlib>
#include <optional>
#include <vector>

namespace lectern::playback {

Outline outline_of_article(const content::Article& article) {
    Outline o;
    for (const auto& s : article.sections)
        o.items_per_section.push_back(1 + static_cast<int>(s.sentences.size()));
    return o;
}

const std::string& item_text(const content::Article& article, Cursor c) {
    const auto& section = article.sections[static_cast<std::size_t>(c.section)];
    if (c.item == 0) return section.heading;
    return section.sentences[static_cast<std::size_t>(c.item - 1)].text;
}

int pause_after_ms(const content::Article& article, const Outline& outline,
                   const synth::VoiceProfile& voice, Cursor c) {
    Cursor next = c;
    if (!outline.next(next)) return 0;
    if (c.item == 0) return voice.heading_pause_ms;
    if (next.section != c.section) return voice.paragraph_pause_ms;
    const auto& sentences = article.sections[static_cast<std::size_t>(c.section)].sentences;
    const auto& a = sentences[static_cast<std::size_t>(c.item - 1)];
    const auto& b = sentences[static_cast<std::size_t>(next.item - 1)];
    return a.paragraph != b.paragraph ? voice.paragraph_pause_ms : voice.sentence_pause_ms;
}

namespace {
bool silent(Sample s) {
    return std::abs(s) <= kSilenceThreshold;
}
} // namespace

void SilenceTrimmer::feed(std::span<const Sample> pcm, const Emit& emit) {
    if (m_leading) {
        std::size_t n = 0;
        while (n < pcm.size() && silent(pcm[n]))
            ++n;
        m_leading_trimmed += n;
        pcm = pcm.subspan(n);
        if (pcm.empty()) return;
        m_leading = false;
    }
    std::size_t audible_end = pcm.size();
    while (audible_end > 0 && silent(pcm[audible_end - 1]))
        --audible_end;
    if (audible_end == 0) {
        m_held += pcm.size();
        return;
    }
    static constexpr Sample kZeros[1024] = {};
    while (m_held > 0) {
        const std::size_t n = std::min(m_held, std::size(kZeros));
        emit({kZeros, n});
        m_held -= n;
    }
    emit(pcm.first(audible_end));
    m_held = pcm.size() - audible_end;
}

namespace {

class Collector final : public synth::SynthOutput {
  public:
    explicit Collector(const std::function<Result<void>(std::span<const Sample>)>& out)
        : m_out(out) {}
    bool on_audio(std::span<const Sample> pcm) override {
        m_trimmer.feed(pcm, [this](std::span<const Sample> audible) {
            if (m_error) return;
            if (auto r = m_out(audible); !r) m_error = r.error();
        });
        return !m_error;
    }
    void on_word(const synth::WordMark&) override {}
    void restart() { m_trimmer.reset(); }
    const std::optional<Error>& error() const { return m_error; }

  private:
    const std::function<Result<void>(std::span<const Sample>)>& m_out;
    SilenceTrimmer m_trimmer;
    std::optional<Error> m_error;
};

} // namespace

Result<void> render_article(const content::Article& article, synth::Synthesizer& synth,
                            const synth::VoiceProfile& voice,
                            const std::function<Result<void>(std::span<const Sample>)>& out) {
    const Outline outline = outline_of_article(article);
    Collector collector(out);
    std::vector<Sample> silence;
    Cursor c{};
    if (outline.sections() == 0) return {};
    do {
        collector.restart();
        const auto normalized =
            text::normalize(item_text(article, c), text::NormalizeOptions{voice.language});
        auto r = synth.synthesize(normalized.ssml, true, collector);
        if (collector.error()) return *collector.error();
        if (!r) return r.error();
        silence.assign(
            ms_to_frames(pause_after_ms(article, outline, voice, c), synth.sample_rate()), 0);
        if (!silence.empty())
            if (auto w = out(silence); !w) return w.error();
    } while (outline.next(c));
    return {};
}

} // namespace lectern::playback
