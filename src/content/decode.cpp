// Implementation of content::decode (parse.hpp): encoding detection and conversion to UTF-8 with
// LF line ends. Hospital PCs produce Windows-1252 and UTF-16 files as often as UTF-8, so all of
// them are accepted; binary files are refused with a message that says what to do. Any thread.
#include "content/parse.hpp"

#include "core/utf8.hpp"

#include <array>
#include <cstdint>

namespace lectern::content {
namespace {

constexpr std::string_view kBinaryMessage =
    "this looks like a binary file, not an article; save it as plain text (.txt) or Markdown (.md)";

/// Windows-1252 0x80..0x9F. The five unassigned bytes map to the C1 controls of the same value,
/// as the WHATWG Encoding Standard does; the normaliser drops those before speech.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/// Control characters that do not occur in text (everything below 0x20 except TAB, LF, CR and
/// FF, and DEL). Office documents, images and archives are full of them; articles are not.
bool is_binary_control(char32_t c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
}

/// NUL anywhere, or more than 10% of the characters being binary controls.
template <class Range> bool looks_binary(const Range& chars) {
    std::size_t controls = 0;
    std::size_t total = 0;
    for (const auto c : chars) {
        const auto cp = static_cast<char32_t>(c);
        if (cp == 0) return true;
        if (is_binary_control(cp)) ++controls;
        ++total;
    }
    return controls * 10 > total;
}

struct ByteRange {
    std::string_view s;
    struct Iter {
        const char* p;
        unsigned char operator*() const { return static_cast<unsigned char>(*p); }
        Iter& operator++() {
            ++p;
            return *this;
        }
        bool operator!=(const Iter& o) const { return p != o.p; }
    };
    Iter begin() const { return {s.data()}; }
    Iter end() const { return {s.data() + s.size()}; }
};

std::u32string decode_utf16(std::string_view bytes, bool big_endian) {
    std::u32string out;
    out.reserve(bytes.size() / 2);
    const auto unit = [&](std::size_t k) -> char32_t {
        const auto a = static_cast<unsigned char>(bytes[k]);
        const auto b = static_cast<unsigned char>(bytes[k + 1]);
        return big_endian ? (a << 8 | b) : (b << 8 | a);
    };
    std::size_t k = 0;
    for (; k + 1 < bytes.size(); k += 2) {
        const char32_t u = unit(k);
        if (u >= 0xD800 && u <= 0xDBFF && k + 3 < bytes.size()) {
            const char32_t low = unit(k + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                out += 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                k += 2;
                continue;
            }
        }
        out += (u >= 0xD800 && u <= 0xDFFF) ? char32_t{0xFFFD} : u;
    }
    if (k < bytes.size()) out += 0xFFFD; // a stray last byte
    return out;
}

/// Appends text, turning CRLF and lone CR into LF.
class LineEndWriter {
  public:
    explicit LineEndWriter(std::string& out) : m_out(out) {}
    void put(char32_t cp) {
        if (cp == '\n' && m_after_cr) {
            m_after_cr = false;
            return;
        }
        m_after_cr = cp == '\r';
        utf8::append(m_out, m_after_cr ? char32_t{'\n'} : cp);
    }

  private:
    std::string& m_out;
    bool m_after_cr = false;
};

bool only_white_space(std::string_view s) {
    for (char c : s) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\v') return false;
    }
    return true;
}

} // namespace

Result<Decoded> decode(std::string_view bytes) {
    if (bytes.empty())
        return make_error("the file is empty; put the article's text in it and save it again");

    Decoded out;
    out.text.reserve(bytes.size() + bytes.size() / 8);
    LineEndWriter writer(out.text);
    const bool le = bytes.starts_with("\xFF\xFE");
    const bool be = bytes.starts_with("\xFE\xFF");
    if (le || be) {
        const std::u32string units = decode_utf16(bytes.substr(2), be);
        if (looks_binary(units)) return make_error(std::string(kBinaryMessage));
        out.encoding = le ? Encoding::utf16le : Encoding::utf16be;
        for (char32_t cp : units)
            writer.put(cp);
    } else {
        if (looks_binary(ByteRange{bytes})) return make_error(std::string(kBinaryMessage));
        const bool bom = bytes.starts_with("\xEF\xBB\xBF");
        if (bom) bytes.remove_prefix(3);
        if (bom || utf8::is_valid(bytes)) {
            // With a BOM the file says it is UTF-8; any malformed byte becomes U+FFFD.
            out.encoding = bom ? Encoding::utf8_bom : Encoding::utf8;
            for (std::size_t i = 0; i < bytes.size();)
                writer.put(utf8::next(bytes, i));
        } else {
            out.encoding = Encoding::windows1252;
            for (char c : bytes) {
                const auto b = static_cast<unsigned char>(c);
                writer.put(b >= 0x80 && b < 0xA0 ? char32_t{kCp1252High[b - 0x80]} : char32_t{b});
            }
        }
    }
    // A file saved with a BOM by two programs in turn (or UTF-16 holding a UTF-8 BOM) starts
    // with more than one; the decoded text has none (parse.hpp). Counted first, erased once:
    // a hostile file of a million BOMs stays linear.
    std::size_t boms = 0;
    while (out.text.compare(boms, 3, "\xEF\xBB\xBF") == 0)
        boms += 3;
    out.text.erase(0, boms);
    if (only_white_space(out.text)) {
        return make_error("the file has no text in it, only blank space; put the article's text in "
                          "it and save it again");
    }
    return out;
}

} // namespace lectern::content
