// The speech worker's side (synth/worker.hpp): the child process's main thread serves configure,
// synthesize and phonemes requests from the parent with an in-process Synthesizer, streaming
// words and audio back as eSpeak NG produces them, and checks for a cancel between two chunks.
// Everything here runs on the child's one thread (plus eSpeak NG's own idle thread).
#include "synth/worker.hpp"
#include "synth/worker_protocol.hpp"

#include <sys/resource.h>

#include <exception>
#include <string>

namespace lectern::synth {
namespace {

using worker::Channel;
using worker::Frame;
using worker::MsgType;
using worker::PayloadReader;
using worker::PayloadWriter;
using worker::ResultCode;

constexpr std::chrono::milliseconds kNoLimit{-1};

/// Streams one synthesis to the parent. A parent that has gone away (the socket closed) cancels
/// the synthesis; the serve loop then ends.
class ToParent final : public SynthOutput {
  public:
    ToParent(Channel& channel, std::uint32_t seq) : m_channel(channel), m_seq(seq) {}

    bool on_audio(std::span<const Sample> pcm) override {
        if (m_gone) return false;
        const std::span<const char> bytes(reinterpret_cast<const char*>(pcm.data()),
                                          pcm.size_bytes());
        // No time limit: a parent busy with its own work is not a fault; a dead one is EPIPE.
        if (m_channel.send(MsgType::audio, m_seq, bytes, kNoLimit) != Channel::Status::frame) {
            m_gone = true;
            return false;
        }
        // Between two chunks: has the parent asked to stop? That is the whole cancel latency.
        while (m_channel.readable()) {
            const auto status = m_channel.receive(m_frame, std::chrono::milliseconds(0));
            if (status == Channel::Status::timeout) break; // half a frame so far
            if (status != Channel::Status::frame) {
                m_gone = true;
                return false;
            }
            if (m_frame.type == MsgType::cancel && m_frame.seq == m_seq) return false;
        }
        return true;
    }

    void on_word(const WordMark& mark) override {
        if (m_gone) return;
        m_writer.clear();
        m_writer.put<std::uint64_t>(mark.frame)
            .put<std::uint64_t>(mark.text_offset)
            .put<std::uint64_t>(mark.text_length);
        if (m_channel.send(MsgType::word, m_seq, m_writer.bytes(), kNoLimit) !=
            Channel::Status::frame)
            m_gone = true;
    }

    bool gone() const { return m_gone; }

  private:
    Channel& m_channel;
    std::uint32_t m_seq;
    Frame m_frame; // not the request's frame: the text being spoken lives there
    PayloadWriter m_writer;
    bool m_gone = false;
};

bool reply(Channel& channel, std::uint32_t seq, ResultCode code, std::string_view text) {
    PayloadWriter w;
    w.put(code).rest(text);
    return channel.send(MsgType::result, seq, w.bytes(), kNoLimit) == Channel::Status::frame;
}

template <class T> bool reply(Channel& channel, std::uint32_t seq, const Result<T>& r) {
    if (!r) return reply(channel, seq, ResultCode::error, r.error().message);
    return reply(channel, seq, ResultCode::ok, {});
}

/// One request; false when the parent has gone (or spoke nonsense) and the worker should exit.
bool serve_one(Channel& channel, Synthesizer& synth, const Frame& request) {
    PayloadReader in(request.payload);
    switch (request.type) {
    case MsgType::configure: {
        SynthParams p;
        p.rate_wpm = in.get<std::int32_t>();
        p.pitch = in.get<std::int32_t>();
        p.volume = in.get<std::int32_t>();
        p.voice = std::string(in.rest());
        if (!in.ok()) return false;
        return reply(channel, request.seq, synth.configure(p));
    }
    case MsgType::synthesize: {
        const bool ssml = in.get<std::uint8_t>() != 0;
        const std::string_view text = in.rest();
        if (!in.ok()) return false;
        ToParent out(channel, request.seq);
        const Result<SynthStatus> r = synth.synthesize(text, ssml, out);
        if (out.gone()) return false;
        if (r && *r == SynthStatus::cancelled)
            return reply(channel, request.seq, ResultCode::cancelled, {});
        return reply(channel, request.seq, r);
    }
    case MsgType::phonemes: {
        const Result<std::string> r = synth.phonemes(in.rest());
        if (!r) return reply(channel, request.seq, r);
        return reply(channel, request.seq, ResultCode::ok, *r);
    }
    case MsgType::cancel: // for a synthesis that had already finished: nothing to stop
        return true;
    default:
        return false;
    }
}

} // namespace

int run_synth_worker(int fd, Result<std::unique_ptr<Synthesizer>> synth) {
    // A worker that crashes over and over (the reason it exists) must not fill the disk with
    // core files.
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);

    Channel channel(fd);
    if (!synth) {
        PayloadWriter w;
        w.rest(synth.error().message);
        (void)channel.send(MsgType::failed, 0, w.bytes(), kNoLimit);
        return 1;
    }
    {
        PayloadWriter w;
        w.put<std::int32_t>((*synth)->sample_rate());
        if (channel.send(MsgType::hello, 0, w.bytes(), kNoLimit) != Channel::Status::frame)
            return 0;
    }
    Frame request;
    try {
        for (;;) {
            const auto status = channel.receive(request, kNoLimit);
            if (status == Channel::Status::closed) return 0; // the parent is done with us
            if (status != Channel::Status::frame) return 3;
            if (!serve_one(channel, **synth, request)) return 0;
        }
    } catch (const std::exception&) {
        return 4; // out of memory, say: the parent sees the socket close and starts a new worker
    }
}

int run_synth_worker(int fd) {
    return run_synth_worker(fd, make_espeak_synth());
}

} // namespace lectern::synth
