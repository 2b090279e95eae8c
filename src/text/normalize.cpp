// Implementation of text/normalize.hpp. Three steps over the input: a scanner cleans code points
// and finds tokens (runs of non-space characters); the planner (rewrite.cpp) decides which tokens
// are said differently; a writer escapes everything into the SSML, cuts tokens that grow too
// long, and records anchors (every token start, both sides of every entity, every cut, both ends
// of every rewrite). Pure; any thread.
#include "text/normalize.hpp"

#include "core/utf8.hpp"
#include "text/rewrite.hpp"

#include <algorithm>
#include <iterator>

namespace lectern::text {
namespace {

constexpr std::string_view kOpen = "<speak>";
// No closing </speak>: eSpeak NG 1.51 treats the end tag as a clause end and appends 350-480 ms
// of silence to every utterance (measured), which costs synthesis time and lengthens the profile's
// pauses. eSpeak's SSML reader does not need the end tag; the document ends where the text does.
constexpr std::string_view kClose = "";

using detail::is_dropped;
using detail::is_space;

/// The XML escape of an ASCII byte, or empty when it needs none.
std::string_view escape_of(char c) {
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&apos;";
    default:
        return {};
    }
}

/// Writes tokens into the SSML character by character, so memory stays proportional to the
/// output even for a hostile multi-megabyte "word".
class TokenWriter {
  public:
    explicit TokenWriter(Normalized& out) : m_out(out) {}

    /// Starts a token whose first character is at `input` in the input: a space before it (not
    /// before the first) and an anchor at its start. Word marks from the synthesiser land on
    /// token starts, and a rewritten token keeps this anchor.
    void begin_token(std::size_t input) {
        std::string& ssml = m_out.ssml;
        if (m_written_any) ssml += ' ';
        m_written_any = true;
        add_anchor(ssml.size(), input);
        m_piece = 0;
        m_after_entity = false;
    }

    /// Appends one character (its UTF-8 bytes) of the current token, escaped, cutting the token
    /// at this character boundary if the piece would exceed kMaxTokenBytes.
    void put(std::string_view bytes, std::size_t input) {
        std::string& ssml = m_out.ssml;
        const std::string_view escaped =
            bytes.size() == 1 ? escape_of(bytes[0]) : std::string_view{};
        const std::string_view text = escaped.empty() ? bytes : escaped;
        if (m_piece > 0 && m_piece + text.size() > kMaxTokenBytes) {
            ssml += ' ';
            m_piece = 0;
            add_anchor(ssml.size(), input);
        } else if (m_after_entity || !escaped.empty()) {
            // An entity or a rewrite changes lengths: anchor both sides so offsets inside the
            // token stay exact.
            add_anchor(ssml.size(), input);
        }
        ssml += text;
        m_piece += text.size();
        m_after_entity = !escaped.empty();
    }

    /// Writes `spoken` (escaped) in place of input bytes [begin, end) of the current token. The
    /// first spoken word maps to the whole of [begin, end), the others to `end` (normalize.hpp).
    void rewrite(std::size_t begin, std::size_t end, std::string_view spoken) {
        std::string& ssml = m_out.ssml;
        add_anchor(ssml.size(), begin);
        const std::size_t space = std::min(spoken.find(' '), spoken.size());
        // The rewrite continues the current token (copied text may come before it in the same
        // token), so the piece length carries on: resetting it here let a token grow past the cap
        // (a fuzz finding).
        append_capped(spoken.substr(0, space));
        add_anchor(ssml.size(), end);
        append_capped(spoken.substr(space));
        add_anchor(ssml.size(), end);
        m_after_entity = true; // what follows is copied again: anchor it
    }

    /// Appends rewritten words escaped, keeping the token cap: a rewrite (a long number read as a
    /// range, say) must not produce a token longer than kMaxTokenBytes either.
    void append_capped(std::string_view words) {
        std::string& ssml = m_out.ssml;
        std::size_t i = 0;
        while (i < words.size()) {
            const std::size_t start = i;
            utf8::next(words, i);
            const std::string_view ch = words.substr(start, i - start);
            if (ch == " ") {
                ssml += ' ';
                m_piece = 0;
                continue;
            }
            const std::string_view escaped = ch.size() == 1 ? escape_of(ch[0]) : std::string_view{};
            const std::string_view text = escaped.empty() ? ch : escaped;
            if (m_piece > 0 && m_piece + text.size() > kMaxTokenBytes) {
                ssml += ' ';
                m_piece = 0;
            }
            ssml += text;
            m_piece += text.size();
        }
    }

    void add_anchor(std::size_t output, std::size_t input) {
        auto& anchors = m_out.anchors;
        if (!anchors.empty() && anchors.back().first == output) return;
        anchors.emplace_back(output, input);
    }

  private:
    Normalized& m_out;
    bool m_written_any = false;
    std::size_t m_piece = 0;
    bool m_after_entity = false;
};

} // namespace

std::size_t Normalized::to_input(std::size_t output_offset) const {
    const auto it =
        std::upper_bound(anchors.begin(), anchors.end(), output_offset,
                         [](std::size_t offset, const std::pair<std::size_t, std::size_t>& a) {
                             return offset < a.first;
                         });
    if (it == anchors.begin()) return 0;
    // Between two anchors the text is copied byte for byte, so an offset inside a segment keeps
    // its distance from the segment's start (a word's end maps to the word's end). Where output
    // and input differ in length (an escaped entity, a rewritten token) the result is clamped to
    // the next anchor, so it never passes the text the segment came from.
    const auto& [out_start, in_start] = *std::prev(it);
    const std::size_t mapped = in_start + (output_offset - out_start);
    const std::size_t limit = it == anchors.end() ? anchors.back().second : it->second;
    return std::min(mapped, limit);
}

namespace {

/// Runs of non-space characters. Malformed bytes (and U+FFFD, the mark of earlier decoding damage)
/// break words: gluing the neighbours together could make a token eSpeak cannot cope with.
std::vector<detail::Token> scan_tokens(std::string_view input) {
    std::vector<detail::Token> tokens;
    bool in_token = false;
    for (std::size_t i = 0; i < input.size();) {
        const std::size_t at = i;
        const char32_t cp = utf8::next(input, i);
        if (cp == 0xFFFD || is_space(cp)) {
            in_token = false;
            continue;
        }
        if (is_dropped(cp)) continue; // vanishes without splitting the word
        if (!in_token) tokens.push_back({at, i});
        in_token = true;
        tokens.back().end = i;
    }
    return tokens;
}

/// Copies input bytes [from, to) of a token, character by character.
void copy_span(TokenWriter& writer, std::string_view input, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to;) {
        const std::size_t at = i;
        const char32_t cp = utf8::next(input, i);
        if (is_dropped(cp)) continue;
        writer.put(input.substr(at, i - at), at);
    }
}

} // namespace

Normalized normalize(std::string_view input, const NormalizeOptions& options) {
    Normalized out;
    out.ssml.reserve(kOpen.size() + kClose.size() + input.size() + input.size() / 8);
    out.ssml += kOpen;
    out.anchors.emplace_back(0, 0);
    TokenWriter writer(out);

    const std::vector<detail::Token> tokens = scan_tokens(input);
    const std::shared_ptr<const Lexicon> lexicon =
        options.lexicon ? options.lexicon : default_lexicon(options.language);
    std::vector<detail::Plan> plans =
        detail::plan_rewrites(input, tokens, options.language, lexicon.get());

    auto plan = plans.begin();
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        writer.begin_token(tokens[t].begin);
        if (plan == plans.end() || plan->first != t) {
            copy_span(writer, input, tokens[t].begin, tokens[t].end);
            continue;
        }
        const Normalized::Rewrite& r = plan->rewrite;
        copy_span(writer, input, tokens[t].begin, r.begin); // opening punctuation
        writer.rewrite(r.begin, r.end, r.spoken);
        t = plan->last;
        copy_span(writer, input, r.end, tokens[t].end); // closing punctuation
        out.rewrites.push_back(std::move(plan->rewrite));
        ++plan;
    }
    // The end of the output is the end of the input, even when a rewrite's end anchor is already
    // there (only dropped characters or spaces can follow it).
    if (out.anchors.back().first == out.ssml.size()) out.anchors.back().second = input.size();
    writer.add_anchor(out.ssml.size(), input.size());
    out.ssml += kClose;
    return out;
}

std::string spoken_text(const Normalized& normalized) {
    std::string_view body = normalized.ssml;
    if (body.starts_with(kOpen)) body.remove_prefix(kOpen.size());
    std::string out;
    out.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '&') {
            bool decoded = false;
            for (char c : {'&', '<', '>', '"', '\''}) {
                const std::string_view entity = escape_of(c);
                if (body.substr(i, entity.size()) == entity) {
                    out += c;
                    i += entity.size() - 1;
                    decoded = true;
                    break;
                }
            }
            if (decoded) continue;
        }
        out += body[i];
    }
    return out;
}

std::string xml_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char c : s) {
        const std::string_view escaped = escape_of(c);
        if (escaped.empty()) {
            out += c;
        } else {
            out += escaped;
        }
    }
    return out;
}

} // namespace lectern::text
