#include "server/services/stale_marking.h"

#include "server/services/outbox.h"

#include <QSet>

namespace lemm::server {

namespace {

QJsonArray affectedFrom(QSqlQuery &q)
{
    QJsonArray out;
    while (q.next())
        out.append(QJsonObject{{QStringLiteral("track_id"), q.value(0).toString()},
                               {QStringLiteral("reason"), q.value(1).toString()},
                               {QStringLiteral("seq"), q.value(2).toLongLong()}});
    return out;
}

} // namespace

Result<QJsonObject> StaleMarking::markTrack(const Tx &tx, const QString &trackId,
                                            const QString &reason, qint64 auditSeq,
                                            const QString &now)
{
    auto runs = exec(tx,
                     QStringLiteral("SELECT rt.run_id, mr.model_id FROM training_run_tracks rt "
                                    "JOIN model_training_runs mr ON mr.run_id = rt.run_id WHERE "
                                    "rt.track_id = ? ORDER BY rt.run_id"),
                     {trackId});
    if (!runs)
        return runs.error();
    QStringList runIds;
    QSet<QString> models;
    while (runs.value().next()) {
        runIds << runs.value().value(0).toString();
        models.insert(runs.value().value(1).toString());
    }
    runs.value().finish();
    if (runIds.isEmpty())
        return QJsonObject{};
    for (const QString &run : runIds) {
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO run_affected (run_id, track_id, reason, at, "
                                       "audit_seq) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"),
                        {run, trackId, reason, now, auditSeq});
        if (!ins)
            return ins.error();
    }
    QStringList modelList(models.begin(), models.end());
    modelList.sort();
    const QJsonObject event{{QStringLiteral("track_id"), trackId},
                            {QStringLiteral("reason"), reason},
                            {QStringLiteral("seq"), auditSeq},
                            {QStringLiteral("runs"), QJsonArray::fromStringList(runIds)},
                            {QStringLiteral("models"), QJsonArray::fromStringList(modelList)},
                            {QStringLiteral("at"), now}};
    auto queued = Outbox::enqueue(tx, outbox::kTrainingAffected, trackId, event, now);
    if (!queued)
        return queued.error();
    return event;
}

Result<QJsonObject> StaleMarking::markTrackAfter(const Tx &tx, const QString &trackId,
                                                 const QString &reason, const QString &eventType,
                                                 const QString &now)
{
    auto seq = exec(tx,
                    QStringLiteral("SELECT MAX(seq) FROM audit_log WHERE event_type = ? AND "
                                   "subject = ?"),
                    {eventType, trackId});
    if (!seq)
        return seq.error();
    const qint64 s = seq.value().next() ? seq.value().value(0).toLongLong() : 0;
    seq.value().finish();
    return markTrack(tx, trackId, reason, s, now);
}

Result<QJsonArray> StaleMarking::affectedRun(const Database &db, const QString &runId)
{
    auto q = db.query(QStringLiteral("SELECT track_id, reason, audit_seq FROM run_affected WHERE "
                                     "run_id = ? ORDER BY audit_seq, track_id, reason"),
                      {runId});
    if (!q)
        return q.error();
    return affectedFrom(q.value());
}

Result<QJsonArray> StaleMarking::affectedModel(const Database &db, const QString &modelId)
{
    auto q = db.query(QStringLiteral("SELECT DISTINCT ra.track_id, ra.reason, ra.audit_seq FROM "
                                     "run_affected ra JOIN model_training_runs mr ON mr.run_id = "
                                     "ra.run_id WHERE mr.model_id = ? ORDER BY ra.audit_seq, "
                                     "ra.track_id, ra.reason"),
                      {modelId});
    if (!q)
        return q.error();
    return affectedFrom(q.value());
}

} // namespace lemm::server
