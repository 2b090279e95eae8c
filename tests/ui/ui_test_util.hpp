// Shared fixtures for the ui tests: the bundled article, the interface strings, a recording
// PlaybackPort, and view models standing on each screen. Test thread only.
#pragma once

#include "content/parse.hpp"
#include "ui/layout.hpp"
#include "ui/session.hpp"
#include "ui/strings.hpp"
#include "ui/view_model.hpp"

#include <memory>
#include <string>
#include <vector>

namespace lectern::ui::test {

inline std::shared_ptr<const content::Article> bundled_article() {
    static const auto article = [] {
        auto a = content::load_article(std::string(LECTERN_SOURCE_DIR) +
                                       "/content/what-to-expect-during-ketamine-treatment.txt");
        return std::make_shared<const content::Article>(std::move(a.value()));
    }();
    return article;
}

inline std::shared_ptr<const content::Article> article_from(std::string_view text) {
    return std::make_shared<const content::Article>(content::parse_plain_text(text).value());
}

inline const StringLibrary& strings() {
    static const StringLibrary lib =
        StringLibrary::load(std::string(LECTERN_SOURCE_DIR) + "/voices/ui");
    return lib;
}

/// Remembers what the Session asked of playback.
struct RecordingPort final : PlaybackPort {
    std::vector<playback::Command> commands;
    std::vector<std::string> spoken;
    std::vector<std::shared_ptr<const content::Article>> opened;
    std::vector<playback::Cursor> open_cursors;
    void post(playback::Command c) override { commands.push_back(c); }
    void announce(std::string text) override { spoken.push_back(std::move(text)); }
    void open(std::shared_ptr<const content::Article> a, playback::Cursor at) override {
        opened.push_back(std::move(a));
        open_cursors.push_back(at);
    }
    std::string last() const { return spoken.empty() ? std::string() : spoken.back(); }
    bool posted(playback::CommandId id) const {
        for (const auto& c : commands)
            if (c.id == id) return true;
        return false;
    }
    void clear() {
        commands.clear();
        spoken.clear();
        opened.clear();
        open_cursors.clear();
    }
};

/// The sizes the kiosk must work at: the 7" panel, an HDMI monitor, a portrait panel.
inline const std::vector<Size>& screen_sizes() {
    static const std::vector<Size> sizes{{800, 480}, {1920, 1080}, {720, 1280}};
    return sizes;
}

inline const std::vector<TextSize>& text_sizes() {
    static const std::vector<TextSize> sizes{TextSize::normal, TextSize::large, TextSize::largest};
    return sizes;
}

/// A view model on each screen, in an interesting state: the reader mid-sentence with a word
/// highlighted and a button focused; a long Spanish-free catalog of several articles.
inline std::vector<ViewModel> sample_screens(const LayoutParams& p, const TextMeasure& m,
                                             bool audio_ok = true) {
    std::vector<ViewModel> out;
    ViewModel base;
    base.articles = {
        bundled_article(),
        article_from(
            "Before your visit\n\nBring your medicines. Arrive early.\n\nParking\n\nUse the "
            "multi-storey car park on Hospital Road, level two or three."),
        article_from(
            "A title so long that it cannot possibly fit on one line of the kiosk screen at "
            "any size\n\nThe body text.")};
    base.audio_ok = audio_ok;
    const Capacity cap = capacity(p, base, m);
    base.home_per_page = cap.articles;
    base.questions_per_page = cap.questions;

    ViewModel home = base;
    home.focus = 0;
    out.push_back(home);

    ViewModel reader = base;
    reader.screen = Screen::reader;
    reader.article = 0;
    reader.play = playback::PlayState::playing;
    reader.reading = Reading{3, 2, true, 0, 0};
    const auto& sentence = bundled_article()->sections[3].sentences[1].text;
    reader.reading.word_offset = sentence.find(' ') + 1;
    reader.reading.word_length =
        sentence.find(' ', reader.reading.word_offset) - reader.reading.word_offset;
    focus_item(reader, {ItemKind::next_section});
    out.push_back(reader);

    ViewModel questions = reader;
    questions.screen = Screen::questions;
    questions.question_page = 1;
    focus_item(questions, {ItemKind::question, questions.questions_per_page});
    out.push_back(questions);

    ViewModel help = reader;
    help.screen = Screen::help;
    help.help_return = Screen::reader;
    help.help_level = 3;
    help.help_text = strings().for_language("en").get("help.keys");
    focus_item(help, {ItemKind::back});
    out.push_back(help);

    ViewModel pin = base;
    pin.screen = Screen::staff_pin;
    pin.staff.typed = "4711";
    focus_item(pin, {ItemKind::pin_ok});
    out.push_back(pin);

    ViewModel staff = base;
    staff.screen = Screen::staff;
    staff.staff.per_page = cap.articles;
    staff.staff.page = 1;
    staff.staff.version = "0.1.0";
    staff.staff.device = "Clinic 3 waiting room";
    staff.staff.self_test = "Self-test: 1 of 6 checks failed";
    focus_item(staff, {ItemKind::staff, staff.staff.per_page + 1});
    out.push_back(staff);
    return out;
}

} // namespace lectern::ui::test
