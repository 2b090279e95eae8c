// Private to lectern_content: HTML character references in Markdown ("&amp;", "&#8217;",
// "&#x2019;"). md4c hands them over verbatim and leaves decoding to the application. Any thread.
#pragma once

#include <string>
#include <string_view>

namespace lectern::content::detail {

/// Appends the UTF-8 text of an entity such as "&amp;" to out. Numeric references outside
/// Unicode (or NUL) give U+FFFD, as HTML does; a named entity this table does not know is
/// appended as written so no text is lost.
void append_entity(std::string& out, std::string_view entity);

} // namespace lectern::content::detail
