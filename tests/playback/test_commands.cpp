// The command table and its parser.
#include "playback/commands.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace lectern::playback;

TEST_CASE("every command id is in the table once, with a description") {
    std::set<int> ids;
    std::set<std::string> names;
    for (const auto& c : command_table()) {
        CHECK(ids.insert(static_cast<int>(c.id)).second);
        CHECK(names.insert(std::string(c.name)).second);
        CHECK_FALSE(c.description.empty());
        CHECK(&info(c.id) == &c);
    }
    CHECK(ids.size() == static_cast<std::size_t>(CommandId::volume) + 1);
}

TEST_CASE("commands parse by name and alias, case-insensitively") {
    CHECK(parse_command("play")->id == CommandId::play);
    CHECK(parse_command("  NEXT ")->id == CommandId::next_section);
    CHECK(parse_command("next-section")->id == CommandId::next_section);
    CHECK(parse_command("previous")->id == CommandId::prev_section);
    CHECK(parse_command("next-sentence")->id == CommandId::next_sentence);
    CHECK(parse_command("repeat")->id == CommandId::repeat_sentence);
    auto go = parse_command("goto 4");
    REQUIRE(go.ok());
    CHECK(go->id == CommandId::goto_section);
    CHECK(go->arg == 4);
    CHECK(parse_command("rate\t200")->arg == 200);
    CHECK(parse_command("volume -3")->arg == -3);
}

TEST_CASE("bad commands give one clear line") {
    auto unknown = parse_command("jump");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.rfind("unknown command 'jump'; try: play, pause", 0) == 0);
    CHECK(parse_command("goto").error().message == "'goto' needs a number, e.g. 'goto 3'");
    CHECK(parse_command("goto three").error().message ==
          "'goto' needs a whole number, but got 'three'");
    CHECK(parse_command("rate 12x").error().message ==
          "'rate' needs a whole number, but got '12x'");
    CHECK(parse_command("pause now").error().message == "'pause' takes no value, but got 'now'");
    CHECK_FALSE(parse_command("").ok());
    CHECK_FALSE(parse_command(std::string(5000, 'x')).ok());
    CHECK(parse_command(std::string("\x01\xff", 2)).error().message.find("unknown command") == 0);
}
