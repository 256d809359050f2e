#include "server/storage/dispute_queue.h"

#include "server/base/json_util.h"

#include "core/domain/submission_state.h"

namespace lemm::server {

using core::SubmissionState;

Status DisputeQueue::open(const Tx &tx, const QString &trackId, const QString &reason,
                          const QJsonArray &hits, const QString &now)
{
    auto ins = exec(tx,
                    QStringLiteral("INSERT INTO external_disputes (track_id, reason, hits, "
                                   "opened_at) VALUES (?, ?, ?, ?) ON CONFLICT (track_id) DO "
                                   "NOTHING"),
                    {trackId, reason, json::compact(hits), now});
    if (!ins)
        return ins.error();
    return core::okStatus();
}

QString DisputeQueue::stateOf(const QString &trackStatus)
{
    auto s = core::parseSubmissionState(trackStatus);
    if (!s)
        return trackStatus;
    switch (s.value()) {
    case SubmissionState::Rejected: return QStringLiteral("awaiting_appeal");
    case SubmissionState::DisputePending: return QStringLiteral("appealed");
    case SubmissionState::Accepted: return QStringLiteral("upheld");
    case SubmissionState::RejectedFinal: return QStringLiteral("denied");
    default: return QStringLiteral("withdrawn");
    }
}

Result<QJsonObject> DisputeQueue::list(const Database &db, bool openOnly)
{
    auto q = db.query(QStringLiteral("SELECT d.track_id, d.reason, d.hits, d.opened_at, t.status, "
                                     "t.title, t.display_artist_name, t.primary_artist_id FROM "
                                     "external_disputes d JOIN tracks t ON t.track_id = "
                                     "d.track_id ORDER BY d.opened_at, d.track_id"));
    if (!q)
        return q.error();
    QJsonArray out;
    while (q.value().next()) {
        const QString state = stateOf(q.value().value(4).toString());
        if (openOnly && state != QLatin1String("awaiting_appeal") &&
            state != QLatin1String("appealed"))
            continue;
        out.append(
            QJsonObject{{QStringLiteral("track_id"), q.value().value(0).toString()},
                        {QStringLiteral("reason"), q.value().value(1).toString()},
                        {QStringLiteral("hits"), json::parsed(q.value().value(2).toString())},
                        {QStringLiteral("opened_at"), q.value().value(3).toString()},
                        {QStringLiteral("track_status"), q.value().value(4).toString()},
                        {QStringLiteral("state"), state},
                        {QStringLiteral("title"), q.value().value(5).toString()},
                        {QStringLiteral("artist"), q.value().value(6).toString()},
                        {QStringLiteral("owner_id"), q.value().value(7).toString()}});
    }
    return QJsonObject{{QStringLiteral("total"), out.size()}, {QStringLiteral("disputes"), out}};
}

} // namespace lemm::server
