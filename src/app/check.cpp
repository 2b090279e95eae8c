// `lectern check` (app/check.hpp): settings, a tone on the audio device, eSpeak NG and every voice
// profile, fonts, the content folder and the display, one line each.
// Main thread, plus one helper thread for the tone: PortAudio on a stuck ALSA device can hang
// (DESIGN.md §4), and a monitoring probe must answer in bounded time whatever the device does.
//
// Fonts and the display go through the kiosk's own code (ui::sdl::find_font, ui::sdl::Shell), so
// the check sees exactly what the kiosk will, and app/ still never includes SDL.
#include "app/check.hpp"

#include "app/kiosk_settings.hpp"
#include "app/lint.hpp"
#include "app/paths.hpp"
#include "audio/audio_sink.hpp"
#include "config/settings.hpp"
#include "content/parse.hpp"
#include "core/log.hpp"
#include "core/silenced_fd.hpp"
#include "playback/driver.hpp"
#include "synth/synthesizer.hpp"
#include "synth/voice_profile.hpp"
#include "ui/sdl/fonts.hpp"
#include "ui/sdl/shell.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <numbers>
#include <thread>
#include <vector>

namespace lectern::app {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr auto kToneDeadline = 10s;

/// Prints one line per check (or, for the kiosk's staff menu, keeps them) and counts the failures.
class Report {
  public:
    explicit Report(bool print = true) : m_print(print) {}
    void add(bool ok, std::string_view name, const std::string& detail) {
        if (m_print) {
            std::printf("%-4s  %-9.*s %s\n", ok ? "ok" : "FAIL", static_cast<int>(name.size()),
                        name.data(), detail.c_str());
            std::fflush(stdout);
        }
        m_lines.push_back({ok, std::string(name) + ": " + detail});
        if (!ok) ++m_failed;
    }
    int failed() const { return m_failed; }
    const std::vector<ui::CheckLine>& lines() const { return m_lines; }

  private:
    bool m_print;
    int m_failed = 0;
    std::vector<ui::CheckLine> m_lines;
};

config::Settings check_settings(const std::string& file, Report& report) {
    config::Loaded loaded = config::load_settings(file);
    config::overlay_staff_file(loaded, state_dir() / config::kStaffFileName);
    const auto& s = loaded.settings;
    const std::string device = "device \"" + device_name(s) + "\", Lectern " + LECTERN_VERSION;
    if (!loaded.found) {
        report.add(true, "settings", file + ": no file, every setting at its default; " + device);
    } else if (loaded.problems.empty()) {
        report.add(true, "settings", file + "; " + device);
    } else {
        std::string more;
        if (loaded.problems.size() > 1)
            more = " (and " + std::to_string(loaded.problems.size() - 1) + " more on stderr)";
        report.add(false, "settings", loaded.problems.front() + more + "; correct the file");
    }
    return s;
}

/// 0.3 s of 440 Hz at a quarter of full scale, faded in and out over 10 ms so it never clicks.
std::vector<Sample> tone(int rate) {
    const std::size_t n = ms_to_frames(300, rate), fade = ms_to_frames(10, rate);
    std::vector<Sample> pcm(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double envelope =
            std::min({1.0, static_cast<double>(i) / fade, static_cast<double>(n - i) / fade});
        pcm[i] = static_cast<Sample>(8192.0 * envelope *
                                     std::sin(2 * std::numbers::pi * 440.0 * i / rate));
    }
    return pcm;
}

/// Opens the device, plays the tone and waits until the device has consumed all of it.
Result<std::string> play_tone(const std::string& device, int volume) {
    auto sink = audio::make_portaudio_sink(device);
    if (auto r = sink->open(audio::SinkOptions{}); !r) return r.error();
    auto& engine = sink->engine();
    // The tone must be audible to whoever runs the check, but never louder than a patient's start.
    engine.set_gain(playback::gain_for_volume(std::max(volume, 10)));
    const std::vector<Sample> pcm = tone(engine.sample_rate());
    engine.arm_audio_start(engine.frames_written());
    engine.set_active(true);
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    std::span<const Sample> left(pcm);
    while (!left.empty() && std::chrono::steady_clock::now() < deadline) {
        left = left.subspan(engine.write(left));
        std::this_thread::sleep_for(5ms);
    }
    while (engine.frames_played() < engine.frames_written() &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    const bool played = left.empty() && engine.frames_played() >= engine.frames_written() &&
                        engine.audio_start_time() != Nanos(0);
    engine.set_active(false);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(static_cast<int>(sink->buffer_ms()) * 2 + 20));
    const std::string where = sink->describe();
    sink->close();
    if (!played)
        return make_error("audio device " + where +
                          " opened but did not play the tone; check the cable or choose another "
                          "device (`lectern devices`, audio_device in the settings)");
    return "played a 0.3 s tone on " + where;
}

/// Returns false when the tone thread had to be abandoned (the process must not wait for it).
bool check_audio(const std::string& device, int volume, Report& report) {
    // By value: after a timeout the thread outlives this function.
    std::packaged_task<Result<std::string>()> task(
        [device, volume] { return play_tone(device, volume); });
    auto result = task.get_future();
    std::thread thread(std::move(task));
    if (result.wait_for(kToneDeadline) != std::future_status::ready) {
        thread.detach();
        report.add(false, "audio",
                   "the audio device did not answer within 10 s; unplug and reconnect it, or "
                   "choose another (`lectern devices`, audio_device in the settings)");
        return false;
    }
    thread.join();
    const auto r = result.get();
    report.add(r.ok(), "audio", r ? *r : r.error().message);
    return true;
}

/// Counts the audio a voice produces.
class Counter final : public synth::SynthOutput {
  public:
    bool on_audio(std::span<const Sample> pcm) override {
        for (const Sample s : pcm)
            if (std::abs(s) > 64) ++m_loud;
        return true;
    }
    void on_word(const synth::WordMark&) override {}
    std::size_t loud() const { return m_loud; }

  private:
    std::size_t m_loud = 0;
};

std::vector<fs::path> files_in(const fs::path& dir, std::initializer_list<std::string_view> exts,
                               std::error_code& ec) {
    std::vector<fs::path> out;
    for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        std::error_code type_ec;
        const std::string ext = it->path().extension().string();
        if (it->is_regular_file(type_ec) && std::find(exts.begin(), exts.end(), ext) != exts.end())
            out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

void check_speech(Report& report) {
    auto synth = synth::make_espeak_synth();
    report.add(synth.ok(), "speech",
               synth ? "eSpeak NG started (" + std::to_string((*synth)->sample_rate()) + " Hz)"
                     : synth.error().message + "; reinstall the espeak-ng-data package");
    std::error_code ec;
    const fs::path dir = voices_dir();
    const auto files = files_in(dir, {".toml"}, ec);
    if (ec || files.empty()) {
        report.add(false, "voices", "no voice profiles in " + dir.string() + "; reinstall Lectern");
        return;
    }
    for (const auto& file : files) {
        const std::string name = "voice " + file.stem().string();
        auto profile = synth::load_voice_profile(file);
        if (!profile) {
            report.add(false, name, profile.error().message);
            continue;
        }
        if (!synth) {
            report.add(false, name, "not tried: eSpeak NG did not start");
            continue;
        }
        const std::string what = profile->name + " (eSpeak NG voice " + profile->params.voice + ")";
        if (auto r = (*synth)->configure(profile->params); !r) {
            report.add(false, name, what + ": " + r.error().message);
            continue;
        }
        Counter out;
        const auto spoken = (*synth)->synthesize("Lectern", false, out);
        const bool ok = spoken.ok() && out.loud() > 0;
        report.add(ok, name,
                   ok ? what + " speaks"
                      : what + " produced no sound; reinstall the espeak-ng-data package");
    }
}

void check_fonts(Report& report) {
    const auto font = ui::sdl::find_font(ui::sdl::preferred_families());
    report.add(font.ok(), "fonts",
               font ? font->family + " bold, " + font->path : font.error().message);
}

void check_content(const config::Settings& settings, const std::string& settings_file,
                   Report& report, bool lint_too = true) {
    const fs::path dir =
        settings.content_dir.empty() ? content_dir() : fs::path(settings.content_dir);
    std::error_code ec;
    const auto files = files_in(dir, {".txt", ".md", ".markdown"}, ec);
    if (ec) {
        report.add(false, "content",
                   "cannot read the folder " + dir.string() + " (" + ec.message() +
                       "); fix content_dir in " + settings_file);
        return;
    }
    if (files.empty()) {
        report.add(false, "content",
                   "no articles (.txt or .md files) in " + dir.string() +
                       "; copy the articles there or fix content_dir in " + settings_file);
        return;
    }
    std::vector<std::string> errors;
    for (const auto& file : files)
        if (auto article = content::load_article(file); !article)
            errors.push_back(article.error().message);
    const std::string articles =
        std::to_string(files.size()) + (files.size() == 1 ? " article" : " articles");
    if (errors.empty() && !lint_too) {
        report.add(true, "content", articles + " in " + dir.string() + " load");
        return;
    }
    if (errors.empty()) {
        // Every article loads; `lectern lint` then says whether any word would be misread.
        int lint = 0;
        {
            // `lectern lint`'s report is for authors; the check wants only its verdict.
            SilencedFd quiet(STDOUT_FILENO);
            lint = run_lint({dir.string()});
        }
        if (lint == 0) {
            report.add(true, "content", articles + " in " + dir.string() + ", lint clean");
        } else {
            report.add(false, "content",
                       articles + " in " + dir.string() + " load, but some words would be " +
                           "misread; run `lectern lint " + dir.string() + "` and fix them");
        }
        return;
    }
    std::string more;
    if (errors.size() > 1) more = " (and " + std::to_string(errors.size() - 1) + " more)";
    report.add(false, "content",
               std::to_string(errors.size()) + " of " + std::to_string(files.size()) +
                   " articles cannot be read: " + errors.front() + more +
                   "; fix or remove the file");
}

void check_display(Report& report) {
    // Shell::create logs what it found (or why there is no display); keep those lines for the
    // report instead of printing them.
    std::vector<std::string> lines;
    auto previous =
        log::set_sink([&](log::Level, std::string_view line) { lines.emplace_back(line); });
    auto shell = ui::sdl::Shell::create(
        ui::sdl::ShellOptions{ui::Size{320, 240}, ui::ThemeId::yellow_on_black, "Lectern check"});
    log::set_sink(std::move(previous));
    const auto find = [&](std::string_view prefix) {
        for (const auto& l : lines)
            if (l.rfind(prefix, 0) == 0) return l;
        return lines.empty() ? std::string("no reason given") : lines.back();
    };
    if (!shell) {
        report.add(false, "display", find("SDL") + "; reinstall Lectern (libsdl2)");
    } else if (shell->has_display()) {
        report.add(true, "display", find("display: ").substr(9));
    } else {
        const char* driver = std::getenv("SDL_VIDEODRIVER");
        report.add(true, "display",
                   "none (" + std::string(driver ? driver : "default driver") + ": " +
                       find("no display") + "): the kiosk will run audio-only");
    }
}

} // namespace

std::vector<ui::CheckLine> kiosk_self_test(const KioskProbe& probe) {
    Report report(false);
    const config::Settings settings = check_settings(probe.config, report);
    report.add(probe.audio_ok, "audio", probe.audio_detail);
    check_speech(report);
    check_fonts(report);
    // No lint here: it prints, and the kiosk's standard output is its control channel.
    check_content(settings, probe.config, report, false);
    report.add(true, "display",
               probe.display ? "the screen is showing this" : "none: the kiosk runs audio-only");
    return report.lines();
}

int run_check(const CheckOptions& options) {
    Report report;
    const config::Settings settings = check_settings(options.config, report);
    const std::string device = options.device.empty() ? settings.audio_device : options.device;
    const bool joined = check_audio(device, settings.volume, report);
    check_speech(report);
    check_fonts(report);
    check_content(settings, options.config, report);
    check_display(report);
    const int status = report.failed() == 0 ? 0 : 1;
    if (!joined) {
        // A thread is stuck inside PortAudio: exiting normally would wait on it (or crash in
        // static destructors under it). Leave at once; the report is already flushed.
        std::fflush(stdout);
        std::_Exit(status);
    }
    return status;
}

} // namespace lectern::app
