// Shared set-up for the CLI subcommands: choosing a voice profile, making the synthesiser and the
// audio sink from user-facing names. Main thread. Every failure is a one-line Error for stderr.
#pragma once

#include "audio/audio_sink.hpp"
#include "content/article.hpp"
#include "core/result.hpp"
#include "synth/synthesizer.hpp"
#include "synth/voice_profile.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace lectern::app {

/// The profile named by `requested` (a profile id such as "en"), else the one for `language`,
/// else English with a log line. An unknown requested name is an error listing the choices.
/// A rate, when given, replaces the profile's and is range-checked (80..450).
Result<synth::VoiceProfile> choose_voice(const std::string& requested, const std::string& language,
                                         std::optional<int> rate);

/// Where eSpeak NG runs: in a worker process (the kiosk and `play`: a crash or hang in the library
/// costs one sentence, synth/worker.hpp), or in this process (one-shot tools such as `render`).
enum class SynthHost { worker, in_process };

/// The eSpeak NG synthesiser configured for the profile.
Result<std::unique_ptr<synth::Synthesizer>> make_synth(const synth::VoiceProfile& voice,
                                                       SynthHost host = SynthHost::worker);

/// The apology spoken in place of a sentence the synthesiser failed on, per language, from the
/// interface strings (voices/ui/*.toml, key say.apology).
std::map<std::string, std::string> load_apologies();

struct SinkSpec {
    enum class Kind { portaudio, null, wav, fault } kind = Kind::portaudio;
    std::string path; ///< for wav; for fault, the fault plan
    bool paced = true;
};
/// Parses "portaudio", "null" or "wav:PATH". Hidden, for tests and drills of device loss:
/// "fault:PLAN", a simulated device that fails as planned (audio/fault_injector.hpp), e.g.
/// "fault:stall@2,unplug@6".
Result<SinkSpec> parse_sink(const std::string& spec);

/// Makes and opens the sink.
Result<std::unique_ptr<audio::AudioSink>> open_sink(const SinkSpec& spec, const std::string& device,
                                                    int sample_rate);

} // namespace lectern::app
