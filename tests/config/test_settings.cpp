// Settings: defaults, every value read, every bad value (wrong type, out of range, misspelt)
// replaced by its default with a line naming file, line and reason, unknown keys, a broken or
// missing file, and the shipped packaging/lectern.toml. Also checks that the ranges and names
// duplicated in config/ agree with playback::Limits and the UI's parsers.
#include "config/settings.hpp"
#include "core/log.hpp"
#include "playback/controller.hpp"
#include "support/subprocess.hpp"
#include "ui/layout.hpp"
#include "ui/theme.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace lectern;
using namespace lectern::config;
namespace fs = std::filesystem;

namespace {

/// Captures log lines for the lifetime of the object.
struct LogCapture {
    std::vector<std::string> lines;
    log::Sink previous;
    LogCapture() {
        previous =
            log::set_sink([this](log::Level, std::string_view line) { lines.emplace_back(line); });
    }
    ~LogCapture() { log::set_sink(previous); }
};

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

/// Parses `text`; expects exactly one problem, on `line`, mentioning `needle`, also logged.
Settings one_problem(const std::string& text, int line, const std::string& needle) {
    LogCapture log;
    const Loaded r = parse_settings(text, "test.toml");
    CAPTURE(text);
    CAPTURE(r.problems);
    REQUIRE(r.problems.size() == 1);
    CHECK(contains(r.problems[0], "test.toml:" + std::to_string(line) + ": "));
    CHECK(contains(r.problems[0], needle));
    CHECK(log.lines == r.problems);
    return r.settings;
}

} // namespace

TEST_CASE("an empty file gives every default and no problem") {
    LogCapture log;
    const Loaded r = parse_settings("", "empty.toml");
    CHECK(r.settings == Settings{});
    CHECK(r.problems.empty());
    CHECK(log.lines.empty());
    CHECK(r.settings.volume == 70);
    CHECK(r.settings.volume_max == 100);
    CHECK(r.settings.idle_timeout_seconds == 180);
    CHECK(r.settings.theme == "yellow-on-black");
    CHECK_FALSE(r.settings.rate.has_value());
}

TEST_CASE("every value is read") {
    const fs::path dir = test::temp_dir("config-all");
    fs::create_directories(dir / "articles");
    std::ofstream(dir / "keys.toml") << "# keys\n";
    const std::string text = "content_dir = \"" + (dir / "articles").string() +
                             "\"\n"
                             "audio_device = \"USB Audio\"\n"
                             "voice = \"es\"\n"
                             "rate = 140\n"
                             "volume = 50\n"
                             "volume_max = 80\n"
                             "theme = \"white-on-blue\"\n"
                             "text_size = \"largest\"\n"
                             "idle_timeout_seconds = 300\n"
                             "key_map = \"" +
                             (dir / "keys.toml").string() +
                             "\"\n"
                             "language = \"es\"\n"
                             "staff_pin = \"0471\"\n"
                             "device_name = \"Clinic 3 waiting room\"\n";
    LogCapture log;
    const Loaded r = parse_settings(text, "all.toml");
    CHECK(r.problems.empty());
    CHECK(log.lines.empty());
    const Settings& s = r.settings;
    CHECK(s.content_dir == (dir / "articles").string());
    CHECK(s.audio_device == "USB Audio");
    CHECK(s.voice == "es");
    CHECK(s.rate == 140);
    CHECK(s.volume == 50);
    CHECK(s.volume_max == 80);
    CHECK(s.theme == "white-on-blue");
    CHECK(s.text_size == "largest");
    CHECK(s.idle_timeout_seconds == 300);
    CHECK(s.key_map == (dir / "keys.toml").string());
    CHECK(s.language == "es");
    CHECK(s.staff_pin == "0471");
    CHECK(s.device_name == "Clinic 3 waiting room");
}

TEST_CASE("empty text means the default behaviour") {
    const Loaded r = parse_settings("content_dir = \"\"\naudio_device = \"\"\nvoice = \"\"\n"
                                    "key_map = \"\"\nstaff_pin = \"\"\ndevice_name = \"\"\n",
                                    "t.toml");
    CHECK(r.problems.empty());
    CHECK(r.settings == Settings{});
}

TEST_CASE("each bad value is replaced by its default and the others are kept") {
    // Out of range, at both ends.
    CHECK(one_problem("rate = 79\nvolume = 40\n", 1, "rate 79 is out of range (from 80 to 450")
              .volume == 40);
    CHECK_FALSE(one_problem("rate = 451\n", 1, "rate 451 is out of range").rate.has_value());
    CHECK(one_problem("\nvolume = 101\n", 2, "volume 101 is out of range (from 0 to 100").volume ==
          70);
    CHECK(one_problem("volume = -1\n", 1, "volume -1 is out of range").volume == 70);
    CHECK(one_problem("volume_max = 9\n", 1, "volume_max 9 is out of range (from 10 to 100")
              .volume_max == 100);
    CHECK(one_problem("volume_max = 101\n", 1, "volume_max 101").volume_max == 100);
    CHECK(one_problem("idle_timeout_seconds = 29\n", 1, "from 30 to 3600 seconds")
              .idle_timeout_seconds == 180);
    CHECK(one_problem("idle_timeout_seconds = 3601\n", 1, "3601 is out of range")
              .idle_timeout_seconds == 180);
    CHECK(one_problem("volume = 99999999999999\n", 1, "is out of range").volume == 70);

    // Wrong types.
    CHECK(one_problem("volume = \"loud\"\n", 1, "volume must be a whole number").volume == 70);
    CHECK(one_problem("rate = 150.5\n", 1, "rate must be a whole number").rate == std::nullopt);
    CHECK(one_problem("idle_timeout_seconds = true\n", 1, "whole number").idle_timeout_seconds ==
          180);
    CHECK(one_problem("theme = 3\n", 1, "theme must be text in quotes").theme == "yellow-on-black");
    CHECK(one_problem("audio_device = [\"a\"]\n", 1, "audio_device must be text").audio_device ==
          "");
    CHECK(one_problem("staff_pin = 4711\n", 1, "staff_pin = \"4711\"").staff_pin == "");

    // Values that are text but not allowed.
    CHECK(
        one_problem("theme = \"pink\"\n", 1, "\"pink\" is not one of \"yellow-on-black\"").theme ==
        "yellow-on-black");
    CHECK(one_problem("text_size = \"huge\"\n", 1, "using the default \"normal\"").text_size ==
          "normal");
    CHECK(one_problem("text_size = \"\"\n", 1, "is not one of").text_size == "normal");
    CHECK(one_problem("language = \"English\"\n", 1, "not a language code").language == "en");
    CHECK(one_problem("language = \"\"\n", 1, "not a language code").language == "en");
    CHECK(one_problem("voice = \"../etc\"\n", 1, "not a voice profile name").voice == "");
    CHECK(one_problem("staff_pin = \"12a4\"\n", 1, "4 to 8 digits").staff_pin == "");
    CHECK(one_problem("staff_pin = \"123\"\n", 1, "4 to 8 digits").staff_pin == "");
    CHECK(one_problem("staff_pin = \"123456789\"\n", 1, "4 to 8 digits").staff_pin == "");
    CHECK(one_problem("device_name = \"" + std::string(65, 'x') + "\"\n", 1, "longer than 64")
              .device_name == "");
    CHECK(one_problem("device_name = \"a\\tb\"\n", 1, "control character").device_name == "");
    CHECK(one_problem("audio_device = \"" + std::string(201, 'x') + "\"\n", 1, "longer than 200")
              .audio_device == "");
    CHECK(one_problem("content_dir = \"articles\"\n", 1, "not an absolute path").content_dir == "");
    CHECK(one_problem("content_dir = \"/nonexistent/lectern\"\n", 1, "not a folder that exists")
              .content_dir == "");
    CHECK(one_problem("key_map = \"/nonexistent/keys.toml\"\n", 1, "not a file that exists")
              .key_map == "");
    CHECK(one_problem("key_map = \"/tmp\"\n", 1, "not a file that exists").key_map == "");
}

TEST_CASE("a volume above the ceiling starts at the ceiling") {
    const Settings s = one_problem("volume_max = 60\nvolume = 90\n", 2, "above volume_max 60");
    CHECK(s.volume == 60);
    CHECK(s.volume_max == 60);
    // The default volume (70) is also held to a lower ceiling, silently: nothing in the file is
    // wrong.
    const Loaded r = parse_settings("volume_max = 50\n", "t.toml");
    CHECK(r.problems.empty());
    CHECK(r.settings.volume == 50);
}

TEST_CASE("unknown keys are a warning and change nothing") {
    const Settings s = one_problem("volume = 40\nvolum = 90\n", 2, "unknown setting \"volum\"");
    CHECK(s.volume == 40);
    LogCapture log;
    const Loaded r = parse_settings("[audio]\ndevice = \"x\"\n", "t.toml");
    REQUIRE(r.problems.size() == 1);
    CHECK(contains(r.problems[0], "t.toml:1: unknown setting \"audio\""));
}

TEST_CASE("a broken file gives every default and one line with the file and the line") {
    LogCapture log;
    const Loaded r = parse_settings("volume = 40\ntheme = \"white-on-black\n", "broken.toml");
    CHECK(r.settings == Settings{});
    REQUIRE(r.problems.size() == 1);
    CHECK(contains(r.problems[0], "broken.toml:2: "));
    CHECK(contains(r.problems[0], "every setting is at its default"));
    CHECK(log.lines == r.problems);
    CHECK(parse_settings("volume = 40\nvolume = 50\n", "dup.toml").problems.size() == 1);
    CHECK(parse_settings("\xff\xfe = 1\n", "bytes.toml").problems.size() == 1);
}

TEST_CASE("a missing file gives every default and a log line") {
    const fs::path dir = test::temp_dir("config-missing");
    LogCapture log;
    const Loaded r = load_settings(dir / "lectern.toml");
    CHECK_FALSE(r.found);
    CHECK(r.settings == Settings{});
    CHECK(r.problems.empty()); // nothing is wrong: an appliance may run on its defaults
    REQUIRE(log.lines.size() == 1);
    CHECK(contains(log.lines[0], (dir / "lectern.toml").string() + ": no settings file"));
}

TEST_CASE("a folder or an unreadable file gives every default and a problem") {
    const fs::path dir = test::temp_dir("config-folder");
    LogCapture log;
    const Loaded r = load_settings(dir);
    CHECK(r.found);
    CHECK(r.settings == Settings{});
    REQUIRE(r.problems.size() == 1);
    CHECK(contains(r.problems[0], "is a folder"));

    const fs::path big = dir / "big.toml";
    std::ofstream(big) << "# " << std::string(70 * 1024, 'x') << "\n";
    CHECK(contains(load_settings(big).problems.at(0), "too large"));
}

TEST_CASE("a file on disk is read with its path in the messages") {
    const fs::path dir = test::temp_dir("config-file");
    const fs::path file = dir / "lectern.toml";
    std::ofstream(file) << "volume = 30\n\ntheme = \"pink\"\n";
    LogCapture log;
    const Loaded r = load_settings(file);
    CHECK(r.found);
    CHECK(r.settings.volume == 30);
    REQUIRE(r.problems.size() == 1);
    CHECK(contains(r.problems[0], file.string() + ":3: theme"));
}

TEST_CASE("the shipped packaging/lectern.toml documents every key at its default") {
    const fs::path shipped = fs::path(LECTERN_SOURCE_DIR) / "packaging" / "lectern.toml";
    LogCapture log;
    const Loaded r = load_settings(shipped);
    CHECK(r.found);
    CHECK(r.problems.empty());
    CHECK(log.lines.empty());
    CHECK(r.settings == Settings{});
    std::ifstream in(shipped);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const char* key :
         {"content_dir", "audio_device", "voice", "rate", "volume", "volume_max", "theme",
          "text_size", "idle_timeout_seconds", "key_map", "language", "staff_pin", "device_name",
          "staff_chord", "staff_hold_seconds", "staff_timeout_seconds", "audio_standby_seconds"})
        CHECK_MESSAGE((contains(text, std::string("\n") + key + " = ") ||
                       contains(text, std::string("\n# ") + key + " = ")),
                      key);
}

TEST_CASE("the ranges and names agree with the modules that use the values") {
    const playback::Limits limits;
    CHECK(kRateRange.min == limits.rate_min);
    CHECK(kRateRange.max == limits.rate_max);
    CHECK(kVolumeRange.min == limits.volume_min);
    CHECK(kVolumeRange.max == limits.volume_max);
    for (const char* theme : kThemes)
        CHECK_MESSAGE(ui::parse_theme(theme).ok(), theme);
    CHECK(std::size(kThemes) == ui::themes().size());
    for (const char* size : kTextSizes)
        CHECK_MESSAGE(ui::parse_text_size(size).ok(), size);
}

TEST_CASE("the staff chord, hold and timeout are checked like every other value") {
    LogCapture log;
    Loaded r = parse_settings("staff_chord = \"home+repeat+back\"\nstaff_hold_seconds = 8\n"
                              "staff_timeout_seconds = 120\n",
                              "t.toml");
    CHECK(r.problems.empty());
    CHECK(r.settings.staff_chord == "home+repeat+back");
    CHECK(r.settings.staff_hold_seconds == 8);
    CHECK(r.settings.staff_timeout_seconds == 120);
    for (const char* bad :
         {"\"help\"", "\"help+\"", "\"+back\"", "\"Help+Back\"", "\"help back\"", "5"}) {
        r = parse_settings(std::string("staff_chord = ") + bad + "\n", "t.toml");
        CHECK_MESSAGE(r.settings.staff_chord == "help+back", bad);
        CHECK_MESSAGE(r.problems.size() == 1, bad);
    }
    r = parse_settings("staff_hold_seconds = 1\nstaff_timeout_seconds = 9999\n", "t.toml");
    CHECK(r.settings.staff_hold_seconds == 5);
    CHECK(r.settings.staff_timeout_seconds == 60);
    CHECK(r.problems.size() == 2);
}

TEST_CASE("audio_standby_seconds: 0 keeps the device running, 1 to 3600 stops it when idle") {
    LogCapture log;
    CHECK(parse_settings("", "t.toml").settings.audio_standby_seconds == 30);
    CHECK(parse_settings("audio_standby_seconds = 0\n", "t.toml").settings.audio_standby_seconds ==
          0);
    CHECK(
        parse_settings("audio_standby_seconds = 3600\n", "t.toml").settings.audio_standby_seconds ==
        3600);
    for (const char* bad : {"-1", "3601", "2.5", "\"30\"", "true"}) {
        const Loaded r =
            parse_settings(std::string("audio_standby_seconds = ") + bad + "\n", "t.toml");
        CHECK_MESSAGE(r.settings.audio_standby_seconds == 30, bad);
        CHECK_MESSAGE(r.problems.size() == 1, bad);
    }
}

TEST_CASE("the staff menu's file is laid over the settings, for patient defaults only") {
    LogCapture log;
    Loaded r = parse_settings("volume = 60\nvolume_max = 80\ntheme = \"white-on-blue\"\n"
                              "staff_pin = \"4711\"\n",
                              "/etc/lectern/lectern.toml");
    Settings changed = r.settings;
    changed.volume = 75;
    changed.rate = 200;
    changed.theme = "black-on-white";
    changed.text_size = "largest";
    changed.idle_timeout_seconds = 300;
    overlay_staff_text(r, staff_file_text(changed), "/var/lib/lectern/staff-defaults.toml");
    CHECK(r.problems.empty());
    CHECK(r.settings == changed);
    CHECK(r.file == "/etc/lectern/lectern.toml");

    // The staff file cannot raise the ceiling, change the PIN or go past volume_max.
    overlay_staff_text(r, "volume = 100\nvolume_max = 100\nstaff_pin = \"0000\"\n", "s.toml");
    CHECK(r.settings.volume == 80);
    CHECK(r.settings.volume_max == 80);
    CHECK(r.settings.staff_pin == "4711");
    REQUIRE(r.problems.size() == 2);
    CHECK(contains(r.problems[0] + r.problems[1], "s.toml:2: unknown setting \"volume_max\""));

    // Broken or missing: nothing changes, and a missing file says nothing.
    const Settings before = r.settings;
    overlay_staff_text(r, "volume = [", "s.toml");
    CHECK(r.settings == before);
    CHECK(r.problems.size() == 3);
    overlay_staff_file(r, fs::path(test::temp_dir("staff-missing")) / "none.toml");
    CHECK(r.problems.size() == 3);
}
