#pragma once
// The reviewer's workspace (spec §3.4): the queue (sortable by age, flags, score; pending
// reviews and disputes), the detail of one submission (metadata, rights, automated flags,
// similarity per source), its waveform with the matched regions (one per segment of a match)
// drawn over it, the matched reference's waveform aligned under it (A/B) with playback
// switching between the two at the same musical position, and voting with the decision rule's
// state. Audio is only ever the server's signed preview snippets, held in memory (never written
// to disk). The last queue, details and envelopes are kept in the offline cache; votes cast
// while the server is unreachable are queued there and sent when it is back. GUI thread.

#include "core/audio/review_audio.h"

#include "match_regions.h"
#include "request_generation.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;
class QTextBrowser;

namespace lemm::ui {
class SnippetPlayer;
class WaveformView;
} // namespace lemm::ui

namespace lemm::app {

class ApiClient;
struct ApiReply;
class OfflineCache;

// GET /tracks/{id}/peaks JSON → the envelope the waveform view draws.
core::PeakEnvelope peaksFromJson(const QJsonObject &peaks);

class ReviewView : public QWidget
{
    Q_OBJECT
public:
    ReviewView(ApiClient &api, QWidget *parent = nullptr);
    ~ReviewView() override;

    void setCache(OfflineCache *cache) { m_cache = cache; }
    // "all" (pending reviews and disputes), "pending_review" or "dispute_pending".
    void setQueueState(const QString &state);
    // Each of these starts a request and returns its generation, which the completion signal
    // carries; an older answer of the same kind landing later is dropped.
    quint64 reload();
    quint64 openTrack(const QString &trackId);
    // 0 when the match has no vault reference to fetch.
    quint64 selectMatch(int index);
    void vote(const QString &vote, const QString &note);
    void next();
    void previous();
    // Playback of the preview snippet at the playhead (or the loop selection); B plays the
    // selected match's reference at the same musical position. They return the generation of
    // the preview they ask for (previewLoaded carries it), 0 when none is needed.
    quint64 togglePlay();
    quint64 toggleAB();
    void seekBy(double seconds);
    // Sends the votes queued while offline; conflicts stay listed.
    void sendQueuedVotes();

    QString currentTrack() const { return m_trackId; }
    // The generation of the newest openTrack, however it started (a click, J/K, a call).
    quint64 openingGeneration() const { return m_trackRequests.latest(); }
    QTableWidget *queueTable() const { return m_queue; }
    ui::WaveformView *waveform() const { return m_wave; }
    ui::WaveformView *referenceWaveform() const { return m_refWave; }
    QList<MatchRegion> matches() const { return m_matches; }
    QString reviewStateText() const;
    bool playingReference() const { return m_sideB; }
    // Bytes of the snippet the player holds (in memory only), and the span it covers.
    qsizetype loadedPreviewBytes() const;
    std::pair<double, double> loadedPreviewSpan() const { return {m_previewStart, m_previewEnd}; }
    QStringList offlineVoteLines() const;
    bool showingCachedQueue() const { return m_cachedQueue; }

Q_SIGNALS:
    void queueLoaded(quint64 generation);
    void trackOpened(const QString &trackId, quint64 generation);
    void referenceShown(const QString &trackId, quint64 generation);
    void voted(const QString &trackId, const QString &status);
    void voteQueued(const QString &trackId);
    void previewLoaded(double start, double end, quint64 generation);
    void queuedVotesSent(int sent, int conflicts);
    void errorShown(const QString &message);

private:
    QCoro::Task<> loadQueue(RequestGeneration::Ticket ticket);
    QCoro::Task<> loadTrack(QString trackId, RequestGeneration::Ticket ticket);
    QCoro::Task<> loadReference(MatchRegion match, RequestGeneration::Ticket ticket);
    QCoro::Task<> castVote(QString trackId, QString vote, QString note);
    // Starts a preview request (the newest wins) and returns its generation.
    quint64 preview(const QString &trackId, double start, double duration, bool loop);
    QCoro::Task<> playPreview(QString trackId, double start, double duration, bool loop,
                              RequestGeneration::Ticket ticket);
    QCoro::Task<> flushVotes();
    // Keeps a successful answer in the offline cache; when the server is unreachable, replaces
    // the reply by the cached document (true then). Without a cache: nothing, false.
    bool throughCache(const QString &key, ApiReply &reply);
    void showQueue(const QJsonObject &queue);
    void showDetail(const QJsonObject &review);
    // The match list's line for a region: spans in both tracks, factors, score, its segment.
    QString regionLine(const MatchRegion &m) const;
    void showError(const QString &message);
    void refreshOfflineList();
    void syncReferenceView();
    void updatePlayhead();
    void moveSelection(int delta);

    ApiClient &m_api;
    OfflineCache *m_cache = nullptr;
    QString m_state = QStringLiteral("all");
    QString m_trackId;
    QJsonObject m_review;
    QList<MatchRegion> m_matches;
    int m_match = -1;
    bool m_cachedQueue = false;
    bool m_flushing = false;
    double m_snippetMax = 30; // the policy's snippet_max_sec, read with the queue

    QComboBox *m_sort, *m_stateBox;
    QTableWidget *m_queue;
    QTextBrowser *m_detail;
    QListWidget *m_matchList;
    ui::WaveformView *m_wave;
    QLabel *m_refLabel;
    ui::WaveformView *m_refWave;
    QLabel *m_position, *m_reviewState, *m_message;
    QLineEdit *m_note;
    QPushButton *m_approve, *m_reject, *m_moreInfo, *m_play;
    QListWidget *m_offline;

    ui::SnippetPlayer *m_player;
    double m_previewStart = 0, m_previewEnd = 0;
    bool m_sideB = false;

    // One kind each: the queue, the open submission, the reference under it, the snippet.
    RequestGeneration m_queueRequests, m_trackRequests, m_referenceRequests, m_previewRequests;
};

} // namespace lemm::app
