// Lexicon: the TSV rows a nurse edits (columns, kinds, units' one|many, final dots, phrases),
// broken rows skipped and named by file and line, the shipped lexicons, and the registry the
// normaliser falls back on.
#include "text/lexicon.hpp"
#include "text/normalize.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace lectern;
using text::Lexicon;
using text::LexiconKind;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    const char* env = std::getenv("LECTERN_TEST_TMP");
    fs::path dir = fs::path(env ? env : LECTERN_BINARY_DIR "/test-tmp") / "lexicon" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

} // namespace

TEST_CASE("lexicon rows: columns, kinds, one|many, final dots, phrases") {
    std::vector<std::string> problems;
    const Lexicon lex = Lexicon::parse("# a note\n"
                                       "\n"
                                       "IV\tI.V.\n"
                                       "mg\tmilligram|milligrams\tunit\n"
                                       "%  percent  unit\n" // two or more spaces separate too
                                       "b.i.d.\ttwice a day\tword\n"
                                       "ext.\textension\tDIGITS\n"
                                       "p. ej.\tpor ejemplo\n"
                                       "  COPD \t C.O.P.D. \r\n",
                                       "x.tsv", &problems);
    CHECK(problems.empty());
    CHECK(lex.size() == 7);
    const text::LexiconEntry* iv = lex.find_word("IV");
    REQUIRE(iv != nullptr);
    CHECK(iv->spoken == "I.V"); // a final dot in the spoken form is left to the article
    CHECK(iv->line == 3);
    CHECK(lex.find_word("iv") == nullptr); // capitals matter
    const text::LexiconEntry* mg = lex.find_unit("mg");
    REQUIRE(mg != nullptr);
    CHECK(mg->spoken_one == "milligram");
    CHECK(mg->spoken == "milligrams");
    CHECK(lex.find_word("mg") == nullptr); // a unit is only a unit
    REQUIRE(lex.find_unit("%") != nullptr);
    CHECK(lex.find_unit("%")->spoken_one == "percent");
    const text::LexiconEntry* bid = lex.find_word("b.i.d");
    REQUIRE(bid != nullptr);
    CHECK(bid->final_dot);
    CHECK(bid->written == "b.i.d.");
    CHECK(lex.find_word("ext")->kind == LexiconKind::digits);
    const text::LexiconEntry* pej = lex.find_word("p. ej");
    REQUIRE(pej != nullptr);
    CHECK(pej->tokens == 2);
    CHECK(pej->spoken == "por ejemplo");
    CHECK(lex.max_tokens() == 2);
    CHECK(lex.find_word("COPD")->spoken == "C.O.P.D");
    CHECK(lex.entries().size() == 7);
}

TEST_CASE("lexicon rows: a broken row is skipped and named, the others stay") {
    std::vector<std::string> problems;
    const std::string long_word(41, 'x');
    const Lexicon lex = Lexicon::parse("\xEF\xBB\xBFGOOD\tgood\n" // 1: a BOM before the first row
                                       "lonely\n"                 // 2: one column
                                       "a\tb\tword\textra\n"      // 3: four columns
                                       "mg\tmilligrams\tsize\n"   // 4: unknown kind
                                       "mg\tmilligram|\tunit\n"   // 5: empty many
                                       "a b\tc\tunit\n"           // 6: a unit of two words
                                       "x\ty|z\n"                 // 7: '|' outside a unit
                                       "w\t" +
                                           long_word + "\n" + // 8: a spoken word over 40 bytes
                                           "caf\xE9\tcafe\n"  // 9: not UTF-8
                                           "ctl\tc\x01tl\n"   // 10: control character
                                           "GOOD\tbetter\n"   // 11: replaces line 1
                                           "one two three four five\tz\n", // 12: five words
                                       "ward.tsv", &problems);
    REQUIRE(problems.size() == 11);
    const std::vector<std::string> lines = {"ward.tsv:2: only one column",
                                            "ward.tsv:3: too many columns",
                                            "ward.tsv:4: unknown kind \"size\"",
                                            "ward.tsv:5: write a unit's spoken form as one|many",
                                            "ward.tsv:6: a unit or digits row is one word",
                                            "ward.tsv:7: '|' only separates",
                                            "ward.tsv:8: the spoken word",
                                            "ward.tsv:9: this row is not valid UTF-8",
                                            "ward.tsv:10: this row contains a control character",
                                            "ward.tsv:11: \"GOOD\" was already given on line 1",
                                            "ward.tsv:12: the written form has more than 4 words"};
    for (std::size_t k = 0; k < lines.size(); ++k) {
        CAPTURE(problems[k]);
        CHECK(problems[k].rfind(lines[k], 0) == 0);
    }
    CHECK(problems[0].ends_with("(row skipped)"));
    CHECK(lex.size() == 1);
    CHECK(lex.find_word("GOOD")->spoken == "better"); // the later row wins
}

TEST_CASE("lexicon files: load, errors naming the file, the shipped lexicons") {
    const fs::path dir = scratch("load");
    CHECK_FALSE(Lexicon::load(dir / "missing.tsv").ok());
    CHECK(Lexicon::load(dir / "missing.tsv")
              .error()
              .message.rfind((dir / "missing.tsv").string(), 0) == 0);
    write(dir / "binary.tsv", std::string("IV\tI.V.\0\0", 9));
    CHECK(Lexicon::load(dir / "binary.tsv").error().message.find("not a text file") !=
          std::string::npos);
    for (const char* code : {"en", "es"}) {
        CAPTURE(code);
        const fs::path file =
            fs::path(LECTERN_SOURCE_DIR) / "voices" / "lexicon" / (std::string(code) + ".tsv");
        auto lex = Lexicon::load(file);
        REQUIRE(lex.ok());
        // Every item issue 4 names is in both languages.
        for (const char* word : {"IV", "b.i.d", "t.i.d", "q.d", "p.r.n", "NPO", "ED", "ICU", "BP",
                                 "COPD", "PTSD", "NMDA", "e.g", "i.e", "vs", "ext", "24/7"})
            CHECK_MESSAGE(lex->find_word(word) != nullptr, word);
        for (const char* unit : {"mg", "mcg", "mL", "L", "kg", "mmHg", "°C", "°F", "%"})
            CHECK_MESSAGE(lex->find_unit(unit) != nullptr, unit);
    }
}

TEST_CASE("registry: lexicons by language from a folder, read once, forgotten on a new folder") {
    const fs::path dir = scratch("registry");
    write(dir / "en.tsv", "IV\tI.V.\n");
    write(dir / "es.tsv", "IV\tintravenosa\n");
    text::set_lexicon_folder(dir);
    const auto en = text::default_lexicon("en");
    REQUIRE(en != nullptr);
    CHECK(en->find_word("IV")->spoken == "I.V");
    CHECK(text::default_lexicon("en-US") == en); // same language, same lexicon, read once
    CHECK(text::default_lexicon("es-MX")->find_word("IV")->spoken == "intravenosa");
    CHECK(text::default_lexicon("fr") == nullptr);    // no file: none (logged once)
    CHECK(text::default_lexicon("../en") == nullptr); // never a path
    // normalize() uses the registry when the options name no lexicon.
    CHECK(text::spoken_text(text::normalize("an IV", {"en"})) == "an I.V");
    CHECK(text::spoken_text(text::normalize("una IV", {"es"})) == "una intravenosa");
    write(dir / "en.tsv", "IV\tintravenous\n");
    CHECK(text::default_lexicon("en") == en); // kept: not read again per sentence
    const fs::path other = scratch("registry2");
    text::set_lexicon_folder(other);
    CHECK(text::default_lexicon("en") == nullptr);
    CHECK(text::spoken_text(text::normalize("an IV", {"en"})) == "an IV");
    text::set_lexicon_folder({}); // leave no registry behind for other tests
    CHECK(text::primary_language("es-MX") == "es");
    CHECK(text::primary_language("EN_gb") == "en");
}
