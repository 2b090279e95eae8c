// The reading order shared by the live Driver and offline rendering (`lectern render`): what an
// item says, the pause after it, and how eSpeak's lead-in silence is trimmed. Pure except
// render_article, which runs the synthesiser (call it only on the thread that owns it).
#pragma once

#include "content/article.hpp"
#include "core/pcm.hpp"
#include "core/result.hpp"
#include "playback/controller.hpp"
#include "synth/synthesizer.hpp"
#include "synth/voice_profile.hpp"

#include <functional>
#include <span>
#include <string>

namespace lectern::playback {

/// Samples at or below this magnitude at the start of an utterance are eSpeak's lead-in silence;
/// trimming it is what lets the first word follow a key press within milliseconds.
inline constexpr int kSilenceThreshold = 4;

/// The shape of an article for the controller.
Outline outline_of_article(const content::Article& article);

/// The heading (item 0) or sentence (item k) at c; c must be valid for the article.
const std::string& item_text(const content::Article& article, Cursor c);

/// The pause after item c: a heading's, a paragraph's (also between sections) or a sentence's;
/// none after the last item.
int pause_after_ms(const content::Article& article, const Outline& outline,
                   const synth::VoiceProfile& voice, Cursor c);

/// Trims an utterance's lead-in and trailing silence while it streams, so that the first word
/// follows a press at once and the pauses between sentences are exactly the profile's. Leading
/// silent samples are dropped; a silent run inside is held back until something audible follows
/// (then it is passed on as zeros, keeping every later sample at its place); a silent run at the
/// end is dropped. "Silent" is |sample| <= kSilenceThreshold (below -78 dBFS).
class SilenceTrimmer {
  public:
    using Emit = std::function<void(std::span<const Sample>)>;
    void feed(std::span<const Sample> pcm, const Emit& emit);
    /// Samples dropped at the start (word marks count from before them).
    std::size_t leading_trimmed() const { return m_leading_trimmed; }
    /// For the next utterance.
    void reset() { *this = SilenceTrimmer{}; }

  private:
    bool m_leading = true;
    std::size_t m_leading_trimmed = 0;
    std::size_t m_held = 0;
};

/// Synthesises the whole article in reading order, with the profile's pauses as PCM silence, into
/// `out`. Stops with the first error (from the synthesiser or from out).
Result<void> render_article(const content::Article& article, synth::Synthesizer& synth,
                            const synth::VoiceProfile& voice,
                            const std::function<Result<void>(std::span<const Sample>)>& out);

} // namespace lectern::playback
