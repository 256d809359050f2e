#pragma once
// Drives the reviewer's workspace (spec §3.4): ReviewApi answers → the queue, match and offline
// vote models → ui::ReviewWorkspace. One RequestGeneration per kind of request (the queue, the
// open submission, the reference under it, the snippet, the difference track), so a late
// answer of an older item is dropped; selection, playhead, snippets, spectrogram and
// difference are reset for every item. Playback keeps to the server's preview snippets,
// decoded in memory (core::decodeClip), never written to disk: A is the submission, B the
// selected vault reference at the same musical position with the loudness-matching gain
// (core::integratedLoudness of both snippets), Diff the difference track
// (core::differenceTrack) — what is left of the submission once the aligned reference is
// removed. Votes wait for the vote bar's undo delay, then go to the API (queued offline when
// the server is unreachable).
//
// Ownership: the controller owns the API, the models and the player; the workspace it creates
// owns the controller (a QObject child), so deleting the workspace (e.g. the main window's tab)
// deletes everything; answers landing later touch nothing. GUI thread.

#include "match_list_model.h"
#include "offline_votes_model.h"
#include "request_generation.h"
#include "review_api.h"
#include "review_queue_model.h"

#include "core/audio/difference_track.h"
#include "core/audio/loudness.h"
#include "core/audio/pcm_clip.h"
#include "ui/review_workspace.h"

#include <QObject>

#include <memory>
#include <optional>

namespace lemm::ui {
class SnippetPlayer;
class WaveformView;
} // namespace lemm::ui

namespace lemm::app {

class ReviewController : public QObject
{
    Q_OBJECT
public:
    using Source = ui::ReviewWorkspace::Source;

    // Over the server (HttpReviewApi, with the offline cache when given).
    ReviewController(ApiClient &client, OfflineCache *cache, QWidget *parentWidget = nullptr);
    // Over any ReviewApi (tests pass a fake).
    explicit ReviewController(std::unique_ptr<ReviewApi> api, QWidget *parentWidget = nullptr);
    ~ReviewController() override;

    ui::ReviewWorkspace *workspace() const { return m_workspace; }
    ReviewQueueModel *queueModel() const { return m_queue; }
    MatchListModel *matchModel() const { return m_matches; }
    OfflineVotesModel *offlineModel() const { return m_offline; }
    ui::WaveformView *waveform() const { return m_workspace->waveform(); }
    ui::WaveformView *referenceWaveform() const { return m_workspace->referenceWaveform(); }

    // "all", "pending_review" or "dispute_pending".
    void setQueueState(const QString &state);
    // Each starts a request and returns its generation (carried by the completion signal).
    quint64 reload();
    quint64 openTrack(const QString &trackId);
    // `row` of the match model; 0 when the match has no vault reference to fetch.
    quint64 selectMatch(int row);
    // Sends a vote now (the vote bar calls it once its undo delay ran out).
    void vote(const QString &vote, const QString &note);
    void next();
    void previous();
    // Playback; they return the generation of the snippet they ask for (0: none needed).
    quint64 togglePlay();
    quint64 toggleAB();
    quint64 playSource(Source source);
    void seekBy(double seconds);
    // Computes the difference track of the selected vault match (differenceShown carries the
    // generation; 0 when no vault match is selected).
    quint64 showDifference();
    void setSpectrogramShown(bool shown);
    void sendQueuedVotes();

    QString currentTrack() const { return m_trackId; }
    quint64 openingGeneration() const { return m_trackRequests.latest(); }
    // The real matches (drawn as overlays), in the match model's order.
    QList<MatchRegion> matches() const { return m_matches->realMatches(); }
    QString reviewStateText() const;
    Source source() const { return m_source; }
    bool playingReference() const { return m_source == Source::B; }
    qsizetype loadedPreviewBytes() const { return m_loadedBytes; }
    std::pair<double, double> loadedPreviewSpan() const { return {m_previewStart, m_previewEnd}; }
    QStringList offlineVoteLines() const;
    bool showingCachedQueue() const { return m_cachedQueue; }
    // The gain B plays with (dB = LU), once both snippets were measured.
    std::optional<double> abGainDb() const { return m_abGainDb; }
    bool abGainLimited() const { return m_abGainLimited; } // by B's true peak
    const std::optional<core::DifferenceTrack> &difference() const { return m_difference; }
    ui::SnippetPlayer *player() const { return m_player; }

Q_SIGNALS:
    void queueLoaded(quint64 generation);
    void trackOpened(const QString &trackId, quint64 generation);
    void referenceShown(const QString &trackId, quint64 generation);
    void voted(const QString &trackId, const QString &status);
    void voteQueued(const QString &trackId);
    void previewLoaded(double start, double end, quint64 generation);
    void differenceShown(quint64 generation);
    void spectrogramComputed(quint64 generation);
    void queuedVotesSent(int sent, int conflicts);
    void errorShown(const QString &message);

private:
    struct Snippet {
        QString trackId;
        double start = 0, duration = 0;
        bool loop = false, play = true;
        Source side = Source::A;
    };

    void connectWorkspace();
    QCoro::Task<> loadQueue(RequestGeneration::Ticket ticket);
    QCoro::Task<> loadTrack(QString trackId, RequestGeneration::Ticket ticket);
    QCoro::Task<> loadReference(MatchRegion match, RequestGeneration::Ticket ticket);
    QCoro::Task<> castVote(QString trackId, QString vote, QString note);
    QCoro::Task<> flushVotes();
    quint64 preview(const Snippet &snippet);
    QCoro::Task<> loadPreview(Snippet snippet, RequestGeneration::Ticket ticket);
    QCoro::Task<std::optional<core::PcmClip>> fetchClip(QString trackId, double start,
                                                        double duration);
    QCoro::Task<> computeDifference(MatchRegion match, RequestGeneration::Ticket ticket);

    void resetForItem();
    void showDetail(const ReviewDetail &detail);
    void showOverlays();
    void showError(const QString &message);
    // Loads `clip` into the player at track second `at` (with B's gain when B plays).
    void showClip(const core::PcmClip &clip, double at, bool play);
    double submissionPosition() const;
    void measureGain();
    void showGain(const core::LoudnessMatch &match); // B's gain and the A/B label
    void showDifferenceTrack(const core::DifferenceTrack &diff);
    // Starts computing the spectrogram layer of the loaded snippet on a worker thread; returns
    // its generation (spectrogramComputed carries it).
    quint64 computeSpectrogram();
    QCoro::Task<> spectrogramFor(core::PcmClip clip, RequestGeneration::Ticket ticket);
    void refreshOfflineVotes();
    void syncReferenceView();
    void updatePlayhead();
    const MatchRegion *selectedVaultMatch() const;

    std::unique_ptr<ReviewApi> m_api;
    ReviewQueueModel *m_queue;
    MatchListModel *m_matches;
    OfflineVotesModel *m_offline;
    ui::ReviewWorkspace *m_workspace;
    ui::SnippetPlayer *m_player;

    QString m_trackId;
    ReviewDetail m_detail;
    int m_match = -1;
    bool m_cachedQueue = false;
    bool m_flushing = false;
    double m_snippetMax = 30;

    Source m_source = Source::A;
    core::PcmClip m_clipA, m_clipB;
    std::optional<double> m_lufsA; // A's integrated loudness (LUFS), when measurable
    std::optional<core::LoudnessReading> m_loudnessB; // B's loudness and true peak
    std::optional<double> m_abGainDb;
    bool m_abGainLimited = false; // the match held back so that B stays at −1 dBTP or below
    std::optional<core::DifferenceTrack> m_difference;
    double m_previewStart = 0, m_previewEnd = 0;
    qsizetype m_loadedBytes = 0;

    RequestGeneration m_queueRequests, m_trackRequests, m_referenceRequests, m_previewRequests,
        m_differenceRequests, m_spectrogramRequests;
};

} // namespace lemm::app
