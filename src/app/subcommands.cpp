// The one-shot subcommands: sections, say, render, devices.
#include "app/subcommands.hpp"

#include "app/paths.hpp"
#include "app/setup.hpp"
#include "audio/audio_sink.hpp"
#include "content/catalog.hpp"
#include "content/parse.hpp"
#include "core/json.hpp"
#include "core/log.hpp"
#include "playback/reading.hpp"
#include "text/normalize.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace lectern::app {

int fail(const std::string& message) {
    log::error(message);
    return 2;
}

int run_sections(const std::string& file, bool json) {
    auto article = content::load_article(file);
    if (!article) return fail(article.error().message);
    if (json) {
        std::string out = "{\"title\": " + json::quote(article->title) +
                          ", \"language\": " + json::quote(article->language) + ", \"sections\": [";
        for (std::size_t i = 0; i < article->sections.size(); ++i) {
            const auto& s = article->sections[i];
            out += (i ? ", " : "") + std::string("{\"heading\": ") + json::quote(s.heading) +
                   ", \"sentences\": " + std::to_string(s.sentences.size()) + "}";
        }
        out += "]}\n";
        std::fputs(out.c_str(), stdout);
        return 0;
    }
    std::printf("%s\n", article->title.c_str());
    std::printf("language %s, %zu sections, %zu sentences\n", article->language.c_str(),
                article->sections.size(), article->sentence_count());
    for (std::size_t i = 0; i < article->sections.size(); ++i) {
        const auto& s = article->sections[i];
        std::printf("%3zu. %s  (%zu %s)\n", i + 1, s.heading.c_str(), s.sentences.size(),
                    s.sentences.size() == 1 ? "sentence" : "sentences");
    }
    return 0;
}

namespace {

/// Collects synthesised audio into a WAV writer or a vector.
class ToWav final : public synth::SynthOutput {
  public:
    explicit ToWav(audio::WavWriter& w) : m_writer(w) {}
    bool on_audio(std::span<const Sample> pcm) override { return m_writer.write(pcm).ok(); }
    void on_word(const synth::WordMark&) override {}

  private:
    audio::WavWriter& m_writer;
};

class ToSink final : public synth::SynthOutput {
  public:
    explicit ToSink(audio::OutputEngine& e) : m_engine(e) {}
    bool on_audio(std::span<const Sample> pcm) override {
        while (!pcm.empty()) {
            const std::size_t n = m_engine.write(pcm);
            pcm = pcm.subspan(n);
            if (!pcm.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return true;
    }
    void on_word(const synth::WordMark&) override {}

  private:
    audio::OutputEngine& m_engine;
};

} // namespace

int run_say(const std::string& text, const VoiceOptions& options, const std::string& out_wav) {
    auto voice = choose_voice(options.voice, "en", options.rate);
    if (!voice) return fail(voice.error().message);
    auto synth = make_synth(*voice);
    if (!synth) return fail(synth.error().message);
    const auto normalized = text::normalize(text, text::NormalizeOptions{voice->language});
    if (!out_wav.empty()) {
        auto wav = audio::WavWriter::create(out_wav, (*synth)->sample_rate());
        if (!wav) return fail(wav.error().message);
        ToWav out(*wav);
        if (auto r = (*synth)->synthesize(normalized.ssml, true, out); !r)
            return fail(r.error().message);
        if (auto r = wav->finish(); !r) return fail(r.error().message);
        return 0;
    }
    auto sink = open_sink(SinkSpec{}, "", (*synth)->sample_rate());
    if (!sink) return fail(sink.error().message);
    auto& engine = (*sink)->engine();
    engine.set_active(true);
    ToSink out(engine);
    if (auto r = (*synth)->synthesize(normalized.ssml, true, out); !r)
        return fail(r.error().message);
    while (engine.frames_played() < engine.frames_written())
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    engine.set_active(false);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(static_cast<int>((*sink)->buffer_ms()) * 2 + 20));
    return 0;
}

int run_render(const std::string& file, const std::string& out_wav, const VoiceOptions& options) {
    auto article = content::load_article(file);
    if (!article) return fail(article.error().message);
    auto voice = choose_voice(options.voice, article->language, options.rate);
    if (!voice) return fail(voice.error().message);
    auto synth = make_synth(*voice, SynthHost::in_process); // offline: a crash is just an exit
    if (!synth) return fail(synth.error().message);
    auto wav = audio::WavWriter::create(out_wav, (*synth)->sample_rate());
    if (!wav) return fail(wav.error().message);
    auto r = playback::render_article(*article, **synth, *voice,
                                      [&](std::span<const Sample> pcm) { return wav->write(pcm); });
    if (!r) return fail(r.error().message);
    if (auto f = wav->finish(); !f) return fail(f.error().message);
    return 0;
}

int run_list(const std::string& dir, bool json) {
    const std::filesystem::path folder = dir.empty() ? content_dir() : std::filesystem::path(dir);
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        return fail(folder.string() + ": no such folder; give the folder that holds the articles");
    const auto catalog = content::load_catalog(folder); // unreadable files: a log line each
    if (json) {
        std::string out = "{\"folder\": " + json::quote(folder.string()) + ", \"articles\": [";
        for (std::size_t i = 0; i < catalog.size(); ++i) {
            const auto& a = *catalog[i].article;
            out += (i ? ", " : "") + std::string("{\"file\": ") +
                   json::quote(catalog[i].file.filename().string()) +
                   ", \"title\": " + json::quote(a.title) +
                   ", \"language\": " + json::quote(a.language) +
                   ", \"sections\": " + std::to_string(a.sections.size()) +
                   ", \"sentences\": " + std::to_string(a.sentence_count()) + "}";
        }
        out += "]}\n";
        std::fputs(out.c_str(), stdout);
        return 0;
    }
    for (std::size_t i = 0; i < catalog.size(); ++i) {
        const auto& a = *catalog[i].article;
        std::printf("%3zu. %s  (%s, %zu sections; %s)\n", i + 1, a.title.c_str(),
                    a.language.c_str(), a.sections.size(), catalog[i].file.filename().c_str());
    }
    if (catalog.empty()) std::printf("no articles in %s\n", folder.c_str());
    return 0;
}

int run_devices() {
    auto devices = audio::list_portaudio_devices();
    if (!devices) return fail(devices.error().message);
    if (devices->empty()) {
        std::printf("no audio output devices found; plug in headphones or a USB sound card\n");
        return 0;
    }
    for (const auto& d : *devices)
        std::printf("%s%s  (%s, %d channels, %.0f Hz)\n", d.is_default ? "* " : "  ",
                    d.name.c_str(), d.host_api.c_str(), d.max_output_channels,
                    d.default_sample_rate);
    return 0;
}

} // namespace lectern::app
