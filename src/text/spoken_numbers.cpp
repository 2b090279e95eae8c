// Implementation of text/spoken_numbers.hpp. Pure; any thread.
//
// The spoken forms keep digits wherever eSpeak NG reads them as a clinician would ("10", "2.5",
// "5th", Spanish "2026") and spell out only what it gets wrong: English years ("2026" would be
// "two thousand twenty-six"), "oh" in "6:05", "o'clock", fraction names. Pinned by the phoneme
// table in tests/data/pronunciation/.
#include "text/spoken_numbers.hpp"

#include "text/lexicon.hpp"

#include <algorithm>
#include <vector>

namespace lectern::text {
namespace {

constexpr NumberWords kEnglish{
    "en",
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
    "to",
    "over",
    "out of",
    "per",
    {"half", "third", "quarter", "fifth", "sixth", "seventh", "eighth", "ninth"},
    {"halves", "thirds", "quarters", "fifths", "sixths", "sevenths", "eighths", "ninths"},
    "A.M",
    "P.M"};

constexpr NumberWords kSpanish{
    "es",
    {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
     "octubre", "noviembre", "diciembre"},
    "a",
    "sobre",
    "de",
    "por",
    {"medio", "tercio", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno"},
    {"medios", "tercios", "cuartos", "quintos", "sextos", "séptimos", "octavos", "novenos"},
    "a. m.",
    "p. m."};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// Value of a short digit string (at most 4 digits here).
int value_of(std::string_view digits) {
    int v = 0;
    for (char c : digits)
        v = v * 10 + (c - '0');
    return v;
}

/// Splits s at every occurrence of one of the separators; returns the parts and which separator
/// was used (all must be the same).
std::vector<std::string_view> split_on(std::string_view s, std::string_view sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t at = s.find(sep); at != std::string_view::npos; at = s.find(sep, start)) {
        parts.push_back(s.substr(start, at - start));
        start = at + sep.size();
    }
    parts.push_back(s.substr(start));
    return parts;
}

const char* const kOnes[] = {"zero",    "one",     "two",       "three",    "four",
                             "five",    "six",     "seven",     "eight",    "nine",
                             "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                             "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
const char* const kTens[] = {"",      "",      "twenty",  "thirty", "forty",
                             "fifty", "sixty", "seventy", "eighty", "ninety"};

/// English words for 0..99 ("twenty-six").
std::string english_under_100(int n) {
    if (n < 20) return kOnes[n];
    return std::string(kTens[n / 10]) + (n % 10 ? std::string("-") + kOnes[n % 10] : "");
}

/// An English year as it is said: "twenty twenty-six", "nineteen oh five", "nineteen hundred";
/// 2000-2009 and anything unusual stay digits ("two thousand five" is eSpeak's own reading).
std::string english_year(int year) {
    const int high = year / 100;
    const int low = year % 100;
    if (year < 1100 || year > 2099 || (high == 20 && low < 10)) return std::to_string(year);
    const std::string first = english_under_100(high);
    if (low == 0) return first + " hundred";
    if (low < 10) return first + " oh " + kOnes[low];
    return first + " " + english_under_100(low);
}

std::string english_ordinal_digits(int day) {
    const int last = day % 10;
    const char* suffix = "th";
    if (day / 10 != 1) {
        if (last == 1) suffix = "st";
        if (last == 2) suffix = "nd";
        if (last == 3) suffix = "rd";
    }
    return std::to_string(day) + suffix;
}

bool valid_date(int month, int day) {
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month >= 1 && month <= 12 && day >= 1 && day <= kDays[month - 1];
}

std::string spoken_date(const NumberWords& w, int month, int day, std::optional<int> year) {
    const std::string_view name = w.months[static_cast<std::size_t>(month - 1)];
    if (w.language == "es") {
        std::string out = std::to_string(day) + " de " + std::string(name);
        if (year) out += " de " + std::to_string(*year);
        return out;
    }
    std::string out = std::string(name) + " " + english_ordinal_digits(day);
    if (year) out += ", " + english_year(*year);
    return out;
}

/// A glued meridiem at the end of a time ("6:00pm", "6:00 p.m." is two tokens): its length.
std::size_t glued_meridiem(std::string_view s) {
    for (std::size_t n : {4u, 2u}) { // "p.m." or "pm"
        if (s.size() > n && is_meridiem(s.substr(s.size() - n))) return n;
    }
    return 0;
}

} // namespace

const NumberWords* number_words(std::string_view language) {
    const std::string code = primary_language(language);
    if (code == "en") return &kEnglish;
    if (code == "es") return &kSpanish;
    return nullptr;
}

bool month_first(std::string_view language) {
    std::string tag(language);
    for (char& c : tag)
        c = c == '_' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (primary_language(tag) != "en") return false;
    // English outside North America writes the day first.
    for (std::string_view r : {"-gb", "-au", "-nz", "-ie", "-in", "-za", "-uk"})
        if (tag.ends_with(r)) return false;
    return true;
}

bool is_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

bool is_number(std::string_view s) {
    if (s.empty() || !is_digit(s.front()) || !is_digit(s.back())) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (is_digit(s[i])) continue;
        if ((s[i] != '.' && s[i] != ',') || !is_digit(s[i + 1])) return false;
    }
    return true;
}

bool is_meridiem(std::string_view t) {
    std::string flat;
    for (char c : t) {
        if (c == '.') continue;
        flat += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (flat != "am" && flat != "pm") return false;
    // "a.m", "a.m.", "am", "AM" — but not "a.m.m" or ".am".
    return t.size() <= 4 && t.front() != '.';
}

std::optional<std::string> say_date(std::string_view core, const NumberWords& w,
                                    bool month_first_order) {
    std::vector<std::string_view> parts;
    for (std::string_view sep : {"/", "-", "."}) {
        parts = split_on(core, sep);
        if (parts.size() >= 2) break;
    }
    if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
    for (std::string_view p : parts)
        if (!is_digits(p)) return std::nullopt;
    std::optional<int> year;
    int a = 0;
    int b = 0;
    if (parts.size() == 3 && parts[0].size() == 4 && parts[1].size() <= 2 && parts[2].size() <= 2) {
        // ISO 8601: 2026-12-05 is unambiguous in every locale.
        year = value_of(parts[0]);
        if (!valid_date(value_of(parts[1]), value_of(parts[2]))) return std::nullopt;
        return spoken_date(w, value_of(parts[1]), value_of(parts[2]), year);
    }
    if (parts[0].size() > 2 || parts[1].size() > 2) return std::nullopt;
    a = value_of(parts[0]);
    b = value_of(parts[1]);
    if (parts.size() == 3) {
        if (parts[2].size() != 2 && parts[2].size() != 4) return std::nullopt;
        year = value_of(parts[2]) + (parts[2].size() == 2 ? 2000 : 0);
    } else if (parts[0].size() != 2 || parts[1].size() != 2 ||
               (parts[0][0] != '0' && parts[1][0] != '0')) {
        // Two parts are a date only when written like one ("12/05"); "1/2" is a fraction.
        return std::nullopt;
    }
    int month = month_first_order ? a : b;
    int day = month_first_order ? b : a;
    // A date impossible in the locale's order but fine in the other is unambiguous: "25/12/2026".
    if (!valid_date(month, day)) std::swap(month, day);
    if (!valid_date(month, day)) return std::nullopt;
    return spoken_date(w, month, day, year);
}

std::optional<std::string> say_time(std::string_view core, const NumberWords& w,
                                    bool meridiem_follows) {
    const std::size_t marker = glued_meridiem(core);
    const std::string_view tail = core.substr(core.size() - marker);
    core.remove_suffix(marker);
    const std::size_t colon = core.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || core.size() != colon + 3)
        return std::nullopt;
    const std::string_view hh = core.substr(0, colon);
    const std::string_view mm = core.substr(colon + 1);
    if (!is_digits(hh) || !is_digits(mm)) return std::nullopt;
    const int h = value_of(hh);
    const int m = value_of(mm);
    if (h > 23 || m > 59 || (marker > 0 && (h == 0 || h > 12))) return std::nullopt;
    const bool meridiem = marker > 0 || meridiem_follows;
    const bool spanish = w.language == "es";
    std::string out;
    if (m == 0) {
        out = std::to_string(h);
        if (!meridiem) {
            if (spanish && (h == 0 || h > 12)) out += " horas";
            if (!spanish) out = h >= 1 && h <= 12 ? out + " o'clock" : out + " hundred";
        }
    } else if (m < 10) {
        out = std::to_string(h) + (spanish ? " y " : " oh ") + std::to_string(m);
    } else if (marker > 0) {
        out = std::string(core); // "6:30" is read right; only the glued marker needs a space
    } else {
        return std::nullopt;
    }
    if (marker > 0) {
        const bool pm = tail.find_first_of("pP") != std::string_view::npos;
        out += " " + std::string(pm ? w.pm : w.am);
    }
    return out;
}

std::optional<std::string> say_range(std::string_view core, const NumberWords& w) {
    for (std::string_view dash : {"-", "\u2013", "\u2014", "\u2010", "\u2011"}) {
        const std::size_t at = core.find(dash);
        if (at == std::string_view::npos) continue;
        const std::string_view from = core.substr(0, at);
        const std::string_view to = core.substr(at + dash.size());
        if (!is_number(from) || !is_number(to)) return std::nullopt;
        return std::string(from) + " " + std::string(w.range) + " " + std::string(to);
    }
    return std::nullopt;
}

std::optional<std::string> say_fraction(std::string_view core, const NumberWords& w, bool mixed) {
    const std::size_t slash = core.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string_view top = core.substr(0, slash);
    const std::string_view bottom = core.substr(slash + 1);
    if (!is_digits(top) || !is_digits(bottom) || top.size() > 4 || bottom.size() > 4 ||
        top[0] == '0' || bottom[0] == '0')
        return std::nullopt;
    const int a = value_of(top);
    const int b = value_of(bottom);
    const bool spanish = w.language == "es";
    if (a < b && b <= 9) {
        const auto k = static_cast<std::size_t>(b - 2);
        if (a == 1) {
            const std::string one(w.part_one[k]);
            if (spanish) return mixed ? (b == 2 ? "y " + one : "y un " + one) : "un " + one;
            return mixed ? "and a " + one : "one " + one;
        }
        const std::string many = std::to_string(a) + " " + std::string(w.part_many[k]);
        return mixed ? (spanish ? "y " : "and ") + many : many;
    }
    if (mixed) return std::nullopt;
    const std::string_view middle = b == 10 && a <= 10 ? w.out_of : w.over;
    return std::string(top) + " " + std::string(middle) + " " + std::string(bottom);
}

std::string say_digits(std::string_view digits) {
    std::string out;
    for (char c : digits) {
        if (!out.empty()) out += ' ';
        out += c;
    }
    return out;
}

std::optional<std::string> say_phone(std::string_view core) {
    // Groups of digits separated by '-', '.', or "(555) " / "(555)" before the rest.
    std::vector<std::string_view> groups;
    std::string_view rest = core;
    if (rest.starts_with('(')) {
        const std::size_t close = rest.find(')');
        if (close != 4) return std::nullopt;
        groups.push_back(rest.substr(1, 3));
        rest.remove_prefix(close + 1);
        if (rest.starts_with(' ')) rest.remove_prefix(1);
    }
    const char sep = rest.find('.') != std::string_view::npos ? '.' : '-';
    for (std::string_view g : split_on(rest, std::string_view(&sep, 1)))
        groups.push_back(g);
    std::string shape;
    for (std::string_view g : groups) {
        if (!is_digits(g)) return std::nullopt;
        shape += std::to_string(g.size());
    }
    // 555-1234, 555-123-4567, 1-555-123-4567, (555) 123-4567.
    if (shape != "34" && shape != "334" && shape != "1334") return std::nullopt;
    if (shape == "34" && core.starts_with('(')) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const std::string_view g = groups[i];
        const bool area = shape.size() - i == 3 && shape.size() >= 3;
        const bool toll_free = area && (g == "800" || g == "888" || g == "877" || g == "866" ||
                                        g == "855" || g == "844" || g == "833");
        if (!out.empty()) out += ", ";
        out += toll_free ? std::string(g) : say_digits(g);
    }
    return out;
}

} // namespace lectern::text
