// Front matter (parse.hpp): the optional "---" block at the top of an article, and the public
// parse_plain_text / parse_markdown, which read it, parse the rest and apply it. Any thread.
//
// The block is blanked out (its bytes become spaces, its line ends stay) before the body is
// parsed, so every offset and line number of the article still counts from the top of the file
// and Article::source stays the whole file, as authors' tools (lint) expect.
#include "content/builder.hpp"
#include "content/parse.hpp"
#include "core/language_tag.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <charconv>

namespace lectern::content {
namespace {

constexpr std::size_t kMaxLines = 40; // a block that does not close by then is not front matter
constexpr std::size_t kMaxTitleBytes = 200;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

/// Stores one "key: value" line; returns a problem to report, or empty.
std::string apply_line(FrontMatter& fm, std::string_view key, std::string_view value) {
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
        value = value.substr(1, value.size() - 2);
    const std::string k = utf8::ascii_lower(key);
    if (k == "title") {
        if (value.empty() || value.size() > kMaxTitleBytes)
            return "title must be 1 to 200 characters; ignored";
        fm.title = std::string(value);
    } else if (k == "language" || k == "lang") {
        if (!language_tag::plausible(value))
            return "language \"" + std::string(value) +
                   "\" is not a language code like \"en\" or \"es\"; ignored";
        fm.language = utf8::ascii_lower(value.substr(0, value.find_first_of("-_")));
    } else if (k == "voice") {
        const bool ok = !value.empty() && value.size() <= 32 &&
                        value.find_first_of(" /\\\t") == std::string_view::npos;
        if (!ok) return "voice must name a profile in voices/ such as \"es\"; ignored";
        fm.voice = std::string(value);
    } else if (k == "order") {
        int n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc{} || end != value.data() + value.size() || n < -100000 || n > 100000)
            return "order must be a whole number such as 1 or 20; ignored";
        fm.order = n;
    } else {
        return "unknown key \"" + std::string(key) +
               "\" ignored (known: title, language, voice, order)";
    }
    return {};
}

using BodyParser = Result<Article> (*)(std::string_view);

Result<Article> with_front_matter(std::string_view text, BodyParser parse_body) {
    const FrontMatter fm = parse_front_matter(text);
    if (fm.end == 0) {
        Result<Article> article = parse_body(text);
        if (article) article->language = detect_language(*article);
        return article;
    }
    std::string body(text);
    for (std::size_t i = 0; i < fm.end; ++i)
        if (body[i] != '\n') body[i] = ' ';
    Result<Article> article = parse_body(body);
    if (!article) return article;
    article->source.assign(text.data(), text.size());
    article->ignored = fm.problems;
    if (fm.title) {
        // The introduction is headed by the title the parser found or made; a heading made up
        // from the first sentence gives way to the real title, a title line of the text stays
        // (it is what the article says).
        Section& intro = article->sections.front();
        const bool made_up = intro.heading == article->title && !intro.sentences.empty() &&
                             intro.heading_source == intro.sentences.front().source;
        if (made_up) intro.heading = *fm.title;
        article->title = *fm.title;
    }
    article->language = fm.language ? *fm.language : detect_language(*article);
    if (fm.voice) article->voice = *fm.voice;
    article->order = fm.order;
    return article;
}

} // namespace

FrontMatter parse_front_matter(std::string_view text) {
    FrontMatter fm;
    std::size_t pos = 0;
    std::size_t line_no = 0;
    const auto next_line = [&] {
        const std::size_t nl = text.find('\n', pos);
        const std::string_view line =
            text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        return line;
    };
    if (trim(next_line()) != "---") return {};
    while (pos <= text.size() && line_no <= kMaxLines) {
        const std::string_view line = trim(next_line());
        if (line == "---") {
            fm.end = std::min(pos, text.size());
            return fm;
        }
        if (line.empty() || line.front() == '#') continue;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return {}; // not front matter
        const std::string_view key = trim(line.substr(0, colon));
        for (char c : key)
            if (!is_key_char(c)) return {};
        const std::string problem = apply_line(fm, key, trim(line.substr(colon + 1)));
        if (!problem.empty()) fm.problems.emplace_back(line_no, problem);
    }
    return {}; // never closed: an ordinary text that starts with a rule
}

Result<Article> parse_plain_text(std::string_view utf8_text) {
    return with_front_matter(utf8_text, &detail::parse_plain_body);
}

Result<Article> parse_markdown(std::string_view utf8_text) {
    return with_front_matter(utf8_text, &detail::parse_markdown_body);
}

} // namespace lectern::content
