#include "server/storage/policy_store.h"

#include "server/base/json_util.h"
#include "server/storage/audit_log.h"

#include <QJsonDocument>

namespace lemm::server {

using json::compact;

namespace {

const QString kLatestSql =
    QStringLiteral("SELECT version, policy FROM policy_versions ORDER BY version DESC LIMIT 1");

// The newest stored version from the answer to kLatestSql.
Result<std::pair<qint64, core::Policy>> latestFrom(Result<QSqlQuery> q)
{
    if (!q)
        return q.error();
    if (!q.value().next())
        return std::make_pair(qint64(0), core::Policy{});
    // Stored versions were validated when written; parse them in the partial form so a field
    // added by a later release takes its default.
    auto p = core::Policy::fromJson(
        QJsonDocument::fromJson(q.value().value(1).toString().toUtf8()).object());
    if (!p)
        return Error::make(ErrorKind::Internal, QStringLiteral("stored_policy_invalid"),
                           QStringLiteral("stored policy version %1 is invalid: %2")
                               .arg(q.value().value(0).toLongLong())
                               .arg(p.error().message));
    return std::make_pair(q.value().value(0).toLongLong(), p.value());
}

Result<std::pair<qint64, core::Policy>> latest(const Tx &tx)
{
    return latestFrom(exec(tx, kLatestSql));
}

Result<std::pair<qint64, core::Policy>> latest(const QSqlDatabase &db)
{
    return latestFrom(exec(db, kLatestSql));
}

} // namespace

Status PolicyStore::seed(const Database &database, const core::Policy &initial, const QString &at)
{
    return transact(database, [&](const Tx &tx) -> Status {
        auto cur = latest(tx);
        if (!cur)
            return cur.error();
        if (cur->first > 0)
            return core::okStatus();
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO policy_versions (version, policy, author, "
                                       "note, created_at) VALUES (1, ?, 'config', ?, ?)"),
                        {compact(initial.toJson()),
                         QStringLiteral("initial policy from the configuration"), at});
        if (!ins)
            return ins.error();
        auto logged = AuditLog::append(
            tx, audit::kPolicyChange, QStringLiteral("config"), QStringLiteral("policy"),
            QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("new"), initial.toJson()}},
            at);
        if (!logged)
            return logged.error();
        return core::okStatus();
    });
}

Result<core::Policy> PolicyStore::current(const Database &database)
{
    auto conn = database.connection();
    if (!conn)
        return conn.error();
    auto cur = latest(conn.value());
    if (!cur)
        return cur.error();
    return cur->second;
}

Result<QJsonObject> PolicyStore::currentJson(const Database &database)
{
    auto q = database.query(QStringLiteral("SELECT version, policy, author, created_at FROM "
                                           "policy_versions ORDER BY version DESC LIMIT 1"));
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::make(ErrorKind::NotFound, QStringLiteral("no_policy"),
                           QStringLiteral("no policy has been stored yet"));
    auto p = core::Policy::fromJson(
        QJsonDocument::fromJson(q.value().value(1).toString().toUtf8()).object());
    if (!p)
        return p.error();
    return QJsonObject{{QStringLiteral("version"), q.value().value(0).toLongLong()},
                       {QStringLiteral("author"), q.value().value(2).toString()},
                       {QStringLiteral("created_at"), q.value().value(3).toString()},
                       {QStringLiteral("policy"), p->toJson()},
                       {QStringLiteral("fields"), core::policyFieldsJson()}};
}

Result<QJsonArray> PolicyStore::history(const Database &database, int limit)
{
    auto q = database.query(QStringLiteral("SELECT version, policy, author, note, created_at FROM "
                                           "policy_versions ORDER BY version DESC LIMIT ?"),
                            {limit + 1});
    if (!q)
        return q.error();
    struct Row {
        qint64 version;
        core::Policy policy;
        QString author, note, at;
    };
    QList<Row> rows;
    while (q.value().next()) {
        auto p = core::Policy::fromJson(
            QJsonDocument::fromJson(q.value().value(1).toString().toUtf8()).object());
        rows << Row{q.value().value(0).toLongLong(), p ? p.value() : core::Policy{},
                    q.value().value(2).toString(), q.value().value(3).toString(),
                    q.value().value(4).toString()};
    }
    QJsonArray out;
    for (int i = 0; i < rows.size() && i < limit; ++i) {
        const Row &r = rows[i];
        QJsonObject changes;
        if (i + 1 < rows.size())
            changes = core::policyDiff(rows[i + 1].policy, r.policy);
        out.append(QJsonObject{{QStringLiteral("version"), r.version},
                               {QStringLiteral("author"), r.author},
                               {QStringLiteral("note"), r.note},
                               {QStringLiteral("created_at"), r.at},
                               {QStringLiteral("changes"), changes}});
    }
    return out;
}

Result<QJsonObject> PolicyStore::update(const Database &database, const QString &authorId,
                                        const QJsonObject &policy, const QString &note,
                                        qint64 baseVersion, const QString &at)
{
    auto parsed = core::Policy::fromJson(policy, true);
    if (!parsed)
        return parsed.error();
    return transact(database, [&](const Tx &tx) -> Result<QJsonObject> {
        auto cur = latest(tx);
        if (!cur)
            return cur.error();
        if (baseVersion > 0 && baseVersion != cur->first)
            return Error::make(
                ErrorKind::Conflict, QStringLiteral("policy_changed"),
                QStringLiteral("the policy changed meanwhile (now version %1, you "
                               "edited version %2); reload and apply your change again")
                    .arg(cur->first)
                    .arg(baseVersion));
        const QJsonObject diff = core::policyDiff(cur->second, parsed.value());
        if (diff.isEmpty())
            return Error::make(ErrorKind::Conflict, QStringLiteral("policy_unchanged"),
                               QStringLiteral("the new policy equals the one in force"));
        const qint64 version = cur->first + 1;
        auto ins =
            exec(tx,
                 QStringLiteral("INSERT INTO policy_versions (version, policy, author, note, "
                                "created_at) VALUES (?, ?, ?, ?, ?)"),
                 {version, compact(parsed->toJson()), authorId, note, at});
        if (!ins)
            return ins.error();
        auto logged = AuditLog::append(tx, audit::kPolicyChange, authorId, QStringLiteral("policy"),
                                       QJsonObject{{QStringLiteral("version"), version},
                                                   {QStringLiteral("old"), cur->second.toJson()},
                                                   {QStringLiteral("new"), parsed->toJson()},
                                                   {QStringLiteral("changes"), diff},
                                                   {QStringLiteral("note"), note}},
                                       at);
        if (!logged)
            return logged.error();
        return QJsonObject{{QStringLiteral("version"), version},
                           {QStringLiteral("author"), authorId},
                           {QStringLiteral("created_at"), at},
                           {QStringLiteral("changes"), diff},
                           {QStringLiteral("policy"), parsed->toJson()}};
    });
}

} // namespace lemm::server
