// Saving screenshots: PNG (a small encoder over zlib, since SDL2 2.26 has no PNG writer and
// SDL_image would be one more dependency for one function) or BMP (SDL_SaveBMP), chosen by the
// file's extension. UI thread (it reads an SDL_Surface).
#pragma once

#include "core/result.hpp"

#include <SDL.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lectern::ui::sdl {

/// Encodes 8-bit RGB pixels (w*h*3 bytes, rows top to bottom) as a PNG file's bytes.
std::vector<std::uint8_t> encode_png(const std::uint8_t* rgb, int w, int h);

/// Writes the surface as .png or .bmp; any other extension is an error naming both.
Result<void> save_image(SDL_Surface* surface, const std::filesystem::path& path);

} // namespace lectern::ui::sdl
