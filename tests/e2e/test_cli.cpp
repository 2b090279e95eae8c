// The real `lectern` binary: outlines, rendering, and every kind of bad input giving one clear
// line.
#include "support/subprocess.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace lectern::test;
namespace fs = std::filesystem;

namespace {
const std::string kBin = LECTERN_BIN;
const std::string kArticle =
    std::string(LECTERN_SOURCE_DIR) + "/content/what-to-expect-during-ketamine-treatment.txt";

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

/// A bad-input run: status 2, exactly one line on stderr that mentions `needle`, nothing on stdout.
void check_refused(const RunResult& r, const std::string& needle) {
    CAPTURE(r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_status == 2);
    CHECK(lines(r.err).size() == 1);
    CHECK(r.err.find(needle) != std::string::npos);
    CHECK(r.err.find("terminate") == std::string::npos);
}
} // namespace

TEST_CASE("sections prints the bundled article's title and its 11 headings") {
    const auto r = run({kBin, "sections", kArticle});
    REQUIRE(r.exit_status == 0);
    const auto out = lines(r.out);
    REQUIRE(out.size() >= 14);
    CHECK(out[0] == "What To Expect During Ketamine Treatment?");
    const char* headings[] = {"What is ketamine?",
                              "How does ketamine work?",
                              "What can I expect during treatment?",
                              "What are the side effects of ketamine?",
                              "Is ketamine treatment right for me?",
                              "What is Ketamine?",
                              "How Does Ketamine Work?",
                              "What Happens During Ketamine Treatment?",
                              "What Are the Side Effects of Ketamine Treatment?",
                              "How Effective is Ketamine Treatment?",
                              "Is Ketamine Treatment Right for Me?"};
    std::size_t found = 0;
    for (const auto& line : out)
        if (found < 11 &&
            line.find(std::string(". ") + headings[found] + "  (") != std::string::npos)
            ++found;
    CHECK(found == 11);
}

TEST_CASE("sections --json gives the outline as JSON") {
    const auto r = run({kBin, "sections", kArticle, "--json"});
    REQUIRE(r.exit_status == 0);
    CHECK(r.out.rfind(
              "{\"title\": \"What To Expect During Ketamine Treatment?\", \"language\": \"en\", "
              "\"sections\": [{\"heading\": ",
              0) == 0);
    CHECK(r.out.find("{\"heading\": \"How Effective is Ketamine Treatment?\", \"sentences\": 3}") !=
          std::string::npos);
    std::size_t count = 0;
    for (auto pos = r.out.find("\"heading\""); pos != std::string::npos;
         pos = r.out.find("\"heading\"", pos + 1))
        ++count;
    CHECK(count == 12);
}

TEST_CASE("render writes the whole article as speech with pauses") {
    const auto dir = temp_dir("e2e-render");
    const auto wav = dir + "/article.wav";
    const auto r = run({kBin, "render", kArticle, "-o", wav}, {}, std::chrono::seconds(120));
    CAPTURE(r.err);
    REQUIRE(r.exit_status == 0);
    // 22050 Hz mono s16: the article is several minutes of speech.
    const auto bytes = fs::file_size(wav);
    const double seconds = static_cast<double>(bytes - 44) / (22050.0 * 2);
    CHECK(seconds > 180);
    CHECK(seconds < 900);
}

TEST_CASE("say --out writes a short utterance") {
    const auto dir = temp_dir("e2e-say");
    const auto wav = dir + "/hello.wav";
    const auto r = run({kBin, "say", "Hello, this is Lectern.", "--out", wav, "--rate", "200"});
    REQUIRE(r.exit_status == 0);
    const double seconds = static_cast<double>(fs::file_size(wav) - 44) / (22050.0 * 2);
    CHECK(seconds > 0.5);
    CHECK(seconds < 5);
}

TEST_CASE("bad input is refused with one clear line and status 2") {
    const auto dir = temp_dir("e2e-bad");
    write_file(dir + "/empty.txt", "");
    write_file(dir + "/blank.txt", " \n\n\t \n");
    write_file(dir + "/binary.txt", std::string("\x7f"
                                                "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0",
                                                20) +
                                        std::string(4000, '\0'));
    fs::create_directories(dir + "/folder.txt");
    write_file(dir + "/locked.txt", "Title\n\nText.");
    fs::permissions(dir + "/locked.txt", fs::perms::none);

    check_refused(run({kBin, "sections", dir + "/missing.txt"}), "missing.txt");
    check_refused(run({kBin, "sections", dir + "/empty.txt"}), "empty.txt");
    check_refused(run({kBin, "sections", dir + "/blank.txt"}), "blank.txt");
    check_refused(run({kBin, "sections", dir + "/binary.txt"}), "binary.txt");
    check_refused(run({kBin, "sections", dir + "/folder.txt"}), "folder.txt");
    if (geteuid() != 0) check_refused(run({kBin, "sections", dir + "/locked.txt"}), "locked.txt");
    check_refused(run({kBin, "play", kArticle, "--voice", "klingon", "--sink", "null"}),
                  "unknown voice 'klingon'");
    check_refused(run({kBin, "play", kArticle, "--rate", "900", "--sink", "null"}),
                  "rate 900 is out of range");
    check_refused(run({kBin, "render", kArticle, "-o", dir + "/x.wav", "--rate", "20"}),
                  "out of range");
    check_refused(run({kBin, "play", kArticle, "--sink", "speakers"}), "unknown sink 'speakers'");
    check_refused(run({kBin, "play", kArticle, "--volume", "300", "--sink", "null"}), "volume 300");
    check_refused(run({kBin, "render", kArticle, "-o", dir + "/no/such/dir/x.wav"}), "x.wav");
    check_refused(run({kBin, "frobnicate"}), "frobnicate");
    check_refused(run({kBin, "sections"}), "FILE");
}

TEST_CASE("no audio device: the CLI says so and what to do") {
    const auto dir = temp_dir("e2e-nodevice");
    // An ALSA configuration with no usable default device.
    write_file(dir + "/asound.conf",
               "pcm.!default { type hw card 99 }\nctl.!default { type hw card 99 }\n");
    const auto r = run({kBin, "play", kArticle, "--device", "no-such-device"}, {},
                       std::chrono::seconds(30), {{"ALSA_CONFIG_PATH", dir + "/asound.conf"}});
    check_refused(r, "no-such-device");
}

TEST_CASE("an ALSA configuration with no device at all is refused in one line, not an abort") {
    // PortAudio 19.6 asserts (and aborts the process) when ALSA lists nothing; Lectern looks first.
    const auto dir = temp_dir("e2e-no-alsa");
    write_file(dir + "/asound.conf", "\n");
    const std::map<std::string, std::string> env{{"ALSA_CONFIG_PATH", dir + "/asound.conf"},
                                                 {"LSAN_OPTIONS", "detect_leaks=0"}};
    for (const std::vector<std::string>& argv : {std::vector<std::string>{kBin, "devices"},
                                                 {kBin, "say", "hello"},
                                                 {kBin, "play", kArticle}}) {
        const auto r = run(argv, {}, std::chrono::seconds(30), env);
        CAPTURE(argv[1]);
        check_refused(r, "no audio devices");
    }
}

TEST_CASE(
    "list shows the bundled English article first, then the Spanish one, bad files are skipped") {
    const auto r = run({kBin, "list", std::string(LECTERN_SOURCE_DIR) + "/content"});
    CAPTURE(r.err);
    REQUIRE(r.exit_status == 0);
    const auto out = lines(r.out);
    REQUIRE(out.size() >= 2);
    CHECK(out[0].find("What To Expect During Ketamine Treatment?  (en, 12 sections") !=
          std::string::npos);
    bool spanish = false;
    for (const auto& l : out)
        spanish = spanish || l.find("(es, ") != std::string::npos;
    CHECK(spanish);
    const auto j = run({kBin, "list", std::string(LECTERN_SOURCE_DIR) + "/content", "--json"});
    REQUIRE(j.exit_status == 0);
    CHECK(j.out.find("\"file\": \"what-to-expect-during-ketamine-treatment.txt\"") !=
          std::string::npos);
    CHECK(j.out.find("\"language\": \"es\"") != std::string::npos);

    const auto dir = temp_dir("e2e-list");
    write_file(dir + "/b.txt", "Second handout\n\nRest today.");
    write_file(dir + "/a.md", "---\norder: 1\n---\n# First handout\n\nDrink water.");
    write_file(dir + "/broken.txt", std::string("\0\0\0\0binary", 10));
    const auto l = run({kBin, "list", dir});
    REQUIRE(l.exit_status == 0);
    const auto listed = lines(l.out);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].find("First handout") != std::string::npos); // front matter order
    CHECK(listed[1].find("Second handout") != std::string::npos);
    CHECK(l.err.find("broken.txt") != std::string::npos); // one line about the skipped file
    check_refused(run({kBin, "list", dir + "/nope"}), "nope");
}
