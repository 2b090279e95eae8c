// The real binary speaking through real PortAudio into an ALSA file device (DESIGN.md §5): what
// reaches the device is the speech that was synthesised, complete and not cut at the start.
// `lectern say TEXT` (PortAudio) is compared with `lectern say TEXT --out` (straight to a file).
// The file device is unpaced, so when it outruns synthesis it records zero-filled gaps: the
// comparison is on the speech itself, with exact-zero samples left out on both sides.
#include "audio/audio_sink.hpp"
#include "support/alsa_capture.hpp"
#include "support/subprocess.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <vector>

using namespace lectern;
using namespace lectern::test;

namespace {
const std::string kBin = LECTERN_BIN;
const std::string kText = "Ketamine treatments are typically short and last for about 40 minutes. "
                          "You will be closely monitored by a team of medical professionals.";

std::vector<Sample> without_zeros(const std::vector<Sample>& in) {
    std::vector<Sample> out;
    for (Sample s : in)
        if (s != 0) out.push_back(s);
    return out;
}

double correlation(const std::vector<Sample>& a, const std::vector<Sample>& b, std::size_t from,
                   std::size_t n) {
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = from; i < from + n; ++i) {
        ab += double(a[i]) * b[i];
        aa += double(a[i]) * a[i];
        bb += double(b[i]) * b[i];
    }
    return ab / std::sqrt(aa * bb + 1e-9);
}
} // namespace

TEST_CASE(
    "speech played through PortAudio is the speech synthesised, complete from its first sample") {
    const auto dir = temp_dir("e2e-capture");
    const auto captured_path = dir + "/captured.wav";
    const auto reference_path = dir + "/reference.wav";
    std::ofstream(dir + "/asound.conf") << alsa_capture_config(captured_path);
    // ALSA's plugins keep allocations past exit; under ASan that is not Lectern's leak.
    const std::map<std::string, std::string> env{{"ALSA_CONFIG_PATH", dir + "/asound.conf"},
                                                 {"LSAN_OPTIONS", "detect_leaks=0"}};
    const auto played = run({kBin, "say", kText}, {}, std::chrono::seconds(60), env);
    CAPTURE(played.err);
    REQUIRE(played.exit_status == 0);
    const auto written = run({kBin, "say", kText, "--out", reference_path});
    REQUIRE(written.exit_status == 0);

    auto captured = audio::read_wav(captured_path);
    auto reference = audio::read_wav(reference_path);
    REQUIRE(captured.ok());
    REQUIRE(reference.ok());
    CHECK(captured->sample_rate == reference->sample_rate);
    const auto speech = without_zeros(captured->samples);
    const auto expected = without_zeros(reference->samples);
    MESSAGE("reference " << expected.size() << " non-zero samples, captured " << speech.size());
    REQUIRE(expected.size() > 22050); // several seconds of speech
    // Complete: the same amount of speech (within 3 %) reached the device.
    CHECK(std::abs(double(speech.size()) - double(expected.size())) <
          0.03 * double(expected.size()));
    REQUIRE(speech.size() > 8000);
    // Not silent.
    double energy = 0;
    for (Sample s : speech)
        energy += double(s) * s;
    CHECK(std::sqrt(energy / double(speech.size())) > 300);
    // Nothing cut at the start: the first 50 ms after the 5 ms ramp-in match the synthesised
    // speech sample for sample in shape.
    CHECK(correlation(speech, expected, 200, 1100) > 0.95);
}
