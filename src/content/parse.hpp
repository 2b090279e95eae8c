// Turning files into Articles. Pure functions (no I/O except load_article); any thread.
//
// Plain text (.txt and anything not .md/.markdown), as in content/what-to-expect-...txt:
//   - the first non-blank line is the title (and the heading of the first section, the intro);
//   - a heading is a short line (at most 12 words, at most 100 bytes) with no closing punctuation
//     other than '?' (or none at all), standing between blank lines (or the file edges);
//   - every other run of non-blank lines is a paragraph; its lines are joined with spaces;
//   - paragraphs are split into sentences by text::split_sentences.
// Markdown (.md, .markdown) through md4c: '#' headings (the first H1 is the title), list items read
//   as items, emphasis ignored, links read as their text, code read as text, raw HTML and images'
//   URLs never spoken.
// Nothing between headings is ever dropped: every non-blank byte of the body lands in a sentence.
// Title fallback (both parsers): when there is no title line / H1, the first sentence, cut to about
// 80 bytes at a word boundary, is the title and that sentence is still read. An introduction with
// no sentences (a title directly followed by a heading) is dropped; the title stays in
// Article::title. An article with no sentence at all is an error.
// Front matter (both parsers): an optional block at the very top,
//     ---
//     title: Qué esperar de una colonoscopia
//     language: es
//     voice: es
//     order: 2
//     ---
// overrides the inferred title and language and sets Article::voice and ::order. It is not read
// aloud; offsets and line numbers still count it. A block with a line that is not "key: value"
// (or a '#' note) is no front matter: the text is read as it is. Unknown keys and bad values are
// ignored with a log line. Without front matter, the language is told from the text (English or
// Spanish, by their most common words), defaulting to English.
// Errors from decode() and the parsers are one line without a file name ("this looks like a
// binary file, ..."); load_article() prefixes them with "<path>: ".
#pragma once

#include "content/article.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lectern::content {

struct Decoded {
    std::string text; ///< UTF-8, LF line ends, no BOM
    Encoding encoding = Encoding::utf8;
};

/// Decodes a file's bytes: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 (what
/// office software on hospital PCs writes). CRLF and lone CR become LF. Refuses binary data (NUL
/// bytes or mostly control characters) with a one-line message.
Result<Decoded> decode(std::string_view bytes);

/// The front matter at the top of a text; `end` is 0 when there is none.
struct FrontMatter {
    std::optional<std::string> title;
    std::optional<std::string> language; ///< primary subtag, lower case ("es")
    std::optional<std::string> voice;
    std::optional<int> order;
    std::size_t end = 0; ///< bytes the block takes, its closing line included
    /// Values ignored: (1-based line, message), e.g. (3, "unknown key \"autor\" ignored").
    std::vector<std::pair<std::size_t, std::string>> problems;
};
FrontMatter parse_front_matter(std::string_view utf8_text);

/// "en" or "es" from the words of a text (the most common function words of each language).
std::string detect_language(const Article& article);

Result<Article> parse_plain_text(std::string_view utf8_text);
Result<Article> parse_markdown(std::string_view utf8_text);

/// Reads, decodes and parses a file, choosing the parser by extension. Errors are one line naming
/// the file and what to do: missing, unreadable, a directory, empty, binary, no readable text.
Result<Article> load_article(const std::filesystem::path& path);

} // namespace lectern::content
