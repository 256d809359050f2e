#include "server/similarity/reference_index.h"

#include "server/similarity/shard_client.h"

#include "server/storage/track_store.h"

#include "server/storage/policy_store.h"

#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <cstring>
#include <optional>

namespace lemm::server {

using namespace lemm::core;

QString ReferenceIndex::encodeWindows(const Embeddings &e)
{
    QByteArray bytes;
    bytes.reserve(qsizetype(e.windows.size() * kEmbeddingDim * sizeof(float)));
    for (const auto &w : e.windows)
        bytes.append(reinterpret_cast<const char *>(w.data()), qsizetype(w.size() * sizeof(float)));
    return QString::fromUtf8(
        QJsonDocument(
            QJsonObject{{QStringLiteral("model"), e.model},
                        {QStringLiteral("window_sec"), e.windowSec},
                        {QStringLiteral("hop_sec"), e.hopSec},
                        {QStringLiteral("count"), int(e.windows.size())},
                        {QStringLiteral("float32le"), QString::fromLatin1(bytes.toBase64())}})
            .toJson(QJsonDocument::Compact));
}

Result<Embeddings> ReferenceIndex::decodeEmbeddings(const QString &trackVector,
                                                    const QString &windowsJson)
{
    Embeddings e;
    if (!trackVector.isEmpty()) {
        auto v = decodeEmbedding(trackVector);
        if (!v)
            return v.error();
        e.track = std::move(v).value();
    }
    const QJsonObject o = QJsonDocument::fromJson(windowsJson.toUtf8()).object();
    e.model = o.value(QStringLiteral("model")).toString();
    e.windowSec = o.value(QStringLiteral("window_sec")).toDouble(5.0);
    e.hopSec = o.value(QStringLiteral("hop_sec")).toDouble(2.5);
    const QByteArray bytes =
        QByteArray::fromBase64(o.value(QStringLiteral("float32le")).toString().toLatin1());
    const int count = o.value(QStringLiteral("count")).toInt();
    if (qsizetype(count) * kEmbeddingDim * qsizetype(sizeof(float)) != bytes.size())
        return Error::make(ErrorKind::Internal, QStringLiteral("bad_embedding_windows"),
                           QStringLiteral("stored window embeddings are damaged"));
    e.windows.resize(size_t(count));
    for (int i = 0; i < count; ++i) {
        e.windows[size_t(i)].resize(kEmbeddingDim);
        std::memcpy(e.windows[size_t(i)].data(),
                    bytes.constData() + qsizetype(i) * kEmbeddingDim * qsizetype(sizeof(float)),
                    kEmbeddingDim * sizeof(float));
    }
    return e;
}

ReferenceIndex::ReferenceIndex(const Database &db) : m_db(db) {}

ReferenceIndex::~ReferenceIndex() = default;

void ReferenceIndex::serveShard(int shard, int shardCount)
{
    m_shard = shard;
    m_shardCount = shardCount;
}

void ReferenceIndex::gatherFrom(std::unique_ptr<ShardGatherer> gatherer)
{
    m_gatherer = std::move(gatherer);
}

bool ReferenceIndex::admits(const QString &id, ReferenceUse use) const
{
    const auto it = m_status.constFind(id);
    if (it == m_status.constEnd())
        return false;
    return use == ReferenceUse::OutputCheck ||
           it.value() != core::toString(SubmissionState::Removed);
}

struct ReferenceIndex::Loaded {
    QString id;
    RobustFingerprint robust;
    Embeddings embeddings;
    ExactFingerprint exact;
    double durationSec = 0;
};

Result<std::pair<int, int>> ReferenceIndex::refresh()
{
    QMutexLocker serial(&m_refreshLock);
    auto policy = PolicyStore::current(m_db);
    if (!policy)
        return policy.error();
    const bool keepRevoked = policy->revokedTracksInSafetyChecks == QLatin1String("safety_only");
    auto q = m_db.query(
        QStringLiteral("SELECT t.track_id, t.status FROM tracks t JOIN fingerprint_records f ON "
                       "f.track_id = t.track_id JOIN rights_records r ON r.rights_record_id = "
                       "t.rights_record_id WHERE f.fp_robust IS NOT NULL AND (") +
        TrackStore::referenceStatesSql() +
        (keepRevoked ? QStringLiteral(" OR (t.status = '%1' AND r.revoked = 1))")
                           .arg(core::toString(SubmissionState::Removed))
                     : QStringLiteral(")")));
    if (!q)
        return q.error();
    QHash<QString, QString> wanted;
    while (q.value().next()) {
        const QString id = q.value().value(0).toString();
        if (m_shard < 0 || shardOf(id, m_shardCount) == m_shard)
            wanted.insert(id, q.value().value(1).toString());
    }

    QStringList toLoad, toDrop;
    {
        QReadLocker l(&m_lock);
        for (auto it = wanted.begin(); it != wanted.end(); ++it)
            if (!m_status.contains(it.key()))
                toLoad << it.key();
        for (auto it = m_status.begin(); it != m_status.end(); ++it)
            if (!wanted.contains(it.key()))
                toDrop << it.key();
    }
    auto loaded = load(toLoad);
    if (!loaded)
        return loaded.error();
    apply(toDrop, loaded.value(), wanted);
    compactIfWorthIt();
    return std::make_pair(int(loaded->size()), int(toDrop.size()));
}

Result<QList<ReferenceIndex::Loaded>> ReferenceIndex::load(const QStringList &ids) const
{
    QList<Loaded> loaded;
    for (const QString &id : ids) {
        auto r = m_db.query(QStringLiteral("SELECT fp_robust, embedding_music, embedding_windows, "
                                           "exact_keys, derived FROM fingerprint_records WHERE "
                                           "track_id = ?"),
                            {id});
        if (!r)
            return r.error();
        if (!r.value().next())
            continue;
        const QSqlQuery &row = r.value();
        const QJsonObject derived =
            QJsonDocument::fromJson(row.value(4).toString().toUtf8()).object();
        auto robust = deserializeRobust(QByteArray::fromBase64(row.value(0).toString().toLatin1()),
                                        derived.value(QStringLiteral("duration_sec")).toDouble());
        auto emb = decodeEmbeddings(row.value(1).toString(), row.value(2).toString());
        if (!robust || !emb) {
            qWarning("reference index: skipping %s: damaged fingerprint record", qPrintable(id));
            continue;
        }
        const QJsonObject keys = QJsonDocument::fromJson(row.value(3).toString().toUtf8()).object();
        ExactFingerprint exact;
        exact.pcmKey = keys.value(QStringLiteral("pcm")).toString();
        exact.fingerprintKey = keys.value(QStringLiteral("fingerprint")).toString();
        loaded.append({id, std::move(robust).value(), std::move(emb).value(), exact,
                       derived.value(QStringLiteral("duration_sec")).toDouble()});
    }
    return loaded;
}

void ReferenceIndex::apply(const QStringList &toDrop, const QList<Loaded> &loaded,
                           const QHash<QString, QString> &wanted)
{
    QWriteLocker l(&m_lock);
    for (const QString &id : toDrop) {
        m_idx.robust.remove(id);
        m_idx.exact.remove(id);
        m_idx.embedding.remove(id);
        m_status.remove(id);
        m_durations.remove(id);
    }
    for (const Loaded &x : loaded) {
        if (!m_gatherer) // sharded: the shards hold the robust part
            m_idx.robust.add(x.id, x.robust);
        m_idx.exact.add(x.id, x.exact);
        m_idx.embedding.add(x.id, x.embeddings);
        m_durations.insert(x.id, x.durationSec);
    }
    for (auto it = wanted.begin(); it != wanted.end(); ++it)
        if (m_durations.contains(it.key()))
            m_status.insert(it.key(), it.value());
}

// The robust index's delta (per-key vectors, read whole) is folded into a sorted base (read by
// pitch window, robust_index.h) once it is worth the work: when it holds as many postings as
// the base and at least m_compactMin (geometric growth, so the work stays linear in the
// index size; a replica's first load compacts once), or when removed tracks make up a tenth of
// the index. The new index is built beside the old one under the read lock, so queries go on,
// and swapped in under the write lock; refresh() calls are serialised (m_refreshLock), so
// nothing changes the index in between. Peak memory: the old index plus the new base.
qint64 ReferenceIndex::robustDeltaPostings() const
{
    QReadLocker l(&m_lock);
    return m_idx.robust.deltaPostingCount();
}

void ReferenceIndex::compactIfWorthIt()
{
    std::optional<core::RobustIndex> next;
    {
        QReadLocker l(&m_lock);
        const core::RobustIndex &r = m_idx.robust;
        const qint64 delta = r.deltaPostingCount(), base = r.postingCount() - delta;
        const bool grown = delta > 0 && delta >= m_compactMin && delta >= base;
        const bool holed = r.removedCount() > 0 && r.removedCount() * 10 > r.trackCount();
        if (!grown && !holed)
            return;
        next = r.compacted();
    }
    QWriteLocker l(&m_lock);
    m_idx.robust = std::move(*next);
}

ReferenceHit &ReferenceIndex::hitFor(QHash<QString, ReferenceHit> &hits, const QString &id) const
{
    auto it = hits.find(id);
    if (it == hits.end()) {
        ReferenceHit h;
        h.trackId = id;
        h.accepted = m_status.value(id) == core::toString(SubmissionState::Accepted);
        h.referenceSec = m_durations.value(id);
        it = hits.insert(id, h);
    }
    return it.value();
}

void ReferenceIndex::addRobust(QHash<QString, ReferenceHit> &hits, const TrackFeatures &f,
                               const QString &excludeTrackId, int maxResults, ReferenceUse use,
                               const GatherResult *gathered) const
{
    if (gathered) {
        // The shards admitted their hits for `use`; the shard's view of the track wins when
        // this node has not loaded it yet.
        for (const ShardHit &s : gathered->hits) {
            if (s.match.trackId == excludeTrackId || s.match.score < 0.05)
                continue;
            const bool known = hits.contains(s.match.trackId);
            ReferenceHit &h = hitFor(hits, s.match.trackId);
            if (!known && !m_status.contains(s.match.trackId)) {
                h.accepted = s.accepted;
                h.referenceSec = s.referenceSec;
            }
            h.robustScore = s.match.score;
            h.match = s.match;
        }
        return;
    }
    for (const RobustMatch &m : m_idx.robust.query(f.robust, maxResults + 1, 0.05)) {
        if (m.trackId == excludeTrackId || !admits(m.trackId, use))
            continue;
        ReferenceHit &h = hitFor(hits, m.trackId);
        h.robustScore = m.score;
        h.match = m;
    }
}

QList<ReferenceHit> ReferenceIndex::ranked(QHash<QString, ReferenceHit> &hits,
                                           const TrackFeatures &f, int maxResults) const
{
    QList<ReferenceHit> out = hits.values();
    for (ReferenceHit &h : out)
        if (!f.embeddings.track.empty())
            h.embeddingSimilarity =
                double(m_idx.embedding.similarityTo(f.embeddings.track, h.trackId));
    std::sort(out.begin(), out.end(), [](const ReferenceHit &a, const ReferenceHit &b) {
        const double sa = a.exact ? 2.0 : a.robustScore, sb = b.exact ? 2.0 : b.robustScore;
        if (sa != sb)
            return sa > sb;
        return a.embeddingSimilarity > b.embeddingSimilarity;
    });
    if (out.size() > maxResults)
        out.resize(maxResults);
    return out;
}

Result<QList<ReferenceHit>> ReferenceIndex::query(const TrackFeatures &f,
                                                  const QString &excludeTrackId, int maxResults,
                                                  ReferenceUse use) const
{
    std::optional<GatherResult> gathered;
    if (m_gatherer) { // before the lock: a slow shard must not hold up refresh()
        auto g = m_gatherer->query(ShardQuery{f.robust, excludeTrackId, maxResults, use});
        if (!g)
            return g.error();
        gathered = std::move(g).value();
    }
    QReadLocker l(&m_lock);
    QHash<QString, ReferenceHit> hits;
    for (const QString &id : m_idx.exact.lookup(f.exact))
        if (id != excludeTrackId && admits(id, use))
            hitFor(hits, id).exact = true;
    addRobust(hits, f, excludeTrackId, maxResults, use, gathered ? &*gathered : nullptr);
    if (!f.embeddings.track.empty())
        for (const EmbeddingNeighbour &n :
             m_idx.embedding.nearest(f.embeddings.track, maxResults + 1))
            if (n.trackId != excludeTrackId && admits(n.trackId, use))
                hitFor(hits, n.trackId);
    return ranked(hits, f, maxResults);
}

ShardAnswer ReferenceIndex::answer(const ShardQuery &q) const
{
    QReadLocker l(&m_lock);
    ShardAnswer a;
    a.shard = std::max(0, m_shard);
    a.shardCount = m_shardCount;
    a.indexedSec = m_idx.robust.indexedSeconds();
    // minScore 0: this shard's scores are for its part of the index; the gatherer re-scores.
    for (RobustMatch &m : m_idx.robust.query(q.fingerprint, q.maxResults + 1, 0.0)) {
        if (m.trackId == q.excludeTrackId || !admits(m.trackId, q.use))
            continue;
        const bool accepted =
            m_status.value(m.trackId) == core::toString(SubmissionState::Accepted);
        const double sec = m_durations.value(m.trackId);
        a.hits.append(ShardHit{std::move(m), accepted, sec});
    }
    return a;
}

int ReferenceIndex::size(ReferenceUse use) const
{
    QReadLocker l(&m_lock);
    if (use == ReferenceUse::OutputCheck)
        return int(m_status.size());
    return int(std::count_if(m_status.cbegin(), m_status.cend(), [](const QString &s) {
        return s != core::toString(SubmissionState::Removed);
    }));
}

} // namespace lemm::server
