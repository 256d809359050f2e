#pragma once
// The dataset registry (spec §5): data packs, immutable once registered, that training runs
// draw their tracks from (vault packs by a filter, external packs by license and manifest
// hash). Thread-safe: state lives in the database. Borrows (from the composition root) the
// vault.

#include "server/services/accounts.h"
#include "server/storage/vault.h"

#include <QJsonObject>
#include <QStringList>

namespace lemm::server {

// POST /packs, validated (server/http/routes_training.cpp parses it).
struct PackRequest {
    QString name;
    QString description;
    QStringList allowedUses;
    bool cleanCompatible = false;
    bool external = false;
    QString license;      // external packs
    QString manifestHash; // external packs: 64 hex digits
    QJsonObject filter;   // vault packs: {status, genre, language, submitted_after, ..._before}
    QString licenseConstraints;
    QJsonObject asGiven; // the body as sent, for the audit entry
};

class PackService
{
public:
    explicit PackService(Vault &vault) : m_vault(vault) {}

    // POST /packs (admin), GET /packs.
    Result<QJsonObject> createPack(const Account &admin, const PackRequest &pack);
    Result<QJsonObject> listPacks() const;

private:
    Vault &m_vault;
};

} // namespace lemm::server
