// The pure controller: every command in every state, positions, limits and refusals.
#include "playback/controller.hpp"

#include <doctest/doctest.h>

#include <variant>

using namespace lectern::playback;

namespace {

// Three sections: heading + 2 sentences, heading + 3, heading + 1.
const Outline kOutline{{3, 4, 2}};
const Limits kLimits{};

State in(PlayState p, Cursor c = {}, std::size_t word = 0) {
    State s;
    s.play = p;
    s.cursor = c;
    s.word_offset = word;
    return s;
}

Step run(const State& s, CommandId id, int arg = 0) {
    return step(kOutline, kLimits, s, Command{id, arg, {}});
}

template <class E> const E* find(const Step& st) {
    for (const auto& e : st.effects)
        if (const auto* x = std::get_if<E>(&e)) return x;
    return nullptr;
}

constexpr PlayState kAllStates[] = {PlayState::stopped, PlayState::playing, PlayState::paused,
                                    PlayState::finished};

} // namespace

TEST_CASE("outline walks items across sections") {
    Cursor c{0, 2};
    CHECK(kOutline.next(c));
    CHECK(c == Cursor{1, 0});
    CHECK(kOutline.prev(c));
    CHECK(c == Cursor{0, 2});
    Cursor last{2, 1};
    CHECK_FALSE(kOutline.next(last));
    Cursor first{0, 0};
    CHECK_FALSE(kOutline.prev(first));
    CHECK_FALSE(kOutline.valid({3, 0}));
    CHECK_FALSE(kOutline.valid({1, 4}));
}

TEST_CASE("play from each state") {
    SUBCASE("stopped reads from the cursor") {
        auto st = run(in(PlayState::stopped, {1, 2}), CommandId::play);
        CHECK(st.state.play == PlayState::playing);
        REQUIRE(find<effect::Speak>(st));
        CHECK(find<effect::Speak>(st)->from == Cursor{1, 2});
        CHECK(find<effect::StateChanged>(st)->state == PlayState::playing);
    }
    SUBCASE("paused resumes without re-synthesising") {
        auto st = run(in(PlayState::paused, {1, 2}, 7), CommandId::play);
        CHECK(st.state.play == PlayState::playing);
        CHECK(find<effect::Resume>(st));
        CHECK_FALSE(find<effect::Speak>(st));
        CHECK(st.state.word_offset == 7);
    }
    SUBCASE("playing is unchanged") {
        auto st = run(in(PlayState::playing, {1, 2}), CommandId::play);
        CHECK(st.effects.empty());
    }
    SUBCASE("finished starts again from the top") {
        auto st = run(in(PlayState::finished, {2, 1}), CommandId::play);
        CHECK(find<effect::Speak>(st)->from == Cursor{0, 0});
        CHECK(st.state.play == PlayState::playing);
    }
}

TEST_CASE("pause, toggle and stop in every state") {
    for (PlayState p : kAllStates) {
        CAPTURE(to_string(p));
        auto paused = run(in(p, {1, 1}, 5), CommandId::pause);
        if (p == PlayState::playing) {
            CHECK(paused.state.play == PlayState::paused);
            CHECK(find<effect::Pause>(paused));
            CHECK(paused.state.word_offset == 5); // the exact spot is kept
        } else {
            CHECK(paused.effects.empty());
            CHECK(paused.state.play == p);
        }
        auto toggled = run(in(p, {1, 1}), CommandId::toggle);
        CHECK(toggled.state.play ==
              (p == PlayState::playing ? PlayState::paused : PlayState::playing));
        auto stopped = run(in(p, {1, 1}), CommandId::stop);
        CHECK(stopped.state.play == PlayState::stopped);
        CHECK(stopped.state.cursor == Cursor{1, 1});
        CHECK(static_cast<bool>(find<effect::Stop>(stopped)) == (p != PlayState::stopped));
    }
}

TEST_CASE("navigation always ends up reading, from every state") {
    struct Case {
        CommandId id;
        int arg;
        Cursor from;
        Cursor to;
    };
    const Case cases[] = {
        {CommandId::next_section, 0, {0, 2}, {1, 0}},
        {CommandId::prev_section, 0, {1, 3}, {0, 0}},
        {CommandId::prev_section, 0, {0, 1}, {0, 0}},
        {CommandId::restart_section, 0, {1, 3}, {1, 0}},
        {CommandId::goto_section, 3, {0, 1}, {2, 0}},
        {CommandId::next_sentence, 0, {0, 2}, {1, 0}},
        {CommandId::next_sentence, 0, {1, 1}, {1, 2}},
        {CommandId::prev_sentence, 0, {1, 0}, {0, 2}},
        {CommandId::prev_sentence, 0, {0, 0}, {0, 0}},
        {CommandId::repeat_sentence, 0, {1, 2}, {1, 2}},
    };
    for (const auto& c : cases) {
        for (PlayState p : kAllStates) {
            CAPTURE(info(c.id).name);
            CAPTURE(to_string(p));
            auto st = run(in(p, c.from, 9), c.id, c.arg);
            CHECK(st.state.play == PlayState::playing);
            CHECK(st.state.cursor == c.to);
            CHECK(st.state.word_offset == 0);
            REQUIRE(find<effect::Speak>(st));
            CHECK(find<effect::Speak>(st)->from == c.to);
            CHECK(find<effect::Speak>(st)->offset == 0);
        }
    }
}

TEST_CASE("navigation past the ends is refused with a message and changes nothing") {
    for (PlayState p : kAllStates) {
        auto next = run(in(p, {2, 0}), CommandId::next_section);
        CHECK(next.state == in(p, {2, 0}));
        REQUIRE(find<effect::Rejected>(next));
        CHECK(find<effect::Rejected>(next)->message == "this is the last section");
        auto sentence = run(in(p, {2, 1}), CommandId::next_sentence);
        CHECK(sentence.state.play == p);
        CHECK(find<effect::Rejected>(sentence));
        for (int bad : {0, 4, -1}) {
            auto go = run(in(p, {1, 1}), CommandId::goto_section, bad);
            CHECK(go.state == in(p, {1, 1}));
            REQUIRE(find<effect::Rejected>(go));
            CHECK(find<effect::Rejected>(go)->message.find("choose 1 to 3") != std::string::npos);
        }
    }
}

TEST_CASE("rate changes are heard at once from the current word") {
    auto st = run(in(PlayState::playing, {1, 2}, 12), CommandId::faster);
    CHECK(st.state.rate_wpm == 180);
    CHECK(find<effect::SetRate>(st)->wpm == 180);
    REQUIRE(find<effect::Speak>(st));
    CHECK(find<effect::Speak>(st)->from == Cursor{1, 2});
    CHECK(find<effect::Speak>(st)->offset == 12);
    auto paused = run(in(PlayState::paused, {1, 2}, 12), CommandId::slower);
    CHECK(paused.state.rate_wpm == 140);
    CHECK_FALSE(find<effect::Speak>(paused)); // nothing is read while paused
    CHECK(paused.state.play == PlayState::paused);
    auto exact = run(in(PlayState::stopped), CommandId::rate, 300);
    CHECK(exact.state.rate_wpm == 300);
    auto same = run(in(PlayState::stopped), CommandId::rate, 160);
    CHECK(same.effects.empty());
    for (int bad : {79, 451, -5}) {
        auto r = run(in(PlayState::playing), CommandId::rate, bad);
        CHECK(r.state.rate_wpm == 160);
        REQUIRE(find<effect::Rejected>(r));
        CHECK(find<effect::Rejected>(r)->message.find("80 to 450") != std::string::npos);
    }
    State fast = in(PlayState::playing);
    fast.rate_wpm = 450;
    CHECK(find<effect::Rejected>(run(fast, CommandId::faster))->message ==
          "already at the fastest speed");
    fast.rate_wpm = 90;
    CHECK(run(fast, CommandId::slower).state.rate_wpm == 80); // clamped, not refused
}

TEST_CASE("volume changes in every state") {
    for (PlayState p : kAllStates) {
        auto up = run(in(p), CommandId::louder);
        CHECK(up.state.volume == 80);
        CHECK(find<effect::SetVolume>(up)->volume == 80);
        CHECK(up.state.play == p);
        auto down = run(in(p), CommandId::quieter);
        CHECK(down.state.volume == 60);
        auto set = run(in(p), CommandId::volume, 100);
        CHECK(set.state.volume == 100);
        auto bad = run(in(p), CommandId::volume, 101);
        CHECK(bad.state.volume == 70);
        CHECK(find<effect::Rejected>(bad));
    }
    State loud = in(PlayState::playing);
    loud.volume = 100;
    CHECK(find<effect::Rejected>(run(loud, CommandId::louder))->message ==
          "already at the loudest volume");
}

TEST_CASE("heard positions move the cursor, the end finishes") {
    auto st = step(kOutline, kLimits, in(PlayState::playing, {0, 1}, 4), input::ItemHeard{{0, 2}});
    CHECK(st.state.cursor == Cursor{0, 2});
    CHECK(st.state.word_offset == 0);
    st = step(kOutline, kLimits, st.state, input::WordHeard{6});
    CHECK(st.state.word_offset == 6);
    auto bogus = step(kOutline, kLimits, st.state, input::ItemHeard{{7, 0}});
    CHECK(bogus.state.cursor == Cursor{0, 2});
    auto end = step(kOutline, kLimits, in(PlayState::playing, {2, 1}), input::ReachedEnd{});
    CHECK(end.state.play == PlayState::finished);
    CHECK(find<effect::StateChanged>(end)->state == PlayState::finished);
    auto end_paused = step(kOutline, kLimits, in(PlayState::stopped, {2, 1}), input::ReachedEnd{});
    CHECK(end_paused.effects.empty());
}

TEST_CASE("an empty article refuses every reading command politely, but speed and volume apply") {
    const Outline empty{};
    for (const auto& c : command_table()) {
        auto st = step(empty, kLimits, State{}, Command{c.id, 1, {}});
        CHECK(st.state.play == PlayState::stopped);
        CHECK_FALSE(find<effect::Speak>(st));
        const bool setting = c.id == CommandId::faster || c.id == CommandId::slower ||
                             c.id == CommandId::rate || c.id == CommandId::louder ||
                             c.id == CommandId::quieter || c.id == CommandId::volume;
        if (!setting) CHECK(find<effect::Rejected>(st));
    }
    // Regression (input storm, soak): with no article open (the home screen), Louder and the idle
    // reset's "rate"/"volume" back to the defaults were refused, so the next patient heard the
    // last one's volume and speed while the screen showed the defaults.
    auto louder = step(empty, kLimits, State{}, Command{CommandId::louder, 0, {}});
    CHECK(louder.state.volume == State{}.volume + kLimits.volume_step);
    CHECK(find<effect::SetVolume>(louder));
    auto rate = step(empty, kLimits, State{}, Command{CommandId::rate, 200, {}});
    CHECK(rate.state.rate_wpm == 200);
    CHECK(find<effect::SetRate>(rate));
    CHECK_FALSE(find<effect::Speak>(rate));
}
