// The Driver's playback thread (playback/driver.hpp), shared by the files that implement it:
//   driver.cpp            the public API, commands and their effects, the thread's loop;
//   driver_synthesis.cpp  synthesis of items and announcements, and pumping audio into the ring;
//   driver_marks.cpp      marks heard as the device plays them, and the latency probes.
// Internal to the playback module. Thread affinity as in driver.hpp: the members under "shared"
// are guarded by `mutex`; everything else belongs to the playback thread.
#pragma once

#include "playback/driver.hpp"
#include "playback/reading.hpp"
#include "text/normalize.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace lectern::playback {

namespace driver_detail {

/// The pause between interface speech and the reading it interrupted.
constexpr int kAfterAnnouncementMs = 300;

struct Mark {
    enum class Kind { item, word, end, announcement, announcement_end };
    std::uint64_t position = 0;
    Kind kind = Kind::item;
    Cursor cursor;
    std::size_t offset = 0, length = 0;
    std::string text; // announcements only
};

/// A command or interface speech, in the order they were posted.
struct Request {
    Command command;
    std::optional<std::string> announcement;
    std::optional<std::shared_ptr<const content::Article>> article; // open()
    Cursor at;
    std::optional<synth::VoiceProfile> voice;
};

inline const std::shared_ptr<const content::Article>&
or_empty(const std::shared_ptr<const content::Article>& a) {
    static const auto empty = std::make_shared<const content::Article>();
    return a ? a : empty;
}

/// An item's audio as it was made (trimmed; its pause after is added again each time, like the
/// item's next step), and its marks with positions from the item's start: played again from
/// memory instead of synthesised again.
struct RenderedItem {
    Cursor cursor;
    std::vector<Sample> pcm;
    std::vector<Mark> marks;
};

/// How much audio the Driver keeps for items it may be asked to read again: 20 s (0.9 MB), the
/// sentence being heard, the lookahead and a few sentences back.
constexpr std::size_t kRenderedFrames = 20 * 22050;

/// A latency probe armed by a command and answered by the audio callback's timestamps.
struct Probe {
    bool armed = false;
    Nanos since{0};
    std::string command;
};

} // namespace driver_detail

using namespace driver_detail;

struct Driver::Impl final : synth::SynthOutput {
    Impl(std::shared_ptr<const content::Article> a, synth::Synthesizer& s, audio::OutputEngine& e,
         DriverOptions o, EventSink ev, const Clock& c)
        : article(or_empty(a)), synth(s), engine(e), options(std::move(o)), events(std::move(ev)),
          clock(c), outline(outline_of_article(*article)) {
        state.rate_wpm = std::clamp(options.voice.params.rate_wpm, options.limits.rate_min,
                                    options.limits.rate_max);
        state.volume =
            std::clamp(options.volume, options.limits.volume_min, options.limits.volume_max);
    }

    // ---- shared with other threads (guarded by mutex) ----
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::deque<Request> queue;
    std::atomic<bool> has_commands{false};
    bool quit = false;
    State shared_state;
    std::uint64_t posted = 0, done = 0; // requests, for pending()

    // ---- playback thread only ----
    std::shared_ptr<const content::Article> article;
    synth::Synthesizer& synth;
    audio::OutputEngine& engine;
    DriverOptions options;
    EventSink events;
    const Clock& clock;
    Outline outline;
    State state;
    std::thread thread;

    std::vector<Sample> pending; // synthesised, not yet in the ring
    std::size_t pending_read = 0;
    std::uint64_t write_position = 0; // stream position of the next sample appended to pending
    std::uint64_t flushed_at = 0;     // stream position where the last flush put new audio
    std::deque<Mark> marks;
    std::uint64_t generation = 0; // bumped by every flush; a synthesis from an older one is void
    bool synth_done = true;
    Cursor synth_cursor;
    std::size_t synth_offset = 0;
    bool params_dirty = true;
    Probe start_probe, pause_probe;
    std::uint64_t underruns_seen = 0;
    int last_section_heard = -1;
    std::deque<std::string> announcements; // waiting to be synthesised (never inside a synthesis)
    bool reading_flushed = false;          // an announcement replaced the paused reading's audio
    Nanos current_command_time{0};
    std::string current_command;
    // Recently made items (oldest first, at most kRenderedFrames of audio in all). Repeat,
    // next-sentence, previous and reading on after them find their items here more often than
    // not, and are then answered at the next device callback instead of after a synthesis.
    // Whole items only (offset 0), made without interruption; forgotten when the voice, the rate
    // or the article changes.
    std::deque<RenderedItem> rendered;
    std::size_t rendered_frames = 0;
    std::vector<Sample>* capture = nullptr; // while an item is made: append() copies here

    // Per-synthesis bookkeeping (valid during synthesize()).
    std::uint64_t item_base = 0;
    SilenceTrimmer trimmer;
    std::uint64_t item_generation = 0;
    std::size_t item_from = 0;
    const text::Normalized* item_normalized = nullptr;
    Cursor item_cursor;

    // ---------------------------------------------------------------------------------------
    void emit(Event e);
    void emit_error(std::string message);

    const std::string& item_text(Cursor c) const { return playback::item_text(*article, c); }

    void publish_state();

    // ---- commands and effects ------------------------------------------------------------
    void process_commands();

    void apply(const Input& in);

    void flush_queued_audio();

    void open_article(std::shared_ptr<const content::Article> next, Cursor at,
                      std::optional<synth::VoiceProfile> voice);

    void emit_ready();

    void run(effect::Speak& s);
    void run(effect::Pause&);
    void run(effect::Resume&);
    void run(effect::Stop&);
    void run(effect::SetVolume& v);
    void run(effect::SetRate&);
    void run(effect::StateChanged& s);
    void run(effect::Rejected& r) { emit_error(r.message); }

    void emit_settings();

    // ---- synthesis -----------------------------------------------------------------------
    std::uint64_t frames_ahead() const;

    bool wants_synthesis() const;

    void append(std::span<const Sample> pcm);

    void append_silence(int ms);

    /// Frames in the ring that are still to be heard (what precedes the last flush does not count:
    /// the device drops it).
    std::uint64_t queued_in_ring() const;

    /// Moves pending audio into the ring, keeping at most the lookahead there, so that the ring
    /// always has room for what follows a flush (a press is answered without waiting).
    void pump();

    bool on_audio(std::span<const Sample> pcm) override;

    void on_word(const synth::WordMark& mark) override;

    void synthesize_next_item();
    /// The item at synth_cursor from `rendered`, appended as if just synthesised; false when it
    /// is not there.
    bool replay_rendered_item();
    void keep_rendered_item(RenderedItem item);
    void forget_rendered_items();
    /// After an item: its pause, then the next item or the end.
    void finish_item(Cursor cursor);

    /// Speaks DriverOptions::apologies where the failed item was (no word marks: not article text).
    void apologise();

    /// Interface speech: interrupts whatever was queued (already flushed when it was posted), then
    /// reading carries on from the start of the interrupted sentence.
    void synthesize_announcement();

    void configure_synth();

    // ---- what the ear hears ----------------------------------------------------------------
    void service_marks();

    void heard(const Mark& m);

    void service_probes();

    void emit_latency(EventType type, const Probe& p, Nanos at);

    /// How long the thread may sleep before something needs it (nullopt: until a command). Only
    /// reading needs timed wake-ups; a paused, stopped or finished kiosk sleeps until a command.
    std::optional<Nanos> next_wake() const;

    void loop();
};

} // namespace lectern::playback
