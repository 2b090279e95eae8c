// normalize with rewriting: what is rewritten and into what (lexicon words, units, phrases, the
// number rules in English and Spanish), and the anchors of a rewrite: its start maps to the
// original token's start, its first word to the whole token, everything after to the token's
// end, monotonic, never outside the token; the SSML guarantees hold with the real lexicons.
#include "core/utf8.hpp"
#include "text/lexicon.hpp"
#include "text/normalize.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

using namespace lectern;

namespace {

std::shared_ptr<const text::Lexicon> load(const std::string& code) {
    auto lex = text::Lexicon::load(std::filesystem::path(LECTERN_SOURCE_DIR) / "voices" /
                                   "lexicon" / (code + ".tsv"));
    REQUIRE(lex.ok());
    return std::make_shared<const text::Lexicon>(std::move(*lex));
}

/// The lexicon shipped in voices/lexicon for "en" or "es", read once.
std::shared_ptr<const text::Lexicon> shipped(const std::string& code) {
    static const auto en = load("en");
    static const auto es = load("es");
    return code == "es" ? es : en;
}

std::string say(std::string_view input, const std::string& code = "en") {
    return text::spoken_text(text::normalize(input, {code, shipped(code)}));
}

/// Anchors strictly increasing in output, non-decreasing in input; to_input monotonic over every
/// output position and never past the input.
void check_anchors(const text::Normalized& n, std::size_t input_size) {
    for (std::size_t k = 1; k < n.anchors.size(); ++k) {
        CHECK(n.anchors[k].first > n.anchors[k - 1].first);
        CHECK(n.anchors[k].second >= n.anchors[k - 1].second);
    }
    std::size_t prev = 0;
    for (std::size_t o = 0; o <= n.ssml.size(); ++o) {
        const std::size_t i = n.to_input(o);
        CHECK(i >= prev);
        CHECK(i <= input_size);
        prev = i;
    }
}

} // namespace

TEST_CASE("rewrite: lexicon words and units, with the punctuation around them kept") {
    CHECK(say("Take 10 mg by IV.") == "Take 10 milligrams by I.V.");
    CHECK(say("(PTSD),") == "(P.T.S.D),");
    CHECK(say("\u201CIV\u201D") == "\u201CI.V\u201D");
    CHECK(say("1 mg") == "1 milligram");
    CHECK(say("0.5 mg") == "0.5 milligrams");
    CHECK(say("10mg 38\u00B0C 50% 2.5mL") ==
          "10 milligrams 38 degrees Celsius 50 percent 2.5 milliliters");
    CHECK(say("10 mg/kg") == "10 milligrams per kilogram");
    CHECK(say("mg alone") == "mg alone"); // a unit needs a number
    CHECK(say("10, mg") == "10, mg");     // ... right before it
    CHECK(say("2 L of water") == "2 liters of water");
    CHECK(say("L. Smith") == "L. Smith");
    CHECK(say("e.g., water; E.g. juice") == "for example, water; for example juice");
    CHECK(say("Take it b.i.d.") == "Take it twice a day"); // the abbreviation's own dot
    CHECK(say("Take it b.i.d, with food") == "Take it twice a day, with food");
    CHECK(say("ext. 2040.") == "extension 2 0 4 0.");
    CHECK(say("Ext 12") == "extension 1 2");
    CHECK(say("ED ed Ed") == "emergency department ed Ed"); // capitals matter
    CHECK(say("P. ej., agua", "es") == "por ejemplo, agua");
    CHECK(say("p. ej agua", "es") == "por ejemplo agua");
    CHECK(say("1 mg, 2 mg", "es") == "1 miligramo, 2 miligramos");
    CHECK(say("50 %", "es") == "50 por ciento");
    CHECK(say("Salt & <IV>") == "Salt & <IV>"); // "<IV>" is not the word IV
}

TEST_CASE("rewrite: dates, times, ranges, fractions, phone numbers (en and es)") {
    CHECK(say("12/05/2026") == "December 5th, twenty twenty-six");
    CHECK(say("12/05/2026", "es") == "12 de mayo de 2026");
    CHECK(say("25/12/2026") == "December 25th, twenty twenty-six"); // only one order fits
    CHECK(say("12/25/2026", "es") == "25 de diciembre de 2026");
    CHECK(say("2026-12-05") == "December 5th, twenty twenty-six"); // ISO
    CHECK(say("12/05/26") == "December 5th, twenty twenty-six");
    CHECK(say("7/4/1999") == "July 4th, nineteen ninety-nine");
    CHECK(say("1/1/2005") == "January 1st, 2005");
    CHECK(say("13/13/2026") == "13/13/2026"); // no such date: left alone
    // en-GB writes the day first (no lexicon needed for the number rules).
    CHECK(text::spoken_text(text::normalize("12/05/2026", {"en-GB"})) ==
          "May 12th, twenty twenty-six");
    CHECK(say("6:00 PM") == "6 PM");
    CHECK(say("at 6:00.") == "at 6 o'clock.");
    CHECK(say("6:05 6:30 18:00") == "6 oh 5 6:30 18 hundred");
    CHECK(say("7:00AM") == "7 A.M");
    CHECK(say("6:00 p. m.", "es") == "6 p. m.");
    CHECK(say("6:05 18:00 0:00", "es") == "6 y 5 18 horas 0 horas");
    CHECK(say("25:00") == "25:00");
    CHECK(say("4-6 hours, 2\u20132.5 days") == "4 to 6 hours, 2 to 2.5 days");
    CHECK(say("4-6 horas", "es") == "4 a 6 horas");
    CHECK(say("COVID-19") == "COVID 19");
    CHECK(say("100-1000 mg") == "100 to 1000 milligrams"); // a unit after it: not a phone number
    CHECK(say("1/2 3/4 5/10 120/80") == "one half 3 quarters 5 out of 10 120 over 80");
    CHECK(say("1 1/2 cups") == "1 and a half cups");
    CHECK(say("1/2 1 1/2 2 3/4", "es") == "un medio 1 y medio 2 y 3 cuartos");
    CHECK(say("24/7") == "twenty-four seven");
    CHECK(say("555-123-4567") == "5 5 5, 1 2 3, 4 5 6 7");
    CHECK(say("(555) 123-4567.") == "5 5 5, 1 2 3, 4 5 6 7.");
    CHECK(say("1-800-555-0199") == "1, 800, 5 5 5, 0 1 9 9");
    CHECK(say("555-1234") == "5 5 5, 1 2 3 4");
    // No rules for a language without number words: eSpeak reads it as it is.
    CHECK(text::spoken_text(text::normalize("12/05/2026 4-6", {"fr"})) == "12/05/2026 4-6");
}

TEST_CASE("rewrite anchors: start to start, first word to the whole token, the rest to its end") {
    const std::string input = "Call (555) 123-4567 on 12/05/2026 (IV), ok.";
    const auto n = text::normalize(input, {"en", shipped("en")});
    CHECK(text::spoken_text(n) ==
          "Call 5 5 5, 1 2 3, 4 5 6 7 on December 5th, twenty twenty-six (I.V), ok.");
    check_anchors(n, input.size());
    REQUIRE(n.rewrites.size() == 3);
    const auto at = [&](std::string_view out) { return n.ssml.find(out); };
    // The phone number spans two input tokens: "(555) 123-4567".
    const std::size_t phone = input.find("(555)");
    const std::size_t phone_end = input.find(" on");
    CHECK(n.rewrites[0].begin == phone);
    CHECK(n.rewrites[0].end == phone_end);
    CHECK(n.to_input(at("5 5 5")) == phone);
    CHECK(n.to_input(at("5 5 5") + 1) == phone_end); // the first word covers the whole number
    CHECK(n.to_input(at("2 3,")) == phone_end);      // later words: the end, never inside
    const std::size_t date = input.find("12/05");
    CHECK(n.to_input(at("December")) == date);
    CHECK(n.to_input(at("December") + 8) == date + 10);
    CHECK(n.to_input(at("twenty-six")) == date + 10);
    CHECK(n.to_input(at("twenty-six") + 10) == date + 10);
    // "(IV)," : the bracket is copied, the word inside rewritten.
    const std::size_t iv = input.find("IV");
    CHECK(n.to_input(at("(I.V")) == iv - 1);
    CHECK(n.to_input(at("I.V")) == iv);
    CHECK(n.to_input(at("I.V") + 3) == iv + 2);
    CHECK(n.to_input(at("),")) == iv + 2);
    CHECK(n.to_input(at("ok")) == input.find("ok"));
}

TEST_CASE("rewrite: control characters inside a rewritten token, and the token cap") {
    const std::string input = "\x01I\x02V\x7F and 1\x01/2";
    const auto n = text::normalize(input, {"en", shipped("en")});
    CHECK(text::spoken_text(n) == "I.V and one half");
    check_anchors(n, input.size());
    CHECK(n.to_input(n.ssml.find("I.V")) == 1);     // dropped characters do not start a token
    CHECK(n.to_input(n.ssml.find("I.V") + 3) == 4); // nor end one
    // Every token of the output stays within the cap, lexicon words included.
    const auto long_phone = text::normalize("1-800-555-0199 " + std::string(60, '9'), {"en"});
    std::string_view body = long_phone.ssml;
    body.remove_prefix(7);
    for (std::size_t b = 0, e; b < body.size(); b = e + 1) {
        e = std::min(body.find(' ', b), body.size());
        CHECK(e - b <= text::kMaxTokenBytes);
    }
}

TEST_CASE("rewrite: invariants on random text with the shipped lexicons") {
    const std::vector<std::string_view> pieces = {
        "IV", "mg", " ",      "10",   "1",    "/",    "-",    ":",     "00",   "2026",   ".",
        ",",  "(",  ")",      "PM",   "p.",   "m.",   "ext",  "b.i.d", "°C",   "%",      "\u2013",
        "&",  "<",  "\u00E9", "\x01", "\xFF", "e.g.", "24/7", "555",   "1234", "p. ej.", "\t"};
    std::uint32_t state = 4;
    const auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    for (int round = 0; round < 3000; ++round) {
        std::string input;
        const std::size_t count = next() % 30;
        for (std::size_t k = 0; k < count; ++k)
            input += pieces[next() % pieces.size()];
        CAPTURE(input);
        for (const char* code : {"en", "es"}) {
            const auto n = text::normalize(input, {code, shipped(code)});
            CHECK(utf8::is_valid(n.ssml));
            std::string_view body = n.ssml;
            body.remove_prefix(7);
            CHECK(body.find('<') == std::string_view::npos);
            CHECK(body.find("  ") == std::string_view::npos);
            check_anchors(n, input.size());
            CHECK(n.to_input(n.ssml.size()) == input.size());
            for (const auto& r : n.rewrites) {
                CHECK(r.begin < r.end);
                CHECK(r.end <= input.size());
            }
        }
    }
}
