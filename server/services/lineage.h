#pragma once
// Lineage (spec §7): the model registry and its queries — which runs trained a model on which
// packs, which models a track went into, a run's resolved tracks, and the runs that already
// used tracks revoked since. Read-only. Thread-safe: state lives in the database. Borrows (from
// the composition root) the vault.

#include "server/storage/vault.h"

#include <QJsonObject>

namespace lemm::server {

class LineageService
{
public:
    explicit LineageService(Vault &vault) : m_vault(vault) {}

    // GET /models/{id}/lineage, GET /tracks/{id}/lineage.
    Result<QJsonObject> modelLineage(const QString &modelId) const;
    Result<QJsonObject> trackLineage(const QString &trackId) const;
    // GET /models: every registered model with its run count, newest first.
    Result<QJsonObject> listModels() const;
    // GET /training/runs/{id}: the run (as in the model lineage) with its resolved tracks
    // (id, title, artist, pack) — the run → tracks step of lineage navigation.
    Result<QJsonObject> runDetail(const QString &runId) const;
    // GET /lineage/revoked (admin): revoked tracks that runs already used, with their models
    // (spec §7.3: no automatic retraining in v0; the admin decides).
    Result<QJsonObject> revokedImpact() const;

private:
    Vault &m_vault;
};

} // namespace lemm::server
