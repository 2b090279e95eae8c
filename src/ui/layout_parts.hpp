// Building blocks shared by the layout of each screen (layout.cpp, layout_reader.cpp): buttons,
// fitted labels and the button grid. Internal to the ui module; pure; any thread.
#pragma once

#include "ui/layout.hpp"

#include <string>
#include <vector>

namespace lectern::ui::parts {

struct Ctx {
    const ViewModel& vm;
    const Strings& s;
    const Metrics& mt;
    const TextMeasure& m;
    Frame& frame;
    ItemRef focus;
};

/// Adds fitted, centred (or left-aligned) lines of text inside `box`, shrinking as needed.
void add_text(Ctx& c, std::string_view text, Rect box, int px, ColorRole fg, ColorRole bg,
              bool centre, int min_px = -1);
/// A pressable item: box (inverted when focused), its label fitted inside, and a hit target.
void add_button(Ctx& c, ItemRef item, Rect r, const std::string& text, bool centre = true);
/// A row of equal cells across `r`; returns them.
std::vector<Rect> split_row(Rect r, int cells, int gap);
/// The "sound is not available" banner at the top of `area`; returns the area left below it.
Rect add_banner(Ctx& c, Rect area);

/// The reader screen (layout_reader.cpp) over the whole window.
void layout_reader(Ctx& c, Rect screen);

} // namespace lectern::ui::parts
