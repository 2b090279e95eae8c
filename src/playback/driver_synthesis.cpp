// The Driver's synthesis (see driver_impl.hpp): items and announcements are normalised and
// synthesised chunk by chunk into the pending buffer, which is pumped into the ring no further than
// the lookahead ahead of the ear. Playback thread only.
#include "playback/driver_impl.hpp"

#include "core/log.hpp"

#include <algorithm>

namespace lectern::playback {

std::uint64_t Driver::Impl::frames_ahead() const {
    const std::uint64_t played = engine.frames_played();
    return write_position > played ? write_position - played : 0;
}

bool Driver::Impl::wants_synthesis() const {
    return !synth_done && state.play == PlayState::playing &&
           frames_ahead() < ms_to_frames(options.lookahead_ms, engine.sample_rate());
}

void Driver::Impl::append(std::span<const Sample> pcm) {
    if (capture) capture->insert(capture->end(), pcm.begin(), pcm.end());
    pending.insert(pending.end(), pcm.begin(), pcm.end());
    write_position += pcm.size();
    pump();
}

void Driver::Impl::append_silence(int ms) {
    const std::size_t n = ms_to_frames(ms, engine.sample_rate());
    pending.resize(pending.size() + n, 0);
    write_position += n;
    pump();
}

std::uint64_t Driver::Impl::queued_in_ring() const {
    const std::uint64_t from = std::max(engine.frames_played(), flushed_at);
    const std::uint64_t written = engine.frames_written();
    return written > from ? written - from : 0;
}

void Driver::Impl::pump() {
    if (pending_read < pending.size()) {
        const std::uint64_t limit = ms_to_frames(options.lookahead_ms, engine.sample_rate());
        const std::uint64_t queued = queued_in_ring();
        const std::size_t room = queued < limit ? static_cast<std::size_t>(limit - queued) : 0;
        const std::size_t n = std::min(room, pending.size() - pending_read);
        pending_read += engine.write({pending.data() + pending_read, n});
        if (n > 0) engine.want_device(); // after the write: see OutputEngine's standby gate
    }
    if (pending_read == pending.size()) {
        pending.clear();
        pending_read = 0;
    }
}

bool Driver::Impl::on_audio(std::span<const Sample> pcm) {
    trimmer.feed(pcm, [this](std::span<const Sample> audible) { append(audible); });
    // Commands are handled between chunks so that a press is answered within one chunk.
    if (has_commands.load(std::memory_order_acquire)) process_commands();
    return generation == item_generation;
}

void Driver::Impl::on_word(const synth::WordMark& mark) {
    if (generation != item_generation || item_normalized == nullptr) return;
    const std::size_t trimmed = trimmer.leading_trimmed();
    const std::uint64_t frame = mark.frame > trimmed ? mark.frame - trimmed : 0;
    const std::size_t begin = item_from + item_normalized->to_input(mark.text_offset);
    const std::size_t end =
        item_from + item_normalized->to_input(mark.text_offset + mark.text_length);
    // The later words of a rewritten token ("12/05/2026" read as "December 5th, twenty ...")
    // map to the token's end: the whole token stays highlighted while they are spoken.
    if (end <= begin) return;
    marks.push_back(Mark{item_base + frame, Mark::Kind::word, item_cursor, begin, end - begin, {}});
}

void Driver::Impl::synthesize_next_item() {
    if (params_dirty) configure_synth();
    if (synth_offset == 0 && replay_rendered_item()) return;
    const Cursor cursor = synth_cursor;
    const std::string& full = item_text(cursor);
    const std::size_t from = std::min(synth_offset, full.size());
    const text::Normalized normalized = text::normalize(
        std::string_view(full).substr(from), text::NormalizeOptions{options.voice.language});

    item_base = write_position;
    trimmer.reset();
    item_generation = generation;
    item_from = from;
    item_normalized = &normalized;
    item_cursor = cursor;
    // Leading silence is trimmed, so the item's first audible sample lands exactly at
    // item_base.
    const std::size_t first_mark = marks.size();
    marks.push_back(Mark{item_base, Mark::Kind::item, cursor, from, 0, {}});

    RenderedItem made{cursor, {}, {}};
    capture = from == 0 ? &made.pcm : nullptr;
    auto result = synth.synthesize(normalized.ssml, true, *this);
    item_normalized = nullptr;
    capture = nullptr;
    if (generation != item_generation) return; // a command moved the position meanwhile
    if (!result) {                             // skip the item, keep reading, and say so
        emit_error(result.error().message);
        apologise();
        if (generation != item_generation) return;
    } else if (from == 0) {
        for (std::size_t i = first_mark; i < marks.size(); ++i) {
            Mark m = marks[i];
            m.position -= item_base;
            made.marks.push_back(std::move(m));
        }
        keep_rendered_item(std::move(made));
    }
    finish_item(cursor);
}

bool Driver::Impl::replay_rendered_item() {
    const auto it = std::find_if(rendered.begin(), rendered.end(),
                                 [&](const RenderedItem& r) { return r.cursor == synth_cursor; });
    if (it == rendered.end()) return false;
    const Cursor cursor = synth_cursor;
    for (Mark m : it->marks) {
        m.position += write_position;
        marks.push_back(std::move(m));
    }
    append(it->pcm);
    finish_item(cursor);
    return true;
}

void Driver::Impl::keep_rendered_item(RenderedItem item) {
    if (item.pcm.size() > kRenderedFrames) return;
    item.pcm.shrink_to_fit(); // grown by doubling while it was made
    std::erase_if(rendered, [&](const RenderedItem& r) {
        const bool same = r.cursor == item.cursor;
        if (same) rendered_frames -= r.pcm.size();
        return same;
    });
    rendered_frames += item.pcm.size();
    rendered.push_back(std::move(item));
    while (rendered_frames > kRenderedFrames) {
        rendered_frames -= rendered.front().pcm.size();
        rendered.pop_front();
    }
}

void Driver::Impl::forget_rendered_items() {
    rendered.clear();
    rendered_frames = 0;
}

void Driver::Impl::finish_item(Cursor cursor) {
    Cursor next = cursor;
    const bool more = outline.next(next);
    append_silence(pause_after_ms(*article, outline, options.voice, cursor));
    synth_offset = 0;
    if (more) {
        synth_cursor = next;
    } else {
        synth_done = true;
        marks.push_back(Mark{write_position, Mark::Kind::end, cursor, 0, 0, {}});
    }
}

void Driver::Impl::apologise() {
    auto it = options.apologies.find(options.voice.language);
    if (it == options.apologies.end()) it = options.apologies.find("en");
    if (it == options.apologies.end() || it->second.empty()) return;
    const text::Normalized n =
        text::normalize(it->second, text::NormalizeOptions{options.voice.language});
    if (auto r = synth.synthesize(n.ssml, true, *this); !r) emit_error(r.error().message);
}

void Driver::Impl::synthesize_announcement() {
    std::string text = std::move(announcements.front());
    announcements.pop_front();
    if (params_dirty) configure_synth();
    engine.set_active(true);
    engine.set_paused(false);
    const text::Normalized normalized =
        text::normalize(text, text::NormalizeOptions{options.voice.language});
    item_base = write_position;
    trimmer.reset();
    item_generation = generation;
    item_from = 0;
    item_normalized = nullptr; // no word marks for interface speech
    marks.push_back(Mark{item_base, Mark::Kind::announcement, state.cursor, 0, 0, std::move(text)});
    auto result = synth.synthesize(normalized.ssml, true, *this);
    if (generation != item_generation) return; // interrupted by a newer command or announcement
    if (!result) emit_error(result.error().message);
    if (state.play == PlayState::playing && announcements.empty()) {
        append_silence(kAfterAnnouncementMs);
        synth_cursor = state.cursor;
        synth_offset = 0;
        synth_done = false;
    } else {
        synth_done = true;
        if (state.play == PlayState::paused) reading_flushed = true;
        marks.push_back(Mark{write_position, Mark::Kind::announcement_end, state.cursor, 0, 0, {}});
    }
}

void Driver::Impl::configure_synth() {
    forget_rendered_items(); // made with other parameters (or another voice)
    synth::SynthParams p = options.voice.params;
    p.rate_wpm = state.rate_wpm;
    if (auto r = synth.configure(p); !r) emit_error(r.error().message);
    params_dirty = false;
}

} // namespace lectern::playback
