// Test support: run a program with arguments, feed its stdin, capture stdout and stderr, with a
// deadline (a hung child is killed and the test fails rather than hanging CI). Test thread only.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace lectern::test {

struct RunResult {
    int exit_status = -1; ///< exit code, or 128+signal
    bool timed_out = false;
    std::string out, err;
};

/// Runs argv[0] with argv. `input` is written to stdin progressively: each element is one chunk,
/// written after the previous one; stdin is closed after the last. `env` adds variables.
RunResult run(const std::vector<std::string>& argv, const std::string& input = {},
              std::chrono::milliseconds deadline = std::chrono::seconds(60),
              const std::map<std::string, std::string>& env = {});

/// Lines of text (without their newlines).
std::vector<std::string> lines(const std::string& text);

/// A crude field reader for our flat JSON lines: the raw value of "key" (strings without quotes,
/// unescaping \" and \\ only), or "" when absent.
std::string field(const std::string& json_line, const std::string& key);

/// A fresh, empty temporary directory for one test.
std::string temp_dir(const std::string& name);

} // namespace lectern::test
