// EspeakSynth: the Synthesizer on libespeak-ng, and the ONLY file that includes eSpeak NG.
// Thread-safety: the instance is used by one thread (the playback thread). eSpeak NG keeps
// global state, so at most one instance is alive per process (make_espeak_synth enforces it).
//
// Facts this relies on (eSpeak NG 1.51, Debian 12; DESIGN.md §4 and tests/synth):
//   - espeak_Initialize with espeakINITIALIZE_DONT_EXIT returns 0 on failure instead of exit(1).
//   - Initialise ONCE per process: every espeak_Initialize starts another (idle) library thread
//     even in synchronous mode, and espeak_Terminate after a second initialisation deadlocks.
//     So the engine stays initialised until exit; instances come and go on top of it.
//   - In AUDIO_OUTPUT_SYNCHRONOUS mode the callback gets ~49 ms chunks (1081 samples at 22050 Hz)
//     whatever buffer_ms below 50 asks for; returning 1 aborts within that chunk and
//     espeak_ng_Synthesize then returns ENS_SPEECH_STOPPED (0x10000EFF), which means "stopped".
//   - An aborted synthesis leaves one read-ahead character behind that the NEXT
//     espeak_TextToPhonemes call speaks first ("hello" becomes "T'EloU" after aborting "Hello
//     world, this..."). espeak_Synth resets it; phonemes() drains it (see there).
//   - Word events: see synth/word_spans.hpp; `sample` counts from the start of each synthesis.
#include "synth/synthesizer.hpp"

#include "core/log.hpp"
#include "synth/params.hpp"
#include "synth/word_spans.hpp"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <string>

namespace lectern::synth {
namespace {

/// What the C callback needs during one synthesize() call.
struct SynthCall {
    SynthCall(SynthOutput& output, std::string_view text, bool ssml)
        : out(output), locator(text, ssml) {}
    SynthOutput& out;
    WordLocator locator;
    std::size_t frames = 0;             ///< frames delivered so far in this call
    std::size_t last_frame = 0;         ///< frame of the last mark, to keep marks in order
    bool cancelled = false;             ///< on_audio returned false
    std::optional<std::string> failure; ///< an exception escaped the output; message
};

// Process-wide eSpeak NG state. Only the thread that owns the live instance touches these after
// creation, except g_live, which make_espeak_synth may test from anywhere.
std::atomic<bool> g_live{false};
int g_sample_rate = 0; // 0 until espeak_Initialize succeeded
int g_buffer_ms = 0;
SynthCall* g_call = nullptr; // set for the duration of one synthesize()

/// The synth callback. noexcept and catching everything: no exception may cross the C library.
int synth_callback(short* wav, int numsamples, espeak_EVENT* events) noexcept {
    SynthCall* call = g_call;
    if (call == nullptr) return 1; // not ours (cannot happen): stop
    if (call->cancelled || call->failure) return 1;
    try {
        const std::size_t chunk =
            wav != nullptr && numsamples > 0 ? static_cast<std::size_t>(numsamples) : 0;
        // Marks go out before the audio they start in, so the consumer knows of a word before
        // its first sample can be played.
        for (const espeak_EVENT* ev = events;
             ev != nullptr && ev->type != espeakEVENT_LIST_TERMINATED; ++ev) {
            if (ev->type != espeakEVENT_WORD) continue;
            const auto span = call->locator.locate(ev->text_position, ev->length);
            if (!span) continue;
            const std::size_t sample = ev->sample > 0 ? static_cast<std::size_t>(ev->sample) : 0;
            const std::size_t frame = std::clamp(sample, call->last_frame,
                                                 std::max(call->last_frame, call->frames + chunk));
            call->last_frame = frame;
            call->out.on_word(WordMark{frame, span->begin, span->size()});
        }
        if (chunk > 0) {
            call->frames += chunk;
            if (!call->out.on_audio(std::span<const Sample>(wav, chunk))) {
                call->cancelled = true;
                return 1; // abort now: espeak_Cancel does nothing to a synchronous synthesis
            }
        }
        return 0;
    } catch (const std::exception& e) {
        call->failure = e.what();
    } catch (...) {
        call->failure = "unknown exception";
    }
    return 1;
}

std::string status_message(espeak_ng_STATUS status) {
    char buffer[256] = {};
    espeak_ng_GetStatusCodeMessage(status, buffer, sizeof buffer);
    return buffer;
}

/// Up to eight installed voice names sharing the first two letters of `wanted`, for the error
/// message of an unknown voice ("en-uk" suggests en-gb, en-us, ...).
std::string similar_voices(const std::string& wanted) {
    std::string list;
    int count = 0;
    const std::string prefix = wanted.substr(0, 2);
    const espeak_VOICE** voices = espeak_ListVoices(nullptr);
    for (; voices != nullptr && *voices != nullptr && count < 8; ++voices) {
        // `languages` is a list of (priority byte, name, NUL), ended by an empty name.
        const char* lang = (*voices)->languages;
        if (lang == nullptr || lang[0] == 0 || lang[1] == 0) continue;
        const std::string name(lang + 1);
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        list += (count++ == 0 ? "" : ", ") + name;
    }
    return list;
}

class EspeakSynth final : public Synthesizer {
  public:
    EspeakSynth() = default;
    EspeakSynth(const EspeakSynth&) = delete;
    EspeakSynth& operator=(const EspeakSynth&) = delete;
    ~EspeakSynth() override { g_live.store(false, std::memory_order_release); }

    int sample_rate() const override { return g_sample_rate; }
    const SynthParams& params() const override { return m_params; }

    Result<void> configure(const SynthParams& params) override {
        if (g_call != nullptr)
            return make_error("cannot reconfigure eSpeak NG while it is speaking");
        if (auto ok = check_params(params); !ok) return ok;
        if (!m_configured || params.voice != m_params.voice) {
            // A failed lookup leaves eSpeak NG's current voice as it was (checked), so nothing
            // changes on error.
            if (espeak_SetVoiceByName(params.voice.c_str()) != EE_OK) {
                std::string message = "unknown eSpeak NG voice \"" + params.voice + "\"";
                const std::string similar = similar_voices(params.voice);
                message += similar.empty() ? " (list them with: espeak-ng --voices)"
                                           : " (installed voices like it: " + similar + ")";
                return make_error(message);
            }
        }
        // Voice changes keep these, but set them every time: cheap, and then they always match.
        if (espeak_SetParameter(espeakRATE, params.rate_wpm, 0) != EE_OK ||
            espeak_SetParameter(espeakPITCH, params.pitch, 0) != EE_OK ||
            espeak_SetParameter(espeakVOLUME, params.volume, 0) != EE_OK) {
            if (m_configured) (void)configure(m_params); // put the previous values back
            return make_error("eSpeak NG refused the speech parameters");
        }
        m_params = params;
        m_configured = true;
        return {};
    }

    Result<SynthStatus> synthesize(std::string_view text, bool ssml, SynthOutput& out) override {
        if (g_call != nullptr)
            return make_error("synthesize() called again from inside a synthesis");
        m_text.assign(text); // eSpeak NG wants a NUL-terminated copy
        SynthCall call(out, m_text, ssml);
        g_call = &call;
        const unsigned flags = espeakCHARS_UTF8 | (ssml ? espeakSSML : 0u);
        // No espeakENDPAUSE: pauses between sentences are PCM silence that the driver inserts.
        const espeak_ng_STATUS status = espeak_ng_Synthesize(
            m_text.c_str(), m_text.size() + 1, 0, POS_CHARACTER, 0, flags, nullptr, nullptr);
        g_call = nullptr;
        if (call.failure) return make_error("speech output failed: " + *call.failure);
        if (call.cancelled) return SynthStatus::cancelled;
        if (status != ENS_OK) // ENS_SPEECH_STOPPED is only expected after our own abort
            return make_error("eSpeak NG could not speak the text: " + status_message(status));
        return SynthStatus::completed;
    }

    Result<std::string> phonemes(std::string_view text) override {
        if (g_call != nullptr) return make_error("phonemes() called from inside a synthesis");
        // Drain the character an aborted synthesis may have left read ahead: an empty call
        // consumes it (and is harmless otherwise), so "hello" is always h@l'oU.
        const void* drain = "";
        espeak_TextToPhonemes(&drain, espeakCHARS_UTF8, 0);
        const std::string copy(text);
        std::string result;
        const void* cursor = copy.c_str();
        // One clause per call; eSpeak NG advances `cursor` and sets it to NULL at the end.
        // Phoneme mode 0: eSpeak's ASCII mnemonics, the same as `espeak-ng -x`, easy to diff.
        for (std::size_t guard = 0; cursor != nullptr && guard <= copy.size(); ++guard) {
            const void* before = cursor;
            const char* clause = espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8, 0);
            if (clause != nullptr && clause[0] != 0) {
                if (!result.empty()) result += ' ';
                result += clause;
            }
            if (cursor == before) break; // no progress: never spin
        }
        return result;
    }

  private:
    SynthParams m_params;
    bool m_configured = false;
    std::string m_text;
};

} // namespace

Result<std::unique_ptr<Synthesizer>> make_espeak_synth(int buffer_ms) {
    if (buffer_ms < 1 || buffer_ms > 1000)
        return make_error(
            out_of_range_message("eSpeak NG buffer", buffer_ms, IntRange{1, 1000}, "ms"));
    bool expected = false;
    if (!g_live.compare_exchange_strong(expected, true, std::memory_order_acq_rel))
        return make_error("eSpeak NG is already in use in this process (only one synthesiser may "
                          "exist at a time)");
    if (g_sample_rate <= 0) {
        // path NULL: eSpeak NG finds its own data (ESPEAK_DATA_PATH, else its built-in path).
        const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, buffer_ms, nullptr,
                                           espeakINITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            g_live.store(false, std::memory_order_release);
            return make_error(
                "eSpeak NG could not start (is the espeak-ng-data package installed?)");
        }
        g_sample_rate = rate;
        g_buffer_ms = buffer_ms;
    } else if (buffer_ms != g_buffer_ms) {
        log::notice("eSpeak NG keeps its " + std::to_string(g_buffer_ms) +
                    " ms buffers for the process; ignoring " + std::to_string(buffer_ms) + " ms");
    }
    espeak_SetSynthCallback(&synth_callback);
    auto synth = std::make_unique<EspeakSynth>(); // from here on its destructor frees g_live
    if (auto ok = synth->configure(SynthParams{}); !ok) return ok.error();
    return std::unique_ptr<Synthesizer>(std::move(synth));
}

} // namespace lectern::synth
