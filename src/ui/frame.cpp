// Implementation of changed_area (ui/frame.hpp).
#include "ui/frame.hpp"

#include <algorithm>

namespace lectern::ui {

namespace {

void add(std::optional<Rect>& area, const Rect& r) {
    if (r.w <= 0 || r.h <= 0) return;
    if (!area || area->w == 0) {
        area = r;
        return;
    }
    const int x = std::min(area->x, r.x), y = std::min(area->y, r.y);
    area = Rect{x, y, std::max(area->right(), r.right()) - x,
                std::max(area->bottom(), r.bottom()) - y};
}

bool same(const Box& a, const Box& b) {
    return a.rect == b.rect && a.fill == b.fill && a.border == b.border &&
           a.border_px == b.border_px;
}

bool same(const TextRun& a, const TextRun& b) {
    return a.text == b.text && a.x == b.x && a.y == b.y && a.px == b.px && a.fg == b.fg &&
           a.bg == b.bg && a.box == b.box;
}

} // namespace

std::optional<Rect> changed_area(const Frame& prev, const Frame& next) {
    if (!(prev.size == next.size) || prev.boxes.size() != next.boxes.size() ||
        prev.texts.size() != next.texts.size())
        return std::nullopt;
    std::optional<Rect> area = Rect{};
    for (std::size_t i = 0; i < next.boxes.size(); ++i) {
        if (same(prev.boxes[i], next.boxes[i])) continue;
        add(area, prev.boxes[i].rect);
        add(area, next.boxes[i].rect);
    }
    for (std::size_t i = 0; i < next.texts.size(); ++i) {
        if (same(prev.texts[i], next.texts[i])) continue;
        add(area, prev.texts[i].box);
        add(area, next.texts[i].box);
    }
    return area;
}

} // namespace lectern::ui
