// Hostile content (tests/data/hostile/, plus a 6 MB single line made here): every file is either
// refused with a one-line message naming it, or read: parsed, normalised and synthesised by real
// eSpeak NG in the worker process started from the real binary (`lectern synth-worker`), within
// a deadline, with nothing obeyed as markup. After each, a normal article still loads and reads.
//
// The sound check for markup: text such as <break time="100s"/> reaches eSpeak NG escaped, so it
// is heard as the characters written, never obeyed: the word marks include "break" and "time"
// (a tag eSpeak obeyed would be silent and mark nothing) and the audio stays as long as the words
// need (an obeyed 100 s break would not). Test thread only (the synthesiser's one thread).
#include "content/parse.hpp"
#include "core/utf8.hpp"
#include "support/subprocess.hpp"
#include "synth/worker.hpp"
#include "text/normalize.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

using namespace lectern;
namespace fs = std::filesystem;
using Time = std::chrono::steady_clock;

namespace {

const fs::path kHostile = fs::path(LECTERN_SOURCE_DIR) / "tests/data/hostile";

double seconds_since(Time::time_point t) {
    return std::chrono::duration<double>(Time::now() - t).count();
}

/// What one sentence sounded like.
struct Heard final : synth::SynthOutput {
    const text::Normalized* normalized = nullptr;
    std::string_view sentence;
    std::size_t frames = 0;
    std::size_t max_frames = 0; ///< cancel after this much audio (0: never)
    std::set<std::string> words;

    bool on_audio(std::span<const Sample> pcm) override {
        frames += pcm.size();
        return max_frames == 0 || frames < max_frames;
    }
    void on_word(const synth::WordMark& m) override {
        const std::size_t begin = normalized->to_input(m.text_offset);
        const std::size_t end = normalized->to_input(m.text_offset + m.text_length);
        if (end > begin && end <= sentence.size())
            words.insert(std::string(sentence.substr(begin, end - begin)));
    }
};

struct Reader {
    std::unique_ptr<synth::WorkerSynth> synth;

    Reader() {
        synth::WorkerOptions o;
        o.executable = LECTERN_BIN; // the real binary's hidden subcommand
        auto s = synth::WorkerSynth::create(o);
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
        synth = std::move(*s);
    }

    /// Normalises and speaks one sentence (at most max_seconds of it); must succeed.
    Heard say(std::string_view sentence, double max_seconds = 0) {
        return say(sentence, text::normalize(sentence), max_seconds);
    }
    Heard say(std::string_view sentence, const text::Normalized& n, double max_seconds) {
        Heard heard;
        heard.normalized = &n;
        heard.sentence = sentence;
        heard.max_frames = static_cast<std::size_t>(max_seconds * synth->sample_rate());
        const auto r = synth->synthesize(n.ssml, true, heard);
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
        return heard;
    }

    /// Reads every sentence of the article (each capped at 20 s of audio); the words heard.
    std::set<std::string> read_all(const content::Article& a) {
        std::set<std::string> words;
        for (const auto& section : a.sections)
            for (const auto& s : section.sentences) {
                const Heard h = say(s.text, 20);
                // As long as its words need: 1 s per 4 bytes is far above any speaking rate.
                CHECK(h.frames <
                      static_cast<std::size_t>(synth->sample_rate()) * (2 + s.text.size() / 4));
                words.insert(h.words.begin(), h.words.end());
            }
        return words;
    }

    /// The library around hostile content keeps working: a normal article loads and reads.
    void still_works() {
        auto a = content::load_article(fs::path(LECTERN_SOURCE_DIR) /
                                       "tests/data/content/before-your-visit.txt");
        REQUIRE(a.ok());
        const Heard h = say(a->sections.front().sentences.front().text);
        CHECK(h.frames > 0);
        CHECK(h.words.count("Welcome") == 1);
        CHECK(synth->stats().crashes == 0);
        CHECK(synth->stats().hangs == 0);
    }
};

content::Article load(const fs::path& file) {
    const auto t0 = Time::now();
    auto a = content::load_article(file);
    INFO("parsing took " << seconds_since(t0) << " s");
    // A deadline against hangs and quadratic blow-ups, with room for sanitizers and qemu-aarch64.
    CHECK(seconds_since(t0) < 30);
    REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
    bool clean = true;
    for (const auto& section : a->sections) {
        clean = clean && utf8::is_valid(section.heading);
        for (const auto& s : section.sentences)
            clean = clean && utf8::is_valid(s.text) && !s.text.empty();
    }
    CHECK(clean); // valid UTF-8 everywhere, no empty sentence
    return std::move(*a);
}

void refused(const fs::path& file, std::string_view reason) {
    const auto a = content::load_article(file);
    REQUIRE_FALSE(a.ok());
    INFO(a.error().message);
    CHECK(a.error().message.rfind(file.string() + ": ", 0) == 0);
    CHECK(a.error().message.find(reason) != std::string::npos);
    CHECK(a.error().message.find('\n') == std::string::npos);
}

bool has_control(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x20 || b == 0x7F) return true;
        if (b == 0xC2 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xE0) == 0x80)
            return true; // U+0080..U+009F
    }
    return false;
}

} // namespace

TEST_CASE("empty, whitespace-only and binary files are refused with a clear message") {
    Reader reader;
    refused(kHostile / "empty.txt", "empty");
    refused(kHostile / "whitespace-only.txt", "no text to read");
    refused(kHostile / "binary.txt", "binary");
    reader.still_works();
}

TEST_CASE("invalid UTF-8 and control characters are read as clean text") {
    Reader reader;
    for (const char* name : {"invalid-utf8.txt", "control-chars.txt"}) {
        CAPTURE(std::string(name));
        const auto a = load(kHostile / name);
        for (const auto& s : a.sections.front().sentences)
            CHECK_FALSE(has_control(s.text));
        const auto words = reader.read_all(a);
        CHECK(words.count("tablet") == 1);
        reader.still_works();
    }
}

TEST_CASE("SSML and XML in a plain-text file are heard as text, never obeyed") {
    Reader reader;
    const auto a = load(kHostile / "ssml-injection.txt");
    const auto t0 = Time::now();
    const auto words = reader.read_all(a);
    for (const char* w : {"audio", "src", "break", "time", "voice", "prosody", "Thank"})
        CHECK_MESSAGE(words.count(w) == 1, w);
    CHECK(seconds_since(t0) < 30);
    reader.still_works();
}

TEST_CASE("raw HTML in Markdown is never spoken and code is heard as text") {
    Reader reader;
    const auto a = load(kHostile / "ssml-injection.md");
    for (const auto& s : a.sections.front().sentences) {
        CHECK(s.text.find("<speak") == std::string::npos);
        CHECK(s.text.find("<voice") == std::string::npos);
        CHECK(s.text.find("http://") == std::string::npos);
        CHECK(s.text.find("<mark") == std::string::npos);
    }
    const auto words = reader.read_all(a);
    CHECK(words.count("arrive") == 1);
    CHECK(words.count("break") == 1); // the fenced code block, read as the characters written
    reader.still_works();
}

TEST_CASE("the eSpeak NG crash token in an article is read without crashing the worker") {
    Reader reader;
    const auto a = load(kHostile / "crash-token.txt");
    const auto words = reader.read_all(a);
    CHECK(words.count("read") == 1);
    CHECK(reader.synth->stats().crashes == 0); // the normaliser cut the token before eSpeak NG
    reader.still_works();
}

TEST_CASE("2,000-deep Markdown nesting and 5,000 sections") {
    Reader reader;
    for (const char* name : {"nesting-blockquote.md", "nesting-list.md", "nesting-inline.md"}) {
        CAPTURE(std::string(name));
        const auto a = load(kHostile / name);
        REQUIRE(a.sections.front().sentences.size() == 2);
        CHECK(a.sections.front().sentences.back().text.rfind("After the", 0) == 0);
        CHECK(reader.read_all(a).count("After") == 1);
    }
    const auto a = load(kHostile / "5000-sections.md");
    REQUIRE(a.sections.size() == 5000);
    CHECK(a.sections.back().heading == "Part 5000");
    CHECK(reader.say(a.sections.back().sentences.front().text).words.count("Step") == 1);
    reader.still_works();
}

TEST_CASE("a 6 MB single line is parsed, and speech starts at once and stops on request") {
    Reader reader;
    const fs::path dir = test::temp_dir("hostile-6mb");
    const char* words[] = {"wash", "your", "hands", "with", "soap", "and", "warm", "water"};
    std::string line;
    for (std::size_t i = 0; line.size() < 6u * 1024 * 1024; ++i) {
        line += words[i % 8];
        line += i % 97 == 96 ? "-and-then-some-more-words-without-any-spaces-at-all " : " ";
    }
    {
        std::ofstream(dir / "one-line.txt", std::ios::binary) << line;
        std::string sentences;
        while (sentences.size() < 6u * 1024 * 1024)
            sentences += "Wash your hands. ";
        std::ofstream(dir / "sentences.txt", std::ios::binary) << sentences;
    }

    const auto a = load(dir / "one-line.txt");
    REQUIRE(a.sentence_count() == 1);
    const std::string& sentence = a.sections.front().sentences.front().text;
    CHECK(sentence.size() > 6u * 1000 * 1000);
    auto t0 = Time::now();
    const text::Normalized n = text::normalize(sentence);
    MESSAGE("6 MB sentence normalised in " << seconds_since(t0) << " s");
    t0 = Time::now();
    const Heard h = reader.say(sentence, n, 2.0); // two seconds of it, then cancel
    MESSAGE("6 MB sentence: sent, 2 s of speech, cancelled in " << seconds_since(t0) << " s");
    CHECK(h.frames >= 2u * 22050);
    CHECK(h.words.count("wash") == 1);
    CHECK(seconds_since(t0) < 20);
    CHECK(reader.synth->stats().hangs == 0); // the first-chunk allowance for a huge text

    const auto many = load(dir / "sentences.txt");
    CHECK(many.sentence_count() > 300'000);
    CHECK(reader.say(many.sections.back().sentences.back().text).words.count("hands") == 1);
    reader.still_works();
}
