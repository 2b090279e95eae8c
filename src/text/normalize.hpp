// Text normalisation between an article sentence and the synthesiser. Pure; any thread.
//
// Guarantees, whatever the input (hostile handouts included):
//   - control characters (C0/C1 except TAB/LF, which become spaces) and invalid UTF-8 are removed;
//   - no token (run of non-space characters) is longer than kMaxTokenBytes; longer ones are cut
//     into pieces (eSpeak NG 1.51 aborts the process on some very long tokens, DESIGN.md §4);
//   - the output is SSML (espeakSSML, an open <speak> element) with all content XML-escaped, so article text can
//     never be interpreted as markup;
//   - every output position maps back to a byte offset in the input sentence (to_input), so word
//     marks from the synthesiser highlight the right word after normalisation.
// Issue 4 grows the lexicon-driven rewriting (medical abbreviations, units, numbers, dates).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lectern::text {

inline constexpr std::size_t kMaxTokenBytes = 40;

struct Normalized {
    /// SSML for the synthesiser, ready for espeakSSML: "<speak>" and the escaped content, with no
    /// closing tag (it would make eSpeak NG append ~400 ms of silence; see normalize.cpp).
    std::string ssml;
    /// Monotonic anchors (output byte offset, input byte offset), sorted by output offset.
    std::vector<std::pair<std::size_t, std::size_t>> anchors;

    /// Byte offset in the input sentence for a byte offset in `ssml`: the nearest anchor at or
    /// before it plus the distance from that anchor, clamped to the next anchor's input offset.
    std::size_t to_input(std::size_t output_offset) const;
};

/// Options that may differ per voice profile (language) — kept small on purpose.
struct NormalizeOptions {
    std::string language = "en";
};

Normalized normalize(std::string_view sentence, const NormalizeOptions& options = {});

/// Escapes &, <, >, " and ' for XML text and attribute content.
std::string xml_escape(std::string_view s);

} // namespace lectern::text
