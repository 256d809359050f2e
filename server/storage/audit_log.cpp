#include "server/storage/audit_log.h"

#include "server/storage/subject_links.h"
#include "server/storage/transparency_log.h"

#include <QJsonDocument>

namespace lemm::server {

namespace {

core::AuditEntry entryFrom(const QSqlQuery &q)
{
    core::AuditEntry e;
    e.seq = q.value(0).toLongLong();
    e.at = q.value(1).toString();
    e.eventType = q.value(2).toString();
    e.actor = q.value(3).toString();
    e.subject = q.value(4).toString();
    e.payload = q.value(5).toString();
    e.prevHash = q.value(6).toString();
    e.hash = q.value(7).toString();
    return e;
}

const QString kColumns =
    QStringLiteral("seq, at, event_type, actor, subject, payload, prev_hash, hash");

} // namespace

Result<core::AuditEntry> AuditLog::append(const Tx &tx, const QString &eventType,
                                          const QString &actor, const QString &subject,
                                          const QJsonObject &payload, const QString &at)
{
    // Taking the head row's write lock first serialises appenders on both dialects.
    auto bump = exec(tx, QStringLiteral("UPDATE audit_head SET seq = seq + 1 WHERE id = 1"));
    if (!bump)
        return bump.error();
    auto head = exec(tx, QStringLiteral("SELECT seq, hash FROM audit_head WHERE id = 1"));
    if (!head)
        return head.error();
    if (!head.value().next())
        return Error::make(ErrorKind::Internal, QStringLiteral("audit_head_missing"),
                           QStringLiteral("the audit log head row is missing"));
    core::AuditEntry e;
    e.seq = head.value().value(0).toLongLong();
    e.prevHash = head.value().value(1).toString();
    e.at = at;
    e.eventType = eventType;
    e.actor = actor;
    e.subject = subject;
    // Back-links to the previous entries about the same subjects (proofs, issue 14).
    auto linked = subject_links::link(tx, eventType, subject, payload, e.seq);
    if (!linked)
        return linked.error();
    e.payload = QString::fromUtf8(QJsonDocument(linked.value()).toJson(QJsonDocument::Compact));
    e.hash = core::entryHash(e);
    auto ins = exec(
        tx,
        QStringLiteral("INSERT INTO audit_log (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
        {e.seq, e.at, e.eventType, e.actor, e.subject, e.payload, e.prevHash, e.hash});
    if (!ins)
        return ins.error();
    auto upd = exec(tx, QStringLiteral("UPDATE audit_head SET hash = ? WHERE id = 1"), {e.hash});
    if (!upd)
        return upd.error();
    // The entry is also the next leaf of the transparency log; the transaction's tree head is
    // signed once, before it commits (Database::beforeCommit).
    if (auto leaf = TransparencyLog::addLeaf(tx, e.seq, e.hash); !leaf)
        return leaf.error();
    tx.markAuditAppended();
    return e;
}

Result<AuditVerifyReport> AuditLog::verify(const Database &database)
{
    auto conn = database.connection();
    if (!conn)
        return conn.error();
    auto q =
        exec(conn.value(), QStringLiteral("SELECT %1 FROM audit_log ORDER BY seq").arg(kColumns));
    if (!q)
        return q.error();
    core::AuditChainVerifier verifier;
    AuditVerifyReport report;
    while (q.value().next()) {
        if (auto problem = verifier.feed(entryFrom(q.value()))) {
            report.problem = *problem;
            report.entries = verifier.count();
            return report;
        }
    }
    report.entries = verifier.count();
    report.headHash = verifier.lastHash();
    auto head = exec(conn.value(), QStringLiteral("SELECT seq, hash FROM audit_head WHERE id = 1"));
    if (!head)
        return head.error();
    if (!head.value().next()) {
        report.problem = QStringLiteral("the audit head row is missing");
        return report;
    }
    const qint64 headSeq = head.value().value(0).toLongLong();
    const QString headHash = head.value().value(1).toString();
    if (headSeq != verifier.lastSeq() || headHash != verifier.lastHash()) {
        report.problem = QStringLiteral("entry %1: the log ends at entry %2 but its head records "
                                        "entry %1 (entries were removed from the end)")
                             .arg(headSeq)
                             .arg(verifier.lastSeq());
        if (headSeq == verifier.lastSeq())
            report.problem = QStringLiteral("entry %1: the head hash does not match the last "
                                            "entry")
                                 .arg(headSeq);
        return report;
    }
    report.ok = true;
    return report;
}

Result<QList<core::AuditEntry>> AuditLog::list(const Database &database, const Filter &filter)
{
    auto conn = database.connection();
    if (!conn)
        return conn.error();
    QString sql = QStringLiteral("SELECT %1 FROM audit_log WHERE 1 = 1").arg(kColumns);
    QVariantList binds;
    const auto where = [&](const QString &value, const char *clause) {
        if (value.isEmpty())
            return;
        sql += QLatin1String(clause);
        binds << value;
    };
    where(filter.eventType, " AND event_type = ?");
    where(filter.subject, " AND subject = ?");
    where(filter.actor, " AND actor = ?");
    where(filter.since, " AND at >= ?");
    where(filter.until, " AND at < ?");
    sql += QStringLiteral(" ORDER BY seq DESC LIMIT %1").arg(qBound(1, filter.limit, 1000));
    auto q = exec(conn.value(), sql, binds);
    if (!q)
        return q.error();
    QList<core::AuditEntry> out;
    while (q.value().next())
        out << entryFrom(q.value());
    return out;
}

} // namespace lemm::server
