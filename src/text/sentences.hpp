// Sentence splitting for the parsers. Pure; any thread.
#pragma once

#include "core/pcm.hpp"

#include <string_view>
#include <vector>

namespace lectern::text {

/// Splits a paragraph (already whitespace-collapsed or not) into sentences, returning byte spans
/// into `paragraph`, trimmed of surrounding white space. A sentence ends at '.', '!', '?' or '…'
/// (possibly followed by closing quotes or brackets) followed by white space and then something
/// that can start a sentence. It does not end after common abbreviations (e.g., i.e., Dr., vs.,
/// etc. mid-sentence, Mr., Mrs., No., St., a.m., p.m., b.i.d., single initials), inside numbers
/// ("2.5", "1.000"), or in ellipses followed by a lower-case word. Every non-space byte of the
/// input lands in exactly one span.
std::vector<TextSpan> split_sentences(std::string_view paragraph);

} // namespace lectern::text
