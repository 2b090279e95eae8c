// Minimal JSON output helpers for the JSON-lines control channel and `--json` outputs.
// Pure; any thread. Lectern only ever writes JSON, so there is no parser here.
#pragma once

#include <string>
#include <string_view>

namespace lectern::json {

/// A JSON string literal (with quotes) for UTF-8 text; control characters are \u-escaped and
/// invalid UTF-8 bytes become U+FFFD so the output is always valid JSON.
std::string quote(std::string_view s);

} // namespace lectern::json
