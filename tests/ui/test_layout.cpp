// Layout at the three screen sizes and three text sizes: targets big enough, nothing overlapping,
// nothing off screen, every text inside its box (with the font-free estimate; test_render checks
// the same with the real font, from pixels).
#include "ui_test_util.hpp"

#include <doctest/doctest.h>

using namespace lectern::ui;
using namespace lectern::ui::test;

namespace {
std::string name(const ViewModel& vm, Size s, TextSize t) {
    return std::string(to_string(vm.screen)) + " at " + std::to_string(s.w) + "x" +
           std::to_string(s.h) + ", " + to_string(t);
}

void check_frame(const Frame& f, const Metrics& mt, const TextMeasure& m, Size s) {
    const Rect screen{0, 0, s.w, s.h};
    REQUIRE_FALSE(f.targets.empty());
    for (std::size_t i = 0; i < f.targets.size(); ++i) {
        const Rect& r = f.targets[i].rect;
        CAPTURE(static_cast<int>(f.targets[i].item.kind));
        CHECK(r.inside(screen));
        CHECK(r.w >= mt.target_min);
        CHECK(r.h >= mt.target_min);
        for (std::size_t j = i + 1; j < f.targets.size(); ++j)
            CHECK_FALSE(r.intersects(f.targets[j].rect));
    }
    for (const auto& t : f.texts) {
        CAPTURE(t.text);
        CHECK(t.box.inside(screen));
        const int w = m.width(t.text, t.px);
        CHECK(t.x >= t.box.x);
        CHECK(t.x + w <= t.box.right());
        CHECK(t.y >= t.box.y);
        CHECK(t.y + m.line_height(t.px) <= t.box.bottom());
    }
}
} // namespace

TEST_CASE("metrics: the 7-inch panel gets the sizes of DESIGN.md, larger screens scale up") {
    const Metrics small = metrics({800, 480}, TextSize::normal);
    CHECK(small.reading_px == 48);
    CHECK(small.label_px == 36);
    CHECK(small.target_min == 96);
    CHECK(metrics({800, 480}, TextSize::largest).reading_px == 72);
    const Metrics hd = metrics({1920, 1080}, TextSize::normal);
    CHECK(hd.reading_px == 108);
    CHECK(hd.target_min == 216);
    const Metrics portrait = metrics({720, 1280}, TextSize::normal);
    CHECK(portrait.portrait);
    CHECK(portrait.reading_px == 72);
}

TEST_CASE(
    "every screen at every size: big targets, no overlaps, nothing off screen or out of its box") {
    const ApproxMeasure m;
    for (const Size s : screen_sizes())
        for (const TextSize t : text_sizes())
            for (const bool audio : {true, false}) {
                const LayoutParams p{s, t};
                for (const auto& vm : sample_screens(p, m, audio)) {
                    CAPTURE(name(vm, s, t));
                    CAPTURE(audio);
                    check_frame(layout(vm, strings(), p, m), metrics(s, t), m, s);
                }
            }
}

TEST_CASE(
    "at 800x480 the reading text is at least 48 px and every item of the screen can be pressed") {
    const ApproxMeasure m;
    const LayoutParams p{{800, 480}, TextSize::normal};
    const auto screens = sample_screens(p, m);
    const ViewModel& reader = screens[1];
    const Frame f = layout(reader, strings(), p, m);
    int reading_runs = 0;
    for (const auto& t : f.texts)
        if (t.box.h >= 48 &&
            (t.fg == ColorRole::text || t.fg == ColorRole::dim_text ||
             t.fg == ColorRole::highlight_text) &&
            t.px >= 48)
            ++reading_runs;
    CHECK(reading_runs > 5);
    for (const auto& vm : screens) {
        const Frame frame = layout(vm, strings(), p, m);
        for (const ItemRef item : items(vm)) {
            if (item.kind == ItemKind::status)
                continue; // a strip reached by keys (see layout_reader.cpp)
            bool found = false;
            for (const auto& target : frame.targets)
                found = found || target.item == item;
            CAPTURE(static_cast<int>(item.kind));
            CHECK(found);
        }
    }
}

TEST_CASE("the word being heard is highlighted, the rest of its sentence is not, other sentences "
          "are dim") {
    const ApproxMeasure m;
    const LayoutParams p{{1920, 1080}, TextSize::normal};
    const ViewModel reader = sample_screens(p, m)[1];
    const Frame f = layout(reader, strings(), p, m);
    const auto& sentence = bundled_article()->sections[3].sentences[1].text;
    const std::string word =
        sentence.substr(reader.reading.word_offset, reader.reading.word_length);
    int highlighted = 0, dim = 0;
    for (const auto& t : f.texts) {
        if (t.fg == ColorRole::highlight_text) {
            ++highlighted;
            CHECK(t.text == word);
            CHECK(t.bg == ColorRole::highlight);
        }
        if (t.fg == ColorRole::dim_text) ++dim;
    }
    CHECK(highlighted == 1);

    // With room to spare, the sentences either side are there, dimmed.
    ViewModel short_text = reader;
    short_text.articles[0] =
        article_from("Title\n\nFirst one here. Second one here. Third one here.");
    short_text.reading = Reading{0, 2, true, 0, 6};
    dim = 0;
    for (const auto& t : layout(short_text, strings(), p, m).texts) {
        if (t.fg == ColorRole::dim_text) ++dim;
        if (t.text == "Second") CHECK(t.fg == ColorRole::highlight_text);
        if (t.text == "one" || t.text == "here.") CHECK(t.fg != ColorRole::highlight_text);
    }
    CHECK(dim == 6); // the neighbouring sentences
}

TEST_CASE("a long sentence pages so that the word being heard is always on screen") {
    const ApproxMeasure m;
    const LayoutParams p{{800, 480}, TextSize::largest};
    ViewModel vm = sample_screens(p, m)[1];
    std::string text;
    for (int i = 0; i < 40; ++i)
        text += "word" + std::to_string(i) + " ";
    text += "last.";
    vm.articles[0] = article_from("Title\n\n" + text);
    vm.reading = Reading{0, 1, true, text.find("last"), 4};
    const Frame f = layout(vm, strings(), p, m);
    bool seen = false;
    for (const auto& t : f.texts)
        seen = seen || (t.text == "last." && t.fg == ColorRole::highlight_text);
    CHECK(seen);
}

TEST_CASE("capacity: the home and question lists hold at least two rows at 800x480") {
    const ApproxMeasure m;
    ViewModel vm;
    const Capacity c = capacity({{800, 480}, TextSize::normal}, vm, m);
    CHECK(c.articles >= 2);
    CHECK(c.questions >= 2);
}

TEST_CASE("changed_area: the strip where the next word's highlight moved, or everything") {
    const ApproxMeasure m;
    const LayoutParams p{{800, 480}, TextSize::normal};
    ViewModel word = sample_screens(p, m)[1];
    const Frame a = layout(word, strings(), p, m);
    CHECK(changed_area(a, a)->w == 0); // nothing changed: nothing to paint

    // The next word of the same sentence: the highlight moves, the rest stays.
    const auto& sentence = bundled_article()->sections[3].sentences[1].text;
    word.reading.word_offset += word.reading.word_length + 1;
    word.reading.word_length =
        sentence.find(' ', word.reading.word_offset) - word.reading.word_offset;
    const Frame b = layout(word, strings(), p, m);
    const auto area = changed_area(a, b);
    REQUIRE(area);
    REQUIRE(area->w > 0);
    CHECK(area->w * area->h < p.window.w * p.window.h / 4); // a strip, not the screen
    // Everything that differs is inside it.
    REQUIRE(a.texts.size() == b.texts.size());
    for (std::size_t i = 0; i < a.texts.size(); ++i) {
        if (a.texts[i].fg == b.texts[i].fg && a.texts[i].text == b.texts[i].text) continue;
        CHECK(a.texts[i].box.inside(*area));
        CHECK(b.texts[i].box.inside(*area));
    }

    // Another screen, or another size: everything.
    CHECK_FALSE(changed_area(a, layout(sample_screens(p, m)[0], strings(), p, m)));
    Frame bigger = a;
    bigger.size.w += 1;
    CHECK_FALSE(changed_area(a, bigger));
}
