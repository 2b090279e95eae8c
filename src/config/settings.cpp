// Implementation of config/settings.hpp with toml++. Any thread; logs through core/log.hpp.
//
// Messages are for a hospital IT person with the file open in an editor: "<file>:<line>: <key>
// <what is wrong> (<what is allowed>); using the default <value>". A value is checked on its own,
// and a bad one never takes a good neighbour down with it; only a file that is not TOML at all
// falls back to the defaults as a whole (there is nothing trustworthy left to read in it).
#include "config/settings.hpp"

#include "core/log.hpp"
#include "core/result.hpp"
#include "core/utf8.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <span>

namespace lectern::config {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxFileBytes = 64 * 1024;

/// Why a text value is refused, or nothing when it is fine.
using Check = std::function<std::optional<std::string>(const std::string&)>;

std::optional<std::string> printable(const std::string& s, std::size_t max_bytes) {
    if (s.size() > max_bytes) return "is longer than " + std::to_string(max_bytes) + " bytes";
    if (!utf8::is_valid(s)) return std::string("is not valid UTF-8");
    for (const unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return std::string("contains a control character");
    return std::nullopt;
}

std::optional<std::string> absolute_path(const std::string& s, bool directory) {
    if (auto bad = printable(s, kMaxTextBytes)) return bad;
    const fs::path p(s);
    if (!p.is_absolute()) return "\"" + s + "\" is not an absolute path (it must start with /)";
    std::error_code ec;
    if (directory && !fs::is_directory(p, ec)) return "\"" + s + "\" is not a folder that exists";
    if (!directory && !fs::is_regular_file(p, ec)) return "\"" + s + "\" is not a file that exists";
    return std::nullopt;
}

bool lower_alnum(char c, bool digits) {
    return (c >= 'a' && c <= 'z') || (digits && c >= '0' && c <= '9');
}

/// "en", "es", "pt-br": 2 or 3 lowercase letters, then optional "-subtag"s.
std::optional<std::string> language_code(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size() && lower_alnum(s[i], false))
        ++i;
    bool ok = i >= 2 && i <= 3 && s.size() <= 16;
    for (; ok && i < s.size(); ++i)
        ok = lower_alnum(s[i], true) || (s[i] == '-' && i + 1 < s.size() && s[i + 1] != '-');
    if (ok) return std::nullopt;
    return "\"" + s + "\" is not a language code like \"en\" or \"es\"";
}

/// A voice profile id is a file stem in voices/: "en", "es", "en-slow".
std::optional<std::string> profile_id(const std::string& s) {
    const bool ok = s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
                        return lower_alnum(c, true) || c == '-' || c == '_';
                    });
    if (ok) return std::nullopt;
    return "\"" + s + "\" is not a voice profile name like \"en\" or \"es\"";
}

std::optional<std::string> pin(const std::string& s) {
    const bool digits =
        std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && s.size() >= 4 && s.size() <= 8) return std::nullopt;
    return std::string("must be 4 to 8 digits");
}

std::string quoted(const std::string& s) {
    return "\"" + s + "\"";
}

/// Reads one file's values into Settings, recording and logging every problem.
class Loader {
  public:
    Loader(const toml::table& root, Loaded& out) : m_root(root), m_out(out) {}

    void integer(std::string_view key, IntRange range, int& field, std::string_view unit) {
        const toml::node* node = m_root.get(key);
        if (node == nullptr) return;
        if (auto v = whole_number(*node, key, range, unit, std::to_string(field))) field = *v;
    }

    void optional_integer(std::string_view key, IntRange range, std::optional<int>& field,
                          std::string_view unit, std::string_view default_text) {
        const toml::node* node = m_root.get(key);
        if (node == nullptr) return;
        if (auto v = whole_number(*node, key, range, unit, std::string(default_text))) field = *v;
    }

    void choice(std::string_view key, std::span<const char* const> names, std::string& field) {
        std::string allowed;
        for (const char* n : names)
            allowed += (allowed.empty() ? "" : ", ") + quoted(n);
        text(key, field, false, [&](const std::string& s) -> std::optional<std::string> {
            if (std::find(names.begin(), names.end(), s) != names.end()) return std::nullopt;
            return quoted(s) + " is not one of " + allowed;
        });
    }

    /// A text value; `allow_empty` means "" stands for the default behaviour.
    void text(std::string_view key, std::string& field, bool allow_empty, const Check& check,
              std::string_view example = {}) {
        const toml::node* node = m_root.get(key);
        if (node == nullptr) return;
        const auto* value = node->as_string();
        if (value == nullptr) {
            std::string why = "must be text in quotes";
            if (!example.empty())
                why += ", e.g. " + std::string(key) + " = " + std::string(example);
            return refuse(*node, key, why, describe_default(field));
        }
        const std::string& s = value->get();
        if (s.empty() && allow_empty) {
            field.clear();
            return;
        }
        if (auto bad = check(s)) return refuse(*node, key, *bad, describe_default(field));
        field = s;
    }

    /// Logs a warning for every key that is not in `known`.
    void unknown_keys(std::span<const std::string_view> known) {
        for (const auto& [key, node] : m_root) {
            if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
            report(at(node) + "unknown setting \"" + std::string(key.str()) +
                   "\" ignored (see the comments in the shipped lectern.toml for the names)");
        }
    }

    /// Reports a problem at key's line (used for checks across two values).
    void problem_at(std::string_view key, const std::string& what) {
        if (const toml::node* node = m_root.get(key)) report(at(*node) + what);
    }

  private:
    std::string at(const toml::node& node) const {
        return m_out.file + ":" + std::to_string(node.source().begin.line) + ": ";
    }

    std::string describe_default(const std::string& field) const {
        return field.empty() ? "" : quoted(field);
    }

    std::optional<int> whole_number(const toml::node& node, std::string_view key, IntRange range,
                                    std::string_view unit, const std::string& fallback) {
        // Appended piecewise: GCC 12 at -O3 warns (-Wrestrict, GCC bug 105329) on "..." + string.
        std::string allowed = "from ";
        allowed += std::to_string(range.min);
        allowed += " to ";
        allowed += std::to_string(range.max);
        if (!unit.empty()) {
            allowed += ' ';
            allowed += unit;
        }
        const auto* value = node.as_integer();
        if (value == nullptr) {
            refuse(node, key, "must be a whole number " + allowed, fallback);
            return std::nullopt;
        }
        const long long v = value->get();
        if (v < range.min || v > range.max) {
            refuse(node, key, std::to_string(v) + " is out of range (" + allowed + ")", fallback);
            return std::nullopt;
        }
        return static_cast<int>(v);
    }

    void refuse(const toml::node& node, std::string_view key, const std::string& why,
                const std::string& fallback) {
        report(at(node) + std::string(key) + " " + why + "; using the default" +
               (fallback.empty() ? "" : " " + fallback));
    }

    void report(std::string line) {
        line = log::one_line(line); // values quoted back may hold escaped line breaks
        log::warning(line);
        m_out.problems.push_back(std::move(line));
    }

    const toml::table& m_root;
    Loaded& m_out;
};

constexpr std::array<std::string_view, 17> kKeys = {"content_dir",
                                                    "audio_device",
                                                    "voice",
                                                    "rate",
                                                    "volume",
                                                    "volume_max",
                                                    "theme",
                                                    "text_size",
                                                    "idle_timeout_seconds",
                                                    "key_map",
                                                    "language",
                                                    "staff_pin",
                                                    "device_name",
                                                    "staff_chord",
                                                    "staff_hold_seconds",
                                                    "staff_timeout_seconds",
                                                    "audio_standby_seconds"};

/// "help+back": action-like names (lowercase letters, digits, '-') joined by '+', at least two.
std::optional<std::string> chord(const std::string& s) {
    std::size_t names = 0, length = 0;
    bool ok = s.size() <= 64;
    for (std::size_t i = 0; ok && i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '+') {
            ok = length > 0;
            ++names;
            length = 0;
        } else {
            ok = lower_alnum(s[i], true) || s[i] == '-';
            ++length;
        }
    }
    if (ok && names >= 2) return std::nullopt;
    return quoted(s) + " is not two or more key actions joined by +, like \"help+back\"";
}

/// Only the keys the staff menu writes; everything else in a staff file is reported.
void read_staff_values(const toml::table& root, Loaded& out) {
    Settings& s = out.settings;
    Loader r(root, out);
    r.optional_integer("rate", kRateRange, s.rate, "words a minute", "(the voice's own)");
    r.integer("volume", kVolumeRange, s.volume, "percent");
    s.volume = std::min(s.volume, s.volume_max);
    r.choice("theme", kThemes, s.theme);
    r.choice("text_size", kTextSizes, s.text_size);
    r.integer("idle_timeout_seconds", kIdleTimeoutRange, s.idle_timeout_seconds, "seconds");
    std::vector<std::string_view> known(std::begin(kStaffKeys), std::end(kStaffKeys));
    r.unknown_keys(known);
}

void read_values(const toml::table& root, Loaded& out) {
    Settings& s = out.settings;
    Loader r(root, out);
    r.text("content_dir", s.content_dir, true,
           [](const std::string& v) { return absolute_path(v, true); });
    r.text("audio_device", s.audio_device, true,
           [](const std::string& v) { return printable(v, kMaxTextBytes); });
    r.text("voice", s.voice, true, profile_id, "\"en\"");
    r.optional_integer("rate", kRateRange, s.rate, "words a minute", "(the voice's own)");
    r.integer("volume_max", kVolumeMaxRange, s.volume_max, "percent");
    r.integer("volume", kVolumeRange, s.volume, "percent");
    if (s.volume > s.volume_max) {
        r.problem_at("volume", "volume " + std::to_string(s.volume) + " is above volume_max " +
                                   std::to_string(s.volume_max) + "; starting at " +
                                   std::to_string(s.volume_max));
        s.volume = s.volume_max;
    }
    r.choice("theme", kThemes, s.theme);
    r.choice("text_size", kTextSizes, s.text_size);
    r.integer("idle_timeout_seconds", kIdleTimeoutRange, s.idle_timeout_seconds, "seconds");
    r.text("key_map", s.key_map, true,
           [](const std::string& v) { return absolute_path(v, false); });
    r.text("language", s.language, false, language_code, "\"en\"");
    // A PIN written as a number would lose its leading zeros: it must be in quotes.
    r.text("staff_pin", s.staff_pin, true, pin, "\"4711\"");
    r.text("device_name", s.device_name, true,
           [](const std::string& v) { return printable(v, 64); });
    r.text("staff_chord", s.staff_chord, false, chord, "\"help+back\"");
    r.integer("staff_hold_seconds", kStaffHoldRange, s.staff_hold_seconds, "seconds");
    r.integer("staff_timeout_seconds", kStaffTimeoutRange, s.staff_timeout_seconds, "seconds");
    r.integer("audio_standby_seconds", kStandbyRange, s.audio_standby_seconds, "seconds");
    r.unknown_keys(kKeys);
}

std::optional<toml::table> parse_or_report(std::string_view toml_text, const std::string& source,
                                           Loaded& out, const char* consequence) {
    try {
        return toml::parse(toml_text, source);
    } catch (const toml::parse_error& e) {
        std::string line = source + ":" + std::to_string(e.source().begin.line) + ": " +
                           log::one_line(e.description()) + " (not valid TOML); " + consequence;
        log::error(line);
        out.problems.push_back(std::move(line));
        return std::nullopt;
    }
}

/// The file's text, or why it cannot be used as a settings file.
Result<std::string> read_small_file(const fs::path& file) {
    std::error_code ec;
    if (fs::is_directory(file, ec)) return make_error("is a folder, not a settings file");
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(std::string("cannot be read (") + std::strerror(errno) + ")");
    std::string content;
    content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (content.size() > kMaxFileBytes) return make_error("is too large for a settings file");
    return content;
}

} // namespace

Loaded parse_settings(std::string_view toml_text, const std::string& source) {
    Loaded out;
    out.file = source;
    out.found = true;
    if (auto root = parse_or_report(toml_text, source, out, "every setting is at its default"))
        read_values(*root, out);
    return out;
}

void overlay_staff_text(Loaded& into, std::string_view toml_text, const std::string& source) {
    const std::string main_file = into.file;
    into.file = source; // messages name the staff file
    if (auto root = parse_or_report(toml_text, source, into, "the staff menu's changes are unused"))
        read_staff_values(*root, into);
    into.file = main_file;
}

void overlay_staff_file(Loaded& into, const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return;
    auto text = read_small_file(file);
    if (!text) {
        std::string line = log::one_line(file.string() + ": " + text.error().message +
                                         "; the staff menu's changes are unused");
        log::error(line);
        into.problems.push_back(std::move(line));
        return;
    }
    overlay_staff_text(into, *text, file.string());
}

std::string staff_file_text(const Settings& s) {
    std::string out = "# Defaults changed in Lectern's staff menu; laid over /etc/lectern/"
                      "lectern.toml.\n# Delete this file to go back to that file's values.\n";
    out += "volume = " + std::to_string(s.volume) + "\n";
    if (s.rate) out += "rate = " + std::to_string(*s.rate) + "\n";
    out += "theme = " + quoted(s.theme) + "\n";
    out += "text_size = " + quoted(s.text_size) + "\n";
    out += "idle_timeout_seconds = " + std::to_string(s.idle_timeout_seconds) + "\n";
    return out;
}

Loaded load_settings(const fs::path& file) {
    const std::string where = file.string();
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        log::notice(where + ": no settings file; every setting is at its default");
        Loaded out;
        out.file = where;
        return out;
    }
    const auto fallback = [&](const std::string& why) {
        Loaded out;
        out.file = where;
        out.found = true;
        std::string line = log::one_line(where + ": " + why + "; every setting is at its default");
        log::error(line);
        out.problems.push_back(std::move(line));
        return out;
    };
    auto content = read_small_file(file);
    if (!content) return fallback(content.error().message);
    return parse_settings(*content, where);
}

} // namespace lectern::config
