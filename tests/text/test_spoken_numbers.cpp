// The number rules one by one (text/spoken_numbers.hpp): what applies, what is left alone.
#include "text/spoken_numbers.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace lectern::text;

namespace {
const NumberWords& en() {
    return *number_words("en-US");
}
const NumberWords& es() {
    return *number_words("es");
}
} // namespace

TEST_CASE("number words and locales") {
    CHECK(number_words("fr") == nullptr);
    CHECK(number_words("EN-gb") == &en());
    CHECK(month_first("en"));
    CHECK(month_first("en-US"));
    CHECK_FALSE(month_first("en-GB"));
    CHECK_FALSE(month_first("en_AU"));
    CHECK_FALSE(month_first("es"));
    CHECK(is_number("10"));
    CHECK(is_number("2.5"));
    CHECK(is_number("2,5"));
    CHECK(is_number("1,000"));
    CHECK_FALSE(is_number("1,"));
    CHECK_FALSE(is_number(".5"));
    CHECK_FALSE(is_number("1..2"));
    CHECK_FALSE(is_number("10a"));
    CHECK(is_meridiem("PM"));
    CHECK(is_meridiem("a.m"));
    CHECK(is_meridiem("a.m."));
    CHECK_FALSE(is_meridiem("pmx"));
    CHECK_FALSE(is_meridiem(".am"));
}

TEST_CASE("dates") {
    CHECK(say_date("12/05/2026", en(), true) == "December 5th, twenty twenty-six");
    CHECK(say_date("12/05/2026", es(), false) == "12 de mayo de 2026");
    CHECK(say_date("1/21/2010", en(), true) == "January 21st, twenty ten");
    CHECK(say_date("2/22/1905", en(), true) == "February 22nd, nineteen oh five");
    CHECK(say_date("3/23/1900", en(), true) == "March 23rd, nineteen hundred");
    CHECK(say_date("4/11/2100", en(), true) == "April 11th, 2100");
    CHECK(say_date("2/30/2026", en(), true) == std::nullopt);
    CHECK(say_date("02/29/2028", en(), true) == "February 29th, twenty twenty-eight");
    CHECK(say_date("12.05.2026", es(), false) == "12 de mayo de 2026");
    CHECK(say_date("05/12", es(), false) == "5 de diciembre");
    CHECK(say_date("5/12", es(), false) == std::nullopt); // a fraction, not a date
    CHECK(say_date("12/05/202", en(), true) == std::nullopt);
    CHECK(say_date("12/05-2026", en(), true) == std::nullopt);
    CHECK(say_date("123/05/2026", en(), true) == std::nullopt);
}

TEST_CASE("times") {
    CHECK(say_time("6:00", en(), false) == "6 o'clock");
    CHECK(say_time("6:00", en(), true) == "6");
    CHECK(say_time("6:00pm", en(), false) == "6 P.M");
    CHECK(say_time("6:30p.m.", en(), false) == "6:30 P.M");
    CHECK(say_time("6:30", en(), false) == std::nullopt); // eSpeak says "six thirty"
    CHECK(say_time("0:00", en(), false) == "0 hundred");
    CHECK(say_time("13:00pm", en(), false) == std::nullopt);
    CHECK(say_time("6:60", en(), false) == std::nullopt);
    CHECK(say_time("6:0", en(), false) == std::nullopt);
    CHECK(say_time("6:00", es(), false) == "6");
    CHECK(say_time("6:00am", es(), false) == "6 a. m.");
    CHECK(say_time("13:00", es(), false) == "13 horas");
    CHECK(say_time("6:09", es(), false) == "6 y 9");
}

TEST_CASE("ranges, fractions, phone numbers, digits") {
    CHECK(say_range("4-6", en()) == "4 to 6");
    CHECK(say_range("2\u20132.5", en()) == "2 to 2.5");
    CHECK(say_range("2\u20142,5", es()) == "2 a 2,5");
    CHECK(say_range("4-", en()) == std::nullopt);
    CHECK(say_range("A-6", en()) == std::nullopt);
    CHECK(say_fraction("1/3", en(), false) == "one third");
    CHECK(say_fraction("2/3", en(), true) == "and 2 thirds");
    CHECK(say_fraction("1/8", es(), false) == "un octavo");
    CHECK(say_fraction("1/3", es(), true) == "y un tercio");
    CHECK(say_fraction("7/10", en(), false) == "7 out of 10");
    CHECK(say_fraction("3/2", en(), false) == "3 over 2");
    CHECK(say_fraction("3/2", en(), true) == std::nullopt);
    CHECK(say_fraction("01/2", en(), false) == std::nullopt);
    CHECK(say_phone("555-123-4567") == "5 5 5, 1 2 3, 4 5 6 7");
    CHECK(say_phone("1-888-555-0199") == "1, 888, 5 5 5, 0 1 9 9");
    CHECK(say_phone("(555)123-4567") == "5 5 5, 1 2 3, 4 5 6 7");
    CHECK(say_phone("(555) 1234") == std::nullopt);
    CHECK(say_phone("55-123-4567") == std::nullopt);
    CHECK(say_phone("555-123-45678") == std::nullopt);
    CHECK(say_digits("2040") == "2 0 4 0");
}
