// `lectern lint [PATH...]` (app/lint.hpp): a report for the people who write the handouts, per
// article: its outline, then everything that would be read wrongly or is hard to follow, each
// with the file and line. Main thread.
//
//   content/a.txt: "Title", language en (voice en), UTF-8, 12 headings, 38 sentences
//   content/a.txt:1: heading: Title
//   content/a.txt:14: finding: a sentence of 46 words (over 40); ...
//   content/a.txt:3: note: ...
//   lint: 2 articles, 1 finding
//
// Findings are things to fix (exit status 1); notes are things to know (Windows-1252, a BOM).
#include "app/lint.hpp"

#include "app/lint_words.hpp"
#include "app/paths.hpp"
#include "content/parse.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace lectern::app {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxSentenceWords = 40;
constexpr std::size_t kMaxBytes = 32u * 1024 * 1024; // as load_article
constexpr std::size_t kMaxRepeats = 3;               // per kind of encoding problem, then a count

bool is_article(const fs::path& p) {
    std::string ext = p.extension().string();
    for (char& c : ext)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return ext == ".txt" || ext == ".md" || ext == ".markdown";
}

/// The files to check, or an error naming a path that is neither a file nor a folder.
Result<std::vector<fs::path>> collect(const std::vector<std::string>& paths) {
    std::vector<fs::path> files;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            // The folder as the kiosk's library reads it: its own .txt and .md files.
            std::vector<fs::path> found;
            for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
                std::error_code type_ec;
                if (it->is_regular_file(type_ec) && is_article(it->path()))
                    found.push_back(it->path());
            }
            if (ec) return make_error("cannot list the folder " + p + " (" + ec.message() + ")");
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::exists(p, ec)) {
            files.emplace_back(p);
        } else {
            return make_error("no such file or folder: " + p +
                              "; give article files (.txt, .md) or folders of them");
        }
    }
    return files;
}

std::size_t line_in(std::string_view bytes, std::size_t offset) {
    return 1 +
           static_cast<std::size_t>(std::count(
               bytes.begin(),
               bytes.begin() + static_cast<std::ptrdiff_t>(std::min(offset, bytes.size())), '\n'));
}

/// Adds `message` for the first few lines in `lines`, then how many more there were.
void add_repeated(std::vector<LintLine>& out, const std::vector<std::size_t>& lines,
                  const std::string& message, bool finding) {
    for (std::size_t k = 0; k < lines.size() && k < kMaxRepeats; ++k) {
        std::string m = message;
        if (k + 1 == kMaxRepeats && lines.size() > kMaxRepeats)
            m += " (and " + std::to_string(lines.size() - kMaxRepeats) + " more lines)";
        out.push_back(LintLine{lines[k], m, finding});
    }
}

/// How the file is encoded: anything Lectern decodes is a note; bytes that are not text in any
/// encoding it knows (they would be lost or read as something else) are findings.
void check_encoding(std::string_view raw, const content::Article& a, std::vector<LintLine>& out) {
    using content::Encoding;
    switch (a.encoding) {
    case Encoding::utf8:
        break;
    case Encoding::utf8_bom:
        out.push_back({1,
                       "saved as UTF-8 with a byte-order mark (BOM); Lectern reads it, but "
                       "plain UTF-8 is safest for other tools",
                       false});
        break;
    case Encoding::utf16le:
    case Encoding::utf16be:
        out.push_back({1,
                       std::string("saved as ") + content::to_string(a.encoding) +
                           "; Lectern reads it, but save it as UTF-8 so every tool shows the "
                           "same letters",
                       false});
        break;
    case Encoding::windows1252: {
        out.push_back({1,
                       "saved as Windows-1252, not UTF-8; Lectern reads it, but save it as "
                       "UTF-8 so every tool shows the same letters",
                       false});
        std::vector<std::size_t> undefined;
        std::vector<std::size_t> broken;
        bool has_utf8 = false;
        for (std::size_t i = 0; i < raw.size();) {
            const std::size_t at = i;
            const char32_t cp = utf8::next(raw, i);
            const auto b = static_cast<unsigned char>(raw[at]);
            if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D)
                undefined.push_back(line_in(raw, at));
            if (cp == 0xFFFD && i - at == 1) {
                broken.push_back(line_in(raw, at));
            } else if (cp >= 0x80) {
                has_utf8 = true;
            }
        }
        add_repeated(out, undefined,
                     "a byte that is no character in Windows-1252 (nor UTF-8) is left out when "
                     "reading; retype the text on this line",
                     true);
        // UTF-8 letters and other bytes in one file: damaged, or saved in two encodings.
        if (has_utf8)
            add_repeated(
                out, broken,
                "bytes that are not UTF-8 in a file that is otherwise UTF-8 (they are read "
                "as the wrong letters); retype this line and save the file as UTF-8",
                true);
        break;
    }
    }
    std::vector<std::size_t> replaced;
    std::vector<std::size_t> controls;
    const std::string& s = a.source;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t at = i;
        const char32_t cp = utf8::next(s, i);
        if (cp == 0xFFFD) replaced.push_back(a.line_of(at));
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\f') || (cp >= 0x7F && cp <= 0x9F))
            controls.push_back(a.line_of(at));
    }
    add_repeated(out, replaced,
                 "invalid bytes (shown as \u00BF or \uFFFD) are left out when reading; retype the "
                 "text on this line",
                 true);
    add_repeated(out, controls, "a control character on this line is not read aloud", false);
}

std::size_t word_count(std::string_view sentence) {
    std::size_t words = 0;
    bool in_word = false;
    bool counted = false;
    for (char c : sentence) {
        if (c == ' ') {
            in_word = false;
            continue;
        }
        if (!in_word) counted = false;
        in_word = true;
        const auto b = static_cast<unsigned char>(c);
        if (!counted && (std::isalnum(b) || b >= 0x80)) {
            ++words;
            counted = true;
        }
    }
    return words;
}

/// Lints one file; prints its report and returns the number of findings.
std::size_t lint_file(const fs::path& file, WordChecker& words) {
    const std::string name = file.string();
    auto article = content::load_article(file);
    if (!article) {
        std::string message = article.error().message;
        if (message.starts_with(name + ": ")) message.erase(0, name.size() + 2);
        std::printf("%s: finding: %s\n", name.c_str(), message.c_str());
        return 1;
    }
    std::string raw;
    {
        std::ifstream in(file, std::ios::binary);
        raw.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (raw.size() > kMaxBytes) raw.resize(kMaxBytes);
    }
    const content::Article& a = *article;
    std::vector<LintLine> lines;
    check_encoding(raw, a, lines);
    for (const auto& [line, message] : a.ignored)
        lines.push_back({line, "front matter: " + message, true});
    if (auto r = words.use_article(a); !r) {
        lines.push_back({0, "the words were not checked: " + r.error().message, true});
    } else {
        for (const content::Section& section : a.sections) {
            words.check(a, section.heading_source, section.heading);
            for (const content::Sentence& sentence : section.sentences)
                words.check(a, sentence.source, sentence.text);
        }
        for (LintLine& l : words.take_findings())
            lines.push_back(std::move(l));
    }
    for (const content::Section& section : a.sections) {
        for (const content::Sentence& sentence : section.sentences) {
            const std::size_t n = word_count(sentence.text);
            if (n <= kMaxSentenceWords) continue;
            lines.push_back({a.line_of(sentence.source.begin),
                             "a sentence of " + std::to_string(n) +
                                 " words (over 40) is hard to follow by ear; split it",
                             true});
        }
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const LintLine& x, const LintLine& y) { return x.line < y.line; });

    const std::string voice = a.voice.empty() ? "" : " (voice " + a.voice + ")";
    const auto count = [](std::size_t n, const char* what) {
        return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
    };
    std::printf("%s: \"%s\", language %s%s, %s, %s, %s\n", name.c_str(), a.title.c_str(),
                a.language.c_str(), voice.c_str(), content::to_string(a.encoding),
                count(a.sections.size(), "heading").c_str(),
                count(a.sentence_count(), "sentence").c_str());
    for (const content::Section& section : a.sections)
        std::printf("%s:%zu: heading: %s\n", name.c_str(), a.line_of(section.heading_source.begin),
                    section.heading.c_str());
    std::size_t findings = 0;
    for (const LintLine& l : lines) {
        const std::string where = l.line > 0 ? name + ":" + std::to_string(l.line) : name;
        std::printf("%s: %s: %s\n", where.c_str(), l.finding ? "finding" : "note",
                    l.message.c_str());
        findings += l.finding ? 1 : 0;
    }
    return findings;
}

} // namespace

int run_lint(const std::vector<std::string>& paths) {
    auto files = collect(paths.empty() ? std::vector<std::string>{content_dir().string()} : paths);
    if (!files) return fail(files.error().message);
    auto words = WordChecker::create();
    if (!words) return fail(words.error().message);
    std::size_t findings = 0;
    for (const fs::path& file : *files)
        findings += lint_file(file, *words);
    std::printf("lint: %zu %s, %zu %s\n", files->size(),
                files->size() == 1 ? "article" : "articles", findings,
                findings == 1 ? "finding" : "findings");
    std::fflush(stdout);
    return findings > 0 ? 1 : 0;
}

} // namespace lectern::app
