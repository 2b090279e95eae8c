// The pronunciation table (tests/data/pronunciation/<language>.tsv) on the real eSpeak NG: for
// every row, the phonemes of the normalised input must equal the phonemes of what a clinician
// says. And word marks of the real synthesiser, mapped back through the normaliser's anchors,
// must land on the original words, so highlighting stays right after rewriting.
// Test thread only (it owns the process's eSpeak NG).
#include "synth/synthesizer.hpp"
#include "synth/voice_profile.hpp"
#include "text/lexicon.hpp"
#include "text/normalize.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace lectern;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = LECTERN_SOURCE_DIR;

struct Row {
    std::size_t line = 0;
    std::string input, said, expected;
};

struct Table {
    std::vector<std::string> lines; ///< the whole file, to write it back in update mode
    std::vector<Row> rows;
};

Table read_table(const fs::path& file) {
    std::ifstream in(file);
    REQUIRE(in);
    Table t;
    for (std::string line; std::getline(in, line);) {
        t.lines.push_back(line);
        if (line.empty() || line[0] == '#') continue;
        Row r;
        r.line = t.lines.size();
        std::istringstream cols(line);
        std::getline(cols, r.input, '\t');
        std::getline(cols, r.said, '\t');
        std::getline(cols, r.expected);
        INFO(file.string() << ":" << r.line);
        REQUIRE_FALSE(r.said.empty());
        t.rows.push_back(std::move(r));
    }
    return t;
}

struct Language {
    std::string code;
    synth::VoiceProfile voice;
    std::shared_ptr<const text::Lexicon> lexicon;
};

Language language(const std::string& code) {
    auto voice = synth::load_voice_profile(kSource / "voices" / (code + ".toml"));
    REQUIRE(voice.ok());
    std::ifstream in(kSource / "voices" / "lexicon" / (code + ".tsv"));
    const std::string tsv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> problems;
    auto lexicon = text::Lexicon::parse(tsv, code + ".tsv", &problems);
    CHECK(problems.empty()); // the shipped lexicons load without a skipped row
    CHECK(lexicon.size() > 40);
    return {code, *voice, std::make_shared<const text::Lexicon>(std::move(lexicon))};
}

std::string phonemes(synth::Synthesizer& synth, const std::string& text) {
    auto p = synth.phonemes(text);
    REQUIRE(p.ok());
    return *p;
}

/// Records word marks only.
struct Marks final : synth::SynthOutput {
    std::vector<synth::WordMark> marks;
    bool on_audio(std::span<const Sample>) override { return true; }
    void on_word(const synth::WordMark& m) override { marks.push_back(m); }
};

} // namespace

TEST_CASE("pronunciation table: normalised input sounds like the clinician, English and Spanish") {
    auto synth = synth::make_espeak_synth();
    REQUIRE(synth.ok());
    const bool update = std::getenv("LECTERN_PRONUNCIATION_UPDATE") != nullptr;
    std::size_t total = 0;
    for (const std::string code : {"en", "es"}) {
        const Language lang = language(code);
        REQUIRE((*synth)->configure(lang.voice.params).ok());
        const fs::path file = kSource / "tests" / "data" / "pronunciation" / (code + ".tsv");
        Table table = read_table(file);
        if (update) { // refill column 3 from column 2 (the clinician's words), never from column 1
            for (Row& r : table.rows)
                table.lines[r.line - 1] =
                    r.input + "\t" + r.said + "\t" + phonemes(**synth, r.said);
            {
                std::ofstream out(file);
                for (const std::string& l : table.lines)
                    out << l << '\n';
            }
            table = read_table(file);
        }
        for (const Row& r : table.rows) {
            const text::Normalized n =
                text::normalize(r.input, text::NormalizeOptions{lang.voice.language, lang.lexicon});
            const std::string spoken = text::spoken_text(n);
            INFO(file.filename().string()
                 << ":" << r.line << ": \"" << r.input << "\" -> \"" << spoken << "\"");
            CHECK(phonemes(**synth, r.said) == r.expected); // eSpeak still says the words so
            CHECK(phonemes(**synth, spoken) == r.expected);
        }
        total += table.rows.size();
    }
    CHECK(total >= 150);
}

TEST_CASE("word marks of rewritten text map back to the original words") {
    auto synth = synth::make_espeak_synth();
    REQUIRE(synth.ok());
    const Language en = language("en");
    REQUIRE((*synth)->configure(en.voice.params).ok());
    const std::string input = "Take 10 mg by IV on 12/05/2026, then call 555-123-4567 ext. 2040.";
    const text::Normalized n = text::normalize(input, text::NormalizeOptions{"en", en.lexicon});
    Marks rec;
    REQUIRE((*synth)->synthesize(n.ssml, true, rec).ok());
    std::vector<std::string> heard;
    std::size_t last_begin = 0;
    for (const synth::WordMark& m : rec.marks) {
        // What the driver does (playback/driver.cpp): map both ends through the anchors.
        const std::size_t begin = n.to_input(m.text_offset);
        const std::size_t end = n.to_input(m.text_offset + m.text_length);
        CHECK(begin >= last_begin);
        CHECK(end >= begin);
        last_begin = begin;
        if (end > begin) heard.push_back(input.substr(begin, end - begin));
    }
    // The first spoken word of a rewrite highlights the whole original token; the rest of the
    // rewrite ("fifth, twenty twenty-six") keeps no word of its own.
    const std::vector<std::string> expected = {"Take", "10",           "mg",         "by",
                                               "IV",   "on",           "12/05/2026", "then",
                                               "call", "555-123-4567", "ext.",       "2040"};
    CHECK(heard == expected);
}
