// Synthesizer: text in, PCM and word marks out. The interface the playback driver talks to.
// Thread-safety: an instance is used by ONE thread only (the playback thread): eSpeak NG keeps
// global, non-thread-safe state, so at most one EspeakSynth exists per process. The kiosk runs it
// in a worker process behind this same interface (synth/worker.hpp).
#pragma once

#include "core/pcm.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace lectern::synth {

struct SynthParams {
    std::string voice = "en-us"; ///< eSpeak NG voice name (e.g. "en-us", "es")
    int rate_wpm = 175;          ///< 80..450
    int pitch = 50;              ///< 0..100
    int volume = 100;            ///< 0..200 (eSpeak amplitude); user volume is audio gain instead
};

/// A word being spoken: `frame` counts from the first sample of this synthesize() call; the text
/// offsets are BYTES into the text passed to synthesize().
struct WordMark {
    std::size_t frame = 0;
    std::size_t text_offset = 0;
    std::size_t text_length = 0;
};

/// Where synthesised audio goes. Called on the synthesising thread, in order.
class SynthOutput {
  public:
    virtual ~SynthOutput() = default;
    /// A chunk of PCM (mono s16 at sample_rate()). Return false to cancel synthesis: no further
    /// audio arrives after this chunk (that is "cancel within one chunk").
    virtual bool on_audio(std::span<const Sample> pcm) = 0;
    /// A word starts at mark.frame. Zero-length trailing marks are never delivered.
    virtual void on_word(const WordMark& mark) = 0;
};

enum class SynthStatus { completed, cancelled };

class Synthesizer {
  public:
    virtual ~Synthesizer() = default;
    virtual int sample_rate() const = 0;
    /// Validates and applies the parameters; an unknown voice or an out-of-range value is an
    /// error naming the value and the valid range (and changes nothing).
    virtual Result<void> configure(const SynthParams& params) = 0;
    virtual const SynthParams& params() const = 0;
    /// Synthesises `text` (SSML when ssml is true) synchronously, delivering audio and marks to
    /// out as they are produced.
    virtual Result<SynthStatus> synthesize(std::string_view text, bool ssml, SynthOutput& out) = 0;
    /// The phonemes the current voice would speak for `text` (eSpeak mnemonics), for tests and
    /// authors' tools.
    virtual Result<std::string> phonemes(std::string_view text) = 0;
};

/// The eSpeak NG synthesiser (libespeak-ng, synchronous mode, data from the default path).
/// Fails with a one-line message when eSpeak NG cannot initialise or a second instance is made.
Result<std::unique_ptr<Synthesizer>> make_espeak_synth(int buffer_ms = 20);

/// A deterministic synthesiser for tests: a tone burst per word whose length scales with the
/// word's characters and 175/rate_wpm, silence between words, word marks at word starts, chunks of
/// `chunk_frames`; on_audio returning false cancels at once.
std::unique_ptr<Synthesizer> make_fake_synth(std::size_t chunk_frames = 441);

} // namespace lectern::synth
