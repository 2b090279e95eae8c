// Shell: the kiosk's window and event loop on top of SDL2, behind an SDL-free interface so that
// app/ never includes SDL. It owns the window, the renderer, the fonts and the painter; it turns
// SDL input into Session calls and draws the Session's frame only when something changed.
//
// Threads (DESIGN.md §3): the UI thread (main) constructs the Shell and calls run(); every SDL call
// happens there. post_*() may be called from any thread (the playback thread's EventSink, the
// control channel, the signal watcher): they only copy their arguments into an SDL user event
// (SDL_PushEvent is thread-safe) and wake the loop.
//
// Idle means asleep: with X11 or Wayland the loop blocks in SDL_WaitEventTimeout; with drivers
// whose wait would poll every millisecond (dummy, no display at all) it blocks on a condition
// variable that post_*() signals; only drivers that read input devices themselves (kmsdrm on a Pi)
// are pumped, every 20 ms. No frame is drawn unless the Session's revision changed.
// No display: create() logs one line and the Shell runs audio-only (no window; keys and commands
// still arrive through post_*()).
#pragma once

#include "playback/events.hpp"
#include "ui/frame.hpp"
#include "ui/session.hpp"
#include "ui/text_fit.hpp"
#include "ui/theme.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace lectern::ui::sdl {

struct ShellOptions {
    std::optional<Size> window; ///< a window of this size; full screen when absent
    ThemeId theme = ThemeId::yellow_on_black;
    std::string title = "Lectern";
};

struct ShellHooks {
    /// A screenshot was saved (ok) or not (message says why).
    std::function<void(const std::string& path, Size size, bool ok, const std::string& message)>
        screenshot;
    /// An injected input could not be used (unknown key, tap without a display).
    std::function<void(const std::string& message)> error;
    /// After each frame reaches the screen (and once at the start when audio-only): the kiosk
    /// tells systemd it is ready after the first.
    std::function<void()> frame_shown;
    /// Called at least every `heartbeat_every` while the loop runs (zero: never), from the loop
    /// itself, so it only beats while the interface is alive: the systemd watchdog.
    std::function<void()> heartbeat;
    std::chrono::milliseconds heartbeat_every{0};
};

class Shell {
  public:
    /// Starts SDL with a window, or audio-only when no display (or no font) is available.
    static std::unique_ptr<Shell> create(const ShellOptions& options);
    ~Shell();
    Shell(const Shell&) = delete;
    Shell& operator=(const Shell&) = delete;

    bool has_display() const;
    /// The text measure for the Session's layout (the real fonts, or an estimate when audio-only).
    const TextMeasure& measure() const;
    /// The drawable size in pixels (800×480 nominal when audio-only).
    Size size() const;

    // ---- any thread ----
    void post_event(const playback::Event& e);
    void post_key(std::string name, bool down);
    void post_tap(Point p);
    void post_screenshot(std::string path);
    /// Runs `call` on the UI thread, in order with the other posts (e.g. the audio banner from the
    /// device supervisor's thread). It may use the Session; it must not block.
    void post_call(std::function<void()> call);
    void post_quit();

    // ---- UI thread ----
    /// Paints with this theme from the next frame on (staff changed the default).
    void set_theme(ThemeId theme);
    /// Runs until post_quit(). The session's layout follows the window.
    void run(Session& session, const ShellHooks& hooks);

  private:
    struct Impl;
    explicit Shell(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace lectern::ui::sdl
