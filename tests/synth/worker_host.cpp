// A speech worker for the tests: the same run_synth_worker() that `lectern synth-worker` runs,
// without linking the whole application. Its options make it misbehave on purpose:
//   --hang-on WORD    after the first chunk of a text containing WORD, stop producing anything
//                     (a spin inside the library, as the parent sees it) — alive, but silent;
//   --abort-on WORD   after the first chunk of a text containing WORD, abort() (as eSpeak NG
//                     does on the crash token, but on a word that survives the normaliser);
//   --fail-start MSG  report MSG as a start failure (eSpeak NG's data missing, say);
//   --exit-at-start   exit before saying anything (a worker that crashes while loading).
// Runs as the child process's main thread.
#include "synth/worker.hpp"

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

using namespace lectern;

namespace {

/// Passes everything to the real synthesiser, except that a text containing the word hangs or
/// aborts after its first chunk.
class FaultySynth final : public synth::Synthesizer {
  public:
    FaultySynth(std::unique_ptr<synth::Synthesizer> inner, std::string word, bool abort)
        : m_inner(std::move(inner)), m_word(std::move(word)), m_abort(abort) {}
    int sample_rate() const override { return m_inner->sample_rate(); }
    Result<void> configure(const synth::SynthParams& p) override { return m_inner->configure(p); }
    const synth::SynthParams& params() const override { return m_inner->params(); }
    Result<std::string> phonemes(std::string_view text) override { return m_inner->phonemes(text); }
    Result<synth::SynthStatus> synthesize(std::string_view text, bool ssml,
                                          synth::SynthOutput& out) override {
        if (text.find(m_word) == std::string_view::npos)
            return m_inner->synthesize(text, ssml, out);
        struct Fault final : synth::SynthOutput {
            synth::SynthOutput& next;
            bool abort;
            Fault(synth::SynthOutput& n, bool a) : next(n), abort(a) {}
            bool on_audio(std::span<const Sample> pcm) override {
                next.on_audio(pcm);
                if (abort) std::abort();
                for (;;)
                    std::this_thread::sleep_for(std::chrono::hours(1));
            }
            void on_word(const synth::WordMark& m) override { next.on_word(m); }
        } fault(out, m_abort);
        return m_inner->synthesize(text, ssml, fault);
    }

  private:
    std::unique_ptr<synth::Synthesizer> m_inner;
    std::string m_word;
    bool m_abort;
};

} // namespace

int main(int argc, char** argv) {
    const std::string_view option = argc >= 2 ? argv[1] : "";
    if (option == "--exit-at-start") return 7;
    if (argc < 3) return synth::run_synth_worker();
    if (option == "--fail-start")
        return synth::run_synth_worker(synth::kWorkerFd, make_error(argv[2]));
    if (option == "--hang-on" || option == "--abort-on") {
        auto real = synth::make_espeak_synth();
        if (!real) return synth::run_synth_worker(synth::kWorkerFd, real.error());
        return synth::run_synth_worker(
            synth::kWorkerFd, std::unique_ptr<synth::Synthesizer>(std::make_unique<FaultySynth>(
                                  std::move(*real), argv[2], option == "--abort-on")));
    }
    return synth::run_synth_worker();
}
