// normalize and xml_escape: SSML shape, escaping, cleaning, the token cap that protects eSpeak NG,
// and anchors that map every word of the output back to the input.
#include "core/utf8.hpp"
#include "text/normalize.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace lectern;
using text::kMaxTokenBytes;
using text::normalize;
using text::xml_escape;

namespace {

constexpr std::string_view kOpen = "<speak>";
constexpr std::string_view kClose = ""; // see normalize.cpp: no end tag

/// The content after <speak>.
std::string_view body(const text::Normalized& n) {
    REQUIRE(n.ssml.starts_with(kOpen));
    REQUIRE(n.ssml.ends_with(kClose));
    return std::string_view(n.ssml).substr(kOpen.size(),
                                           n.ssml.size() - kOpen.size() - kClose.size());
}

std::vector<std::string_view> tokens(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ')
            ++i;
        const std::size_t b = i;
        while (i < s.size() && s[i] != ' ')
            ++i;
        if (i > b) out.push_back(s.substr(b, i - b));
    }
    return out;
}

struct Word {
    std::size_t offset;
    std::string_view text;
};

/// Words of the input as the normaliser sees them (ASCII white space separated).
std::vector<Word> input_words(std::string_view s) {
    std::vector<Word> out;
    std::size_t i = 0;
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
    while (i < s.size()) {
        while (i < s.size() && space(s[i]))
            ++i;
        const std::size_t b = i;
        while (i < s.size() && !space(s[i]))
            ++i;
        if (i > b) out.push_back({b, s.substr(b, i - b)});
    }
    return out;
}

void check_anchors_monotonic(const text::Normalized& n, std::size_t input_size) {
    REQUIRE_FALSE(n.anchors.empty());
    std::size_t out_of_order = 0;
    for (std::size_t k = 1; k < n.anchors.size(); ++k) {
        if (n.anchors[k].first <= n.anchors[k - 1].first) ++out_of_order;
        if (n.anchors[k].second < n.anchors[k - 1].second) ++out_of_order;
    }
    CHECK(out_of_order == 0);
    CHECK(n.anchors.back().first <= n.ssml.size());
    CHECK(n.anchors.back().second <= input_size);
}

} // namespace

TEST_CASE("xml_escape") {
    CHECK(xml_escape("") == "");
    CHECK(xml_escape("plain") == "plain");
    CHECK(xml_escape("a & b < c > d \"e\" 'f'") ==
          "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
    CHECK(xml_escape("caf\u00E9 \u201Cok\u201D") == "caf\u00E9 \u201Cok\u201D");
    CHECK(xml_escape("</speak><audio src='x'/>") ==
          "&lt;/speak&gt;&lt;audio src=&apos;x&apos;/&gt;");
}

TEST_CASE("normalize: SSML document, escaping and white space") {
    CHECK(normalize("").ssml == "<speak>");
    CHECK(normalize(" \t\n ").ssml == "<speak>");
    CHECK(normalize("Hello world.").ssml == "<speak>Hello world.");
    CHECK(normalize("  Rest\t\tand\n\ndrink  water. ").ssml == "<speak>Rest and drink water.");
    CHECK(normalize("Salt & pepper <b>").ssml == "<speak>Salt &amp; pepper &lt;b&gt;");
    CHECK(normalize("</speak><break time='9s'/>").ssml ==
          "<speak>&lt;/speak&gt;&lt;break time=&apos;9s&apos;/&gt;");
    CHECK(normalize("\u201CSpecial K\u201D caf\u00E9").ssml ==
          "<speak>\u201CSpecial K\u201D caf\u00E9");
    // No-break and other Unicode spaces separate words like a space.
    CHECK(normalize("5\u00A0mg\u2009daily\u3000now").ssml == "<speak>5 mg daily now");
}

TEST_CASE("normalize: control characters and invalid UTF-8") {
    CHECK(normalize("a\tb\nc").ssml == "<speak>a b c");
    CHECK(normalize("a\rb\fc\vd").ssml == "<speak>a b c d");
    // Other controls vanish without splitting the word.
    CHECK(normalize(std::string_view("ab\0c\x01\x1B\x7F"
                                     "d",
                                     8))
              .ssml == "<speak>abcd");
    CHECK(normalize("x\xC2\x85y\xC2\x9Fz").ssml == "<speak>xyz"); // C1 controls
    CHECK(normalize("\xEF\xBB\xBFStart").ssml == "<speak>Start"); // stray BOM
    // Malformed bytes become a word break.
    CHECK(normalize("caf\xE9 ok").ssml == "<speak>caf ok");
    CHECK(normalize("a\xFF\xFE"
                    "b")
              .ssml == "<speak>a b");
    CHECK(normalize("a\xE2\x80").ssml == "<speak>a");
    CHECK(normalize("\xC0\xAF\xED\xA0\x80").ssml == "<speak>");
    for (std::string_view s : {std::string_view("caf\xE9"), std::string_view("\xFF\xFE\xFD"),
                               std::string_view("ok\xF0\x9F\x98")}) {
        CHECK(utf8::is_valid(normalize(s).ssml));
    }
}

TEST_CASE("normalize: the eSpeak crash token is cut into short pieces") {
    std::string crash;
    for (int k = 0; k < 68; ++k)
        crash += "s'";
    const auto n = normalize("Before " + crash + " after.");
    for (std::string_view t : tokens(body(n))) {
        CAPTURE(t);
        CHECK(t.size() <= kMaxTokenBytes);
    }
    // Nothing is lost: removing the cuts gives back the escaped input.
    std::string joined;
    for (std::string_view t : tokens(body(n)))
        joined += t;
    CHECK(joined == xml_escape("Before" + crash + "after."));
    // Cuts never fall inside an entity.
    for (std::string_view t : tokens(body(n))) {
        const std::size_t amp = t.rfind('&');
        if (amp != std::string_view::npos) CHECK(t.find(';', amp) != std::string_view::npos);
    }
}

TEST_CASE("normalize: long tokens are cut at character boundaries") {
    std::string word;
    for (int k = 0; k < 50; ++k)
        word += "\u00E9\u2019"; // 2 + 3 bytes
    std::string emoji;
    for (int k = 0; k < 30; ++k)
        emoji += "\U0001F600";
    for (const std::string& s : {word, emoji, std::string(1000, 'a'), std::string(100, '<')}) {
        const auto n = normalize(s);
        CHECK(utf8::is_valid(n.ssml));
        std::string joined;
        for (std::string_view t : tokens(body(n))) {
            CHECK(t.size() <= kMaxTokenBytes);
            CHECK(utf8::is_valid(t));
            joined += t;
        }
        CHECK(joined == xml_escape(s));
    }
    // Exactly kMaxTokenBytes stays whole; one more byte is cut.
    CHECK(tokens(body(normalize(std::string(kMaxTokenBytes, 'a')))).size() == 1);
    CHECK(tokens(body(normalize(std::string(kMaxTokenBytes + 1, 'a')))).size() == 2);
}

TEST_CASE("normalize: every input word maps back through the anchors") {
    std::string input = "Don\u2019t mix \u201CSpecial K\u201D & alcohol <ever>; caf\u00E9 "
                        "au lait\tis \"fine\".\n";
    input += std::string(95, 'z') + " R&D 'quoted' a<b>c \u00E9\u00E9 end";
    const auto n = normalize(input);
    check_anchors_monotonic(n, input.size());

    std::size_t search_from = kOpen.size();
    for (const Word& w : input_words(input)) {
        CAPTURE(w.text);
        // The escaped word (its first piece when cut) appears in order in the output.
        std::string expected = xml_escape(w.text);
        if (expected.size() > kMaxTokenBytes) expected.resize(kMaxTokenBytes);
        const std::size_t at = n.ssml.find(expected, search_from);
        REQUIRE(at != std::string::npos);
        CHECK(n.to_input(at) == w.offset);
        search_from = at + expected.size();
    }
    // Positions inside a word map inside that word, after entities too.
    const std::size_t rd = n.ssml.find("R&amp;D");
    const std::size_t rd_in = input.find("R&D");
    CHECK(n.to_input(rd) == rd_in);
    CHECK(n.to_input(rd + 1) == rd_in + 1);
    CHECK(n.to_input(rd + 6) == rd_in + 2);
    // The pieces of a cut word map to where each piece starts in the input.
    const std::size_t zs = n.ssml.find(std::string(kMaxTokenBytes, 'z'));
    const std::size_t zs_in = input.find('z');
    CHECK(n.to_input(zs + kMaxTokenBytes + 1) == zs_in + kMaxTokenBytes);
    // Before the first word and after the last, offsets clamp to the input.
    CHECK(n.to_input(0) == 0);
    CHECK(n.to_input(n.ssml.size()) == input.size());
    CHECK(n.to_input(n.ssml.size() + 100) == input.size());
}

TEST_CASE("normalize: anchors survive removed characters") {
    const std::string input = "\x01\x02Take\x7F two\xFF\xFEtablets";
    const auto n = normalize(input);
    CHECK(n.ssml == "<speak>Take two tablets");
    check_anchors_monotonic(n, input.size());
    CHECK(n.to_input(n.ssml.find("Take")) == 2);
    CHECK(n.to_input(n.ssml.find("two")) == input.find("two"));
    CHECK(n.to_input(n.ssml.find("tablets")) == input.find("tablets"));
}

TEST_CASE("normalize: linear on a huge sentence") {
    std::string big;
    while (big.size() < 6'000'000)
        big += "s's'&<x> caf\u00E9 ";
    big += std::string(1'000'000, 'q');
    const auto start = std::chrono::steady_clock::now();
    const auto n = normalize(big);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
    CHECK(n.to_input(n.ssml.size()) == big.size());
    check_anchors_monotonic(n, big.size());
}

TEST_CASE("normalize: invariants on random input") {
    const std::vector<std::string_view> pieces = {"word",
                                                  " ",
                                                  "\t",
                                                  "\n",
                                                  "&",
                                                  "<",
                                                  ">",
                                                  "\"",
                                                  "'",
                                                  "s'",
                                                  "\u00E9",
                                                  "\u2019",
                                                  "\u00A0",
                                                  "\x01",
                                                  "\x7F",
                                                  "\xC2\x85",
                                                  "\xFF",
                                                  "\xE2\x80",
                                                  "\xEF\xBB\xBF",
                                                  "\U0001F600",
                                                  "\uFFFD",
                                                  std::string_view("\0", 1),
                                                  "abcdefghij"};
    std::uint32_t state = 99;
    const auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    for (int round = 0; round < 2000; ++round) {
        std::string input;
        const std::size_t n = next() % 80;
        for (std::size_t k = 0; k < n; ++k)
            input += pieces[next() % pieces.size()];
        CAPTURE(input);
        const auto out = normalize(input);
        CHECK(utf8::is_valid(out.ssml));
        const std::string_view b = body(out);
        CHECK(b.find('<') == std::string_view::npos);
        CHECK(b.find('>') == std::string_view::npos);
        CHECK(b.find("  ") == std::string_view::npos);
        CHECK((b.empty() || (b.front() != ' ' && b.back() != ' ')));
        for (std::string_view t : tokens(b))
            CHECK(t.size() <= kMaxTokenBytes);
        std::size_t controls = 0;
        for (unsigned char c : b)
            controls += (c < 0x20 || c == 0x7F) ? 1 : 0;
        CHECK(controls == 0);
        check_anchors_monotonic(out, input.size());
        CHECK(out.to_input(out.ssml.size()) == input.size());
    }
}
