// The fuzz targets' bodies, shared by the libFuzzer executables (fuzz/fuzz_main.cpp, clang) and
// the regression test that replays every saved input with the normal compiler
// (tests/reliability/test_fuzz_regressions.cpp). Each feeds the bytes to one parser and checks the
// guarantees its header promises; a broken guarantee aborts with a message (for libFuzzer, a crash
// to save; for the test, a failure). Single-threaded; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace lectern::fuzz {

using Input = std::span<const std::uint8_t>;

void plain_text(Input data);      ///< content::decode, then content::parse_plain_text
void markdown(Input data);        ///< content::decode, then content::parse_markdown
void decode(Input data);          ///< content::decode alone
void normalize(Input data);       ///< text::normalize on any bytes
void control_channel(Input data); ///< ControlChannel::handle_line and playback::parse_command
void settings(Input data);        ///< config::parse_settings
void keymap(Input data);          ///< ui::KeyMap::apply over the defaults

struct Target {
    std::string_view name;
    void (*run)(Input);
};

/// Every target, by the name used for fuzz/corpus/<name> and tests/data/fuzz-regressions/<name>.
std::span<const Target> targets();

/// Aborts with "fuzz invariant failed: <what>" on stderr unless ok.
void expect(bool ok, const char* what);

} // namespace lectern::fuzz
