// Language tags as articles, voice profiles and settings write them ("en", "es", "en-GB",
// "es-419", "pt_br"). Pure; any thread.
#pragma once

#include <string_view>

namespace lectern::language_tag {

/// A 2-3 letter language, then optional subtags of letters and digits joined by '-' or '_'.
constexpr bool plausible(std::string_view s) {
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    std::size_t i = 0;
    while (i < s.size() && letter(s[i]))
        ++i;
    if (i < 2 || i > 3) return false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (!(c == '-' || c == '_' || letter(c) || (c >= '0' && c <= '9'))) return false;
    }
    return true;
}

static_assert(plausible("en") && plausible("es-419") && plausible("en_GB"));
static_assert(!plausible("e") && !plausible("english") && !plausible("en GB") && !plausible(""));

} // namespace lectern::language_tag
