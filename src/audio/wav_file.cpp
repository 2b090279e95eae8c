// WavWriter and read_wav: a small hand-written RIFF/WAVE writer (mono s16) and reader (PCM
// 8/16/24/32 bit or IEEE float 32/64, any channel count downmixed to mono, WAVE_FORMAT_EXTENSIBLE
// too). The reader accepts the files sox and ALSA's file plugin write, including streaming headers
// whose sizes were never patched (0 or 0xFFFFFFFF: the data runs to the end of the file). Thread
// affinity: a WavWriter is used by one thread at a time; read_wav is a pure function.
#include "audio/audio_sink.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>
#include <vector>

namespace lectern::audio {

namespace {

constexpr std::uint16_t kFormatPcm = 1;
constexpr std::uint16_t kFormatFloat = 3;
constexpr std::uint16_t kFormatExtensible = 0xFFFE;
constexpr std::size_t kHeaderBytes = 44;

void put_u16(unsigned char* p, std::uint16_t v) {
    p[0] = static_cast<unsigned char>(v);
    p[1] = static_cast<unsigned char>(v >> 8);
}
void put_u32(unsigned char* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<unsigned char>(v >> (8 * i));
}
std::uint32_t get_u32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
std::uint16_t get_u16(const unsigned char* p) {
    return static_cast<std::uint16_t>(p[0] | p[1] << 8);
}

std::array<unsigned char, kHeaderBytes> make_header(int rate, std::uint64_t frames) {
    const std::uint64_t data_bytes64 = frames * sizeof(Sample);
    const std::uint32_t data_bytes = data_bytes64 > 0xFFFFFFFFull - 36
                                         ? 0xFFFFFFFFu - 36
                                         : static_cast<std::uint32_t>(data_bytes64);
    std::array<unsigned char, kHeaderBytes> h{};
    std::memcpy(&h[0], "RIFF", 4);
    put_u32(&h[4], 36 + data_bytes);
    std::memcpy(&h[8], "WAVEfmt ", 8);
    put_u32(&h[16], 16);
    put_u16(&h[20], kFormatPcm);
    put_u16(&h[22], 1);
    put_u32(&h[24], static_cast<std::uint32_t>(rate));
    put_u32(&h[28], static_cast<std::uint32_t>(rate) * sizeof(Sample));
    put_u16(&h[32], sizeof(Sample));
    put_u16(&h[34], 16);
    std::memcpy(&h[36], "data", 4);
    put_u32(&h[40], data_bytes);
    return h;
}

std::string io_error(const char* what, const std::filesystem::path& path) {
    return std::string(what) + " " + path.string() + ": " + std::strerror(errno);
}

/// One interleaved sample as a float in [-1, 1].
double decode(const unsigned char* p, std::uint16_t format, int bits) {
    if (format == kFormatFloat) {
        if (bits == 32) return std::bit_cast<float>(get_u32(p));
        std::uint64_t v = get_u32(p) | static_cast<std::uint64_t>(get_u32(p + 4)) << 32;
        return std::bit_cast<double>(v);
    }
    switch (bits) {
    case 8:
        return (static_cast<int>(p[0]) - 128) / 128.0;
    case 16:
        return static_cast<std::int16_t>(get_u16(p)) / 32768.0;
    case 24: {
        const std::int32_t v = static_cast<std::int32_t>((static_cast<std::uint32_t>(p[0]) << 8 |
                                                          static_cast<std::uint32_t>(p[1]) << 16 |
                                                          static_cast<std::uint32_t>(p[2]) << 24));
        return v / 2147483648.0;
    }
    default:
        return static_cast<std::int32_t>(get_u32(p)) / 2147483648.0;
    }
}

} // namespace

// ---- WavWriter ----

Result<WavWriter> WavWriter::create(const std::filesystem::path& path, int sample_rate) {
    if (sample_rate <= 0) return make_error("invalid sample rate for " + path.string());
    WavWriter writer;
    writer.m_file = std::fopen(path.c_str(), "wb");
    if (!writer.m_file) return make_error(io_error("cannot create", path));
    writer.m_path = path;
    writer.m_rate = sample_rate;
    const auto header = make_header(sample_rate, 0);
    if (std::fwrite(header.data(), 1, header.size(), writer.m_file) != header.size()) {
        return make_error(io_error("cannot write", path));
    }
    return writer;
}

WavWriter::WavWriter(WavWriter&& other) noexcept
    : m_file(std::exchange(other.m_file, nullptr)), m_path(std::move(other.m_path)),
      m_rate(other.m_rate), m_frames(other.m_frames) {}

WavWriter& WavWriter::operator=(WavWriter&& other) noexcept {
    if (this != &other) {
        (void)finish();
        m_file = std::exchange(other.m_file, nullptr);
        m_path = std::move(other.m_path);
        m_rate = other.m_rate;
        m_frames = other.m_frames;
    }
    return *this;
}

WavWriter::~WavWriter() {
    (void)finish();
}

Result<void> WavWriter::write(std::span<const Sample> pcm) {
    if (!m_file) return make_error("cannot write " + m_path.string() + ": already finished");
    std::size_t written = 0;
    if constexpr (std::endian::native == std::endian::little) {
        written = std::fwrite(pcm.data(), sizeof(Sample), pcm.size(), m_file);
    } else {
        std::array<unsigned char, 1024> bytes;
        std::size_t done = 0;
        while (done < pcm.size()) {
            const std::size_t n = std::min(pcm.size() - done, bytes.size() / 2);
            for (std::size_t i = 0; i < n; ++i) {
                put_u16(&bytes[2 * i], static_cast<std::uint16_t>(pcm[done + i]));
            }
            const std::size_t wrote = std::fwrite(bytes.data(), 2, n, m_file);
            written += wrote;
            done += n;
            if (wrote != n) break;
        }
    }
    m_frames += written;
    if (written != pcm.size()) return make_error(io_error("cannot write", m_path));
    return {};
}

Result<void> WavWriter::finish() {
    if (!m_file) return {};
    std::FILE* file = std::exchange(m_file, nullptr);
    const auto header = make_header(m_rate, m_frames);
    bool ok = std::fflush(file) == 0 && std::fseek(file, 0, SEEK_SET) == 0 &&
              std::fwrite(header.data(), 1, header.size(), file) == header.size();
    ok = std::fclose(file) == 0 && ok;
    if (!ok) return make_error(io_error("cannot finish", m_path));
    return {};
}

// ---- read_wav ----

Result<WavData> read_wav(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(io_error("cannot open", path));
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
    const auto bad = [&](const char* why) {
        return make_error(path.string() + " is not a WAV file Lectern can read (" + why + ")");
    };
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 ||
        std::memcmp(bytes.data() + 8, "WAVE", 4) != 0) {
        return bad("no RIFF/WAVE header");
    }
    std::uint16_t format = 0;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    std::size_t pos = 12;
    while (pos + 8 <= bytes.size()) {
        const unsigned char* chunk = bytes.data() + pos;
        const std::size_t body = pos + 8;
        std::size_t size = get_u32(chunk + 4);
        if (std::memcmp(chunk, "fmt ", 4) == 0) {
            if (size < 16 || body + 16 > bytes.size()) return bad("short fmt chunk");
            format = get_u16(chunk + 8);
            channels = get_u16(chunk + 10);
            rate = static_cast<int>(get_u32(chunk + 12));
            bits = get_u16(chunk + 22);
            if (format == kFormatExtensible) {
                // cbSize(2) validBits(2) channelMask(4) then the sub-format GUID whose first two
                // bytes are the plain format tag.
                if (size < 40 || body + 40 > bytes.size()) return bad("short extensible fmt chunk");
                format = get_u16(chunk + 8 + 24);
            }
        } else if (std::memcmp(chunk, "data", 4) == 0) {
            if (channels <= 0 || rate <= 0) return bad("data before fmt");
            const bool pcm_ok =
                format == kFormatPcm && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
            const bool float_ok = format == kFormatFloat && (bits == 32 || bits == 64);
            if (!pcm_ok && !float_ok) return bad("unsupported sample format");
            // Streaming writers leave 0 or 0xFFFFFFFF here: the data then runs to end of file.
            if (size == 0 || size > bytes.size() - body) size = bytes.size() - body;
            const std::size_t frame_bytes = static_cast<std::size_t>(channels) * (bits / 8);
            const std::size_t frames = size / frame_bytes;
            WavData data;
            data.sample_rate = rate;
            data.samples.resize(frames);
            for (std::size_t f = 0; f < frames; ++f) {
                double sum = 0.0;
                for (int c = 0; c < channels; ++c) {
                    sum += decode(bytes.data() + body + f * frame_bytes +
                                      static_cast<std::size_t>(c) * (bits / 8),
                                  format, bits);
                }
                const double mono = std::clamp(sum / channels * 32768.0, -32768.0, 32767.0);
                data.samples[f] = static_cast<Sample>(std::lround(std::isnan(mono) ? 0.0 : mono));
            }
            return data;
        }
        if (size > bytes.size() - body) break;
        pos = body + size + (size & 1); // chunks are padded to even sizes
    }
    return bad("no data chunk");
}

} // namespace lectern::audio
