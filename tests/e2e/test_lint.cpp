// The real `lectern` binary for authors: `lint` (clean on the bundled content, findings with file
// and line, exit statuses), `say --phonemes` (what "IV", "10 mg" and "12/05/2026" become), and
// the Spanish article read as Spanish by `sections` and `render`.
#include "support/subprocess.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace lectern::test;
namespace fs = std::filesystem;

namespace {

const std::string kBin = LECTERN_BIN;
const std::string kContent = std::string(LECTERN_SOURCE_DIR) + "/content";
const std::string kSpanish = kContent + "/que-esperar-de-una-colonoscopia.txt";

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool has_line(const std::string& out, const std::string& line_start, const std::string& part) {
    for (const std::string& l : lines(out))
        if (l.rfind(line_start, 0) == 0 && l.find(part) != std::string::npos) return true;
    return false;
}

/// The "phonemes:" line of `lectern say --phonemes`.
std::string phonemes_of(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {kBin, "say", "--phonemes"};
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult r = run(argv);
    CAPTURE(r.err);
    REQUIRE(r.exit_status == 0);
    for (const std::string& l : lines(r.out))
        if (l.rfind("phonemes: ", 0) == 0) return l.substr(10);
    FAIL("no phonemes line in: " << r.out);
    return {};
}

} // namespace

TEST_CASE("lint: the bundled content is clean, with its headings listed by line") {
    for (const std::vector<std::string>& args : {std::vector<std::string>{kBin, "lint", kContent},
                                                 std::vector<std::string>{kBin, "lint"}}) {
        const RunResult r = run(args);
        CAPTURE(r.out);
        CAPTURE(r.err);
        CHECK(r.exit_status == 0);
        CHECK(r.err.empty());
        CHECK(r.out.find(": finding:") == std::string::npos);
        CHECK(lines(r.out).back().find(", 0 findings") != std::string::npos);
        CHECK(has_line(r.out, kContent + "/what-to-expect-during-ketamine-treatment.txt: ",
                       "language en, UTF-8, 12 headings, 42 sentences"));
        CHECK(has_line(r.out, kContent + "/what-to-expect-during-ketamine-treatment.txt:33: ",
                       "heading: How Does Ketamine Work?"));
        CHECK(has_line(r.out, kSpanish + ": ", "language es"));
        CHECK(has_line(r.out, kSpanish + ":9: ", "heading: ¿Qué es una colonoscopia?"));
    }
}

TEST_CASE("lint: findings name the file and line, and the status is 1") {
    const fs::path dir = temp_dir("e2e-lint");
    std::string long_sentence = "This sentence";
    for (int k = 0; k < 21; ++k)
        long_sentence += " goes on";
    long_sentence += " too long."; // 46 words
    write_file(dir / "words.txt", "Words to check\n"
                                  "\n"
                                  "Go to the NASA desk for your DNR form.\n"
                                  "Take 5 gtt q.h.x. daily. Chapter XII and 1/2/3/4 follow.\n"
                                  "\n" +
                                      long_sentence + "\n");
    write_file(dir / "cp1252.txt", "Title\r\n\r\nCaf\xE9 and \x81 here.\r\n");
    write_file(dir / "mixed.txt", "T\xC3\xADtulo\n\nCaf\xE9 y m\xC3\xA1s.\n");
    write_file(dir / "front.md", "---\nlanguage: klingon\n---\n# Title\n\nHello there.\n");
    write_file(dir / "notes.txt", "\xEF\xBB\xBFTitle\n\nAll good here.\n");
    write_file(dir / "empty.txt", "");
    write_file(dir / "ignored.pdf", "not an article");
    const RunResult r = run({kBin, "lint", dir.string()});
    CAPTURE(r.out);
    CHECK(r.exit_status == 1);
    const std::string w = (dir / "words.txt").string();
    CHECK(has_line(r.out, w + ":3: finding: ", "\"NASA\" is not in voices/lexicon/en.tsv"));
    CHECK(has_line(r.out, w + ":3: finding: ", "as a word"));
    CHECK(has_line(r.out, w + ":4: finding: ", "the unit \"gtt\""));
    CHECK(has_line(r.out, w + ":4: finding: ", "unknown abbreviation \"q.h.x.\""));
    CHECK(has_line(r.out, w + ":4: finding: ",
                   "\"XII\" is not in voices/lexicon/en.tsv: eSpeak NG "
                   "says it as a roman numeral"));
    CHECK(has_line(r.out, w + ":4: finding: ", "\"1/2/3/4\" is read with \"slash\""));
    CHECK(has_line(r.out, w + ":6: finding: ", "a sentence of 46 words (over 40)"));
    CHECK_FALSE(has_line(r.out, w, "DNR")); // in the lexicon: fine
    const std::string cp = (dir / "cp1252.txt").string();
    CHECK(has_line(r.out, cp + ":1: note: ", "Windows-1252"));
    CHECK(has_line(r.out, cp + ":3: finding: ", "no character in Windows-1252"));
    CHECK(has_line(r.out, (dir / "mixed.txt").string() + ":3: finding: ", "not UTF-8"));
    CHECK(has_line(r.out, (dir / "front.md").string() + ":2: finding: ",
                   "front matter: language \"klingon\""));
    CHECK(has_line(r.out, (dir / "notes.txt").string() + ":1: note: ", "byte-order mark"));
    CHECK_FALSE(has_line(r.out, (dir / "notes.txt").string(), "finding"));
    CHECK(has_line(r.out, (dir / "empty.txt").string() + ": finding: ", "empty"));
    CHECK(r.out.find("ignored.pdf") == std::string::npos);
    CHECK(lines(r.out).back() == "lint: 6 articles, 10 findings");
    // A file given by name is linted on its own.
    const RunResult one = run({kBin, "lint", (dir / "notes.txt").string()});
    CHECK(one.exit_status == 0);
    CHECK(lines(one.out).back() == "lint: 1 article, 0 findings");
}

TEST_CASE("lint: bad usage is status 2 with one line") {
    const RunResult missing = run({kBin, "lint", "/no/such/place"});
    CHECK(missing.exit_status == 2);
    CHECK(lines(missing.err).size() == 1);
    CHECK(missing.err.find("/no/such/place") != std::string::npos);
    CHECK(missing.out.empty());
    const RunResult option = run({kBin, "lint", "--frobnicate"});
    CHECK(option.exit_status == 2);
    CHECK(lines(option.err).size() == 1);
}

TEST_CASE("say --phonemes: IV, 10 mg and 12/05/2026 as a clinician says them") {
    const RunResult r = run({kBin, "say", "--phonemes", "Take 10 mg by IV on 12/05/2026."});
    CAPTURE(r.err);
    REQUIRE(r.exit_status == 0);
    CHECK(has_line(r.out, "voice: ", "en (English"));
    CHECK(
        has_line(r.out, "text: ", "Take 10 milligrams by I.V on December 5th, twenty twenty-six."));
    CHECK(phonemes_of({"IV"}) == ",aIv'i:");              // not "r,oUm@n_ f'o@"
    CHECK(phonemes_of({"10 mg"}) == "t'En m'IlI2gr,amz"); // not "t'En ,EmdZ'i:"
    CHECK(phonemes_of({"12/05/2026"}) == "dI#s'Emb3 f'IfT tw'Enti tw'Entis'Iks");
    CHECK(phonemes_of({"IV", "--language", "es"}) == ",int**aBen'osa");
    CHECK(phonemes_of({"12/05/2026", "--language", "es"}) ==
          "d'oTe De m'aJ^o De D'os m'il BeIntis'eIs");
    CHECK(phonemes_of({"10 mg", "--voice", "es"}) == "dj'ET m,iliQ**'amos");
    CHECK(run({kBin, "say", "--phonemes", "x", "--voice", "klingon"}).exit_status == 2);
}

TEST_CASE("the Spanish article: sections say es, render reads it with the Spanish voice") {
    const RunResult sections = run({kBin, "sections", kSpanish, "--json"});
    REQUIRE(sections.exit_status == 0);
    CHECK(sections.out.find("\"language\": \"es\"") != std::string::npos);
    CHECK(sections.out.find("\"title\": \"¿Qué esperar de una colonoscopia?\"") !=
          std::string::npos);
    const RunResult text = run({kBin, "sections", kSpanish});
    CHECK(has_line(text.out, "language es, 8 sections", ""));

    // eSpeak NG renders the same text and voice to the same bytes in a fresh process, so the
    // article's own choice must equal --voice es and differ from --voice en.
    const fs::path dir = temp_dir("e2e-spanish");
    const auto render = [&](const std::string& name, std::vector<std::string> extra) {
        std::vector<std::string> argv = {kBin, "render", kSpanish, "-o", (dir / name).string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        const RunResult r = run(argv, {}, std::chrono::seconds(120));
        CAPTURE(r.err);
        REQUIRE(r.exit_status == 0);
        return read_file(dir / name);
    };
    const std::string chosen = render("chosen.wav", {});
    const std::string spanish = render("es.wav", {"--voice", "es"});
    const std::string english = render("en.wav", {"--voice", "en"});
    CHECK(chosen.size() > 22050 * 2 * 60); // minutes of speech
    CHECK(chosen == spanish);
    CHECK(chosen != english);
}
