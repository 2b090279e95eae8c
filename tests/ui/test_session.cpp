// The Session's behaviour: focus speaks, actions confirm themselves, learn mode, the question
// list's numbers, taps on release with a double-tap guard, and positions from playback events.
#include "ui_test_util.hpp"

#include <doctest/doctest.h>

using namespace lectern;
using namespace lectern::ui;
using namespace lectern::ui::test;
using playback::CommandId;
using playback::PlayState;
using std::chrono::milliseconds;

namespace {
struct Kiosk {
    RecordingPort port;
    ApproxMeasure measure;
    Session session;
    Nanos now{milliseconds(1000)};
    explicit Kiosk(
        std::vector<std::shared_ptr<const content::Article>> articles = {bundled_article()})
        : session(std::move(articles), strings(), KeyMap::defaults(), port, measure,
                  SessionOptions{}) {}
    void press(const char* key) {
        now += milliseconds(500);
        REQUIRE(session.key(key, true, now));
        REQUIRE(session.key(key, false, now));
    }
    void tap_item(ItemKind kind) {
        const Frame& f = session.frame();
        for (const auto& t : f.targets)
            if (t.item.kind == kind) {
                now += milliseconds(500);
                const Point p{t.rect.x + t.rect.w / 2, t.rect.y + t.rect.h / 2};
                session.pointer(p, true, now);
                session.pointer(p, false, now);
                return;
            }
        FAIL("no target for the item");
    }
    void open() {
        session.start();
        press("return");
        REQUIRE(session.view().screen == Screen::reader);
        port.clear();
    }
};
} // namespace

TEST_CASE("start: the welcome and the focused article are spoken in one announcement") {
    Kiosk k;
    k.session.start();
    REQUIRE(k.port.spoken.size() == 1);
    CHECK(k.port.last().rfind("Welcome.", 0) == 0);
    CHECK(k.port.last().find("What To Expect During Ketamine Treatment? Article 1 of 1") !=
          std::string::npos);
}

TEST_CASE("Up and Down step through every item of the reader and speak each, Down wraps") {
    Kiosk k;
    k.open();
    const auto all = items(k.session.view());
    for (std::size_t i = 0; i < all.size(); ++i)
        k.press("down");
    CHECK(k.port.spoken.size() == all.size());
    CHECK(focused(k.session.view()).kind ==
          ItemKind::play_pause); // round again to where it started
    CHECK(k.port.spoken[0].rfind("Repeat.", 0) == 0);
    k.press("up");
    CHECK(k.port.last().rfind("The text being read.", 0) == 0);
}

TEST_CASE("opening an article reads it, every action confirms itself") {
    Kiosk k;
    k.session.start();
    k.press("return");
    CHECK(k.port.opened.size() == 1);
    CHECK(k.port.posted(CommandId::play));
    CHECK(k.port.last() == "Opening.");
    k.press("space");
    CHECK(k.port.commands.back().id == CommandId::pause);
    CHECK(k.port.last() == "Paused.");
    k.press("space");
    CHECK(k.port.commands.back().id == CommandId::play);
    CHECK(k.port.last() == "Reading.");
    k.press(
        "kp_6"); // next section: the heading is the confirmation, reading goes on from sentence 1
    CHECK(k.port.last() == "Section 2: What is ketamine?");
    REQUIRE(k.port.commands.size() >= 2);
    CHECK(k.port.commands[k.port.commands.size() - 2].id == CommandId::goto_section);
    CHECK(k.port.commands[k.port.commands.size() - 2].arg == 2);
    CHECK(k.port.commands.back().id == CommandId::next_sentence);
    k.press("kp_4");
    CHECK(k.port.last() == "Section 1: What To Expect During Ketamine Treatment?");
    k.press("kp_4");
    CHECK(k.port.last() == "This is the first section.");
    k.press("kp_*");
    CHECK(k.port.last() == "Faster.");
    k.press("kp_/");
    CHECK(k.port.last() == "Slower.");
    k.press("kp_+");
    CHECK(k.port.last() == "Louder.");
    k.press("kp_-");
    CHECK(k.port.last() == "Quieter.");
    k.press("kp_9");
    CHECK(k.port.commands.back().id == CommandId::repeat_sentence);
    CHECK(k.port.last() == "Again.");
    k.press("w");
    CHECK(k.port.last().rfind("What To Expect During Ketamine Treatment? Section 1 of 12", 0) == 0);
    CHECK(k.port.last().find("minutes left.") != std::string::npos);
}

TEST_CASE("speed and volume stop at their limits, and say so") {
    Kiosk k;
    k.open();
    for (int i = 0; i < 30; ++i)
        k.press("kp_+");
    CHECK(k.session.view().volume == 100);
    CHECK(k.port.last() == "This is the loudest setting.");
    for (int i = 0; i < 30; ++i)
        k.press("kp_-");
    CHECK(k.session.view().volume == 10); // never silent from the buttons
    CHECK(k.port.last() == "This is the quietest setting.");
    for (int i = 0; i < 30; ++i)
        k.press("kp_/");
    CHECK(k.port.last() == "This is the slowest speed.");
}

TEST_CASE("Home goes back to the list and remembers the section, Back is always safe") {
    Kiosk k;
    k.open();
    k.press("kp_6");
    k.press("kp_6");
    k.press("escape");
    CHECK(k.session.view().screen == Screen::home);
    CHECK(k.port.opened.back() == nullptr); // reading stopped
    CHECK(k.port.last().rfind("Home.", 0) == 0);
    k.press("escape");
    CHECK(k.session.view().screen == Screen::home); // nothing further back: just says where you are
    CHECK(k.port.last().rfind("You are on the home screen", 0) == 0);
    k.press("return");
    CHECK(k.session.view().reading.section == 2);
}

TEST_CASE("the question list: opened from the heading, pauses reading, number keys jump") {
    Kiosk k;
    k.open();
    k.press("q");
    CHECK(k.session.view().screen == Screen::questions);
    CHECK(k.port.posted(CommandId::pause));
    CHECK(k.port.last().rfind("Questions. There are 12.", 0) == 0);
    k.press("5"); // 5 of 12 cannot become a longer number: jumps at once
    CHECK(k.session.view().screen == Screen::reader);
    CHECK(k.port.last() == "Section 5: What are the side effects of ketamine?");
    k.press("q");
    k.press("1"); // could be 1, 10, 11 or 12: waits for the next digit
    CHECK(k.session.view().screen == Screen::questions);
    CHECK(k.session.deadline().has_value());
    k.press("2");
    CHECK(k.port.last() == "Section 12: Is Ketamine Treatment Right for Me?");
    k.press("q");
    k.press("1");
    k.session.tick(k.now + Session::kDigitWait); // no second digit: section 1
    CHECK(k.port.last() == "Section 1: What To Expect During Ketamine Treatment?");
    k.press("q");
    k.press("escape"); // Back from the list resumes reading
    CHECK(k.session.view().screen == Screen::reader);
    CHECK(k.port.commands.back().id == CommandId::play);
    CHECK(k.port.last() == "Back to reading.");
}

TEST_CASE("Help explains the focused item, then the screen, then the keys, Back leaves it") {
    Kiosk k;
    k.open();
    k.press("f1");
    CHECK(k.session.view().screen == Screen::help);
    CHECK(k.port.last().rfind("This button pauses the reading.", 0) == 0);
    k.press("f1");
    CHECK(k.port.last().rfind("The article is being read aloud", 0) == 0);
    k.press("f1");
    CHECK(k.port.last().rfind("On the keypad:", 0) == 0);
    k.press("escape");
    CHECK(k.session.view().screen == Screen::reader);
    CHECK(k.port.commands.back().id == CommandId::play); // help paused the reading; back resumes it
}

TEST_CASE("learn mode: hold Help and press a key to hear what it does without doing it") {
    Kiosk k;
    k.open();
    const auto before = k.port.commands.size();
    REQUIRE(k.session.key("kp_0", true, k.now));
    REQUIRE(k.session.key("kp_5", true, k.now));
    CHECK(k.port.last() == "This key: pause the reading, or carry on.");
    REQUIRE(k.session.key("kp_5", false, k.now));
    REQUIRE(k.session.key("kp_6", true, k.now));
    CHECK(k.port.last() == "This key: go to the next section.");
    REQUIRE(k.session.key("kp_0", false, k.now));
    CHECK(k.port.commands.size() == before);          // nothing was done
    CHECK(k.session.view().screen == Screen::reader); // and releasing Help did not open help
}

TEST_CASE("taps act on release, on the item pressed, and a quick second tap is ignored") {
    Kiosk k;
    k.open();
    k.tap_item(ItemKind::play_pause);
    CHECK(k.port.last() == "Paused.");
    // A second tap 100 ms later is an accidental double tap.
    const Frame& f = k.session.frame();
    Point p{};
    for (const auto& t : f.targets)
        if (t.item.kind == ItemKind::play_pause) p = {t.rect.x + 5, t.rect.y + 5};
    k.now += milliseconds(100);
    k.session.pointer(p, true, k.now);
    k.session.pointer(p, false, k.now);
    CHECK(k.port.last() == "Paused.");
    // Pressing one button and sliding off to another does nothing.
    Point other{};
    for (const auto& t : f.targets)
        if (t.item.kind == ItemKind::louder) other = {t.rect.x + 5, t.rect.y + 5};
    k.now += milliseconds(1000);
    k.session.pointer(p, true, k.now);
    k.session.pointer(other, false, k.now);
    CHECK(k.port.last() == "Paused.");
    k.tap_item(ItemKind::louder);
    CHECK(k.port.last() == "Louder.");
    CHECK(focused(k.session.view()).kind == ItemKind::louder);
}

TEST_CASE("playback events move the position, events for another article are ignored") {
    Kiosk k;
    k.open();
    playback::Event e;
    e.type = playback::EventType::word;
    e.section = 4;
    e.sentence = 2;
    e.word_offset = 4;
    e.word_length = 3;
    const auto rev = k.session.revision();
    k.session.playback_event(e);
    CHECK(k.session.revision() != rev);
    CHECK(k.session.view().reading.section == 3);
    CHECK(k.session.view().reading.sentence == 2);
    CHECK(k.session.view().reading.has_word);
    e.section = 40; // not in this article
    k.session.playback_event(e);
    CHECK(k.session.view().reading.section == 3);
    playback::Event end;
    end.type = playback::EventType::state;
    end.state = playback::PlayState::finished;
    k.session.playback_event(end);
    CHECK(k.port.last().rfind("That is the end of the article.", 0) == 0);
    CHECK(label(k.session.view(), strings().for_language("en"), {ItemKind::play_pause}) == "Play");
}

TEST_CASE("unknown keys are reported, so the control channel can say so") {
    Kiosk k;
    CHECK_FALSE(k.session.key("no-such-key", true, k.now));
}

TEST_CASE("a Spanish article speaks Spanish, the home screen keeps its own language") {
    auto es = article_from(
        "¿Qué es la cetamina?\n\nEs un medicamento.\n\n¿Cómo funciona?\n\nActúa en el cerebro.");
    auto copy = std::make_shared<content::Article>(*es);
    copy->language = "es";
    Kiosk k({std::shared_ptr<const content::Article>(copy)});
    k.open();
    k.press("space");
    CHECK(k.port.last() == "En pausa.");
    k.press("escape");
    CHECK(k.port.last().rfind("Home.", 0) == 0);
}

TEST_CASE(
    "a fresh start for every patient: idle while not reading resets everything, on a fake clock") {
    Kiosk k;
    k.open();
    // The patient turns it up, slows it down, moves on, then pauses and walks away.
    k.press("]");
    k.press("s");
    playback::Event settings{};
    settings.type = playback::EventType::settings;
    settings.rate_wpm = 140;
    settings.volume = 80;
    k.session.playback_event(settings);
    CHECK(k.session.view().volume == 80);
    k.press("n");
    k.press("space");
    REQUIRE(k.session.view().article == 0);
    k.port.clear();
    // While something is being read, nobody is timed out.
    playback::Event playing{};
    playing.type = playback::EventType::state;
    playing.state = PlayState::playing;
    playing.t = k.now;
    k.session.playback_event(playing);
    k.now += std::chrono::minutes(10);
    CHECK_FALSE(k.session.deadline().has_value());
    k.session.tick(k.now);
    CHECK(k.session.view().screen == Screen::reader);
    // Reading stops: the idle clock starts then, and runs for three minutes.
    playback::Event paused = playing;
    paused.state = PlayState::paused;
    paused.t = k.now;
    k.session.playback_event(paused);
    REQUIRE(k.session.deadline().has_value());
    CHECK(*k.session.deadline() == k.now + std::chrono::minutes(3));
    k.session.tick(k.now + std::chrono::minutes(3) - milliseconds(1));
    CHECK(k.session.view().screen == Screen::reader);
    k.session.tick(k.now + std::chrono::minutes(3));
    // Home, nothing remembered, defaults back in the engine and on screen, and silence.
    CHECK(k.session.view().screen == Screen::home);
    CHECK(k.session.view().article == -1);
    CHECK(k.session.view().volume == SessionOptions{}.volume);
    CHECK(k.session.view().rate_wpm == SessionOptions{}.rate_wpm);
    REQUIRE_FALSE(k.port.opened.empty());
    CHECK(k.port.opened.back() == nullptr);
    CHECK(k.port.posted(CommandId::rate));
    CHECK(k.port.posted(CommandId::volume));
    CHECK(k.port.spoken.empty());
    CHECK_FALSE(k.session.deadline().has_value()); // once reset, it stays quiet
    // The next patient's article starts at the top, not where the last one stopped.
    k.port.clear();
    k.press("return");
    REQUIRE_FALSE(k.port.opened.empty());
    CHECK(k.port.open_cursors.back() == playback::Cursor{0, 0});
}

TEST_CASE("within one visit, returning to an article resumes at its section") {
    Kiosk k;
    k.open();
    k.press("n");
    k.press("n");
    playback::Event section{};
    section.type = playback::EventType::section;
    section.section = 3;
    section.section_count = 12;
    k.session.playback_event(section);
    k.press("home");
    k.port.clear();
    k.press("return");
    REQUIRE_FALSE(k.port.open_cursors.empty());
    CHECK(k.port.open_cursors.back() == playback::Cursor{2, 0});
}
