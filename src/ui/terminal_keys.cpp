// Implementation of ui/terminal_keys.hpp.
#include "ui/terminal_keys.hpp"

#include <cctype>
#include <string_view>

namespace lectern::ui {

namespace {
struct Sequence {
    std::string_view bytes;
    const char* key;
};
// xterm and the Linux console.
constexpr Sequence kSequences[] = {
    {"\x1b[A", "up"},      {"\x1b[B", "down"},      {"\x1b[C", "right"}, {"\x1b[D", "left"},
    {"\x1bOA", "up"},      {"\x1bOB", "down"},      {"\x1bOC", "right"}, {"\x1bOD", "left"},
    {"\x1b[5~", "pageup"}, {"\x1b[6~", "pagedown"}, {"\x1b[H", "home"},  {"\x1b[1~", "home"},
    {"\x1bOP", "f1"},      {"\x1b[[A", "f1"},       {"\x1b[11~", "f1"},  {"\x1bOM", "kp_enter"},
    {"\x1b[E", "kp_5"},    {"\x1bOE", "kp_5"},      {"\x1b[G", "kp_5"},
};

std::string single(char c) {
    switch (c) {
    case '\r':
    case '\n':
        return "return";
    case ' ':
        return "space";
    case 0x7f:
    case 0x08:
        return "backspace";
    case '+':
        return "kp_+";
    case '-':
        return "kp_-";
    case '*':
        return "kp_*";
    case '/':
        return "kp_/";
    case '.':
        return "kp_.";
    default:
        break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (std::isdigit(u)) return std::string("kp_") + c;
    if (std::isprint(u)) return std::string(1, static_cast<char>(std::tolower(u)));
    return {};
}
} // namespace

std::vector<std::string> TerminalKeys::feed(std::string_view bytes) {
    std::vector<std::string> out;
    for (char c : bytes) {
        if (m_pending.empty()) {
            if (c == '\x1b') {
                m_pending = c;
            } else if (auto k = single(c); !k.empty()) {
                out.push_back(std::move(k));
            }
            continue;
        }
        m_pending += c;
        bool prefix = false;
        for (const auto& s : kSequences) {
            if (s.bytes == m_pending) {
                out.emplace_back(s.key);
                m_pending.clear();
                prefix = false;
                break;
            }
            if (s.bytes.substr(0, m_pending.size()) == m_pending) prefix = true;
        }
        if (!m_pending.empty() && !prefix) {
            // Not a sequence we know: a lone Escape followed by an ordinary key, or noise.
            const bool lone_escape =
                m_pending.size() == 2 && m_pending[1] != '[' && m_pending[1] != 'O';
            const char next = m_pending[1];
            m_pending.clear();
            if (lone_escape) {
                out.emplace_back("escape");
                if (next == '\x1b') {
                    m_pending = next;
                } else if (auto k = single(next); !k.empty()) {
                    out.push_back(std::move(k));
                }
            }
        }
    }
    return out;
}

std::vector<std::string> TerminalKeys::flush() {
    std::vector<std::string> out;
    if (m_pending == "\x1b") out.emplace_back("escape");
    m_pending.clear();
    return out;
}

} // namespace lectern::ui
