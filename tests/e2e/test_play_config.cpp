// `lectern play --config FILE`: the settings give the starting volume, rate and voice when the
// command line does not, the command line wins when it does, and nothing goes past volume_max.
// Driven through the control channel on a null sink.
#include "support/subprocess.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include <unistd.h>

using namespace lectern::test;

namespace {
const std::string kBin = LECTERN_BIN;
const std::string kArticle =
    std::string(LECTERN_SOURCE_DIR) + "/content/what-to-expect-during-ketamine-treatment.txt";

/// Runs play with the settings and commands; returns the JSON lines of `settings` and `error`.
std::vector<std::string> run_play(const std::string& settings, const std::string& commands,
                                  std::vector<std::string> extra = {}) {
    // One folder per run: CTest runs the test cases of this file in parallel processes.
    static int runs = 0;
    const std::string dir =
        temp_dir("play-config-" + std::to_string(::getpid()) + "-" + std::to_string(++runs));
    const std::string file = dir + "/lectern.toml";
    std::ofstream(file) << settings;
    std::vector<std::string> argv{kBin,   "play",      kArticle,     "--sink",
                                  "null", "--unpaced", "--no-words", "--commands",
                                  "-",    "--config",  file};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const auto r = run(argv, commands, std::chrono::seconds(60));
    CAPTURE(r.err);
    CHECK(r.exit_status == 0);
    std::vector<std::string> out;
    for (const auto& l : lines(r.out))
        if (field(l, "event") == "settings" || field(l, "event") == "error") out.push_back(l);
    return out;
}
} // namespace

TEST_CASE("the settings give the starting rate and volume, and the ceiling holds") {
    const auto events = run_play("rate = 200\nvolume = 40\nvolume_max = 50\n",
                                 "faster\nvolume 80\nlouder\nlouder\nquit\n");
    REQUIRE(events.size() == 4);
    CHECK(field(events[0], "rate") == "220"); // 200 from the settings, one step faster
    CHECK(field(events[0], "volume") == "40");
    CHECK(field(events[1], "event") == "error");
    CHECK(field(events[1], "message").find("0 to 50") != std::string::npos);
    CHECK(field(events[2], "volume") == "50");
    CHECK(field(events[3], "event") == "error");
    CHECK(field(events[3], "message").find("loudest") != std::string::npos);
}

TEST_CASE("the command line beats the settings, but not the ceiling") {
    const auto events = run_play("rate = 200\nvolume = 40\nvolume_max = 50\n", "faster\nquit\n",
                                 {"--rate", "100", "--volume", "90"});
    REQUIRE(events.size() == 1);
    CHECK(field(events[0], "rate") == "120");
    CHECK(field(events[0], "volume") == "50");
}

TEST_CASE("bad or missing settings never stop play") {
    auto events = run_play("volume = 400\nvoice = \"xx\"\n", "faster\nquit\n");
    REQUIRE(events.size() == 1);
    CHECK(field(events[0], "volume") == "70");
    events = run_play("this is not TOML", "faster\nquit\n");
    REQUIRE(events.size() == 1);
    CHECK(field(events[0], "volume") == "70");
}
