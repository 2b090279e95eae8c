// Implementation of entities.hpp. The named table covers what patient handouts use (typography,
// accented letters, units and symbols), not HTML's two thousand names. Any thread.
#include "content/entities.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <system_error>
#include <utility>

namespace lectern::content::detail {
namespace {

struct Named {
    std::string_view name;
    char32_t cp;
};

// Sorted by name (byte order) for binary search; the static_assert below keeps it so.
constexpr std::array<Named, 80> kNamed = {{
    {"AElig", 0xC6},   {"Aacute", 0xC1},   {"Agrave", 0xC0},  {"Auml", 0xC4},    {"Ccedil", 0xC7},
    {"Eacute", 0xC9},  {"Egrave", 0xC8},   {"Iacute", 0xCD},  {"Ntilde", 0xD1},  {"Oacute", 0xD3},
    {"Ouml", 0xD6},    {"Uacute", 0xDA},   {"Uuml", 0xDC},    {"aacute", 0xE1},  {"acirc", 0xE2},
    {"aelig", 0xE6},   {"agrave", 0xE0},   {"alpha", 0x3B1},  {"amp", 0x26},     {"apos", 0x27},
    {"auml", 0xE4},    {"beta", 0x3B2},    {"bull", 0x2022},  {"ccedil", 0xE7},  {"cent", 0xA2},
    {"copy", 0xA9},    {"dagger", 0x2020}, {"deg", 0xB0},     {"delta", 0x3B4},  {"divide", 0xF7},
    {"eacute", 0xE9},  {"ecirc", 0xEA},    {"egrave", 0xE8},  {"euml", 0xEB},    {"euro", 0x20AC},
    {"frac12", 0xBD},  {"frac14", 0xBC},   {"frac34", 0xBE},  {"gamma", 0x3B3},  {"ge", 0x2265},
    {"gt", 0x3E},      {"hellip", 0x2026}, {"iacute", 0xED},  {"icirc", 0xEE},   {"iuml", 0xEF},
    {"laquo", 0xAB},   {"ldquo", 0x201C},  {"le", 0x2264},    {"lsquo", 0x2018}, {"lt", 0x3C},
    {"mdash", 0x2014}, {"micro", 0xB5},    {"middot", 0xB7},  {"minus", 0x2212}, {"mu", 0x3BC},
    {"nbsp", 0xA0},    {"ndash", 0x2013},  {"ne", 0x2260},    {"ntilde", 0xF1},  {"oacute", 0xF3},
    {"ocirc", 0xF4},   {"ouml", 0xF6},     {"para", 0xB6},    {"plusmn", 0xB1},  {"pound", 0xA3},
    {"quot", 0x22},    {"raquo", 0xBB},    {"rdquo", 0x201D}, {"reg", 0xAE},     {"rsquo", 0x2019},
    {"sect", 0xA7},    {"shy", 0xAD},      {"sup2", 0xB2},    {"sup3", 0xB3},    {"szlig", 0xDF},
    {"times", 0xD7},   {"trade", 0x2122},  {"uacute", 0xFA},  {"ucirc", 0xFB},   {"uuml", 0xFC},
}};

static_assert(std::is_sorted(kNamed.begin(), kNamed.end(),
                             [](const Named& a, const Named& b) { return a.name < b.name; }));

char32_t numeric(std::string_view digits, int base) {
    std::uint32_t value = 0;
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec != std::errc{} || end != digits.data() + digits.size()) return 0xFFFD;
    if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0xFFFD;
    return value;
}

} // namespace

void append_entity(std::string& out, std::string_view entity) {
    if (entity.size() < 3 || entity.front() != '&' || entity.back() != ';') {
        out += entity;
        return;
    }
    const std::string_view body = entity.substr(1, entity.size() - 2);
    if (body.starts_with("#x") || body.starts_with("#X")) {
        utf8::append(out, numeric(body.substr(2), 16));
        return;
    }
    if (body.starts_with('#')) {
        utf8::append(out, numeric(body.substr(1), 10));
        return;
    }
    const auto it = std::lower_bound(kNamed.begin(), kNamed.end(), body,
                                     [](const Named& n, std::string_view b) { return n.name < b; });
    if (it != kNamed.end() && it->name == body) {
        utf8::append(out, it->cp);
    } else {
        out += entity;
    }
}

} // namespace lectern::content::detail
