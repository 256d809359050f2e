#pragma once
// The reviewer's typed API (spec §3.4): the review queue, one submission's review detail, peak
// envelopes, preview snippets and votes, as value types parsed once from the server's JSON (in
// review_api.cpp, the only place that knows the reviewer's paths and keys). HttpReviewApi goes
// through ApiClient and, when given one, the OfflineCache: successful answers are kept, and an
// unreachable server is answered from the cache (ApiResult::fromCache); votes cast while the
// server is unreachable are queued there and sent later, a refused one kept as a conflict.
// Value types: any thread. The APIs: GUI thread; coroutines take their arguments by value.

#include "api_result.h"
#include "match_regions.h"
#include "offline_cache.h"

#include "core/audio/review_audio.h"

#include <QCoroTask>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace lemm::app {

// The decision rule's state for one submission in its current round.
struct ReviewState {
    QString round = QStringLiteral("review"); // "review" or "appeal" (a dispute)
    QString outcome = QStringLiteral("pending");
    int approvals = 0, rejections = 0, required = 1;
    bool flagged = false;
};

struct ReviewQueueItem {
    QString trackId, title, artist, status; // status: pending_review | dispute_pending | …
    QStringList flags;
    double bestScore = 0;
    QString submittedAt; // server ISO time (formatted by the model)
    ReviewState state;
    bool canVote = false;
};

struct ReviewQueue {
    QList<ReviewQueueItem> items;
    double snippetMaxSec = 30; // the policy's snippet_max_sec
};

struct TrackRights {
    QString holderType, licence;
    bool original = false, cover = false, thirdPartySamples = false;
    bool trainingAllowed = false, demosAllowed = false, adaptersAllowed = false;
};

// One external source's summary of a submission.
struct ExternalSource {
    QString name, verdict;
    bool available = true;
    int hits = 0;
};

struct CastVote {
    QString vote, note, round, at;
    bool byAdmin = false;
};

struct ReviewDetail {
    QString trackId, title, artist, status;
    double durationSec = 0;
    QStringList flags;
    TrackRights rights;
    QList<ExternalSource> external;
    int vaultChecked = 0;
    // Every segment of every hit (match_regions.h), bounded per hit; "none" verdicts included
    // (MatchRegion::isRealMatch tells them apart).
    QList<MatchRegion> regions;
    ReviewState state;
    QList<CastVote> votes;
    bool canVote = false;
    QString cannotVoteReason; // own_track | already_voted | empty
};

struct VoteOutcome {
    QString trackId, vote, status;
    ReviewState state;
    bool queued = false; // the server was unreachable: kept in the offline cache
};

struct Preview {
    QByteArray bytes; // encoded snippet (MP3), memory only
    double startSec = 0, durationSec = 0;
};

struct QueuedVotesSent {
    int sent = 0, conflicts = 0;
};

// Parsers, public for tests: a broken answer gives an error or drops what cannot be read
// (bounded: at most kMaxQueueItems items, kMaxSegmentsPerHit segments per hit).
inline constexpr int kMaxQueueItems = 5000;
ApiResult<ReviewQueue> parseReviewQueue(const QJsonObject &body);
ApiResult<ReviewDetail> parseReviewDetail(const QJsonObject &body);
ApiResult<core::PeakEnvelope> parsePeaks(const QJsonObject &body);

class ReviewApi
{
public:
    virtual ~ReviewApi() = default;
    // state: "all", "pending_review" or "dispute_pending"; sort: "age", "flags" or "score".
    virtual QCoro::Task<ApiResult<ReviewQueue>> reviewQueue(QString state, QString sort) = 0;
    virtual QCoro::Task<ApiResult<ReviewDetail>> review(QString trackId) = 0;
    virtual QCoro::Task<ApiResult<core::PeakEnvelope>> peaks(QString trackId) = 0;
    virtual QCoro::Task<ApiResult<Preview>> preview(QString trackId, double startSec,
                                                    double durationSec) = 0;
    // vote: approve | reject | needs_more_info. Unreachable with a cache: queued (ok, queued).
    virtual QCoro::Task<ApiResult<VoteOutcome>> vote(QString trackId, QString vote,
                                                     QString note) = 0;
    // The votes kept offline (queued and conflicts), oldest first.
    virtual QList<QueuedVote> offlineVotes() const = 0;
    virtual QCoro::Task<ApiResult<QueuedVotesSent>> sendQueuedVotes() = 0;
};

class HttpReviewApi : public ReviewApi
{
public:
    // `cache` may be null (no offline mode); both outlive this object.
    HttpReviewApi(ApiClient &client, OfflineCache *cache);

    QCoro::Task<ApiResult<ReviewQueue>> reviewQueue(QString state, QString sort) override;
    QCoro::Task<ApiResult<ReviewDetail>> review(QString trackId) override;
    QCoro::Task<ApiResult<core::PeakEnvelope>> peaks(QString trackId) override;
    QCoro::Task<ApiResult<Preview>> preview(QString trackId, double startSec,
                                            double durationSec) override;
    QCoro::Task<ApiResult<VoteOutcome>> vote(QString trackId, QString vote, QString note) override;
    QList<QueuedVote> offlineVotes() const override;
    QCoro::Task<ApiResult<QueuedVotesSent>> sendQueuedVotes() override;

    // When the cache answered the last call of that key: its fetch time (else empty).
    QString cachedAt(const QString &key) const;

private:
    // Keeps a good reply in the cache; replaces an unreachable one by the cached copy.
    bool throughCache(const QString &key, ApiReply &reply);

    ApiClient &m_client;
    OfflineCache *m_cache;
    double m_snippetMax = 30;
    // Watched by the coroutines: after a co_await they touch nothing once this is deleted.
    std::shared_ptr<int> m_life = std::make_shared<int>(0);
};

} // namespace lemm::app
