// Result<T>: values, errors and the void specialisation.
#include "core/result.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace lectern;

static Result<int> parse_positive(int v) {
    if (v <= 0) return make_error("must be positive, got " + std::to_string(v));
    return v;
}

TEST_CASE("Result carries a value or a message") {
    auto good = parse_positive(3);
    REQUIRE(good.ok());
    CHECK(*good == 3);
    auto bad = parse_positive(-1);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "must be positive, got -1");
    Result<void> fine;
    CHECK(fine.ok());
    Result<void> failed = make_error("no");
    CHECK_FALSE(failed);
    CHECK(failed.error().message == "no");
}
