// ReviewController's playback half: preview snippets (A, B), the loudness-matching gain, the
// difference track and the spectrogram layer. Everything stays in memory.

#include "review_controller.h"

#include "core/audio/loudness.h"
#include "core/audio/review_audio.h"
#include "core/audio/spectrogram.h"
#include "ui/format.h"
#include "ui/snippet_player.h"
#include "ui/waveform_view.h"

#include <QCoroFuture>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace lemm::app {

namespace {

constexpr double kDifferenceSeconds = 15; // each of the two snippets, at most
// A segment's spans are known to about a second (the detection's hop), so the fine alignment
// searches ± kMaxLagSec around the mapping; the reference snippet has that much on each side.
constexpr double kMaxLagSec = 1.5;
constexpr double kReferenceMargin = kMaxLagSec + 0.1;
constexpr double kPlaySeconds = 20;

// The difference track computed on a worker thread (tens of milliseconds for two snippets:
// not on the GUI thread, which keeps each frame under 100 ms).
struct DifferenceOutcome {
    std::optional<core::DifferenceTrack> track;
    std::optional<core::LoudnessReading> reference; // the reference snippet's, for its true peak
    QString error;
};

DifferenceOutcome differenceOf(const core::PcmClip &sub, const core::PcmClip &ref,
                               const core::SegmentAlignment &alignment)
{
    core::DifferenceOptions options;
    options.maxLagSec = kMaxLagSec;
    core::Result<core::DifferenceTrack> diff = core::differenceTrack(sub, ref, alignment, options);
    if (!diff)
        return {std::nullopt, std::nullopt, diff.error().message};
    const core::Result<core::LoudnessReading> loudness = core::measureLoudness(ref);
    return {std::move(diff).value(),
            loudness ? std::optional<core::LoudnessReading>(*loudness) : std::nullopt, QString()};
}

// A preview decoded (and its loudness measured) on a worker thread: an MP3 snippet of 30 s takes
// tens of milliseconds to decode, which the GUI thread does not wait for.
struct DecodedSnippet {
    std::optional<core::PcmClip> clip;
    std::optional<core::LoudnessReading> loudness;
    QString error;
};

DecodedSnippet decodeSnippet(const QByteArray &bytes, double startSec)
{
    core::Result<core::PcmClip> clip = core::decodeClip(bytes, startSec);
    if (!clip)
        return {std::nullopt, std::nullopt, clip.error().message};
    const core::Result<core::LoudnessReading> loudness = core::measureLoudness(clip.value());
    return {std::move(clip).value(),
            loudness ? std::optional<core::LoudnessReading>(*loudness) : std::nullopt,
            {}};
}

// The spectrogram layer, computed on a worker thread as well.
struct SpectrogramOutcome {
    std::optional<core::Spectrogram> spectrogram;
    QString error;
};

SpectrogramOutcome spectrogramOf(const core::PcmClip &clip)
{
    core::Result<core::Spectrogram> s = core::computeSpectrogram(clip);
    if (!s)
        return {std::nullopt, s.error().message};
    return {std::move(s).value(), {}};
}

core::PeakEnvelope envelopeOf(const core::PcmClip &clip)
{
    core::PeakBuilder builder(clip.sampleRate);
    builder.feed(clip.mono.data(), int(clip.mono.size()));
    return builder.finish();
}

bool covers(const core::PcmClip &clip, double seconds)
{
    return !clip.empty() && seconds >= clip.startSec && seconds < clip.endSec() - 0.2;
}

} // namespace

double ReviewController::submissionPosition() const
{
    if (!m_player->isLoaded())
        return m_workspace->waveform()->playhead();
    const double here = m_previewStart + m_player->position();
    const MatchRegion *m = selectedVaultMatch();
    return m_source == Source::B && m ? m->fromReference(here) : here;
}

quint64 ReviewController::togglePlay()
{
    if (m_player->isPlaying()) {
        m_player->pause();
        return 0;
    }
    if (m_trackId.isEmpty())
        return 0;
    if (m_source != Source::A) {
        if (m_player->isLoaded()) {
            m_player->play();
            return 0;
        }
        const Source wanted = m_source;
        m_source = Source::A;
        return playSource(wanted);
    }
    const auto [selStart, selEnd] = m_workspace->waveform()->selection();
    if (selEnd > selStart)
        return preview(Snippet{m_trackId, selStart, std::min(30.0, selEnd - selStart), true});
    const double at = m_workspace->waveform()->playhead();
    if (covers(m_clipA, at) && m_player->isLoaded()) {
        m_player->setPosition(at - m_previewStart);
        m_player->play();
        return 0;
    }
    return preview(Snippet{m_trackId, at, kPlaySeconds});
}

quint64 ReviewController::toggleAB()
{
    return playSource(m_source == Source::B ? Source::A : Source::B);
}

quint64 ReviewController::playSource(Source source)
{
    const MatchRegion *match = selectedVaultMatch();
    if (source != Source::A && !match) {
        showError(tr("Select a vault match first: A/B and the difference track need a "
                     "reference whose audio is in the vault."));
        return 0;
    }
    if (source == m_source && m_player->isLoaded())
        return 0;
    const double aPos = std::max(0.0, submissionPosition());
    m_source = source;
    m_workspace->setSource(source);
    switch (source) {
    case Source::A:
        if (covers(m_clipA, aPos)) {
            showClip(m_clipA, aPos, true);
            return 0;
        }
        return preview(Snippet{m_trackId, aPos, kPlaySeconds});
    case Source::B: {
        const double bPos = std::max(0.0, match->toReference(aPos));
        if (covers(m_clipB, bPos)) {
            showClip(m_clipB, bPos, true);
            return 0;
        }
        return preview(
            Snippet{match->referenceTrackId, bPos, kPlaySeconds, false, true, Source::B});
    }
    case Source::Diff:
        if (m_difference) {
            showClip(m_difference->residual, m_difference->residual.startSec, true);
            return 0;
        }
        return showDifference();
    }
    return 0;
}

void ReviewController::seekBy(double seconds)
{
    ui::WaveformView *wave = m_workspace->waveform();
    wave->setPlayhead(std::clamp(wave->playhead() + seconds, 0.0, wave->duration()));
    if (m_player->isPlaying()) {
        m_source = Source::A;
        m_workspace->setSource(Source::A);
        preview(Snippet{m_trackId, wave->playhead(), kPlaySeconds});
    }
    updatePlayhead();
}

quint64 ReviewController::preview(const Snippet &snippet)
{
    const RequestGeneration::Ticket ticket = m_previewRequests.next();
    QCoro::connect(loadPreview(snippet, ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ReviewController::loadPreview(Snippet snippet, RequestGeneration::Ticket ticket)
{
    const ApiResult<Preview> p = co_await m_api->preview(snippet.trackId, snippet.start,
                                                         std::min(snippet.duration, m_snippetMax));
    // After every co_await: a newer snippet was asked for meanwhile (seek, A/B, another
    // submission), or the controller is gone.
    if (!ticket.current())
        co_return;
    if (!p.ok()) {
        showError(p.error().userMessage());
        co_return;
    }
    // In memory only: decoded into a PCM buffer for the audio sink, nothing touches the disk.
    QFuture<DecodedSnippet> decoding = QtConcurrent::run(decodeSnippet, p->bytes, p->startSec);
    const DecodedSnippet decoded = co_await decoding;
    if (!ticket.current())
        co_return;
    if (!decoded.clip) {
        showError(tr("The preview could not be decoded: %1").arg(decoded.error));
        co_return;
    }
    const core::PcmClip &clip = *decoded.clip;
    (snippet.side == Source::B ? m_clipB : m_clipA) = clip;
    if (snippet.side == Source::B)
        m_loudnessB = decoded.loudness;
    else
        m_lufsA = decoded.loudness ? std::optional<double>(decoded.loudness->integratedLufs)
                                   : std::nullopt;
    m_loadedBytes = p->bytes.size();
    measureGain();
    if (snippet.side == Source::A && m_workspace->spectrogramShown())
        computeSpectrogram();
    m_player->setLoop(snippet.loop);
    showClip(clip, p->startSec, snippet.play);
    m_previewStart = p->startSec;
    m_previewEnd = p->startSec + p->durationSec;
    Q_EMIT previewLoaded(m_previewStart, m_previewEnd, ticket.number());
}

void ReviewController::showClip(const core::PcmClip &clip, double at, bool play)
{
    m_player->loadPcm(clip);
    m_player->setGainDb(m_source == Source::B ? m_abGainDb.value_or(0) : 0);
    m_previewStart = clip.startSec;
    m_previewEnd = clip.endSec();
    m_player->setPosition(std::max(0.0, at - clip.startSec));
    if (play)
        m_player->play();
    updatePlayhead();
}

void ReviewController::measureGain()
{
    if (m_clipA.empty() || m_clipB.empty())
        return;
    if (!m_lufsA || !m_loudnessB)
        return;
    // B is brought to A's loudness, so the comparison is not won by the louder side.
    showGain(core::matchLoudness(*m_loudnessB, *m_lufsA));
}

void ReviewController::showGain(const core::LoudnessMatch &match)
{
    m_abGainDb = match.gainDb;
    m_abGainLimited = match.limitedByTruePeak;
    // The gain is held back when B's true peak would pass −1 dBTP: then say so.
    m_workspace->setGainText(
        match.limitedByTruePeak
            ? tr("B gain %1 (limited by true peak)").arg(ui::formatLu(match.gainDb))
            : tr("B gain %1").arg(ui::formatLu(match.gainDb)));
}

quint64 ReviewController::showDifference()
{
    const MatchRegion *match = selectedVaultMatch();
    if (!match) {
        showError(tr("Select a vault match first: the difference track needs a reference "
                     "whose audio is in the vault."));
        return 0;
    }
    const RequestGeneration::Ticket ticket = m_differenceRequests.next();
    QCoro::connect(computeDifference(*match, ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<std::optional<core::PcmClip>> ReviewController::fetchClip(QString trackId, double start,
                                                                      double duration)
{
    const QPointer<ReviewController> alive(this);
    const ApiResult<Preview> p = co_await m_api->preview(trackId, start, duration);
    if (!alive)
        co_return std::nullopt;
    if (!p.ok()) {
        showError(p.error().userMessage());
        co_return std::nullopt;
    }
    core::Result<core::PcmClip> clip = core::decodeClip(p->bytes, p->startSec);
    if (!clip) {
        showError(tr("The preview could not be decoded: %1").arg(clip.error().message));
        co_return std::nullopt;
    }
    co_return clip.value();
}

QCoro::Task<> ReviewController::computeDifference(MatchRegion match,
                                                  RequestGeneration::Ticket ticket)
{
    const double start = std::max(0.0, match.start);
    const double duration =
        std::min({kDifferenceSeconds, m_snippetMax, std::max(1.0, match.end - start)});
    const std::optional<core::PcmClip> sub = co_await fetchClip(m_trackId, start, duration);
    if (!ticket.current() || !sub)
        co_return;
    const double refFrom = std::max(0.0, match.toReference(start) - kReferenceMargin);
    const double refDuration =
        std::min(m_snippetMax, duration * match.timeFactor + 2 * kReferenceMargin);
    const std::optional<core::PcmClip> ref =
        co_await fetchClip(match.referenceTrackId, refFrom, refDuration);
    if (!ticket.current() || !ref)
        co_return;
    const core::SegmentAlignment alignment{match.start, match.refStart, match.timeFactor,
                                           match.pitchFactor};
    // The future in a statement of its own: GCC 12 destroys a lambda temporary inside a
    // co_await expression twice. The arguments are copied into the task.
    QFuture<DifferenceOutcome> running = QtConcurrent::run(differenceOf, *sub, *ref, alignment);
    const DifferenceOutcome outcome = co_await running;
    if (!ticket.current())
        co_return; // another match or item meanwhile, or the controller is gone
    if (!outcome.track) {
        showError(tr("The difference track could not be computed: %1").arg(outcome.error));
        co_return;
    }
    const core::DifferenceTrack *diff = &*outcome.track;
    if (m_clipA.empty()) {
        m_clipA = *sub;
        m_lufsA =
            std::isfinite(diff->copyLufs) ? std::optional<double>(diff->copyLufs) : std::nullopt;
    }
    if (!m_abGainDb && std::isfinite(diff->copyLufs) && std::isfinite(diff->referenceLufs)) {
        core::LoudnessReading b = outcome.reference.value_or(core::LoudnessReading{});
        if (!outcome.reference)
            b.truePeakDbtp = -HUGE_VAL;         // not measurable: no limit
        b.integratedLufs = diff->referenceLufs; // over the overlap, as A's
        showGain(core::matchLoudness(b, diff->copyLufs));
    }
    showDifferenceTrack(*diff);
    if (m_source == Source::Diff)
        showClip(m_difference->residual, m_difference->residual.startSec, true);
    Q_EMIT differenceShown(ticket.number());
}

void ReviewController::showDifferenceTrack(const core::DifferenceTrack &diff)
{
    m_difference = diff;
    m_workspace->differenceWaveform()->setPeaks(envelopeOf(diff.residual));
    m_workspace->setReductionText(
        tr("copy removed: %1 dB").arg(ui::formatNumber(-diff.reductionDb, 0)));
    m_workspace->setDifferenceLane(
        true,
        tr("Difference: the submission %1–%2 without the aligned reference (gain %3)")
            .arg(ui::formatSeconds(diff.residual.startSec),
                 ui::formatSeconds(diff.residual.endSec()), ui::formatLu(diff.referenceGainDb)));
}

void ReviewController::setSpectrogramShown(bool shown)
{
    if (m_workspace->spectrogramShown() != shown) {
        m_workspace->setSpectrogramShown(shown); // comes back here through the signal
        return;
    }
    if (!shown || m_trackId.isEmpty())
        return;
    if (!m_clipA.empty()) {
        computeSpectrogram();
        return;
    }
    // The layer is computed from a snippet, never from raw audio: fetch the one at the view.
    const double at = m_workspace->waveform()->viewStart();
    preview(Snippet{m_trackId, at, kPlaySeconds, false, false});
}

quint64 ReviewController::computeSpectrogram()
{
    const RequestGeneration::Ticket ticket = m_spectrogramRequests.next();
    QCoro::connect(spectrogramFor(m_clipA, ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ReviewController::spectrogramFor(core::PcmClip clip, RequestGeneration::Ticket ticket)
{
    QFuture<SpectrogramOutcome> running = QtConcurrent::run(spectrogramOf, std::move(clip));
    const SpectrogramOutcome outcome = co_await running;
    if (!ticket.current())
        co_return; // a newer snippet or item meanwhile, or the controller is gone
    if (!outcome.spectrogram) {
        showError(tr("The spectrogram could not be computed: %1").arg(outcome.error));
        co_return;
    }
    m_workspace->setSpectrogram(*outcome.spectrogram);
    Q_EMIT spectrogramComputed(ticket.number());
}

void ReviewController::updatePlayhead()
{
    double aPos = m_workspace->waveform()->playhead();
    if (m_player->isPlaying()) {
        const double here = m_previewStart + m_player->position();
        const MatchRegion *m = selectedVaultMatch();
        if (m_source == Source::B && m) {
            m_workspace->referenceWaveform()->setPlayhead(here);
            aPos = m->fromReference(here);
        } else {
            aPos = here;
        }
        m_workspace->waveform()->setPlayhead(aPos);
    }
    const QString side = m_source == Source::A   ? tr("A (submission)")
                         : m_source == Source::B ? tr("B (reference)")
                                                 : tr("Diff (what is left)");
    m_workspace->setPositionText(tr("%1 %2 / %3")
                                     .arg(side, ui::formatSeconds(aPos),
                                          ui::formatSeconds(m_workspace->waveform()->duration())));
}

} // namespace lemm::app
