// `lectern` (no subcommand): the kiosk. See app/kiosk.hpp.
#include "app/kiosk.hpp"

#include "app/audio_watch.hpp"
#include "app/check.hpp"
#include "app/control_channel.hpp"
#include "app/kiosk_commands.hpp"
#include "app/kiosk_settings.hpp"
#include "app/paths.hpp"
#include "app/setup.hpp"
#include "app/signals.hpp"
#include "app/systemd.hpp"
#include "app/terminal_reader.hpp"
#include "content/catalog.hpp"
#include "core/json.hpp"
#include "core/log.hpp"
#include "playback/driver.hpp"
#include "ui/keymap.hpp"
#include "ui/layout.hpp"
#include "ui/sdl/shell.hpp"
#include "ui/session.hpp"
#include "ui/strings.hpp"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <thread>

namespace lectern::app {
namespace {

// ---- SIGINT / SIGTERM: the only ways to end a kiosk, and they end it cleanly ----------------
std::mutex g_shell_mutex;
ui::sdl::Shell* g_shell = nullptr;
std::atomic<bool> g_signalled{false};

void request_quit_from_signal() {
    g_signalled = true;
    std::lock_guard lock(g_shell_mutex);
    if (g_shell) g_shell->post_quit();
}

struct ShellRegistration {
    explicit ShellRegistration(ui::sdl::Shell& s) {
        std::lock_guard lock(g_shell_mutex);
        g_shell = &s;
        if (g_signalled) s.post_quit();
    }
    ~ShellRegistration() {
        std::lock_guard lock(g_shell_mutex);
        g_shell = nullptr;
    }
};

Result<ui::Size> parse_window(const std::string& spec) {
    const auto x = spec.find('x');
    ui::Size s;
    const auto number = [](std::string_view t, int& out) {
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
        return ec == std::errc{} && end == t.data() + t.size();
    };
    if (x == std::string::npos || !number(std::string_view(spec).substr(0, x), s.w) ||
        !number(std::string_view(spec).substr(x + 1), s.h) || s.w < 100 || s.h < 100 ||
        s.w > 10000 || s.h > 10000)
        return make_error("--window takes WIDTHxHEIGHT in pixels, e.g. 800x480; got '" + spec +
                          "'");
    return s;
}

/// The Session's way to the Driver. Opening an article also picks the voice for its language
/// (unless the staff fixed one with --voice).
class DriverPort final : public ui::PlaybackPort {
  public:
    DriverPort(playback::Driver& d, const VoiceOptions& voice) : m_driver(d), m_voice(voice) {}
    void post(playback::Command c) override { m_driver.post(c); }
    void announce(std::string text) override { m_driver.announce(std::move(text)); }
    void open(std::shared_ptr<const content::Article> a, playback::Cursor at) override {
        std::optional<synth::VoiceProfile> voice;
        if (a) {
            auto chosen = choose_voice(m_voice.voice, a->language, m_voice.rate);
            if (chosen) {
                voice = std::move(*chosen);
            } else {
                log::warning(chosen.error().message);
            }
        }
        m_driver.open(std::move(a), at, std::move(voice));
    }

  private:
    playback::Driver& m_driver;
    const VoiceOptions& m_voice;
};

/// Kiosk events on the JSON-lines channel, next to the Driver's (same format: t_ms, event).
class KioskJson {
  public:
    KioskJson(bool enabled, Nanos epoch) : m_enabled(enabled), m_epoch(epoch) {}
    /// Any thread: one write per line (app/audio_watch.hpp), so lines from the playback thread's
    /// JsonLines never interleave with these.
    void write(const std::string& event, const std::string& fields) const {
        if (m_enabled) write_event_line(stdout, m_epoch, event, fields);
    }

  private:
    bool m_enabled;
    Nanos m_epoch;
};

} // namespace

int run_kiosk(const KioskOptions& given, Nanos epoch) {
    // The kiosk runs for months and makes a few blocks of audio of 100 kB to 1 MB a sentence
    // (the Driver's kept items, its pending buffer). glibc raises its mmap threshold after the
    // first such block is freed, and from then on serves them from the heap, where they leave
    // holes the heap never gives back. A fixed threshold keeps every large block in mmap, returned
    // to the system when freed, so that resident memory stays where it was.
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
    watch_signals(request_quit_from_signal); // before any other thread starts (audio, synthesis,
                                             // SDL), so all inherit the mask
    // ---- options and data: every problem is one line and status 2, before anything starts ----
    // The command line is checked before the settings file is read, so that a mistyped option is
    // the only line printed; values from the file are already checked (and replaced) by config.
    const auto check_options = [](const KioskOptions& o) -> Result<void> {
        if (auto t = ui::parse_theme(o.theme); !t) return t.error();
        if (auto t = ui::parse_text_size(o.text_size); !t) return t.error();
        if (!o.window.empty())
            if (auto w = parse_window(o.window); !w) return w.error();
        if (o.volume < 0 || o.volume > 100)
            return make_error("volume " + std::to_string(o.volume) +
                              " is out of range; choose 0 to 100");
        if (std::error_code ec; !o.content.empty() && !std::filesystem::is_directory(o.content, ec))
            return make_error("the content folder " + o.content +
                              " does not exist; give a folder of articles with --content DIR");
        return {};
    };
    if (auto ok = check_options(given); !ok) return fail(ok.error().message);
    const KioskSettings settled = settle_kiosk_settings(given);
    KioskOptions options = settled.options;
    const auto from_settings = [&](const char* option) {
        return std::find(given.given.begin(), given.given.end(), option) == given.given.end();
    };
    if (auto ok = check_options(options); !ok) return fail(ok.error().message);
    const ui::ThemeId theme = *ui::parse_theme(options.theme);
    const ui::TextSize text_size = *ui::parse_text_size(options.text_size);
    std::optional<ui::Size> window;
    if (!options.window.empty()) window = *parse_window(options.window);
    std::filesystem::path dir =
        options.content.empty() ? content_dir() : std::filesystem::path(options.content);
    auto catalog = content::load_catalog(dir);
    if (catalog.empty() && !options.content.empty() && from_settings("--content")) {
        // The settings' folder is empty or unreadable: a kiosk with nothing to read helps nobody,
        // and one that will not start helps nobody either. The bundled articles stand in.
        log::error("no readable articles in " + dir.string() + " (content_dir in " +
                   options.config + "); showing the bundled articles instead");
        dir = content_dir();
        catalog = content::load_catalog(dir);
    }
    if (catalog.empty())
        return fail("no readable articles (.txt or .md) in " + dir.string() +
                    "; add some or use --content DIR");
    std::vector<std::shared_ptr<const content::Article>> articles;
    for (const auto& e : catalog)
        articles.push_back(e.article);
    const auto strings = ui::StringLibrary::load(voices_dir() / "ui");
    if (strings.languages().empty())
        return fail("no interface strings in " + (voices_dir() / "ui").string() +
                    "; reinstall Lectern");
    ui::KeyMap keys = ui::KeyMap::defaults();
    if (!options.keys.empty())
        keys.apply_file(options.keys); // a broken file: one log line, defaults kept
    auto voice = choose_voice(options.voice.voice, articles.front()->language, options.voice.rate);
    if (!voice && !options.voice.voice.empty() && from_settings("--voice")) {
        // A voice named in the settings but not installed must not stop the kiosk.
        log::warning(voice.error().message + " (voice in " + options.config +
                     "); choosing by each article's language");
        options.voice.voice.clear();
        voice = choose_voice({}, articles.front()->language, options.voice.rate);
    }
    if (!voice) return fail(voice.error().message);
    auto synth = make_synth(*voice);
    if (!synth) return fail(synth.error().message);
    auto spec = parse_sink(options.sink);
    if (!spec) return fail(spec.error().message);

    JsonLines json(stdout, epoch);
    const KioskJson kiosk_json(options.commands, epoch);
    // No audio device: the kiosk says so on screen and keeps working on a silent, paced device.
    bool audio_ok = true;
    auto sink = open_sink(*spec, options.device, (*synth)->sample_rate());
    if (!sink) {
        audio_ok = false;
        log::error(sink.error().message);
        if (options.commands) json.error(sink.error().message, SteadyClock::instance());
        sink = open_sink(SinkSpec{SinkSpec::Kind::null, {}, true}, "", (*synth)->sample_rate());
        if (!sink) return fail(sink.error().message);
    }

    auto shell = ui::sdl::Shell::create(ui::sdl::ShellOptions{window, theme, "Lectern"});
    if (!shell) return fail("the interface could not start (SDL); see the line above");
    ShellRegistration registration(*shell);

    // ---- playback ----
    std::atomic<bool> input_ended{false};
    std::atomic<playback::PlayState> play_state{playback::PlayState::stopped};
    playback::DriverOptions driver_options;
    driver_options.voice = *voice;
    driver_options.apologies = load_apologies();
    driver_options.volume = options.volume;
    driver_options.limits = settled.limits;
    playback::Driver driver(nullptr, **synth, (*sink)->engine(), driver_options,
                            [&](const playback::Event& e) {
                                // Playback thread: copy and hand over, nothing more.
                                if (options.commands) json.write(e);
                                shell->post_event(e);
                                if (e.type == playback::EventType::state) {
                                    play_state = e.state;
                                    if (input_ended && e.state != playback::PlayState::playing)
                                        shell->post_quit();
                                }
                            });
    driver.start();

    // ---- the interface ----
    DriverPort port(driver, options.voice);
    ui::SessionOptions session_options;
    session_options.home_language = options.language;
    session_options.layout = {shell->size(), text_size};
    session_options.rate_wpm = voice->params.rate_wpm;
    session_options.volume = options.volume;
    session_options.audio_ok = audio_ok;
    session_options.limits = settled.limits;
    session_options.idle_timeout = settled.idle_timeout;
    session_options.theme = options.theme;
    session_options.staff = settled.staff;
    ui::Session session(articles, strings, keys, port, shell->measure(), session_options);
    session.on_defaults_changed = [&](const ui::PatientDefaults& d) {
        if (auto t = ui::parse_theme(d.theme)) shell->set_theme(*t);
        save_staff_defaults(settled.settings, d, state_dir());
    };
    session.self_test = [&] {
        // The kiosk owns the device, so instead of a tone: is its callback still running?
        auto& engine = (*sink)->engine();
        const std::uint64_t before = engine.callbacks();
        engine.want_device(); // in standby it starts again, within the supervisor's grace
        const auto deadline =
            std::chrono::steady_clock::now() +
            std::chrono::milliseconds(static_cast<int>((*sink)->buffer_ms()) * 4 + 520);
        while (engine.callbacks() <= before + 1 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const bool running = engine.callbacks() > before + 1;
        const std::string where = (*sink)->describe();
        KioskProbe probe{options.config, audio_ok && running,
                         !audio_ok ? "no audio device: the kiosk is running without sound"
                         : running ? where + " is playing (" + std::to_string(engine.underruns()) +
                                         " underruns)"
                                   : where + " has stopped answering",
                         shell->has_display()};
        return kiosk_self_test(probe);
    };
    session.on_screen = [&](const ui::ViewModel& vm) {
        const auto& s = ui::strings_for(vm, strings);
        kiosk_json.write("screen",
                         ",\"screen\":\"" + std::string(ui::to_string(vm.screen)) +
                             "\",\"focus\":" + json::quote(ui::label(vm, s, ui::focused(vm))));
    };
    const ui::Size size = shell->size();
    kiosk_json.write("kiosk",
                     ",\"display\":" + std::string(shell->has_display() ? "true" : "false") +
                         ",\"width\":" + std::to_string(size.w) + ",\"height\":" +
                         std::to_string(size.h) + ",\"sound\":" + (audio_ok ? "true" : "false") +
                         ",\"articles\":" + std::to_string(articles.size()));

    // ---- a lost audio device: large print on screen, reopened behind it (app/audio_watch.hpp) --
    audio::SupervisorOptions supervision;
    supervision.standby_after = settled.audio_standby;
    AudioWatch audio_watch(
        **sink,
        [&](bool ok, const std::string& fields) {
            // Helper thread: the banner is the UI thread's, and so is the event saying it changed.
            shell->post_call([&, ok, fields] {
                session.set_audio_ok(ok);
                kiosk_json.write("audio_device", fields);
            });
        },
        supervision,
        [&](bool standing_by) { // helper thread; one write, so lines never interleave
            kiosk_json.write("audio_standby", standing_by ? ",\"on\":true" : ",\"on\":false");
        });

    // ---- input from outside the window ----
    ControlChannel::Handlers handlers;
    handlers.command = [&](const playback::Command& c) { driver.post(c); };
    handlers.quit = [&] { shell->post_quit(); };
    handlers.end_of_input = [&] {
        input_ended = true;
        if (play_state != playback::PlayState::playing) shell->post_quit();
    };
    handlers.error = [&](std::string message) {
        json.error(std::move(message), SteadyClock::instance());
    };
    handlers.extra = [&](std::string_view line) { return kiosk_command(line, *shell, json); };
    ControlChannel channel(STDIN_FILENO, ControlChannel::Mode::lines, handlers);
    if (options.commands) channel.start();
    std::unique_ptr<TerminalReader> terminal;
    if (!options.commands && !shell->has_display() && ::isatty(STDIN_FILENO))
        terminal = std::make_unique<TerminalReader>(*shell);

    ui::sdl::ShellHooks hooks;
    hooks.screenshot = [&](const std::string& path, ui::Size s, bool ok,
                           const std::string& message) {
        if (!ok) return json.error("screenshot " + path + ": " + message, SteadyClock::instance());
        kiosk_json.write("screenshot", ",\"path\":" + json::quote(path) +
                                           ",\"width\":" + std::to_string(s.w) +
                                           ",\"height\":" + std::to_string(s.h));
    };
    hooks.error = [&](const std::string& message) {
        if (options.commands) {
            json.error(message, SteadyClock::instance());
        } else {
            log::warning(message);
        }
    };

    // systemd (Type=notify): ready once the first frame is up (the audio device is open by now);
    // the watchdog is fed from the interface loop, and only while the audio callback also makes
    // progress, stands by (nothing to hear) or a lost device is being reopened in time, so a hung
    // interface, a device that stopped unnoticed or a reopen that hangs gets the kiosk restarted.
    bool told_ready = false;
    hooks.frame_shown = [&] {
        // After the frame reached the screen: what bench/ measures key-to-screen and start-up by.
        kiosk_json.write("frame", ",\"revision\":" + std::to_string(session.revision()));
        if (told_ready) return;
        told_ready = true;
        systemd::ready(audio_ok ? "ready" : "ready, without sound: no audio device");
    };
    std::uint64_t callbacks_seen = 0;
    if (const auto interval = systemd::watchdog_interval()) {
        hooks.heartbeat_every =
            std::chrono::duration_cast<std::chrono::milliseconds>(*interval / 2);
        hooks.heartbeat = [&] {
            const std::uint64_t callbacks = (*sink)->engine().callbacks();
            const bool advancing = callbacks != callbacks_seen;
            callbacks_seen = callbacks;
            if (!advancing && !audio_watch.recovering_in_time() && !audio_watch.standing_by())
                return systemd::status("the audio device has stopped answering");
            systemd::watchdog();
        };
    }

    session.start();
    shell->run(session, hooks);
    systemd::stopping();
    audio_watch.stop(); // no reopen while closing down

    // ---- a clean end: stop input, fade out, close the device ----
    terminal.reset();
    channel.stop();
    driver.shutdown();
    std::this_thread::sleep_for(
        std::chrono::milliseconds(static_cast<int>((*sink)->buffer_ms()) * 2 + 20));
    (*sink)->close();
    return 0;
}

} // namespace lectern::app
