// Painter: draws a Frame (ui/frame.hpp) with a Theme on an SDL_Renderer: boxes, then text rendered
// with SDL_ttf (antialiased, "blended"). Text textures are cached between frames, since most of
// a screen stays the same from one word to the next. The layout guarantees every text fits its
// box, and the tests check it from the pixels; the only clipping is paint()'s `area`.
// UI thread only (the thread that owns the renderer).
#pragma once

#include "ui/frame.hpp"
#include "ui/sdl/fonts.hpp"
#include "ui/theme.hpp"

#include <SDL.h>

#include <string>
#include <unordered_map>

namespace lectern::ui::sdl {

class Painter {
  public:
    Painter(SDL_Renderer* renderer, const Fonts& fonts);
    ~Painter();
    Painter(const Painter&) = delete;
    Painter& operator=(const Painter&) = delete;

    /// area: repaint only there (ui::changed_area), on a renderer whose pixels persist between
    /// presents (the software renderer); everything outside is left as it was.
    void paint(const Frame& frame, const Theme& theme, std::optional<Rect> area = std::nullopt);
    /// Puts `frame` on the screen, remembering it. On the software renderer (SDL's dummy driver,
    /// or no GPU) the pixels stay between presents, so only what changed since the frame shown
    /// last is repainted: while reading, the highlight moving to the next word; a full 800x480
    /// repaint per word was most of the kiosk's own CPU time (bench/README.md). Other renderers
    /// may throw the back buffer away at each present (SDL's rule) and get the whole frame.
    void show(Frame frame, const Theme& theme);

  private:
    struct Cached {
        SDL_Texture* texture = nullptr;
        int w = 0, h = 0;
        std::uint64_t used = 0;
    };
    const Cached* text(const std::string& utf8, int px, Rgb color);

    SDL_Renderer* m_renderer;
    const Fonts& m_fonts;
    bool m_keeps_pixels = false;  // the software renderer: see show()
    std::optional<Frame> m_shown; // what the screen shows now, and in which theme
    const Theme* m_shown_theme = nullptr;
    std::unordered_map<std::string, Cached> m_cache;
    std::uint64_t m_paints = 0;
};

/// Reads the renderer's current target into a new 32-bit surface (nullptr on failure).
SDL_Surface* read_pixels(SDL_Renderer* renderer);

} // namespace lectern::ui::sdl
