// Implementation of app/setup.hpp.
#include "app/setup.hpp"

#include "app/paths.hpp"
#include "audio/fault_injector.hpp"
#include "core/log.hpp"
#include "synth/worker.hpp"
#include "ui/strings.hpp"

namespace lectern::app {

Result<synth::VoiceProfile> choose_voice(const std::string& requested, const std::string& language,
                                         std::optional<int> rate) {
    const auto profiles = synth::load_voice_profiles(voices_dir());
    if (profiles.empty())
        return make_error("no voice profiles found in " + voices_dir().string() +
                          "; reinstall Lectern or set LECTERN_DATA_DIR");
    const synth::VoiceProfile* chosen = nullptr;
    if (!requested.empty()) {
        for (const auto& p : profiles)
            if (p.id == requested) chosen = &p;
        if (!chosen) {
            std::string names;
            for (const auto& p : profiles)
                names += (names.empty() ? "" : ", ") + p.id;
            return make_error("unknown voice '" + requested + "'; choose one of: " + names);
        }
    } else {
        chosen = synth::find_voice_profile(profiles, language);
        if (!chosen) {
            log::notice("no voice for language '" + language + "'; reading in English");
            chosen = synth::find_voice_profile(profiles, "en");
        }
        if (!chosen) chosen = &profiles.front();
    }
    synth::VoiceProfile voice = *chosen;
    if (rate) {
        if (*rate < 80 || *rate > 450)
            return make_error("rate " + std::to_string(*rate) +
                              " is out of range; choose 80 to 450 words per minute");
        voice.params.rate_wpm = *rate;
    }
    return voice;
}

Result<std::unique_ptr<synth::Synthesizer>> make_synth(const synth::VoiceProfile& voice,
                                                       SynthHost host) {
    auto synth =
        host == SynthHost::worker ? synth::make_worker_synth() : synth::make_espeak_synth();
    if (!synth) return synth.error();
    if (auto r = (*synth)->configure(voice.params); !r) return r.error();
    return std::move(*synth);
}

std::map<std::string, std::string> load_apologies() {
    std::map<std::string, std::string> out;
    const auto strings = ui::StringLibrary::load(voices_dir() / "ui");
    for (const auto& language : strings.languages())
        out[language] = strings.for_language(language).get("say.apology");
    return out;
}

Result<SinkSpec> parse_sink(const std::string& spec) {
    SinkSpec s;
    if (spec == "portaudio" || spec.empty()) return s;
    if (spec == "null") {
        s.kind = SinkSpec::Kind::null;
        return s;
    }
    if (spec.rfind("wav:", 0) == 0 && spec.size() > 4) {
        s.kind = SinkSpec::Kind::wav;
        s.path = spec.substr(4);
        return s;
    }
    if (spec.rfind("fault:", 0) == 0) {
        if (auto plan = audio::parse_fault_plan(spec.substr(6)); !plan) return plan.error();
        s.kind = SinkSpec::Kind::fault;
        s.path = spec.substr(6);
        return s;
    }
    return make_error("unknown sink '" + spec + "'; use portaudio, null or wav:PATH");
}

Result<std::unique_ptr<audio::AudioSink>> open_sink(const SinkSpec& spec, const std::string& device,
                                                    int sample_rate) {
    std::unique_ptr<audio::AudioSink> sink;
    switch (spec.kind) {
    case SinkSpec::Kind::portaudio:
        sink = audio::make_portaudio_sink(device);
        break;
    case SinkSpec::Kind::null:
        sink = audio::make_null_sink(spec.paced);
        break;
    case SinkSpec::Kind::wav:
        sink = audio::make_wav_sink(spec.path, spec.paced);
        break;
    case SinkSpec::Kind::fault: {
        auto plan = audio::parse_fault_plan(spec.path);
        if (!plan) return plan.error();
        sink = audio::make_fault_sink(std::make_shared<audio::FaultInjector>(std::move(*plan)),
                                      spec.paced);
        break;
    }
    }
    audio::SinkOptions options;
    options.sample_rate = sample_rate;
    if (auto r = sink->open(options); !r) return r.error();
    return sink;
}

} // namespace lectern::app
