// Implementation of builder.hpp (private to lectern_content). Any thread.
#include "content/builder.hpp"

#include "core/utf8.hpp"
#include "text/sentences.hpp"

#include <algorithm>
#include <utility>

namespace lectern::content::detail {
namespace {

const TextRun& run_at(std::span<const TextRun> runs, std::size_t pos) {
    const auto it =
        std::upper_bound(runs.begin(), runs.end(), pos,
                         [](std::size_t p, const TextRun& r) { return p < r.text_begin; });
    return it == runs.begin() ? runs.front() : *std::prev(it);
}

/// Source offset of the byte at text position pos (the start of a sentence).
std::size_t source_begin(std::span<const TextRun> runs, std::size_t pos) {
    const TextRun& r = run_at(runs, pos);
    return r.verbatim ? std::min(r.source_begin + (pos - r.text_begin), r.source_end)
                      : r.source_begin;
}

/// Source offset just after the byte at text position end - 1 (the end of a sentence).
std::size_t source_end(std::span<const TextRun> runs, std::size_t end) {
    const TextRun& r = run_at(runs, end - 1);
    return r.verbatim ? std::min(r.source_begin + (end - r.text_begin), r.source_end)
                      : r.source_end;
}

} // namespace

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b == 0x7F) continue; // C0 controls (the spaces are handled above), DEL
        if (b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F &&
            static_cast<unsigned char>(s[i + 1]) >= 0x80) {
            ++i; // C1 controls, U+0080..U+009F
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

bool is_invisible(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            if (b > 0x20 && b != 0x7F) return false;
            ++i;
            continue;
        }
        const char32_t cp = utf8::next(s, i);
        const bool shows_nothing = (cp >= 0x80 && cp <= 0xA0) || cp == 0x1680 ||
                                   (cp >= 0x2000 && cp <= 0x200F) ||
                                   (cp >= 0x2028 && cp <= 0x202F) ||
                                   (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF;
        if (!shows_nothing) return false;
    }
    return true;
}

TextSpan trimmed_span(std::string_view s, std::size_t base) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && is_space(s[b]))
        ++b;
    while (e > b && is_space(s[e - 1]))
        --e;
    return {base + b, base + e};
}

std::string title_from_sentence(std::string_view sentence) {
    std::string title = collapse_whitespace(sentence);
    if (title.size() <= kTitleBytes) return title;
    std::size_t cut = title.rfind(' ', kTitleBytes);
    if (cut == std::string::npos || cut == 0) {
        // One enormous word: cut at a character boundary (never inside a UTF-8 sequence).
        cut = kTitleBytes;
        while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80)
            --cut;
    }
    title.resize(cut);
    // A title that stops at "... such as," reads better without the dangling comma.
    while (!title.empty() && (title.back() == ',' || title.back() == ';' || title.back() == ':' ||
                              title.back() == '-' || is_space(title.back()))) {
        title.pop_back();
    }
    return title;
}

ArticleBuilder::ArticleBuilder(std::string_view source) {
    m_article.source = std::string(source);
    // The introduction: its heading becomes the title in finish().
    m_article.sections.emplace_back();
}

void ArticleBuilder::set_title(std::string title, TextSpan source) {
    m_article.title = std::move(title);
    m_title_source = source;
}

bool ArticleBuilder::intro_is_empty() const {
    return m_article.sections.size() == 1 && m_article.sections.front().sentences.empty();
}

void ArticleBuilder::begin_section(std::string heading, TextSpan source) {
    Section& section = m_article.sections.emplace_back();
    section.heading = std::move(heading);
    section.heading_source = source;
    m_next_paragraph = 0;
}

void ArticleBuilder::add_paragraph(std::string_view text, std::span<const TextRun> runs,
                                   bool list_item) {
    if (runs.empty()) return;
    Section& section = m_article.sections.back();
    bool any = false;
    for (const TextSpan& span : text::split_sentences(text)) {
        std::string clean = collapse_whitespace(text.substr(span.begin, span.size()));
        if (is_invisible(clean)) continue; // nothing to show or say (a lone U+00A0, say)
        Sentence& sentence = section.sentences.emplace_back();
        sentence.text = std::move(clean);
        sentence.source = {source_begin(runs, span.begin), source_end(runs, span.end)};
        sentence.paragraph = m_next_paragraph;
        sentence.list_item = list_item;
        any = true;
    }
    if (any) ++m_next_paragraph;
}

Result<Article> ArticleBuilder::finish() && {
    auto& sections = m_article.sections;
    if (m_article.sentence_count() == 0) {
        return make_error("there is no text to read in it; add the article's paragraphs and save "
                          "it again");
    }
    if (m_article.title.empty()) {
        const Section& intro = sections.front();
        if (!intro.sentences.empty()) {
            const Sentence& first = intro.sentences.front();
            m_article.title = title_from_sentence(first.text);
            m_title_source = first.source;
        } else {
            for (const Section& s : sections) {
                if (s.heading.empty()) continue;
                m_article.title = s.heading;
                m_title_source = s.heading_source;
                break;
            }
        }
    }
    Section& intro = sections.front();
    if (intro.heading.empty()) {
        intro.heading = m_article.title;
        intro.heading_source = m_title_source;
    }
    if (intro.sentences.empty() && sections.size() > 1) sections.erase(sections.begin());
    return std::move(m_article);
}

} // namespace lectern::content::detail
