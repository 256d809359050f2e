#pragma once
// The outbox (issue 14): events written in the transaction of the change they report
// (track.revoked, claim.filed, safety.repeated_hits, training.affected) and delivered later,
// at least once, by the OutboxDispatcher (outbox_dispatcher.h). A row is `pending` until every
// webhook subscribed to its type answered 2xx (`delivered`) or its attempts ran out (`dead`,
// last error kept; an admin may send it back to `pending`). Claiming is a lease in the row
// (lease_owner, lease_until) taken with one conditional UPDATE, so several server processes
// sharing PostgreSQL never deliver one row at the same time.
//
// Stateless: every function works on the database it is given, on the caller's thread.

#include "server/storage/database.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <QUrlQuery>

namespace lemm::server {

namespace outbox {
inline const QString kPending = QStringLiteral("pending");
inline const QString kDelivered = QStringLiteral("delivered");
inline const QString kDead = QStringLiteral("dead");
// The notice of stale marking (see StaleMarking).
inline const QString kTrainingAffected = QStringLiteral("training.affected");
} // namespace outbox

// One outbox row as the dispatcher and GET /admin/outbox see it.
struct OutboxRow {
    QString eventId;
    QString eventType;
    QString subject;
    QJsonObject payload;
    QString createdAt;
    QString state;
    qint64 attempts = 0;
    QString nextAttemptAt;
    QString lastError;
    QString deliveredAt;
    QStringList hooksDone; // webhooks that already answered 2xx (not sent again)

    // What a webhook receives: {event_id, event_type, subject, created_at, payload}, compact
    // JSON with sorted keys, so every retry sends the same bytes.
    QByteArray deliveryBody() const;
    QJsonObject toJson() const; // the admin view
};

// What one delivery round did to a row.
struct DeliveryOutcome {
    QStringList hooksDone; // including the ones done before
    bool allDone = false;
    QString error; // the first failure of this round (no secrets, no bodies)
};

class Outbox
{
public:
    // Writes a pending event in the caller's transaction; returns its id.
    static Result<QString> enqueue(const Tx &tx, const QString &eventType, const QString &subject,
                                   const QJsonObject &payload, const QString &now);

    // Leases up to `limit` due pending rows for `owner` until now + leaseSec, oldest first.
    // A row another owner holds under an unexpired lease is skipped.
    static Result<QList<OutboxRow>> claimDue(const Database &db, const QString &owner,
                                             const QDateTime &now, int leaseSec, int limit);
    // Records a round for a row `owner` holds: delivered when allDone, else attempts + 1 and
    // either the next try at `retryAt` or, when `attempts` reached `maxAttempts`, dead.
    static Status record(const Database &db, const QString &owner, const OutboxRow &row,
                         const DeliveryOutcome &outcome, int maxAttempts, const QDateTime &now,
                         const QDateTime &retryAt);

    // GET /admin/outbox?state=pending|delivered|dead|all&limit=N (newest first).
    static Result<QJsonObject> list(const Database &db, const QUrlQuery &query);
    // POST /admin/outbox/{id}/retry: a dead letter back to pending, due now, attempts reset.
    // 404 outbox_event_not_found; 409 outbox_not_dead for any other state.
    static Result<QJsonObject> retry(const Database &db, const QString &eventId,
                                     const QString &now);
};

} // namespace lemm::server
