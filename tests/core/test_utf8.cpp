// UTF-8 helpers: validity, decoding with replacement, encoding round trips.
#include "core/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace lectern;

TEST_CASE("utf8 validity") {
    CHECK(utf8::is_valid("plain ascii"));
    CHECK(utf8::is_valid("Here\xE2\x80\x99s caf\xC3\xA9 \xF0\x9F\x98\x80"));
    CHECK(utf8::is_valid("\xEF\xBF\xBD"));       // a real U+FFFD
    CHECK_FALSE(utf8::is_valid("caf\xE9"));      // Windows-1252 é
    CHECK_FALSE(utf8::is_valid("\xC0\xAF"));     // overlong
    CHECK_FALSE(utf8::is_valid("\xED\xA0\x80")); // surrogate
    CHECK_FALSE(utf8::is_valid("\xE2\x80"));     // truncated
}

TEST_CASE("utf8 round trip and lengths") {
    std::string s;
    for (char32_t cp : {U'a', U'é', U'’', U'😀'})
        utf8::append(s, cp);
    CHECK(s == "a\xC3\xA9\xE2\x80\x99\xF0\x9F\x98\x80");
    CHECK(utf8::length(s) == 4);
    CHECK(utf8::offset_of_codepoint(s, 2) == 3);
    CHECK(utf8::offset_of_codepoint(s, 9) == s.size());
    std::size_t i = 0;
    CHECK(utf8::next(s, i) == U'a');
    CHECK(utf8::next(s, i) == U'é');
    CHECK(utf8::next(s, i) == U'’');
    CHECK(utf8::next(s, i) == U'😀');
    CHECK(i == s.size());
}

TEST_CASE("ascii_lower lowers A to Z only and leaves UTF-8 as it was") {
    CHECK(utf8::ascii_lower("Help+BACK kp_5") == "help+back kp_5");
    CHECK(utf8::ascii_lower("ÁÉ Ñandú") == "ÁÉ Ñandú"); // not ASCII: untouched, still valid
    CHECK(utf8::is_valid(utf8::ascii_lower("ÁÉ Ñandú")));
    CHECK(utf8::ascii_lower("").empty());
}
