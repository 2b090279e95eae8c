// `lectern check` on the real binary: every check passes with an ALSA file device (DESIGN.md §5)
// and SDL's dummy display; without an audio device, with broken settings or an empty content
// folder it fails, one line per check still, and the failing line says what to do.
#include "support/alsa_capture.hpp"
#include "support/subprocess.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace lectern::test;
namespace fs = std::filesystem;

namespace {
const std::string kBin = LECTERN_BIN;

/// The checks, in order: settings, audio, speech, one per voice profile, fonts, content, display.
std::size_t expected_lines() {
    std::size_t voices = 0;
    for (const auto& e : fs::directory_iterator(fs::path(LECTERN_SOURCE_DIR) / "voices"))
        if (e.path().extension() == ".toml") ++voices;
    return 6 + voices;
}

/// "N article(s) in": the bundled content/ folder, as `check` should count it.
std::string bundled_articles() {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(fs::path(LECTERN_SOURCE_DIR) / "content"))
        if (e.path().extension() == ".txt" || e.path().extension() == ".md") ++n;
    return std::to_string(n) + (n == 1 ? " article in " : " articles in ");
}

/// An ALSA configuration whose only PCM, "default", writes a WAV file; or one whose "default"
/// is a card that does not exist and that defines no other device. (An empty configuration is a
/// case of its own: test_cli.cpp.)
std::map<std::string, std::string> environment(const std::string& dir, bool audio_device) {
    std::ofstream conf(dir + "/asound.conf");
    if (!audio_device) conf << "pcm.!default { type hw card 99 }\n";
    if (audio_device) conf << alsa_capture_config(dir + "/tone.wav");
    // PortAudio's probe loads ALSA plugins that keep allocations past exit; under ASan that is not
    // Lectern's leak, so leak checking is off for these children (as in test_control_channel).
    return {{"ALSA_CONFIG_PATH", dir + "/asound.conf"},
            {"SDL_VIDEODRIVER", "dummy"},
            {"LSAN_OPTIONS", "detect_leaks=0"}};
}

std::string write_settings(const std::string& dir, const std::string& text) {
    const std::string file = dir + "/lectern.toml";
    std::ofstream(file) << text;
    return file;
}

/// The output line of one check ("ok    audio     ..." -> name "audio").
std::string line_of(const std::vector<std::string>& out, const std::string& name) {
    for (const auto& l : out)
        if (l.size() > 6 && l.compare(6, name.size() + 1, name + " ") == 0) return l;
    return {};
}

RunResult check(const std::string& dir, bool audio_device, const std::string& settings,
                std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{kBin, "check", "--config", write_settings(dir, settings)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv, {}, std::chrono::seconds(60), environment(dir, audio_device));
}
} // namespace

TEST_CASE("check passes with an audio device and a display, one line per check") {
    const std::string dir = temp_dir("check-ok");
    const auto r = check(dir, true, "volume = 60\ndevice_name = \"Test bench\"\n");
    CAPTURE(r.out);
    CAPTURE(r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_status == 0);
    const auto out = lines(r.out);
    CHECK(out.size() == expected_lines());
    for (const auto& l : out)
        CHECK_MESSAGE(l.rfind("ok    ", 0) == 0, l);
    CHECK(line_of(out, "settings").find("Test bench") != std::string::npos);
    CHECK(line_of(out, "audio").find("played a 0.3 s tone") != std::string::npos);
    CHECK(line_of(out, "voice en").find("speaks") != std::string::npos);
    CHECK(line_of(out, "voice es").find("speaks") != std::string::npos);
    CHECK(line_of(out, "fonts").find(" bold, /") != std::string::npos);
    CHECK(line_of(out, "content").find(bundled_articles()) != std::string::npos);
    CHECK(line_of(out, "display").find("dummy") != std::string::npos);
    // The tone reached the device: 0.3 s is over 13 000 frames, whatever format the plug chose.
    std::error_code ec;
    CHECK(fs::file_size(dir + "/tone.wav", ec) > 13000);
}

TEST_CASE("check without an audio device fails and says what to do") {
    const std::string dir = temp_dir("check-no-audio");
    const auto r = check(dir, false, "");
    CAPTURE(r.out);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_status != 0);
    const auto out = lines(r.out);
    CHECK(out.size() == expected_lines());
    const std::string audio = line_of(out, "audio");
    CHECK(audio.rfind("FAIL  audio", 0) == 0);
    CHECK(audio.find("plug in headphones or a USB sound card") != std::string::npos);
    CHECK(audio.find("lectern devices") != std::string::npos);
    // Everything else is still checked.
    CHECK(line_of(out, "speech").rfind("ok", 0) == 0);
    CHECK(line_of(out, "display").rfind("ok", 0) == 0);
}

TEST_CASE("check names a missing device asked for by name") {
    const std::string dir = temp_dir("check-device");
    const auto r = check(dir, true, "audio_device = \"No Such Card\"\n");
    CHECK(r.exit_status != 0);
    CHECK(line_of(lines(r.out), "audio").find("\"No Such Card\"") != std::string::npos);
    // --device beats the settings.
    const auto r2 = check(dir, true, "audio_device = \"No Such Card\"\n", {"--device", "default"});
    CAPTURE(r2.out);
    CHECK(r2.exit_status == 0);
}

TEST_CASE("check fails on a bad setting and on an empty content folder, naming file and line") {
    const std::string dir = temp_dir("check-bad");
    fs::create_directories(dir + "/articles");
    const auto r = check(dir, true, "content_dir = \"" + dir + "/articles\"\n\ntheme = \"pink\"\n");
    CAPTURE(r.out);
    CHECK(r.exit_status != 0);
    const auto out = lines(r.out);
    CHECK(out.size() == expected_lines());
    const std::string settings = line_of(out, "settings");
    CHECK(settings.rfind("FAIL", 0) == 0);
    CHECK(settings.find("lectern.toml:3: theme \"pink\"") != std::string::npos);
    const std::string content = line_of(out, "content");
    CHECK(content.rfind("FAIL", 0) == 0);
    CHECK(content.find("no articles") != std::string::npos);
    CHECK(line_of(out, "audio").rfind("ok", 0) == 0);
}

TEST_CASE("check reads a content folder and fails on an unreadable article") {
    const std::string dir = temp_dir("check-content");
    fs::create_directories(dir + "/articles");
    std::ofstream(dir + "/articles/good.txt") << "A title\n\nOne sentence here.\n";
    std::ofstream(dir + "/articles/empty.md") << "";
    const auto r = check(dir, true, "content_dir = \"" + dir + "/articles\"\n");
    CAPTURE(r.out);
    CHECK(r.exit_status != 0);
    const std::string content = line_of(lines(r.out), "content");
    CHECK(content.rfind("FAIL  content   1 of 2 articles cannot be read: ", 0) == 0);
    CHECK(content.find("empty.md") != std::string::npos);
}

TEST_CASE("check fails when `lectern lint` finds words that would be misread") {
    const std::string dir = temp_dir("check-lint");
    fs::create_directories(dir + "/articles");
    std::ofstream(dir + "/articles/a.txt") << "A title\n\nAsk about the XQZT test before noon.\n";
    const auto r = check(dir, true, "content_dir = \"" + dir + "/articles\"\n");
    CAPTURE(r.out);
    CHECK(r.exit_status != 0);
    const auto out = lines(r.out);
    CHECK(out.size() == expected_lines()); // lint's own report stays out of the check's lines
    const std::string content = line_of(out, "content");
    CHECK(content.rfind("FAIL  content   1 article in ", 0) == 0);
    CHECK(content.find("run `lectern lint " + dir + "/articles`") != std::string::npos);
}
