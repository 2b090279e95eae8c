// Implementation of synth/voice_profile.hpp: TOML profiles read with toml++. Pure loading (plus
// warning log lines); any thread.
//
// Errors are one line a nurse or IT person can act on: "<file>:<line>: <what is wrong>", with the
// valid range or an example. Unknown keys are only warned about, so a newer profile (or a typo in
// an optional key) never leaves a kiosk without a voice; a wrong value is an error, because
// reading an article too fast or in the wrong voice is worse than a clear message.
#include "synth/voice_profile.hpp"

#include "core/language_tag.hpp"
#include "core/log.hpp"
#include "core/utf8.hpp"
#include "synth/params.hpp"
#include "text/lexicon.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>

namespace lectern::synth {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxProfileBytes = 64 * 1024;
constexpr IntRange kPauseRange{0, 5000};

/// Reads typed values out of one profile, naming the file and the line in every message.
class Reader {
  public:
    explicit Reader(std::string file) : m_file(std::move(file)) {}

    std::string at(const toml::node& node) const {
        return m_file + ":" + std::to_string(node.source().begin.line) + ": ";
    }

    /// A non-empty string of at most 100 bytes, or nothing when absent and not required.
    Result<std::optional<std::string>> text(const toml::table& t, std::string_view key,
                                            bool required, std::string_view example) const {
        const toml::node* node = t.get(key);
        if (node == nullptr) {
            if (!required) return std::optional<std::string>{};
            return make_error(m_file + ": missing \"" + std::string(key) + "\" (for example " +
                              std::string(example) + ")");
        }
        const auto* value = node->as_string();
        if (value == nullptr || value->get().empty() || value->get().size() > 100)
            return make_error(at(*node) + std::string(key) +
                              " must be a text of 1 to 100 characters in quotes, e.g. " +
                              std::string(example));
        return std::optional<std::string>{value->get()};
    }

    /// A whole number within range, or `fallback` when absent.
    Result<int> number(const toml::table& t, std::string_view key, IntRange range, int fallback,
                       std::string_view unit = {}) const {
        const toml::node* node = t.get(key);
        if (node == nullptr) return fallback;
        const auto* value = node->as_integer();
        if (value == nullptr)
            return make_error(at(*node) + std::string(key) + " must be a whole number from " +
                              std::to_string(range.min) + " to " + std::to_string(range.max));
        const long long v = value->get();
        if (v < range.min || v > range.max)
            return make_error(at(*node) + out_of_range_message(key, v, range, unit));
        return static_cast<int>(v);
    }

    void warn_unknown(const toml::table& t, std::initializer_list<std::string_view> known,
                      std::string_view prefix = {}) const {
        for (const auto& [key, node] : t) {
            if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
            log::warning(at(node) + "unknown key \"" + std::string(prefix) +
                         std::string(key.str()) + "\" ignored");
        }
    }

  private:
    std::string m_file;
};

// Propagates the error of a Result; keeps the body below a list of steps rather than of ifs.
#define LECTERN_TRY(var, expr)                                                                     \
    auto var = (expr);                                                                             \
    if (!var) return var.error()

} // namespace

Result<VoiceProfile> load_voice_profile(const fs::path& file) {
    const std::string where = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return make_error(where + ": cannot open voice profile (" + std::strerror(errno) + ")");
    std::string content;
    content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (content.size() > kMaxProfileBytes)
        return make_error(where + ": too large for a voice profile (over 64 KiB)");

    toml::table root;
    try {
        root = toml::parse(content, where);
    } catch (const toml::parse_error& e) {
        return make_error(where + ":" + std::to_string(e.source().begin.line) + ": " +
                          log::one_line(e.description()));
    }

    const Reader r(where);
    VoiceProfile p;
    p.id = file.stem().string();
    LECTERN_TRY(name, r.text(root, "name", false, "name = \"English\""));
    p.name = name->value_or(p.id);
    LECTERN_TRY(language, r.text(root, "language", true, "language = \"en\""));
    if (!language_tag::plausible(**language))
        return make_error(r.at(*root.get("language")) + "language \"" + **language +
                          "\" is not a language code like \"en\", \"es\" or \"en-GB\"");
    p.language = **language;
    LECTERN_TRY(voice, r.text(root, "espeak_voice", true, "espeak_voice = \"en-us\""));
    p.params.voice = **voice;
    LECTERN_TRY(rate, r.number(root, "rate", kRateRange, p.params.rate_wpm, "words per minute"));
    p.params.rate_wpm = *rate;
    LECTERN_TRY(pitch, r.number(root, "pitch", kPitchRange, p.params.pitch));
    p.params.pitch = *pitch;
    LECTERN_TRY(volume, r.number(root, "volume", kVolumeRange, p.params.volume));
    p.params.volume = *volume;
    // The voice name's spelling is checked here too, so a typo is reported with its line.
    if (auto ok = check_params(p.params); !ok)
        return make_error(r.at(*root.get("espeak_voice")) + ok.error().message);
    r.warn_unknown(root, {"name", "language", "espeak_voice", "rate", "pitch", "volume", "pauses"});

    if (const toml::node* node = root.get("pauses")) {
        const toml::table* pauses = node->as_table();
        if (pauses == nullptr)
            return make_error(
                r.at(*node) +
                "pauses must be a section: [pauses] on its own line, then sentence_ms = 350");
        LECTERN_TRY(sentence,
                    r.number(*pauses, "sentence_ms", kPauseRange, p.sentence_pause_ms, "ms"));
        p.sentence_pause_ms = *sentence;
        LECTERN_TRY(paragraph,
                    r.number(*pauses, "paragraph_ms", kPauseRange, p.paragraph_pause_ms, "ms"));
        p.paragraph_pause_ms = *paragraph;
        LECTERN_TRY(heading,
                    r.number(*pauses, "heading_ms", kPauseRange, p.heading_pause_ms, "ms"));
        p.heading_pause_ms = *heading;
        r.warn_unknown(*pauses, {"sentence_ms", "paragraph_ms", "heading_ms"}, "pauses.");
    }
    return p;
}

std::vector<VoiceProfile> load_voice_profiles(const fs::path& dir) {
    std::vector<VoiceProfile> profiles;
    // The pronunciation lexicons live beside the profiles (voices/lexicon/<language>.tsv); the
    // normaliser reads the one for a profile's language on first use (text/lexicon.hpp).
    text::set_lexicon_folder(dir / "lexicon");
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        log::warning("cannot read voice profiles in " + dir.string() + ": " + ec.message());
        return profiles;
    }
    // Only the top level: sub-folders (voices/ui/) hold other kinds of files.
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::error_code type_ec;
        if (it->path().extension() != ".toml" || !it->is_regular_file(type_ec)) continue;
        auto profile = load_voice_profile(it->path());
        if (!profile) {
            log::warning(profile.error().message + " (voice profile skipped)");
            continue;
        }
        profiles.push_back(std::move(*profile));
    }
    std::sort(profiles.begin(), profiles.end(),
              [](const VoiceProfile& a, const VoiceProfile& b) { return a.id < b.id; });
    return profiles;
}

const VoiceProfile* find_voice_profile(const std::vector<VoiceProfile>& profiles,
                                       std::string_view id_or_language) {
    const std::string wanted = utf8::ascii_lower(id_or_language);
    for (const auto& p : profiles)
        if (p.id == id_or_language) return &p;
    for (const auto& p : profiles)
        if (utf8::ascii_lower(p.language) == wanted) return &p;
    // "en-GB" for an article still finds the "en" profile: compare primary language subtags.
    const auto primary = [](std::string_view s) { return s.substr(0, s.find('-')); };
    for (const auto& p : profiles)
        if (!wanted.empty() && primary(utf8::ascii_lower(p.language)) == primary(wanted)) return &p;
    return nullptr;
}

#undef LECTERN_TRY

} // namespace lectern::synth
