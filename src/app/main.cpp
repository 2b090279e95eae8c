// lectern: the command line. Parses arguments (CLI11) and dispatches to the subcommands.
// Main thread. Bad arguments exit with status 2 and one line on stderr.
#include "app/kiosk.hpp"
#include "app/paths.hpp"
#include "app/subcommands.hpp"
#include "core/clock.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

using namespace lectern;

int main(int argc, char** argv) {
    const Nanos epoch = SteadyClock::instance().now();
    CLI::App cli{"Lectern reads patient-education articles aloud, with large print and simple controls."};
    cli.set_version_flag("--version", LECTERN_VERSION);
    // No subcommand starts the kiosk (app/kiosk.hpp).
    cli.require_subcommand(0, 1);

    bool json = false;
    std::string file, text, out, sink = "portaudio", device;
    app::VoiceOptions voice;
    int rate = 0;
    const auto add_voice = [&](CLI::App* sub) {
        sub->add_option("--voice", voice.voice, "Voice profile from voices/ (en, es, ...)");
        sub->add_option("--rate", rate, "Words per minute, 80 to 450");
    };

    auto* sections = cli.add_subcommand("sections", "Print an article's outline");
    sections->add_option("FILE", file, "Article (.txt or .md)")->required();
    sections->add_flag("--json", json, "Print JSON");

    auto* say = cli.add_subcommand("say", "Speak a piece of text");
    say->add_option("TEXT", text, "What to say")->required();
    say->add_option("--out", out, "Write a WAV file instead of playing");
    add_voice(say);

    auto* render = cli.add_subcommand("render", "Render a whole article to a WAV file");
    render->add_option("FILE", file, "Article (.txt or .md)")->required();
    render->add_option("-o,--out", out, "Output WAV file")->required();
    add_voice(render);

    cli.add_subcommand("devices", "List the audio output devices");

    app::PlayOptions play;
    std::string commands;
    auto* play_cmd = cli.add_subcommand("play", "Read an article aloud (audio only)");
    play_cmd->add_option("FILE", play.file, "Article (.txt or .md); default: the bundled article");
    play_cmd->add_option("--sink", sink, "portaudio, null or wav:PATH");
    play_cmd->add_option("--device", play.device, "Audio output device name (see `lectern devices`)");
    play_cmd->add_option("--commands", commands, "'-' to read commands on stdin and write JSON events");
    play_cmd->add_flag("--unpaced", play.unpaced, "Null and WAV sinks run faster than real time");
    play_cmd->add_flag("--no-words", play.no_words, "Leave word events out of the JSON");
    play_cmd->add_option("--volume", play.volume, "Starting volume in percent, 0 to 100");
    add_voice(play_cmd);

    app::KioskOptions kiosk;
    std::string kiosk_commands;
    cli.add_option("--content", kiosk.content,
                   "Kiosk: the folder of articles (default: the bundled ones)");
    cli.add_option("--theme", kiosk.theme,
                   "Kiosk: yellow-on-black, white-on-black, black-on-white or white-on-blue");
    cli.add_option("--text-size", kiosk.text_size, "Kiosk: normal, large or largest");
    cli.add_option("--window", kiosk.window,
                   "Kiosk: a window of WIDTHxHEIGHT instead of full screen");
    cli.add_option("--language", kiosk.language, "Kiosk: the home screen's language (en, es)");
    cli.add_option("--keys", kiosk.keys, "Kiosk: a key-map file that overrides the built-in keys");
    cli.add_option("--commands", kiosk_commands,
                   "Kiosk: '-' to read commands on stdin and write JSON events");
    cli.add_option("--sink", sink, "Kiosk: portaudio, null or wav:PATH");
    cli.add_option("--device", kiosk.device, "Kiosk: audio output device name");
    cli.add_option("--volume", kiosk.volume, "Kiosk: starting volume in percent, 0 to 100");
    add_voice(&cli);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return cli.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "lectern: %s (see `lectern --help`)\n", e.what());
        return 2;
    }
    if (rate != 0) voice.rate = rate;

    if (sections->parsed()) return app::run_sections(file, json);
    if (say->parsed()) return app::run_say(text, voice, out);
    if (render->parsed()) return app::run_render(file, out, voice);
    if (cli.got_subcommand("devices")) return app::run_devices();
    if (play_cmd->parsed()) {
        if (!commands.empty() && commands != "-")
            return app::fail("--commands takes '-' (standard input), got '" + commands + "'");
        play.commands = commands == "-";
        play.sink = sink;
        play.voice = voice;
        return app::run_play(play, epoch);
    }
    if (!kiosk_commands.empty() && kiosk_commands != "-")
        return app::fail("--commands takes '-' (standard input), got '" + kiosk_commands + "'");
    kiosk.commands = kiosk_commands == "-";
    kiosk.sink = sink;
    kiosk.voice = voice;
    return app::run_kiosk(kiosk, epoch);
}
