// load_article: parser chosen by extension, encodings recorded, one-line errors that name the
// file, and a 6 MB single-line file read in linear time.
#include "content/parse.hpp"
#include "content_test_util.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

using namespace lectern::content;
using namespace content_test;
namespace fs = std::filesystem;

namespace {

std::string load_error(const fs::path& path) {
    const lectern::Result<Article> r = load_article(path);
    REQUIRE_FALSE(r.ok());
    const std::string& m = r.error().message;
    CHECK(m.find('\n') == std::string::npos);
    CHECK(m.find(path.string()) == 0);
    return m;
}

bool contains(const std::string& s, std::string_view part) {
    return s.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("load_article: the bundled article") {
    const lectern::Result<Article> r = load_article(bundled_article());
    REQUIRE(r.ok());
    CHECK(r->title == "What To Expect During Ketamine Treatment?");
    CHECK(r->sections.size() == 12);
    CHECK(r->encoding == Encoding::utf8);
}

TEST_CASE("load_article: parser by extension, encoding recorded") {
    const fs::path dir = tmp_dir();
    const std::string md = "# Title\n\nSome *text*.\n";
    for (const char* name : {"a.md", "b.markdown", "C.MD"}) {
        write_file(dir / name, md);
        const lectern::Result<Article> r = load_article(dir / name);
        REQUIRE(r.ok());
        CHECK(r->title == "Title");
        CHECK(r->sections[0].sentences[0].text == "Some text.");
    }
    for (const char* name : {"a.txt", "noext", "a.text"}) {
        write_file(dir / name, md);
        const lectern::Result<Article> r = load_article(dir / name);
        REQUIRE(r.ok());
        CHECK(r->title == "# Title");
        CHECK(r->sections[0].sentences[0].text == "Some *text*.");
    }
    write_file(dir / "cp1252.txt", "Title\r\n\r\nIt\x92s fine.\r\n");
    const lectern::Result<Article> r = load_article(dir / "cp1252.txt");
    REQUIRE(r.ok());
    CHECK(r->encoding == Encoding::windows1252);
    CHECK(r->source == "Title\n\nIt\u2019s fine.\n");
    CHECK(r->sections[0].sentences[0].text == "It\u2019s fine.");
}

TEST_CASE("load_article: one-line errors naming the file") {
    const fs::path dir = tmp_dir();

    std::string m = load_error(dir / "no-such-article.txt");
    CHECK(contains(m, "no such file"));

    fs::create_directories(dir / "a-folder.txt");
    m = load_error(dir / "a-folder.txt");
    CHECK(contains(m, "folder"));

    write_file(dir / "empty.txt", "");
    m = load_error(dir / "empty.txt");
    CHECK(contains(m, "empty"));

    write_file(dir / "blank.md", "  \n\n\t\n");
    m = load_error(dir / "blank.md");
    CHECK(contains(m, "no text"));

    write_file(dir / "photo.txt", std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01", 13));
    m = load_error(dir / "photo.txt");
    CHECK(contains(m, "binary file"));
    CHECK(contains(m, "save it as plain text (.txt) or Markdown (.md)"));

    write_file(dir / "headings-only.txt", "Title\n\nHeading\n\nAnother heading");
    m = load_error(dir / "headings-only.txt");
    CHECK(contains(m, "no text to read"));

    write_file(dir / "comment-only.md", "<!-- draft -->\n");
    m = load_error(dir / "comment-only.md");
    CHECK(contains(m, "no text to read"));

    if (fs::exists("/dev/null")) {
        m = load_error("/dev/null");
        CHECK(contains(m, "not an ordinary file"));
    }

    const fs::path locked = dir / "locked.txt";
    write_file(locked, "Readable text.");
    fs::permissions(locked, fs::perms::none);
    if (std::FILE* f = std::fopen(locked.c_str(), "rb")) {
        std::fclose(f); // running as root: permissions do not stop us, nothing to test
        MESSAGE("skipping the unreadable-file check: this user can read a mode 000 file");
    } else {
        m = load_error(locked);
        CHECK(contains(m, "cannot be opened"));
        CHECK(contains(m, "permissions"));
    }
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_write);
}

TEST_CASE("load_article: a 6 MB single-line file is read in linear time") {
    const fs::path dir = tmp_dir();
    std::string line;
    line.reserve(6'300'000);
    std::size_t repeats = 0;
    for (; line.size() < 6'000'000; ++repeats) {
        line += "Take 2.5 mg b.i.d. as Dr. Lee said, e.g. with food. Rest! ";
    }
    write_file(dir / "huge.txt", line);
    std::string word(6'000'000, 'x');
    write_file(dir / "huge-word.md", word);

    const auto start = std::chrono::steady_clock::now();
    const lectern::Result<Article> a = load_article(dir / "huge.txt");
    const lectern::Result<Article> b = load_article(dir / "huge-word.md");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->sections.size() == 1);
    CHECK(a->sentence_count() == 2 * repeats);
    CHECK(a->title == "Take 2.5 mg b.i.d. as Dr. Lee said, e.g. with food.");
    CHECK(b->sections[0].sentences[0].text.size() == word.size());
    CHECK(b->title.size() == 80);
    // Linear work takes well under a second optimised; allow for debug and sanitizer builds.
    CHECK(elapsed < std::chrono::seconds(30));
    fs::remove(dir / "huge.txt");
    fs::remove(dir / "huge-word.md");
}
