// Text normalisation between an article sentence and the synthesiser. Pure; any thread.
//
// Guarantees, whatever the input (hostile handouts included):
//   - control characters (C0/C1 except TAB/LF, which become spaces) and invalid UTF-8 are removed;
//   - no token (run of non-space characters) is longer than kMaxTokenBytes; longer ones are cut
//     into pieces (eSpeak NG 1.51 aborts the process on some very long tokens, DESIGN.md §4);
//   - the output is SSML (espeakSSML, an open <speak> element) with all content XML-escaped, so
//     article text can never be interpreted as markup;
//   - every output position maps back to a byte offset in the input sentence (to_input), so word
//     marks from the synthesiser highlight the right word after normalisation.
//
// Rewriting (issue 4): a token eSpeak NG would misread is replaced by what a clinician says,
// from the language's lexicon (voices/lexicon/<language>.tsv: "IV", "mg", "b.i.d.") and the
// built-in number rules (text/spoken_numbers.hpp: dates, times, ranges, fractions, phone numbers).
// The replacement is plain words, not SSML <sub>: eSpeak NG 1.51 gives the words of a <sub> no
// word events when punctuation follows it or when it ends the text, and merges its clause with
// the next. Anchors of a rewrite: its first spoken word maps to the whole rewritten token (start
// to end), every later word to the token's end, so a word mark never points inside the token (the
// driver resumes reading from a word's start after a rate change; "05/2026" alone would be
// misread) and to_input stays monotonic.
#pragma once

#include "text/lexicon.hpp"

#include <cstddef>
#include <memory>
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

    /// Input bytes [begin, end) said as `spoken` (for authors' tools: lint, say --phonemes).
    struct Rewrite {
        std::size_t begin = 0;
        std::size_t end = 0;
        std::string spoken;
    };
    std::vector<Rewrite> rewrites;

    /// Byte offset in the input sentence for a byte offset in `ssml`: the nearest anchor at or
    /// before it plus the distance from that anchor, clamped to the next anchor's input offset.
    std::size_t to_input(std::size_t output_offset) const;
};

/// Options that may differ per voice profile (language) — kept small on purpose.
struct NormalizeOptions {
    /// The voice's language: picks the number rules ("en", "es") and the date order ("en" and
    /// "en-US" month first; "en-GB", "es" day first).
    std::string language = "en";
    /// The lexicon to apply; nullptr: the registry's for the language (text::default_lexicon),
    /// which is none until a folder is set (then only the number rules apply).
    std::shared_ptr<const Lexicon> lexicon = nullptr;
};

Normalized normalize(std::string_view sentence, const NormalizeOptions& options = {});

/// The text eSpeak NG will read: the SSML without <speak> and with entities decoded. The
/// normaliser writes no other markup, so its phonemes are those of the speech.
std::string spoken_text(const Normalized& normalized);

/// Escapes &, <, >, " and ' for XML text and attribute content.
std::string xml_escape(std::string_view s);

} // namespace lectern::text
