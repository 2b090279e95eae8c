// decode: UTF-8 with and without BOM, UTF-16 with BOM, Windows-1252, line ends, binary and empty
// input; and the bundled article re-encoded every way parses to the same article.
#include "content/parse.hpp"
#include "content_test_util.hpp"
#include "core/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace lectern;
using namespace lectern::content;
using namespace content_test;

namespace {

Decoded decode_ok(std::string_view bytes) {
    Result<Decoded> r = decode(bytes);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return std::move(r).value();
}

std::string to_utf16(std::string_view utf8_text, bool big_endian, bool bom = true) {
    std::string out;
    const auto unit = [&](char32_t u) {
        const char hi = static_cast<char>(u >> 8);
        const char lo = static_cast<char>(u & 0xFF);
        out += big_endian ? hi : lo;
        out += big_endian ? lo : hi;
    };
    if (bom) unit(0xFEFF);
    for (std::size_t i = 0; i < utf8_text.size();) {
        const char32_t cp = utf8::next(utf8_text, i);
        if (cp >= 0x10000) {
            unit(0xD800 + ((cp - 0x10000) >> 10));
            unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            unit(cp);
        }
    }
    return out;
}

/// The reverse of decode's Windows-1252 table, for the characters the seed article uses.
std::string to_cp1252(std::string_view utf8_text) {
    std::string out;
    for (std::size_t i = 0; i < utf8_text.size();) {
        const char32_t cp = utf8::next(utf8_text, i);
        switch (cp) {
        case U'\u2019':
            out += '\x92';
            break;
        case U'\u2018':
            out += '\x91';
            break;
        case U'\u201C':
            out += '\x93';
            break;
        case U'\u201D':
            out += '\x94';
            break;
        case U'\u2013':
            out += '\x96';
            break;
        case U'\u2014':
            out += '\x97';
            break;
        case U'\u20AC':
            out += '\x80';
            break;
        default:
            REQUIRE(cp < 0x100);
            out += static_cast<char>(cp);
        }
    }
    return out;
}

std::string crlf(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

void check_same_article(const Article& a, const Article& b) {
    CHECK(a.title == b.title);
    REQUIRE(a.sections.size() == b.sections.size());
    for (std::size_t s = 0; s < a.sections.size(); ++s) {
        CHECK(a.sections[s].heading == b.sections[s].heading);
        REQUIRE(a.sections[s].sentences.size() == b.sections[s].sentences.size());
        for (std::size_t k = 0; k < a.sections[s].sentences.size(); ++k) {
            CHECK(a.sections[s].sentences[k].text == b.sections[s].sentences[k].text);
            CHECK(a.sections[s].sentences[k].paragraph == b.sections[s].sentences[k].paragraph);
            CHECK(a.sections[s].sentences[k].source == b.sections[s].sentences[k].source);
        }
    }
}

} // namespace

TEST_CASE("decode: UTF-8 with and without BOM") {
    Decoded d = decode_ok("Caf\u00E9 \u201Cok\u201D");
    CHECK(d.text == "Caf\u00E9 \u201Cok\u201D");
    CHECK(d.encoding == Encoding::utf8);
    d = decode_ok("\xEF\xBB\xBFHello");
    CHECK(d.text == "Hello");
    CHECK(d.encoding == Encoding::utf8_bom);
    // A BOM says UTF-8: a malformed byte after it is replaced, not taken as Windows-1252.
    d = decode_ok("\xEF\xBB\xBF"
                  "caf\xE9");
    CHECK(d.text == "caf\uFFFD");
    CHECK(d.encoding == Encoding::utf8_bom);
    CHECK(std::string(to_string(Encoding::utf8_bom)) == "UTF-8 with BOM");
}

TEST_CASE("decode: line ends") {
    CHECK(decode_ok("a\r\nb\r\n").text == "a\nb\n");
    CHECK(decode_ok("a\rb\r").text == "a\nb\n");
    CHECK(decode_ok("a\r\r\nb\n\rc").text == "a\n\nb\n\nc");
    CHECK(decode_ok("\r\n\r\nx").text == "\n\nx");
}

TEST_CASE("decode: UTF-16 with BOM") {
    const std::string text = "Here\u2019s caf\u00E9 \U0001F600\r\nend";
    Decoded le = decode_ok(to_utf16(text, false));
    CHECK(le.encoding == Encoding::utf16le);
    CHECK(le.text == "Here\u2019s caf\u00E9 \U0001F600\nend");
    Decoded be = decode_ok(to_utf16(text, true));
    CHECK(be.encoding == Encoding::utf16be);
    CHECK(be.text == le.text);
    // Unpaired surrogates and an odd last byte become U+FFFD instead of failing.
    CHECK(decode_ok(std::string("\xFF\xFE"
                                "a\0\x00\xD8"
                                "b\0c",
                                9))
              .text == "a\uFFFDb\uFFFD");
    // UTF-16 full of NULs after decoding is binary.
    CHECK_FALSE(decode(std::string("\xFF\xFE\0\0\0\0", 6)).ok());
}

TEST_CASE("decode: Windows-1252") {
    Decoded d = decode_ok("Here\x92s \x93quoted\x94 caf\xE9 \x96 \x97 \x80"
                          "5 \x85 \x99 \xA0x \xFF");
    CHECK(d.encoding == Encoding::windows1252);
    CHECK(d.text == "Here\u2019s \u201Cquoted\u201D caf\u00E9 \u2013 \u2014 \u20AC5 \u2026 \u2122 "
                    "\u00A0x \u00FF");
    CHECK(decode_ok("\x8A\x8C\x8E\x9A\x9C\x9E\x9F\x83\x88\x98\x91").text ==
          "\u0160\u0152\u017D\u0161\u0153\u017E\u0178\u0192\u02C6\u02DC\u2018");
    // The five unassigned bytes map to C1 controls (WHATWG), which the normaliser drops.
    CHECK(decode_ok("a\x81\x8D\x8F\x90\x9D").text == "a\u0081\u008D\u008F\u0090\u009D");
    CHECK(decode_ok("x\r\ny\xE9").text == "x\ny\u00E9");
}

TEST_CASE("decode: binary and empty input are refused") {
    const std::string binary_msg = "this looks like a binary file, not an article; save it as "
                                   "plain text (.txt) or Markdown (.md)";
    Result<Decoded> r = decode(std::string("PK\x03\x04\0\0text", 10));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == binary_msg);
    CHECK_FALSE(decode(std::string("text with one NUL\0 in it", 24)).ok());
    // More than 10% control characters (other than tab, line ends and form feed).
    CHECK_FALSE(decode("abcdefgh\x01\x02").ok());
    CHECK(decode("abcdefghi\x01").ok()); // exactly 10%: still text
    CHECK(decode("tabs\tand\nlines\r\nand\fform feeds").ok());
    std::string png = "\x89PNG\r\n\x1A\n";
    for (int k = 0; k < 20; ++k)
        png += std::string("\x00\x00\x00\x0DIHDR\x01\x02\x08\x06", 12);
    CHECK_FALSE(decode(png).ok());

    r = decode("");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("empty") != std::string::npos);
    for (std::string_view blank : {" ", "\n\n", " \t\r\n ", "\xEF\xBB\xBF \n"}) {
        CAPTURE(blank);
        r = decode(blank);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("no text") != std::string::npos);
    }
}

TEST_CASE("decode: the bundled article in every encoding parses the same") {
    const std::string original = read_file(bundled_article());
    const Result<Article> reference = parse_plain_text(decode_ok(original).text);
    REQUIRE(reference.ok());

    struct Variant {
        const char* name;
        std::string bytes;
        Encoding encoding;
    };
    const Variant variants[] = {
        {"utf-8", original, Encoding::utf8},
        {"utf-8 crlf", crlf(original), Encoding::utf8},
        {"utf-8 bom", "\xEF\xBB\xBF" + original, Encoding::utf8_bom},
        {"utf-8 bom crlf", "\xEF\xBB\xBF" + crlf(original), Encoding::utf8_bom},
        {"windows-1252", to_cp1252(original), Encoding::windows1252},
        {"windows-1252 crlf", to_cp1252(crlf(original)), Encoding::windows1252},
        {"utf-16le", to_utf16(original, false), Encoding::utf16le},
        {"utf-16be crlf", to_utf16(crlf(original), true), Encoding::utf16be},
    };
    for (const Variant& v : variants) {
        CAPTURE(v.name);
        const Decoded d = decode_ok(v.bytes);
        CHECK(d.encoding == v.encoding);
        CHECK(d.text == original);
        const Result<Article> a = parse_plain_text(d.text);
        REQUIRE(a.ok());
        check_same_article(*a, *reference);
        check_sources(*a);
    }
    // The Windows-1252 variant really is not UTF-8, so detection had work to do.
    CHECK_FALSE(utf8::is_valid(to_cp1252(original)));
}
