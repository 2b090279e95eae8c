// Implementation of ui/sdl/fonts.hpp (fontconfig + SDL_ttf).
#include "ui/sdl/fonts.hpp"

#include "core/log.hpp"
#include "core/utf8.hpp"

#include <fontconfig/fontconfig.h>

#include <algorithm>

namespace lectern::ui::sdl {

namespace {
bool same_family(std::string_view a, std::string_view b) {
    return utf8::ascii_lower(a) == utf8::ascii_lower(b);
}

/// fontconfig always answers with *some* font; only accept it when it is the family asked for.
std::optional<FontFile> match_family(FcConfig* config, const std::string& family) {
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
    FcPatternAddInteger(pattern, FC_WEIGHT, FC_WEIGHT_BOLD);
    FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN);
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(config, pattern, &result);
    FcPatternDestroy(pattern);
    if (!match) return std::nullopt;
    std::optional<FontFile> out;
    bool family_ok = false;
    FcChar8* name = nullptr;
    for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &name) == FcResultMatch; ++i)
        if (same_family(reinterpret_cast<const char*>(name), family)) family_ok = true;
    int weight = 0, index = 0;
    FcChar8* file = nullptr;
    FcPatternGetInteger(match, FC_WEIGHT, 0, &weight);
    FcPatternGetInteger(match, FC_INDEX, 0, &index);
    if (family_ok && weight >= FC_WEIGHT_BOLD &&
        FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
        out = FontFile{family, reinterpret_cast<const char*>(file), index};
    FcPatternDestroy(match);
    return out;
}
} // namespace

const std::vector<std::string>& preferred_families() {
    static const std::vector<std::string> families{"Atkinson Hyperlegible", "B612", "DejaVu Sans"};
    return families;
}

Result<FontFile> find_font(const std::vector<std::string>& families) {
    // A configuration of our own, destroyed after the look-up: nothing of fontconfig stays alive
    // (or shows up in leak checks) once the font file is known.
    FcConfig* config = FcInitLoadConfigAndFonts();
    if (!config) return make_error("fontconfig could not start; reinstall the fontconfig package");
    std::optional<FontFile> found;
    for (const auto& f : families)
        if (!found) found = match_family(config, f);
    FcConfigDestroy(config);
    if (found) return *found;
    std::string names;
    for (const auto& f : families)
        names += (names.empty() ? "" : ", ") + f;
    return make_error("no bold font of " + names +
                      " is installed; install fonts-dejavu-core (scripts/deps.sh)");
}

Result<std::unique_ptr<Fonts>> Fonts::create() {
    auto file = find_font(preferred_families());
    if (!file) return file.error();
    if (TTF_Init() != 0) // reference-counted since SDL_ttf 2.0.18; the destructor balances it
        return make_error(std::string("SDL_ttf could not start: ") + TTF_GetError());
    std::unique_ptr<Fonts> fonts(new Fonts(*file));
    if (!fonts->at(48))
        return make_error("cannot open the font " + file->path + ": " + TTF_GetError());
    log::info("font: " + file->family + " (" + file->path + ")");
    return fonts;
}

Fonts::~Fonts() {
    for (auto& [px, font] : m_fonts)
        if (font) TTF_CloseFont(font);
    m_fonts.clear();
    TTF_Quit();
}

TTF_Font* Fonts::at(int px) const {
    px = std::clamp(px, 4, 1000);
    if (auto it = m_fonts.find(px); it != m_fonts.end()) return it->second;
    TTF_Font* font = TTF_OpenFontIndex(m_file.path.c_str(), px, m_file.index);
    if (font) TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    m_fonts[px] = font;
    return font;
}

int Fonts::width(std::string_view utf8, int px) const {
    std::string key = std::to_string(px) + ":";
    key.append(utf8);
    if (auto it = m_widths.find(key); it != m_widths.end()) return it->second;
    int w = 0, h = 0;
    TTF_Font* font = at(px);
    const std::string text(utf8);
    if (!font || TTF_SizeUTF8(font, text.c_str(), &w, &h) != 0)
        w = static_cast<int>(utf8.size()) * px;
    if (m_widths.size() > 50000) m_widths.clear(); // bounded: the kiosk runs for months
    m_widths.emplace(std::move(key), w);
    return w;
}

int Fonts::line_height(int px) const {
    // Kept per size: the layout asks for every line of every frame, and shaping the probe below
    // each time was 16 % of the kiosk's instructions while reading (bench/README.md).
    if (auto it = m_line_heights.find(px); it != m_line_heights.end()) return it->second;
    TTF_Font* font = at(px);
    if (!font) return px * 6 / 5;
    // A rendered line can be a pixel taller than TTF_FontHeight (accents, descenders): measure a
    // line that has both, so a line box always holds its text whole.
    int w = 0, h = 0;
    TTF_SizeUTF8(font, "ÁÉÍÓÚÑgjpqy|", &w, &h);
    const int height = std::max({TTF_FontLineSkip(font), TTF_FontHeight(font), h});
    m_line_heights.emplace(px, height);
    return height;
}

} // namespace lectern::ui::sdl
