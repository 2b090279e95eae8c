// Implementation of ui/strings.hpp (toml++).
#include "ui/strings.hpp"

#include "core/log.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

namespace lectern::ui {

namespace {
std::string primary_tag(std::string_view language) {
    std::string out(language.substr(0, language.find_first_of("-_")));
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

void flatten(const toml::table& table, const std::string& prefix,
             std::map<std::string, std::string, std::less<>>& out) {
    for (const auto& [key, node] : table) {
        const std::string name =
            prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        if (const auto* sub = node.as_table()) {
            flatten(*sub, name, out);
        } else if (const auto* s = node.as_string()) {
            out[name] = s->get();
        }
    }
}
} // namespace

Result<Strings> Strings::parse(std::string_view text, const std::string& source_name) {
    toml::table root;
    try {
        root = toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
        return make_error(source_name + ", line " + std::to_string(e.source().begin.line) + ": " +
                          log::one_line(e.description()));
    }
    Strings s;
    flatten(root, "", s.m_values);
    if (auto it = s.m_values.find("language"); it != s.m_values.end())
        s.m_language = primary_tag(it->second);
    return s;
}

Result<Strings> Strings::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error("cannot read " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), file.string());
}

std::string Strings::get(std::string_view key) const {
    if (auto it = m_values.find(key); it != m_values.end()) return it->second;
    // Log each missing key once: a translator can then find every gap from one run.
    static std::mutex mutex;
    static std::set<std::string, std::less<>> reported;
    {
        std::lock_guard lock(mutex);
        if (reported.insert(std::string(key)).second)
            log::warning("interface string '" + std::string(key) + "' is missing from voices/ui");
    }
    return std::string(key);
}

std::string
Strings::format(std::string_view key,
                std::initializer_list<std::pair<std::string_view, std::string>> args) const {
    std::string text = get(key);
    for (const auto& [name, value] : args) {
        const std::string token = "{" + std::string(name) + "}";
        for (auto pos = text.find(token); pos != std::string::npos;
             pos = text.find(token, pos + value.size())) {
            std::size_t len = token.size();
            // "{title}." with a title that ends in "?" must not say "?." (a speech pause too many).
            const bool ends_sentence =
                !value.empty() &&
                (value.back() == '?' || value.back() == '!' || value.back() == '.');
            if (ends_sentence && pos + len < text.size() && text[pos + len] == '.') ++len;
            text.replace(pos, len, value);
        }
    }
    return text;
}

void Strings::fill_from(const Strings& other) {
    for (const auto& [k, v] : other.m_values)
        m_values.emplace(k, v);
}

StringLibrary StringLibrary::load(const std::filesystem::path& dir) {
    StringLibrary lib;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".toml") files.push_back(entry.path());
    if (ec)
        log::error("cannot read the interface strings in " + dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto s = Strings::load(f);
        if (!s) {
            log::error(s.error().message + "; that language is left out");
            continue;
        }
        lib.add(std::move(*s));
    }
    return lib;
}

void StringLibrary::add(Strings s) {
    m_all.push_back(std::move(s));
    // Complete every language from English so a missing translation is spoken in English rather
    // than as a key name.
    const auto en = std::find_if(m_all.begin(), m_all.end(),
                                 [](const Strings& x) { return x.language() == "en"; });
    if (en == m_all.end()) return;
    const Strings english = *en;
    for (auto& x : m_all)
        if (x.language() != "en") x.fill_from(english);
}

const Strings& StringLibrary::for_language(std::string_view language) const {
    static const Strings empty;
    const std::string tag = primary_tag(language);
    for (const auto& s : m_all)
        if (s.language() == tag) return s;
    for (const auto& s : m_all)
        if (s.language() == "en") return s;
    return m_all.empty() ? empty : m_all.front();
}

std::vector<std::string> StringLibrary::languages() const {
    std::vector<std::string> out;
    for (const auto& s : m_all)
        out.push_back(s.language());
    return out;
}

} // namespace lectern::ui
