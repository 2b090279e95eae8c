// WavWriter / read_wav: round trip, and the layouts other writers produce (sox, ALSA's file
// plugin): stereo, float32, WAVE_FORMAT_EXTENSIBLE, odd-sized chunks, unpatched streaming sizes.
#include "audio/audio_sink.hpp"
#include "audio_test_util.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cstring>
#include <fstream>

using namespace lectern;
using namespace lectern::audio;
using namespace lectern::audio::test;

namespace {

/// Builds a WAV byte by byte, as another program would have written it.
struct WavBytes {
    std::vector<unsigned char> bytes;
    void u16(std::uint32_t v) {
        bytes.push_back(static_cast<unsigned char>(v));
        bytes.push_back(static_cast<unsigned char>(v >> 8));
    }
    void u32(std::uint32_t v) {
        u16(v & 0xFFFF);
        u16(v >> 16);
    }
    void tag(const char* t) {
        for (int i = 0; i < 4; ++i)
            bytes.push_back(static_cast<unsigned char>(t[i]));
    }
    void f32(float f) { u32(std::bit_cast<std::uint32_t>(f)); }

    /// RIFF header + fmt chunk (plain or extensible) + any extra chunk, ready for the data chunk.
    WavBytes(std::uint16_t format, int channels, int rate, int bits, bool extensible) {
        tag("RIFF");
        u32(0); // patched by save(); some writers leave it wrong, and that is fine too
        tag("WAVE");
        tag("fmt ");
        u32(extensible ? 40 : 16);
        u16(extensible ? 0xFFFE : format);
        u16(static_cast<std::uint32_t>(channels));
        u32(static_cast<std::uint32_t>(rate));
        u32(static_cast<std::uint32_t>(rate * channels * bits / 8));
        u16(static_cast<std::uint32_t>(channels * bits / 8));
        u16(static_cast<std::uint32_t>(bits));
        if (extensible) {
            u16(22);                               // cbSize
            u16(static_cast<std::uint32_t>(bits)); // valid bits
            u32(channels == 2 ? 3 : 4);            // channel mask
            u16(format);                           // sub-format GUID, first two bytes
            const unsigned char guid_rest[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                                 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
            bytes.insert(bytes.end(), guid_rest, guid_rest + 14);
        }
    }
    void save(const std::filesystem::path& path) {
        const std::uint32_t riff = static_cast<std::uint32_t>(bytes.size() - 8);
        std::memcpy(&bytes[4], &riff, 4); // little-endian host (x86-64 and arm64)
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::streamsize>(bytes.size()));
    }
};

} // namespace

TEST_CASE("WavWriter and read_wav round-trip mono s16") {
    const auto dir = temp_dir("wav-roundtrip");
    const auto path = dir / "a.wav";
    const auto signal = chirp(0.25, kRate);
    {
        auto writer = WavWriter::create(path, kRate);
        REQUIRE(writer.ok());
        CHECK(writer->write(std::span(signal).first(1000)).ok());
        CHECK(writer->write(std::span(signal).subspan(1000)).ok());
        CHECK(writer->frames() == signal.size());
        CHECK(writer->finish().ok());
        CHECK(writer->finish().ok()); // idempotent
        CHECK_FALSE(writer->write(signal).ok());
    }
    CHECK(std::filesystem::file_size(path) == 44 + 2 * signal.size());
    auto wav = read_wav(path);
    REQUIRE(wav.ok());
    CHECK(wav->sample_rate == kRate);
    CHECK(wav->samples == signal);

    SUBCASE("the destructor finishes the file; a moved-from writer does nothing") {
        const auto other = dir / "b.wav";
        {
            auto writer = WavWriter::create(other, 16000);
            REQUIRE(writer.ok());
            WavWriter moved = std::move(writer).value();
            CHECK(moved.write(signal).ok());
        }
        auto back = read_wav(other);
        REQUIRE(back.ok());
        CHECK(back->sample_rate == 16000);
        CHECK(back->samples.size() == signal.size());
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("read_wav accepts stereo, float32, extensible and streaming layouts") {
    const auto dir = temp_dir("wav-layouts");
    const auto path = dir / "x.wav";

    SUBCASE("stereo s16 is averaged to mono") {
        WavBytes w(1, 2, 44100, 16, false);
        w.tag("data");
        w.u32(8);
        w.u16(1000), w.u16(3000), w.u16(static_cast<std::uint16_t>(-2000)),
            w.u16(static_cast<std::uint16_t>(-2000));
        w.save(path);
        auto wav = read_wav(path);
        REQUIRE(wav.ok());
        CHECK(wav->sample_rate == 44100);
        CHECK(wav->samples == std::vector<Sample>{2000, -2000});
    }
    SUBCASE("float32 stereo with a fact chunk (sox's layout)") {
        WavBytes w(3, 2, 22050, 32, false);
        w.tag("fact");
        w.u32(4);
        w.u32(2);
        w.tag("data");
        w.u32(16);
        w.f32(0.5f), w.f32(0.5f), w.f32(-1.0f), w.f32(-1.0f);
        w.save(path);
        auto wav = read_wav(path);
        REQUIRE(wav.ok());
        CHECK(wav->samples == std::vector<Sample>{16384, -32768});
    }
    SUBCASE("WAVE_FORMAT_EXTENSIBLE float32 mono, clipping out-of-range floats") {
        WavBytes w(3, 1, 48000, 32, true);
        w.tag("data");
        w.u32(12);
        w.f32(0.25f), w.f32(2.0f), w.f32(-0.25f);
        w.save(path);
        auto wav = read_wav(path);
        REQUIRE(wav.ok());
        CHECK(wav->sample_rate == 48000);
        CHECK(wav->samples == std::vector<Sample>{8192, 32767, -8192});
    }
    SUBCASE("WAVE_FORMAT_EXTENSIBLE s16 stereo") {
        WavBytes w(1, 2, 22050, 16, true);
        w.tag("data");
        w.u32(4);
        w.u16(100), w.u16(300);
        w.save(path);
        auto wav = read_wav(path);
        REQUIRE(wav.ok());
        CHECK(wav->samples == std::vector<Sample>{200});
    }
    SUBCASE("odd-sized chunk before data is skipped with its pad byte") {
        WavBytes w(1, 1, 22050, 16, false);
        w.tag("LIST");
        w.u32(3);
        w.bytes.insert(w.bytes.end(), {'a', 'b', 'c', 0});
        w.tag("data");
        w.u32(4);
        w.u16(7), w.u16(static_cast<std::uint16_t>(-7));
        w.save(path);
        auto wav = read_wav(path);
        REQUIRE(wav.ok());
        CHECK(wav->samples == std::vector<Sample>{7, -7});
    }
    SUBCASE("unpatched streaming size: data runs to the end of the file") {
        WavBytes w(1, 1, 22050, 16, false);
        w.tag("data");
        w.u32(0xFFFFFFFF);
        w.u16(1), w.u16(2), w.u16(3);
        w.bytes.push_back(9); // a torn last sample is ignored
        w.save(path);
        auto wav = read_wav(path);
        REQUIRE(wav.ok());
        CHECK(wav->samples == std::vector<Sample>{1, 2, 3});
    }
    SUBCASE("errors are one line, not crashes") {
        CHECK_FALSE(read_wav(dir / "missing.wav").ok());
        std::ofstream(path) << "RIFF....WAVEjunk";
        auto junk = read_wav(path);
        REQUIRE_FALSE(junk.ok());
        CHECK(junk.error().message.find("not a WAV file") != std::string::npos);
        WavBytes w(1, 1, 22050, 12, false); // 12-bit: not a format we read
        w.tag("data");
        w.u32(2);
        w.u16(0);
        w.save(path);
        CHECK_FALSE(read_wav(path).ok());
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("WavWriter reports a path it cannot create") {
    auto writer = WavWriter::create("/nonexistent-dir-for-lectern/x.wav", kRate);
    REQUIRE_FALSE(writer.ok());
    CHECK(writer.error().message.find("/nonexistent-dir-for-lectern/x.wav") != std::string::npos);
}
