// Implementation of content::parse_plain_text (parse.hpp): blocks of lines separated by blank
// lines; a short single-line block without closing punctuation is a heading, anything else is a
// paragraph. Headings are recognised by shape, not by a list of words, so handouts with question
// headings ("What is ketamine?") and with plain ones ("Before your visit") both work.
// Linear in the size of the text. Any thread.
#include "content/builder.hpp"
#include "content/parse.hpp"

#include <cctype>
#include <cstring>
#include <vector>

namespace lectern::content {
namespace {

using detail::is_space;

constexpr std::size_t kMaxHeadingWords = 12;
constexpr std::size_t kMaxHeadingBytes = 100;

/// A run of non-blank lines: [begin, end) in the text, without the final line end.
struct Block {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t lines = 0;
};

/// A line that shows nothing (spaces of any kind, controls) separates blocks like an empty one.
bool is_blank(std::string_view line) {
    return detail::is_invisible(line);
}

std::vector<Block> find_blocks(std::string_view text) {
    std::vector<Block> blocks;
    bool open = false;
    std::size_t i = 0;
    while (i <= text.size()) {
        const void* nl = std::memchr(text.data() + i, '\n', text.size() - i);
        const std::size_t line_end =
            nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
        if (is_blank(text.substr(i, line_end - i))) {
            open = false;
        } else {
            if (!open) blocks.push_back({i, line_end, 0});
            open = true;
            blocks.back().end = line_end;
            ++blocks.back().lines;
        }
        i = line_end + 1;
    }
    return blocks;
}

/// Short enough to be a title or heading: a few words, few bytes, and some letter or digit.
bool is_short_line(std::string_view line) {
    if (line.size() > kMaxHeadingBytes) return false;
    std::size_t words = 0;
    bool in_word = false;
    bool alnum = false;
    for (char c : line) {
        const auto b = static_cast<unsigned char>(c);
        alnum = alnum || std::isalnum(b) || b >= 0x80;
        if (is_space(c)) {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            ++words;
        }
    }
    return alnum && words <= kMaxHeadingWords;
}

/// Length of a closing quote or bracket ending `s`, or 0.
std::size_t trailing_closer(std::string_view s) {
    if (s.empty()) return 0;
    const char c = s.back();
    if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
    if (s.ends_with("\u2019") || s.ends_with("\u201D")) return 3;
    return 0;
}

/// The heading rule of parse.hpp: a short line that does not end like a sentence or a clause
/// ('?' is allowed: question headings are common in patient handouts).
bool is_heading(std::string_view line) {
    if (!is_short_line(line)) return false;
    while (std::size_t n = trailing_closer(line))
        line.remove_suffix(n);
    if (line.empty()) return true;
    if (line.ends_with("\u2026")) return false;
    const char last = line.back();
    return last != '.' && last != '!' && last != ',' && last != ';' && last != ':';
}

} // namespace

Result<Article> detail::parse_plain_body(std::string_view text) {
    detail::ArticleBuilder builder(text);
    const std::vector<Block> blocks = find_blocks(text);

    std::size_t first = 0;
    // The title is the first line when it stands alone and is short. Otherwise (a file that is
    // one paragraph, or starts with one) the builder titles the article from its first sentence
    // and that paragraph is still read in full.
    if (blocks.size() > 1 && blocks[0].lines == 1) {
        const std::string_view line = text.substr(blocks[0].begin, blocks[0].end - blocks[0].begin);
        if (is_short_line(line)) {
            builder.set_title(detail::collapse_whitespace(line),
                              detail::trimmed_span(line, blocks[0].begin));
            first = 1;
        }
    }
    for (std::size_t k = first; k < blocks.size(); ++k) {
        const Block& b = blocks[k];
        const std::string_view block = text.substr(b.begin, b.end - b.begin);
        // A file of one short line is a sentence to read, not a heading with nothing under it.
        if (b.lines == 1 && blocks.size() > 1 && is_heading(block)) {
            builder.begin_section(detail::collapse_whitespace(block),
                                  detail::trimmed_span(block, b.begin));
            continue;
        }
        const detail::TextRun run{0, b.begin, b.end, true};
        builder.add_paragraph(block, {&run, 1}, false);
    }
    return std::move(builder).finish();
}

} // namespace lectern::content
