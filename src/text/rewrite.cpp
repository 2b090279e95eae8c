// Implementation of rewrite.hpp (private to lectern_text). Pure; any thread.
//
// A token is looked at without its opening and closing punctuation ("(PTSD),"; "b.i.d.": the
// final dot is matched as the abbreviation's own when the lexicon row has one). Rules, first match
// wins: a lexicon phrase of several tokens, a lexicon word, the number after a "digits" word
// ("ext. 2040"), a unit after a number or glued to one ("10 mg", "10mg", "mg/kg"), then the number
// rules: phone, date, time, range, fraction. Tokens longer than 64 bytes are never rewritten.
#include "text/rewrite.hpp"

#include "core/utf8.hpp"
#include "text/spoken_numbers.hpp"

#include <array>
#include <optional>
#include <string>

namespace lectern::text::detail {

bool is_space(char32_t cp) {
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

bool is_dropped(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

namespace {

constexpr std::size_t kMaxCandidateBytes = 64;

/// Opening and closing punctuation around a word (ASCII and the typographic quotes).
std::size_t opener_at_start(std::string_view s) {
    if (s.empty()) return 0;
    const char c = s.front();
    if (c == '(' || c == '[' || c == '{' || c == '"' || c == '\'') return 1;
    for (std::string_view q : {"\u201C", "\u2018", "\u00AB", "\u00BF", "\u00A1"})
        if (s.starts_with(q)) return q.size();
    return 0;
}

std::size_t closer_at_end(std::string_view s) {
    if (s.empty()) return 0;
    const char c = s.back();
    if (c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' || c == ',' || c == ';' ||
        c == ':' || c == '!' || c == '?' || c == '.')
        return 1;
    for (std::string_view q : {"\u201D", "\u2019", "\u00BB", "\u2026"})
        if (s.ends_with(q)) return q.size();
    return 0;
}

/// A token as the rules see it: the bytes that are spoken (dropped characters removed), where
/// each came from in the input, and the punctuation around the word.
struct View {
    std::string text;
    std::size_t base = 0;        ///< input offset of text[0] when nothing was dropped
    std::vector<std::size_t> at; ///< input offset of each byte of text, only when something was
    std::size_t lead = 0;
    std::size_t trail = 0;
    bool ok = false; ///< short enough to be a candidate, and has a word

    std::string_view core() const {
        return std::string_view(text).substr(lead, text.size() - lead - trail);
    }
    std::string_view trailing() const { return std::string_view(text).substr(text.size() - trail); }
    std::size_t offset(std::size_t k) const { return at.empty() ? base + k : at[k]; }
    /// Input offset where byte k of text starts, or where the text ends (k == size).
    std::size_t begin_of(std::size_t k) const {
        return k < text.size() ? offset(k) : offset(text.size() - 1) + 1;
    }
    std::size_t core_begin() const { return begin_of(lead); }
    std::size_t core_end() const { return offset(text.size() - trail - 1) + 1; }
};

/// Whether bytes may hold a character the scanner drops (C0, DEL, C1, U+FEFF/FFFE/FFFF): only
/// then is the slow, offset-keeping copy needed.
bool may_hold_dropped(std::string_view s) {
    for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xEF) return true;
    }
    return false;
}

View make_view(std::string_view input, const Token& t) {
    View v;
    if (t.end - t.begin > kMaxCandidateBytes) return v;
    const std::string_view bytes = input.substr(t.begin, t.end - t.begin);
    if (!may_hold_dropped(bytes)) {
        v.text.assign(bytes);
        v.base = t.begin;
    } else {
        for (std::size_t i = t.begin; i < t.end;) {
            const std::size_t from = i;
            const char32_t cp = utf8::next(input, i);
            if (is_dropped(cp)) continue;
            for (std::size_t k = from; k < i; ++k) {
                v.text += input[k];
                v.at.push_back(k);
            }
        }
    }
    std::string_view rest = v.text;
    while (const std::size_t n = opener_at_start(rest)) {
        v.lead += n;
        rest.remove_prefix(n);
    }
    while (const std::size_t n = closer_at_end(rest)) {
        v.trail += n;
        rest.remove_suffix(n);
    }
    v.ok = !rest.empty();
    return v;
}

bool has_digit(std::string_view s) {
    return s.find_first_of("0123456789") != std::string_view::npos;
}

bool ends_with_digit(std::string_view s) {
    return !s.empty() && s.back() >= '0' && s.back() <= '9';
}

class Planner {
  public:
    Planner(std::string_view input, const std::vector<Token>& tokens, std::string_view language,
            const Lexicon* lexicon)
        : m_input(input), m_tokens(tokens), m_language(language), m_lexicon(lexicon),
          m_words(number_words(language)) {}

    std::vector<Plan> run() {
        std::vector<Plan> plans;
        for (std::size_t i = 0; i < m_tokens.size(); ++i) {
            const View v = view(i);
            std::optional<Plan> plan = v.ok ? decide(i, v) : std::nullopt;
            const std::size_t last = plan ? plan->last : i;
            const View& lv = last == i ? v : m_last_view;
            // What the next token needs to know about this one.
            m_digits_next = plan && m_digits_entry;
            m_digits_entry = false;
            m_prev_core = lv.ok ? std::string(lv.core()) : std::string();
            m_prev_bare = lv.ok && lv.trail == 0;
            if (plan) {
                plans.push_back(std::move(*plan));
                i = last;
            }
        }
        return plans;
    }

  private:
    /// Token i's view; the rules look one or two tokens ahead, so the last few are kept.
    const View& view(std::size_t i) {
        Cached& c = m_cache[i % m_cache.size()];
        if (!c.valid || c.index != i) c = Cached{i, true, make_view(m_input, m_tokens[i])};
        return c.view;
    }

    std::optional<Plan> decide(std::size_t i, const View& v) {
        if (m_lexicon != nullptr) {
            if (auto p = lexicon_phrase(i, v)) return p;
            if (auto p = lexicon_word(i, v)) return p;
        }
        const std::string_view core = v.core();
        if (m_digits_next && is_digits(core) && core.size() <= 12)
            return plan(i, i, v, v.core_end(), say_digits(core));
        // Units stand after a number or start with one; every number rule needs a digit.
        const bool digits = has_digit(core);
        if (m_lexicon != nullptr && (digits || has_digit(m_prev_core)))
            if (auto p = unit(i, v)) return p;
        if (m_words != nullptr && digits) return number_rule(i, v);
        return std::nullopt;
    }

    Plan plan(std::size_t first, std::size_t last, const View& v, std::size_t end,
              std::string spoken) {
        return Plan{first, last, {v.core_begin(), end, std::move(spoken)}};
    }

    const LexiconEntry* find_word(std::string_view key) const {
        if (const LexiconEntry* e = m_lexicon->find_word(key)) return e;
        // A capital at the start of a sentence: "E.g." finds "e.g.", "Vs." finds "vs.".
        if (key.empty() || key[0] < 'A' || key[0] > 'Z') return nullptr;
        std::string lower(key);
        lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
        const LexiconEntry* e = m_lexicon->find_word(lower);
        return e != nullptr && e->written[0] == lower[0] ? e : nullptr;
    }

    /// End of the match: the core's end, plus the abbreviation's own final dot when it has one.
    static std::size_t match_end(const View& v, const LexiconEntry& e) {
        std::size_t end = v.core_end();
        if (e.final_dot && v.trailing().starts_with('.'))
            end = v.begin_of(v.text.size() - v.trail) + 1;
        return end;
    }

    std::optional<Plan> lexicon_phrase(std::size_t i, const View& first) {
        std::string start(std::string_view(first.text).substr(first.lead));
        if (!start.empty() && start[0] >= 'A' && start[0] <= 'Z') start[0] += 'a' - 'A';
        if (!m_lexicon->starts_phrase(start)) return std::nullopt;
        for (std::size_t n = std::min(m_lexicon->max_tokens(), m_tokens.size() - i); n >= 2; --n) {
            std::string key(std::string_view(first.text).substr(first.lead));
            View last;
            bool ok = true;
            for (std::size_t k = 1; k < n && ok; ++k) {
                last = view(i + k);
                ok = last.ok && last.lead == 0;
                key += " " + std::string(k + 1 == n ? last.core() : std::string_view(last.text));
            }
            const LexiconEntry* e = ok ? find_word(key) : nullptr;
            if (e == nullptr || e->tokens != n) continue;
            m_last_view = last;
            m_digits_entry = e->kind == LexiconKind::digits;
            return Plan{i, i + n - 1, {first.core_begin(), match_end(last, *e), e->spoken}};
        }
        return std::nullopt;
    }

    std::optional<Plan> lexicon_word(std::size_t i, const View& v) {
        const LexiconEntry* e = find_word(v.core());
        if (e == nullptr || e->tokens != 1) return std::nullopt;
        m_digits_entry = e->kind == LexiconKind::digits;
        return plan(i, i, v, match_end(v, *e), e->spoken);
    }

    /// "mg", "°C", "mg/kg" said after `number` ("1" takes the singular).
    std::optional<std::string> say_unit(std::string_view u, std::string_view number) const {
        const bool one = number == "1";
        if (const LexiconEntry* e = m_lexicon->find_unit(u)) return one ? e->spoken_one : e->spoken;
        const std::size_t slash = u.find('/');
        if (slash == std::string_view::npos || m_words == nullptr) return std::nullopt;
        const LexiconEntry* top = m_lexicon->find_unit(u.substr(0, slash));
        const LexiconEntry* bottom = m_lexicon->find_unit(u.substr(slash + 1));
        if (top == nullptr || bottom == nullptr) return std::nullopt;
        return (one ? top->spoken_one : top->spoken) + " " + std::string(m_words->per) + " " +
               bottom->spoken_one;
    }

    std::optional<Plan> unit(std::size_t i, const View& v) {
        const std::string_view core = v.core();
        // After a number: "10 mg", "4-6 mg", "120/80 mmHg".
        if (ends_with_digit(m_prev_core) && m_prev_bare) {
            if (auto spoken = say_unit(core, m_prev_core))
                return plan(i, i, v, v.core_end(), *spoken);
        }
        // Glued to one: "10mg", "38°C", "2.5mL", "50%".
        std::size_t n = 0;
        while (n < core.size() &&
               ((core[n] >= '0' && core[n] <= '9') || core[n] == '.' || core[n] == ','))
            ++n;
        while (n > 0 && (core[n - 1] == '.' || core[n - 1] == ','))
            --n;
        const std::string_view number = core.substr(0, n);
        if (n == 0 || n == core.size() || !is_number(number)) return std::nullopt;
        if (auto spoken = say_unit(core.substr(n), number))
            return plan(i, i, v, v.core_end(), std::string(number) + " " + *spoken);
        return std::nullopt;
    }

    /// "PM", "p.m." or Spanish "p. m." right after token i.
    bool meridiem_after(std::size_t i) {
        if (i + 1 >= m_tokens.size()) return false;
        const View& next = view(i + 1);
        if (!next.ok) return false;
        if (is_meridiem(next.core())) return true;
        const std::string_view t = next.text;
        if ((t != "a." && t != "p." && t != "A." && t != "P.") || i + 2 >= m_tokens.size())
            return false;
        const View& after = view(i + 2);
        return after.ok && (after.core() == "m" || after.core() == "M");
    }

    bool unit_after(std::size_t i) {
        if (i + 1 >= m_tokens.size() || m_lexicon == nullptr) return false;
        const View& next = view(i + 1);
        return next.ok && m_lexicon->find_unit(next.core()) != nullptr;
    }

    std::optional<Plan> number_rule(std::size_t i, const View& v) {
        const NumberWords& w = *m_words;
        const std::string_view core = v.core();
        // "(555) 123-4567": the area code is a token of its own.
        if (v.text.size() == 5 && v.text.front() == '(' && v.text.back() == ')' &&
            i + 1 < m_tokens.size()) {
            const View next = view(i + 1);
            if (next.ok && next.lead == 0) {
                if (auto s = say_phone(v.text + " " + std::string(next.core()))) {
                    m_last_view = next;
                    return Plan{i, i + 1, {v.begin_of(0), next.core_end(), std::move(*s)}};
                }
            }
        }
        std::optional<std::string> s;
        if (!unit_after(i)) s = say_phone(core); // "100-1000 mg" is a range, not a phone number
        if (!s) s = say_date(core, w, month_first(m_language));
        if (!s) s = say_time(core, w, meridiem_after(i));
        if (!s) s = say_range(core, w);
        if (!s) s = say_fraction(core, w, is_digits(m_prev_core) && m_prev_bare);
        if (!s) return std::nullopt;
        return plan(i, i, v, v.core_end(), std::move(*s));
    }

    std::string_view m_input;
    const std::vector<Token>& m_tokens;
    std::string_view m_language;
    const Lexicon* m_lexicon;
    const NumberWords* m_words;
    std::string m_prev_core;     ///< the previous token's word ("10", "4-6"), empty if none
    bool m_prev_bare = false;    ///< the previous token had no closing punctuation ("10," does)
    bool m_digits_entry = false; ///< the current plan is a "digits" lexicon word
    bool m_digits_next = false;  ///< the previous token was one: read this number digit by digit
    View m_last_view;            ///< the last token of a multi-token plan
    struct Cached {
        std::size_t index = 0;
        bool valid = false;
        View view;
    };
    std::array<Cached, 4> m_cache;
};

} // namespace

std::vector<Plan> plan_rewrites(std::string_view input, const std::vector<Token>& tokens,
                                std::string_view language, const Lexicon* lexicon) {
    return Planner(input, tokens, language, lexicon).run();
}

} // namespace lectern::text::detail
