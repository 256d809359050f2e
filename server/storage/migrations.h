#pragma once
// Versioned schema migrations, applied in order at start (and by `lemm-vault-server migrate`).
// One schema for SQLite and PostgreSQL: TEXT ids and ISO-8601 timestamps, BIGINT integers,
// INTEGER 0/1 booleans, JSON stored as TEXT; the few dialect differences (triggers) are written
// out per dialect. PostgreSQL runs are serialised with an advisory lock so several server
// processes can start at once.

#include "server/storage/database.h"

namespace lemm::server {

struct MigrationReport {
    int fromVersion = 0;
    int toVersion = 0;
};

int latestSchemaVersion();
Result<MigrationReport> migrate(const Database &db);

} // namespace lemm::server
