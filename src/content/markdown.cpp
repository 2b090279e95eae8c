// Implementation of content::parse_markdown (parse.hpp) on md4c's callbacks. Text arrives in runs
// that point into the source, so every sentence keeps its source location even though markup is
// removed. What is never spoken: raw HTML (blocks and inline, <script> and comments included),
// link and image URLs. What is spoken: link text, image alt text, code as text. Any thread.
#include "content/builder.hpp"
#include "content/entities.hpp"
#include "content/parse.hpp"

#include <md4c.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <exception>
#include <vector>

namespace lectern::content {
namespace {

using detail::TextRun;

/// Whether an inline HTML tag ("<br>", "</p>", "<div class=x>") separates words when rendered.
bool breaks_words(std::string_view tag) {
    if (!tag.starts_with('<')) return false;
    tag.remove_prefix(1);
    if (tag.starts_with('/')) tag.remove_prefix(1);
    std::string name;
    for (char c : tag) {
        if (!std::isalnum(static_cast<unsigned char>(c))) break;
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (std::string_view n : {"br", "p", "div", "li", "hr", "td", "th", "tr", "h1", "h2", "h3",
                               "h4", "h5", "h6", "ul", "ol", "table", "blockquote"}) {
        if (name == n) return true;
    }
    return false;
}

class MarkdownReader {
  public:
    MarkdownReader(std::string_view source, detail::ArticleBuilder& builder)
        : m_source(source), m_builder(builder) {}

    int enter_block(MD_BLOCKTYPE type, const void* detail) {
        flush_paragraph();
        if (type == MD_BLOCK_LI) ++m_list_items;
        if (type == MD_BLOCK_HTML) m_in_html_block = true;
        if (type == MD_BLOCK_H)
            m_heading_level = static_cast<const MD_BLOCK_H_DETAIL*>(detail)->level;
        return 0;
    }

    int leave_block(MD_BLOCKTYPE type) {
        if (type == MD_BLOCK_H) {
            finish_heading();
        } else {
            flush_paragraph();
        }
        if (type == MD_BLOCK_LI) --m_list_items;
        if (type == MD_BLOCK_HTML) m_in_html_block = false;
        return 0;
    }

    int text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size) {
        // md4c (Debian's 0.4.8, not sanitizer-instrumented) handed a fuzzed 92-byte document a
        // 3.2 GB text run once (scripts/fuzz.sh; not reproducible alone). No run can be longer
        // than the document: stop the parse (an error) rather than trust it.
        if (size > m_source.size()) return 1;
        const std::string_view t(text, size);
        switch (type) {
        case MD_TEXT_NORMAL:
        case MD_TEXT_CODE:
        case MD_TEXT_LATEXMATH:
            append(t, t, true);
            break;
        case MD_TEXT_NULLCHAR:
            append("\uFFFD", t, false);
            break;
        case MD_TEXT_BR:
        case MD_TEXT_SOFTBR:
            append(" ", t, false);
            break;
        case MD_TEXT_ENTITY: {
            std::string decoded;
            detail::append_entity(decoded, t);
            append(decoded, t, false);
            break;
        }
        case MD_TEXT_HTML:
            // Raw HTML is markup, never content: skipping it keeps <script> bodies, comments and
            // tags out of the patient's ears. An inline tag that breaks a line ("hours<br>after")
            // still separates the words around it.
            if (!m_in_html_block && breaks_words(t)) append(" ", t, false);
            break;
        }
        return 0;
    }

    void finish() { flush_paragraph(); }

  private:
    /// Appends `text` (which stands for the source bytes `from`) to the current block's text.
    void append(std::string_view text, std::string_view from, bool verbatim) {
        if (text.empty()) return;
        std::size_t begin = m_runs.empty() ? 0 : m_runs.back().source_end;
        std::size_t end = begin;
        if (from.data() >= m_source.data() && from.data() <= m_source.data() + m_source.size()) {
            begin = static_cast<std::size_t>(from.data() - m_source.data());
            end = std::min(begin + from.size(), m_source.size());
        } else {
            verbatim = false; // not a pointer into the source: nothing to map byte for byte
        }
        // Verbatim runs must map byte for byte; anything else maps as a whole.
        verbatim = verbatim && end - begin == text.size();
        m_runs.push_back({m_text.size(), begin, end, verbatim});
        m_text += text;
    }

    void clear() {
        m_text.clear();
        m_runs.clear();
    }

    void flush_paragraph() {
        if (m_text.find_first_not_of(" \t\n\r\f\v") != std::string::npos) {
            m_builder.add_paragraph(m_text, m_runs, m_list_items > 0);
        }
        clear();
    }

    void finish_heading() {
        std::string heading = detail::collapse_whitespace(m_text);
        if (heading.empty()) { // "#" alone: nothing to say
            clear();
            return;
        }
        const TextSpan span{m_runs.front().source_begin, m_runs.back().source_end};
        if (m_heading_level == 1 && !m_seen_h1) {
            m_seen_h1 = true;
            const bool intro_empty = m_builder.intro_is_empty();
            m_builder.set_title(heading, span);
            // The first H1 heads the introduction; if text came before it, it starts a section.
            if (!intro_empty) m_builder.begin_section(std::move(heading), span);
        } else {
            m_builder.begin_section(std::move(heading), span);
        }
        clear();
    }

    std::string_view m_source;
    detail::ArticleBuilder& m_builder;
    std::string m_text;
    std::vector<TextRun> m_runs;
    int m_list_items = 0;
    unsigned m_heading_level = 0;
    bool m_seen_h1 = false;
    bool m_in_html_block = false;
};

struct ParseState {
    MarkdownReader* reader = nullptr;
    std::exception_ptr error; ///< what a callback threw (out of memory), rethrown after md_parse
};

/// Runs a reader step; an exception aborts the parse instead of crossing md4c's C frames.
template <class F> int guarded(void* userdata, F&& step) noexcept {
    auto* state = static_cast<ParseState*>(userdata);
    try {
        return step(*state->reader);
    } catch (...) {
        state->error = std::current_exception();
        return 1;
    }
}

int on_enter_block(MD_BLOCKTYPE type, void* detail, void* userdata) noexcept {
    return guarded(userdata, [&](MarkdownReader& r) { return r.enter_block(type, detail); });
}
int on_leave_block(MD_BLOCKTYPE type, void*, void* userdata) noexcept {
    return guarded(userdata, [&](MarkdownReader& r) { return r.leave_block(type); });
}
int on_span(MD_SPANTYPE, void*, void*) noexcept {
    // Emphasis, links and images only change how text looks; their text comes through text().
    return 0;
}
int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) noexcept {
    return guarded(userdata, [&](MarkdownReader& r) { return r.text(type, text, size); });
}

} // namespace

Result<Article> detail::parse_markdown_body(std::string_view text) {
    if (text.size() > UINT_MAX) return make_error("the file is too large to be an article");
    detail::ArticleBuilder builder(text);
    MarkdownReader reader(text, builder);
    ParseState state{&reader, nullptr};

    MD_PARSER parser{};
    parser.abi_version = 0;
    // Tables, strikethrough and task lists are common in handouts written with GitHub-style tools;
    // without these flags their markup ("|", "~~", "[ ]") would be read aloud.
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS;
    parser.enter_block = on_enter_block;
    parser.leave_block = on_leave_block;
    parser.enter_span = on_span;
    parser.leave_span = on_span;
    parser.text = on_text;

    const int rc = md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, &state);
    if (state.error) std::rethrow_exception(state.error);
    if (rc != 0)
        return make_error("it could not be read as Markdown; save it as plain text (.txt)");
    reader.finish();
    return std::move(builder).finish();
}

} // namespace lectern::content
