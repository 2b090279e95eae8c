// The article library at scale: generates N handouts (default 10,000; plain text and Markdown, with
// and without front matter) in a temporary folder and times content::load_catalog, which the kiosk
// runs at start-up. Prints the best and median of several runs. Main thread only.
//
//   bench_catalog [N] [RUNS]
#include "content/catalog.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    const fs::path dir = fs::temp_directory_path() / "lectern-bench-catalog";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::size_t bytes = 0;
    for (int i = 0; i < n; ++i) {
        std::string body;
        const bool md = i % 4 == 0;
        if (i % 10 == 0)
            body += "---\ntitle: Handout " + std::to_string(i) + "\norder: " + std::to_string(i) +
                    "\n---\n";
        body += md ? "# Caring for yourself, part " + std::to_string(i) + "\n\n"
                   : "Caring for yourself, part " + std::to_string(i) + "\n\n";
        for (int s = 0; s < 4; ++s) {
            body += md ? "## What should I do on day " + std::to_string(s + 1) + "?\n\n"
                       : "What should I do on day " + std::to_string(s + 1) + "?\n\n";
            body += "Rest at home and drink plenty of water. Take 500 mg of acetaminophen every 6 "
                    "hours if you "
                    "need it, but no more than 3,000 mg a day. Call the clinic at 555-123-4567 "
                    "ext. 2040 if "
                    "the pain gets worse, e.g. if you cannot sleep.\n\n";
        }
        std::ofstream(dir / ("handout-" + std::to_string(i) + (md ? ".md" : ".txt"))) << body;
        bytes += body.size();
    }
    std::vector<double> ms;
    std::size_t loaded = 0;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto catalog = lectern::content::load_catalog(dir);
        const auto t1 = std::chrono::steady_clock::now();
        loaded = catalog.size();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("catalog of %d generated articles (%.1f MB): %zu loaded; best %.0f ms, median %.0f "
                "ms over %d runs "
                "(target <= 500 ms)\n",
                n, static_cast<double>(bytes) / 1e6, loaded, ms.front(), ms[ms.size() / 2], runs);
    fs::remove_all(dir);
    return 0;
}
