// lectern: the command line. Parses arguments (CLI11) and dispatches to the subcommands.
// Main thread. Bad arguments exit with status 2 and one line on stderr.
#include "app/check.hpp"
#include "app/kiosk.hpp"
#include "app/lint.hpp"
#include "app/paths.hpp"
#include "app/subcommands.hpp"
#include "core/clock.hpp"
#include "synth/worker.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

using namespace lectern;

int main(int argc, char** argv) {
    // Hidden: this binary as the speech worker the kiosk starts (synth/worker.hpp); before
    // anything else, so the child initialises nothing but eSpeak NG.
    if (argc == 2 && argv[1] == synth::kWorkerSubcommand) return synth::run_synth_worker();
    const Nanos epoch = SteadyClock::instance().now();
    CLI::App cli{
        "Lectern reads patient-education articles aloud, with large print and simple controls."};
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
    bool say_phonemes = false;
    std::string say_language;
    say->add_flag("--phonemes", say_phonemes,
                  "Print the text as it will be read and its eSpeak NG phonemes (no sound)");
    say->add_option("--language", say_language, "With --phonemes: the text's language (en, es)");
    add_voice(say);

    auto* render = cli.add_subcommand("render", "Render a whole article to a WAV file");
    render->add_option("FILE", file, "Article (.txt or .md)")->required();
    render->add_option("-o,--out", out, "Output WAV file")->required();
    add_voice(render);

    cli.add_subcommand("devices", "List the audio output devices");

    std::string list_dir;
    auto* list = cli.add_subcommand("list", "List the article library (a content folder)");
    list->add_option("DIR", list_dir, "Content folder; default: the installed content/");
    list->add_flag("--json", json, "Print JSON");

    std::vector<std::string> lint_paths;
    auto* lint = cli.add_subcommand("lint", "Check articles for words that would be misread");
    lint->add_option("PATH", lint_paths, "Article files or folders (default: the content folder)");

    app::PlayOptions play;
    std::string commands;
    auto* play_cmd = cli.add_subcommand("play", "Read an article aloud (audio only)");
    play_cmd->add_option("FILE", play.file, "Article (.txt or .md); default: the bundled article");
    play_cmd->add_option("--sink", sink, "portaudio, null or wav:PATH");
    play_cmd->add_option("--device", play.device,
                         "Audio output device name (see `lectern devices`)");
    play_cmd->add_option("--commands", commands,
                         "'-' to read commands on stdin and write JSON events");
    play_cmd->add_flag("--unpaced", play.unpaced, "Null and WAV sinks run faster than real time");
    play_cmd->add_flag("--no-words", play.no_words, "Leave word events out of the JSON");
    play_cmd->add_option("--volume", play.volume, "Starting volume in percent, 0 to 100");
    play_cmd->add_option("--config", play.config,
                         "Settings file (lectern.toml): device, voice, rate, volume, ceiling");
    add_voice(play_cmd);

    app::CheckOptions check_options;
    auto* check = cli.add_subcommand("check", "Self-test: audio, speech, fonts, content, display");
    check->add_option("--config", check_options.config, "Settings file")->capture_default_str();
    check->add_option("--device", check_options.device, "Audio output device (beats the settings)");

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
    cli.add_option("--config", kiosk.config, "Kiosk: settings file; options given here beat it")
        ->capture_default_str();
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
    if (say->parsed() && say_phonemes) return app::run_say_phonemes(text, say_language, voice);
    if (say->parsed()) return app::run_say(text, voice, out);
    if (lint->parsed()) return app::run_lint(lint_paths);
    if (render->parsed()) return app::run_render(file, out, voice);
    if (cli.got_subcommand("devices")) return app::run_devices();
    if (list->parsed()) return app::run_list(list_dir, json);
    if (check->parsed()) return app::run_check(check_options);
    if (play_cmd->parsed()) {
        if (!commands.empty() && commands != "-")
            return app::fail("--commands takes '-' (standard input), got '" + commands + "'");
        play.commands = commands == "-";
        play.sink = sink;
        play.voice = voice;
        play.volume_given = play_cmd->count("--volume") > 0;
        return app::run_play(play, epoch);
    }
    if (!kiosk_commands.empty() && kiosk_commands != "-")
        return app::fail("--commands takes '-' (standard input), got '" + kiosk_commands + "'");
    kiosk.commands = kiosk_commands == "-";
    kiosk.sink = sink;
    kiosk.voice = voice;
    for (const char* option : {"--content", "--theme", "--text-size", "--language", "--keys",
                               "--device", "--volume", "--voice", "--rate"})
        if (cli.count(option) > 0) kiosk.given.emplace_back(option);
    return app::run_kiosk(kiosk, epoch);
}
