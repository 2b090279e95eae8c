// Implementation of ui/sdl/image_file.hpp.
#include "ui/sdl/image_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <fstream>

namespace lectern::ui::sdl {

namespace {
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void chunk(std::vector<std::uint8_t>& out, const char type[4],
           const std::vector<std::uint8_t>& data) {
    put32(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    const auto crc = crc32(0L, out.data() + start, static_cast<uInt>(out.size() - start));
    put32(out, static_cast<std::uint32_t>(crc));
}
} // namespace

std::vector<std::uint8_t> encode_png(const std::uint8_t* rgb, int w, int h) {
    // Each row is prefixed with filter type 0 (none): simple, and zlib still shrinks flat screens
    // of large single-colour areas very well.
    const std::size_t row = static_cast<std::size_t>(w) * 3;
    std::vector<std::uint8_t> raw;
    raw.reserve((row + 1) * static_cast<std::size_t>(h));
    for (int y = 0; y < h; ++y) {
        raw.push_back(0);
        raw.insert(raw.end(), rgb + static_cast<std::size_t>(y) * row,
                   rgb + static_cast<std::size_t>(y + 1) * row);
    }
    uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
    std::vector<std::uint8_t> packed(packed_size);
    if (compress2(packed.data(), &packed_size, raw.data(), static_cast<uLong>(raw.size()), 6) !=
        Z_OK)
        return {};
    packed.resize(packed_size);

    std::vector<std::uint8_t> out{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<std::uint8_t> header;
    put32(header, static_cast<std::uint32_t>(w));
    put32(header, static_cast<std::uint32_t>(h));
    header.insert(header.end(),
                  {8, 2, 0, 0, 0}); // 8-bit, truecolour, deflate, no filter choice, no interlace
    chunk(out, "IHDR", header);
    chunk(out, "IDAT", packed);
    chunk(out, "IEND", {});
    return out;
}

Result<void> save_image(SDL_Surface* surface, const std::filesystem::path& path) {
    if (!surface) return make_error("no image to save");
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".bmp") {
        if (SDL_SaveBMP(surface, path.c_str()) != 0)
            return make_error("cannot write " + path.string() + ": " + SDL_GetError());
        return {};
    }
    if (ext != ".png")
        return make_error("cannot save '" + path.string() + "': use a .png or .bmp file name");
    SDL_Surface* rgb = SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_RGB24, 0);
    if (!rgb) return make_error(std::string("cannot convert the screen image: ") + SDL_GetError());
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(rgb->w) * 3 *
                                     static_cast<std::size_t>(rgb->h));
    for (int y = 0; y < rgb->h; ++y) {
        const auto* src = static_cast<const std::uint8_t*>(rgb->pixels) +
                          static_cast<std::ptrdiff_t>(y) * rgb->pitch;
        std::copy(src, src + rgb->w * 3,
                  pixels.begin() + static_cast<std::ptrdiff_t>(y) * rgb->w * 3);
    }
    const auto png = encode_png(pixels.data(), rgb->w, rgb->h);
    SDL_FreeSurface(rgb);
    if (png.empty()) return make_error("cannot compress the screen image");
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
    if (!out)
        return make_error("cannot write " + path.string() +
                          "; check the folder exists and is writable");
    return {};
}

} // namespace lectern::ui::sdl
