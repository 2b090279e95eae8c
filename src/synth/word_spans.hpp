// Word spans: where a spoken word lies in the text handed to a synthesiser, as BYTE offsets into
// that exact string (plain UTF-8, or SSML with its tags and entity references). Pure functions and
// a small stateful locator; a locator lives for one synthesize() call on the synthesising thread.
//
// What eSpeak NG 1.51 reports in espeakEVENT_WORD (measured on Debian 12; the eSpeak tests in
// tests/synth/test_espeak_synth.cpp pin every point down):
//   - text_position is 1-based and counts Unicode code points, not bytes ("Café señor’s test":
//     "test" is at 14, its byte offset is 16);
//   - in SSML mode it counts the code points of the raw SSML string, tags and entity references
//     included ("<speak>Hello" puts Hello at 8; after "Tom &amp; " Jerry is at its raw position);
//   - a word that starts with a spoken entity reference ("&amp;" read "and") is reported at the
//     entity's LAST character, the ';';
//   - the first word inside <prosody ...> is reported at the white space before the tag;
//   - the words of <sub alias="..."> are reported at the first word after </sub>;
//   - `length` is unreliable: it stops at apostrophes and hyphens ("it’s" 2, "e-mail" 1) and is 0
//     before a closing quote, so it is ignored and the extent is measured here instead;
//   - zero-length events with stale positions (0, before the previous word, or on the space before
//     it) come at clause ends and at the end of the text: they are dropped. A real word can also
//     have length 0 (one followed by a closing quote: “plan”); those point straight at the word.
//   - the words of a <sub alias> at the very END of the text get no word event at all.
#pragma once

#include "core/pcm.hpp"

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace lectern::synth {

/// One unit of text: a code point, or in SSML a whole tag or a whole entity reference.
struct TextUnit {
    enum class Kind { space, tag, word, punct };
    std::size_t begin = 0;
    std::size_t end = 0;
    Kind kind = Kind::punct;
    char32_t cp = 0; ///< the code point (decoded for an entity reference; 0 for a tag)
};

/// Splits text into units. Malformed UTF-8 bytes are single punctuation units.
std::vector<TextUnit> split_units(std::string_view text, bool ssml);

/// Byte offset just past the word that starts at byte `begin`: letters and digits, joined by
/// apostrophes, hyphens and dots ("señor’s", "e-mail", "U.S.A", "3.5"; commas and colons only
/// between digits: "1,000", "10:30"). Trailing punctuation is never part of a word. A unit that
/// is not a letter or digit ("&amp;" read "and", "/" read "slash") is a word on its own.
std::size_t word_end(std::string_view text, std::size_t begin, bool ssml);

/// One span per run of non-space text outside tags: from its first letter or digit (or its first
/// unit when it has none) to word_end(). Used by the fake synthesiser to place its marks.
std::vector<TextSpan> word_spans(std::string_view text, bool ssml);

/// Turns eSpeak NG word positions into byte spans of `text`, correcting the quirks listed above.
/// Spans come out in non-decreasing order; an event that would go backwards is dropped.
class WordLocator {
  public:
    WordLocator(std::string_view text, bool ssml);

    /// The span of the word eSpeak reports at 1-based code point `text_position` with eSpeak's
    /// `length`, or nothing when the event is a stale one or points past the last word.
    std::optional<TextSpan> locate(int text_position, int length);

  private:
    struct Sub {
        std::size_t content = 0; ///< first byte after <sub ...>
        std::size_t after = 0;   ///< first word after </sub> (or the text's end)
        int words_left = 0;      ///< alias words still to be reported
    };

    std::size_t unit_index_at(std::size_t byte) const;
    std::size_t skip_space_and_tags(std::size_t byte) const;

    std::string_view m_text;
    bool m_ssml;
    std::vector<TextUnit> m_units;
    std::vector<std::size_t> m_codepoint_offsets;
    std::vector<Sub> m_subs;
    std::optional<std::size_t> m_last;
};

} // namespace lectern::synth
