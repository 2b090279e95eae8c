// The reader screen's layout: a status strip ("Section 3 of 12 · about 4 minutes left"), the
// section heading (which opens the question list), the reading area, and a 2 × 5 grid of buttons
// (on the right in landscape, at the bottom in portrait). The grid keeps opposites side by side
// (Previous | Next, Slower | Faster, Quieter | Louder) so a patient learns it once.
// Reading area: every sentence of the section starts on its own line; the one being heard is in
// full colour with the word being heard inverted, the others are dimmed (still 7:1). When the
// sentence needs more lines than fit, the text shrinks to 48·s px and then shows the page of whole
// lines that holds the word being heard. Pure; any thread.
#include "ui/layout_parts.hpp"

#include <algorithm>

namespace lectern::ui::parts {
namespace {

// Landscape: two columns down the right-hand side.
const std::vector<std::vector<ItemKind>> kLandscapeGrid = {
    {ItemKind::play_pause, ItemKind::repeat}, {ItemKind::prev_section, ItemKind::next_section},
    {ItemKind::slower, ItemKind::faster},     {ItemKind::quieter, ItemKind::louder},
    {ItemKind::home, ItemKind::help},
};
// Portrait: four rows across the bottom, Play between Previous and Next like any media player;
// fewer rows than the landscape grid leaves room for the text on a tall, narrow panel.
const std::vector<std::vector<ItemKind>> kPortraitGrid = {
    {ItemKind::prev_section, ItemKind::play_pause, ItemKind::next_section},
    {ItemKind::slower, ItemKind::repeat, ItemKind::faster},
    {ItemKind::quieter, ItemKind::louder},
    {ItemKind::home, ItemKind::help},
};

struct Line {
    int sentence = 0; ///< 1-based
    std::vector<PlacedWord> words;
};

/// Lines of every sentence of the section at px, each sentence starting a new line.
std::vector<Line> section_lines(const content::Section& sec, int width, int px,
                                const TextMeasure& m) {
    std::vector<Line> out;
    for (std::size_t k = 0; k < sec.sentences.size(); ++k) {
        int count = 0;
        const auto words = place_words(sec.sentences[k].text, width, px, m, count);
        const std::size_t first = out.size();
        out.resize(first + static_cast<std::size_t>(count), Line{static_cast<int>(k) + 1, {}});
        for (const auto& w : words)
            out[first + static_cast<std::size_t>(w.line)].words.push_back(w);
    }
    return out;
}

void reading_text(Ctx& c, Rect inner) {
    const auto* article = c.vm.current();
    const int shown = shown_sentence(c.vm);
    if (!article || shown == 0 || inner.w <= 0 || inner.h <= 0) return;
    const auto& sec = article->sections[static_cast<std::size_t>(c.vm.reading.section)];
    const auto& sentence = sec.sentences[static_cast<std::size_t>(shown - 1)].text;

    // Shrink while the sentence being heard does not fit, down to the reading floor.
    int px = c.mt.reading_px;
    for (;;) {
        int count = 0;
        place_words(sentence, inner.w, px, c.m, count);
        if (count * c.m.line_height(px) <= inner.h || px <= c.mt.reading_min_px) break;
        px = std::max(c.mt.reading_min_px, px - std::max(1, px / 24));
    }
    const int lh = c.m.line_height(px);
    const int capacity = std::max(1, inner.h / lh);
    const auto lines = section_lines(sec, inner.w, px, c.m);
    const int total = static_cast<int>(lines.size());
    int a = 0, b = 0, word_line = -1;
    for (int i = 0; i < total; ++i) {
        const Line& l = lines[static_cast<std::size_t>(i)];
        if (l.sentence < shown) a = b = i + 1;
        if (l.sentence == shown) b = i + 1;
    }
    const bool heard = c.vm.reading.sentence == shown && c.vm.reading.has_word;
    const auto is_word = [&](const PlacedWord& w) {
        const std::size_t o = c.vm.reading.word_offset;
        const std::size_t e = o + std::max<std::size_t>(c.vm.reading.word_length, 1);
        return heard && w.begin < e && o < w.end;
    };
    for (int i = a; i < b && word_line < 0; ++i)
        for (const auto& w : lines[static_cast<std::size_t>(i)].words)
            if (is_word(w)) word_line = i;
    if (word_line < 0) word_line = a;

    int start = a;
    if (b - a <= capacity) {
        if (b - a < capacity && a > 0) start = a - 1; // one line of what came before, for context
    } else {
        start =
            a + ((word_line - a) / capacity) * capacity; // turn whole pages, calmer than scrolling
        if (start + capacity > b) start = std::max(a, b - capacity);
    }
    const int end = std::min(total, start + capacity);
    for (int i = start; i < end; ++i) {
        const Line& l = lines[static_cast<std::size_t>(i)];
        const int y = inner.y + (i - start) * lh;
        const Rect line_box{inner.x, y, inner.w, lh};
        const auto& text = sec.sentences[static_cast<std::size_t>(l.sentence - 1)].text;
        for (const auto& w : l.words) {
            const std::string word = text.substr(w.begin, w.end - w.begin);
            const bool current = l.sentence == shown;
            if (current && is_word(w)) {
                const int grow = c.mt.pad / 2;
                c.frame.boxes.push_back(Box{{inner.x + w.x - grow, y, w.w + 2 * grow, lh},
                                            ColorRole::highlight,
                                            ColorRole::highlight,
                                            0});
                c.frame.texts.push_back(TextRun{word, inner.x + w.x, y, px,
                                                ColorRole::highlight_text, ColorRole::highlight,
                                                line_box});
            } else {
                c.frame.texts.push_back(TextRun{word, inner.x + w.x, y, px,
                                                current ? ColorRole::text : ColorRole::dim_text,
                                                ColorRole::background, line_box});
            }
        }
    }
}

} // namespace

void layout_reader(Ctx& c, Rect screen) {
    const Metrics& mt = c.mt;
    const auto& grid = mt.portrait ? kPortraitGrid : kLandscapeGrid;
    const int rows = static_cast<int>(grid.size());
    Rect panel, text_area;
    if (!mt.portrait) {
        // Columns as wide as the longest label needs (within limits), rows sharing the height.
        int need = 0;
        for (const auto* key : {"label.play", "label.pause"})
            need = std::max(need, c.m.width(c.s.get(key), mt.label_px));
        for (const auto& row : grid)
            for (ItemKind k : row)
                need = std::max(need, c.m.width(label(c.vm, c.s, {k}), mt.label_px));
        need += 2 * (mt.focus_border + mt.pad);
        const int col_w = std::clamp(need, mt.target_min, std::max(mt.target_min, screen.w / 5));
        panel = {screen.right() - 2 * col_w, screen.y, 2 * col_w, screen.h};
        text_area = {screen.x + mt.margin, screen.y + mt.margin, panel.x - screen.x - 2 * mt.margin,
                     screen.h - 2 * mt.margin};
    } else {
        panel = {screen.x, screen.bottom() - rows * mt.target_min, screen.w, rows * mt.target_min};
        text_area = {screen.x + mt.margin, screen.y + mt.margin, screen.w - 2 * mt.margin,
                     panel.y - screen.y - 2 * mt.margin};
    }
    // Cells fill the panel exactly (the last row and column take the rounding), so the buttons
    // touch without overlapping: every pixel of the panel presses something.
    for (int r = 0; r < rows; ++r) {
        const int y0 = panel.y + panel.h * r / rows, y1 = panel.y + panel.h * (r + 1) / rows;
        const int cols = static_cast<int>(grid[static_cast<std::size_t>(r)].size());
        for (int col = 0; col < cols; ++col) {
            const int x0 = panel.x + panel.w * col / cols,
                      x1 = panel.x + panel.w * (col + 1) / cols;
            const ItemRef item{grid[static_cast<std::size_t>(r)][static_cast<std::size_t>(col)]};
            add_button(c, item, {x0, y0, x1 - x0, y1 - y0}, label(c.vm, c.s, item));
        }
    }

    text_area = add_banner(c, text_area);
    // Heights: the status strip and the heading take up to two lines at label size (36·s px), so
    // labels stay a size a low-vision reader can use rather than shrinking. When that leaves the
    // reading area less than one reading line (largest text, a "no sound" banner, a small panel),
    // the status and then the heading give back a line each and shrink instead: the text being read
    // always comes first.
    const ItemRef status{ItemKind::status}, heading{ItemKind::questions},
        reading{ItemKind::reading};
    std::string status_text = label(c.vm, c.s, status);
    const std::string heading_text = label(c.vm, c.s, heading);
    const int lh = c.m.line_height(mt.label_px);
    const int inset = mt.focus_border + mt.pad / 2;
    const int in = mt.focus_border + mt.pad;
    const auto lines_of = [&](const std::string& text, int width) {
        return std::clamp(static_cast<int>(wrap(text, width, mt.label_px, c.m).size()), 1, 2);
    };
    int status_lines = lines_of(status_text, text_area.w - 2 * mt.pad);
    // On two lines: "Section 3 of 12", then the time left, rather than a break in the middle of
    // either.
    const std::string one_line = status_text;
    if (status_lines > 1)
        status_text = status_section(c.vm, c.s) + "\n" + status_minutes(c.vm, c.s);
    int heading_lines = lines_of(heading_text, text_area.w - 2 * inset);
    const int reading_min = std::max(mt.target_min, c.m.line_height(mt.reading_min_px) + 2 * in);
    const auto status_h = [&] { return status_lines * lh + mt.pad; };
    const auto heading_h = [&] { return std::max(mt.target_min, heading_lines * lh + 2 * inset); };
    const auto reading_h = [&] { return text_area.h - status_h() - heading_h() - 2 * mt.gap; };
    if (reading_h() < reading_min) {
        status_lines = 1;
        status_text = one_line;
    }
    if (reading_h() < reading_min) heading_lines = 1;

    // Status strip: says where you are. It is too low to be a touch target (96 px); it is reached
    // with the keys, and what it shows is on screen for anyone who can see it.
    const Rect strip{text_area.x, text_area.y, text_area.w, status_h()};
    const bool status_focused = c.focus == status;
    if (status_focused) c.frame.boxes.push_back(Box{strip, ColorRole::focus, ColorRole::focus, 0});
    add_text(c, status_text, {strip.x + mt.pad, strip.y, strip.w - 2 * mt.pad, strip.h},
             mt.label_px, status_focused ? ColorRole::focus_text : ColorRole::text,
             status_focused ? ColorRole::focus : ColorRole::background, false);

    // The heading: a button that opens the list of questions.
    const Rect heading_box{text_area.x, strip.bottom() + mt.gap, text_area.w, heading_h()};
    add_button(c, heading, heading_box, heading_text, false);

    // The reading area.
    const Rect area{text_area.x, heading_box.bottom() + mt.gap, text_area.w,
                    text_area.bottom() - heading_box.bottom() - mt.gap};
    const bool reading_focused = c.focus == reading;
    if (reading_focused)
        c.frame.boxes.push_back(Box{area, ColorRole::background, ColorRole::text, mt.focus_border});
    reading_text(c, {area.x + in, area.y + in, area.w - 2 * in, area.h - 2 * in});
    c.frame.targets.push_back(Target{area, reading});
}

} // namespace lectern::ui::parts
