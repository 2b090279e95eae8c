// Implementation of ui/view_model.hpp: items, labels and spoken texts derived from the state.
#include "ui/view_model.hpp"

#include <algorithm>
#include <cmath>

namespace lectern::ui {

const char* to_string(Screen s) {
    switch (s) {
    case Screen::home:
        return "home";
    case Screen::reader:
        return "reader";
    case Screen::questions:
        return "questions";
    case Screen::help:
        return "help";
    case Screen::staff_pin:
        return "staff_pin";
    case Screen::staff:
        return "staff";
    }
    return "home";
}

std::string screen_language(const ViewModel& vm) {
    const bool article_screen = vm.screen == Screen::reader || vm.screen == Screen::questions ||
                                (vm.screen == Screen::help && vm.help_return != Screen::home);
    if (article_screen && vm.current()) return vm.current()->language;
    return vm.home_language;
}

const Strings& strings_for(const ViewModel& vm, const StringLibrary& lib) {
    return lib.for_language(screen_language(vm));
}

int page_count(int n, int per_page) {
    return std::max(1, (n + std::max(per_page, 1) - 1) / std::max(per_page, 1));
}

std::vector<ItemRef> items(const ViewModel& vm) {
    std::vector<ItemRef> out;
    const auto page = [&](int count, int per_page, int current, ItemKind kind) {
        const int first = current * per_page;
        for (int i = first; i < std::min(count, first + per_page); ++i)
            out.push_back({kind, i});
        if (page_count(count, per_page) > 1) {
            out.push_back({ItemKind::page_prev});
            out.push_back({ItemKind::page_next});
        }
    };
    switch (vm.screen) {
    case Screen::home:
        page(static_cast<int>(vm.articles.size()), vm.home_per_page, vm.home_page,
             ItemKind::article);
        out.push_back({ItemKind::help});
        break;
    case Screen::reader:
        // Top to bottom, then the button grid row by row (see layout_reader.cpp).
        for (ItemKind k : {ItemKind::status, ItemKind::questions, ItemKind::reading,
                           ItemKind::play_pause, ItemKind::repeat, ItemKind::prev_section,
                           ItemKind::next_section, ItemKind::slower, ItemKind::faster,
                           ItemKind::quieter, ItemKind::louder, ItemKind::home, ItemKind::help})
            out.push_back({k});
        break;
    case Screen::questions:
        page(vm.section_count(), vm.questions_per_page, vm.question_page, ItemKind::question);
        out.push_back({ItemKind::back});
        out.push_back({ItemKind::help});
        break;
    case Screen::help:
        out.push_back({ItemKind::help_text});
        out.push_back({ItemKind::back});
        out.push_back({ItemKind::more_help});
        break;
    case Screen::staff_pin:
        // In the pad's reading order: 1 2 3 ... 9 0, then OK and Back (see layout_staff.cpp).
        for (int d : {1, 2, 3, 4, 5, 6, 7, 8, 9, 0})
            out.push_back({ItemKind::pin_digit, d});
        out.push_back({ItemKind::pin_ok});
        out.push_back({ItemKind::back});
        break;
    case Screen::staff:
        page(kStaffEntries, vm.staff.per_page, vm.staff.page, ItemKind::staff);
        out.push_back({ItemKind::back});
        break;
    }
    return out;
}

ItemRef focused(const ViewModel& vm) {
    const auto all = items(vm);
    if (all.empty()) return {};
    return all[static_cast<std::size_t>(std::clamp(vm.focus, 0, static_cast<int>(all.size()) - 1))];
}

bool focus_item(ViewModel& vm, ItemRef item) {
    const auto all = items(vm);
    const auto it = std::find(all.begin(), all.end(), item);
    if (it == all.end()) return false;
    vm.focus = static_cast<int>(it - all.begin());
    return true;
}

namespace {
const content::Section* section_at(const ViewModel& vm, int index) {
    const auto* a = vm.current();
    if (!a || index < 0 || index >= static_cast<int>(a->sections.size())) return nullptr;
    return &a->sections[static_cast<std::size_t>(index)];
}

std::string heading_of(const ViewModel& vm, int index) {
    const auto* s = section_at(vm, index);
    return s ? s->heading : std::string();
}

std::string title_of(const ViewModel& vm, int index) {
    if (index < 0 || index >= static_cast<int>(vm.articles.size())) return {};
    return vm.articles[static_cast<std::size_t>(index)]->title;
}

/// The string-table key of an item ("home", "play", ...).
std::string key_of(const ViewModel& vm, ItemKind k) {
    switch (k) {
    case ItemKind::article:
        return "article";
    case ItemKind::page_prev:
        return "page_prev";
    case ItemKind::page_next:
        return "page_next";
    case ItemKind::help:
        return "help";
    case ItemKind::home:
        return "home";
    case ItemKind::prev_section:
        return "prev_section";
    case ItemKind::play_pause:
        return vm.play == playback::PlayState::playing ? "pause" : "play";
    case ItemKind::next_section:
        return "next_section";
    case ItemKind::repeat:
        return "repeat";
    case ItemKind::slower:
        return "slower";
    case ItemKind::faster:
        return "faster";
    case ItemKind::quieter:
        return "quieter";
    case ItemKind::louder:
        return "louder";
    case ItemKind::questions:
        return "questions";
    case ItemKind::reading:
        return "reading";
    case ItemKind::status:
        return "status";
    case ItemKind::question:
        return "question";
    case ItemKind::back:
        return "back";
    case ItemKind::help_text:
        return "help_text";
    case ItemKind::more_help:
        return "more_help";
    case ItemKind::pin_digit:
        return "pin_digit";
    case ItemKind::pin_ok:
        return "pin_ok";
    case ItemKind::staff:
        return "staff";
    }
    return "help";
}

std::string staff_label(const ViewModel& vm, const Strings& s, int entry) {
    const StaffView& st = vm.staff;
    switch (static_cast<StaffEntry>(entry)) {
    case StaffEntry::volume:
        return s.format("staff.volume", {{"n", std::to_string(st.volume)}});
    case StaffEntry::rate:
        return s.format("staff.rate", {{"n", std::to_string(st.rate_wpm)}});
    case StaffEntry::theme:
        return s.format("staff.theme", {{"name", s.get("staff.theme_" + st.theme)}});
    case StaffEntry::text_size:
        return s.format("staff.text_size", {{"name", s.get("staff.size_" + st.text_size)}});
    case StaffEntry::idle:
        return s.format("staff.idle", {{"n", std::to_string(st.idle_seconds / 60)},
                                       {"s", std::to_string(st.idle_seconds)}});
    case StaffEntry::self_test:
        return st.self_test.empty() ? s.get("staff.self_test") : st.self_test;
    case StaffEntry::about:
        return s.format("staff.about", {{"version", st.version}, {"device", st.device}});
    case StaffEntry::close:
        return s.get("staff.close");
    }
    return {};
}

/// Whether Enter on a staff entry changes a value (rather than doing something or saying).
bool staff_setting(int entry) {
    return entry <= static_cast<int>(StaffEntry::idle);
}
} // namespace

int shown_sentence(const ViewModel& vm) {
    const auto* s = section_at(vm, vm.reading.section);
    if (!s || s->sentences.empty()) return 0;
    return std::clamp(vm.reading.sentence, 1, static_cast<int>(s->sentences.size()));
}

std::string label(const ViewModel& vm, const Strings& s, ItemRef item) {
    switch (item.kind) {
    case ItemKind::article:
        return title_of(vm, item.index);
    case ItemKind::questions:
        return heading_of(vm, vm.reading.section);
    case ItemKind::status:
        return status_text(vm, s);
    case ItemKind::question:
        return s.format("label.question", {{"n", std::to_string(item.index + 1)},
                                           {"heading", heading_of(vm, item.index)}});
    case ItemKind::help_text:
        return vm.help_text;
    case ItemKind::reading:
        return {};
    case ItemKind::pin_digit:
        return std::to_string(item.index);
    case ItemKind::pin_ok:
        return s.get("staff.ok");
    case ItemKind::staff:
        return staff_label(vm, s, item.index);
    default:
        return s.get("label." + key_of(vm, item.kind));
    }
}

std::string spoken(const ViewModel& vm, const Strings& s, ItemRef item) {
    const std::string n_sections = std::to_string(vm.section_count());
    switch (item.kind) {
    case ItemKind::article:
        return s.format("say.article", {{"title", title_of(vm, item.index)},
                                        {"n", std::to_string(item.index + 1)},
                                        {"count", std::to_string(vm.articles.size())}});
    case ItemKind::questions:
        return s.format("say.questions", {{"n", std::to_string(vm.reading.section + 1)},
                                          {"count", n_sections},
                                          {"heading", heading_of(vm, vm.reading.section)}});
    case ItemKind::question:
        return s.format("say.question", {{"n", std::to_string(item.index + 1)},
                                         {"heading", heading_of(vm, item.index)}});
    case ItemKind::help_text:
        return vm.help_text;
    case ItemKind::pin_digit:
        return std::to_string(item.index) + ".";
    case ItemKind::pin_ok:
        return s.get("staff.say_ok");
    case ItemKind::staff:
        if (item.index == static_cast<int>(StaffEntry::about))
            return staff_label(vm, s, item.index);
        return s.format(staff_setting(item.index) ? "staff.say_setting" : "staff.say_action",
                        {{"label", staff_label(vm, s, item.index)}});
    default:
        return s.get("say." + key_of(vm, item.kind));
    }
}

std::string help_for(const ViewModel& vm, const Strings& s, ItemRef item, int level) {
    if (level >= 3) return s.get("help.keys");
    if (level == 2)
        return s.get(std::string("help.screen_") +
                     to_string(vm.screen == Screen::help ? vm.help_return : vm.screen));
    if (item.kind == ItemKind::help || item.kind == ItemKind::help_text ||
        item.kind == ItemKind::more_help)
        return s.get(std::string("help.screen_") +
                     to_string(vm.screen == Screen::help ? vm.help_return : vm.screen));
    return s.get("help." + key_of(vm, item.kind));
}

int minutes_left(const ViewModel& vm) {
    const auto* a = vm.current();
    if (!a) return 0;
    // Words, not characters: speech rate is set in words a minute. Headings count too.
    const auto words = [](const std::string& t) {
        std::size_t n = 0;
        bool in_word = false;
        for (char c : t) {
            const bool space = c == ' ';
            if (!space && !in_word) ++n;
            in_word = !space;
        }
        return n;
    };
    std::size_t left = 0;
    for (int si = std::max(vm.reading.section, 0); si < static_cast<int>(a->sections.size());
         ++si) {
        const auto& sec = a->sections[static_cast<std::size_t>(si)];
        const int from = si == vm.reading.section ? std::max(vm.reading.sentence, 0) : 0;
        if (from == 0) left += words(sec.heading);
        for (int k = std::max(from, 1); k <= static_cast<int>(sec.sentences.size()); ++k)
            left += words(sec.sentences[static_cast<std::size_t>(k - 1)].text);
    }
    if (vm.play == playback::PlayState::finished) return 0;
    return static_cast<int>(std::ceil(static_cast<double>(left) / std::max(vm.rate_wpm, 1)));
}

namespace {
std::string minutes_phrase(const ViewModel& vm, const Strings& s, const char* prefix) {
    const int m = minutes_left(vm);
    const std::string p(prefix);
    if (m <= 0) return s.get(p + "no_minutes");
    if (m == 1) return s.get(p + "one_minute");
    return s.format(p + "minutes", {{"n", std::to_string(m)}});
}
} // namespace

std::string status_section(const ViewModel& vm, const Strings& s) {
    return s.format("label.section", {{"n", std::to_string(vm.reading.section + 1)},
                                      {"count", std::to_string(vm.section_count())}});
}

std::string status_minutes(const ViewModel& vm, const Strings& s) {
    return minutes_phrase(vm, s, "label.");
}

std::string status_text(const ViewModel& vm, const Strings& s) {
    return s.format("label.status",
                    {{"section", status_section(vm, s)}, {"minutes", status_minutes(vm, s)}});
}

std::string where_am_i(const ViewModel& vm, const Strings& s) {
    switch (vm.screen) {
    case Screen::home:
        return s.format("say.where_home",
                        {{"n", std::to_string(vm.home_page + 1)},
                         {"count", std::to_string(page_count(static_cast<int>(vm.articles.size()),
                                                             vm.home_per_page))}});
    default:
        if (!vm.current()) return s.get("say.where_home");
        return s.format("say.where_reader", {{"title", vm.current()->title},
                                             {"n", std::to_string(vm.reading.section + 1)},
                                             {"count", std::to_string(vm.section_count())},
                                             {"heading", heading_of(vm, vm.reading.section)},
                                             {"minutes", minutes_phrase(vm, s, "say.")}});
    }
}

} // namespace lectern::ui
