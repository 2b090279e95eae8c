// Rendering, checked from the pixels: every screen × theme × text size at the three screen sizes is
// painted with the real font by SDL's software renderer (SDL_VIDEODRIVER=dummy, no display), and
// for every text run the contrast between its glyphs and what is behind them is measured from the
// pixels (WCAG, at least 7:1) and every glyph pixel of the text is found on screen (nothing cut off
// or painted over). Screenshots: the PNG encoder's output decodes back to the same pixels.
#include "ui/sdl/fonts.hpp"
#include "ui/sdl/image_file.hpp"
#include "ui/sdl/painter.hpp"
#include "ui/theme.hpp"
#include "ui_test_util.hpp"

#include <doctest/doctest.h>

#include <SDL.h>
#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <map>

using namespace lectern::ui;
using namespace lectern::ui::test;

namespace {

struct Sdl {
    Sdl() {
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        REQUIRE(SDL_Init(SDL_INIT_VIDEO) == 0);
    }
    ~Sdl() { SDL_Quit(); }
};

Rgb pixel(const SDL_Surface* s, int x, int y) {
    const auto* row =
        static_cast<const std::uint8_t*>(s->pixels) + static_cast<std::ptrdiff_t>(y) * s->pitch;
    std::uint32_t v = 0;
    std::memcpy(&v, row + x * 4, 4);
    std::uint8_t r = 0, g = 0, b = 0;
    SDL_GetRGB(v, s->format, &r, &g, &b);
    return {r, g, b};
}

int distance(Rgb a, Rgb b) {
    return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b);
}

/// Pixels nearer the text colour than the background: the text's own pixels.
int text_pixels(const SDL_Surface* s, Rect r, Rgb fg, Rgb bg) {
    int n = 0;
    for (int y = std::max(r.y, 0); y < std::min(r.bottom(), s->h); ++y)
        for (int x = std::max(r.x, 0); x < std::min(r.right(), s->w); ++x) {
            const Rgb p = pixel(s, x, y);
            if (distance(p, fg) < distance(p, bg)) ++n;
        }
    return n;
}

/// The text painted on its own on its background: how many pixels it has when nothing covers it.
int pixels_alone(TTF_Font* font, const std::string& text, Rgb fg, Rgb bg) {
    SDL_Surface* glyphs =
        TTF_RenderUTF8_Blended(font, text.c_str(), SDL_Color{fg.r, fg.g, fg.b, 255});
    REQUIRE(glyphs != nullptr);
    SDL_Surface* canvas =
        SDL_CreateRGBSurfaceWithFormat(0, glyphs->w, glyphs->h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(canvas, nullptr, SDL_MapRGB(canvas->format, bg.r, bg.g, bg.b));
    SDL_BlitSurface(glyphs, nullptr, canvas, nullptr);
    const int n = text_pixels(canvas, {0, 0, canvas->w, canvas->h}, fg, bg);
    SDL_FreeSurface(canvas);
    SDL_FreeSurface(glyphs);
    return n;
}

struct RunCheck {
    double contrast = 0;
    Rgb background, glyph;
    int glyphs_on_screen = 0;
};

/// Measures one text run in the painted pixels: the background is the commonest colour of its
/// rectangle; the glyph colour is the commonest of the pixels farthest (in luminance contrast)
/// from it, which leaves out the antialiased edges.
RunCheck measure_run(const SDL_Surface* s, const TextRun& t, int w, int h) {
    std::map<std::uint32_t, int> counts;
    const auto key = [](Rgb c) {
        return (std::uint32_t(c.r) << 16) | (std::uint32_t(c.g) << 8) | c.b;
    };
    const auto rgb = [](std::uint32_t k) {
        return Rgb{std::uint8_t(k >> 16), std::uint8_t(k >> 8), std::uint8_t(k)};
    };
    for (int y = t.y; y < std::min(t.y + h, s->h); ++y)
        for (int x = t.x; x < std::min(t.x + w, s->w); ++x)
            ++counts[key(pixel(s, x, y))];
    RunCheck r;
    int best = 0;
    for (const auto& [k, n] : counts)
        if (n > best) best = n, r.background = rgb(k);
    double max_contrast = 1;
    for (const auto& [k, n] : counts)
        max_contrast = std::max(max_contrast, contrast_ratio(rgb(k), r.background));
    best = 0;
    for (const auto& [k, n] : counts)
        if (contrast_ratio(rgb(k), r.background) >= 0.9 * max_contrast && n > best)
            best = n, r.glyph = rgb(k);
    r.contrast = contrast_ratio(r.glyph, r.background);
    r.glyphs_on_screen = text_pixels(s, {t.x, t.y, w, h}, r.glyph, r.background);
    return r;
}

void check_screen(const ViewModel& vm, const Theme& theme, const LayoutParams& p,
                  const sdl::Fonts& fonts, std::map<std::string, int>& glyph_cache) {
    SDL_Surface* surface =
        SDL_CreateRGBSurfaceWithFormat(0, p.window.w, p.window.h, 32, SDL_PIXELFORMAT_ARGB8888);
    REQUIRE(surface != nullptr);
    SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
    REQUIRE(renderer != nullptr);
    const Frame frame = layout(vm, strings(), p, fonts);
    {
        sdl::Painter painter(renderer, fonts);
        painter.paint(frame, theme);
        SDL_RenderPresent(renderer);
    }
    const Rect screen{0, 0, p.window.w, p.window.h};
    REQUIRE_FALSE(frame.texts.empty());
    for (const auto& t : frame.texts) {
        CAPTURE(t.text);
        CAPTURE(t.px);
        int w = 0, h = 0;
        TTF_SizeUTF8(fonts.at(t.px), t.text.c_str(), &w, &h);
        // The rendered text lies inside its box, and its box inside the screen.
        CHECK(t.x >= t.box.x);
        CHECK(t.x + w <= t.box.right());
        CHECK(t.y + h <= t.box.bottom());
        CHECK(t.box.inside(screen));
        const RunCheck r = measure_run(surface, t, w, h);
        CHECK(r.background == theme.color(t.bg));
        CHECK(distance(r.glyph, theme.color(t.fg)) <= 6);
        CHECK(r.contrast >= 7.0);
        // Every glyph pixel of the text is there: nothing cut off, nothing painted over it.
        const Rgb fg = theme.color(t.fg), bg = theme.color(t.bg);
        const auto hex = [](Rgb c) { return std::to_string((c.r << 16) | (c.g << 8) | c.b); };
        const std::string key = std::to_string(t.px) + "/" + hex(fg) + "/" + hex(bg) + "/" + t.text;
        auto it = glyph_cache.find(key);
        if (it == glyph_cache.end())
            it = glyph_cache.emplace(key, pixels_alone(fonts.at(t.px), t.text, fg, bg)).first;
        const int expected = it->second;
        CHECK(expected > 0);
        CHECK(std::abs(r.glyphs_on_screen - expected) <= 2 + expected / 200);
    }
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
}

} // namespace

TEST_CASE(
    "every screen, theme and text size: text at least 7:1 from the pixels, and never clipped") {
    Sdl sdl;
    auto fonts = sdl::Fonts::create();
    REQUIRE(fonts.ok());
    std::map<std::string, int> glyph_cache;
    for (const Size s : screen_sizes())
        for (const TextSize ts : text_sizes())
            for (const auto& theme : themes()) {
                const LayoutParams p{s, ts};
                // The banner for "no sound" is checked on the 7" panel only (it is the same run).
                for (const bool audio :
                     s.w == 800 ? std::vector<bool>{true, false} : std::vector<bool>{true})
                    for (const auto& vm : sample_screens(p, **fonts, audio)) {
                        CAPTURE(theme.name);
                        CAPTURE(std::string(to_string(vm.screen)));
                        CAPTURE(s.w);
                        CAPTURE(s.h);
                        CAPTURE(std::string(to_string(ts)));
                        CAPTURE(audio);
                        check_screen(vm, theme, p, **fonts, glyph_cache);
                    }
            }
}

TEST_CASE("the pixel check is not vacuous: text pushed off the screen or painted over is caught") {
    Sdl sdl;
    auto fonts = sdl::Fonts::create();
    REQUIRE(fonts.ok());
    const Theme& theme = lectern::ui::theme(ThemeId::white_on_blue);
    SDL_Surface* surface =
        SDL_CreateRGBSurfaceWithFormat(0, 200, 100, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
    Frame f;
    f.boxes.push_back(Box{{0, 0, 200, 100}, ColorRole::background, ColorRole::background, 0});
    f.texts.push_back(
        TextRun{"Clipped", 150, 10, 36, ColorRole::text, ColorRole::background, {0, 0, 200, 100}});
    {
        sdl::Painter painter(renderer, **fonts);
        painter.paint(f, theme);
        SDL_RenderPresent(renderer);
    }
    int w = 0, h = 0;
    TTF_SizeUTF8((*fonts)->at(36), "Clipped", &w, &h);
    const int on_screen = text_pixels(surface, {150, 10, w, h}, theme.color(ColorRole::text),
                                      theme.color(ColorRole::background));
    const int alone = pixels_alone((*fonts)->at(36), "Clipped", theme.color(ColorRole::text),
                                   theme.color(ColorRole::background));
    CHECK(on_screen < alone / 2);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
}

TEST_CASE(
    "at 800x480 with the real font: labels stay large and the reading text is at least 48 px") {
    Sdl sdl;
    auto fonts = sdl::Fonts::create();
    REQUIRE(fonts.ok());
    const LayoutParams p{{800, 480}, TextSize::normal};
    for (const auto& vm : sample_screens(p, **fonts)) {
        const Frame f = layout(vm, strings(), p, **fonts);
        for (const auto& t : f.texts) {
            CAPTURE(t.text);
            CAPTURE(std::string(to_string(vm.screen)));
            CHECK(t.px >= 24); // the label floor of layout.hpp
            if (t.fg == ColorRole::highlight_text) CHECK(t.px >= 48);
        }
    }
}

TEST_CASE("fontconfig finds a bold sans serif by family, never by path") {
    const auto f = sdl::find_font(sdl::preferred_families());
    REQUIRE(f.ok());
    CHECK_FALSE(f->path.empty());
    CHECK(sdl::find_font({"No Such Family Anywhere"}).error().message.find("No Such Family") !=
          std::string::npos);
}

TEST_CASE("the PNG encoder writes an image that decodes to the same pixels") {
    const int w = 5, h = 3;
    std::vector<std::uint8_t> rgb(w * h * 3);
    for (std::size_t i = 0; i < rgb.size(); ++i)
        rgb[i] = static_cast<std::uint8_t>(i * 7);
    const auto png = sdl::encode_png(rgb.data(), w, h);
    REQUIRE(png.size() > 50);
    CHECK(
        std::equal(png.begin(), png.begin() + 8,
                   std::vector<std::uint8_t>{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}.begin()));
    const auto be32 = [&](std::size_t at) {
        return (std::uint32_t(png[at]) << 24) | (std::uint32_t(png[at + 1]) << 16) |
               (std::uint32_t(png[at + 2]) << 8) | png[at + 3];
    };
    CHECK(be32(16) == w);
    CHECK(be32(20) == h);
    const std::size_t idat = 8 + 12 + 13; // signature, IHDR chunk
    const std::uint32_t len = be32(idat);
    CHECK(std::string(png.begin() + idat + 4, png.begin() + idat + 8) == "IDAT");
    std::vector<std::uint8_t> raw((w * 3 + 1) * h);
    uLongf raw_len = raw.size();
    REQUIRE(uncompress(raw.data(), &raw_len, png.data() + idat + 8, len) == Z_OK);
    for (int y = 0; y < h; ++y) {
        CHECK(raw[y * (w * 3 + 1)] == 0);
        CHECK(std::equal(rgb.begin() + y * w * 3, rgb.begin() + (y + 1) * w * 3,
                         raw.begin() + y * (w * 3 + 1) + 1));
    }
}

TEST_CASE("repainting only the changed area gives the same pixels as painting the whole frame") {
    Sdl sdl;
    auto fonts = sdl::Fonts::create();
    REQUIRE(fonts.ok());
    const LayoutParams p{{800, 480}, TextSize::normal};
    ViewModel vm = sample_screens(p, **fonts)[1]; // the reader, a word highlighted
    const auto& sentence = bundled_article()->sections[3].sentences[1].text;
    const Theme& theme = lectern::ui::theme(ThemeId::yellow_on_black);
    const auto surface = [&] {
        return SDL_CreateRGBSurfaceWithFormat(0, p.window.w, p.window.h, 32,
                                              SDL_PIXELFORMAT_ARGB8888);
    };
    SDL_Surface* kept = surface();
    SDL_Surface* fresh = surface();
    SDL_Renderer* kept_renderer = SDL_CreateSoftwareRenderer(kept);
    SDL_Renderer* fresh_renderer = SDL_CreateSoftwareRenderer(fresh);
    sdl::Painter kept_painter(kept_renderer, **fonts);
    Frame shown = layout(vm, strings(), p, **fonts);
    kept_painter.show(shown, theme);
    int partial = 0;
    // Word after word to the end of the sentence, as while reading.
    while (vm.reading.word_offset + vm.reading.word_length + 1 < sentence.size()) {
        vm.reading.word_offset += vm.reading.word_length + 1;
        const auto end = sentence.find(' ', vm.reading.word_offset);
        vm.reading.word_length =
            (end == std::string::npos ? sentence.size() : end) - vm.reading.word_offset;
        const Frame next = layout(vm, strings(), p, **fonts);
        const auto area = changed_area(shown, next); // nullopt: another shape, all of it
        partial += area && area->w > 0;
        kept_painter.show(next, theme); // what the kiosk calls: repaints `area` only
        SDL_RenderPresent(kept_renderer);
        shown = next;
    }
    CHECK(partial > 3);
    {
        sdl::Painter painter(fresh_renderer, **fonts);
        painter.paint(shown, theme);
        SDL_RenderPresent(fresh_renderer);
    }
    REQUIRE(kept->pitch == fresh->pitch);
    const auto bytes = static_cast<std::size_t>(kept->pitch) * static_cast<std::size_t>(kept->h);
    CHECK(std::memcmp(kept->pixels, fresh->pixels, bytes) == 0);
    SDL_DestroyRenderer(kept_renderer);
    SDL_DestroyRenderer(fresh_renderer);
    SDL_FreeSurface(kept);
    SDL_FreeSurface(fresh);
}
