// Implementation of content/catalog.hpp.
#include "content/catalog.hpp"

#include "content/parse.hpp"
#include "core/log.hpp"

#include <algorithm>

namespace lectern::content {

namespace {
bool is_article_file(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".txt" || ext == ".md" || ext == ".markdown";
}
} // namespace

std::vector<CatalogEntry> load_catalog(const std::filesystem::path& dir) {
    std::vector<CatalogEntry> out;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (it->is_regular_file(type_ec) && is_article_file(it->path()))
            files.push_back(it->path());
    }
    if (ec) {
        log::error("cannot list the articles in " + dir.string() + ": " + ec.message());
        return out;
    }
    std::sort(files.begin(), files.end()); // a stable order before sorting by title
    for (const auto& f : files) {
        auto article = load_article(f);
        if (!article) {
            log::warning("skipping " + f.string() + ": " + article.error().message);
            continue;
        }
        out.push_back({f, std::make_shared<const Article>(std::move(*article))});
    }
    std::stable_sort(out.begin(), out.end(), [](const CatalogEntry& a, const CatalogEntry& b) {
        const bool a_bundled = a.file.filename() == kBundledArticle;
        const bool b_bundled = b.file.filename() == kBundledArticle;
        if (a_bundled != b_bundled) return a_bundled;
        const auto& ao = a.article->order;
        const auto& bo = b.article->order;
        if (ao.has_value() != bo.has_value()) return ao.has_value();
        if (ao && bo && *ao != *bo) return *ao < *bo;
        return a.article->title < b.article->title;
    });
    return out;
}

} // namespace lectern::content
