#pragma once
// Stale marking (issue 14, spec §7.3): when a track is revoked or claimed, every training run
// that used it gets a run_affected row (run, track, reason "revoked" | "claimed", time, the
// audit seq of the entry that recorded the revocation or the claim), and one
// `training.affected` outbox event names the track, the runs and their models. Lineage shows
// the rows as `affected_by: [{track_id, reason, seq}]` on runs and models (the shape the model
// proof uses too).
//
// Stateless: both functions run inside the caller's transaction (the revocation's or the
// claim's), so a marking exists exactly when the change it reports does.

#include "server/storage/database.h"

#include <QJsonArray>
#include <QJsonObject>

namespace lemm::server {

namespace stale {
inline const QString kRevoked = QStringLiteral("revoked");
inline const QString kClaimed = QStringLiteral("claimed");
} // namespace stale

class StaleMarking
{
public:
    // Marks every run that used `trackId`; when there is one, writes the training.affected
    // event. `auditSeq` is the seq of the consent_change / infringement_claim entry. Returns
    // the event's payload, or an empty object when no run used the track. Marking a run twice
    // for one track and reason is a no-op.
    static Result<QJsonObject> markTrack(const Tx &tx, const QString &trackId,
                                         const QString &reason, qint64 auditSeq,
                                         const QString &now);
    // The same, with the seq of the newest `eventType` audit entry about the track (for
    // callers whose audit entry another layer wrote, e.g. the track store's consent_change).
    static Result<QJsonObject> markTrackAfter(const Tx &tx, const QString &trackId,
                                              const QString &reason, const QString &eventType,
                                              const QString &now);

    // [{track_id, reason, seq}] of one run, or of every run of one model (deduplicated),
    // ordered by seq.
    static Result<QJsonArray> affectedRun(const Database &db, const QString &runId);
    static Result<QJsonArray> affectedModel(const Database &db, const QString &modelId);
};

} // namespace lemm::server
