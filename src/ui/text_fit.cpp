// Implementation of ui/text_fit.hpp.
#include "ui/text_fit.hpp"

#include "core/utf8.hpp"

#include <algorithm>

namespace lectern::ui {

int ApproxMeasure::width(std::string_view utf8, int px) const {
    return static_cast<int>((utf8::length(utf8) * static_cast<std::size_t>(px) * 62 + 99) / 100);
}

std::vector<PlacedWord> place_words(std::string_view text, int width, int px, const TextMeasure& m,
                                    int& lines) {
    std::vector<PlacedWord> out;
    const int space = m.width(" ", px);
    int line = 0, x = 0;
    bool line_empty = true;
    std::size_t line_begin = 0;
    const auto put = [&](std::size_t b, std::size_t e, int w) {
        // The sum of the words and the whole line measured at once can differ by a pixel or two
        // (kerning, rounding); a line is drawn whole, so both must fit.
        if (!line_empty && (x + space + w > width ||
                            m.width(text.substr(line_begin, e - line_begin), px) > width)) {
            ++line;
            x = 0;
            line_empty = true;
        }
        if (line_empty) line_begin = b;
        if (!line_empty) x += space;
        out.push_back({b, e, line, x, w});
        x += w;
        line_empty = false;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (i >= text.size()) break;
        std::size_t end = text.find(' ', i);
        if (end == std::string_view::npos) end = text.size();
        const int w = m.width(text.substr(i, end - i), px);
        if (w <= width) {
            put(i, end, w);
        } else {
            // Too wide for any line: break it between code points into pieces that fit.
            std::size_t piece = i;
            while (piece < end) {
                std::size_t cut = piece, next = piece;
                int piece_w = 0;
                while (next < end) {
                    std::size_t probe = next;
                    utf8::next(text, probe);
                    const int pw = m.width(text.substr(piece, probe - piece), px);
                    if (pw > width && cut > piece) break;
                    cut = next = probe;
                    piece_w = pw;
                }
                if (!line_empty) { // a piece always starts a fresh line
                    ++line;
                    x = 0;
                    line_empty = true;
                }
                put(piece, cut, piece_w);
                piece = cut;
            }
        }
        i = end;
    }
    lines = out.empty() ? 0 : line + 1;
    return out;
}

std::vector<std::string> wrap(std::string_view text, int width, int px, const TextMeasure& m) {
    // A newline is a forced break (e.g. between the parts of the status line).
    if (const auto nl = text.find('\n'); nl != std::string_view::npos) {
        auto lines = wrap(text.substr(0, nl), width, px, m);
        for (auto& l : wrap(text.substr(nl + 1), width, px, m))
            lines.push_back(std::move(l));
        return lines;
    }
    int count = 0;
    const auto words = place_words(text, width, px, m, count);
    std::vector<std::string> lines(static_cast<std::size_t>(count));
    for (const auto& w : words) {
        auto& l = lines[static_cast<std::size_t>(w.line)];
        if (!l.empty()) l += ' ';
        l += text.substr(w.begin, w.end - w.begin);
    }
    return lines;
}

Fitted fit(std::string_view text, Size box, int px, int min_px, const TextMeasure& m) {
    min_px = std::max(1, std::min(min_px, px));
    Fitted f;
    for (int size = px;; size = std::max(min_px, size - std::max(1, size / 24))) {
        f.px = size;
        f.lines = wrap(text, box.w, size, m);
        f.fits = static_cast<int>(f.lines.size()) * m.line_height(size) <= box.h;
        if (f.fits || size == min_px) return f;
    }
}

} // namespace lectern::ui
