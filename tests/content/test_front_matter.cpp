// Front matter (title, language, voice, order) over what the parsers infer, in plain text and
// Markdown, with offsets and line numbers still counting from the top of the file; texts that
// only look like front matter; language detection; the bundled Spanish article.
#include "content/parse.hpp"
#include "content_test_util.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace lectern;
using namespace lectern::content;
using namespace content_test;

TEST_CASE("front matter: parsed, values checked, unknown keys reported") {
    const FrontMatter fm = parse_front_matter("---\n"
                                              "title: \"Qué esperar\"\n"
                                              "# a note\n"
                                              "\n"
                                              "Language: es-MX\n"
                                              "voice: es\n"
                                              "order: -3\n"
                                              "author: Ward 5\n"
                                              "---\n"
                                              "Body.");
    CHECK(fm.end == std::string("---\ntitle: \"Qué esperar\"\n# a note\n\nLanguage: es-MX\nvoice: "
                                "es\norder: -3\nauthor: Ward 5\n---\n")
                        .size());
    CHECK(fm.title == "Qué esperar");
    CHECK(fm.language == "es");
    CHECK(fm.voice == "es");
    CHECK(fm.order == -3);
    REQUIRE(fm.problems.size() == 1);
    CHECK(fm.problems[0].first == 8);
    CHECK(fm.problems[0].second.find("unknown key \"author\"") == 0);

    const FrontMatter bad = parse_front_matter("---\nlanguage: Spanish\norder: 1st\ntitle:\n---\n");
    CHECK(bad.end > 0);
    CHECK_FALSE(bad.language);
    CHECK_FALSE(bad.order);
    CHECK_FALSE(bad.title);
    CHECK(bad.problems.size() == 3);
}

TEST_CASE("front matter: only a closed block of key: value lines at the very top") {
    CHECK(parse_front_matter("Title\n---\nlanguage: es\n---\n").end == 0); // not at the top
    CHECK(parse_front_matter("---\nlanguage: es\n").end == 0);             // never closed
    CHECK(parse_front_matter("---\nJust a line.\n---\nText\n").end == 0);  // not key: value
    CHECK(parse_front_matter("---\n:x\n---\n").end == 0);
    CHECK(parse_front_matter("---\nthe key: x\n---\n").end == 0);          // a key is one word
    CHECK(parse_front_matter("---  \r\nlanguage: es\r\n---\r\n").end > 0); // CRLF, spaces
    CHECK(parse_front_matter("---\n---\nText").end == 8);                  // empty is fine
    // A plain-text article that starts with a rule is read as it is.
    const auto a = parse_plain_text("---\nNot front matter at all, just a line.\n---\n\nText.");
    REQUIRE(a.ok());
    CHECK(a->sentence_count() >= 1);
    CHECK(a->language == "en");
}

TEST_CASE("front matter overrides title and language, and offsets and lines still count it") {
    const std::string text = "---\n"
                             "title: Before your colonoscopy\n"
                             "language: es\n"
                             "voice: es\n"
                             "order: 2\n"
                             "---\n"
                             "Antes de su colonoscopia\n"
                             "\n"
                             "Intro sentence here.\n";
    const auto a = parse_plain_text(text);
    REQUIRE(a.ok());
    CHECK(a->title == "Before your colonoscopy");
    CHECK(a->language == "es");
    CHECK(a->voice == "es");
    CHECK(a->order == 2);
    CHECK(a->source == text); // the whole file, front matter included
    REQUIRE(a->sections.size() == 1);
    // The text's own title line still heads the introduction (it is what the article says).
    CHECK(a->sections[0].heading == "Antes de su colonoscopia");
    CHECK(a->line_of(a->sections[0].heading_source.begin) == 7);
    const Sentence& s = a->sections[0].sentences[0];
    CHECK(s.text == "Intro sentence here.");
    CHECK(a->source.substr(s.source.begin, s.source.size()) == "Intro sentence here.");
    CHECK(a->line_of(s.source.begin) == 9);

    // Markdown: the same block; a title made up from the first sentence gives way to it.
    const auto md = parse_markdown("---\ntitle: Día de la prueba\n---\nLlegue temprano al "
                                   "hospital. Traiga sus medicamentos y su identificación.\n");
    REQUIRE(md.ok());
    CHECK(md->title == "Día de la prueba");
    CHECK(md->sections[0].heading == "Día de la prueba");
    CHECK(md->language == "es"); // told from the words
    CHECK(md->sections[0].sentences.size() == 2);
    CHECK(md->line_of(md->sections[0].sentences[0].source.begin) == 4);
}

TEST_CASE("language from the words when there is no front matter") {
    const auto en = parse_plain_text("Title\n\nYou may feel tired after the test. Rest at home.");
    CHECK(en->language == "en");
    const auto es = parse_plain_text("Título\n\nPuede sentirse cansado después de la prueba. "
                                     "Descanse en su casa con la familia.");
    CHECK(es->language == "es");
    const auto few = parse_plain_text("Hola.");
    CHECK(few->language == "en"); // too little to tell: the default
    const auto mixed = parse_plain_text("Title\n\nThe la of de to en a is.");
    CHECK(mixed->language == "en");
}

TEST_CASE("load_article: ignored front matter is reported with file and line") {
    const auto dir = tmp_dir();
    write_file(dir / "fm.md", "---\nlanguage: es\nfoo: bar\n---\n# Título\n\nHola a todos.\n");
    const auto a = load_article(dir / "fm.md");
    REQUIRE(a.ok());
    CHECK(a->language == "es");
    REQUIRE(a->ignored.size() == 1);
    CHECK(a->ignored[0].first == 3);
}

TEST_CASE("the bundled Spanish article: front matter, language es, question headings") {
    const auto a = load_article(source_dir() / "content" / "que-esperar-de-una-colonoscopia.txt");
    REQUIRE(a.ok());
    CHECK(a->language == "es");
    CHECK(a->title == "¿Qué esperar de una colonoscopia?");
    CHECK(a->sections.size() == 8);
    CHECK(a->sections[1].heading == "¿Qué es una colonoscopia?");
    CHECK(a->ignored.empty());
    // And without its front matter the words alone say Spanish.
    std::string body = read_file(source_dir() / "content" / "que-esperar-de-una-colonoscopia.txt");
    body.erase(0, parse_front_matter(body).end);
    CHECK(parse_plain_text(body)->language == "es");
    // The bundled English article has no front matter and stays English.
    CHECK(load_article(bundled_article())->language == "en");
}
