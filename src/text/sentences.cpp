// Implementation of text/sentences.hpp: a single left-to-right scan over the paragraph, so a
// multi-megabyte paragraph costs linear time. Pure; any thread.
#include "text/sentences.hpp"

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace lectern::text {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_ascii_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_ascii_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_ascii_letter(char c) {
    return is_ascii_upper(c) || is_ascii_lower(c);
}
bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

bool starts_with(std::string_view s, std::size_t i, std::string_view prefix) {
    return s.substr(i, prefix.size()) == prefix;
}

/// Length of a sentence terminator at s[i] ('.', '!', '?', U+2026), or 0.
std::size_t terminator_at(std::string_view s, std::size_t i) {
    const char c = s[i];
    if (c == '.' || c == '!' || c == '?') return 1;
    if (starts_with(s, i, "\u2026")) return 3;
    return 0;
}

/// Length of a closing quote or bracket at s[i] that may follow a terminator, or 0.
std::size_t closer_at(std::string_view s, std::size_t i) {
    const char c = s[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '}') return 1;
    for (std::string_view q : {"\u2019", "\u201D", "\u203A"}) { // ’ ” ›
        if (starts_with(s, i, q)) return q.size();
    }
    if (starts_with(s, i, "\u00BB")) return 2; // »
    return 0;
}

/// Length of an opening quote or bracket at s[i], or 0.
std::size_t opener_at(std::string_view s, std::size_t i) {
    const char c = s[i];
    if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '{') return 1;
    for (std::string_view q : {"\u2018", "\u201C", "\u2039"}) { // ‘ “ ‹
        if (starts_with(s, i, q)) return q.size();
    }
    for (std::string_view q : {"\u00AB", "\u00BF", "\u00A1"}) { // « ¿ ¡
        if (starts_with(s, i, q)) return q.size();
    }
    return 0;
}

/// Decodes the code point at s[i] without validating beyond what is needed to classify it.
char32_t peek_code_point(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) {
        return k < s.size() ? static_cast<unsigned char>(s[k]) & 0x3Fu : 0u;
    };
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return b0;
    if ((b0 & 0xE0) == 0xC0) return ((b0 & 0x1Fu) << 6) | b(i + 1);
    if ((b0 & 0xF0) == 0xE0) return ((b0 & 0x0Fu) << 12) | (b(i + 1) << 6) | b(i + 2);
    return 0xFFFD;
}

/// Lower-case letters in the scripts handouts are written in (Latin, Greek, Cyrillic). A word
/// starting with one of these continues the sentence rather than starting a new one.
bool is_lower(char32_t cp) {
    if (cp < 0x80) return is_ascii_lower(static_cast<char>(cp));
    if (cp >= 0xDF && cp <= 0xFF) return cp != 0xF7;
    if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 1 && cp != 0x130 && cp != 0x131;
    if (cp >= 0x3B1 && cp <= 0x3C9) return true;
    return cp >= 0x430 && cp <= 0x45F;
}

bool is_upper(char32_t cp) {
    if (cp < 0x80) return is_ascii_upper(static_cast<char>(cp));
    if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
    if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 0;
    if (cp >= 0x391 && cp <= 0x3A9) return true;
    return cp >= 0x400 && cp <= 0x42F;
}

/// Whether the text at s[i] can begin a new sentence: anything but a lower-case word or
/// punctuation that only ever continues a sentence.
bool can_start_sentence(std::string_view s, std::size_t i) {
    const char c = s[i];
    if (c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}') return false;
    return !is_lower(peek_code_point(s, i));
}

/// Whether s[i] begins with an upper-case letter, possibly after opening quotes or brackets.
bool starts_upper(std::string_view s, std::size_t i) {
    if (opener_at(s, i) != 0) return true;
    return is_upper(peek_code_point(s, i));
}

std::string_view lower_ascii(std::string_view word, std::array<char, 16>& buffer) {
    if (word.size() > buffer.size()) return {};
    for (std::size_t k = 0; k < word.size(); ++k) {
        const char c = word[k];
        buffer[k] = is_ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return {buffer.data(), word.size()};
}

bool in_list(std::string_view word, std::initializer_list<std::string_view> list) {
    for (std::string_view w : list) {
        if (w == word) return true;
    }
    return false;
}

/// "a.m", "U.S", "b.i.d": single letters joined by dots (the final dot is not part of word).
bool is_dotted_initials(std::string_view word) {
    if (word.size() < 3 || word.size() % 2 == 0) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
        if (k % 2 == 0 ? !is_ascii_letter(word[k]) : word[k] != '.') return false;
    }
    return true;
}

/// Beginning of the white-space-delimited token that ends just before `end` (not before floor).
std::size_t token_begin(std::string_view s, std::size_t floor, std::size_t end) {
    std::size_t b = end;
    while (b > floor && !is_space(s[b - 1]))
        --b;
    return b;
}

/// The word before a single '.', without leading quotes or brackets.
std::string_view word_before(std::string_view s, std::size_t begin, std::size_t dot) {
    while (begin < dot) {
        const std::size_t n = opener_at(s, begin);
        if (n == 0) break;
        begin += n;
    }
    return s.substr(begin, dot - begin);
}

enum class Abbrev { none, never_final, before_number, final_capable };

Abbrev classify(std::string_view word) {
    std::array<char, 16> buffer{};
    const std::string_view w = lower_ascii(word, buffer);
    if (w.empty()) return Abbrev::none;
    // Titles before names and Latin connectives: the sentence always goes on.
    if (in_list(w, {"dr", "mr", "mrs", "ms",  "mx",  "prof",   "rev",  "st",   "sgt", "capt",
                    "vs", "cf", "e.g", "i.e", "viz", "approx", "incl", "dept", "est", "mt"})) {
        return Abbrev::never_final;
    }
    // "No. 5", "ext. 2040", "p. 12": an abbreviation only when a number follows.
    if (in_list(w, {"no", "nos", "ext", "tel", "p", "pp", "vol", "ch", "fig", "ref", "rm"})) {
        return Abbrev::before_number;
    }
    // These often end a sentence too ("... at 9 a.m. Please arrive early."): the sentence ends
    // only when an upper-case word follows.
    if (in_list(w, {"etc", "jr", "sr", "inc", "ltd", "co", "min", "hr", "hrs", "wk", "wks"}) ||
        is_dotted_initials(w)) {
        return Abbrev::final_capable;
    }
    return Abbrev::none;
}

/// Whether a single '.' at `dot`, followed by white space and then s[next], does not end the
/// sentence that began at `start`.
bool period_continues(std::string_view s, std::size_t start, std::size_t dot, std::size_t next) {
    const std::size_t tb = token_begin(s, start, dot);
    const std::string_view word = word_before(s, tb, dot);
    if (word.empty()) return false;
    const char last = word.back();
    // "1. Wash your hands": a list number opening the sentence.
    if (tb == start && word.size() <= 3) {
        bool digits = true;
        for (char c : word)
            digits = digits && is_ascii_digit(c);
        if (digits) return true;
    }
    if (!is_ascii_letter(last)) return false;
    switch (classify(word)) {
    case Abbrev::never_final:
        return true;
    case Abbrev::before_number:
        return is_ascii_digit(s[next]) || s[next] == '#';
    case Abbrev::final_capable:
        return !starts_upper(s, next);
    case Abbrev::none:
        break;
    }
    // A single capital is an initial ("J. Smith", "Dr. A. Patel") when it opens the sentence or
    // follows a capitalised word or another initial; "vitamin D. Take it daily" still ends.
    if (word.size() == 1 && is_ascii_upper(last) && is_ascii_upper(s[next])) {
        if (tb == start) return true;
        std::size_t prev_end = tb;
        while (prev_end > start && is_space(s[prev_end - 1]))
            --prev_end;
        const std::size_t pb = token_begin(s, start, prev_end);
        const std::string_view prev = word_before(s, pb, prev_end);
        return !prev.empty() && is_ascii_upper(prev.front());
    }
    return false;
}

} // namespace

std::vector<TextSpan> split_sentences(std::string_view s) {
    std::vector<TextSpan> out;
    const std::size_t n = s.size();
    const auto skip_space = [&](std::size_t k) {
        while (k < n && is_space(s[k]))
            ++k;
        return k;
    };
    std::size_t start = skip_space(0);
    std::size_t i = start;
    while (i < n) {
        if (terminator_at(s, i) == 0) {
            ++i;
            continue;
        }
        const std::size_t term_begin = i;
        std::size_t j = i;
        std::size_t terminators = 0;
        while (j < n) {
            const std::size_t t = terminator_at(s, j);
            if (t == 0) break;
            j += t;
            ++terminators;
        }
        const std::size_t term_end = j;
        while (j < n) {
            const std::size_t c = closer_at(s, j);
            if (c == 0) break;
            j += c;
        }
        // j is where this sentence would end. It ends only before white space ("2.5", "U.K.'s").
        if (j >= n || !is_space(s[j])) {
            i = j;
            continue;
        }
        const std::size_t next = skip_space(j);
        if (next >= n) break;
        i = next;
        if (!can_start_sentence(s, next)) continue;
        const bool single_period = terminators == 1 && s[term_begin] == '.' && term_end == j;
        if (single_period && period_continues(s, start, term_begin, next)) continue;
        out.push_back({start, j});
        start = next;
    }
    std::size_t end = n;
    while (end > start && is_space(s[end - 1]))
        --end;
    if (end > start) out.push_back({start, end});
    return out;
}

} // namespace lectern::text
