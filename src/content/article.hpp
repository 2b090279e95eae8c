// The article model every other module reads: title, language, sections of sentences, with the
// source location of every piece kept so that authors' tools can point at a line.
// Plain values; any thread. An Article is immutable once parsed (share it as shared_ptr<const>).
#pragma once

#include "core/pcm.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lectern::content {

/// How the file's bytes were decoded.
enum class Encoding { utf8, utf8_bom, windows1252, utf16le, utf16be };
const char* to_string(Encoding e);

struct Sentence {
    /// What is spoken and shown: whitespace collapsed to single spaces, markup removed, trimmed.
    std::string text;
    /// Where it came from in Article::source (for Markdown this covers the markup too).
    TextSpan source;
    /// Index of the paragraph (or list item) within its section; a change means a paragraph pause.
    std::size_t paragraph = 0;
    /// True for a Markdown list item (read as an item: a short pause before and after).
    bool list_item = false;
};

struct Section {
    /// The heading as shown and spoken. The first section, the article's introduction, takes the
    /// article title as its heading.
    std::string heading;
    TextSpan heading_source;
    std::vector<Sentence> sentences;
};

struct Article {
    std::string title;
    /// BCP 47 primary language tag: front matter's "language", else detected from the text
    /// (English and Spanish are told apart), else "en".
    std::string language = "en";
    /// The voice profile front matter asks for ("es"); empty: chosen by language.
    std::string voice;
    /// Front matter's "order": where the article goes in a library listing (lower first).
    std::optional<int> order;
    /// What the parser ignored, for the author: (1-based line, message), e.g. an unknown front
    /// matter key. load_article logs them with the file name.
    std::vector<std::pair<std::size_t, std::string>> ignored;
    /// The whole file, decoded to UTF-8 with LF line ends and no BOM. Offsets point into this.
    std::string source;
    Encoding encoding = Encoding::utf8;
    std::vector<Section> sections;

    std::size_t sentence_count() const;
    /// 1-based line number of a byte offset in source (for messages to authors).
    std::size_t line_of(std::size_t offset) const;
};

} // namespace lectern::content
