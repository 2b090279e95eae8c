// The view model: everything the kiosk shows and says, as plain state, and the pure functions that
// derive items, labels and spoken texts from it. Session (session.hpp) changes it; layout
// (layout.hpp) draws it. No SDL, no threads, no clocks: tests build one and look at it.
// Main (UI) thread only, like everything that holds it.
#pragma once

#include "content/article.hpp"
#include "playback/controller.hpp"
#include "ui/frame.hpp"
#include "ui/strings.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace lectern::ui {

enum class Screen { home, reader, questions, help, staff_pin, staff };
const char* to_string(Screen s);

/// What the listener is hearing, as reported by the driver's events (from PLAYED frames).
struct Reading {
    int section = 0;  ///< 0-based
    int sentence = 0; ///< 0 = the heading, k = sentence k (1-based, like playback::Cursor::item)
    bool has_word = false;
    std::size_t word_offset = 0, word_length = 0; ///< bytes in the sentence text
};

/// The staff menu's entries, in order. Enter on a setting steps it to its next value.
enum class StaffEntry { volume, rate, theme, text_size, idle, self_test, about, close };
inline constexpr int kStaffEntries = 8;

/// What the staff screens show: the defaults every new patient starts with, and the PIN pad.
struct StaffView {
    std::string typed; ///< the PIN digits typed so far: shown as dots, never spoken
    int failures = 0;  ///< wrong PINs since the pad opened
    int page = 0, per_page = 3;
    int volume = 70, rate_wpm = 160, idle_seconds = 180;
    std::string theme = "yellow-on-black"; ///< a theme name (ui::themes())
    std::string text_size = "normal";      ///< "normal", "large" or "largest"
    std::string self_test;                 ///< the last self-test's summary; empty before one ran
    std::string version, device;           ///< for the "about" entry
};

struct ViewModel {
    Screen screen = Screen::home;
    Screen help_return = Screen::home; ///< where Back goes from the help screen
    int focus = 0;                     ///< index into items()

    std::vector<std::shared_ptr<const content::Article>> articles; ///< the library, in order
    std::string home_language = "en";
    int home_page = 0, home_per_page = 3;
    int question_page = 0, questions_per_page = 3;

    int article = -1; ///< open article (index into articles), -1 on a fresh home screen
    Reading reading;
    playback::PlayState play = playback::PlayState::stopped;
    int rate_wpm = 160, volume = 70;
    playback::Limits limits;
    bool audio_ok = true;

    int help_level = 0; ///< 1, 2, 3: how much detail the help screen shows
    std::string help_text;

    std::string digits; ///< number keys typed on the question list, waiting for more

    StaffView staff;

    const content::Article* current() const {
        return article >= 0 && article < static_cast<int>(articles.size())
                   ? articles[static_cast<std::size_t>(article)].get()
                   : nullptr;
    }
    int section_count() const {
        return current() ? static_cast<int>(current()->sections.size()) : 0;
    }
};

/// The language the current screen speaks: the article's on article screens, else the home one.
std::string screen_language(const ViewModel& vm);
const Strings& strings_for(const ViewModel& vm, const StringLibrary& lib);

int page_count(int items, int per_page);
/// The items of the current screen in focus (EZ Access step) order.
std::vector<ItemRef> items(const ViewModel& vm);
ItemRef focused(const ViewModel& vm);
/// Moves focus to `item` if it is on the screen; returns whether it was.
bool focus_item(ViewModel& vm, ItemRef item);

/// The short on-screen text of an item (button label, heading, article title...).
std::string label(const ViewModel& vm, const Strings& s, ItemRef item);
/// What focus speaks for an item: its name and what Enter does.
std::string spoken(const ViewModel& vm, const Strings& s, ItemRef item);
/// The help for an item at a level of detail (1 = the item, 2 = the screen, 3 = every key).
std::string help_for(const ViewModel& vm, const Strings& s, ItemRef item, int level);

/// Words left from the current position to the end, and the minutes they take at the rate.
int minutes_left(const ViewModel& vm);
/// "Section 3 of 12 · about 4 min left", and its two parts for a status on two lines.
std::string status_text(const ViewModel& vm, const Strings& s);
std::string status_section(const ViewModel& vm, const Strings& s);
std::string status_minutes(const ViewModel& vm, const Strings& s);
/// The article, section k of n and the minutes left, for "Where am I".
std::string where_am_i(const ViewModel& vm, const Strings& s);
/// The sentence on screen (the one being heard; the first of the section while its heading is).
int shown_sentence(const ViewModel& vm);

} // namespace lectern::ui
