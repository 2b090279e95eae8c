// content::detect_language (parse.hpp): English or Spanish from the words of an article, for
// handouts without front matter. Counting the most common function words of each language is
// enough to tell these two apart on a few sentences; anything undecided stays English (the
// product's default). Linear in the words looked at. Any thread.
#include "content/parse.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace lectern::content {
namespace {

// Words frequent in one language and rare or absent in the other ("a", "no", "me" are in both).
constexpr std::array<std::string_view, 31> kSpanish = {
    "el",   "la",    "los",  "las",     "de",  "del",    "que",   "y",     "en",  "un",   "una",
    "por",  "para",  "con",  "se",      "su",  "sus",    "es",    "al",    "lo",  "como", "más",
    "pero", "usted", "está", "también", "muy", "cuando", "puede", "sobre", "este"};
constexpr std::array<std::string_view, 28> kEnglish = {
    "the",  "and", "of",   "to",  "in",   "is",   "you",  "that", "it",  "for",
    "are",  "be",  "with", "as",  "your", "on",   "or",   "this", "can", "have",
    "will", "not", "if",   "may", "from", "what", "they", "at"};

constexpr std::size_t kMaxWords = 2000; // enough to decide; a huge file costs no more

bool in(std::string_view w, auto const& list) {
    return std::find(list.begin(), list.end(), w) != list.end();
}

/// Lower-cases ASCII letters and the Spanish capitals with accents that can start a word.
std::string fold(std::string_view word) {
    std::string out;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (c == '\xC3' && i + 1 < word.size() &&
                   static_cast<unsigned char>(word[i + 1]) <= 0x9E) {
            out += c; // Á É Í Ó Ú Ñ -> á é í ó ú ñ (U+00C0..U+00DE: +0x20)
            out += static_cast<char>(word[++i] + 0x20);
        } else {
            out += c;
        }
    }
    return out;
}

bool is_word_byte(char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

} // namespace

std::string detect_language(const Article& article) {
    std::size_t spanish = 0;
    std::size_t english = 0;
    std::size_t words = 0;
    for (const Section& section : article.sections) {
        for (const Sentence& sentence : section.sentences) {
            const std::string_view s = sentence.text;
            // ¿ and ¡ only open Spanish sentences.
            if (s.starts_with("\u00BF") || s.starts_with("\u00A1")) spanish += 2;
            // Words: runs of ASCII letters and non-ASCII bytes (accented letters; curly quotes
            // stuck to a word only make it miss the lists, which is harmless).
            std::size_t i = 0;
            while (i < s.size() && words < kMaxWords) {
                const std::size_t b = i;
                while (i < s.size() && is_word_byte(s[i]))
                    ++i;
                if (i == b) {
                    ++i;
                    continue;
                }
                const std::string w = fold(s.substr(b, i - b));
                ++words;
                spanish += in(w, kSpanish) ? 1 : 0;
                english += in(w, kEnglish) ? 1 : 0;
            }
            if (words >= kMaxWords) break;
        }
    }
    return spanish >= 3 && spanish > 2 * english ? "es" : "en";
}

} // namespace lectern::content
