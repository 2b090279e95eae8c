// `lectern play`: audio-only reading of one article, driven by the control channel or the keys.
#include "app/audio_watch.hpp"
#include "app/control_channel.hpp"
#include "app/paths.hpp"
#include "app/setup.hpp"
#include "app/signals.hpp"
#include "app/subcommands.hpp"
#include "app/systemd.hpp"
#include "config/settings.hpp"
#include "content/parse.hpp"
#include "core/log.hpp"
#include "playback/driver.hpp"

#include <csignal>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

namespace lectern::app {
namespace {

/// What the main thread waits for.
struct Exit {
    std::mutex mutex;
    std::condition_variable cv;
    bool quit = false, input_ended = false, finished = false;
    playback::PlayState state = playback::PlayState::stopped;

    template <class F> void update(F f) {
        {
            std::lock_guard lock(mutex);
            f(*this);
        }
        cv.notify_all();
    }
};

Exit* g_exit = nullptr;

/// Human-readable progress for a person at a terminal.
void print_event(const playback::Event& e) {
    using playback::EventType;
    switch (e.type) {
    case EventType::section:
        std::printf("\n== %d/%d  %s\n", e.section, e.section_count, e.heading.c_str());
        break;
    case EventType::sentence:
        std::printf("   %s\n", e.text.c_str());
        break;
    case EventType::error:
        std::fprintf(stderr, "lectern: %s\n", e.message.c_str());
        break;
    case EventType::settings:
        std::printf("   [speed %d words a minute, volume %d%%]\n", e.rate_wpm, e.volume);
        break;
    case EventType::underrun:
        std::fprintf(stderr, "lectern: audio underrun (%llu)\n",
                     static_cast<unsigned long long>(e.count));
        break;
    default:
        break;
    }
    std::fflush(stdout);
}

/// --config FILE fills in what the command line left out (the command line wins) and sets the
/// volume ceiling. Loading never fails: config::load_settings logs what it replaced.
struct WithSettings {
    PlayOptions options;
    int volume_max = config::kVolumeRange.max;
    bool voice_from_config = false;
};

WithSettings apply_settings(const PlayOptions& given) {
    WithSettings out{given};
    if (given.config.empty()) return out;
    const config::Settings s = config::load_settings(given.config).settings;
    PlayOptions& o = out.options;
    if (o.device.empty()) o.device = s.audio_device;
    if (o.voice.voice.empty() && !s.voice.empty()) {
        o.voice.voice = s.voice;
        out.voice_from_config = true;
    }
    if (!o.voice.rate) o.voice.rate = s.rate;
    if (!o.volume_given) o.volume = s.volume;
    out.volume_max = s.volume_max;
    return out;
}

} // namespace

int run_play(const PlayOptions& given, Nanos epoch) {
    const WithSettings settings = apply_settings(given);
    const PlayOptions& options = settings.options;
    const std::string file = options.file.empty() ? default_article().string() : options.file;
    auto loaded = content::load_article(file);
    if (!loaded) return fail(loaded.error().message);
    auto article = std::make_shared<const content::Article>(std::move(*loaded));
    auto voice = choose_voice(options.voice.voice, article->language, options.voice.rate);
    if (!voice && settings.voice_from_config) {
        // A voice named in the settings but not installed must not stop the reading.
        log::warning(voice.error().message + " (voice in " + options.config +
                     "); choosing by the article's language");
        voice = choose_voice({}, article->language, options.voice.rate);
    }
    if (!voice) return fail(voice.error().message);
    if (options.volume < 0 || options.volume > 100)
        return fail("volume " + std::to_string(options.volume) +
                    " is out of range; choose 0 to 100");
    if (options.volume > settings.volume_max)
        log::notice("volume " + std::to_string(options.volume) + " is above volume_max " +
                    std::to_string(settings.volume_max) + " in " + options.config +
                    "; starting at " + std::to_string(settings.volume_max));
    auto synth = make_synth(*voice);
    if (!synth) return fail(synth.error().message);
    auto spec = parse_sink(options.sink);
    if (!spec) return fail(spec.error().message);
    spec->paced = !options.unpaced;

    JsonLines json(stdout, epoch);
    auto sink = open_sink(*spec, options.device, (*synth)->sample_rate());
    if (!sink) {
        if (!options.commands) return fail(sink.error().message);
        // On the control channel the kiosk carries on without sound: positions still advance in
        // real time on a silent device, and the controller keeps working.
        json.error(sink.error().message, SteadyClock::instance());
        sink = open_sink(SinkSpec{SinkSpec::Kind::null, {}, true}, "", (*synth)->sample_rate());
        if (!sink) return fail(sink.error().message);
    }

    Exit exit_state;
    g_exit = &exit_state;
    watch_signals([] {
        if (g_exit) g_exit->update([](Exit& e) { e.quit = true; });
    });

    playback::DriverOptions driver_options;
    driver_options.voice = *voice;
    driver_options.apologies = load_apologies();
    driver_options.volume = options.volume;
    // The ceiling travels as the controller's limit: no command or key can pass it, and the
    // starting volume is clamped to it.
    driver_options.limits.volume_max = settings.volume_max;
    driver_options.word_events = !options.no_words;
    if (options.unpaced) driver_options.max_sleep = std::chrono::milliseconds(1);
    const bool commands = options.commands;
    playback::Driver driver(article, **synth, (*sink)->engine(), driver_options,
                            [&](const playback::Event& e) {
                                if (commands) {
                                    json.write(e);
                                } else {
                                    print_event(e);
                                }
                                if (e.type == playback::EventType::state)
                                    exit_state.update([&](Exit& x) {
                                        x.state = e.state;
                                        x.finished = e.state == playback::PlayState::finished;
                                    });
                            });
    driver.start();
    systemd::ready("reading an article");
    // A lost device is reopened behind the reading, which then carries on where it was; the log
    // says so, and so does an "audio_device" event on the control channel.
    AudioWatch audio_watch(**sink, [&](bool, const std::string& fields) {
        if (commands) write_event_line(stdout, epoch, "audio_device", fields);
    });

    const bool keys = !commands && ::isatty(STDIN_FILENO);
    std::unique_ptr<RawTerminal> raw;
    if (keys) {
        raw = std::make_unique<RawTerminal>(STDIN_FILENO);
        std::fprintf(stderr, "%s\n", key_help().data());
    }
    ControlChannel::Handlers handlers;
    handlers.command = [&](const playback::Command& c) { driver.post(c); };
    handlers.quit = [&] { exit_state.update([](Exit& x) { x.quit = true; }); };
    handlers.end_of_input = [&] { exit_state.update([](Exit& x) { x.input_ended = true; }); };
    handlers.error = [&](std::string message) {
        if (commands) {
            json.error(std::move(message), SteadyClock::instance());
        } else {
            log::warning(message);
        }
    };
    ControlChannel channel(
        STDIN_FILENO, keys ? ControlChannel::Mode::keys : ControlChannel::Mode::lines, handlers);
    if (commands || keys) channel.start();
    if (!commands) driver.post(playback::Command{playback::CommandId::play});

    {
        std::unique_lock lock(exit_state.mutex);
        const auto done = [&] {
            if (exit_state.quit || exit_state.finished) return true;
            // Without more input, the program ends once every command is carried out and nothing
            // is being read.
            return commands && exit_state.input_ended && driver.pending() == 0 &&
                   driver.state().play != playback::PlayState::playing;
        };
        while (!done()) {
            if (exit_state.input_ended) {
                exit_state.cv.wait_for(lock, std::chrono::milliseconds(50));
            } else {
                exit_state.cv.wait(lock);
            }
        }
    }
    systemd::stopping();
    channel.stop();
    audio_watch.stop(); // no reopen while closing down
    driver.shutdown();
    // Let the fade-out reach the device before closing it.
    std::this_thread::sleep_for(
        std::chrono::milliseconds(static_cast<int>((*sink)->buffer_ms()) * 2 + 20));
    (*sink)->close();
    g_exit = nullptr;
    return 0;
}

} // namespace lectern::app
