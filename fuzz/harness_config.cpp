// Fuzz bodies for the settings parser and the key map (fuzz/harness.hpp): config::parse_settings
// never fails and every value it returns is inside its documented range; ui::KeyMap::apply either
// applies a file or refuses it whole, leaving the map exactly as it was. Single-threaded.
#include "harness.hpp"

#include "config/settings.hpp"
#include "ui/keymap.hpp"

#include <algorithm>
#include <iterator>
#include <string>

namespace lectern::fuzz {
namespace {

bool in(int v, config::IntRange r) {
    return v >= r.min && v <= r.max;
}

template <std::size_t N> bool one_of(const std::string& v, const char* const (&names)[N]) {
    return std::any_of(std::begin(names), std::end(names), [&](const char* n) { return v == n; });
}

} // namespace

void settings(Input data) {
    const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    const config::Loaded loaded = config::parse_settings(text, "fuzz.toml");
    const config::Settings& s = loaded.settings;
    expect(in(s.volume, config::kVolumeRange), "volume in range");
    expect(in(s.volume_max, config::kVolumeMaxRange), "volume_max in range");
    expect(s.volume <= s.volume_max, "volume never above volume_max");
    expect(!s.rate || in(*s.rate, config::kRateRange), "rate in range");
    expect(in(s.idle_timeout_seconds, config::kIdleTimeoutRange), "idle timeout in range");
    expect(one_of(s.theme, config::kThemes), "a known theme");
    expect(one_of(s.text_size, config::kTextSizes), "a known text size");
    for (const std::string* v : {&s.content_dir, &s.audio_device, &s.voice, &s.key_map})
        expect(v->size() <= config::kMaxTextBytes, "text values bounded");
    for (const auto& p : loaded.problems)
        expect(p.find('\n') == std::string::npos, "each problem is one line");
}

void keymap(Input data) {
    const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    ui::KeyMap map = ui::KeyMap::defaults();
    const auto before = map.bindings();
    const auto r = map.apply(text, "fuzz-keys.toml");
    if (!r) {
        expect(r.error().message.find('\n') == std::string::npos, "a refusal is one line");
        const auto& after = map.bindings();
        expect(after.size() == before.size(), "a refused file changes nothing");
        for (std::size_t i = 0; i < after.size(); ++i)
            expect(after[i].key == before[i].key && after[i].action == before[i].action,
                   "a refused file changes nothing");
    }
    for (const auto& b : map.bindings())
        expect(map.lookup(b.key).has_value(), "bound keys work");
}

} // namespace lectern::fuzz
