// Colour themes and the WCAG contrast arithmetic used to check them (DESIGN.md §6: every text at
// least 7:1 against what is behind it, in every theme). Pure; any thread.
#pragma once

#include "core/result.hpp"
#include "ui/frame.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace lectern::ui {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
    bool operator==(const Rgb&) const = default;
};

/// WCAG 2.x relative luminance (sRGB, 0 = black, 1 = white).
double relative_luminance(Rgb c);
/// WCAG contrast ratio, 1 to 21, symmetric.
double contrast_ratio(Rgb a, Rgb b);

enum class ThemeId { yellow_on_black, white_on_black, black_on_white, white_on_blue };

struct Theme {
    ThemeId id;
    std::string_view name; ///< as given to --theme
    /// Indexed by ColorRole.
    std::array<Rgb, 12> colors;
    Rgb color(ColorRole role) const { return colors[static_cast<std::size_t>(role)]; }
};

std::span<const Theme> themes();
const Theme& theme(ThemeId id);
/// By --theme name ("yellow-on-black", ...); the error lists the names.
Result<ThemeId> parse_theme(std::string_view name);

/// The (text, background) role pairs the layout ever paints; each must reach 7:1.
struct RolePair {
    ColorRole fg, bg;
};
std::span<const RolePair> text_role_pairs();

} // namespace lectern::ui
