// Where Lectern's data lives (content/ and voices/). Main thread; pure apart from stat() calls.
//   1. $LECTERN_DATA_DIR when set (the staff's override, and tests);
//   2. <dir of the executable>/../share/lectern (an installed package);
//   3. the source tree the binary was built from (a developer's build);
//   4. the compiled-in install prefix.
#pragma once

#include <filesystem>

namespace lectern::app {

std::filesystem::path data_dir();
inline std::filesystem::path voices_dir() {
    return data_dir() / "voices";
}
inline std::filesystem::path content_dir() {
    return data_dir() / "content";
}
/// Where the kiosk keeps what must survive a restart (only the staff menu's defaults):
/// $STATE_DIRECTORY (systemd's StateDirectory=, /var/lib/lectern for the service), else
/// /var/lib/lectern.
std::filesystem::path state_dir();
/// The bundled default article.
std::filesystem::path default_article();

} // namespace lectern::app
