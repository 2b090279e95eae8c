// Replays every saved fuzz input through its target's body (fuzz/harness.hpp) with the normal
// compiler and sanitizers: the regressions found by fuzzing (tests/data/fuzz-regressions/<target>)
// and the seed corpora (fuzz/corpus/<target>). A broken invariant aborts the test with the
// invariant and, in doctest's crash report, the file. Test thread only.
#include "harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs(const fs::path& dir) {
    std::vector<fs::path> files;
    if (!fs::is_directory(dir)) return files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename() != "README.md") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::uint8_t> bytes_of(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("every saved fuzz input still passes its target") {
    const fs::path source(LECTERN_SOURCE_DIR);
    std::size_t seeds = 0;
    for (const auto& target : lectern::fuzz::targets()) {
        const std::string name(target.name);
        const auto corpus = inputs(source / "fuzz/corpus" / name);
        CHECK_MESSAGE(!corpus.empty(), "no seed corpus for " << name);
        std::vector<fs::path> all = inputs(source / "tests/data/fuzz-regressions" / name);
        all.insert(all.end(), corpus.begin(), corpus.end());
        for (const auto& file : all) {
            const std::string shown = file.string();
            INFO("target " << name << ", input " << shown);
            const auto data = bytes_of(file);
            target.run(lectern::fuzz::Input(data.data(), data.size()));
            ++seeds;
        }
    }
    MESSAGE(seeds << " saved inputs replayed");
}
