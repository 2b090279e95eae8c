// Implementation of app/paths.hpp.
#include "app/paths.hpp"

#include <cstdlib>
#include <string>
#include <system_error>

namespace lectern::app {
namespace fs = std::filesystem;

namespace {
bool has_data(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p / "voices", ec) && fs::is_directory(p / "content", ec);
}
} // namespace

fs::path data_dir() {
    if (const char* env = std::getenv("LECTERN_DATA_DIR"); env && *env) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "lectern";
        if (has_data(installed)) return installed;
    }
    if (has_data(LECTERN_SOURCE_DIR)) return LECTERN_SOURCE_DIR;
    return LECTERN_DATA_DIR;
}

fs::path state_dir() {
    // systemd may pass several directories separated by ':'; ours is the first.
    if (const char* env = std::getenv("STATE_DIRECTORY"); env && *env) {
        const std::string dirs(env);
        return dirs.substr(0, dirs.find(':'));
    }
    return "/var/lib/lectern";
}

fs::path default_article() {
    return content_dir() / "what-to-expect-during-ketamine-treatment.txt";
}

} // namespace lectern::app
