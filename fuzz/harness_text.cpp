// Fuzz body for text::normalize (fuzz/harness.hpp): the guarantees of text/normalize.hpp on any
// bytes: escaped SSML (no markup but the opening <speak>), no control characters, valid UTF-8,
// no token longer than kMaxTokenBytes, and anchors that map every output offset into the input.
// Single-threaded.
#include "harness.hpp"

#include "core/utf8.hpp"
#include "text/normalize.hpp"

namespace lectern::fuzz {

void normalize(Input data) {
    const std::string_view input(reinterpret_cast<const char*>(data.data()), data.size());
    const text::Normalized n = text::normalize(input);
    constexpr std::string_view kOpen = "<speak>";
    expect(n.ssml.rfind(kOpen, 0) == 0, "SSML starts with <speak>");
    const std::string_view body = std::string_view(n.ssml).substr(kOpen.size());
    expect(body.find_first_of("<>") == std::string_view::npos, "content is XML-escaped");
    expect(utf8::is_valid(body), "SSML is valid UTF-8");
    std::size_t token = 0;
    for (const char c : body) {
        const auto b = static_cast<unsigned char>(c);
        expect(b >= 0x20 && b != 0x7F, "no control characters reach the synthesiser");
        token = c == ' ' ? 0 : token + 1;
        expect(token <= text::kMaxTokenBytes, "no token longer than kMaxTokenBytes");
    }
    expect(!n.anchors.empty(), "there is an anchor");
    for (std::size_t i = 0; i < n.anchors.size(); ++i) {
        expect(n.anchors[i].first <= n.ssml.size(), "anchor inside the output");
        expect(n.anchors[i].second <= input.size(), "anchor inside the input");
        if (i > 0) {
            expect(n.anchors[i - 1].first <= n.anchors[i].first, "anchors sorted by output");
            expect(n.anchors[i - 1].second <= n.anchors[i].second, "anchors sorted by input");
        }
    }
    const std::size_t step = n.ssml.size() / 64 + 1;
    for (std::size_t at = 0; at <= n.ssml.size() + 1; at += step)
        expect(n.to_input(at) <= input.size(), "to_input stays inside the input");
}

} // namespace lectern::fuzz
