// parse_plain_text: the bundled seed article (headings, sections, paragraphs, nothing lost),
// a generic handout with unpunctuated headings, and the single-paragraph title rule.
#include "content/parse.hpp"
#include "content_test_util.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using lectern::Result;
using namespace lectern::content;
using namespace content_test;

namespace {

Article parse_bundled() {
    const Result<Article> r = parse_plain_text(read_file(bundled_article()));
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return r.value();
}

std::vector<std::string> sentences_of(const Section& s) {
    std::vector<std::string> out;
    for (const Sentence& sentence : s.sentences)
        out.push_back(sentence.text);
    return out;
}

} // namespace

TEST_CASE("seed article: title and the 11 headings in order") {
    const Article a = parse_bundled();
    CHECK(a.title == "What To Expect During Ketamine Treatment?");
    CHECK(a.language == "en");
    REQUIRE(a.sections.size() == 12);
    CHECK(a.sections[0].heading == a.title);
    CHECK(a.sections[0].heading_source == lectern::TextSpan{0, a.title.size()});
    const std::vector<std::string> expected = {
        "What is ketamine?",
        "How does ketamine work?",
        "What can I expect during treatment?",
        "What are the side effects of ketamine?",
        "Is ketamine treatment right for me?",
        "What is Ketamine?",
        "How Does Ketamine Work?",
        "What Happens During Ketamine Treatment?",
        "What Are the Side Effects of Ketamine Treatment?",
        "How Effective is Ketamine Treatment?",
        "Is Ketamine Treatment Right for Me?",
    };
    for (std::size_t k = 0; k < expected.size(); ++k) {
        CHECK(a.sections[k + 1].heading == expected[k]);
        const lectern::TextSpan h = a.sections[k + 1].heading_source;
        CHECK(a.source.substr(h.begin, h.size()) == expected[k]);
    }
    for (const Section& s : a.sections)
        CHECK_FALSE(s.sentences.empty());
}

TEST_CASE("seed article: nothing lost, nothing doubled, in order") {
    const std::string file = read_file(bundled_article());
    const Article a = parse_bundled();
    CHECK(a.source == file);
    CHECK(spoken_non_space(a) == non_space(file));
    // Sentence sources are ordered, disjoint, and hold exactly the sentence's characters.
    std::size_t previous_end = 0;
    for (const Section& section : a.sections) {
        CHECK(section.heading_source.begin >= previous_end);
        previous_end = section.heading_source.end;
        for (const Sentence& s : section.sentences) {
            CHECK(s.source.begin >= previous_end);
            CHECK(non_space(a.source.substr(s.source.begin, s.source.size())) == non_space(s.text));
            previous_end = s.source.end;
        }
    }
    check_sources(a);
}

TEST_CASE("seed article: sentences and paragraphs") {
    const Article a = parse_bundled();
    CHECK(a.sentence_count() == 42);

    CHECK(sentences_of(a.sections[0]) ==
          std::vector<std::string>{
              "If you or a loved one are struggling with depression, you may be considering "
              "ketamine treatment.",
              "Ketamine is a medication that has been used for decades as an anesthetic, but its "
              "potential to treat depression is only recently beginning to be explored.",
              "Here\u2019s what you need to know about ketamine treatment for depression."});

    const Section* what = find_section(a, "What is ketamine?");
    REQUIRE(what);
    CHECK(sentences_of(*what) ==
          std::vector<std::string>{
              "Ketamine is a medication that has been used for decades as an anesthetic.",
              "It is also known as \u201CSpecial K\u201D or \u201CK\u201D on the street.",
              "Ketamine can cause a dissociative state, which means that you may feel detached "
              "from your body and surroundings.",
              "It has also been shown to have antidepressant effects."});

    // Two paragraphs under "What can I expect during treatment?": 3 sentences, then 3.
    const Section* expect = find_section(a, "What can I expect during treatment?");
    REQUIRE(expect);
    REQUIRE(expect->sentences.size() == 6);
    for (std::size_t k = 0; k < 6; ++k)
        CHECK(expect->sentences[k].paragraph == k / 3);
    CHECK(expect->sentences[3].text == "After the treatment, you will be closely monitored for "
                                       "any side effects.");

    // The second article's introduction lands in the fifth section as a second paragraph.
    const Section* right = find_section(a, "Is ketamine treatment right for me?");
    REQUIRE(right);
    REQUIRE(right->sentences.size() == 4);
    CHECK(right->sentences[1].paragraph == 0);
    CHECK(right->sentences[2].paragraph == 1);
    CHECK(right->sentences[3].text.starts_with("Here\u2019s a look at what you can expect"));

    const Section* what2 = find_section(a, "What is Ketamine?");
    REQUIRE(what2);
    REQUIRE(what2->sentences.size() == 2);
    CHECK(what2->sentences[1].text.ends_with("post-traumatic stress disorder (PTSD)."));

    const Section* last = find_section(a, "Is Ketamine Treatment Right for Me?");
    REQUIRE(last);
    REQUIRE(last->sentences.size() == 3);
    CHECK(last->sentences[2].text == "If you\u2019re considering ketamine treatment, talk to your "
                                     "doctor or mental health provider to see if it\u2019s right "
                                     "for you.");
    for (const Section& s : a.sections) {
        for (const Sentence& sentence : s.sentences)
            CHECK_FALSE(sentence.list_item);
    }
}

TEST_CASE("seed article: line numbers for authors") {
    const Article a = parse_bundled();
    CHECK(a.line_of(0) == 1);
    CHECK(a.line_of(a.sections[1].heading_source.begin) == 5);
    CHECK(a.line_of(a.sections.back().heading_source.begin) == 49);
    CHECK(a.line_of(a.source.size() + 10) == 51); // no trailing newline
}

TEST_CASE("generic handout: unpunctuated headings and short sentences") {
    const Result<Article> r = parse_plain_text(read_file(data_file("before-your-visit.txt")));
    REQUIRE(r.ok());
    const Article& a = *r;
    CHECK(a.title == "Hip Replacement Clinic");
    REQUIRE(a.sections.size() == 4);
    CHECK(a.sections[0].heading == "Hip Replacement Clinic");
    CHECK(sentences_of(a.sections[0]) ==
          std::vector<std::string>{"Welcome to the clinic.",
                                   "This leaflet tells you what to expect."});

    const Section& before = a.sections[1];
    CHECK(before.heading == "Before your visit");
    REQUIRE(before.sentences.size() == 5);
    CHECK(before.sentences[2].text ==
          "Take your usual medicines unless Dr. Jones told you otherwise.");
    CHECK(before.sentences[2].paragraph == 0);
    // A short sentence with a full stop between blank lines is a paragraph, not a heading.
    CHECK(before.sentences[3].text == "Bring a friend.");
    CHECK(before.sentences[3].paragraph == 1);
    // A short line directly followed by text is not a heading: its lines form one paragraph.
    CHECK(before.sentences[4].text ==
          "What to bring Your appointment letter and a list of your medicines.");
    CHECK(before.sentences[4].paragraph == 2);

    CHECK(a.sections[2].heading == "On the day");
    CHECK(sentences_of(a.sections[2]) ==
          std::vector<std::string>{"Come to the main reception at 8 a.m.",
                                   "A nurse will meet you there."});
    CHECK(a.sections[3].heading == "After your operation");
    CHECK(spoken_non_space(a) == non_space(read_file(data_file("before-your-visit.txt"))));
    check_sources(a);
}

TEST_CASE("heading rule") {
    const auto headings = [](std::string_view text) {
        const Result<Article> r = parse_plain_text(text);
        REQUIRE(r.ok());
        std::vector<std::string> out;
        for (const Section& s : r->sections)
            out.push_back(s.heading);
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(headings("Title\n\nText here.\n\nWhy?\n\nBecause.") == V{"Title", "Why?"});
    CHECK(headings("Title\n\nText here.\n\nStop now!\n\nMore text.") == V{"Title"});
    CHECK(headings("Title\n\nText here.\n\nYou will need:\n\nA coat.") == V{"Title"});
    CHECK(headings("Title\n\nText here.\n\nNote, however\n\nA coat.") ==
          V{"Title", "Note, however"});
    CHECK(headings("Title\n\nText here.\n\nWait\u2026\n\nA coat.") == V{"Title"});
    CHECK(headings("Title\n\nText here.\n\n\u201CWhat now?\u201D\n\nA coat.") ==
          V{"Title", "\u201CWhat now?\u201D"});
    CHECK(headings("Title\n\nText here.\n\n(see page 2.)\n\nA coat.") == V{"Title"});
    CHECK(headings("Title\n\nText here.\n\nSide effects (common)\n\nA coat.") ==
          V{"Title", "Side effects (common)"});
    // Twelve words is a heading; thirteen is a paragraph.
    CHECK(headings("T\n\nText.\n\na b c d e f g h i j k l\n\nX.").size() == 2);
    CHECK(headings("T\n\nText.\n\na b c d e f g h i j k l m\n\nX.").size() == 1);
    // More than 100 bytes is a paragraph.
    CHECK(headings("T\n\nText.\n\n" + std::string(101, 'x') + "\n\nX.").size() == 1);
    // Blank lines may hold spaces and tabs; CR never reaches the parser (decode removes it).
    CHECK(headings("Title\n \t\nText.\n   \nNext part\n\t\nMore.") == V{"Title", "Next part"});
    // A heading with nothing under it still appears, so its heading is spoken.
    const Result<Article> r = parse_plain_text("Title\n\nIntro.\n\nPart one\n\nPart two\n\nText.");
    REQUIRE(r.ok());
    REQUIRE(r->sections.size() == 3);
    CHECK(r->sections[1].heading == "Part one");
    CHECK(r->sections[1].sentences.empty());
    // An intro with no text is dropped; the title is still the first line.
    const Result<Article> r2 = parse_plain_text("Title\n\nPart one\n\nText.");
    REQUIRE(r2.ok());
    CHECK(r2->title == "Title");
    REQUIRE(r2->sections.size() == 1);
    CHECK(r2->sections[0].heading == "Part one");
}

TEST_CASE("single paragraph: title from the first sentence, whole paragraph read") {
    const std::string file = read_file(data_file("single-paragraph.txt"));
    const Result<Article> r = parse_plain_text(file);
    REQUIRE(r.ok());
    REQUIRE(r->sections.size() == 1);
    CHECK(r->title.size() <= 80);
    CHECK(r->title ==
          "Keep the dressing clean and dry for the first 48 hours after your procedure and");
    CHECK(r->sections[0].heading == r->title);
    REQUIRE(r->sections[0].sentences.size() == 3);
    CHECK(r->sections[0].sentences[0].text.starts_with("Keep the dressing clean"));
    CHECK(non_space(r->sections[0].sentences[0].text + r->sections[0].sentences[1].text +
                    r->sections[0].sentences[2].text) == non_space(file));

    // One short line: a sentence to read, and the title.
    const Result<Article> one = parse_plain_text("Before your visit");
    REQUIRE(one.ok());
    CHECK(one->title == "Before your visit");
    REQUIRE(one->sections.size() == 1);
    REQUIRE(one->sections[0].sentences.size() == 1);
    CHECK(one->sections[0].sentences[0].text == "Before your visit");

    // A long first line standing alone is not a title: the title comes from its first sentence.
    const std::string long_first = "Ketamine is a medication that has been used for decades as an "
                                   "anesthetic by doctors in hospitals. It works.\n\nMore.";
    const Result<Article> lf = parse_plain_text(long_first);
    REQUIRE(lf.ok());
    CHECK(lf->title ==
          "Ketamine is a medication that has been used for decades as an anesthetic by");
    CHECK(lf->sections[0].sentences.size() == 3);

    // One enormous word is cut at a character boundary.
    std::string word;
    for (int k = 0; k < 60; ++k)
        word += "\u00E9";
    const Result<Article> w = parse_plain_text(word);
    REQUIRE(w.ok());
    CHECK(w->title.size() == 80);
    CHECK(w->sections[0].sentences[0].text == word);
}

TEST_CASE("no readable text") {
    for (std::string_view text : {"", "   \n\n\t  \n", "Title\n\nHeading only\n\nAnother"}) {
        const Result<Article> r = parse_plain_text(text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("no text to read") != std::string::npos);
    }
}

TEST_CASE("random plain text: nothing lost, sources consistent") {
    const std::vector<std::string_view> pieces = {
        "Title",
        "What now?",
        "word",
        " ",
        "\n",
        "\n\n",
        "\n \n",
        ".",
        "!",
        "?",
        ":",
        "\u2026",
        "\u201C",
        "\u201D",
        "Dr.",
        "5",
        "\t",
        "No. 4",
        "A long line of words that goes on and on and on past twelve words easily",
        "e.g.",
        "Before your visit",
        "\u00E9"};
    std::uint32_t state = 777;
    const auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    for (int round = 0; round < 1000; ++round) {
        std::string text;
        const std::size_t n = next() % 60;
        for (std::size_t k = 0; k < n; ++k)
            text += pieces[next() % pieces.size()];
        CAPTURE(text);
        const Result<Article> r = parse_plain_text(text);
        if (!r.ok()) {
            CHECK(r.error().message.find("no text to read") != std::string::npos);
            continue;
        }
        // Every non-space character is in exactly one heading or sentence, in order; a title
        // made from the first sentence is the only thing said twice, and a title line whose
        // introduction was empty (and so dropped) is only in Article::title.
        std::string spoken;
        for (const Section& s : r->sections) {
            const bool derived = !s.sentences.empty() && s.heading_source == s.sentences[0].source;
            if (!derived) spoken += non_space(s.heading);
            for (const Sentence& sentence : s.sentences)
                spoken += non_space(sentence.text);
        }
        if (spoken != non_space(text)) spoken = non_space(r->title) + spoken;
        CHECK(spoken == non_space(text));
        check_sources(*r);
        CHECK(r->title.size() <= 100);
    }
}
