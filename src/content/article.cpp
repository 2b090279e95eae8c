// Implementation of content/article.hpp. Any thread.
#include "content/article.hpp"

#include <algorithm>

namespace lectern::content {

const char* to_string(Encoding e) {
    switch (e) {
    case Encoding::utf8:
        return "UTF-8";
    case Encoding::utf8_bom:
        return "UTF-8 with BOM";
    case Encoding::windows1252:
        return "Windows-1252";
    case Encoding::utf16le:
        return "UTF-16LE";
    case Encoding::utf16be:
        return "UTF-16BE";
    }
    return "unknown";
}

std::size_t Article::sentence_count() const {
    std::size_t n = 0;
    for (const Section& s : sections)
        n += s.sentences.size();
    return n;
}

std::size_t Article::line_of(std::size_t offset) const {
    const auto end = source.begin() + static_cast<std::ptrdiff_t>(std::min(offset, source.size()));
    return 1 + static_cast<std::size_t>(std::count(source.begin(), end, '\n'));
}

} // namespace lectern::content
