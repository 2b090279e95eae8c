// libFuzzer entry point for one target, chosen at compile time (LECTERN_FUZZ_TARGET, see
// fuzz/CMakeLists.txt). libFuzzer calls it on its own thread, one input at a time.
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lectern::fuzz::LECTERN_FUZZ_TARGET(lectern::fuzz::Input(data, size));
    return 0;
}
