// Fonts: the kiosk's typeface found through fontconfig by family (Atkinson Hyperlegible when
// installed, else B612, else DejaVu Sans; bold), never by a hard-coded path, and opened with
// SDL_ttf at each pixel size the layout asks for. Implements TextMeasure for the layout.
// UI thread only (SDL_ttf is not thread-safe). Requires TTF_Init (done by create()).
#pragma once

#include "core/result.hpp"
#include "ui/text_fit.hpp"

#include <SDL_ttf.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lectern::ui::sdl {

struct FontFile {
    std::string family;
    std::string path;
    int index = 0;
};

/// The first installed family of `families` in bold (fontconfig); an error when none is.
Result<FontFile> find_font(const std::vector<std::string>& families);
/// The families the kiosk prefers, best first.
const std::vector<std::string>& preferred_families();

class Fonts final : public TextMeasure {
  public:
    /// Finds the font and initialises SDL_ttf. Fails (one line) when no usable font is installed.
    static Result<std::unique_ptr<Fonts>> create();
    ~Fonts() override;
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;

    const FontFile& file() const { return m_file; }
    /// The font at a pixel size (opened on first use, then kept).
    TTF_Font* at(int px) const;

    int width(std::string_view utf8, int px) const override;
    int line_height(int px) const override;

  private:
    explicit Fonts(FontFile f) : m_file(std::move(f)) {}
    FontFile m_file;
    mutable std::map<int, TTF_Font*> m_fonts;
    mutable std::unordered_map<std::string, int> m_widths; // "px:text" -> width
    mutable std::map<int, int> m_line_heights;             // px -> line height
};

} // namespace lectern::ui::sdl
