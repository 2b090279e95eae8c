// Implementation of ui/sdl/painter.hpp.
#include "ui/sdl/painter.hpp"

#include <vector>

namespace lectern::ui::sdl {

namespace {
void set_color(SDL_Renderer* r, Rgb c) {
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, 255);
}
SDL_Rect to_sdl(const Rect& r) {
    return SDL_Rect{r.x, r.y, r.w, r.h};
}
} // namespace

Painter::Painter(SDL_Renderer* renderer, const Fonts& fonts)
    : m_renderer(renderer), m_fonts(fonts) {
    SDL_RendererInfo info{};
    m_keeps_pixels =
        SDL_GetRendererInfo(renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) != 0;
}

Painter::~Painter() {
    for (auto& [key, c] : m_cache)
        if (c.texture) SDL_DestroyTexture(c.texture);
}

const Painter::Cached* Painter::text(const std::string& utf8, int px, Rgb color) {
    std::string key = std::to_string(px) + "/" + std::to_string(color.r) + "," +
                      std::to_string(color.g) + "," + std::to_string(color.b) + "/" + utf8;
    if (auto it = m_cache.find(key); it != m_cache.end()) {
        it->second.used = m_paints;
        return &it->second;
    }
    TTF_Font* font = m_fonts.at(px);
    if (!font) return nullptr;
    SDL_Surface* surface =
        TTF_RenderUTF8_Blended(font, utf8.c_str(), SDL_Color{color.r, color.g, color.b, 255});
    if (!surface) return nullptr;
    Cached c;
    c.texture = SDL_CreateTextureFromSurface(m_renderer, surface);
    c.w = surface->w;
    c.h = surface->h;
    c.used = m_paints;
    SDL_FreeSurface(surface);
    if (!c.texture) return nullptr;
    return &m_cache.emplace(std::move(key), c).first->second;
}

void Painter::paint(const Frame& frame, const Theme& theme, std::optional<Rect> area) {
    ++m_paints;
    const SDL_Rect clip = area ? to_sdl(*area) : SDL_Rect{};
    SDL_RenderSetClipRect(m_renderer, area ? &clip : nullptr);
    SDL_SetRenderDrawBlendMode(m_renderer, SDL_BLENDMODE_NONE);
    for (const auto& b : frame.boxes) {
        if (area && !b.rect.intersects(*area)) continue;
        set_color(m_renderer, theme.color(b.fill));
        const SDL_Rect r = to_sdl(b.rect);
        SDL_RenderFillRect(m_renderer, &r);
        if (b.border_px > 0) {
            set_color(m_renderer, theme.color(b.border));
            const int t = b.border_px;
            const SDL_Rect sides[4] = {{r.x, r.y, r.w, t},
                                       {r.x, r.y + r.h - t, r.w, t},
                                       {r.x, r.y, t, r.h},
                                       {r.x + r.w - t, r.y, t, r.h}};
            SDL_RenderFillRects(m_renderer, sides, 4);
        }
    }
    for (const auto& t : frame.texts) {
        if (area && !t.box.intersects(*area)) continue;
        const Cached* c = text(t.text, t.px, theme.color(t.fg));
        if (!c) continue;
        const SDL_Rect dst{t.x, t.y, c->w, c->h};
        SDL_RenderCopy(m_renderer, c->texture, nullptr, &dst);
    }
    SDL_RenderSetClipRect(m_renderer, nullptr);
    // Forget texts not drawn for a while (old sentences), keeping the cache small. Each text is
    // one word's texture (about 36 kB at 800x480), and a page shows far fewer than this many:
    // with 600 the cache held some 20 MB after a few minutes of reading (bench/README.md).
    if (m_cache.size() > 160) {
        for (auto it = m_cache.begin(); it != m_cache.end();) {
            if (it->second.used + 4 < m_paints) {
                SDL_DestroyTexture(it->second.texture);
                it = m_cache.erase(it);
            } else {
                ++it;
            }
        }
    }
}

void Painter::show(Frame frame, const Theme& theme) {
    std::optional<Rect> area;
    if (m_keeps_pixels && m_shown && m_shown_theme == &theme) area = changed_area(*m_shown, frame);
    if (!area || area->w > 0) paint(frame, theme, area);
    m_shown = std::move(frame);
    m_shown_theme = &theme;
}

SDL_Surface* read_pixels(SDL_Renderer* renderer) {
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(renderer, &w, &h) != 0) return nullptr;
    SDL_Surface* s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return nullptr;
    if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) !=
        0) {
        SDL_FreeSurface(s);
        return nullptr;
    }
    return s;
}

} // namespace lectern::ui::sdl
