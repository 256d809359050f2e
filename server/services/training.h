#pragma once
// Training-only data access (spec §5) and lineage (§7): the dataset registry (data packs), the
// training gateway that resolves a run's allowed tracks server-side and hands out per-track
// signed, expiring fetch tokens, and the model registry with its lineage queries.
// Workers never list the vault: they get exactly the resolved set of their run. Thread-safe.
// Borrows (from the composition root) the vault and the raw-audio gate training fetches read
// through.

#include "server/services/accounts.h"
#include "server/services/contributions.h"
#include "server/storage/vault.h"

#include <QJsonArray>
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

// POST /training/runs, validated.
struct RunRequest {
    QString modelId;
    QString modelType;
    QString runId;
    QStringList packs;
    QJsonObject filters;
    QJsonObject hyperparameters;
    QString configHash;
    bool clean = false;
    QString modelName; // the model id when not given
};

class TrainingService
{
public:
    TrainingService(Vault &vault, VaultAccess &access) : m_vault(vault), m_access(access) {}

    // POST /packs (admin), GET /packs.
    Result<QJsonObject> createPack(const Account &admin, const PackRequest &pack);
    Result<QJsonObject> listPacks() const;

    // The tracks a run created now could use (before pack and run filters): the same
    // TrackStore::trainingEligible selection createRun resolves from.
    Result<QStringList> eligibleTrackIds() const;
    // POST /training/runs (system): validates, resolves, stores the set, logs training_batch.
    Result<QJsonObject> createRun(const Account &who, const RunRequest &run);
    // GET /training/runs/{id}/manifest?page=N (the run's own service account only).
    Result<QJsonObject> manifest(const Account &who, const QString &runId, int page) const;
    // GET /training/audio/{token}: the original bytes of a still-eligible track, decrypted as
    // the device is read.
    Result<std::unique_ptr<QIODevice>> audio(const QString &token);
    // POST /training/runs/{id}/complete (the body's only field, notes, is not stored).
    Result<QJsonObject> complete(const Account &who, const QString &runId);

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

    static constexpr int kPageSize = 500;

private:
    Vault &m_vault;
    VaultAccess &m_access;
};

} // namespace lemm::server
