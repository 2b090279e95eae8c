// The article library of a content folder: every .txt and .md file in it, parsed. The bundled
// article comes first (it is what the product was specified with), then articles by their front
// matter's `order` (lower first; those without come after), then by title. A file
// that cannot be read or parsed is skipped with one log line, so one bad handout never empties the
// kiosk. Main thread at start-up (it reads files); the result is plain values, any thread.
#pragma once

#include "content/article.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lectern::content {

/// The file name of the article bundled with Lectern.
inline constexpr const char* kBundledArticle = "what-to-expect-during-ketamine-treatment.txt";

struct CatalogEntry {
    std::filesystem::path file;
    std::shared_ptr<const Article> article;
};

/// Loads every article in `dir` (not recursive). An unreadable folder gives an empty catalog and
/// one log line.
std::vector<CatalogEntry> load_catalog(const std::filesystem::path& dir);

} // namespace lectern::content
