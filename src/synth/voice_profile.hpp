// Voice profiles: files in voices/ (TOML) that say how an article in a language is read.
// Pure loading functions; any thread.
//
//   # voices/en.toml
//   name = "English"            # shown to staff
//   language = "en"             # the article languages it serves
//   espeak_voice = "en-us"      # eSpeak NG voice name
//   rate = 160                  # words per minute, 80..450
//   pitch = 45                  # 0..100
//   [pauses]                    # inserted as PCM silence, milliseconds, 0..5000
//   sentence_ms = 350
//   paragraph_ms = 750
//   heading_ms = 900
#pragma once

#include "core/result.hpp"
#include "synth/synthesizer.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace lectern::synth {

struct VoiceProfile {
    std::string id; ///< the file's stem: "en", "es"
    std::string name;
    std::string language = "en";
    SynthParams params;
    int sentence_pause_ms = 350;
    int paragraph_pause_ms = 750;
    int heading_pause_ms = 900;
};

/// Loads one profile; errors name the file, the line and the reason.
Result<VoiceProfile> load_voice_profile(const std::filesystem::path& file);

/// Every *.toml profile in a folder, sorted by id; a broken file is skipped with a log line.
/// Also points the normaliser's lexicon registry at <dir>/lexicon (text::set_lexicon_folder).
std::vector<VoiceProfile> load_voice_profiles(const std::filesystem::path& dir);

/// Finds a profile by id, else the first whose language matches; nullptr when none.
const VoiceProfile* find_voice_profile(const std::vector<VoiceProfile>& profiles,
                                       std::string_view id_or_language);

} // namespace lectern::synth
