// Pronunciation lexicons: the nurse-editable tables in voices/lexicon/<language>.tsv that say how
// abbreviations, acronyms and units are spoken ("IV" -> "I.V.", "mg" -> "milligrams").
// A Lexicon is an immutable value once loaded: any thread may read it. The process-wide registry
// (set_lexicon_folder / default_lexicon) is thread-safe; it is what text::normalize uses when the
// caller names no lexicon, so the playback driver needs no lexicon plumbing of its own.
//
// File format (the header comment of voices/lexicon/en.tsv says the same for staff):
//   written <TAB> spoken [<TAB> kind]      (two or more spaces also separate columns)
//   kind "word" (default): the written form wherever it stands, exact capitals, or with only its
//        first letter capitalised when written in lower case ("e.g." also matches "E.g.");
//        up to four space-separated tokens ("p. ej."); a final '.' is the abbreviation's own.
//   kind "unit": only after a number ("10 mg", "10mg"); spoken "one|many" (milligram|milligrams).
//   kind "digits": the spoken form, then the number after it digit by digit ("ext. 2040").
//   Lines starting with # and blank lines are ignored. A broken row is skipped, never the file.
#pragma once

#include "core/result.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lectern::text {

enum class LexiconKind { word, unit, digits };

struct LexiconEntry {
    std::string written;    ///< as in the file ("b.i.d.")
    std::string spoken;     ///< what is said (for a unit: after any number but 1); no final '.'
    std::string spoken_one; ///< a unit after the number 1 ("milligram"); else equal to spoken
    LexiconKind kind = LexiconKind::word;
    std::size_t line = 0;   ///< 1-based line in the file, for messages
    bool final_dot = false; ///< the written form ends with '.' (the abbreviation's dot)
    std::size_t tokens = 1; ///< space-separated tokens in the written form
};

class Lexicon {
  public:
    /// Parses the text of a lexicon file. Broken rows are skipped; each one adds a line
    /// "<name>:<line>: <what is wrong> (row skipped)" to `problems` when given.
    static Lexicon parse(std::string_view tsv, std::string_view name,
                         std::vector<std::string>* problems = nullptr);
    /// Reads and parses a file. Fails (one line naming the file) only when the file cannot be
    /// read or is not text; broken rows are logged as warnings and skipped.
    static Result<Lexicon> load(const std::filesystem::path& file);

    /// The word entry for a token without its surrounding punctuation and final dot ("b.i.d"),
    /// or for several tokens joined by single spaces ("p. ej"); nullptr when there is none.
    const LexiconEntry* find_word(std::string_view key) const;
    /// The unit entry written exactly `key` ("mg", "°C", "%"), or nullptr.
    const LexiconEntry* find_unit(std::string_view key) const;
    /// Whether a phrase of several tokens starts with this token ("p." for "p. ej.").
    bool starts_phrase(std::string_view first_token) const {
        return m_phrase_starts.find(first_token) != m_phrase_starts.end();
    }
    /// Largest number of tokens of any word entry (1 when there are none).
    std::size_t max_tokens() const { return m_max_tokens; }
    std::size_t size() const { return m_words.size() + m_units.size(); }
    bool empty() const { return size() == 0; }
    /// Every entry, for authors' tools (lint): words then units, each sorted by key.
    std::vector<const LexiconEntry*> entries() const;

  private:
    std::map<std::string, LexiconEntry, std::less<>> m_words; ///< key: written without final '.'
    std::map<std::string, LexiconEntry, std::less<>> m_units;
    std::size_t m_max_tokens = 1;
    std::set<std::string, std::less<>> m_phrase_starts;
};

/// The primary language subtag, lower-cased: "es-MX" -> "es".
std::string primary_language(std::string_view language);

/// Points the registry at a folder of <language>.tsv files (voices/lexicon). Lexicons are read on
/// first use per language and kept; a different folder forgets them. Any thread.
void set_lexicon_folder(const std::filesystem::path& folder);
/// The registry's lexicon for a language ("es-MX" uses es.tsv), or nullptr when no folder is set
/// or the folder has no readable file for it (logged once). Any thread.
std::shared_ptr<const Lexicon> default_lexicon(std::string_view language);

} // namespace lectern::text
