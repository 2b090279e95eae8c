// Word spans and the eSpeak position locator, without eSpeak: the positions fed in here are the
// ones eSpeak NG 1.51 was seen to report (tests/synth/test_espeak_marks.cpp checks the real thing).
#include "synth/word_spans.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace lectern;
using namespace lectern::synth;

namespace {

std::string_view span_text(std::string_view text, const std::optional<TextSpan>& s) {
    REQUIRE(s.has_value());
    return text.substr(s->begin, s->size());
}

std::string word_at(std::string_view text, std::size_t begin, bool ssml) {
    return std::string(text.substr(begin, word_end(text, begin, ssml) - begin));
}

} // namespace

TEST_CASE("split_units: tags and entity references are single units in SSML only") {
    const std::string ssml = "<speak a=\"x>y\">R&amp;D caf\xC3\xA9</speak>";
    const auto units = split_units(ssml, true);
    REQUIRE(units.size() == 10);
    CHECK(units[0].kind == TextUnit::Kind::tag);
    CHECK(units[0].end == 15); // the '>' inside the quoted value does not end the tag
    CHECK(units[2].kind == TextUnit::Kind::punct);
    CHECK(units[2].cp == U'&');
    CHECK(units[2].end - units[2].begin == 5);
    CHECK(units[8].cp == U'é');
    CHECK(units[8].kind == TextUnit::Kind::word);
    CHECK(units[9].kind == TextUnit::Kind::tag);
    // Plain text: '<' and '&' are just punctuation.
    const auto plain = split_units("<b>&amp;", false);
    CHECK(plain.size() == 8);
    CHECK(plain[0].kind == TextUnit::Kind::punct);
}

TEST_CASE("split_units decodes numeric entities and marks malformed bytes as punctuation") {
    const auto u = split_units("&#39;&#x2019;&#8217;&bogus;&#xZZ;\xC3", true);
    REQUIRE(u.size() >= 4);
    CHECK(u[0].cp == U'\'');
    CHECK(u[1].cp == U'’');
    CHECK(u[2].cp == U'’');
    CHECK(u[3].cp == 0xFFFD);
    CHECK(u[3].kind == TextUnit::Kind::punct);
    CHECK(u.back().kind == TextUnit::Kind::punct);
}

TEST_CASE("word_end: letters and digits with inner apostrophes, hyphens and dots") {
    CHECK(word_at("world.", 0, false) == "world");
    CHECK(word_at("se\xC3\xB1or\xE2\x80\x99s test", 0, false) == "se\xC3\xB1or\xE2\x80\x99s");
    CHECK(word_at("it's", 0, false) == "it's");
    CHECK(word_at("students' books", 0, false) == "students");
    CHECK(word_at("e-mail,", 0, false) == "e-mail");
    CHECK(word_at("U.S.A. and", 0, false) == "U.S.A");
    CHECK(word_at("3.5mg", 0, false) == "3.5mg");
    CHECK(word_at("1,000, then", 0, false) == "1,000");
    CHECK(word_at("10:30.", 0, false) == "10:30");
    CHECK(word_at("yes,no", 0, false) == "yes");
    CHECK(word_at("12/05/2026", 0, false) == "12");
    CHECK(word_at("/05", 0, false) == "/"); // punctuation read aloud is a word on its own
    CHECK(word_at("na\xC3\xAFve\xE2\x80\x9D ok", 0, false) == "na\xC3\xAFve"); // closing quote
    CHECK(word_at("word\xE2\x80\x94next", 0, false) == "word");                // em dash
    CHECK(word_at("", 0, false).empty());
    CHECK(word_at(" x", 0, false).empty());
}

TEST_CASE("word_end in SSML: entities join or end words, tags end them") {
    CHECK(word_at("It&apos;s fine", 0, true) == "It&apos;s");
    CHECK(word_at("It&#39;s", 0, true) == "It&#39;s");
    CHECK(word_at("señor&#8217;s", 0, true) == "señor&#8217;s");
    CHECK(word_at("&amp;&amp; x", 0, true) == "&amp;");
    CHECK(word_at("AT&amp;T", 0, true) == "AT");
    CHECK(word_at("x&quot;", 0, true) == "x");
    CHECK(word_at("mg</sub>", 0, true) == "mg");
    CHECK(word_at("<b>", 0, true).empty());
}

TEST_CASE("word_spans: one span per token, from its first letter") {
    const std::string text =
        "<speak>\xE2\x80\x9CQuoted\xE2\x80\x9D (paren) &amp; \xE2\x80\x94 end.</speak>";
    const auto spans = word_spans(text, true);
    REQUIRE(spans.size() == 5);
    CHECK(text.substr(spans[0].begin, spans[0].size()) == "Quoted");
    CHECK(text.substr(spans[1].begin, spans[1].size()) == "paren");
    CHECK(text.substr(spans[2].begin, spans[2].size()) == "&amp;");
    CHECK(text.substr(spans[3].begin, spans[3].size()) == "\xE2\x80\x94");
    CHECK(text.substr(spans[4].begin, spans[4].size()) == "end");
    CHECK(word_spans("  ", false).empty());
    CHECK(word_spans("<speak></speak>", true).empty());
}

TEST_CASE("WordLocator: plain text positions are 1-based code points") {
    const std::string text = "Caf\xC3\xA9 se\xC3\xB1or\xE2\x80\x99s test.";
    WordLocator loc(text, false);
    CHECK(span_text(text, loc.locate(1, 1)) == "Café");
    CHECK(span_text(text, loc.locate(6, 1)) == "señor’s");
    const auto test = loc.locate(14, 1);
    CHECK(span_text(text, test) == "test");
    CHECK(test->begin == 17); // bytes, not code points
}

TEST_CASE("WordLocator: SSML positions count tags and entities and entity words are reported at "
          "the semicolon") {
    const std::string text = "<speak>Tom &amp; Jerry said hi.</speak>";
    WordLocator loc(text, true);
    CHECK(span_text(text, loc.locate(8, 1)) == "Tom");
    const auto amp = loc.locate(16, 1); // eSpeak reports "&amp;" at its ';'
    CHECK(span_text(text, amp) == "&amp;");
    CHECK(amp->begin == 11);
    CHECK(span_text(text, loc.locate(18, 1)) == "Jerry");
    CHECK(span_text(text, loc.locate(24, 1)) == "said");
    CHECK(span_text(text, loc.locate(29, 1)) == "hi");
}

TEST_CASE("WordLocator drops stale events and events past the text") {
    const std::string text =
        "<speak>Hello world, \xE2\x80\x9Cplan\xE2\x80\x9D, m\xC3\xA1s.</speak>";
    WordLocator loc(text, true);
    CHECK_FALSE(loc.locate(0, 0).has_value());
    CHECK(span_text(text, loc.locate(8, 5)) == "Hello");
    CHECK(span_text(text, loc.locate(14, 5)) == "world");
    CHECK_FALSE(loc.locate(8, 0).has_value()); // backwards: a stale position from an earlier clause
    CHECK_FALSE(loc.locate(8, 5).has_value());
    // A real word followed by a closing quote comes with length 0, pointing straight at it.
    CHECK(span_text(text, loc.locate(22, 0)) == "plan");
    CHECK(span_text(text, loc.locate(29, 3)) == "más");
    // A stale zero-length event on the space before the last word: dropped, not a second "más".
    CHECK_FALSE(loc.locate(28, 0).has_value());
    CHECK_FALSE(loc.locate(34, 1).has_value()); // inside </speak>: nothing follows
    CHECK_FALSE(loc.locate(500, 1).has_value());
    // The same word twice (eSpeak splits "2026" into several spoken words) is kept.
    const std::string year = "In 2026";
    WordLocator loc2(year, false);
    CHECK(span_text(year, loc2.locate(4, 4)) == "2026");
    CHECK(span_text(year, loc2.locate(4, 4)) == "2026");
}

TEST_CASE("WordLocator: a word reported at the space before <prosody> moves into it") {
    const std::string text =
        "<speak>Read <prosody rate=\"slow\">this slowly</prosody> please.</speak>";
    WordLocator loc(text, true);
    CHECK(span_text(text, loc.locate(8, 1)) == "Read");
    CHECK(span_text(text, loc.locate(12, 1)) == "this"); // the space after "Read"
    CHECK(span_text(text, loc.locate(20, 1)) == "this"); // inside the tag
}

TEST_CASE("WordLocator: <sub alias> words go to the sub's content, not the next word") {
    const std::string text = "<speak>Take <sub alias=\"two tablets\">2 tabs</sub> now <sub "
                             "alias=\"milligrams\">mg</sub>.</speak>";
    WordLocator loc(text, true);
    const int now = static_cast<int>(text.find("now")) + 1; // eSpeak: alias words at the next word
    const int dot = static_cast<int>(text.find("</sub>.")) + 7;
    CHECK(span_text(text, loc.locate(8, 4)) == "Take");
    CHECK(span_text(text, loc.locate(now, 4)) == "2");
    CHECK(span_text(text, loc.locate(now, 4)) == "2");
    CHECK(span_text(text, loc.locate(now, 3)) == "now");
    CHECK(span_text(text, loc.locate(dot, 1)) == "mg");
    CHECK(span_text(text, loc.locate(dot, 1)) ==
          "."); // eSpeak reads a '.' right after </sub> as "dot"
}
