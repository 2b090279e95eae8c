// The Driver's marks (see driver_impl.hpp): item and word starts kept at stream positions become
// events when the device has PLAYED past them; latency probes are answered from the callback's
// timestamps. Playback thread only.
#include "playback/driver_impl.hpp"

#include "core/log.hpp"

#include <algorithm>

namespace lectern::playback {

void Driver::Impl::service_marks() {
    const std::uint64_t played = engine.frames_played();
    // A mark is heard once the sample at its position has been consumed; the end once
    // everything before it has.
    const auto heard_by = [played](const Mark& m) {
        return m.kind == Mark::Kind::end || m.kind == Mark::Kind::announcement_end
                   ? m.position <= played
                   : m.position < played;
    };
    while (!marks.empty() && heard_by(marks.front())) {
        const Mark m = marks.front();
        marks.pop_front();
        heard(m);
    }
}

void Driver::Impl::heard(const Mark& m) {
    switch (m.kind) {
    case Mark::Kind::item: {
        const auto& section = article->sections[static_cast<std::size_t>(m.cursor.section)];
        apply(input::ItemHeard{m.cursor});
        if (m.offset > 0) apply(input::WordHeard{m.offset}); // resumed mid-item (rate change)
        if (m.cursor.section != last_section_heard || (m.cursor.item == 0 && m.offset == 0)) {
            last_section_heard = m.cursor.section;
            Event e;
            e.type = EventType::section;
            e.section = m.cursor.section + 1;
            e.section_count = outline.sections();
            e.heading = section.heading;
            emit(std::move(e));
        }
        if (m.cursor.item > 0 && m.offset == 0) {
            Event e;
            e.type = EventType::sentence;
            e.section = m.cursor.section + 1;
            e.sentence = m.cursor.item;
            e.sentence_count = static_cast<int>(section.sentences.size());
            e.text = item_text(m.cursor);
            emit(std::move(e));
        }
        break;
    }
    case Mark::Kind::word: {
        apply(input::WordHeard{m.offset});
        if (!options.word_events) break;
        Event e;
        e.type = EventType::word;
        e.section = m.cursor.section + 1;
        e.sentence = m.cursor.item;
        e.word_offset = m.offset;
        e.word_length = m.length;
        const std::string& t = item_text(m.cursor);
        e.text = t.substr(std::min(m.offset, t.size()), m.length);
        emit(std::move(e));
        break;
    }
    case Mark::Kind::end:
        apply(input::ReachedEnd{});
        engine.set_active(false);
        break;
    case Mark::Kind::announcement: {
        Event e;
        e.type = EventType::announcement;
        e.text = m.text;
        emit(std::move(e));
        break;
    }
    case Mark::Kind::announcement_end:
        if (state.play != PlayState::playing) engine.set_active(false);
        break;
    }
}

void Driver::Impl::service_probes() {
    if (start_probe.armed && engine.audio_start_time().count() != 0) {
        emit_latency(EventType::audio_start, start_probe, engine.audio_start_time());
        start_probe.armed = false;
    }
    if (pause_probe.armed && engine.paused_time().count() != 0) {
        emit_latency(EventType::paused, pause_probe, engine.paused_time());
        pause_probe.armed = false;
    }
    if (const auto u = engine.underruns(); u != underruns_seen) {
        underruns_seen = u;
        if (state.play == PlayState::playing) {
            Event e;
            e.type = EventType::underrun;
            e.count = u;
            emit(std::move(e));
        }
    }
}

void Driver::Impl::emit_latency(EventType type, const Probe& p, Nanos at) {
    Event e;
    e.type = type;
    e.latency_ms = std::max(0.0, to_ms(at - p.since));
    e.command = p.command;
    emit(std::move(e));
}

} // namespace lectern::playback
