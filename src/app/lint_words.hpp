// Private to `lectern lint` (app/lint.cpp): the word checks, which ask eSpeak NG how it would say
// the words the normaliser leaves alone: acronyms not in the lexicon (spelled letter by letter,
// read as a word or as a roman numeral), unknown abbreviations, units it would spell, numbers it
// would read with "slash". Main thread (it owns an in-process eSpeak NG).
#pragma once

#include "content/article.hpp"
#include "core/result.hpp"
#include "synth/synthesizer.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lectern::app {

/// One line of a lint report about an article.
struct LintLine {
    std::size_t line = 0; ///< 1-based; 0: the file as a whole
    std::string message;
    bool finding = true; ///< false: a note (printed, but not a reason to fix anything)
};

class WordChecker {
  public:
    /// Starts eSpeak NG (phonemes only). Fails with a one-line message.
    static Result<WordChecker> create();

    /// Sets the voice and lexicon for an article's language (or its front matter's voice).
    Result<void> use_article(const content::Article& article);
    /// Checks the words of one spoken text (a heading or a sentence) whose source is `source`.
    void check(const content::Article& article, TextSpan source, std::string_view text);
    /// The findings gathered since use_article, one per distinct word (first line, count).
    std::vector<LintLine> take_findings();

  private:
    explicit WordChecker(std::unique_ptr<synth::Synthesizer> synth);
    const std::string& phonemes(const std::string& text);
    std::string describe(const std::string& word);
    void add(const content::Article& article, TextSpan source, std::string_view token,
             std::string message);

    std::unique_ptr<synth::Synthesizer> m_synth;
    std::string m_language;                        ///< the voice profile's language
    std::string m_lexicon_name;                    ///< "voices/lexicon/en.tsv", for messages
    std::map<std::string, std::string> m_phonemes; ///< cache for m_language
    struct Seen {
        std::size_t line = 0;
        std::size_t count = 0;
        std::string message;
    };
    std::map<std::string, Seen> m_found; ///< by word, in this article
};

} // namespace lectern::app
