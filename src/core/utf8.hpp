// UTF-8 helpers used by the parsers and the normaliser. Pure functions; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lectern::utf8 {

/// True when s is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid(std::string_view s);

/// Decodes the code point starting at s[i]; advances i. Malformed input yields U+FFFD and
/// advances by one byte.
char32_t next(std::string_view s, std::size_t& i);

/// Appends the UTF-8 encoding of cp to out.
void append(std::string& out, char32_t cp);

/// Number of code points in s (malformed bytes count as one each).
std::size_t length(std::string_view s);

/// Byte offset of the code point with index `index` (clamped to s.size()).
std::size_t offset_of_codepoint(std::string_view s, std::size_t index);

/// s with A-Z lowered to a-z and every other byte as it was (UTF-8 stays valid; no locale), for
/// matching names, keys and commands without regard to case.
std::string ascii_lower(std::string_view s);

} // namespace lectern::utf8
