// Private to lectern_content: the one place where sections, paragraphs and sentences of an
// Article are assembled, shared by the plain-text and Markdown parsers so both follow the same
// rules (paragraph numbering, title fallback, empty intro, "no text" errors). Any thread; one
// builder per parse.
#pragma once

#include "content/article.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace lectern::content::detail {

/// A run of a paragraph's text and where it came from in Article::source. Markdown text arrives
/// in runs (markup removed, entities decoded); a plain-text paragraph is a single verbatim run.
struct TextRun {
    std::size_t text_begin = 0;   ///< offset of the run in the paragraph text
    std::size_t source_begin = 0; ///< where its source starts in Article::source
    std::size_t source_end = 0;   ///< where its source ends
    bool verbatim = false;        ///< the run's text bytes are exactly the source bytes
};

/// ASCII white space (what the parsers and the sentence splitter treat as space).
bool is_space(char c);
/// Collapses runs of white space to single spaces and trims both ends. Control characters (C0,
/// DEL, C1) are dropped: on screen they are boxes or terminal garbage, to a listener nothing.
std::string collapse_whitespace(std::string_view s);
/// True when s shows nothing: only white space (ASCII or Unicode, such as U+00A0), control
/// characters and zero-width or bidi format characters. Such a line is blank and such a sentence
/// is not one (a "whitespace-only" file has no text to read).
bool is_invisible(std::string_view s);
/// s without leading and trailing white space, as a span of s shifted by `base`.
TextSpan trimmed_span(std::string_view s, std::size_t base);
/// A title made from a sentence: at most about kTitleBytes, cut at a word boundary.
std::string title_from_sentence(std::string_view sentence);
inline constexpr std::size_t kTitleBytes = 80;

class ArticleBuilder {
  public:
    /// `source` becomes Article::source; every span handed in points into it.
    explicit ArticleBuilder(std::string_view source);

    /// The article's title from the content itself (a plain-text title line, a Markdown H1).
    void set_title(std::string title, TextSpan source);
    bool has_title() const { return !m_article.title.empty(); }
    /// True while the introduction (the first section) has no sentences yet.
    bool intro_is_empty() const;

    /// Starts a section; following paragraphs belong to it.
    void begin_section(std::string heading, TextSpan source);
    /// Splits a paragraph into sentences and appends them to the current section. `runs` map
    /// `text` back to the source; they are sorted by text_begin and the first one starts at 0.
    void add_paragraph(std::string_view text, std::span<const TextRun> runs, bool list_item);

    /// Finishes the article: the title falls back to the first sentence (or first heading), the
    /// intro takes the title as its heading, an empty intro is dropped when other sections
    /// exist. Fails when there is no sentence at all.
    Result<Article> finish() &&;

  private:
    Article m_article;
    std::size_t m_next_paragraph = 0;
    TextSpan m_title_source;
};

/// The parsers proper, without front matter (front_matter.cpp wraps them as parse_plain_text and
/// parse_markdown).
Result<Article> parse_plain_body(std::string_view utf8_text);
Result<Article> parse_markdown_body(std::string_view utf8_text);

} // namespace lectern::content::detail
