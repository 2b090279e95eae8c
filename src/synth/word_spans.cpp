// Implementation of synth/word_spans.hpp. Pure; a WordLocator belongs to one synthesize() call.
#include "synth/word_spans.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <charconv>

namespace lectern::synth {
namespace {

// The same separators as text::normalize: ASCII white space and the Unicode spaces.
bool is_space(char32_t cp) {
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

bool is_ascii_digit(char32_t cp) {
    return cp >= '0' && cp <= '9';
}

/// Letters and digits, approximated without Unicode tables: everything from U+00C0 up except
/// the punctuation and symbol blocks a patient handout may contain (quotes, dashes, bullets,
/// currency, arrows, maths, emoji). Good enough to find where a word ends.
bool is_word(char32_t cp) {
    if (cp < 0x80)
        return is_ascii_digit(cp) || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0) // Latin-1 symbols, except ª ² ³ µ ¹ º ¼ ½ ¾
        return cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 || cp == 0xB9 || cp == 0xBA ||
               (cp >= 0xBC && cp <= 0xBE);
    if (cp == 0xD7 || cp == 0xF7) return false;                            // × ÷
    if (cp >= 0x2000 && cp <= 0x2BFF) return cp >= 0x2070 && cp <= 0x209F; // super/subscripts
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE10 && cp <= 0xFE6F)) return false;
    if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
        (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
        return false;                                 // full-width punctuation
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return false; // emoji and pictographs
    return cp != 0xFFFD;
}

bool is_apostrophe(char32_t cp) {
    return cp == '\'' || cp == 0x2019;
}
bool is_hyphen(char32_t cp) {
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

TextUnit::Kind kind_of(char32_t cp) {
    if (is_space(cp)) return TextUnit::Kind::space;
    return is_word(cp) ? TextUnit::Kind::word : TextUnit::Kind::punct;
}

/// The code point of an entity reference's name ("amp", "#39", "#x2019"); U+FFFD when unknown.
char32_t decode_entity(std::string_view name) {
    if (name == "amp") return '&';
    if (name == "lt") return '<';
    if (name == "gt") return '>';
    if (name == "quot") return '"';
    if (name == "apos") return '\'';
    if (name.size() < 2 || name[0] != '#') return 0xFFFD;
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    unsigned long value = 0;
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
    if (ec != std::errc{} || end != digits.data() + digits.size() || value > 0x10FFFF)
        return 0xFFFD;
    return static_cast<char32_t>(value);
}

/// The unit starting at byte i.
TextUnit next_unit(std::string_view text, std::size_t i, bool ssml) {
    const std::size_t n = text.size();
    if (ssml && text[i] == '<') {
        // A tag runs to the first '>' outside a quoted attribute value.
        std::size_t j = i + 1;
        char quote = 0;
        for (; j < n; ++j) {
            const char c = text[j];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                ++j;
                break;
            }
        }
        return TextUnit{i, std::min(j, n), TextUnit::Kind::tag, 0};
    }
    if (ssml && text[i] == '&') {
        std::size_t j = i + 1;
        while (j < n && j - i <= 12 &&
               (text[j] == '#' || (text[j] >= '0' && text[j] <= '9') ||
                (text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z')))
            ++j;
        if (j < n && text[j] == ';' && j > i + 1) {
            const char32_t cp = decode_entity(text.substr(i + 1, j - i - 1));
            return TextUnit{i, j + 1, kind_of(cp), cp};
        }
    }
    std::size_t j = i;
    const char32_t cp = utf8::next(text, j);
    const bool malformed = cp == 0xFFFD && j - i != 3;
    return TextUnit{i, j, malformed ? TextUnit::Kind::punct : kind_of(cp), cp};
}

/// Number of white-space separated words in an alias attribute value.
int count_words(std::string_view s) {
    int words = 0;
    bool in_word = false;
    for (const char c : s) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

/// The value of attribute `name` in a tag's text, or nothing.
std::optional<std::string_view> attribute(std::string_view tag, std::string_view name) {
    for (std::size_t at = tag.find(name); at != std::string_view::npos;
         at = tag.find(name, at + 1)) {
        const bool starts =
            at > 0 && (tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n');
        std::size_t k = at + name.size();
        while (k < tag.size() && tag[k] == ' ')
            ++k;
        if (!starts || k >= tag.size() || tag[k] != '=') continue;
        ++k;
        while (k < tag.size() && tag[k] == ' ')
            ++k;
        if (k >= tag.size() || (tag[k] != '"' && tag[k] != '\'')) continue;
        const std::size_t close = tag.find(tag[k], k + 1);
        if (close == std::string_view::npos) return std::nullopt;
        return tag.substr(k + 1, close - k - 1);
    }
    return std::nullopt;
}

bool tag_is(std::string_view tag, std::string_view name) {
    if (tag.size() <= name.size() || tag.substr(0, name.size()) != name) return false;
    const char c = tag[name.size()];
    return c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '/';
}

} // namespace

std::vector<TextUnit> split_units(std::string_view text, bool ssml) {
    std::vector<TextUnit> units;
    for (std::size_t i = 0; i < text.size();) {
        units.push_back(next_unit(text, i, ssml));
        i = units.back().end;
    }
    return units;
}

std::size_t word_end(std::string_view text, std::size_t begin, bool ssml) {
    const std::size_t n = text.size();
    if (begin >= n) return n;
    const TextUnit first = next_unit(text, begin, ssml);
    if (first.kind != TextUnit::Kind::word)
        return first.kind == TextUnit::Kind::punct ? first.end : begin;
    std::size_t end = first.end;
    bool last_digit = is_ascii_digit(first.cp);
    while (end < n) {
        const TextUnit u = next_unit(text, end, ssml);
        if (u.kind == TextUnit::Kind::word) {
            end = u.end;
            last_digit = is_ascii_digit(u.cp);
            continue;
        }
        // A joiner belongs to the word only when a letter or digit follows it.
        if (u.kind != TextUnit::Kind::punct || u.end >= n) break;
        const TextUnit after = next_unit(text, u.end, ssml);
        if (after.kind != TextUnit::Kind::word) break;
        const bool joins = is_apostrophe(u.cp) || is_hyphen(u.cp) || u.cp == '.' ||
                           ((u.cp == ',' || u.cp == ':') && last_digit && is_ascii_digit(after.cp));
        if (!joins) break;
        end = after.end;
        last_digit = is_ascii_digit(after.cp);
    }
    return end;
}

std::vector<TextSpan> word_spans(std::string_view text, bool ssml) {
    const std::vector<TextUnit> units = split_units(text, ssml);
    const auto blank = [](const TextUnit& u) {
        return u.kind == TextUnit::Kind::space || u.kind == TextUnit::Kind::tag;
    };
    std::vector<TextSpan> spans;
    for (std::size_t i = 0; i < units.size();) {
        if (blank(units[i])) {
            ++i;
            continue;
        }
        std::size_t k = i;
        while (k < units.size() && !blank(units[k]))
            ++k;
        std::size_t start = units[i].begin;
        for (std::size_t w = i; w < k; ++w) {
            if (units[w].kind == TextUnit::Kind::word) {
                start = units[w].begin;
                break;
            }
        }
        spans.push_back(TextSpan{start, word_end(text, start, ssml)});
        i = k;
    }
    return spans;
}

WordLocator::WordLocator(std::string_view text, bool ssml)
    : m_text(text), m_ssml(ssml), m_units(split_units(text, ssml)) {
    m_codepoint_offsets.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        m_codepoint_offsets.push_back(i);
        utf8::next(text, i);
    }
    if (!ssml) return;
    for (std::size_t i = 0; i < m_units.size(); ++i) {
        const TextUnit& open = m_units[i];
        const std::string_view tag = text.substr(open.begin, open.end - open.begin);
        if (open.kind != TextUnit::Kind::tag || !tag_is(tag, "<sub") || tag.ends_with("/>"))
            continue;
        const auto alias = attribute(tag, "alias");
        for (std::size_t k = i + 1; k < m_units.size(); ++k) {
            const TextUnit& close = m_units[k];
            if (close.kind != TextUnit::Kind::tag ||
                !tag_is(text.substr(close.begin, close.end - close.begin), "</sub"))
                continue;
            m_subs.push_back(Sub{skip_space_and_tags(open.end), skip_space_and_tags(close.end),
                                 alias ? count_words(*alias) : 0});
            break;
        }
    }
}

std::size_t WordLocator::unit_index_at(std::size_t byte) const {
    const auto it = std::upper_bound(m_units.begin(), m_units.end(), byte,
                                     [](std::size_t b, const TextUnit& u) { return b < u.begin; });
    return it == m_units.begin() ? 0 : static_cast<std::size_t>(it - m_units.begin()) - 1;
}

std::size_t WordLocator::skip_space_and_tags(std::size_t byte) const {
    if (byte >= m_text.size()) return m_text.size();
    for (std::size_t i = unit_index_at(byte); i < m_units.size(); ++i) {
        const TextUnit& u = m_units[i];
        if (u.end <= byte) continue;
        if (u.kind != TextUnit::Kind::space && u.kind != TextUnit::Kind::tag)
            return std::max(byte, u.begin);
    }
    return m_text.size();
}

std::optional<TextSpan> WordLocator::locate(int text_position, int length) {
    if (text_position < 1) return std::nullopt; // stale zero-length event
    const auto cp = static_cast<std::size_t>(text_position - 1);
    std::size_t b = cp < m_codepoint_offsets.size() ? m_codepoint_offsets[cp] : m_text.size();
    const std::size_t reported = b;
    if (b < m_text.size()) {
        const TextUnit& u = m_units[unit_index_at(b)];
        // Inside a tag: the word follows it. Inside an entity reference: the word starts at '&'.
        b = u.kind == TextUnit::Kind::tag ? u.end : u.begin;
    }
    b = skip_space_and_tags(b);
    // A zero-length event is a real word only when it points straight at a new word; stale ones
    // land on the space before the previous word or go backwards.
    if (length == 0 && (b != reported || (m_last && b <= *m_last))) return std::nullopt;
    for (Sub& sub : m_subs) {
        if (sub.words_left > 0 && b == sub.after && (!m_last || *m_last <= sub.content)) {
            b = sub.content;
            --sub.words_left;
            break;
        }
    }
    if (b >= m_text.size()) return std::nullopt;
    if (m_last && b < *m_last) return std::nullopt; // stale position from an earlier clause
    m_last = b;
    return TextSpan{b, word_end(m_text, b, m_ssml)};
}

} // namespace lectern::synth
