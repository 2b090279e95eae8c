// Implementation of text/normalize.hpp. One pass over the input: a scanner cleans code points and
// finds tokens (runs of non-space characters); a writer escapes them into the SSML, cuts tokens
// that grow too long, and records anchors (every token start, both sides of every entity, every
// cut). Issue 4 adds lexicon rewriting at token level: a rewritten token still begins at its
// begin_token() anchor, so word marks keep pointing at the right word of the input.
// Pure; any thread.
#include "text/normalize.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <iterator>

namespace lectern::text {
namespace {

constexpr std::string_view kOpen = "<speak>";
// No closing </speak>: eSpeak NG 1.51 treats the end tag as a clause end and appends 350-480 ms
// of silence to every utterance (measured), which costs synthesis time and lengthens the profile's
// pauses. eSpeak's SSML reader does not need the end tag; the document ends where the text does.
constexpr std::string_view kClose = "";

/// Characters that separate words: ASCII white space, the C0 separators eSpeak would see as
/// breaks, and the Unicode spaces office software inserts (no-break, thin, ideographic...).
bool is_space(char32_t cp) {
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

/// Characters dropped without a trace: other C0 and C1 controls, DEL, a stray BOM and the
/// non-characters. They carry nothing to say and some of them confuse the synthesiser.
bool is_dropped(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

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
    /// token starts, and a token rewritten later (issue 4) keeps this anchor.
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
            // An entity changes lengths: anchor both sides so offsets inside the token stay exact.
            add_anchor(ssml.size(), input);
        }
        ssml += text;
        m_piece += text.size();
        m_after_entity = !escaped.empty();
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

Normalized normalize(std::string_view input, const NormalizeOptions& /*options: issue 4*/) {
    Normalized out;
    out.ssml.reserve(kOpen.size() + kClose.size() + input.size() + input.size() / 8);
    out.ssml += kOpen;
    out.anchors.emplace_back(0, 0);
    TokenWriter writer(out);

    bool in_token = false;
    std::size_t i = 0;
    while (i < input.size()) {
        const std::size_t at = i;
        const char32_t cp = utf8::next(input, i);
        // Malformed bytes (and U+FFFD, the mark of earlier decoding damage) become a word break:
        // gluing the neighbours together could make a token eSpeak cannot cope with.
        if (cp == 0xFFFD || is_space(cp)) {
            in_token = false;
            continue;
        }
        if (is_dropped(cp)) continue;
        if (!in_token) writer.begin_token(at);
        in_token = true;
        writer.put(input.substr(at, i - at), at);
    }
    writer.add_anchor(out.ssml.size(), input.size());
    out.ssml += kClose;
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
