// The kiosk (`lectern` with no subcommand) driven end to end through `--commands -` with SDL's
// dummy video driver and the null sink: keys, taps, spoken confirmations (announcement events),
// playback events, screenshots; no display (audio-only); no audio device; SIGTERM; a real window
// under xvfb-run. Timing is never asserted: waits only give the program time to act.
#include "support/subprocess.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace lectern::test;
namespace fs = std::filesystem;

namespace {
const std::string kBin = LECTERN_BIN;

struct Session {
    RunResult result;
    std::vector<std::string> events;
    std::vector<std::string> of(const std::string& type) const {
        std::vector<std::string> out;
        for (const auto& e : events)
            if (field(e, "event") == type) out.push_back(e);
        return out;
    }
    std::vector<std::string> spoken() const {
        std::vector<std::string> out;
        for (const auto& e : of("announcement"))
            out.push_back(field(e, "text"));
        return out;
    }
    bool said(const std::string& text) const {
        for (const auto& s : spoken())
            if (s == text) return true;
        return false;
    }
};

Session kiosk(const std::string& script, std::vector<std::string> extra = {},
              std::map<std::string, std::string> env = {{"SDL_VIDEODRIVER", "dummy"}}) {
    std::vector<std::string> argv{kBin, "--commands", "-", "--window", "800x480"};
    if (std::find(extra.begin(), extra.end(), "--sink") == extra.end())
        extra.insert(extra.end(), {"--sink", "null"});
    // Hermetic: never the settings or the staff defaults of the machine the tests run on.
    const auto own = temp_dir("e2e-kiosk-settings");
    if (std::find(extra.begin(), extra.end(), "--config") == extra.end())
        extra.insert(extra.end(), {"--config", own + "/none.toml"});
    env.emplace("STATE_DIRECTORY", own);
    argv.insert(argv.end(), extra.begin(), extra.end());
    Session s;
    s.result = run(argv, script, std::chrono::seconds(90), env);
    s.events = lines(s.result.out);
    return s;
}

/// For runs that go through system libraries which leak by design (libdbus when SDL tries X11,
/// ALSA's plugins when PortAudio probes for a device, the GL driver under Xvfb): under
/// AddressSanitizer their leaks are not ours to fix, and LeakSanitizer cannot name the unloaded
/// plugins to suppress.
const std::map<std::string, std::string> kThirdPartyLeaks{{"LSAN_OPTIONS", "detect_leaks=0"}};

std::map<std::string, std::string> with(std::map<std::string, std::string> env,
                                        const std::map<std::string, std::string>& more) {
    env.insert(more.begin(), more.end());
    return env;
}

/// Width and height from a PNG's IHDR or a BMP's header.
std::pair<int, int> image_size(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<unsigned char> b(64);
    in.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(b.size()));
    if (b[0] == 0x89 && b[1] == 'P') {
        const auto be = [&](int at) {
            return (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
        };
        return {be(16), be(20)};
    }
    if (b[0] == 'B' && b[1] == 'M') {
        const auto le = [&](int at) {
            return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
        };
        return {le(18), std::abs(le(22))};
    }
    return {0, 0};
}
/// The colour of one pixel of a 24- or 32-bit BMP screenshot (SDL_SaveBMP: BGR(A), bottom-up).
std::array<int, 3> bmp_pixel(const std::string& path, int x, int y) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)),
                                       std::istreambuf_iterator<char>());
    if (b.size() < 54 || b[0] != 'B') return {-1, -1, -1};
    const auto le = [&](std::size_t at) {
        return static_cast<int>(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
    };
    const int offset = le(10), w = le(18), h = le(22), bytes = (b[28] | (b[29] << 8)) / 8;
    const int row = (w * bytes + 3) / 4 * 4;
    const std::size_t at =
        static_cast<std::size_t>(offset + (h > 0 ? h - 1 - y : y) * row + x * bytes);
    if (bytes < 3 || at + 2 >= b.size()) return {-1, -1, -1};
    return {b[at + 2], b[at + 1], b[at]};
}
} // namespace

TEST_CASE("kiosk: the settings file is applied, the staff menu changes a default that is kept") {
    const auto dir = temp_dir("e2e-kiosk-staff");
    const std::string config = dir + "/lectern.toml";
    std::ofstream(config) << "staff_pin = \"2468\"\nstaff_hold_seconds = 2\nvolume = 50\n"
                             "volume_max = 60\ntheme = \"white-on-blue\"\n"
                             "device_name = \"Clinic 3\"\n";
    const std::map<std::string, std::string> env{{"SDL_VIDEODRIVER", "dummy"},
                                                 {"STATE_DIRECTORY", dir}};
    // Hold Help and Back for 2 s, type the PIN, OK (Up twice from "1": Back, then OK), then
    // Enter on the first entry twice: volume 50 -> 60 (the ceiling) -> 10; Back closes the menu.
    const std::string script = "wait 300\nscreenshot " + dir +
                               "/home.bmp\nkeydown f1\nkeydown backspace\nwait 2600\n"
                               "keyup backspace\nkeyup f1\nwait 300\n"
                               "key 2\nkey 4\nkey 6\nkey 8\nkey up\nkey up\nkey return\nwait 300\n"
                               "key return\nwait 300\nkey return\nwait 300\nkey backspace\n"
                               "wait 300\nquit\n";
    const auto s = kiosk(script, {"--config", config}, env);
    CAPTURE(s.result.err);
    CAPTURE(s.result.out);
    REQUIRE(s.result.exit_status == 0);
    CHECK(bmp_pixel(dir + "/home.bmp", 2, 2) == std::array<int, 3>{10, 30, 90}); // white-on-blue
    std::vector<std::string> screens;
    for (const auto& e : s.of("screen"))
        screens.push_back(field(e, "screen"));
    CHECK(screens == std::vector<std::string>{"home", "staff_pin", "staff", "home"});
    CHECK(s.said("Staff menu closed. What To Expect During Ketamine Treatment? Article 1 of 2. "
                 "Press Enter to read it."));
    for (const auto& e : s.of("settings"))
        CHECK(std::stoi(field(e, "volume")) <= 60);
    for (const auto& said : s.spoken())
        CHECK(said.find("2468") == std::string::npos);
    std::ifstream kept(dir + "/staff-defaults.toml");
    const std::string text((std::istreambuf_iterator<char>(kept)),
                           std::istreambuf_iterator<char>());
    CHECK(text.find("volume = 10\n") != std::string::npos);
    CHECK(s.result.err.find("2468") == std::string::npos);

    // The next start begins at the staff's volume (one Louder: 10 -> 20), and the ceiling holds.
    std::string louder = "wait 300\nkey return\nwait 300\n";
    for (int i = 0; i < 8; ++i)
        louder += "key kp_+\nwait 100\n";
    const auto again = kiosk(louder + "quit\n", {"--config", config}, env);
    CAPTURE(again.result.err);
    const auto settings = again.of("settings");
    REQUIRE(settings.size() >= 2);
    CHECK(field(settings[0], "volume") == "20");
    CHECK(field(settings.back(), "volume") == "60");
}

TEST_CASE("kiosk: a voice that is not installed or an empty content folder in the settings still "
          "starts") {
    const auto dir = temp_dir("e2e-kiosk-bad-settings");
    fs::create_directories(dir + "/empty");
    const std::string config = dir + "/lectern.toml";
    std::ofstream(config) << "voice = \"klingon\"\ncontent_dir = \"" << dir << "/empty\"\n";
    const auto s = kiosk("wait 300\nkey return\nwait 1500\nquit\n", {"--config", config});
    CAPTURE(s.result.err);
    CHECK(s.result.exit_status == 0);
    const auto start = s.of("kiosk");
    REQUIRE(start.size() == 1);
    CHECK(field(start[0], "articles") == "2"); // the bundled ones
    CHECK_FALSE(s.of("section").empty());      // and it reads
    CHECK(s.result.err.find("klingon") != std::string::npos);
    CHECK(s.result.err.find("showing the bundled articles instead") != std::string::npos);
}

TEST_CASE("kiosk: home, open the article, keys and taps, spoken confirmations, screenshots") {
    const auto dir = temp_dir("e2e-kiosk");
    // At 800x480 the button grid is two columns down the right: rows of 96 px, Louder in the 4th
    // row on the right, Home in the 5th on the left.
    const std::string script = "wait 400\nscreenshot " + dir +
                               "/home.png\n"
                               "key return\nwait 1500\nscreenshot " +
                               dir +
                               "/reader.bmp\n"
                               "key space\nwait 500\n"
                               "key kp_6\nwait 3500\n"
                               "tap 760 336\nwait 800\n"
                               "key down\nwait 400\n"
                               "keydown kp_0\nkey kp_5\nkeyup kp_0\nwait 600\n"
                               "key w\nwait 600\n"
                               "tap 560 430\nwait 600\nscreenshot " +
                               dir + "/home-again.png\nquit\n";
    const auto s = kiosk(script);
    CAPTURE(s.result.err);
    CAPTURE(s.result.out);
    REQUIRE_FALSE(s.result.timed_out);
    CHECK(s.result.exit_status == 0);

    const auto start = s.of("kiosk");
    REQUIRE(start.size() == 1);
    CHECK(field(start[0], "display") == "true");
    CHECK(field(start[0], "width") == "800");
    CHECK(field(start[0], "sound") == "true");
    const auto screens = s.of("screen");
    REQUIRE(screens.size() >= 3);
    CHECK(field(screens[0], "screen") == "home");
    CHECK(field(screens[0], "focus") == "What To Expect During Ketamine Treatment?");
    CHECK(field(screens[1], "screen") == "reader");
    CHECK(field(screens.back(), "screen") == "home");

    const auto spoken = s.spoken();
    REQUIRE_FALSE(spoken.empty());
    CHECK(spoken[0].rfind("Welcome.", 0) == 0);
    CHECK(s.said("Opening."));
    CHECK(s.said("Paused."));
    CHECK(s.said("Section 2: What is ketamine?"));
    CHECK(s.said("Louder."));
    CHECK(s.said("This key: pause the reading, or carry on.")); // learn mode
    bool where = false;
    for (const auto& t : spoken)
        where =
            where || t.rfind("What To Expect During Ketamine Treatment? Section 2 of 12", 0) == 0;
    CHECK(where);

    // The playback engine's own events: reading, paused, section 2, the volume up.
    bool playing = false, paused = false;
    for (const auto& e : s.of("state")) {
        playing = playing || field(e, "state") == "playing";
        paused = paused || field(e, "state") == "paused";
    }
    CHECK(playing);
    CHECK(paused);
    bool section2 = false;
    for (const auto& e : s.of("section"))
        section2 = section2 || field(e, "index") == "2";
    CHECK(section2);
    CHECK(field(s.of("settings").back(), "volume") == "80");
    CHECK(s.of("error").empty());

    // Screenshots: reported, on disk, the window's size.
    CHECK(s.of("screenshot").size() == 3);
    for (const char* name : {"/home.png", "/reader.bmp", "/home-again.png"}) {
        CAPTURE(name);
        REQUIRE(fs::exists(dir + name));
        CHECK(image_size(dir + name) == std::pair<int, int>{800, 480});
    }
}

TEST_CASE("kiosk: the question list, number keys, and nothing quits it") {
    const auto dir = temp_dir("e2e-kiosk-questions");
    const auto s = kiosk(
        "key return\nwait 800\nkey q\nwait 500\nscreenshot " + dir +
        "/questions.png\nkey 5\nwait 800\n"
        "key escape\nkey escape\nkey alt\nkey f4\nkey ctrl\nkey c\nkey q\nkey escape\nwait 300\n"
        "screenshot " +
        dir + "/still-here.png\nquit\n");
    CAPTURE(s.result.err);
    REQUIRE_FALSE(s.result.timed_out);
    CHECK(s.result.exit_status == 0);
    CHECK(s.said("Section 5: What are the side effects of ketamine?"));
    bool questions = false;
    for (const auto& t : s.spoken())
        questions = questions || t.rfind("Questions. There are 12.", 0) == 0;
    CHECK(questions);
    // Keys that would close a desktop program do nothing here; the kiosk is still drawing.
    CHECK(s.of("screenshot").size() == 2);
    CHECK(fs::exists(dir + "/still-here.png"));
}

TEST_CASE("kiosk: bad input on the channel is an error event and the kiosk carries on") {
    const auto dir = temp_dir("e2e-kiosk-errors");
    const auto s = kiosk("key no-such-key\ntap\ntap 10\nscreenshot\nscreenshot " + dir +
                         "/picture.gif\n"
                         "screenshot /no/such/folder/x.png\njump\nscreenshot " +
                         dir + "/ok.png\nquit\n");
    REQUIRE_FALSE(s.result.timed_out);
    CHECK(s.result.exit_status == 0);
    const auto errors = s.of("error");
    REQUIRE(errors.size() == 7);
    bool unknown_key = false;
    for (const auto& e : errors)
        unknown_key = unknown_key || field(e, "message") == "unknown key 'no-such-key'";
    CHECK(unknown_key);
    CHECK(s.of("screenshot").size() == 1);
}

TEST_CASE(
    "kiosk: no display means one log line and audio-only, still usable from keys and commands") {
    // The x11 driver with no X server to talk to: what a Pi without a screen looks like to SDL.
    const auto s =
        kiosk("key return\nwait 1500\nkey space\nwait 300\nscreenshot /tmp/never.png\nquit\n", {},
              with({{"SDL_VIDEODRIVER", "x11"}, {"DISPLAY", ":999"}}, kThirdPartyLeaks));
    CAPTURE(s.result.err);
    REQUIRE_FALSE(s.result.timed_out);
    CHECK(s.result.exit_status == 0);
    int display_lines = 0;
    for (const auto& l : lines(s.result.err))
        display_lines += l.find("no display") != std::string::npos;
    CHECK(display_lines == 1);
    REQUIRE(s.of("kiosk").size() == 1);
    CHECK(field(s.of("kiosk")[0], "display") == "false");
    CHECK(s.said("Opening."));
    CHECK(s.said("Paused."));
    CHECK_FALSE(s.of("section").empty());
    REQUIRE(s.of("error").size() == 1); // the screenshot: there is no screen
    CHECK(field(s.of("error")[0], "message").find("no screen") != std::string::npos);
}

TEST_CASE("kiosk: no audio device is shown on screen and the kiosk keeps working") {
    const auto dir = temp_dir("e2e-kiosk-nosound");
    const auto s = kiosk("wait 600\nkey return\nwait 1200\nscreenshot " + dir +
                             "/no-sound.png\nkey kp_6\nwait 800\nquit\n",
                         {"--sink", "portaudio", "--device", "no-such-device"},
                         with({{"SDL_VIDEODRIVER", "dummy"}}, kThirdPartyLeaks));
    CAPTURE(s.result.err);
    REQUIRE_FALSE(s.result.timed_out);
    CHECK(s.result.exit_status == 0);
    REQUIRE(s.of("kiosk").size() == 1);
    CHECK(field(s.of("kiosk")[0], "sound") == "false");
    CHECK(s.spoken()[0].rfind("Sound is not working.", 0) == 0);
    CHECK(s.said("Section 2: What is ketamine?"));
    CHECK(fs::exists(dir + "/no-sound.png"));
}

TEST_CASE("kiosk: SIGTERM ends it cleanly, with or without the control channel") {
    const std::string cmd =
        "SDL_VIDEODRIVER=dummy " + kBin +
        " --window 800x480 --sink null </dev/null & pid=$!; sleep 1.5; kill -TERM $pid; wait $pid; "
        "echo status=$?";
    const auto r = run({"/bin/sh", "-c", cmd}, {}, std::chrono::seconds(60));
    CAPTURE(r.err);
    CHECK(r.out.find("status=0") != std::string::npos);
}

TEST_CASE("kiosk: bad options are one line and status 2") {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--theme", "pink"},
                                               {"--text-size", "huge"},
                                               {"--window", "big"},
                                               {"--content", "/no/such/folder"}}) {
        std::vector<std::string> argv{kBin};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto r = run(argv, {}, std::chrono::seconds(30), {{"SDL_VIDEODRIVER", "dummy"}});
        CAPTURE(args[0]);
        CAPTURE(r.err);
        CHECK(r.exit_status == 2);
        CHECK(lines(r.err).size() == 1);
    }
}

TEST_CASE("kiosk: a real window under xvfb-run (smoke test)") {
    if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) {
        MESSAGE("xvfb-run is not installed (scripts/deps.sh installs it): skipping the real-window "
                "smoke test");
        return;
    }
    const auto dir = temp_dir("e2e-kiosk-xvfb");
    const auto r = run({"/usr/bin/env", "-u", "SDL_VIDEODRIVER", "xvfb-run", "-a", "-s",
                        "-screen 0 1024x600x24", kBin, "--commands", "-", "--sink", "null"},
                       "wait 500\nkey return\nwait 1000\nscreenshot " + dir + "/x11.png\nquit\n",
                       std::chrono::seconds(90), kThirdPartyLeaks);
    CAPTURE(r.err);
    REQUIRE_FALSE(r.timed_out);
    CHECK(r.exit_status == 0);
    const auto events = lines(r.out);
    bool display = false, shot = false, opened = false;
    for (const auto& e : events) {
        if (field(e, "event") == "kiosk")
            display = field(e, "display") == "true" && field(e, "width") == "1024";
        if (field(e, "event") == "screenshot") shot = true;
        if (field(e, "event") == "announcement" && field(e, "text") == "Opening.") opened = true;
    }
    CHECK(display); // full screen: the whole X screen
    CHECK(shot);
    CHECK(opened);
    CHECK(image_size(dir + "/x11.png") == std::pair<int, int>{1024, 600});
}
