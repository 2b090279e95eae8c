// `lectern say --phonemes TEXT [--language L]` (app/lint.hpp): what the normaliser makes of a
// text and the phonemes eSpeak NG speaks for it, so an author can hear-check a word without a
// speaker. Main thread.
#include "app/lint.hpp"
#include "app/setup.hpp"
#include "synth/synthesizer.hpp"
#include "text/normalize.hpp"

#include <cstdio>

namespace lectern::app {

int run_say_phonemes(const std::string& text, const std::string& language,
                     const VoiceOptions& options) {
    // Loading the profiles also points the normaliser at voices/lexicon.
    auto voice = choose_voice(options.voice, language.empty() ? "en" : language, options.rate);
    if (!voice) return fail(voice.error().message);
    // In this process: phonemes need no audio, and the speech worker is for the kiosk.
    auto synth = synth::make_espeak_synth();
    if (!synth) return fail(synth.error().message);
    if (auto r = (*synth)->configure(voice->params); !r) return fail(r.error().message);

    const text::Normalized normalized =
        text::normalize(text, text::NormalizeOptions{voice->language});
    // The normaliser writes plain words (no SSML elements), so the phonemes of its text are the
    // phonemes of the speech.
    const std::string spoken = text::spoken_text(normalized);
    auto phonemes = (*synth)->phonemes(spoken);
    if (!phonemes) return fail(phonemes.error().message);
    std::printf("voice:    %s (%s, eSpeak NG voice %s)\n", voice->id.c_str(), voice->name.c_str(),
                voice->params.voice.c_str());
    std::printf("text:     %s\n", spoken.c_str());
    std::printf("phonemes: %s\n", phonemes->c_str());
    return 0;
}

} // namespace lectern::app
