// Implementation of ui/sdl/shell.hpp: SDL start-up, the event loop, input translation.
#include "ui/sdl/shell.hpp"

#include "core/clock.hpp"
#include "core/log.hpp"
#include "ui/keymap.hpp"
#include "ui/sdl/fonts.hpp"
#include "ui/sdl/image_file.hpp"
#include "ui/sdl/painter.hpp"

#include <SDL.h>

#include <condition_variable>
#include <mutex>
#include <string_view>

namespace lectern::ui::sdl {

namespace {

enum UserEvent : Sint32 { kPlayback, kKey, kTap, kScreenshot, kCall, kQuit };

struct KeyPayload {
    std::string name;
    bool down = true;
};

/// Wakes the loop when it sleeps on a condition variable rather than in SDL.
struct Waker {
    std::mutex mutex;
    std::condition_variable cv;
    bool signalled = false;
    void signal() {
        {
            std::lock_guard lock(mutex);
            signalled = true;
        }
        cv.notify_one();
    }
    /// Sleeps until signalled or the timeout (ms, negative = none) passes.
    void wait(int timeout_ms) {
        std::unique_lock lock(mutex);
        if (timeout_ms < 0) {
            cv.wait(lock, [&] { return signalled; });
        } else {
            cv.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return signalled; });
        }
        signalled = false;
    }
};

std::string key_name(const SDL_Keysym& k) {
    const char* name = SDL_GetKeyName(k.sym);
    if (!name || !*name) name = SDL_GetScancodeName(k.scancode);
    return normalize_key_name(name ? name : "");
}

} // namespace

struct Shell::Impl {
    bool display = false;
    SDL_Window* window = nullptr;
    SDL_Renderer* renderer = nullptr;
    std::unique_ptr<Fonts> fonts;
    std::unique_ptr<Painter> painter;
    ApproxMeasure approx;
    const Theme* theme = &ui::theme(ThemeId::yellow_on_black);
    Uint32 event_type = 0;
    enum class Wait { sdl, waker, pump } wait_mode = Wait::waker;
    Waker waker;
    bool quit = false;
    std::optional<SDL_FingerID> finger; // the one finger being followed

    ~Impl() {
        drain();
        painter.reset();
        fonts.reset();
        if (renderer) SDL_DestroyRenderer(renderer);
        if (window) SDL_DestroyWindow(window);
        SDL_Quit();
    }

    /// Frees the payloads of user events still queued.
    void drain() {
        if (event_type == 0) return;
        SDL_Event ev;
        while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, event_type, event_type) > 0)
            release(ev);
    }

    void release(const SDL_Event& ev) {
        switch (ev.user.code) {
        case kPlayback:
            delete static_cast<playback::Event*>(ev.user.data1);
            break;
        case kKey:
            delete static_cast<KeyPayload*>(ev.user.data1);
            break;
        case kTap:
            delete static_cast<Point*>(ev.user.data1);
            break;
        case kScreenshot:
            delete static_cast<std::string*>(ev.user.data1);
            break;
        case kCall:
            delete static_cast<std::function<void()>*>(ev.user.data1);
            break;
        default:
            break;
        }
    }

    template <class T> void push(Sint32 code, T* payload) {
        SDL_Event ev{};
        ev.type = event_type;
        ev.user.code = code;
        ev.user.data1 = payload;
        if (SDL_PushEvent(&ev) != 1) release(ev); // queue full or SDL gone: drop it, never leak
        waker.signal();
    }

    Size size() const {
        if (!renderer) return {800, 480};
        int w = 0, h = 0;
        SDL_GetRendererOutputSize(renderer, &w, &h);
        return {w, h};
    }

    /// Window coordinates to drawable pixels (they differ on high-density displays).
    Point to_pixels(int x, int y) const {
        int ww = 0, wh = 0;
        SDL_GetWindowSize(window, &ww, &wh);
        const Size s = size();
        if (ww <= 0 || wh <= 0) return {x, y};
        return {x * s.w / ww, y * s.h / wh};
    }

    void draw(Session& session) { painter->show(session.frame(), *theme); }

    void handle(const SDL_Event& ev, Session& session, const ShellHooks& hooks,
                std::uint64_t& drawn) {
        const Nanos now = SteadyClock::instance().now();
        switch (ev.type) {
        case SDL_KEYDOWN:
        case SDL_KEYUP:
            if (ev.key.repeat) return; // a held key is one press (and Help held is learn mode)
            session.key(key_name(ev.key.keysym), ev.type == SDL_KEYDOWN, now);
            return;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            if (ev.button.which == SDL_TOUCH_MOUSEID) return; // the finger events handle touch
            session.pointer(to_pixels(ev.button.x, ev.button.y), ev.type == SDL_MOUSEBUTTONDOWN,
                            now);
            return;
        case SDL_FINGERDOWN:
        case SDL_FINGERUP: {
            if (ev.tfinger.touchId == SDL_MOUSE_TOUCHID) return;
            const bool down = ev.type == SDL_FINGERDOWN;
            // Follow one finger at a time: a palm or a second finger must not press other buttons.
            if (down && finger) return;
            if (!down && finger != ev.tfinger.fingerId) return;
            finger = down ? std::optional<SDL_FingerID>(ev.tfinger.fingerId) : std::nullopt;
            const Size s = size();
            session.pointer({static_cast<int>(ev.tfinger.x * static_cast<float>(s.w)),
                             static_cast<int>(ev.tfinger.y * static_cast<float>(s.h))},
                            down, now);
            return;
        }
        case SDL_WINDOWEVENT:
            if (ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                session.set_layout({size(), session.layout_params().text_size});
            if (ev.window.event == SDL_WINDOWEVENT_EXPOSED) drawn = 0;
            return;
        default:
            break;
        }
        if (ev.type != event_type) return; // SDL_QUIT and the rest: a kiosk does not close
        switch (ev.user.code) {
        case kPlayback:
            session.playback_event(*static_cast<playback::Event*>(ev.user.data1));
            break;
        case kKey: {
            const auto* k = static_cast<KeyPayload*>(ev.user.data1);
            // Reported once, for the press (a `key` command sends the press and the release).
            if (!session.key(k->name, k->down, now) && k->down && hooks.error)
                hooks.error("unknown key '" + k->name + "'");
            break;
        }
        case kTap: {
            const auto* p = static_cast<Point*>(ev.user.data1);
            if (!display) {
                if (hooks.error) hooks.error("there is no screen to tap");
                break;
            }
            session.pointer(*p, true, now);
            session.pointer(*p, false, now);
            break;
        }
        case kScreenshot:
            screenshot(*static_cast<std::string*>(ev.user.data1), session, hooks);
            break;
        case kCall:
            (*static_cast<std::function<void()>*>(ev.user.data1))();
            break;
        case kQuit:
            quit = true;
            break;
        default:
            break;
        }
        release(ev);
    }

    void screenshot(const std::string& path, Session& session, const ShellHooks& hooks) {
        if (!display) {
            if (hooks.screenshot)
                hooks.screenshot(path, {}, false, "there is no screen to take a picture of");
            return;
        }
        draw(session);
        SDL_Surface* pixels = read_pixels(renderer);
        SDL_RenderPresent(renderer);
        auto saved = pixels ? save_image(pixels, path)
                            : Result<void>(make_error(std::string("cannot read the screen: ") +
                                                      SDL_GetError()));
        const Size s = pixels ? Size{pixels->w, pixels->h} : Size{};
        if (pixels) SDL_FreeSurface(pixels);
        if (hooks.screenshot)
            hooks.screenshot(path, s, saved.ok(), saved.ok() ? "" : saved.error().message);
    }

    /// Sleeps until input, a posted event, the session's deadline or `also` (a heartbeat).
    bool wait(const Session& session, SDL_Event& ev, std::optional<Nanos> also = std::nullopt) {
        int timeout = -1;
        auto deadline = session.deadline();
        if (also) deadline = deadline ? std::min(*deadline, *also) : *also;
        if (const auto d = deadline) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                *d - SteadyClock::instance().now());
            timeout = static_cast<int>(std::max<long long>(0, left.count()) + 1);
        }
        switch (wait_mode) {
        case Wait::sdl:
            return timeout < 0 ? SDL_WaitEvent(&ev) == 1 : SDL_WaitEventTimeout(&ev, timeout) == 1;
        case Wait::pump:
            waker.wait(timeout < 0 ? 20 : std::min(timeout, 20));
            break;
        case Wait::waker:
            waker.wait(timeout);
            break;
        }
        return SDL_PollEvent(&ev) == 1;
    }
};

void Shell::set_theme(ThemeId id) {
    m_impl->theme = &theme(id);
}

Shell::Shell(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Shell::~Shell() = default;

std::unique_ptr<Shell> Shell::create(const ShellOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->theme = &theme(options.theme);
    // SIGINT/SIGTERM belong to the application (a clean shutdown), and closing the window must not
    // end a kiosk: keep SDL's signal handlers out.
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
    const auto audio_only = [&](const std::string& why) {
        log::warning("no display (" + why +
                     "); running audio-only, controlled by the keypad and commands");
        if (impl->renderer) SDL_DestroyRenderer(impl->renderer);
        if (impl->window) SDL_DestroyWindow(impl->window);
        impl->renderer = nullptr;
        impl->window = nullptr;
        impl->fonts.reset();
        // Only a video subsystem that started is stopped: quitting it again would also take the
        // event queue down with it, and the events are all the audio-only kiosk has left.
        if (SDL_WasInit(SDL_INIT_VIDEO) != 0) SDL_QuitSubSystem(SDL_INIT_VIDEO);
        impl->display = false;
        impl->wait_mode = Impl::Wait::waker;
    };
    if (SDL_Init(SDL_INIT_EVENTS) != 0) {
        log::error(std::string("SDL could not start: ") + SDL_GetError());
        return nullptr;
    }
    impl->event_type = SDL_RegisterEvents(1);
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        audio_only(SDL_GetError());
    } else {
        const Uint32 flags =
            options.window ? SDL_WINDOW_SHOWN : SDL_WINDOW_SHOWN | SDL_WINDOW_FULLSCREEN_DESKTOP;
        const Size want = options.window.value_or(Size{800, 480});
        impl->window = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED,
                                        SDL_WINDOWPOS_CENTERED, want.w, want.h, flags);
        if (impl->window) impl->renderer = SDL_CreateRenderer(impl->window, -1, 0);
        if (!impl->renderer)
            impl->renderer = impl->window
                                 ? SDL_CreateRenderer(impl->window, -1, SDL_RENDERER_SOFTWARE)
                                 : nullptr;
        auto fonts = Fonts::create();
        if (!impl->window || !impl->renderer) {
            audio_only(SDL_GetError());
        } else if (!fonts) {
            audio_only(fonts.error().message);
        } else {
            impl->fonts = std::move(*fonts);
            impl->painter = std::make_unique<Painter>(impl->renderer, *impl->fonts);
            impl->display = true;
            SDL_ShowCursor(SDL_DISABLE);
            const std::string_view driver = SDL_GetCurrentVideoDriver();
            if (driver == "x11" || driver == "wayland") {
                impl->wait_mode = Impl::Wait::sdl;
            } else if (driver == "dummy" || driver == "offscreen") {
                impl->wait_mode = Impl::Wait::waker; // no input devices: everything arrives by post
            } else {
                impl->wait_mode = Impl::Wait::pump;
            }
            SDL_RendererInfo info{};
            SDL_GetRendererInfo(impl->renderer, &info);
            const Size s = impl->size();
            log::info("display: " + std::string(driver) + ", " + std::to_string(s.w) + "x" +
                      std::to_string(s.h) + ", renderer " + (info.name ? info.name : "?"));
        }
    }
    return std::unique_ptr<Shell>(new Shell(std::move(impl)));
}

bool Shell::has_display() const {
    return m_impl->display;
}
const TextMeasure& Shell::measure() const {
    return m_impl->fonts ? static_cast<const TextMeasure&>(*m_impl->fonts) : m_impl->approx;
}
Size Shell::size() const {
    return m_impl->size();
}

void Shell::post_event(const playback::Event& e) {
    m_impl->push(kPlayback, new playback::Event(e));
}
void Shell::post_key(std::string name, bool down) {
    m_impl->push(kKey, new KeyPayload{std::move(name), down});
}
void Shell::post_tap(Point p) {
    m_impl->push(kTap, new Point(p));
}
void Shell::post_screenshot(std::string path) {
    m_impl->push(kScreenshot, new std::string(std::move(path)));
}
void Shell::post_call(std::function<void()> call) {
    m_impl->push(kCall, new std::function<void()>(std::move(call)));
}
void Shell::post_quit() {
    m_impl->push<void>(kQuit, nullptr);
}

void Shell::run(Session& session, const ShellHooks& hooks) {
    Impl& s = *m_impl;
    session.set_layout({s.size(), session.layout_params().text_size});
    std::uint64_t drawn = 0;
    if (!s.display && hooks.frame_shown) hooks.frame_shown();
    const bool beating = hooks.heartbeat && hooks.heartbeat_every.count() > 0;
    Nanos next_beat = SteadyClock::instance().now();
    while (!s.quit) {
        if (s.display && session.revision() != drawn) {
            s.draw(session);
            SDL_RenderPresent(s.renderer);
            drawn = session.revision();
            if (hooks.frame_shown) hooks.frame_shown();
        }
        if (beating && SteadyClock::instance().now() >= next_beat) {
            hooks.heartbeat();
            next_beat = SteadyClock::instance().now() + hooks.heartbeat_every;
        }
        SDL_Event ev;
        if (s.wait(session, ev, beating ? std::optional<Nanos>(next_beat) : std::nullopt)) {
            s.handle(ev, session, hooks, drawn);
            // Take everything already queued before drawing again: a burst of word events is one
            // frame.
            while (!s.quit && SDL_PollEvent(&ev) == 1)
                s.handle(ev, session, hooks, drawn);
        }
        session.tick(SteadyClock::instance().now());
    }
}

} // namespace lectern::ui::sdl
