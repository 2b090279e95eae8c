// parse_markdown: a realistic handout (headings ATX and setext, nested lists, a link, an image,
// code, entities, an HTML comment and a <script> block), and each rule on its own.
#include "content/parse.hpp"
#include "content_test_util.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using lectern::Result;
using namespace lectern::content;
using namespace content_test;

namespace {

Article parse_md(std::string_view text) {
    const Result<Article> r = parse_markdown(text);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return r.value();
}

std::vector<std::string> all_sentences(const Article& a) {
    std::vector<std::string> out;
    for (const Section& s : a.sections) {
        for (const Sentence& sentence : s.sentences)
            out.push_back(sentence.text);
    }
    return out;
}

std::string everything_spoken(const Article& a) {
    std::string out = a.title;
    for (const Section& s : a.sections) {
        out += "\n" + s.heading;
        for (const Sentence& sentence : s.sentences)
            out += "\n" + sentence.text;
    }
    return out;
}

} // namespace

TEST_CASE("markdown handout: structure") {
    const Article a = parse_md(read_file(data_file("patient-handout.md")));
    CHECK(a.title == "Your Colonoscopy: A Guide for Patients");
    REQUIRE(a.sections.size() == 4);
    CHECK(a.sections[0].heading == a.title);
    CHECK(a.sections[1].heading == "Before your visit");
    CHECK(a.sections[2].heading == "On the day");
    CHECK(a.sections[3].heading == "Going home"); // setext
    for (const Section& s : a.sections) {
        const lectern::TextSpan h = s.heading_source;
        CHECK(a.source.substr(h.begin, h.size()) == s.heading);
    }

    // Emphasis is ignored and the entity decoded.
    const Section& intro = a.sections[0];
    REQUIRE(intro.sentences.size() == 2);
    CHECK(intro.sentences[0].text ==
          "This leaflet explains what happens before, during and after your colonoscopy.");
    CHECK(intro.sentences[1].text == "Please read it carefully & keep it with you.");
    CHECK_FALSE(intro.sentences[0].list_item);

    // List items, nested too, are paragraphs of their own, marked as items.
    const Section& before = a.sections[1];
    const std::vector<std::pair<std::string, bool>> expected = {
        {"You will need to follow a low-fibre diet for 2 days.", false},
        {"Stop taking iron tablets 7 days before, e.g. Ferrous Sulfate.", false},
        {"Drink plenty of clear fluids.", true},
        {"Take the bowel preparation as described:", true},
        {"The first sachet at 5 p.m. on the day before.", true},
        {"The second sachet at 6 a.m. on the day.", true},
        {"Bring a list of your medicines.", true},
        {"Read more on the NHS website.", false},
    };
    REQUIRE(before.sentences.size() == expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
        CAPTURE(k);
        CHECK(before.sentences[k].text == expected[k].first);
        CHECK(before.sentences[k].list_item == expected[k].second);
        CHECK(before.sentences[k].paragraph == (k < 2 ? 0 : k - 1));
    }

    // The image is read as its alt text, code spans as text, St. and Dr. do not split, and an
    // ellipsis followed by a lower-case word does not either.
    CHECK(all_sentences(a) ==
          std::vector<std::string>{
              intro.sentences[0].text,
              intro.sentences[1].text,
              expected[0].first,
              expected[1].first,
              expected[2].first,
              expected[3].first,
              expected[4].first,
              expected[5].first,
              expected[6].first,
              expected[7].first,
              "A nurse checking a patient's wristband",
              "Arrive at the Day Surgery Unit, St. Mary's Hospital.",
              "Dr. Patel or a nurse will check your details.",
              "Your code is DSU-42.",
              "The test takes about 30 to 45 minutes\u2026 you can go home the "
              "same day.",
              "You must not drive for 24 hours after sedation.",
              "Call us on 020\u00A07946\u00A00000 if you have pain or bleeding.",
          });
    CHECK(a.sections[2].sentences[0].paragraph == 0);
    CHECK(a.sections[2].sentences[1].paragraph == 1);
    CHECK(a.sections[2].sentences[3].paragraph == 1);
    CHECK(a.sections[2].sentences[4].paragraph == 2);
}

TEST_CASE("markdown handout: never speaks markup, URLs, comments or scripts") {
    const Article a = parse_md(read_file(data_file("patient-handout.md")));
    const std::string spoken = everything_spoken(a);
    for (std::string_view never :
         {"http",    "nhs.uk", "wristband.png", "images/", "alert",    "never be spoken",
          "Source:", "<!--",   "script",        "<span",   "class",    "<br",
          "**",      "`",      "&amp;",         "&nbsp;",  "&hellip;", "](",
          "![",      "\"NHS\""}) {
        CAPTURE(never);
        CHECK(spoken.find(never) == std::string::npos);
    }
}

TEST_CASE("markdown handout: sources point at the text") {
    const std::string file = read_file(data_file("patient-handout.md"));
    const Article a = parse_md(file);
    CHECK(a.source == file);
    check_sources(a);
    // Sentences are in source order and do not overlap.
    std::size_t previous_end = 0;
    for (const Section& s : a.sections) {
        for (const Sentence& sentence : s.sentences) {
            CHECK(sentence.source.begin >= previous_end);
            previous_end = sentence.source.end;
        }
    }
    const Sentence& link = a.sections[1].sentences.back();
    const std::string_view link_source =
        std::string_view(a.source).substr(link.source.begin, link.source.size());
    CHECK(link_source.starts_with("Read more on the [NHS website]"));
    CHECK(link_source.ends_with("."));
    const Sentence& entity = a.sections[0].sentences[1];
    CHECK(a.source.substr(entity.source.begin, entity.source.size()) ==
          "Please read it carefully &amp; keep it with you.");
}

TEST_CASE("markdown: titles and empty introductions") {
    // The first H1 heads the intro; an intro with no sentences before an H2 is dropped.
    Article a = parse_md("# Title\n\n## Part one\n\nText one.\n\n## Part two\n");
    CHECK(a.title == "Title");
    REQUIRE(a.sections.size() == 2);
    CHECK(a.sections[0].heading == "Part one");
    // A heading with no sentences still appears.
    CHECK(a.sections[1].heading == "Part two");
    CHECK(a.sections[1].sentences.empty());

    // Setext H1, and a later H1 is an ordinary section heading.
    a = parse_md("Title here\n==========\n\nIntro text.\n\nSecond\n======\n\nMore.");
    CHECK(a.title == "Title here");
    REQUIRE(a.sections.size() == 2);
    CHECK(a.sections[0].heading == "Title here");
    CHECK(a.sections[1].heading == "Second");

    // No H1: the first sentence titles the article.
    a = parse_md("Intro text here. More.\n\n## Part\n\nText.");
    CHECK(a.title == "Intro text here.");
    CHECK(a.sections[0].heading == "Intro text here.");
    CHECK(a.sections[1].heading == "Part");
    // No H1 and no intro text: the first heading is the title.
    a = parse_md("## Part\n\nText.");
    CHECK(a.title == "Part");
    REQUIRE(a.sections.size() == 1);

    // Text before the first H1 stays in the intro; the H1 starts a section and is the title.
    a = parse_md("Draft notice.\n\n# Real title\n\nBody.");
    CHECK(a.title == "Real title");
    REQUIRE(a.sections.size() == 2);
    CHECK(a.sections[0].sentences[0].text == "Draft notice.");
    CHECK(a.sections[1].heading == "Real title");

    // Markup inside headings is removed too.
    a = parse_md("# Your *new* [knee](http://x.example)\n\nText.");
    CHECK(a.title == "Your new knee");

    CHECK_FALSE(parse_markdown("# Only a title\n").ok());
    CHECK_FALSE(parse_markdown("<!-- nothing -->\n<script>x()</script>\n").ok());
    CHECK_FALSE(parse_markdown("").ok());
}

TEST_CASE("markdown: inline rules") {
    const auto sentences = [](std::string_view md) { return all_sentences(parse_md(md)); };
    using V = std::vector<std::string>;
    CHECK(sentences("See [the leaflet](https://example.org/a.pdf \"Title\") now.") ==
          V{"See the leaflet now."});
    CHECK(sentences("See [the leaflet][ref].\n\n[ref]: https://example.org/a.pdf") ==
          V{"See the leaflet."});
    CHECK(sentences("Look: ![Map of level 2](map.png).") == V{"Look: Map of level 2."});
    CHECK(sentences("Type `yes` and press *Enter* or __OK__.") ==
          V{"Type yes and press Enter or OK."});
    CHECK(sentences("A &lt;b&gt; &quot;q&quot; &#8217; &#x2019; &eacute; &unknown; &#0; x.") ==
          V{"A <b> \"q\" \u2019 \u2019 \u00E9 &unknown; \uFFFD x."});
    CHECK(sentences("Call <b>now</b>. Or<br/>later.") == V{"Call now.", "Or later."});
    CHECK(sentences("Words<!-- hidden --> here.") == V{"Words here."});
    CHECK(sentences("Line one\\\nline two.") == V{"Line one line two."});
    CHECK(sentences("Escaped \\*stars\\*.") == V{"Escaped *stars*."});
    CHECK(sentences("~~Old~~ New text.") == V{"Old New text."});
}

TEST_CASE("markdown: blocks") {
    Article a = parse_md("Intro.\n\n- [ ] Pack a bag.\n- [x] Book a taxi.\n\n"
                         "1. First.\n\n   Still first.\n2. Second.\n\n"
                         "> Quoted advice.\n\n---\n\n```\ncode line one\ncode line two\n```\n\n"
                         "| Time | Dose |\n|---|---|\n| 8am | 5 mg |\n");
    const std::vector<std::string> expected = {"Intro.",
                                               "Pack a bag.",
                                               "Book a taxi.",
                                               "First.",
                                               "Still first.",
                                               "Second.",
                                               "Quoted advice.",
                                               "code line one code line two",
                                               "Time",
                                               "Dose",
                                               "8am",
                                               "5 mg"};
    CHECK(all_sentences(a) == expected);
    const auto& s = a.sections[0].sentences;
    REQUIRE(s.size() == expected.size());
    CHECK(s[1].list_item);
    CHECK(s[4].list_item); // a loose item's second paragraph is still an item
    CHECK_FALSE(s[6].list_item);
    for (std::size_t k = 0; k < s.size(); ++k)
        CHECK(s[k].paragraph == k);
    check_sources(a);
}

TEST_CASE("random markdown: no crash, sources inside the text") {
    const std::vector<std::string_view> pieces = {
        "# ",        "## ",      "Title", "word", " ",      "\n",     "\n\n",     "- ",
        "  - ",      "1. ",      "*",     "**",   "_",      "`",      "[",        "](",
        "http://x)", "![",       "<b>",   "</b>", "<!--",   "-->",    "<script>", "</script>",
        "&amp;",     "&hellip;", ".",     "?",    "> ",     "```",    "---",      "===",
        "|",         "\\",       "\t",    "Dr.",  "\u201C", "\u201D", "<br>"};
    std::uint32_t state = 4242;
    const auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    for (int round = 0; round < 1000; ++round) {
        std::string text;
        const std::size_t n = next() % 80;
        for (std::size_t k = 0; k < n; ++k)
            text += pieces[next() % pieces.size()];
        CAPTURE(text);
        const Result<Article> r = parse_markdown(text);
        if (!r.ok()) continue;
        CHECK_FALSE(r->title.empty());
        for (const Section& s : r->sections) {
            CHECK(s.heading_source.begin <= s.heading_source.end);
            CHECK(s.heading_source.end <= text.size());
            for (const Sentence& sentence : s.sentences) {
                CHECK_FALSE(sentence.text.empty());
                CHECK(sentence.source.begin < sentence.source.end);
                CHECK(sentence.source.end <= text.size());
                // Collapsed and trimmed. (Raw HTML is checked above; here "<script>" may sit
                // inside a code span, which is read as text.)
                CHECK(sentence.text.find_first_of("\n\t") == std::string::npos);
                CHECK(sentence.text.front() != ' ');
                CHECK(sentence.text.back() != ' ');
            }
        }
    }
}
