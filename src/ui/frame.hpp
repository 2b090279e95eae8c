// The display list: what one screen looks like, as plain data. Layout produces a Frame from the
// view model; the SDL painter draws it; tests assert on it (sizes, overlaps, hit areas) and on the
// pixels painted from it. This is the "UI as a function of state" of Dear ImGui's backends: the
// painter knows nothing about screens, and the screens know nothing about SDL.
// Plain values; any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lectern::ui {

struct Size {
    int w = 0, h = 0;
    bool operator==(const Size&) const = default;
};

struct Point {
    int x = 0, y = 0;
};

struct Rect {
    int x = 0, y = 0, w = 0, h = 0;
    int right() const { return x + w; }
    int bottom() const { return y + h; }
    bool contains(Point p) const { return p.x >= x && p.x < right() && p.y >= y && p.y < bottom(); }
    bool intersects(const Rect& o) const {
        return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
    }
    bool inside(const Rect& o) const {
        return x >= o.x && y >= o.y && right() <= o.right() && bottom() <= o.bottom();
    }
    bool operator==(const Rect&) const = default;
};

/// Colours are named by role; the theme maps roles to RGB (see theme.hpp).
enum class ColorRole {
    background,
    text,
    dim_text,
    button,
    button_text,
    border,
    focus,      ///< the focused item's fill
    focus_text, ///< text on the focus fill
    highlight,  ///< the word being heard: fill
    highlight_text,
    banner, ///< "sound is not available"
    banner_text,
};

/// Everything the patient can focus, step through and act on.
enum class ItemKind {
    article,   ///< home: one article (index = catalog index)
    page_prev, ///< home and questions: the previous page
    page_next,
    help,
    home,
    prev_section,
    play_pause,
    next_section,
    repeat,
    slower,
    faster,
    quieter,
    louder,
    questions, ///< reader: the section heading, which opens the question list
    reading,   ///< reader: the text being read (Enter repeats the sentence)
    status,    ///< reader: "Section 3 of 12", which says where you are
    question,  ///< questions: one section (index = 0-based section)
    back,      ///< questions and help: go back
    help_text, ///< help: the explanation itself (Enter reads it again)
    more_help, ///< help: the next level of detail
    pin_digit, ///< staff PIN pad: one digit (index = the digit)
    pin_ok,    ///< staff PIN pad: check the PIN typed
    staff,     ///< staff menu: one entry (index = StaffEntry)
};

struct ItemRef {
    ItemKind kind = ItemKind::help;
    int index = -1;
    bool operator==(const ItemRef&) const = default;
};

/// A filled rectangle with an optional border drawn inside it.
struct Box {
    Rect rect;
    ColorRole fill = ColorRole::background;
    ColorRole border = ColorRole::border;
    int border_px = 0;
};

/// One line (or one word) of text. `box` is where it must fit (the layout guarantees the text's
/// measured width fits it); `bg` is the colour role painted behind it, for contrast checks.
struct TextRun {
    std::string text;
    int x = 0, y = 0; ///< top-left of the line box
    int px = 0;       ///< font size in pixels
    ColorRole fg = ColorRole::text;
    ColorRole bg = ColorRole::background;
    Rect box;
};

/// A touch or click area and the item it acts on.
struct Target {
    Rect rect;
    ItemRef item;
};

struct Frame {
    Size size;
    std::vector<Box> boxes; ///< painted in order, before the text
    std::vector<TextRun> texts;
    std::vector<Target> targets;
    /// The item under a point, if any.
    const Target* hit(Point p) const {
        for (const auto& t : targets)
            if (t.rect.contains(p)) return &t;
        return nullptr;
    }
};

/// What a painter that keeps its pixels between frames must repaint to turn `prev` into `next`:
/// the bounding box of every box and text that differs (where it was and where it is), empty
/// (w == 0) when nothing visible differs, nullopt when the two are not the same shape (another
/// size, another number of boxes or texts: repaint everything). While reading, a new word moves
/// the highlight and recolours two words, a strip of the screen.
std::optional<Rect> changed_area(const Frame& prev, const Frame& next);

} // namespace lectern::ui
