// Private to lectern_text: which tokens of a sentence the normaliser rewrites and into what. The
// scanner in normalize.cpp finds the tokens; plan_rewrites looks at each token (and its
// neighbours: a unit needs the number before it, a time the "PM" after it) and decides. Pure; any
// thread.
#pragma once

#include "text/lexicon.hpp"
#include "text/normalize.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace lectern::text::detail {

/// Characters that separate words (ASCII white space and the Unicode spaces).
bool is_space(char32_t cp);
/// Characters removed without a trace (controls, a stray BOM, non-characters).
bool is_dropped(char32_t cp);

/// A run of non-space input: bytes [begin, end).
struct Token {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// Tokens [first, last] are written as: their input up to rewrite.begin, rewrite.spoken instead
/// of [rewrite.begin, rewrite.end), then their input from rewrite.end on.
struct Plan {
    std::size_t first = 0;
    std::size_t last = 0;
    Normalized::Rewrite rewrite;
};

/// The rewrites for `tokens` of `input`, in order, never overlapping.
std::vector<Plan> plan_rewrites(std::string_view input, const std::vector<Token>& tokens,
                                std::string_view language, const Lexicon* lexicon);

} // namespace lectern::text::detail
