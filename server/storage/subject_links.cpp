#include "server/storage/subject_links.h"

#include "server/storage/audit_log.h"

#include <QJsonArray>

namespace lemm::server::subject_links {

namespace {

const QString kSinceKey = QStringLiteral("*links_since");

bool isTrackEvent(const QString &eventType)
{
    return eventType == audit::kSubmissionDecision || eventType == audit::kConsentChange ||
           eventType == audit::kInfringementClaim;
}

// A training run's creation entry names its tracks; the completion entry does not.
QStringList batchKeys(const QJsonObject &payload)
{
    QStringList keys{modelKey(payload.value(QStringLiteral("model_id")).toString())};
    for (const QJsonValue &t : payload.value(QStringLiteral("track_ids")).toArray())
        keys << trackKey(t.toString());
    keys.removeDuplicates();
    return keys;
}

Result<qint64> newestIn(const Tx &tx, const QString &key)
{
    auto q =
        exec(tx, QStringLiteral("SELECT last_seq FROM audit_subject_heads WHERE subject_key = ?"),
             {key});
    if (!q)
        return q.error();
    return q.value().next() ? q.value().value(0).toLongLong() : qint64(0);
}

Status record(const Tx &tx, const QString &key, qint64 seq)
{
    auto up = exec(tx,
                   QStringLiteral("INSERT INTO audit_subject_heads (subject_key, last_seq) VALUES "
                                  "(?, ?) ON CONFLICT (subject_key) DO UPDATE SET last_seq = "
                                  "excluded.last_seq"),
                   {key, seq});
    if (!up)
        return up.error();
    return core::okStatus();
}

Result<qint64> single(const Database &db, const QString &key)
{
    auto q = db.query(
        QStringLiteral("SELECT last_seq FROM audit_subject_heads WHERE subject_key = ?"), {key});
    if (!q)
        return q.error();
    return q.value().next() ? q.value().value(0).toLongLong() : qint64(0);
}

} // namespace

QString modelKey(const QString &modelId)
{
    return QStringLiteral("model:") + modelId;
}

QString outputKey(const QString &outputId)
{
    return QStringLiteral("output:") + outputId;
}

QString trackKey(const QString &trackId)
{
    return QStringLiteral("track:") + trackId;
}

QStringList keysOf(const QString &eventType, const QString &subject, const QJsonObject &payload)
{
    if (eventType == audit::kModelRegistered)
        return {modelKey(subject)};
    if (eventType == audit::kTrainingBatch)
        return batchKeys(payload);
    if (eventType == audit::kOutputSimilarityCheck || eventType == audit::kOutputExport)
        return {outputKey(subject)};
    if (isTrackEvent(eventType))
        return {trackKey(subject)};
    return {};
}

Result<QJsonObject> link(const Tx &tx, const QString &eventType, const QString &subject,
                         const QJsonObject &payload, qint64 seq)
{
    const QStringList keys = keysOf(eventType, subject, payload);
    if (keys.isEmpty())
        return payload;
    QJsonObject prev;
    for (const QString &key : keys) {
        auto last = newestIn(tx, key);
        if (!last)
            return last.error();
        prev.insert(key, double(last.value()));
        if (auto s = record(tx, key, seq); !s)
            return s.error();
    }
    QJsonObject out = payload;
    out.insert(kPayloadField, prev);
    return out;
}

Result<qint64> newestAbout(const Database &db, const QString &key)
{
    return single(db, key);
}

Result<qint64> linksSince(const Database &db)
{
    return single(db, kSinceKey);
}

} // namespace lemm::server::subject_links
