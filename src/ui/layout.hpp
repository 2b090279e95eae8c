// Layout: the rectangles and text runs of every screen for a window size and text size, as a
// Frame (frame.hpp). Pure: it reads the view model and measures text through TextMeasure, so the
// same code places things for the SDL painter, for hit-testing taps and for the tests.
//
// Sizes (DESIGN.md §6) are set for the official 7" panel (800×480) and scaled by
// s = min(W/800, H/480) in landscape, min(W/480, H/800) in portrait: reading text 48/60/72·s px for
// the three text sizes, labels 36/40/44·s px, every target at least 96·s px in both directions.
// Text is never clipped: it wraps, then shrinks (reading text not below 48·s px, labels not below
// 24·s px), and the reading area shows the page of whole lines that holds the word being heard.
// Any thread (pure), in practice the UI thread.
#pragma once

#include "core/result.hpp"
#include "ui/frame.hpp"
#include "ui/strings.hpp"
#include "ui/text_fit.hpp"
#include "ui/view_model.hpp"

#include <string_view>

namespace lectern::ui {

enum class TextSize { normal, large, largest };
/// "normal", "large", "largest" (or 1, 2, 3).
Result<TextSize> parse_text_size(std::string_view name);
const char* to_string(TextSize t);

struct Metrics {
    double scale = 1;
    bool portrait = false;
    int reading_px = 48, reading_min_px = 48;
    int label_px = 36, label_min_px = 24;
    int margin = 8, gap = 8, pad = 8;
    int target_min = 96; ///< smallest width and height of anything that can be pressed
    int border = 3, focus_border = 6;
};
Metrics metrics(Size window, TextSize text_size);

struct LayoutParams {
    Size window{800, 480};
    TextSize text_size = TextSize::normal;
};

/// How many rows fit on one page of the home and question lists.
struct Capacity {
    int articles = 1, questions = 1;
};
Capacity capacity(const LayoutParams& p, const ViewModel& vm, const TextMeasure& m);

Frame layout(const ViewModel& vm, const StringLibrary& strings, const LayoutParams& p,
             const TextMeasure& m);

} // namespace lectern::ui
