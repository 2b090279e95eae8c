// Driver: runs the playback thread. It owns the Controller state, turns effects into synthesis
// (the ONLY thread that calls the Synthesizer, as eSpeak NG is not thread-safe) and into writes and
// atomics on the OutputEngine, and reports Events from the frames the device has PLAYED.
//
// Thread affinity:
//   - construct, start(), shutdown() and the destructor: the owning thread (main);
//   - post() and state(): any thread (a mutex-guarded queue and snapshot);
//   - the EventSink is called on the playback thread, in order; keep it short (format and write).
//
// How audio flows: an item (heading or sentence) is normalised, synthesised chunk by chunk into a
// pending buffer that is pumped into the engine's ring as space allows, followed by the profile's
// pause as PCM silence. Synthesis runs ahead of the ear by `lookahead_ms`. Every item and word
// start is kept as a mark at its stream position; when frames_played passes a mark the listener is
// hearing it, and only then does the controller's cursor move and an event go out. Commands that
// arrive during synthesis are handled between chunks; those that move the position cancel it.
#pragma once

#include "audio/output_engine.hpp"
#include "content/article.hpp"
#include "core/clock.hpp"
#include "playback/commands.hpp"
#include "playback/controller.hpp"
#include "playback/events.hpp"
#include "synth/synthesizer.hpp"
#include "synth/voice_profile.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace lectern::playback {

struct DriverOptions {
    synth::VoiceProfile voice;
    Limits limits;
    int volume = 70;
    /// How far synthesis runs ahead of what is heard.
    int lookahead_ms = 1500;
    /// Longest sleep while reading. Paced devices need no cap; an unpaced (offline) device consumes
    /// faster than real time, so the driver should look again every millisecond or so.
    std::chrono::milliseconds max_sleep{50};
    bool word_events = true;
    /// Spoken in place of a sentence the synthesiser failed on (e.g. the speech worker crashed or
    /// hung on it, synth/worker.hpp) before reading goes on, so that a sentence never vanishes
    /// unexplained. Keyed by the voice profile's language, else "en"; an empty text says nothing.
    /// The texts are interface strings ("say.apology" in voices/ui/<language>.toml), filled in by
    /// the app: no spoken string lives in code.
    std::map<std::string, std::string> apologies;
};

/// Linear gain for a volume percentage: 100 % is 0 dB, each 10 % step is 3 dB, 0 % is silence.
float gain_for_volume(int volume_percent);

class Driver {
  public:
    using EventSink = std::function<void(const Event&)>;

    /// `article` may be nullptr (a kiosk on its home screen): commands are then refused politely
    /// and announcements still work.
    Driver(std::shared_ptr<const content::Article> article, synth::Synthesizer& synth,
           audio::OutputEngine& engine, DriverOptions options, EventSink events,
           const Clock& clock = SteadyClock::instance());
    ~Driver();
    Driver(const Driver&) = delete;
    Driver& operator=(const Driver&) = delete;

    /// Starts the playback thread; emits `ready`. Nothing plays until a command says so.
    void start();
    /// Queues a command (stamped with Clock::now() when cmd.received is zero).
    void post(Command cmd);
    /// Switches to another article (or none: nullptr): stops reading, forgets the old article's
    /// queued audio and marks, and puts the cursor at `at` (the start when invalid). With a
    /// voice, the article is read (and interface speech spoken) with it from now on: an article's
    /// language picks its voice. Rate and volume are kept. Queued in order with commands. Any
    /// thread.
    void open(std::shared_ptr<const content::Article> article, Cursor at = {},
              std::optional<synth::VoiceProfile> voice = std::nullopt);
    /// Speaks interface text (a confirmation, help, a focused button's name) at once: it interrupts
    /// the reading, and when reading was going on, reading then carries on from the start of the
    /// sentence that was interrupted. While paused or stopped the reading state is unchanged (play
    /// afterwards carries on from the word where it paused). Announcements queue in order with
    /// commands. Any thread.
    void announce(std::string text);
    /// Stops the thread after fading out; idempotent.
    void shutdown();

    State state() const;
    /// Commands and announcements posted but not yet carried out (state() does not reflect them).
    std::size_t pending() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lectern::playback
