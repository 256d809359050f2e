#include "review_api.h"

#include "reply_fields.h"

#include "api_client.h"
#include "offline_cache.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>
#include <cmath>

namespace lemm::app {

namespace {

using reply::num;
using reply::str;

int count(const QJsonObject &o, const char *key, int fallback = 0)
{
    return int(std::clamp(num(o, key, fallback), 0.0, 1e6));
}

// At most 64 strings of an array (flags, roles): a hostile list stays small.
QStringList strings(const QJsonValue &v)
{
    return reply::strings(v, 64);
}

ReviewState stateFromJson(const QJsonObject &o, bool flagged)
{
    ReviewState s;
    s.round = o.value(QLatin1String("round")).toString(s.round);
    s.outcome = o.value(QLatin1String("outcome")).toString(s.outcome);
    s.approvals = count(o, "approvals");
    s.rejections = count(o, "rejections");
    s.required = std::max(1, count(o, "required", 1));
    s.flagged = flagged || str(o, "summary").startsWith(QLatin1String("flagged"));
    return s;
}

ReviewQueueItem queueItemFromJson(const QJsonObject &it)
{
    ReviewQueueItem item;
    item.trackId = str(it, "track_id");
    item.title = str(it, "title");
    item.artist = str(it, "artist");
    item.status = str(it, "status");
    item.flags = strings(it.value(QLatin1String("flags")));
    item.bestScore =
        std::clamp(num(it.value(QLatin1String("similarity")).toObject(), "score"), 0.0, 1.0);
    item.submittedAt = str(it, "submitted_at");
    item.state = stateFromJson(it.value(QLatin1String("review_state")).toObject(),
                               it.value(QLatin1String("flagged")).toBool());
    item.canVote = it.value(QLatin1String("can_vote")).toBool();
    return item;
}

TrackRights rightsFromJson(const QJsonObject &review)
{
    const QJsonObject r = review.value(QLatin1String("rights")).toObject();
    const QJsonObject c = review.value(QLatin1String("consent")).toObject();
    TrackRights t;
    t.holderType = str(r, "rights_holder_type");
    t.licence = str(r, "license_type");
    t.original = r.value(QLatin1String("is_original")).toBool();
    t.cover = r.value(QLatin1String("is_cover")).toBool();
    t.thirdPartySamples = r.value(QLatin1String("has_third_party_samples")).toBool();
    t.trainingAllowed = c.value(QLatin1String("training_allowed")).toBool();
    t.demosAllowed = c.value(QLatin1String("internal_demo_ok")).toBool();
    t.adaptersAllowed = c.value(QLatin1String("allow_per_artist_adapters")).toBool();
    return t;
}

QList<ExternalSource> externalFromJson(const QJsonObject &similarity)
{
    QList<ExternalSource> out;
    const QJsonObject external = similarity.value(QLatin1String("external")).toObject();
    for (auto it = external.begin(); it != external.end() && out.size() < 64; ++it) {
        const QJsonObject s = it.value().toObject();
        out << ExternalSource{it.key(), str(s, "verdict"),
                              s.value(QLatin1String("available")).toBool(true),
                              int(s.value(QLatin1String("hits")).toArray().size())};
    }
    return out;
}

QList<CastVote> votesFromJson(const QJsonValue &v)
{
    QList<CastVote> out;
    for (const QJsonValue &e : v.toArray()) {
        if (out.size() == 1000)
            break;
        const QJsonObject o = e.toObject();
        out << CastVote{str(o, "vote"), str(o, "note"), str(o, "round"), str(o, "at"),
                        o.value(QLatin1String("by_admin")).toBool()};
    }
    return out;
}

QString queueKey(const QString &state, const QString &sort)
{
    return QStringLiteral("queue/%1/%2").arg(state, sort);
}

QJsonObject voteBody(const QString &vote, const QString &note)
{
    QJsonObject body{{QStringLiteral("vote"), vote}};
    if (!note.trimmed().isEmpty())
        body.insert(QStringLiteral("note"), note.trimmed());
    return body;
}

// The API object was deleted while its request was in flight (its view went away).
ApiError gone()
{
    ApiError e;
    e.code = QStringLiteral("cancelled");
    return e;
}

} // namespace

ApiResult<ReviewQueue> parseReviewQueue(const QJsonObject &body)
{
    if (!body.value(QLatin1String("items")).isArray())
        return ApiError::badReply(QStringLiteral("the queue has no items"));
    ReviewQueue queue;
    for (const QJsonValue &v : body.value(QLatin1String("items")).toArray()) {
        if (queue.items.size() == kMaxQueueItems)
            break;
        ReviewQueueItem item = queueItemFromJson(v.toObject());
        if (!item.trackId.isEmpty())
            queue.items << item;
    }
    return queue;
}

ApiResult<ReviewDetail> parseReviewDetail(const QJsonObject &body)
{
    ReviewDetail d;
    d.trackId = str(body, "track_id");
    if (d.trackId.isEmpty())
        return ApiError::badReply(QStringLiteral("the review has no track id"));
    const QJsonObject meta = body.value(QLatin1String("metadata")).toObject();
    d.title = str(meta, "title");
    d.artist = str(meta, "display_artist_name");
    d.durationSec = std::max(0.0, num(meta, "duration_sec"));
    d.status = str(body, "status");
    d.flags = strings(body.value(QLatin1String("flags")));
    d.rights = rightsFromJson(body);
    const QJsonObject sim = body.value(QLatin1String("similarity")).toObject();
    d.external = externalFromJson(sim);
    d.vaultChecked = count(sim.value(QLatin1String("internal")).toObject(), "checked_against");
    d.regions = matchRegions(sim);
    d.state = stateFromJson(body.value(QLatin1String("review_state")).toObject(),
                            body.value(QLatin1String("flagged")).toBool());
    d.votes = votesFromJson(body.value(QLatin1String("votes")));
    d.canVote = body.value(QLatin1String("can_vote")).toBool();
    d.cannotVoteReason = str(body, "cannot_vote_reason");
    return d;
}

ApiResult<core::PeakEnvelope> parsePeaks(const QJsonObject &body)
{
    const double spp = num(body, "seconds_per_peak");
    if (spp <= 0)
        return ApiError::badReply(QStringLiteral("the envelope has no resolution"));
    core::PeakEnvelope env;
    // The envelope keeps time as block / sample rate; any block works as long as the ratio is
    // the server's seconds per pair.
    env.block = 1 << 20;
    env.sampleRate = int(std::clamp(std::lround(env.block / spp), 1L, long(INT32_MAX)));
    const QJsonArray mins = body.value(QLatin1String("min")).toArray();
    const QJsonArray maxs = body.value(QLatin1String("max")).toArray();
    const qsizetype n = std::min<qsizetype>(std::min(mins.size(), maxs.size()), 1 << 20);
    env.mins.reserve(size_t(n));
    env.maxs.reserve(size_t(n));
    for (qsizetype i = 0; i < n; ++i) {
        env.mins.push_back(int8_t(std::clamp(mins.at(i).toInt(), -127, 127)));
        env.maxs.push_back(int8_t(std::clamp(maxs.at(i).toInt(), -127, 127)));
    }
    return env;
}

HttpReviewApi::HttpReviewApi(ApiClient &client, OfflineCache *cache)
    : m_client(client), m_cache(cache)
{
}

bool HttpReviewApi::throughCache(const QString &key, ApiReply &reply)
{
    if (!m_cache)
        return false;
    if (reply.ok()) {
        m_cache->put(key, reply.body);
        return false;
    }
    if (!reply.unreachable())
        return false;
    const auto cached = m_cache->get(key);
    if (!cached)
        return false;
    reply = ApiReply{};
    reply.status = 200;
    reply.body = *cached;
    return true;
}

QString HttpReviewApi::cachedAt(const QString &key) const
{
    return m_cache ? m_cache->fetchedAt(key) : QString();
}

QCoro::Task<ApiResult<ReviewQueue>> HttpReviewApi::reviewQueue(QString state, QString sort)
{
    const std::weak_ptr<int> alive = m_life;
    ApiReply r =
        co_await m_client.get(QStringLiteral("/review/queue?state=%1&sort=%2").arg(state, sort));
    if (alive.expired())
        co_return gone();
    const bool cached = throughCache(queueKey(state, sort), r);
    if (r.ok() && !cached) {
        const ApiReply policy = co_await m_client.get(QStringLiteral("/policy"));
        if (alive.expired())
            co_return gone();
        if (policy.ok())
            m_snippetMax = std::clamp(
                num(policy.body.value(QLatin1String("policy")).toObject(), "snippet_max_sec", 30),
                1.0, 30.0);
    }
    auto result = ApiResult<ReviewQueue>::fromReply(r, parseReviewQueue);
    if (result.ok())
        result.value().snippetMaxSec = m_snippetMax;
    result.setFromCache(cached);
    co_return result;
}

QCoro::Task<ApiResult<ReviewDetail>> HttpReviewApi::review(QString trackId)
{
    const std::weak_ptr<int> alive = m_life;
    ApiReply r = co_await m_client.get(QStringLiteral("/review/%1").arg(trackId));
    if (alive.expired())
        co_return gone();
    const bool cached = throughCache(QStringLiteral("review/") + trackId, r);
    auto result = ApiResult<ReviewDetail>::fromReply(r, parseReviewDetail);
    result.setFromCache(cached);
    co_return result;
}

QCoro::Task<ApiResult<core::PeakEnvelope>> HttpReviewApi::peaks(QString trackId)
{
    const std::weak_ptr<int> alive = m_life;
    ApiReply r =
        co_await m_client.get(QStringLiteral("/tracks/%1/peaks?resolution=100000").arg(trackId));
    if (alive.expired())
        co_return gone();
    const bool cached = throughCache(QStringLiteral("peaks/") + trackId, r);
    auto result = ApiResult<core::PeakEnvelope>::fromReply(r, parsePeaks);
    result.setFromCache(cached);
    co_return result;
}

QCoro::Task<ApiResult<Preview>> HttpReviewApi::preview(QString trackId, double startSec,
                                                       double durationSec)
{
    const std::weak_ptr<int> alive = m_life;
    const QJsonObject body{{QStringLiteral("start_s"), startSec},
                           {QStringLiteral("duration_s"), std::min(durationSec, m_snippetMax)}};
    const ApiReply grant =
        co_await m_client.send("POST", QStringLiteral("/tracks/%1/previews").arg(trackId), body);
    if (alive.expired())
        co_return gone();
    if (!grant.ok())
        co_return ApiError::fromReply(grant);
    const QString url = str(grant.body, "url");
    if (!url.startsWith(QLatin1Char('/')))
        co_return ApiError::badReply(QStringLiteral("the preview has no link"));
    const ApiReply audio = co_await m_client.get(url);
    if (alive.expired())
        co_return gone();
    if (!audio.ok())
        co_return ApiError::fromReply(audio);
    co_return Preview{audio.raw, num(grant.body, "start_s", startSec),
                      num(grant.body, "duration_s", durationSec)};
}

QCoro::Task<ApiResult<VoteOutcome>> HttpReviewApi::vote(QString trackId, QString vote, QString note)
{
    const std::weak_ptr<int> alive = m_life;
    const ApiReply r = co_await m_client.send(
        "POST", QStringLiteral("/review/%1/votes").arg(trackId), voteBody(vote, note));
    if (alive.expired())
        co_return gone();
    if (r.unreachable() && m_cache) {
        if (m_cache->queueVote(trackId, vote, note.trimmed()) == 0) {
            ApiError e = ApiError::fromReply(r);
            e.code = QStringLiteral("offline_queue_failed");
            co_return e;
        }
        co_return VoteOutcome{trackId, vote, QString(), ReviewState{}, true};
    }
    if (!r.ok())
        co_return ApiError::fromReply(r);
    co_return VoteOutcome{
        trackId, vote, str(r.body, "status"),
        stateFromJson(r.body.value(QLatin1String("review_state")).toObject(), false), false};
}

QList<QueuedVote> HttpReviewApi::offlineVotes() const
{
    return m_cache ? m_cache->votes() : QList<QueuedVote>{};
}

QCoro::Task<ApiResult<QueuedVotesSent>> HttpReviewApi::sendQueuedVotes()
{
    const std::weak_ptr<int> alive = m_life;
    QueuedVotesSent out;
    if (!m_cache)
        co_return out;
    for (const QueuedVote &v : m_cache->votes(QStringLiteral("queued"))) {
        const ApiReply r = co_await m_client.send(
            "POST", QStringLiteral("/review/%1/votes").arg(v.trackId), voteBody(v.vote, v.note));
        if (alive.expired())
            co_return gone();
        if (r.unreachable())
            break; // still offline: keep the rest queued, in order
        if (r.ok()) {
            m_cache->removeVote(v.id);
            ++out.sent;
        } else {
            // Decided meanwhile, voted twice, no longer allowed…: kept and shown, never lost.
            m_cache->markConflict(v.id, r.displayError());
            ++out.conflicts;
        }
    }
    co_return out;
}

} // namespace lemm::app
