// Implementation of ui/theme.hpp: the four themes and WCAG contrast.
#include "ui/theme.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace lectern::ui {

double relative_luminance(Rgb c) {
    const auto channel = [](std::uint8_t v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double contrast_ratio(Rgb a, Rgb b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

namespace {

// Roles, in ColorRole order: background, text, dim_text, button, button_text, border, focus,
// focus_text, highlight, highlight_text, banner, banner_text.
// Dimmed text is still at least 7:1: "dim" means less prominent, never hard to read. The focused
// item is shown inverted (and with a thick border), which low-vision users find far easier to
// spot than a thin outline; the word being heard is inverted too, like a highlighter pen.
constexpr Rgb kBlack{0, 0, 0}, kWhite{255, 255, 255}, kYellow{255, 255, 0};
constexpr Rgb kGreyOnDark{180, 180, 180}, kButtonDark{36, 36, 36};
constexpr Rgb kGreyOnLight{70, 70, 70}, kButtonLight{230, 230, 230};
constexpr Rgb kBlue{10, 30, 90}, kButtonBlue{24, 48, 125}, kDimOnBlue{190, 200, 230};

constexpr std::array kThemes{
    Theme{ThemeId::yellow_on_black,
          "yellow-on-black",
          {kBlack, kYellow, kGreyOnDark, kButtonDark, kYellow, kYellow, kYellow, kBlack, kYellow,
           kBlack, kYellow, kBlack}},
    Theme{ThemeId::white_on_black,
          "white-on-black",
          {kBlack, kWhite, kGreyOnDark, kButtonDark, kWhite, kWhite, kWhite, kBlack, kWhite, kBlack,
           kWhite, kBlack}},
    Theme{ThemeId::black_on_white,
          "black-on-white",
          {kWhite, kBlack, kGreyOnLight, kButtonLight, kBlack, kBlack, kBlack, kWhite, kYellow,
           kBlack, kBlack, kWhite}},
    Theme{ThemeId::white_on_blue,
          "white-on-blue",
          {kBlue, kWhite, kDimOnBlue, kButtonBlue, kWhite, kWhite, kWhite, kBlue, kYellow, kBlue,
           kYellow, kBlue}},
};

constexpr std::array kPairs{
    RolePair{ColorRole::text, ColorRole::background},
    RolePair{ColorRole::dim_text, ColorRole::background},
    RolePair{ColorRole::button_text, ColorRole::button},
    RolePair{ColorRole::focus_text, ColorRole::focus},
    RolePair{ColorRole::highlight_text, ColorRole::highlight},
    RolePair{ColorRole::banner_text, ColorRole::banner},
};

} // namespace

std::span<const Theme> themes() {
    return kThemes;
}

const Theme& theme(ThemeId id) {
    for (const auto& t : kThemes)
        if (t.id == id) return t;
    return kThemes.front();
}

Result<ThemeId> parse_theme(std::string_view name) {
    std::string names;
    for (const auto& t : kThemes) {
        if (t.name == name) return t.id;
        names += (names.empty() ? "" : ", ") + std::string(t.name);
    }
    return make_error("unknown theme '" + std::string(name) + "'; choose one of: " + names);
}

std::span<const RolePair> text_role_pairs() {
    return kPairs;
}

} // namespace lectern::ui
