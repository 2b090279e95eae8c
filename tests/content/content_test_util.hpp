// Helpers shared by the content tests: reading fixtures from the source tree, writing scratch
// files, and comparing texts by their non-space characters ("nothing lost").
#pragma once

#include "content/article.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace content_test {

inline std::filesystem::path source_dir() {
    return LECTERN_SOURCE_DIR;
}

inline std::filesystem::path bundled_article() {
    return source_dir() / "content" / "what-to-expect-during-ketamine-treatment.txt";
}

inline std::filesystem::path data_file(std::string_view name) {
    return source_dir() / "tests" / "data" / "content" / name;
}

/// A scratch folder for files the tests write (CTest sets LECTERN_TEST_TMP).
inline std::filesystem::path tmp_dir() {
    const char* env = std::getenv("LECTERN_TEST_TMP");
    std::filesystem::path dir = env ? env : LECTERN_BINARY_DIR "/test-tmp";
    dir /= "content";
    std::filesystem::create_directories(dir);
    return dir;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in, "cannot open " << path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
}

inline bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

inline std::string non_space(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (!is_space(c)) out += c;
    }
    return out;
}

/// Headings and sentences in reading order, as one string without white space.
inline std::string spoken_non_space(const lectern::content::Article& a) {
    std::string out;
    for (const auto& section : a.sections) {
        out += non_space(section.heading);
        for (const auto& sentence : section.sentences)
            out += non_space(sentence.text);
    }
    return out;
}

inline const lectern::content::Section* find_section(const lectern::content::Article& a,
                                                     std::string_view heading) {
    for (const auto& s : a.sections) {
        if (s.heading == heading) return &s;
    }
    return nullptr;
}

/// Every run of letters and digits of `sentence` occurs, in order, in `source`.
inline bool words_in_order(std::string_view sentence, std::string_view source) {
    std::size_t from = 0;
    std::size_t i = 0;
    // ASCII letters and digits only: entities ("&hellip;") and no-break spaces in Markdown source
    // decode to non-ASCII text that is not in the source byte for byte.
    const auto word_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    while (i < sentence.size()) {
        while (i < sentence.size() && !word_char(sentence[i]))
            ++i;
        const std::size_t b = i;
        while (i < sentence.size() && word_char(sentence[i]))
            ++i;
        if (i == b) break;
        const std::size_t at = source.find(sentence.substr(b, i - b), from);
        if (at == std::string_view::npos) return false;
        from = at + (i - b);
    }
    return true;
}

/// Every sentence's source span lies inside the source and holds the sentence's words.
inline void check_sources(const lectern::content::Article& a) {
    for (const auto& section : a.sections) {
        CHECK(section.heading_source.end <= a.source.size());
        for (const auto& s : section.sentences) {
            CAPTURE(s.text);
            REQUIRE(s.source.begin < s.source.end);
            REQUIRE(s.source.end <= a.source.size());
            CHECK(words_in_order(
                s.text, std::string_view(a.source).substr(s.source.begin, s.source.size())));
        }
    }
}

} // namespace content_test
