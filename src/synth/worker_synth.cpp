// WorkerSynth (synth/worker.hpp): the parent's side of the speech worker. Spawns the child, turns
// each Synthesizer call into a request and its frames, and turns a dead or silent child into an
// error for that one call plus a fresh child. One thread (the playback thread) uses an instance.
#include "synth/worker.hpp"

#include "core/log.hpp"
#include "synth/params.hpp"
#include "synth/worker_protocol.hpp"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <thread>

namespace lectern::synth {

using worker::Channel;
using worker::Frame;
using worker::MsgType;
using worker::PayloadReader;
using worker::PayloadWriter;
using worker::ResultCode;
using SteadyTime = std::chrono::steady_clock;

namespace {

struct Reply {
    ResultCode code = ResultCode::error;
    std::string text;
};

} // namespace

struct WorkerSynth::Impl {
    explicit Impl(WorkerOptions o) : options(std::move(o)) {}

    WorkerOptions options;
    int fd = -1;
    pid_t pid = -1;
    std::optional<Channel> channel;
    int rate = 0;
    SynthParams params;
    bool configured = false;
    bool busy = false; // inside synthesize(): the output must not call back into us
    std::uint32_t seq = 0;
    Frame frame;
    std::vector<Sample> pcm;
    PayloadWriter writer;
    WorkerStats stats;
    SteadyTime::time_point retry_at{};
    std::chrono::milliseconds backoff{0};
    std::string start_error;

    // ---- the child's life ------------------------------------------------------------------
    /// Ends the child and reaps it: with SIGKILL at once (`kill_now`), or after closing the
    /// socket and giving it `grace` to exit on its own. Returns how it ended.
    std::string reap(bool kill_now, std::chrono::milliseconds grace = {}) {
        channel.reset();
        if (fd >= 0) ::close(fd);
        fd = -1;
        if (pid <= 0) return "not running";
        const pid_t child = std::exchange(pid, -1);
        int status = 0;
        const auto until = SteadyTime::now() + grace;
        while (!kill_now && SteadyTime::now() < until) {
            const pid_t r = ::waitpid(child, &status, WNOHANG);
            if (r == child) return worker::describe_exit(status);
            if (r < 0 && errno != EINTR) return "ended"; // SIGCHLD ignored: the kernel reaped it
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        ::kill(child, SIGKILL); // a stopped child dies of SIGKILL too
        for (;;) {
            const pid_t r = ::waitpid(child, &status, 0);
            if (r == child) return worker::describe_exit(status);
            if (r < 0 && errno != EINTR) return "ended";
        }
    }

    /// Sends the request in `writer` and waits for its result frame. Anything else than a frame
    /// from the child is returned as the failure.
    Channel::Status exchange(MsgType type, Reply& reply) {
        const std::uint32_t s = ++seq;
        if (auto st = channel->send(type, s, writer.bytes(), options.hang_timeout);
            st != Channel::Status::frame)
            return st;
        for (;;) {
            const auto st = channel->receive(frame, options.hang_timeout);
            if (st != Channel::Status::frame) return st;
            if (frame.seq != s) continue; // left over from a request given up on
            if (frame.type != MsgType::result) return Channel::Status::broken;
            PayloadReader in(frame.payload);
            reply.code = in.get<ResultCode>();
            reply.text = std::string(in.rest());
            return Channel::Status::frame;
        }
    }

    Result<void> start() {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
            return make_error("could not start the speech worker (" + worker::errno_text(errno) +
                              ")");
        int child_end = sv[1];
        if (child_end == kWorkerFd) { // dup2 onto itself would leave FD_CLOEXEC set: move it
            child_end = ::fcntl(sv[1], F_DUPFD_CLOEXEC, kWorkerFd + 1);
            ::close(sv[1]);
        }
        auto spawned = worker::spawn(options, child_end);
        ::close(child_end);
        if (!spawned) {
            ::close(sv[0]);
            return spawned.error();
        }
        pid = *spawned;
        fd = sv[0];
        channel.emplace(fd);
        const auto st = channel->receive(frame, options.start_timeout);
        if (st != Channel::Status::frame || frame.type != MsgType::hello) {
            std::string why = st == Channel::Status::frame && frame.type == MsgType::failed
                                  ? std::string(frame.payload.begin(), frame.payload.end())
                                  : "";
            const std::string how = reap(st == Channel::Status::timeout);
            if (why.empty())
                why =
                    st == Channel::Status::timeout
                        ? "the speech worker did not become ready in " +
                              std::to_string(options.start_timeout.count()) + " ms"
                        : "the speech worker " + options.executable + " " + how + " while starting";
            return make_error(why);
        }
        rate = PayloadReader(frame.payload).get<std::int32_t>();
        ++stats.starts;
        if (configured) { // a new child speaks with the voice and rate the old one had
            writer.clear();
            writer.put<std::int32_t>(params.rate_wpm)
                .put<std::int32_t>(params.pitch)
                .put<std::int32_t>(params.volume)
                .rest(params.voice);
            Reply reply;
            if (exchange(MsgType::configure, reply) != Channel::Status::frame ||
                reply.code != ResultCode::ok) {
                reap(true);
                return make_error("the new speech worker refused the voice settings");
            }
        }
        return {};
    }

    /// start() with the back-off bookkeeping.
    Result<void> restart() {
        auto r = start();
        if (r) {
            backoff = {};
            return r;
        }
        ++stats.failed_starts;
        backoff = std::clamp(backoff * 2, std::chrono::milliseconds(1000),
                             std::chrono::milliseconds(30000));
        retry_at = SteadyTime::now() + backoff;
        start_error = r.error().message;
        log::error("speech worker: " + start_error);
        return r;
    }

    Result<void> ensure_running() {
        if (pid > 0) return {};
        if (SteadyTime::now() < retry_at)
            return make_error("the speech engine is not available (" + start_error + ")");
        return restart();
    }

    /// The child failed while owing `doing` an answer: reap it, start another, and describe it
    /// as the error of the call that saw it.
    Error lost(Channel::Status why, std::string_view doing) {
        const bool hung = why == Channel::Status::timeout;
        const std::string how = reap(hung);
        std::string message;
        if (hung) {
            ++stats.hangs;
            message = "the speech engine stopped responding " + std::string(doing) + " (" +
                      std::to_string(options.hang_timeout.count()) + " ms)";
        } else {
            ++stats.crashes;
            message = "the speech engine failed " + std::string(doing) + " (" + how + ")";
        }
        log::warning("speech worker: " + message + "; restarting it");
        const auto r = restart();
        message += r ? "; it was restarted" : "; it could not be restarted: " + r.error().message;
        return make_error(message);
    }

    /// After on_audio said stop (or threw): ask the child to stop and read up to its result, so
    /// nothing of this synthesis is left to confuse the next. A child that does not answer in
    /// time is replaced (the caller still gets what it asked for).
    void cancel(std::uint32_t s) {
        const auto until = SteadyTime::now() + options.hang_timeout;
        auto st = channel->send(MsgType::cancel, s, {}, options.hang_timeout);
        while (st == Channel::Status::frame) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyTime::now());
            if (left.count() <= 0) {
                st = Channel::Status::timeout;
                break;
            }
            st = channel->receive(frame, left);
            if (st == Channel::Status::frame && frame.seq == s && frame.type == MsgType::result)
                return;
        }
        (void)lost(st, "while stopping");
    }

    Result<SynthStatus> synthesize(std::string_view text, bool ssml, SynthOutput& out) {
        writer.clear();
        writer.put<std::uint8_t>(ssml ? 1 : 0).rest(text);
        const std::uint32_t s = ++seq;
        if (auto st = channel->send(MsgType::synthesize, s, writer.bytes(), options.hang_timeout);
            st != Channel::Status::frame)
            return lost(st, "on this sentence");
        // Before its first chunk the worker reads the whole text (eSpeak NG, and the word
        // locator's index of it): linear work, so a hostile multi-megabyte "sentence" gets one
        // hang timeout more per MiB for that first frame. Later frames come every few ms.
        auto timeout = options.hang_timeout * static_cast<long>(1 + (text.size() >> 20));
        for (;;) {
            const auto st = channel->receive(frame, timeout);
            if (st != Channel::Status::frame) return lost(st, "on this sentence");
            timeout = options.hang_timeout;
            if (frame.seq != s) continue;
            PayloadReader in(frame.payload);
            try {
                switch (frame.type) {
                case MsgType::word: {
                    WordMark mark;
                    mark.frame = in.get<std::uint64_t>();
                    mark.text_offset = in.get<std::uint64_t>();
                    mark.text_length = in.get<std::uint64_t>();
                    out.on_word(mark);
                    break;
                }
                case MsgType::audio:
                    pcm.resize(frame.payload.size() / sizeof(Sample));
                    std::memcpy(pcm.data(), frame.payload.data(), pcm.size() * sizeof(Sample));
                    if (!out.on_audio(pcm)) {
                        cancel(s);
                        return SynthStatus::cancelled;
                    }
                    break;
                case MsgType::result: {
                    const auto code = in.get<ResultCode>();
                    if (code == ResultCode::ok) return SynthStatus::completed;
                    if (code == ResultCode::cancelled) return SynthStatus::cancelled;
                    return make_error(std::string(in.rest()));
                }
                default:
                    return lost(Channel::Status::broken, "on this sentence");
                }
            } catch (const std::exception& e) { // from the output, as EspeakSynth reports it
                cancel(s);
                return make_error(std::string("speech output failed: ") + e.what());
            }
        }
    }
};

WorkerSynth::WorkerSynth(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

WorkerSynth::~WorkerSynth() {
    // Closing the socket asks the child to exit; a hung one is killed after the grace period.
    m_impl->reap(false, std::chrono::milliseconds(500));
}

Result<std::unique_ptr<WorkerSynth>> WorkerSynth::create(WorkerOptions options) {
    auto impl = std::make_unique<Impl>(std::move(options));
    if (auto r = impl->start(); !r) return r.error();
    return std::unique_ptr<WorkerSynth>(new WorkerSynth(std::move(impl)));
}

int WorkerSynth::sample_rate() const {
    return m_impl->rate;
}
const SynthParams& WorkerSynth::params() const {
    return m_impl->params;
}

WorkerStats WorkerSynth::stats() const {
    WorkerStats s = m_impl->stats;
    s.pid = m_impl->pid;
    return s;
}

Result<void> WorkerSynth::configure(const SynthParams& params) {
    Impl& m = *m_impl;
    if (m.busy) return make_error("cannot reconfigure the speech engine while it is speaking");
    if (auto ok = check_params(params); !ok) return ok;
    if (auto r = m.ensure_running(); !r) return r.error();
    m.writer.clear();
    m.writer.put<std::int32_t>(params.rate_wpm)
        .put<std::int32_t>(params.pitch)
        .put<std::int32_t>(params.volume)
        .rest(params.voice);
    Reply reply;
    if (auto st = m.exchange(MsgType::configure, reply); st != Channel::Status::frame)
        return m.lost(st, "while changing the voice");
    if (reply.code != ResultCode::ok) return make_error(reply.text);
    m.params = params;
    m.configured = true;
    return {};
}

Result<SynthStatus> WorkerSynth::synthesize(std::string_view text, bool ssml, SynthOutput& out) {
    Impl& m = *m_impl;
    if (m.busy) return make_error("synthesize() called again from inside a synthesis");
    if (text.size() + 64 > worker::kMaxPayload)
        return make_error("this sentence is too long to speak (" +
                          std::to_string(text.size() / (1024 * 1024)) + " MB)");
    if (auto r = m.ensure_running(); !r) return r.error();
    struct Busy { // cleared however synthesize() ends
        bool& flag;
        ~Busy() { flag = false; }
    };
    m.busy = true;
    const Busy busy{m.busy};
    return m.synthesize(text, ssml, out);
}

Result<std::string> WorkerSynth::phonemes(std::string_view text) {
    Impl& m = *m_impl;
    if (m.busy) return make_error("phonemes() called from inside a synthesis");
    if (text.size() + 64 > worker::kMaxPayload) return make_error("this text is too long");
    if (auto r = m.ensure_running(); !r) return r.error();
    m.writer.clear();
    m.writer.rest(text);
    Reply reply;
    if (auto st = m.exchange(MsgType::phonemes, reply); st != Channel::Status::frame)
        return m.lost(st, "on this text");
    if (reply.code != ResultCode::ok) return make_error(reply.text);
    return reply.text;
}

Result<std::unique_ptr<Synthesizer>> make_worker_synth(WorkerOptions options) {
    auto synth = WorkerSynth::create(std::move(options));
    if (!synth) return synth.error();
    return std::unique_ptr<Synthesizer>(std::move(*synth));
}

} // namespace lectern::synth
