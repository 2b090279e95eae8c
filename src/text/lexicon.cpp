// Implementation of text/lexicon.hpp: the TSV reader and the process-wide registry.
// Parsing is pure (any thread); the registry guards its cache with a mutex because the main
// thread may point it at a folder while the playback thread normalises a sentence.
//
// Every message names "<file>:<line>" and what to do, because the reader is whoever edited the
// file on a ward PC; a broken row never takes the other rows (or the kiosk) down with it.
#include "text/lexicon.hpp"

#include "core/log.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>

namespace lectern::text {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxFileBytes = 1024 * 1024;
constexpr std::size_t kMaxWrittenBytes = 64;
constexpr std::size_t kMaxSpokenBytes = 200;
constexpr std::size_t kMaxWrittenTokens = 4;
// Every spoken word becomes a token of the normaliser's output, which keeps tokens this short.
constexpr std::size_t kMaxSpokenWordBytes = 40;

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back()))
        s.remove_suffix(1);
    return s;
}

/// Columns are separated by a TAB or by two or more spaces (editors often turn TABs into
/// spaces); a single space belongs to the text ("p. ej.", "twice a day").
std::vector<std::string_view> split_columns(std::string_view line) {
    std::vector<std::string_view> columns;
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < line.size()) {
        if (!is_blank(line[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        bool tab = false;
        for (; j < line.size() && is_blank(line[j]); ++j)
            tab = tab || line[j] == '\t';
        if (tab || j - i >= 2) {
            columns.push_back(trim(line.substr(start, i - start)));
            start = j;
        }
        i = j;
    }
    columns.push_back(trim(line.substr(start)));
    return columns;
}

/// Words separated by single spaces (runs of spaces collapsed).
std::vector<std::string_view> words_of(std::string_view s) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ')
            ++i;
        const std::size_t b = i;
        while (i < s.size() && s[i] != ' ')
            ++i;
        if (i > b) words.push_back(s.substr(b, i - b));
    }
    return words;
}

std::string join(const std::vector<std::string_view>& words) {
    std::string out;
    for (std::string_view w : words)
        out += (out.empty() ? "" : " ") + std::string(w);
    return out;
}

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return (b < 0x20 && c != '\t') || b == 0x7F;
    });
}

/// Checks the spoken words against the token cap; returns an error message or empty.
std::string check_spoken(std::string_view spoken) {
    if (spoken.empty()) return "nothing to say in the spoken column";
    if (spoken.size() > kMaxSpokenBytes) return "the spoken form is longer than 200 characters";
    for (std::string_view w : words_of(spoken)) {
        if (w.size() > kMaxSpokenWordBytes)
            return "the spoken word \"" + std::string(w) +
                   "\" is longer than 40 characters; split it with spaces";
    }
    return {};
}

/// One row turned into an entry, or the reason it cannot be one.
Result<LexiconEntry> parse_row(std::string_view row) {
    const std::vector<std::string_view> cols = split_columns(row);
    if (cols.size() < 2)
        return make_error("only one column; put a TAB between the written form and what to say, "
                          "e.g. \"mg<TAB>milligram|milligrams<TAB>unit\"");
    if (cols.size() > 3)
        return make_error("too many columns (" + std::to_string(cols.size()) +
                          "); expected the written form, the spoken form and an optional kind");
    LexiconEntry e;
    if (cols.size() == 3) {
        std::string kind(cols[2]);
        for (char& c : kind)
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (kind == "unit") {
            e.kind = LexiconKind::unit;
        } else if (kind == "digits") {
            e.kind = LexiconKind::digits;
        } else if (kind != "word" && !kind.empty()) {
            return make_error("unknown kind \"" + std::string(cols[2]) +
                              "\"; use word, unit or digits");
        }
    }
    const std::vector<std::string_view> written = words_of(cols[0]);
    if (written.empty()) return make_error("the written column is empty");
    e.written = join(written);
    if (e.written.size() > kMaxWrittenBytes)
        return make_error("the written form is longer than 64 characters");
    if (written.size() > kMaxWrittenTokens)
        return make_error("the written form has more than 4 words");
    if (e.kind != LexiconKind::word && written.size() > 1)
        return make_error("a unit or digits row is one word (like \"mg\" or \"ext.\"), not \"" +
                          e.written + "\"");
    e.tokens = written.size();
    const std::string_view spoken = cols[1];
    const std::size_t bar = spoken.find('|');
    if (e.kind == LexiconKind::unit && bar != std::string_view::npos) {
        const std::string one = join(words_of(spoken.substr(0, bar)));
        const std::string many = join(words_of(spoken.substr(bar + 1)));
        if (one.empty() || many.empty() || many.find('|') != std::string::npos)
            return make_error("write a unit's spoken form as one|many, e.g. milligram|milligrams");
        e.spoken_one = one;
        e.spoken = many;
    } else {
        if (bar != std::string_view::npos)
            return make_error("'|' only separates the one|many forms of a unit (kind unit)");
        e.spoken = join(words_of(spoken));
        e.spoken_one = e.spoken;
    }
    // "I.V." is said the same as "I.V"; the article's own punctuation follows the spoken form, and
    // a second dot ("I.V..") or a clause break in mid-sentence would only disturb the reading.
    for (std::string* s : {&e.spoken, &e.spoken_one})
        if (s->size() > 1 && s->back() == '.') s->pop_back();
    for (const std::string& s : {e.spoken, e.spoken_one})
        if (const std::string problem = check_spoken(s); !problem.empty())
            return make_error(problem);
    e.final_dot = e.written.size() > 1 && e.written.back() == '.';
    return e;
}

std::string key_of(const LexiconEntry& e) {
    // The final dot is matched separately: "b.i.d." is found as "b.i.d" followed by '.'.
    return e.final_dot ? e.written.substr(0, e.written.size() - 1) : e.written;
}

} // namespace

Lexicon Lexicon::parse(std::string_view tsv, std::string_view name,
                       std::vector<std::string>* problems) {
    Lexicon lex;
    const auto report = [&](std::size_t line, const std::string& what) {
        if (problems != nullptr)
            problems->push_back(std::string(name) + ":" + std::to_string(line) + ": " + what);
    };
    if (tsv.starts_with("\xEF\xBB\xBF")) tsv.remove_prefix(3); // Notepad's BOM
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos <= tsv.size()) {
        const std::size_t nl = std::min(tsv.find('\n', pos), tsv.size());
        std::string_view line = tsv.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (line.ends_with('\r')) line.remove_suffix(1);
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;
        if (!utf8::is_valid(line)) {
            report(line_no, "this row is not valid UTF-8; save the file as UTF-8 (row skipped)");
            continue;
        }
        if (has_control(line)) {
            // TABs are separators; any other control character is a copy-paste accident.
            report(line_no, "this row contains a control character; retype it (row skipped)");
            continue;
        }
        auto entry = parse_row(line);
        if (!entry) {
            report(line_no, entry.error().message + " (row skipped)");
            continue;
        }
        entry->line = line_no;
        auto& table = entry->kind == LexiconKind::unit ? lex.m_units : lex.m_words;
        const std::string key = key_of(*entry);
        if (auto it = table.find(key); it != table.end()) {
            report(line_no, "\"" + entry->written + "\" was already given on line " +
                                std::to_string(it->second.line) + "; this row replaces it");
            it->second = std::move(*entry);
            continue;
        }
        lex.m_max_tokens = std::max(lex.m_max_tokens, entry->tokens);
        if (entry->tokens > 1)
            lex.m_phrase_starts.insert(entry->written.substr(0, entry->written.find(' ')));
        table.emplace(key, std::move(*entry));
    }
    return lex;
}

Result<Lexicon> Lexicon::load(const fs::path& file) {
    const std::string where = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return make_error(where + ": cannot open the pronunciation lexicon (" +
                          std::strerror(errno) + ")");
    std::string content;
    content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (content.size() > kMaxFileBytes)
        return make_error(where + ": too large for a pronunciation lexicon (over 1 MiB)");
    if (content.find('\0') != std::string::npos)
        return make_error(where + ": this is not a text file; save the lexicon as UTF-8 text");
    std::vector<std::string> problems;
    Lexicon lex = parse(content, where, &problems);
    for (const std::string& p : problems)
        log::warning(p);
    return lex;
}

const LexiconEntry* Lexicon::find_word(std::string_view key) const {
    const auto it = m_words.find(key);
    return it == m_words.end() ? nullptr : &it->second;
}

const LexiconEntry* Lexicon::find_unit(std::string_view key) const {
    const auto it = m_units.find(key);
    return it == m_units.end() ? nullptr : &it->second;
}

std::vector<const LexiconEntry*> Lexicon::entries() const {
    std::vector<const LexiconEntry*> out;
    for (const auto& [key, e] : m_words)
        out.push_back(&e);
    for (const auto& [key, e] : m_units)
        out.push_back(&e);
    return out;
}

std::string primary_language(std::string_view language) {
    std::string out(language.substr(0, language.find_first_of("-_")));
    for (char& c : out)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

namespace {

struct Registry {
    std::mutex mutex;
    fs::path folder;
    std::map<std::string, std::shared_ptr<const Lexicon>, std::less<>> cache;
};

Registry& registry() {
    static Registry r;
    return r;
}

/// A language code safe to use as a file name ("en", "es", "pt"): letters only.
bool plain_code(std::string_view s) {
    return !s.empty() && s.size() <= 8 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

} // namespace

void set_lexicon_folder(const fs::path& folder) {
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    if (folder == r.folder) return;
    r.folder = folder;
    r.cache.clear();
}

std::shared_ptr<const Lexicon> default_lexicon(std::string_view language) {
    const std::string code = primary_language(language);
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    if (r.folder.empty() || !plain_code(code)) return nullptr;
    if (const auto it = r.cache.find(code); it != r.cache.end()) return it->second;
    // Read once per language (a few kilobytes), then kept: never per sentence.
    std::shared_ptr<const Lexicon> lex;
    const fs::path file = r.folder / (code + ".tsv");
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        log::notice("no pronunciation lexicon for language \"" + code + "\" (" + file.string() +
                    "); abbreviations are read as eSpeak NG reads them");
    } else if (auto loaded = Lexicon::load(file); !loaded) {
        log::warning(loaded.error().message);
    } else {
        lex = std::make_shared<const Lexicon>(std::move(*loaded));
    }
    r.cache.emplace(code, lex);
    return lex;
}

} // namespace lectern::text
