#pragma once
// Versioned governance policy (spec §4.3): every version is a row of policy_versions; the
// newest is in force. Version 1 is seeded from the configuration file at first start; after
// that only admins change it (PUT /policy), each change a policy_change audit entry with the
// author, time, old and new values. Thread-safe (no state of its own).

#include "server/storage/database.h"

#include "core/domain/policy.h"

#include <QJsonArray>

namespace lemm::server {

class PolicyStore
{
public:
    // Inserts version 1 from `initial` when the table is empty.
    static Status seed(const Database &db, const core::Policy &initial, const QString &at);
    static Result<core::Policy> current(const Database &db);
    // {version, author, created_at, policy, fields}
    static Result<QJsonObject> currentJson(const Database &db);
    // Newest first: {version, author, created_at, note, changes: {field: {old, new}}}.
    static Result<QJsonArray> history(const Database &db, int limit);
    // Validates the full policy (strict form), stores it as the next version, logs the change.
    // `baseVersion` > 0 refuses the change with 409 when another admin saved meanwhile.
    static Result<QJsonObject> update(const Database &db, const QString &authorId,
                                      const QJsonObject &policy, const QString &note,
                                      qint64 baseVersion, const QString &at);
};

} // namespace lemm::server
