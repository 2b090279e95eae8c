// Implementation of ui/layout.hpp: metrics, shared parts, and the home, question-list and help
// screens (the reader is in layout_reader.cpp).
#include "ui/layout.hpp"

#include "ui/layout_parts.hpp"

#include <algorithm>
#include <cmath>

namespace lectern::ui {

Result<TextSize> parse_text_size(std::string_view name) {
    if (name == "normal" || name == "1") return TextSize::normal;
    if (name == "large" || name == "2") return TextSize::large;
    if (name == "largest" || name == "3") return TextSize::largest;
    return make_error("unknown text size '" + std::string(name) +
                      "'; choose normal, large or largest");
}

const char* to_string(TextSize t) {
    switch (t) {
    case TextSize::normal:
        return "normal";
    case TextSize::large:
        return "large";
    case TextSize::largest:
        return "largest";
    }
    return "normal";
}

Metrics metrics(Size window, TextSize text_size) {
    Metrics mt;
    mt.portrait = window.h > window.w;
    mt.scale = mt.portrait ? std::min(window.w / 480.0, window.h / 800.0)
                           : std::min(window.w / 800.0, window.h / 480.0);
    const double s = mt.scale;
    const auto px = [&](double v) { return std::max(1, static_cast<int>(std::lround(v * s))); };
    const int step = static_cast<int>(text_size);
    mt.reading_px = px(48 + 12 * step);
    mt.reading_min_px = px(48);
    mt.label_px = px(36 + 4 * step);
    mt.label_min_px = px(24);
    mt.margin = px(8);
    mt.gap = px(8);
    mt.pad = px(8);
    mt.target_min = static_cast<int>(std::ceil(96 * s));
    mt.border = std::max(2, px(3));
    mt.focus_border = std::max(4, px(6));
    return mt;
}

namespace parts {

void add_text(Ctx& c, std::string_view text, Rect box, int px, ColorRole fg, ColorRole bg,
              bool centre, int min_px) {
    if (text.empty() || box.w <= 0 || box.h <= 0) return;
    if (min_px < 0) min_px = c.mt.label_min_px;
    Fitted f = fit(text, {box.w, box.h}, px, min_px, c.m);
    // Never clip: below the floor, keep shrinking rather than run out of the box.
    while (!f.fits && f.px > 6)
        f = fit(text, {box.w, box.h}, f.px - 1, f.px - 1, c.m);
    const int lh = c.m.line_height(f.px);
    const int total = lh * static_cast<int>(f.lines.size());
    int y = box.y + std::max(0, (box.h - total) / 2);
    for (const auto& line : f.lines) {
        const int w = c.m.width(line, f.px);
        const int x = centre ? box.x + std::max(0, (box.w - w) / 2) : box.x;
        c.frame.texts.push_back(TextRun{line, x, y, f.px, fg, bg, box});
        y += lh;
    }
}

void add_button(Ctx& c, ItemRef item, Rect r, const std::string& text, bool centre) {
    const bool focused = c.focus == item;
    c.frame.boxes.push_back(Box{r, focused ? ColorRole::focus : ColorRole::button,
                                focused ? ColorRole::text : ColorRole::border,
                                focused ? c.mt.focus_border : c.mt.border});
    const int inset = c.mt.focus_border + c.mt.pad / 2;
    const Rect inner{r.x + inset, r.y + inset, r.w - 2 * inset, r.h - 2 * inset};
    add_text(c, text, inner, c.mt.label_px,
             focused ? ColorRole::focus_text : ColorRole::button_text,
             focused ? ColorRole::focus : ColorRole::button, centre);
    c.frame.targets.push_back(Target{r, item});
}

std::vector<Rect> split_row(Rect r, int cells, int gap) {
    std::vector<Rect> out;
    const int w = (r.w - gap * (cells - 1)) / std::max(cells, 1);
    for (int i = 0; i < cells; ++i)
        out.push_back(Rect{r.x + i * (w + gap), r.y, w, r.h});
    return out;
}

Rect add_banner(Ctx& c, Rect area) {
    if (c.vm.audio_ok) return area;
    const int h = 2 * c.m.line_height(c.mt.label_px) + 2 * c.mt.pad;
    const Rect r{area.x, area.y, area.w, h};
    c.frame.boxes.push_back(Box{r, ColorRole::banner, ColorRole::banner, 0});
    add_text(c, c.s.get("label.no_sound"),
             {r.x + c.mt.pad, r.y + c.mt.pad / 2, r.w - 2 * c.mt.pad, r.h - c.mt.pad},
             c.mt.label_px, ColorRole::banner_text, ColorRole::banner, true);
    return {area.x, area.y + h + c.mt.gap, area.w, area.h - h - c.mt.gap};
}

} // namespace parts

namespace {

using parts::Ctx;

/// The shared shape of the home and question lists: a title strip, rows of buttons, a bottom bar.
struct ListShape {
    Rect title, rows, bar;
    int row_h = 0, per_page = 1;
};

ListShape list_shape(const Metrics& mt, const TextMeasure& m, Rect area) {
    ListShape l;
    // The title strip is exactly one label line: on the 7" panel the pixels it saves are what lets
    // a third row of 96 px fit on each page.
    const int title_h = m.line_height(mt.label_px);
    l.title = {area.x, area.y, area.w, title_h};
    l.bar = {area.x, area.bottom() - mt.target_min, area.w, mt.target_min};
    l.rows = {area.x, l.title.bottom() + mt.gap, area.w,
              l.bar.y - mt.gap - (l.title.bottom() + mt.gap)};
    // A row holds two lines of a label comfortably; never less than a target.
    const int row_min =
        std::max(mt.target_min, m.line_height(mt.label_px) + 2 * (mt.focus_border + mt.pad));
    l.per_page = std::max(1, (l.rows.h + mt.gap) / (row_min + mt.gap));
    l.row_h = (l.rows.h - mt.gap * (l.per_page - 1)) / l.per_page;
    return l;
}

Rect screen_area(const Metrics& mt, Size w) {
    return {mt.margin, mt.margin, w.w - 2 * mt.margin, w.h - 2 * mt.margin};
}

/// Rows of `kind` items for the current page, a title, and the bottom bar of `bar_items`.
void layout_list(Ctx& c, Rect area, const std::string& title, ItemKind kind, int count, int page,
                 int per_page, std::vector<ItemRef> bar_items) {
    const ListShape l = list_shape(c.mt, c.m, area);
    const int pages = page_count(count, per_page);
    std::string heading = title;
    if (pages > 1)
        heading = c.s.format(
            "label.titled_page",
            {{"title", title}, {"n", std::to_string(page + 1)}, {"count", std::to_string(pages)}});
    parts::add_text(c, heading, l.title, c.mt.label_px, ColorRole::text, ColorRole::background,
                    false);
    for (int i = 0; i < per_page; ++i) {
        const int index = page * per_page + i;
        if (index >= count) break;
        const Rect r{l.rows.x, l.rows.y + i * (l.row_h + c.mt.gap), l.rows.w, l.row_h};
        const ItemRef item{kind, index};
        parts::add_button(c, item, r, label(c.vm, c.s, item), false);
    }
    if (pages > 1) {
        bar_items.insert(bar_items.begin(), ItemRef{ItemKind::page_next});
        bar_items.insert(bar_items.begin(), ItemRef{ItemKind::page_prev});
    }
    const auto cells = parts::split_row(l.bar, static_cast<int>(bar_items.size()), c.mt.gap);
    for (std::size_t i = 0; i < bar_items.size(); ++i)
        parts::add_button(c, bar_items[i], cells[i], label(c.vm, c.s, bar_items[i]));
}

void layout_help(Ctx& c, Rect area) {
    const int title_h = c.m.line_height(c.mt.label_px) + c.mt.pad;
    parts::add_text(c, c.s.get("label.help_title"), {area.x, area.y, area.w, title_h},
                    c.mt.label_px, ColorRole::text, ColorRole::background, false);
    const Rect bar{area.x, area.bottom() - c.mt.target_min, area.w, c.mt.target_min};
    const Rect body{area.x, area.y + title_h + c.mt.gap, area.w,
                    bar.y - c.mt.gap - (area.y + title_h + c.mt.gap)};
    const ItemRef text_item{ItemKind::help_text};
    const bool focused = c.focus == text_item;
    c.frame.boxes.push_back(
        Box{body, ColorRole::background, ColorRole::text, focused ? c.mt.focus_border : 0});
    const int inset = c.mt.focus_border + c.mt.pad;
    parts::add_text(c, c.vm.help_text,
                    {body.x + inset, body.y + inset, body.w - 2 * inset, body.h - 2 * inset},
                    c.mt.label_px, ColorRole::text, ColorRole::background, false);
    c.frame.targets.push_back(Target{body, text_item});
    const auto cells = parts::split_row(bar, 2, c.mt.gap);
    parts::add_button(c, {ItemKind::back}, cells[0], label(c.vm, c.s, {ItemKind::back}));
    parts::add_button(c, {ItemKind::more_help}, cells[1], label(c.vm, c.s, {ItemKind::more_help}));
}

/// The staff PIN pad: a title, the digits typed as dots, and the pad (2 rows of 6 in landscape, 4
/// rows of 3 in portrait so that every key stays at least a target wide).
void layout_pin(Ctx& c, Rect area) {
    const int line = c.m.line_height(c.mt.label_px);
    parts::add_text(c, c.s.get("staff.pin_title"), {area.x, area.y, area.w, line}, c.mt.label_px,
                    ColorRole::text, ColorRole::background, false);
    std::string shown; // a star for each digit typed: the PIN itself is never shown or spoken
    for (std::size_t i = 0; i < c.vm.staff.typed.size(); ++i)
        shown += i == 0 ? "*" : " *";
    if (shown.empty()) shown = c.s.get("staff.pin_empty");
    const Rect typed{area.x, area.y + line + c.mt.gap, area.w, line};
    parts::add_text(c, shown, typed, c.mt.label_px, ColorRole::text, ColorRole::background, false);
    const int columns = c.mt.portrait ? 3 : 6;
    const int rows = 12 / columns;
    const Rect pad{area.x, typed.bottom() + c.mt.gap, area.w,
                   area.bottom() - typed.bottom() - c.mt.gap};
    const int row_h = (pad.h - c.mt.gap * (rows - 1)) / rows;
    const auto keys = items(c.vm); // 1..9, 0, OK, Back
    for (int r = 0; r < rows; ++r) {
        const auto cells = parts::split_row({pad.x, pad.y + r * (row_h + c.mt.gap), pad.w, row_h},
                                            columns, c.mt.gap);
        for (int k = 0; k < columns; ++k) {
            const ItemRef item = keys[static_cast<std::size_t>(r * columns + k)];
            parts::add_button(c, item, cells[static_cast<std::size_t>(k)], label(c.vm, c.s, item));
        }
    }
}

} // namespace

Capacity capacity(const LayoutParams& p, const ViewModel& vm, const TextMeasure& m) {
    const Metrics mt = metrics(p.window, p.text_size);
    Rect area = screen_area(mt, p.window);
    if (!vm.audio_ok) { // the banner takes two label lines at the top
        const int h = 2 * m.line_height(mt.label_px) + 2 * mt.pad + mt.gap;
        area = {area.x, area.y + h, area.w, area.h - h};
    }
    const int n = list_shape(mt, m, area).per_page;
    return {n, n};
}

Frame layout(const ViewModel& vm, const StringLibrary& lib, const LayoutParams& p,
             const TextMeasure& m) {
    Frame frame;
    frame.size = p.window;
    const Metrics mt = metrics(p.window, p.text_size);
    const Strings& s = strings_for(vm, lib);
    Ctx c{vm, s, mt, m, frame, focused(vm)};
    frame.boxes.push_back(
        Box{{0, 0, p.window.w, p.window.h}, ColorRole::background, ColorRole::background, 0});
    Rect area = screen_area(mt, p.window);
    switch (vm.screen) {
    case Screen::home:
        area = parts::add_banner(c, area);
        layout_list(c, area, s.get("label.home_title"), ItemKind::article,
                    static_cast<int>(vm.articles.size()), vm.home_page, vm.home_per_page,
                    {{ItemKind::help}});
        break;
    case Screen::questions:
        area = parts::add_banner(c, area);
        layout_list(c, area, s.get("label.questions_title"), ItemKind::question, vm.section_count(),
                    vm.question_page, vm.questions_per_page, {{ItemKind::back}, {ItemKind::help}});
        break;
    case Screen::help:
        area = parts::add_banner(c, area);
        layout_help(c, area);
        break;
    case Screen::reader:
        parts::layout_reader(c, {0, 0, p.window.w, p.window.h});
        break;
    case Screen::staff_pin:
        layout_pin(c, area);
        break;
    case Screen::staff:
        area = parts::add_banner(c, area);
        layout_list(c, area, s.get("staff.title"), ItemKind::staff, kStaffEntries, vm.staff.page,
                    vm.staff.per_page, {{ItemKind::back}});
        break;
    }
    return frame;
}

} // namespace lectern::ui
