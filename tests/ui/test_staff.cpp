// The staff menu in the Session, on a fake clock: the held chord opens the PIN pad only after the
// hold time and only with a PIN configured; the PIN is never spoken; wrong PINs close the pad;
// each entry steps a patient default and reports it; the menu times out to the patients' home
// screen; and a patient's article is gone before staff see anything.
#include "ui_test_util.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace lectern;
using namespace lectern::ui;
using namespace lectern::ui::test;
using playback::CommandId;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

SessionOptions staff_options() {
    SessionOptions o;
    o.staff.pin = "4711";
    o.staff.version = "0.1.0";
    o.staff.device = "Clinic 3";
    o.limits.volume_max = 80;
    return o;
}

struct Kiosk {
    RecordingPort port;
    ApproxMeasure measure;
    Session session;
    Nanos now{seconds(1)};
    std::vector<PatientDefaults> saved;
    explicit Kiosk(SessionOptions o = staff_options())
        : session({bundled_article()}, strings(), KeyMap::defaults(), port, measure, o) {
        session.on_defaults_changed = [this](const PatientDefaults& d) { saved.push_back(d); };
        session.start();
    }
    void press(const char* key) {
        now += milliseconds(400);
        REQUIRE(session.key(key, true, now));
        REQUIRE(session.key(key, false, now));
        session.tick(now);
    }
    /// Holds Help, then Back (the default chord), for `held`, then lets go.
    void hold_chord(Nanos held) {
        now += milliseconds(400);
        session.key("f1", true, now);        // Help
        session.key("backspace", true, now); // Back
        const Nanos until = now + held;
        while (now < until) {
            const auto d = session.deadline();
            now = d && *d <= until ? *d : until;
            session.tick(now);
        }
        session.key("backspace", false, now);
        session.key("f1", false, now);
    }
    void type_pin(const char* pin) {
        for (const char* c = pin; *c; ++c) {
            const char key[2] = {*c, 0};
            press(key);
        }
    }
    /// Pages and steps (as staff would, with Right and Down) to a staff menu entry.
    void focus_entry(StaffEntry e) {
        const int want = static_cast<int>(e);
        for (int guard = 0; guard < 40; ++guard) {
            const ItemRef f = focused(session.view());
            if (f.kind == ItemKind::staff && f.index == want) return;
            const auto& st = session.view().staff;
            if (want / st.per_page != st.page)
                press(want / st.per_page > st.page ? "right" : "left");
            else
                press("down");
        }
        FAIL("the entry cannot be reached");
    }
    Screen screen() const { return session.view().screen; }
    bool ever_said(std::string_view text) const {
        return std::any_of(port.spoken.begin(), port.spoken.end(),
                           [&](const std::string& s) { return s.find(text) != std::string::npos; });
    }
};

} // namespace

TEST_CASE("the chord opens the PIN pad after the hold time, not before, and not without a PIN") {
    Kiosk k;
    k.hold_chord(milliseconds(4900));
    CHECK(k.screen() == Screen::home);
    k.hold_chord(seconds(5));
    CHECK(k.screen() == Screen::staff_pin);
    CHECK(k.port.last().rfind("Staff menu. Type the PIN", 0) == 0);
    // Letting go of Help after the chord does not open help.
    CHECK(k.screen() == Screen::staff_pin);

    SessionOptions no_pin = staff_options();
    no_pin.staff.pin.clear();
    Kiosk off(no_pin);
    off.hold_chord(seconds(30));
    CHECK(off.screen() == Screen::home);
    CHECK_FALSE(off.ever_said("Staff"));
}

TEST_CASE("the chord is configurable, and only the whole chord held together counts") {
    SessionOptions o = staff_options();
    o.staff.chord = {Action::home, Action::repeat};
    o.staff.hold = seconds(2);
    Kiosk k(o);
    k.hold_chord(seconds(10)); // Help + Back is not the chord any more
    CHECK(k.screen() != Screen::staff_pin);
    k.now += seconds(1);
    k.session.key("kp_7", true, k.now); // Home
    k.now += seconds(3);
    k.session.tick(k.now);
    CHECK(k.screen() != Screen::staff_pin); // one key of two is not the chord
    k.session.key("kp_9", true, k.now);     // Repeat
    k.now += seconds(2);
    k.session.tick(k.now);
    CHECK(k.screen() == Screen::staff_pin);
}

TEST_CASE("the PIN is typed unseen and unspoken, three wrong PINs close the pad") {
    Kiosk k;
    k.hold_chord(seconds(5));
    k.type_pin("47");
    CHECK(k.port.last() == "2 digits typed.");
    const Frame& f = k.session.frame();
    const bool stars = std::any_of(f.texts.begin(), f.texts.end(),
                                   [](const TextRun& t) { return t.text == "* *"; });
    CHECK(stars);
    for (const auto& t : f.texts)
        CHECK(t.text.find("47") == std::string::npos);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        k.type_pin("1234");
        while (focused(k.session.view()).kind != ItemKind::pin_ok)
            k.press("down");
        k.press("return");
        if (attempt < 3) {
            CHECK(k.screen() == Screen::staff_pin);
            CHECK(k.port.last() == "That PIN is not right. Type it again.");
        }
    }
    CHECK(k.screen() == Screen::home);
    CHECK(k.port.last() == "That PIN is not right. Back to the home screen.");
    for (const auto& said : k.port.spoken)
        CHECK(said.find("1234") == std::string::npos);
}

TEST_CASE("the right PIN opens the menu, each entry steps a default, within the ceiling") {
    Kiosk k;
    k.hold_chord(seconds(5));
    k.type_pin("4711");
    for (int i = 0; i < 10; ++i)
        k.press("down"); // 1..9, 0, then OK
    REQUIRE(focused(k.session.view()).kind == ItemKind::pin_ok);
    k.press("return");
    REQUIRE(k.screen() == Screen::staff);
    CHECK(k.port.last().find("Starting volume: 70 %. Press Enter to change it.") !=
          std::string::npos);

    k.press("return"); // volume 70 -> 80 (the ceiling)
    CHECK(k.port.last() == "Starting volume: 80 %");
    CHECK(k.port.commands.back().id == CommandId::volume);
    CHECK(k.port.commands.back().arg == 80);
    k.press("return"); // past the ceiling: round to the quietest step
    CHECK(k.port.last() == "Starting volume: 10 %");
    k.press("return");
    CHECK(k.saved.back().volume == 20);

    k.focus_entry(StaffEntry::rate);
    k.press("return");
    CHECK(k.port.last() == "Starting speed: 180 words a minute");
    k.focus_entry(StaffEntry::theme);
    k.press("return");
    CHECK(k.port.last() == "Colours: white on black");
    CHECK(k.saved.back().theme == "white-on-black");
    k.focus_entry(StaffEntry::text_size);
    k.press("return");
    CHECK(k.port.last() == "Text size: large");
    CHECK(k.session.layout_params().text_size == TextSize::large);
    k.focus_entry(StaffEntry::idle);
    k.press("return");
    CHECK(k.port.last() == "Fresh start after 5 min without a key");
    const PatientDefaults d = k.saved.back();
    CHECK(d.volume == 20);
    CHECK(d.rate_wpm == 180);
    CHECK(d.theme == "white-on-black");
    CHECK(d.text_size == TextSize::large);
    CHECK(d.idle_seconds == 300);
    CHECK(k.saved.size() == 7);

    // The about entry and the self-test (not wired in this test: it says so).
    k.focus_entry(StaffEntry::about);
    k.press("return");
    CHECK(k.port.last() == "Lectern 0.1.0 on Clinic 3");
    k.session.self_test = [] {
        return std::vector<CheckLine>{{true, "audio: ok"}, {false, "fonts: none found"}};
    };
    k.focus_entry(StaffEntry::self_test);
    k.press("return");
    CHECK(k.port.last() == "Self-test: 1 of 2 checks failed. fonts: none found.");

    // Closing: the patients' home screen with the new defaults in the engine.
    k.press("backspace");
    CHECK(k.screen() == Screen::home);
    CHECK(k.port.last().rfind("Staff menu closed.", 0) == 0);
    const auto& c = k.port.commands;
    const auto volume =
        std::find_if(c.rbegin(), c.rend(), [](const auto& x) { return x.id == CommandId::volume; });
    REQUIRE(volume != c.rend());
    CHECK(volume->arg == 20);
    CHECK(k.session.view().volume == 20);
    CHECK(k.session.view().rate_wpm == 180);
}

TEST_CASE("the staff menu times out to the home screen, and a patient's article is gone first") {
    Kiosk k;
    k.press("return"); // a patient opens the article
    REQUIRE(k.screen() == Screen::reader);
    k.hold_chord(seconds(5));
    REQUIRE(k.screen() == Screen::staff_pin);
    CHECK(k.port.opened.back() == nullptr); // reading stopped, article forgotten
    CHECK(k.session.view().article == -1);
    const auto deadline = k.session.deadline();
    REQUIRE(deadline);
    CHECK(*deadline - k.now == seconds(60));
    k.now = *deadline;
    k.session.tick(k.now);
    CHECK(k.screen() == Screen::home);
    CHECK(k.session.view().staff.typed.empty());
}
