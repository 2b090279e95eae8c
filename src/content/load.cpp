// Implementation of content::load_article (parse.hpp): the only file of lectern_content that
// touches the file system. Every failure becomes one line that names the file and says what to
// do, because the person reading it is whoever copied the handout onto the kiosk. Any thread
// (it blocks on I/O; the UI thread should not call it for large files).
#include "content/parse.hpp"

#include "core/log.hpp"

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

namespace lectern::content {
namespace {

namespace fs = std::filesystem;

/// Far more than any handout (the bundled article is 5 KB); refuses disk images and videos
/// before reading them into memory.
constexpr std::uintmax_t kMaxFileBytes = 32u * 1024 * 1024;

Error file_error(const fs::path& path, std::string_view what) {
    return make_error(path.string() + ": " + std::string(what));
}

bool is_markdown(const fs::path& path) {
    std::string ext = path.extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".md" || ext == ".markdown";
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

} // namespace

Result<Article> load_article(const fs::path& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) {
        return file_error(path, "no such file; check the name and that it was copied to the "
                                "content folder");
    }
    if (ec) {
        return file_error(path, "cannot be opened (" + ec.message() +
                                    "); check that the file's permissions let Lectern read it");
    }
    if (fs::is_directory(status)) {
        return file_error(path, "this is a folder, not an article; choose a .txt or .md file "
                                "inside it");
    }
    if (!fs::is_regular_file(status)) {
        return file_error(path, "this is not an ordinary file; save the article as a .txt or "
                                ".md file and choose that");
    }
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > kMaxFileBytes) {
        return file_error(path, "the file is too large to be an article (" +
                                    std::to_string(size / (1024 * 1024)) +
                                    " MB); save only the article's text as .txt or .md");
    }

    const std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        return file_error(path, std::string("cannot be opened (") + std::strerror(errno) +
                                    "); check that the file's permissions let Lectern read it");
    }
    std::string bytes;
    bytes.resize(static_cast<std::size_t>(ec ? 0 : size));
    std::size_t got = std::fread(bytes.data(), 1, bytes.size(), file.get());
    bytes.resize(got);
    // The size may have changed since stat (a file still being copied): read whatever remains.
    char chunk[65536];
    while (!std::ferror(file.get()) && !std::feof(file.get()) && bytes.size() <= kMaxFileBytes) {
        got = std::fread(chunk, 1, sizeof chunk, file.get());
        bytes.append(chunk, got);
    }
    if (std::ferror(file.get())) {
        return file_error(path, std::string("reading failed (") + std::strerror(errno) +
                                    "); copy the file to the kiosk again");
    }
    if (bytes.size() > kMaxFileBytes) {
        return file_error(path, "the file is too large to be an article; save only the "
                                "article's text as .txt or .md");
    }

    Result<Decoded> decoded = decode(bytes);
    if (!decoded) return file_error(path, decoded.error().message);
    Result<Article> article =
        is_markdown(path) ? parse_markdown(decoded->text) : parse_plain_text(decoded->text);
    if (!article) return file_error(path, article.error().message);
    article->encoding = decoded->encoding;
    for (const auto& [line, message] : article->ignored)
        log::warning(path.string() + ":" + std::to_string(line) + ": " + message);
    return article;
}

} // namespace lectern::content
