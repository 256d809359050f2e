#include "server/services/outbox.h"

#include "server/base/json_util.h"

#include "core/base/ids.h"
#include "core/base/json_fields.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace lemm::server {

using namespace lemm::server::json;

namespace {

constexpr const char *kRowColumns =
    "event_id, event_type, subject, payload, created_at, state, attempts, next_attempt_at, "
    "last_error, delivered_at, hooks_done";

OutboxRow rowFrom(const QSqlQuery &q)
{
    OutboxRow r;
    r.eventId = q.value(0).toString();
    r.eventType = q.value(1).toString();
    r.subject = q.value(2).toString();
    r.payload = parsed(q.value(3).toString()).toObject();
    r.createdAt = q.value(4).toString();
    r.state = q.value(5).toString();
    r.attempts = q.value(6).toLongLong();
    r.nextAttemptAt = q.value(7).toString();
    r.lastError = q.value(8).toString();
    r.deliveredAt = q.value(9).toString();
    r.hooksDone = stringsFrom(q.value(10).toString());
    return r;
}

Result<OutboxRow> rowById(const Database &db, const QString &eventId)
{
    auto q = db.query(
        QStringLiteral("SELECT %1 FROM outbox WHERE event_id = ?").arg(QLatin1String(kRowColumns)),
        {eventId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::make(ErrorKind::NotFound, QStringLiteral("outbox_event_not_found"),
                           QStringLiteral("no such outbox event"));
    return rowFrom(q.value());
}

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QByteArray OutboxRow::deliveryBody() const
{
    const QJsonObject envelope{{QStringLiteral("event_id"), eventId},
                               {QStringLiteral("event_type"), eventType},
                               {QStringLiteral("subject"), subject},
                               {QStringLiteral("created_at"), createdAt},
                               {QStringLiteral("payload"), payload}};
    return QJsonDocument(envelope).toJson(QJsonDocument::Compact);
}

QJsonObject OutboxRow::toJson() const
{
    return QJsonObject{{QStringLiteral("event_id"), eventId},
                       {QStringLiteral("event_type"), eventType},
                       {QStringLiteral("subject"), subject},
                       {QStringLiteral("payload"), payload},
                       {QStringLiteral("created_at"), createdAt},
                       {QStringLiteral("state"), state},
                       {QStringLiteral("attempts"), attempts},
                       {QStringLiteral("next_attempt_at"),
                        state == outbox::kPending
                            ? orNull(nextAttemptAt.isEmpty() ? createdAt : nextAttemptAt)
                            : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("last_error"), orNull(lastError)},
                       {QStringLiteral("delivered_at"), orNull(deliveredAt)},
                       {QStringLiteral("hooks_done"), QJsonArray::fromStringList(hooksDone)}};
}

Result<QString> Outbox::enqueue(const Tx &tx, const QString &eventType, const QString &subject,
                                const QJsonObject &payload, const QString &now)
{
    const QString id = core::newId(QStringLiteral("evt"));
    auto ins = exec(tx,
                    QStringLiteral("INSERT INTO outbox (event_id, event_type, subject, payload, "
                                   "created_at) VALUES (?, ?, ?, ?, ?)"),
                    {id, eventType, subject, compact(payload), now});
    if (!ins)
        return ins.error();
    return id;
}

Result<QList<OutboxRow>> Outbox::claimDue(const Database &db, const QString &owner,
                                          const QDateTime &now, int leaseSec, int limit)
{
    const QString nowIso = core::toIso(now);
    auto due = db.query(QStringLiteral("SELECT event_id FROM outbox WHERE state = 'pending' AND "
                                       "(next_attempt_at IS NULL OR next_attempt_at <= ?) AND "
                                       "(lease_until IS NULL OR lease_until < ?) ORDER BY "
                                       "created_at, event_id LIMIT %1")
                            .arg(limit),
                        {nowIso, nowIso});
    if (!due)
        return due.error();
    QStringList ids;
    while (due.value().next())
        ids << due.value().value(0).toString();
    due.value().finish();
    QList<OutboxRow> rows;
    const QString until = core::toIso(now.addSecs(leaseSec));
    for (const QString &id : ids) {
        // The lease: only one process's UPDATE finds the row unleased.
        auto leased = db.query(QStringLiteral("UPDATE outbox SET lease_owner = ?, lease_until = ? "
                                              "WHERE event_id = ? AND state = 'pending' AND "
                                              "(lease_until IS NULL OR lease_until < ?)"),
                               {owner, until, id, nowIso});
        if (!leased)
            return leased.error();
        if (leased.value().numRowsAffected() != 1)
            continue;
        auto row = rowById(db, id);
        if (!row)
            return row.error();
        rows << row.value();
    }
    return rows;
}

Status Outbox::record(const Database &db, const QString &owner, const OutboxRow &row,
                      const DeliveryOutcome &outcome, int maxAttempts, const QDateTime &now,
                      const QDateTime &retryAt)
{
    const qint64 attempts = row.attempts + 1;
    QString state = outbox::kPending;
    if (outcome.allDone)
        state = outbox::kDelivered;
    else if (attempts >= maxAttempts)
        state = outbox::kDead;
    auto u = db.query(
        QStringLiteral("UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, "
                       "last_error = ?, delivered_at = ?, hooks_done = ?, lease_owner = NULL, "
                       "lease_until = NULL WHERE event_id = ? AND lease_owner = ?"),
        {state, attempts, state == outbox::kPending ? core::toIso(retryAt) : QString(),
         outcome.allDone ? QVariant(QString()) : QVariant(outcome.error),
         outcome.allDone ? core::toIso(now) : QString(), compact(outcome.hooksDone), row.eventId,
         owner});
    if (!u)
        return u.error();
    return core::okStatus();
}

Result<QJsonObject> Outbox::list(const Database &db, const QUrlQuery &query)
{
    core::QueryReader q(query);
    const QString state =
        q.oneOf(QStringLiteral("state"),
                {outbox::kPending, outbox::kDelivered, outbox::kDead, QStringLiteral("all")},
                QStringLiteral("all"), QStringLiteral("must be pending, delivered, dead or all"));
    const qint64 limit = q.integer(QStringLiteral("limit"), 100, 1, 1000,
                                   QStringLiteral("must be a whole number from 1 to 1000"));
    if (auto c = q.check(QStringLiteral("invalid outbox query")); !c)
        return c.error();
    const bool all = state == QLatin1String("all");
    auto rows = db.query(
        QStringLiteral("SELECT %1 FROM outbox %2 ORDER BY created_at DESC, "
                       "event_id DESC LIMIT %3")
            .arg(QLatin1String(kRowColumns), all ? QString() : QStringLiteral("WHERE state = ?"))
            .arg(limit),
        all ? QVariantList{} : QVariantList{state});
    if (!rows)
        return rows.error();
    QJsonArray out;
    while (rows.value().next())
        out.append(rowFrom(rows.value()).toJson());
    QJsonObject counts;
    auto c = db.query(QStringLiteral("SELECT state, COUNT(*) FROM outbox GROUP BY state"));
    if (!c)
        return c.error();
    for (const QString &s : {outbox::kPending, outbox::kDelivered, outbox::kDead})
        counts.insert(s, 0);
    while (c.value().next())
        counts.insert(c.value().value(0).toString(), c.value().value(1).toLongLong());
    return QJsonObject{{QStringLiteral("events"), out}, {QStringLiteral("counts"), counts}};
}

Result<QJsonObject> Outbox::retry(const Database &db, const QString &eventId, const QString &now)
{
    auto u = db.query(QStringLiteral("UPDATE outbox SET state = 'pending', attempts = 0, "
                                     "next_attempt_at = ?, lease_owner = NULL, lease_until = NULL "
                                     "WHERE event_id = ? AND state = 'dead'"),
                      {now, eventId});
    if (!u)
        return u.error();
    const bool changed = u.value().numRowsAffected() == 1;
    u.value().finish();
    auto row = rowById(db, eventId);
    if (!row)
        return row.error();
    if (!changed)
        return Error::make(
            ErrorKind::Conflict, QStringLiteral("outbox_not_dead"),
            QStringLiteral("only dead letters can be retried; this event is '%1'").arg(row->state));
    return row->toJson();
}

} // namespace lemm::server
