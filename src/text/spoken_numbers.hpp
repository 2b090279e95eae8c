// The built-in number rules of the normaliser: how dates, times, ranges, fractions and phone
// numbers are said in English and Spanish, where eSpeak NG would say "slash", "dash" or "zero
// zero". Only what eSpeak gets wrong is rewritten; a plain number stays digits (eSpeak reads
// those as a clinician would). Pure functions; any thread.
//
// Each say_* function takes a token without its surrounding punctuation and returns what to say,
// or nothing when the rule does not apply (the token is then left as it is).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace lectern::text {

/// The words the rules need in one language.
struct NumberWords {
    std::string_view language;                 ///< primary subtag: "en", "es"
    std::array<std::string_view, 12> months;   ///< January..December
    std::string_view range;                    ///< "4-6": "to" / "a"
    std::string_view over;                     ///< "120/80": "over" / "sobre"
    std::string_view out_of;                   ///< "5/10": "out of" / "de"
    std::string_view per;                      ///< "mg/kg": "per" / "por"
    std::array<std::string_view, 8> part_one;  ///< 1/2..1/9: "half" ... / "medio" ...
    std::array<std::string_view, 8> part_many; ///< 3/4: "quarters" / "cuartos"
    std::string_view am;                       ///< spoken "a.m." ("A.M" / "a. m.")
    std::string_view pm;
};

/// The rules' words for a language ("en-GB" uses "en"), or nullptr: no rules for it.
const NumberWords* number_words(std::string_view language);

/// Whether dates in this locale put the month first: en and en-US yes; en-GB, es... no.
bool month_first(std::string_view language);

/// "10", "0.5", "2,5", "1,000": digits with '.' or ',' between digits.
bool is_number(std::string_view s);
/// Only ASCII digits, at least one.
bool is_digits(std::string_view s);

/// "12/05/2026", "12-05-2026", "2026-12-05", "12/05/26", and "12/05" when a part has a leading
/// zero: "December 5th, twenty twenty-six" / "12 de mayo de 2026".
std::optional<std::string> say_date(std::string_view core, const NumberWords& w, bool month_first);

/// "6:00" -> "6 o'clock", "6:05" -> "6 oh 5" ("6 y 5"), "18:00" -> "18 hundred" ("18 horas");
/// with a meridiem after it ("6:00 PM", or glued: "6:00pm") -> "6" and the marker.
std::optional<std::string> say_time(std::string_view core, const NumberWords& w,
                                    bool meridiem_follows);

/// "4-6", "2–2.5": "4 to 6" / "4 a 6".
std::optional<std::string> say_range(std::string_view core, const NumberWords& w);

/// "1/2" -> "one half", "3/4" -> "3 quarters", "5/10" -> "5 out of 10", "120/80" -> "120 over
/// 80". `mixed`: a whole number comes just before ("1 1/2" -> "1 and a half").
std::optional<std::string> say_fraction(std::string_view core, const NumberWords& w, bool mixed);

/// "555-123-4567", "1-800-555-0199", "(555) 123-4567", "123-4567": digit by digit in groups,
/// "5 5 5, 1 2 3, 4 5 6 7" (a toll-free "800" is said as a number).
std::optional<std::string> say_phone(std::string_view core);

/// "2040" -> "2 0 4 0".
std::string say_digits(std::string_view digits);

/// "am", "PM", "a.m.", "P.M" (a whole token): whether it marks a time of day.
bool is_meridiem(std::string_view token);

} // namespace lectern::text
