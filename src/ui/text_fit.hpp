// Fitting text into boxes without ever clipping it (DESIGN.md §6): wrap at spaces, break a word
// that is wider than the box between characters, and shrink the font (down to a floor) until the
// lines fit. Measurement is behind an interface so layout stays pure: ui/sdl/ measures with
// SDL_ttf, tests and the audio-only kiosk use ApproxMeasure. Pure; any thread.
#pragma once

#include "ui/frame.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lectern::ui {

class TextMeasure {
  public:
    virtual ~TextMeasure() = default;
    /// Width in pixels of one line of UTF-8 text at a font size.
    virtual int width(std::string_view utf8, int px) const = 0;
    /// Height of one line (baseline to baseline) at a font size.
    virtual int line_height(int px) const = 0;
};

/// A font-free estimate: bold sans serif averages about 0.62 em per character.
class ApproxMeasure final : public TextMeasure {
  public:
    int width(std::string_view utf8, int px) const override;
    int line_height(int px) const override { return px * 6 / 5; }
};

/// A word placed on a line: bytes [begin, end) of the source text.
struct PlacedWord {
    std::size_t begin = 0, end = 0;
    int line = 0;
    int x = 0, w = 0;
};

/// Places the words of `text` on lines no wider than `width` (a word wider than the line is split
/// between characters into pieces that fit). Returns the words in order; `lines` gets the count.
std::vector<PlacedWord> place_words(std::string_view text, int width, int px, const TextMeasure& m,
                                    int& lines);

/// The lines of `text` wrapped at `width`; a newline forces a break.
std::vector<std::string> wrap(std::string_view text, int width, int px, const TextMeasure& m);

struct Fitted {
    int px = 0;
    std::vector<std::string> lines;
    bool fits = false; ///< false: even at min_px it needs more height than the box has
};

/// The largest size from px down to min_px at which the wrapped text fits in `box`.
Fitted fit(std::string_view text, Size box, int px, int min_px, const TextMeasure& m);

} // namespace lectern::ui
