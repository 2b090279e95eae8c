// Smaller pure parts: themes (7:1), interface strings (both languages complete), text fitting,
// terminal keys, the content catalog.
#include "content/catalog.hpp"
#include "support/subprocess.hpp"
#include "ui/terminal_keys.hpp"
#include "ui/text_fit.hpp"
#include "ui/theme.hpp"
#include "ui_test_util.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>

using namespace lectern;
using namespace lectern::ui;

TEST_CASE("contrast arithmetic matches WCAG") {
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == doctest::Approx(21.0));
    CHECK(contrast_ratio({255, 255, 0}, {0, 0, 0}) == doctest::Approx(19.56).epsilon(0.01));
    CHECK(contrast_ratio({118, 118, 118}, {255, 255, 255}) == doctest::Approx(4.54).epsilon(0.01));
}

TEST_CASE("every theme: every text colour on its background is at least 7:1") {
    REQUIRE(themes().size() == 4);
    for (const auto& t : themes())
        for (const auto& pair : text_role_pairs()) {
            CAPTURE(t.name);
            CAPTURE(static_cast<int>(pair.fg));
            CHECK(contrast_ratio(t.color(pair.fg), t.color(pair.bg)) >= 7.0);
        }
    CHECK(parse_theme("white-on-blue").value() == ThemeId::white_on_blue);
    CHECK(parse_theme("pink").error().message.find("yellow-on-black") != std::string::npos);
}

TEST_CASE("interface strings: English and Spanish load and Spanish has every English key") {
    const auto& lib = ui::test::strings();
    const auto langs = lib.languages();
    CHECK(std::set<std::string>(langs.begin(), langs.end()) == std::set<std::string>{"en", "es"});
    CHECK(lib.for_language("es-MX").language() == "es");
    CHECK(lib.for_language("fr").language() == "en");
    // Spanish must not fall back to English anywhere: compare the raw files' keys.
    const auto en = Strings::load(std::string(LECTERN_SOURCE_DIR) + "/voices/ui/en.toml");
    const auto es = Strings::load(std::string(LECTERN_SOURCE_DIR) + "/voices/ui/es.toml");
    REQUIRE(en.ok());
    REQUIRE(es.ok());
    std::ifstream in(std::string(LECTERN_SOURCE_DIR) + "/voices/ui/en.toml");
    std::string line, table;
    const std::regex key_re(R"(^([A-Za-z0-9_-]+) = )"), table_re(R"(^\[([a-z]+)\])");
    int keys = 0;
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_search(line, m, table_re)) table = m[1];
        if (std::regex_search(line, m, key_re) && !table.empty()) {
            ++keys;
            CAPTURE(table + "." + std::string(m[1]));
            CHECK(es->has(table + "." + std::string(m[1])));
        }
    }
    CHECK(keys > 100);
    CHECK(en->format("say.article", {{"title", "Why?"}, {"n", "1"}, {"count", "2"}})
              .rfind("Why? Article 1", 0) == 0);
}

TEST_CASE("text fitting: wraps at spaces, breaks words wider than a line, shrinks to fit") {
    const ApproxMeasure m;
    // Widths are rounded per word, so allow a pixel or two over the whole phrase.
    const auto lines = wrap("one two three four", m.width("one two", 10) + 2, 10, m);
    CHECK(lines == std::vector<std::string>{"one two", "three", "four"});
    const auto broken = wrap("abcdefghijklmnop", m.width("abcde", 10), 10, m);
    CHECK(broken.size() >= 3);
    for (const auto& l : broken)
        CHECK(m.width(l, 10) <= m.width("abcde", 10));
    const Fitted f = fit("a fairly long label", {200, 30}, 40, 10, m);
    CHECK(f.fits);
    CHECK(f.px < 40);
    CHECK(static_cast<int>(f.lines.size()) * m.line_height(f.px) <= 30);
}

TEST_CASE("terminal keys: arrows, keypad characters, a lone Escape") {
    TerminalKeys k;
    CHECK(k.feed("\x1b[A\x1b[B8+\r") ==
          std::vector<std::string>{"up", "down", "kp_8", "kp_+", "return"});
    CHECK(k.feed("\x1b").empty());
    CHECK(k.flush() == std::vector<std::string>{"escape"});
    CHECK(k.feed("\x1bh") == std::vector<std::string>{"escape", "h"});
}

TEST_CASE("catalog: the bundled article first, the others by title, broken files skipped") {
    const auto dir = lectern::test::temp_dir("ui-catalog");
    std::filesystem::copy_file(std::string(LECTERN_SOURCE_DIR) + "/content/" +
                                   content::kBundledArticle,
                               dir + "/" + content::kBundledArticle);
    std::ofstream(dir + "/zz.txt") << "Apples\n\nAn apple a day.";
    std::ofstream(dir + "/aa.md") << "# Zebras\n\nStripes.";
    std::ofstream(dir + "/empty.txt") << "";
    std::ofstream(dir + "/notes.pdf") << "%PDF";
    const auto catalog = content::load_catalog(dir);
    REQUIRE(catalog.size() == 3);
    CHECK(catalog[0].file.filename() == content::kBundledArticle);
    CHECK(catalog[1].article->title == "Apples");
    CHECK(catalog[2].article->title == "Zebras");
    CHECK(content::load_catalog(dir + "/no-such-folder").empty());
}
