// Implementation of app/lint_words.hpp. Main thread.
//
// A word the normaliser rewrites is fine by definition (its lexicon row or number rule says how it
// is said); every other word is eSpeak NG's business, and these are the kinds it gets wrong in
// handouts. The verdict comes from eSpeak's own phonemes: a word is "spelled letter by letter"
// when its phonemes equal those of its letters with dots between ("DNR" and "D.N.R"), "a roman
// numeral" when they end with those of its value ("IV": "roman four").
#include "app/lint_words.hpp"

#include "app/setup.hpp"
#include "text/lexicon.hpp"
#include "text/normalize.hpp"

#include <algorithm>

namespace lectern::app {
namespace {

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return is_upper(c) || is_lower(c);
}

/// The word without opening and closing punctuation: "(PTSD)," -> "PTSD", "q.h.s." -> "q.h.s".
std::string_view core_of(std::string_view token) {
    const auto opener = [](std::string_view s) -> std::size_t {
        if (s.empty()) return 0;
        if (std::string_view("([{\"'").find(s.front()) != std::string_view::npos) return 1;
        for (std::string_view q : {"\u201C", "\u2018", "\u00AB", "\u00BF", "\u00A1"})
            if (s.starts_with(q)) return q.size();
        return 0;
    };
    const auto closer = [](std::string_view s) -> std::size_t {
        if (s.empty()) return 0;
        if (std::string_view(")]}\"',;:!?.").find(s.back()) != std::string_view::npos) return 1;
        for (std::string_view q : {"\u201D", "\u2019", "\u00BB", "\u2026"})
            if (s.ends_with(q)) return q.size();
        return 0;
    };
    while (const std::size_t n = opener(token))
        token.remove_prefix(n);
    while (const std::size_t n = closer(token))
        token.remove_suffix(n);
    return token;
}

/// "ICU", "COVID-19", "H1N1": two or more capitals and no small letters ("ICU's" counts too).
bool is_capitals(std::string_view w) {
    for (std::string_view s : {"'s", "\u2019s"})
        if (w.ends_with(s)) w.remove_suffix(s.size());
    const auto capitals = std::count_if(w.begin(), w.end(), is_upper);
    const bool others_ok = std::all_of(w.begin(), w.end(), [](char c) {
        return is_upper(c) || is_digit(c) || c == '-' || c == '/' || c == '&';
    });
    return capitals >= 2 && others_ok;
}

/// "q.h.s", "a.c", "U.S": single letters joined by dots.
bool is_dotted(std::string_view w) {
    if (w.size() < 3 || w.size() % 2 == 0) return false;
    for (std::size_t k = 0; k < w.size(); ++k)
        if (k % 2 == 0 ? !is_letter(w[k]) : w[k] != '.') return false;
    return true;
}

/// The value of a well-formed roman numeral ("IV" 4, "XII" 12), or 0.
int roman_value(std::string_view w) {
    const auto digit = [](char c) {
        switch (c) {
        case 'I':
            return 1;
        case 'V':
            return 5;
        case 'X':
            return 10;
        case 'L':
            return 50;
        case 'C':
            return 100;
        case 'D':
            return 500;
        case 'M':
            return 1000;
        default:
            return 0;
        }
    };
    int total = 0;
    for (std::size_t k = 0; k < w.size(); ++k) {
        const int v = digit(w[k]);
        if (v == 0) return 0;
        const int next = k + 1 < w.size() ? digit(w[k + 1]) : 0;
        total += v < next ? -v : v;
    }
    // Only the canonical spelling: "IIV" or "VV" are not numerals anyone writes.
    static constexpr std::pair<int, const char*> kParts[] = {
        {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
        {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
    std::string canonical;
    int rest = total;
    for (const auto& [value, text] : kParts)
        for (; rest >= value; rest -= value)
            canonical += text;
    return total > 0 && canonical == w ? total : 0;
}

std::string dotted_letters(std::string_view w) {
    std::string out;
    for (char c : w) {
        if (!is_letter(c)) continue;
        if (!out.empty()) out += '.';
        out += c;
    }
    return out;
}

} // namespace

WordChecker::WordChecker(std::unique_ptr<synth::Synthesizer> synth) : m_synth(std::move(synth)) {}

Result<WordChecker> WordChecker::create() {
    auto synth = synth::make_espeak_synth();
    if (!synth) return synth.error();
    return WordChecker(std::move(*synth));
}

Result<void> WordChecker::use_article(const content::Article& article) {
    m_found.clear();
    // The front matter's voice when it names a profile, else the language's (as when reading).
    auto voice = choose_voice(article.voice, article.language, std::nullopt);
    if (!voice) voice = choose_voice("", article.language, std::nullopt);
    if (!voice) return voice.error();
    if (voice->params.voice != m_synth->params().voice || m_language.empty()) {
        if (auto r = m_synth->configure(voice->params); !r) return r;
        m_phonemes.clear();
    }
    m_language = voice->language;
    m_lexicon_name = "voices/lexicon/" + text::primary_language(m_language) + ".tsv";
    return {};
}

const std::string& WordChecker::phonemes(const std::string& text) {
    auto it = m_phonemes.find(text);
    if (it == m_phonemes.end()) {
        auto p = m_synth->phonemes(text);
        it = m_phonemes.emplace(text, p ? *p : std::string()).first;
    }
    return it->second;
}

std::string WordChecker::describe(const std::string& word) {
    // The verdict is about the capitals ("DSU" in "DSU-42"); the row to add is for the whole
    // word, because the lexicon matches whole words.
    std::string caps;
    std::string letters_form;
    for (std::size_t i = 0; i < word.size();) {
        const std::size_t b = i;
        while (i < word.size() && is_letter(word[i]))
            ++i;
        const std::string run = word.substr(b, i - b);
        if (caps.empty() && std::count_if(run.begin(), run.end(), is_upper) >= 2) caps = run;
        letters_form += run.size() > 1 && std::all_of(run.begin(), run.end(), is_upper)
                            ? dotted_letters(run) + "."
                            : run;
        if (i < word.size()) letters_form += word[i] == '-' || word[i] == '/' ? ' ' : word[i];
        i += i < word.size() ? 1 : 0;
    }
    const std::string& said = phonemes(word);
    const std::string& caps_said = phonemes(caps);
    std::string how;
    if (const int value = roman_value(caps); value > 0) {
        const std::string& number = phonemes(std::to_string(value));
        if (!number.empty() && caps_said.ends_with(number)) how = "as a roman numeral";
    }
    if (how.empty())
        how = caps_said == phonemes(dotted_letters(caps)) ? "letter by letter" : "as a word";
    const std::string it = caps == word ? "it" : "\"" + caps + "\"";
    return "\"" + word + "\" is not in " + m_lexicon_name + ": eSpeak NG says " + it + " " + how +
           " (" + said + "). Add a row saying how to read it (\"" + word + "<TAB>" + letters_form +
           "\" for letters, \"" + word + "<TAB>" + word + "\" if eSpeak NG is right)";
}

void WordChecker::check(const content::Article& article, TextSpan source, std::string_view text) {
    const text::Normalized normalized = text::normalize(text, text::NormalizeOptions{m_language});
    std::string prev;
    for (std::size_t i = 0; i < text.size();) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        const std::size_t b = i;
        while (i < text.size() && text[i] != ' ')
            ++i;
        if (i == b) break;
        const std::string_view token = text.substr(b, i - b);
        const std::string core(core_of(token));
        const bool rewritten = std::any_of(
            normalized.rewrites.begin(), normalized.rewrites.end(),
            [&](const text::Normalized::Rewrite& r) { return r.begin < i && r.end > b; });
        const std::string before = prev;
        prev = core;
        if (core.empty() || rewritten) continue;
        const bool last = i >= text.size();
        const auto next_starts_small = [&] {
            std::size_t k = i;
            while (k < text.size() && text[k] == ' ')
                ++k;
            return k < text.size() && (is_lower(text[k]) || is_digit(text[k]));
        };
        if (is_capitals(core)) {
            add(article, source, token, describe(core));
        } else if (is_dotted(core) ||
                   (token.ends_with('.') && !last && core.size() <= 5 &&
                    std::all_of(core.begin(), core.end(), is_lower) && next_starts_small())) {
            const std::string written = core + ".";
            add(article, source, token,
                "unknown abbreviation \"" + written + "\": eSpeak NG says it (" +
                    phonemes(written) + "). Add it to " + m_lexicon_name +
                    " with the words to say, or write it out");
        } else if (!before.empty() && is_digit(before.back()) && core.size() >= 2 &&
                   core.size() <= 5 && std::all_of(core.begin(), core.end(), is_letter) &&
                   phonemes(core) == phonemes(dotted_letters(core))) {
            add(article, source, token,
                "the unit \"" + core + "\" after a number is spelled letter by letter (" +
                    phonemes(core) + "). Add it to " + m_lexicon_name + " as a unit, e.g. \"" +
                    core + "<TAB>one|many<TAB>unit\"");
        } else if (const std::size_t slash = core.find('/');
                   slash != std::string::npos && slash > 0 && slash + 1 < core.size() &&
                   is_digit(core[slash - 1]) && is_digit(core[slash + 1])) {
            add(article, source, token,
                "\"" + core + "\" is read with \"slash\" (" + phonemes(core) +
                    "). Write a date as 12/05/2026, a fraction as 1/2, or use words");
        }
    }
}

void WordChecker::add(const content::Article& article, TextSpan source, std::string_view token,
                      std::string message) {
    // The line of the word itself: sentences are joined from several lines of the file.
    const std::size_t at = article.source.find(token, source.begin);
    const std::size_t line = article.line_of(at < source.end ? at : source.begin);
    Seen& seen = m_found[std::string(core_of(token))];
    if (seen.count++ == 0) {
        seen.line = line;
        seen.message = std::move(message);
    }
}

std::vector<LintLine> WordChecker::take_findings() {
    std::vector<LintLine> out;
    for (const auto& [word, seen] : m_found) {
        std::string message = seen.message;
        if (seen.count > 1) message += " (" + std::to_string(seen.count) + " times)";
        out.push_back(LintLine{seen.line, std::move(message), true});
    }
    m_found.clear();
    return out;
}

} // namespace lectern::app
