#include "server/services/packs.h"

#include "server/base/json_util.h"
#include "server/storage/audit_log.h"

#include "core/base/ids.h"

#include <QJsonArray>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

Result<QJsonObject> PackService::createPack(const Account &admin, const PackRequest &pack)
{
    const QString &name = pack.name;
    const QString packId = newId(QStringLiteral("pack"));
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Status {
        auto dup = exec(tx, QStringLiteral("SELECT 1 FROM data_packs WHERE name = ?"), {name});
        if (!dup)
            return dup.error();
        if (dup.value().next())
            return Error::make(ErrorKind::Conflict, QStringLiteral("pack_exists"),
                               QStringLiteral("a pack named '%1' exists; packs are immutable, "
                                              "register a new version under a new name")
                                   .arg(name));
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO data_packs (pack_id, name, description, "
                                       "allowed_uses, license_constraints, clean_compatible, "
                                       "created_at, kind, filter, license, manifest_hash, "
                                       "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        {packId, name, pack.description,
                         compact(QJsonArray::fromStringList(pack.allowedUses)),
                         pack.licenseConstraints, int(pack.cleanCompatible), now,
                         pack.external ? QStringLiteral("external") : QStringLiteral("vault"),
                         compact(pack.filter), pack.license, pack.manifestHash, admin.id});
        if (!ins)
            return ins.error();
        auto logged =
            AuditLog::append(tx, audit::kPolicyChange, admin.id, packId,
                             QJsonObject{{QStringLiteral("change"), QStringLiteral("pack_created")},
                                         {QStringLiteral("name"), name},
                                         {QStringLiteral("new"), pack.asGiven}},
                             now);
        if (!logged)
            return logged.error();
        return okStatus();
    });
    if (!done)
        return done.error();
    auto all = listPacks();
    if (!all)
        return all.error();
    for (const QJsonValue &p : all->value(QStringLiteral("packs")).toArray())
        if (p.toObject().value(QStringLiteral("name")).toString() == name)
            return p.toObject();
    return Error::make(ErrorKind::Internal, QStringLiteral("pack_lost"), name);
}

Result<QJsonObject> PackService::listPacks() const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT pack_id, name, description, allowed_uses, license_constraints, "
                       "clean_compatible, created_at, kind, filter, license, manifest_hash FROM "
                       "data_packs ORDER BY name"));
    if (!q)
        return q.error();
    QJsonArray out;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        out.append(QJsonObject{
            {QStringLiteral("pack_id"), r.value(0).toString()},
            {QStringLiteral("name"), r.value(1).toString()},
            {QStringLiteral("description"), r.value(2).toString()},
            {QStringLiteral("allowed_uses"), parsed(r.value(3).toString())},
            {QStringLiteral("license_constraints"), r.value(4).toString()},
            {QStringLiteral("clean_compatible"), r.value(5).toInt() != 0},
            {QStringLiteral("created_at"), r.value(6).toString()},
            {QStringLiteral("external"), r.value(7).toString() == QLatin1String("external")},
            {QStringLiteral("filter"), parsed(r.value(8).toString())},
            {QStringLiteral("license"), r.value(9).toString()},
            {QStringLiteral("manifest_hash"), r.value(10).toString()}});
    }
    return QJsonObject{{QStringLiteral("packs"), out}};
}

} // namespace lemm::server
