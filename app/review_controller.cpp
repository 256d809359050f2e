#include "review_controller.h"

#include "labels.h"

#include "core/audio/loudness.h"
#include "core/audio/spectrogram.h"
#include "ui/format.h"
#include "ui/snippet_player.h"
#include "ui/table_views.h"
#include "ui/vote_bar.h"
#include "ui/waveform_view.h"

#include <QPointer>
#include <QTableView>

#include <algorithm>
#include <cmath>

namespace lemm::app {

namespace {

// "vault 0.93 · ×1.059", and "· 1/2" for the best of a match's two segments.
QString overlayLabel(const MatchRegion &m)
{
    QString label = QStringLiteral("%1 %2").arg(m.source, ui::formatScore(m.score));
    const QString factors = MatchListModel::factorsText(m);
    if (!factors.isEmpty())
        label += QStringLiteral(" · ") + factors;
    return label;
}

// The overlay of a region, in the submission's seconds or (inReference) the reference's; the
// colour comes from its kind, its strength from the score.
ui::WaveformOverlay overlayOf(const MatchRegion &m, bool inReference)
{
    ui::WaveformOverlay o;
    o.start = inReference ? m.refStart : m.start;
    o.end = inReference ? m.refEnd : m.end;
    o.label = overlayLabel(m);
    o.score = m.score;
    o.timeFactor = m.timeFactor;
    o.pitchFactor = m.pitchFactor;
    o.refStart = m.refStart;
    o.refEnd = m.refEnd;
    o.kind = m.source == QLatin1String("vault") ? ui::OverlayKind::Vault
                                                : ui::OverlayKind::ExternalCatalog;
    o.dimmed = !m.isRealMatch();
    return o;
}

QString yesNo(bool value)
{
    return value ? ReviewController::tr("yes") : ReviewController::tr("no");
}

ui::SubmissionSummary summaryOf(const ReviewDetail &d)
{
    ui::SubmissionSummary s;
    s.heading = d.title;
    s.lines << ReviewController::tr("%1 · %2 · %3")
                   .arg(d.artist, ui::formatSeconds(d.durationSec), statusLabel(d.status));
    QStringList flags;
    for (const QString &f : d.flags)
        flags << ui::flagName(f);
    s.lines << ReviewController::tr("Flags: %1")
                   .arg(flags.isEmpty() ? ReviewController::tr("none")
                                        : flags.join(QStringLiteral(", ")));
    const TrackRights &r = d.rights;
    s.lines << ReviewController::tr("Rights: %1, original: %2, cover: %3, samples: %4, licence %5")
                   .arg(r.holderType, yesNo(r.original), yesNo(r.cover), yesNo(r.thirdPartySamples),
                        r.licence);
    s.lines << ReviewController::tr("Consent: training %1, demos %2, adapters %3")
                   .arg(yesNo(r.trainingAllowed), yesNo(r.demosAllowed), yesNo(r.adaptersAllowed));
    for (const ExternalSource &e : d.external)
        s.lines << ReviewController::tr("%1: %2%3 (%n hit(s))", nullptr, e.hits)
                       .arg(e.name, e.verdict,
                            e.available ? QString() : ReviewController::tr(", unavailable"));
    s.lines << ReviewController::tr("Vault: checked against %n reference(s)", nullptr,
                                    d.vaultChecked);
    return s;
}

} // namespace

ReviewController::ReviewController(ApiClient &client, OfflineCache *cache, QWidget *parentWidget)
    : ReviewController(std::make_unique<HttpReviewApi>(client, cache), parentWidget)
{
}

ReviewController::ReviewController(std::unique_ptr<ReviewApi> api, QWidget *parentWidget)
    : m_api(std::move(api)), m_queue(new ReviewQueueModel(this)),
      m_matches(new MatchListModel(this)), m_offline(new OfflineVotesModel(this)),
      m_workspace(new ui::ReviewWorkspace(m_queue, m_matches, m_offline, parentWidget)),
      m_player(new ui::SnippetPlayer(this))
{
    // The workspace owns the controller: deleting the tab deletes it (after its views).
    setParent(m_workspace);
    connectWorkspace();
    refreshOfflineVotes();
    updatePlayhead();
}

ReviewController::~ReviewController() = default;

void ReviewController::connectWorkspace()
{
    ui::ReviewWorkspace *w = m_workspace;
    connect(w, &ui::ReviewWorkspace::queueOrderChanged, this, &ReviewController::reload);
    connect(w, &ui::ReviewWorkspace::refreshRequested, this, &ReviewController::reload);
    connect(w, &ui::ReviewWorkspace::trackChosen, this, &ReviewController::openTrack);
    connect(w, &ui::ReviewWorkspace::matchChosen, this, &ReviewController::selectMatch);
    connect(w, &ui::ReviewWorkspace::playRequested, this, &ReviewController::togglePlay);
    connect(w, &ui::ReviewWorkspace::sourceRequested, this, &ReviewController::playSource);
    connect(w, &ui::ReviewWorkspace::seekByRequested, this, &ReviewController::seekBy);
    connect(w, &ui::ReviewWorkspace::spectrogramToggled, this,
            &ReviewController::setSpectrogramShown);
    connect(w, &ui::ReviewWorkspace::seekRequested, this, [this](double s) {
        m_workspace->waveform()->setPlayhead(s);
        if (m_player->isPlaying())
            preview(Snippet{m_trackId, s, 15, false, true, Source::A});
    });
    connect(w->waveform(), &ui::WaveformView::viewChanged, this,
            &ReviewController::syncReferenceView);
    connect(w->voteBar(), &ui::VoteBar::voteConfirmed, this, &ReviewController::vote);
    connect(m_player, &ui::SnippetPlayer::positionChanged, this, &ReviewController::updatePlayhead);
    connect(m_player, &ui::SnippetPlayer::playingChanged, w, &ui::ReviewWorkspace::setPlaying);
    connect(m_player, &ui::SnippetPlayer::problem, this, &ReviewController::showError);
}

void ReviewController::showError(const QString &message)
{
    m_workspace->setMessage(message);
    if (!message.isEmpty())
        Q_EMIT errorShown(message);
}

// Queue --------------------------------------------------------------------------------------

void ReviewController::setQueueState(const QString &state)
{
    if (state == m_workspace->queueState())
        reload();
    else
        m_workspace->setQueueState(state); // reloads through queueOrderChanged
}

quint64 ReviewController::reload()
{
    const RequestGeneration::Ticket ticket = m_queueRequests.next();
    QCoro::connect(loadQueue(ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ReviewController::loadQueue(RequestGeneration::Ticket ticket)
{
    const QString state = m_workspace->queueState(), sort = m_workspace->queueSort();
    const ApiResult<ReviewQueue> queue = co_await m_api->reviewQueue(state, sort);
    // After every co_await: a newer reload started meanwhile, or the controller is gone.
    if (!ticket.current())
        co_return;
    if (!queue.ok()) {
        showError(queue.error().userMessage());
        Q_EMIT queueLoaded(ticket.number());
        co_return;
    }
    m_cachedQueue = queue.fromCache();
    m_snippetMax = queue->snippetMaxSec;
    showError(m_cachedQueue ? tr("Offline: showing the queue as last fetched. Votes are queued.")
                            : QString());
    {
        const QSignalBlocker block(m_workspace->queueView()->selectionModel());
        m_queue->setItems(queue->items);
        ui::selectRowById(m_workspace->queueView(), m_trackId);
    }
    refreshOfflineVotes();
    Q_EMIT queueLoaded(ticket.number());
}

void ReviewController::next()
{
    m_workspace->moveQueueSelection(1);
}

void ReviewController::previous()
{
    m_workspace->moveQueueSelection(-1);
}

// The open submission -------------------------------------------------------------------------

quint64 ReviewController::openTrack(const QString &trackId)
{
    const RequestGeneration::Ticket ticket = m_trackRequests.next();
    m_trackId = trackId;
    resetForItem();
    QCoro::connect(loadTrack(trackId, ticket), this, [] {});
    return ticket.number();
}

void ReviewController::resetForItem()
{
    // The reference, snippets and difference still on their way belong to the previous item.
    m_referenceRequests.invalidate();
    m_previewRequests.invalidate();
    m_differenceRequests.invalidate();
    m_spectrogramRequests.invalidate();
    m_player->clear();
    m_source = Source::A;
    m_clipA = m_clipB = core::PcmClip{};
    m_lufsA = std::nullopt;
    m_loudnessB = std::nullopt;
    m_abGainDb.reset();
    m_abGainLimited = false;
    m_difference.reset();
    m_previewStart = m_previewEnd = 0;
    m_loadedBytes = 0;
    m_match = -1;
    m_workspace->waveform()->clearForNewItem();
    m_workspace->referenceWaveform()->clearForNewItem();
    m_workspace->differenceWaveform()->clearForNewItem();
    m_workspace->setSource(Source::A);
    m_workspace->setSpectrogram(core::Spectrogram{});
    m_workspace->setReferenceLane(false, QString());
    m_workspace->setDifferenceLane(false, QString());
    m_workspace->setComparison(false, tr("Select a vault match first: A/B and the difference "
                                         "need a reference whose audio is in the vault."));
}

QCoro::Task<> ReviewController::loadTrack(QString trackId, RequestGeneration::Ticket ticket)
{
    const ApiResult<ReviewDetail> detail = co_await m_api->review(trackId);
    // After every co_await: another submission (or this one again) was opened meanwhile, or
    // the controller is gone.
    if (!ticket.current())
        co_return;
    const ApiResult<core::PeakEnvelope> peaks = co_await m_api->peaks(trackId);
    if (!ticket.current())
        co_return;
    if (!detail.ok()) {
        showError(detail.error().userMessage());
        co_return;
    }
    showDetail(detail.value());
    m_workspace->waveform()->setPeaks(peaks.ok() ? peaks.value() : core::PeakEnvelope{});
    showOverlays();
    showError(peaks.ok() ? QString() : peaks.error().userMessage());
    updatePlayhead();
    Q_EMIT trackOpened(trackId, ticket.number());
}

void ReviewController::showDetail(const ReviewDetail &detail)
{
    m_detail = detail;
    m_workspace->setSummary(summaryOf(detail));
    {
        const QSignalBlocker block(m_workspace->matchView()->selectionModel());
        m_matches->setRegions(detail.regions);
    }
    m_workspace->voteBar()->setStateText(reviewStateText());
    m_workspace->voteBar()->setCanVote(detail.canVote);
}

void ReviewController::showOverlays()
{
    // One overlay per segment of a real match; candidates ("none") are only listed.
    QList<ui::WaveformOverlay> overlays;
    for (const MatchRegion &m : m_matches->realMatches())
        overlays << overlayOf(m, false);
    m_workspace->waveform()->setOverlays(overlays);
}

QString ReviewController::reviewStateText() const
{
    QString text = describeReviewState(m_detail.state);
    if (m_detail.cannotVoteReason == QLatin1String("own_track"))
        text += tr(" — you cannot vote on your own track");
    else if (m_detail.cannotVoteReason == QLatin1String("already_voted"))
        text += tr(" — you have voted");
    return text;
}

const MatchRegion *ReviewController::selectedVaultMatch() const
{
    if (m_match < 0 || m_match >= m_matches->realMatchCount())
        return nullptr;
    const MatchRegion &m = m_matches->regionAt(m_match);
    return m.referenceTrackId.isEmpty() ? nullptr : &m;
}

quint64 ReviewController::selectMatch(int row)
{
    if (row < 0 || row >= m_matches->rowCount())
        return 0;
    m_match = row;
    m_clipB = core::PcmClip{};
    m_loudnessB = std::nullopt;
    m_abGainDb.reset();
    m_abGainLimited = false;
    m_difference.reset();
    m_differenceRequests.invalidate();
    m_workspace->setDifferenceLane(false, QString());
    const MatchRegion m = m_matches->regionAt(row);
    ui::WaveformView *wave = m_workspace->waveform();
    wave->setSelection(m.start, m.end);
    wave->setSelectedOverlay(row < m_matches->realMatchCount() ? row : -1);
    wave->setView(std::max(0.0, m.start - 2), (m.end - m.start) + 4);
    if (!m.isRealMatch() || m.referenceTrackId.isEmpty()) {
        m_workspace->setReferenceLane(
            false, m.isRealMatch()
                       ? tr("%1: the reference's audio is not in the vault; only its region is "
                            "known (%2 in the reference).")
                             .arg(m.source, MatchListModel::spanText(m.refStart, m.refEnd))
                       : tr("%1 is a candidate the detection did not confirm.").arg(m.label));
        m_workspace->setComparison(false, tr("External and unconfirmed hits have no audio in "
                                             "the vault: nothing to compare or remove."));
        m_referenceRequests.invalidate(); // a reference still on its way is not this match's
        return 0;
    }
    m_workspace->setComparison(true, QString());
    const RequestGeneration::Ticket ticket = m_referenceRequests.next();
    QCoro::connect(loadReference(m, ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ReviewController::loadReference(MatchRegion match, RequestGeneration::Ticket ticket)
{
    const ApiResult<core::PeakEnvelope> peaks = co_await m_api->peaks(match.referenceTrackId);
    if (!ticket.current())
        co_return; // another match (or submission) was selected meanwhile, or we are gone
    if (!peaks.ok()) {
        showError(peaks.error().userMessage());
        co_return;
    }
    ui::WaveformView *ref = m_workspace->referenceWaveform();
    ref->setPeaks(peaks.value());
    // Every segment of this match, in the reference's seconds; the selected one is selected.
    QList<ui::WaveformOverlay> overlays;
    for (const MatchRegion &m : m_matches->realMatches())
        if (m.hit == match.hit)
            overlays << overlayOf(m, true);
    ref->setOverlays(overlays);
    ref->setSelection(match.refStart, match.refEnd);
    m_workspace->setReferenceLane(true, tr("B: %1 (aligned at the match: %2 here = %3 there)")
                                            .arg(match.label, ui::formatSeconds(match.start),
                                                 ui::formatSeconds(match.refStart)));
    syncReferenceView();
    Q_EMIT referenceShown(match.referenceTrackId, ticket.number());
}

void ReviewController::syncReferenceView()
{
    const MatchRegion *m = selectedVaultMatch();
    ui::WaveformView *ref = m_workspace->referenceWaveform();
    if (!m || ref->isHidden())
        return;
    ui::WaveformView *wave = m_workspace->waveform();
    const double from = m->toReference(wave->viewStart());
    const double to = m->toReference(wave->viewStart() + wave->viewSpan());
    ref->setView(from, to - from);
}

// Votes --------------------------------------------------------------------------------------

void ReviewController::vote(const QString &vote, const QString &note)
{
    if (m_trackId.isEmpty())
        return;
    QCoro::connect(castVote(m_trackId, vote, note), this, [] {});
}

QCoro::Task<> ReviewController::castVote(QString trackId, QString vote, QString note)
{
    // This controller may be deleted while a request is in flight: stop if it was.
    const QPointer<ReviewController> alive(this);
    const ApiResult<VoteOutcome> r = co_await m_api->vote(trackId, vote, note);
    if (!alive)
        co_return;
    if (!r.ok()) {
        showError(r.error().code == QLatin1String("offline_queue_failed")
                      ? tr("The server is unreachable and the vote could not be kept in the "
                           "offline cache: please vote again later.")
                      : r.error().userMessage());
        co_return;
    }
    m_workspace->voteBar()->clearNote();
    if (r->queued) {
        showError(tr("The server is unreachable: your vote is queued and will be sent when it "
                     "is back."));
        refreshOfflineVotes();
        Q_EMIT voteQueued(trackId);
        co_return;
    }
    showError(tr("Vote recorded: the submission is now %1 (%2).")
                  .arg(statusLabel(r->status), describeReviewState(r->state)));
    Q_EMIT voted(trackId, r->status);
    reload();
    if (trackId == m_trackId)
        openTrack(trackId);
}

void ReviewController::sendQueuedVotes()
{
    if (m_flushing)
        return;
    QCoro::connect(flushVotes(), this, [] {});
}

QCoro::Task<> ReviewController::flushVotes()
{
    const QPointer<ReviewController> alive(this);
    m_flushing = true;
    const ApiResult<QueuedVotesSent> r = co_await m_api->sendQueuedVotes();
    if (!alive)
        co_return;
    m_flushing = false;
    refreshOfflineVotes();
    const QueuedVotesSent sent = r.ok() ? r.value() : QueuedVotesSent{};
    if (sent.sent || sent.conflicts)
        reload();
    Q_EMIT queuedVotesSent(sent.sent, sent.conflicts);
}

QStringList ReviewController::offlineVoteLines() const
{
    QStringList out;
    for (int i = 0; i < m_offline->rowCount(); ++i)
        out << m_offline->lineAt(i);
    return out;
}

void ReviewController::refreshOfflineVotes()
{
    m_offline->setVotes(m_api->offlineVotes());
}

} // namespace lemm::app
