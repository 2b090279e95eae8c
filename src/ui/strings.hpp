// Interface strings (labels, spoken confirmations, help) from data files, never from code:
// voices/ui/<language>.toml, one file per language (voices/*.toml at the top of voices/ are voice
// profiles, a different thing). Keys are "table.key" ("label.home", "say.paused"); values may hold
// placeholders such as {n} or {heading}. A key missing from a language falls back to English, and
// a key missing everywhere is shown as itself (and logged once) rather than crashing the kiosk.
// Loading: main thread at start-up. Lookups: const, any thread.
#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lectern::ui {

class Strings {
  public:
    /// Parses one file; errors name the file and the line.
    static Result<Strings> load(const std::filesystem::path& file);
    static Result<Strings> parse(std::string_view toml, const std::string& source_name);

    /// The BCP 47 primary tag the file declares ("en", "es").
    const std::string& language() const { return m_language; }
    bool has(std::string_view key) const { return m_values.find(key) != m_values.end(); }
    /// The string, or the key itself when it is missing.
    std::string get(std::string_view key) const;
    /// get(), with each {name} replaced by its value.
    std::string format(std::string_view key,
                       std::initializer_list<std::pair<std::string_view, std::string>> args) const;
    /// Adds every key of `other` that this one lacks.
    void fill_from(const Strings& other);

  private:
    std::string m_language = "en";
    std::map<std::string, std::string, std::less<>> m_values;
};

/// Every language found in a folder, each completed from English.
class StringLibrary {
  public:
    /// Loads every *.toml in `dir`; a broken file is skipped with a log line naming it.
    static StringLibrary load(const std::filesystem::path& dir);
    /// The strings for a language (by primary tag: "es-MX" finds "es"); English, else the first
    /// language loaded, when there is none. Never fails: an empty library gives empty Strings.
    const Strings& for_language(std::string_view language) const;
    std::vector<std::string> languages() const;
    void add(Strings s);

  private:
    std::vector<Strings> m_all;
};

} // namespace lectern::ui
