// The fuzz target table and the invariant check (fuzz/harness.hpp). Any thread.
#include "harness.hpp"

#include <cstdio>
#include <cstdlib>

namespace lectern::fuzz {

std::span<const Target> targets() {
    static constexpr Target kTargets[] = {
        {"plain_text", &plain_text},
        {"markdown", &markdown},
        {"decode", &decode},
        {"normalize", &normalize},
        {"control_channel", &control_channel},
        {"settings", &settings},
        {"keymap", &keymap},
    };
    return kTargets;
}

void expect(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz invariant failed: %s\n", what);
    std::abort();
}

} // namespace lectern::fuzz
