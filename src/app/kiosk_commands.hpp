// The kiosk's own lines on its control channel (`--commands -`), beside the playback commands
// that ControlChannel parses: what a person or a test does to the screen.
//   key NAME | keydown NAME | keyup NAME   a press and release, or one of them (NAME as in key
//   maps) tap X Y                                a touch at pixel X, Y screenshot FILE the screen
//   as it is, to a PNG file
// Each is posted to the Shell (the UI thread carries it out). Any thread (the channel's reader).
#pragma once

#include "app/control_channel.hpp"
#include "ui/sdl/shell.hpp"

#include <string_view>

namespace lectern::app {

/// False when `line` is none of the kiosk's commands (ControlChannel then reports it); a
/// command missing its value is one error line on `json`, and true.
bool kiosk_command(std::string_view line, ui::sdl::Shell& shell, JsonLines& json);

} // namespace lectern::app
