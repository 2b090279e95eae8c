// Voice profiles: loading, validation messages with file and line, unknown keys, the folder
// loader and lookup, and the shipped voices/en.toml and voices/es.toml against real eSpeak NG.
#include "core/log.hpp"
#include "support/subprocess.hpp"
#include "synth/voice_profile.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace lectern;
using namespace lectern::synth;
namespace fs = std::filesystem;

namespace {

fs::path write(const fs::path& dir, const std::string& name, const std::string& content) {
    const fs::path file = dir / name;
    std::ofstream(file, std::ios::binary) << content;
    return file;
}

/// Captures warning lines for the lifetime of the object.
struct LogCapture {
    std::vector<std::string> lines;
    log::Sink previous;
    LogCapture() {
        previous =
            log::set_sink([this](log::Level, std::string_view line) { lines.emplace_back(line); });
    }
    ~LogCapture() { log::set_sink(previous); }
};

const char* kValid = R"(# a test profile
name = "Test English"
language = "en"
espeak_voice = "en-gb"
rate = 150
pitch = 40
volume = 90

[pauses]
sentence_ms = 300
paragraph_ms = 600
heading_ms = 800
)";

fs::path voices_dir() {
    return fs::path(LECTERN_SOURCE_DIR) / "voices";
}

std::string error_of(const fs::path& file) {
    const auto r = load_voice_profile(file);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
}

} // namespace

TEST_CASE("a valid profile loads every field") {
    const fs::path dir = lectern::test::temp_dir("synth-profile-valid");
    const auto p = load_voice_profile(write(dir, "test.toml", kValid));
    REQUIRE(p.ok());
    CHECK(p->id == "test");
    CHECK(p->name == "Test English");
    CHECK(p->language == "en");
    CHECK(p->params.voice == "en-gb");
    CHECK(p->params.rate_wpm == 150);
    CHECK(p->params.pitch == 40);
    CHECK(p->params.volume == 90);
    CHECK(p->sentence_pause_ms == 300);
    CHECK(p->paragraph_pause_ms == 600);
    CHECK(p->heading_pause_ms == 800);
}

TEST_CASE("optional fields take their defaults") {
    const fs::path dir = lectern::test::temp_dir("synth-profile-minimal");
    const auto p =
        load_voice_profile(write(dir, "fr.toml", "language = \"fr\"\nespeak_voice = \"fr\"\n"));
    REQUIRE(p.ok());
    CHECK(p->name == "fr");
    CHECK(p->params.rate_wpm == 175);
    CHECK(p->params.pitch == 50);
    CHECK(p->sentence_pause_ms == 350);
}

TEST_CASE("bad values are errors naming the file, the line and the valid range") {
    const fs::path dir = lectern::test::temp_dir("synth-profile-bad");
    std::string text = kValid;
    text.replace(text.find("rate = 150"), 10, "rate = 500");
    std::string m = error_of(write(dir, "rate.toml", text));
    CHECK(m.find("rate.toml:5:") != std::string::npos);
    CHECK(m.find("500") != std::string::npos);
    CHECK(m.find("80..450") != std::string::npos);

    m = error_of(
        write(dir, "pitch.toml", "language = \"en\"\nespeak_voice = \"en\"\npitch = \"high\"\n"));
    CHECK(m.find("pitch.toml:3:") != std::string::npos);
    CHECK(m.find("whole number") != std::string::npos);

    m = error_of(write(dir, "pause.toml",
                       "language = \"en\"\nespeak_voice = \"en\"\n[pauses]\nheading_ms = -5\n"));
    CHECK(m.find("pause.toml:4:") != std::string::npos);
    CHECK(m.find("0..5000") != std::string::npos);

    m = error_of(write(dir, "voice.toml", "language = \"en\"\nespeak_voice = \"en us\"\n"));
    CHECK(m.find("voice.toml:2:") != std::string::npos);

    m = error_of(write(dir, "lang.toml", "language = \"English\"\nespeak_voice = \"en\"\n"));
    CHECK(m.find("lang.toml:1:") != std::string::npos);

    m = error_of(write(dir, "missing.toml", "language = \"en\"\n"));
    CHECK(m.find("missing.toml") != std::string::npos);
    CHECK(m.find("espeak_voice") != std::string::npos);

    m = error_of(write(dir, "syntax.toml", "language = \"en\"\nespeak_voice = \"en\n"));
    CHECK(m.find("syntax.toml:2:") != std::string::npos);

    m = error_of(
        write(dir, "table.toml", "language = \"en\"\nespeak_voice = \"en\"\npauses = 5\n"));
    CHECK(m.find("table.toml:3:") != std::string::npos);
}

TEST_CASE("a missing file is an error naming it") {
    const std::string m = error_of("/nonexistent/voices/xx.toml");
    CHECK(m.find("/nonexistent/voices/xx.toml") != std::string::npos);
    CHECK(m.find("cannot open") != std::string::npos);
}

TEST_CASE("unknown keys are warnings, not errors") {
    const fs::path dir = lectern::test::temp_dir("synth-profile-unknown");
    LogCapture capture;
    const auto p = load_voice_profile(write(dir, "u.toml", std::string(kValid) + "colour = 3\n"));
    REQUIRE(p.ok());
    REQUIRE(capture.lines.size() == 1);
    CHECK(capture.lines[0].find("u.toml:13:") != std::string::npos);
    CHECK(capture.lines[0].find("colour") != std::string::npos);
}

TEST_CASE(
    "a folder of profiles: sorted, broken ones skipped with a log line, sub-folders ignored") {
    const fs::path dir = lectern::test::temp_dir("synth-profile-dir");
    write(dir, "zz.toml", "language = \"es\"\nespeak_voice = \"es\"\n");
    write(dir, "aa.toml", kValid);
    write(dir, "broken.toml", "rate = \n");
    write(dir, "notes.txt", "not a profile");
    fs::create_directories(dir / "ui");
    write(dir / "ui", "en.toml", "[strings]\n");
    LogCapture capture;
    const auto profiles = load_voice_profiles(dir);
    REQUIRE(profiles.size() == 2);
    CHECK(profiles[0].id == "aa");
    CHECK(profiles[1].id == "zz");
    REQUIRE(capture.lines.size() == 1);
    CHECK(capture.lines[0].find("broken.toml") != std::string::npos);

    CHECK(find_voice_profile(profiles, "zz") == &profiles[1]);
    CHECK(find_voice_profile(profiles, "es") == &profiles[1]);
    CHECK(find_voice_profile(profiles, "ES-mx") == &profiles[1]);
    CHECK(find_voice_profile(profiles, "en") == &profiles[0]);
    CHECK(find_voice_profile(profiles, "de") == nullptr);
    CHECK(load_voice_profiles(dir / "nowhere").empty());
}

TEST_CASE("the shipped voices/en.toml and voices/es.toml load and configure eSpeak NG") {
    const auto profiles = load_voice_profiles(voices_dir());
    const VoiceProfile* en = find_voice_profile(profiles, "en");
    const VoiceProfile* es = find_voice_profile(profiles, "es");
    REQUIRE(en != nullptr);
    REQUIRE(es != nullptr);
    CHECK(en->id == "en");
    CHECK(es->id == "es");
    CHECK(en->params.rate_wpm < 175); // calm for patients
    auto synth = make_espeak_synth();
    REQUIRE(synth.ok());
    for (const VoiceProfile* p : {en, es}) {
        const auto ok = (*synth)->configure(p->params);
        INFO(p->id << ": " << (ok.ok() ? "" : ok.error().message));
        CHECK(ok.ok());
        CHECK_FALSE(
            (*synth)->phonemes(p->language == "es" ? "buenos días" : "good morning")->empty());
    }
}
