// Fuzz bodies for lectern_content (fuzz/harness.hpp): the encoding decoder and both parsers, with
// the guarantees of content/parse.hpp checked on every article. Single-threaded.
#include "harness.hpp"

#include "content/parse.hpp"
#include "core/utf8.hpp"

#include <string>

namespace lectern::fuzz {
namespace {

std::string_view as_text(Input data) {
    return {reinterpret_cast<const char*>(data.data()), data.size()};
}

void check_error(const Error& e) {
    expect(!e.message.empty(), "an error has a message");
    expect(e.message.find('\n') == std::string::npos, "an error message is one line");
}

/// What parse.hpp and article.hpp promise about any article a parser returns.
void check_article(const Result<content::Article>& a, bool utf8_input) {
    if (!a) return check_error(a.error());
    expect(a->sentence_count() > 0, "an article has a sentence (otherwise it is an error)");
    expect(!a->sections.empty(), "an article has a section");
    for (const auto& section : a->sections) {
        expect(section.heading_source.begin <= section.heading_source.end, "heading span ordered");
        expect(section.heading_source.end <= a->source.size(), "heading span inside the source");
        for (const auto& s : section.sentences) {
            expect(!s.text.empty(), "no empty sentence");
            expect(s.text.front() != ' ' && s.text.back() != ' ', "sentences are trimmed");
            expect(s.text.find("  ") == std::string::npos, "white space collapsed");
            expect(s.source.begin <= s.source.end, "sentence span ordered");
            expect(s.source.end <= a->source.size(), "sentence span inside the source");
            if (utf8_input) expect(utf8::is_valid(s.text), "UTF-8 in, UTF-8 out");
        }
    }
}

using Parser = Result<content::Article> (*)(std::string_view);

void parse_both_ways(Input data, Parser parse) {
    // The way files arrive (load_article): decoded first.
    if (auto decoded = content::decode(as_text(data))) check_article(parse(decoded->text), true);
    // And any bytes straight in: the parsers take a string_view and must not trust it.
    const std::string_view raw = as_text(data);
    check_article(parse(raw), utf8::is_valid(raw));
}

} // namespace

void decode(Input data) {
    const auto d = content::decode(as_text(data));
    if (!d) return check_error(d.error());
    expect(utf8::is_valid(d->text), "decoded text is valid UTF-8");
    expect(d->text.find('\r') == std::string::npos, "CR and CRLF become LF");
    expect(d->text.rfind("\xEF\xBB\xBF", 0) != 0, "no BOM in decoded text");
}

void plain_text(Input data) {
    parse_both_ways(data, &content::parse_plain_text);
}
void markdown(Input data) {
    parse_both_ways(data, &content::parse_markdown);
}

} // namespace lectern::fuzz
