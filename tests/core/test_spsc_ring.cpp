// SpscRing: wrap-around, capacity, discard, and a two-thread stress run (meaningful under TSan).
#include "core/spsc_ring.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <thread>
#include <vector>

using lectern::SpscRing;

TEST_CASE("ring rounds capacity up to a power of two and reports space") {
    SpscRing<int> ring(5);
    CHECK(ring.capacity() == 8);
    CHECK(ring.write_available() == 8);
    CHECK(ring.read_available() == 0);
}

TEST_CASE("ring preserves order across wrap-around and refuses overflow") {
    SpscRing<int> ring(8);
    std::vector<int> in{1, 2, 3, 4, 5, 6};
    CHECK(ring.write(in.data(), in.size()) == 6);
    int out[4];
    CHECK(ring.read(out, 4) == 4);
    CHECK(out[0] == 1);
    CHECK(out[3] == 4);
    std::vector<int> more{7, 8, 9, 10, 11, 12, 13};
    CHECK(ring.write(more.data(), more.size()) == 6); // 2 left + 6 free = full
    CHECK(ring.write_available() == 0);
    std::vector<int> all(8);
    CHECK(ring.read(all.data(), 8) == 8);
    CHECK(all == std::vector<int>{5, 6, 7, 8, 9, 10, 11, 12});
    CHECK(ring.total_written() == 12);
    CHECK(ring.total_read() == 12);
}

TEST_CASE("discard and discard_to drop exactly what they say") {
    SpscRing<int> ring(16);
    std::vector<int> in{1, 2, 3, 4, 5, 6, 7, 8};
    CHECK(ring.write(in.data(), in.size()) == 8);
    CHECK(ring.discard_to(3) == 3);
    int v = 0;
    CHECK(ring.read(&v, 1) == 1);
    CHECK(v == 4);
    CHECK(ring.discard_to(2) == 0);   // behind the read position: nothing
    CHECK(ring.discard_to(100) == 4); // beyond the write position: clamped
    CHECK(ring.read_available() == 0);
    CHECK(ring.write(in.data(), 3) == 3);
    CHECK(ring.discard() == 3);
    CHECK(ring.total_read() == 11);
}

TEST_CASE("one producer and one consumer move a million items in order") {
    SpscRing<std::uint32_t> ring(1024);
    constexpr std::uint32_t kCount = 1'000'000;
    std::thread producer([&] {
        std::uint32_t next = 0;
        std::uint32_t chunk[97];
        while (next < kCount) {
            std::uint32_t n = 0;
            for (; n < 97 && next + n < kCount; ++n)
                chunk[n] = next + n;
            std::size_t done = 0;
            while (done < n)
                done += ring.write(chunk + done, n - done);
            next += n;
        }
    });
    std::uint32_t expected = 0;
    bool in_order = true;
    std::uint32_t buf[61];
    while (expected < kCount) {
        const std::size_t n = ring.read(buf, 61);
        for (std::size_t i = 0; i < n; ++i)
            in_order = in_order && buf[i] == expected++;
    }
    producer.join();
    CHECK(in_order);
    CHECK(ring.total_read() == kCount);
}
