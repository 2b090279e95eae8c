// Authors' tools on the command line: `lectern lint` checks articles before they go on a kiosk,
// `lectern say --phonemes` shows how a piece of text will be said. Both run eSpeak NG in this
// process (phonemes only, no audio). Main thread.
#pragma once

#include "app/subcommands.hpp"

#include <string>
#include <vector>

namespace lectern::app {

/// Checks every article in `paths` (files, or folders of .txt/.md files; none: the content
/// folder) and prints, per article, its headings, then every finding as "<file>:<line>: ...".
/// Returns 0 when there is nothing to fix, 1 when there are findings, 2 for bad usage.
int run_lint(const std::vector<std::string>& paths);

/// Prints the text as the normaliser rewrites it for `language` (or for the voice's language
/// when --voice is given) and the phonemes eSpeak NG will speak for it. 0, or 2 on bad input.
int run_say_phonemes(const std::string& text, const std::string& language,
                     const VoiceOptions& voice);

} // namespace lectern::app
