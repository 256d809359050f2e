#pragma once
// Training-only data access (spec §5): the training gateway resolves a run's allowed tracks
// server-side and hands out per-track signed, expiring fetch tokens. Workers never list the
// vault: they get exactly the resolved set of their run. Thread-safe: state lives in the
// database (training links are single-use and counted there, so every server process sharing it
// agrees). Borrows (from the composition root) the vault, the raw-audio gate training fetches
// read through, and the lineage service a completed run is answered from.

#include "server/services/accounts.h"
#include "server/services/lineage.h"
#include "server/services/vault_access.h"
#include "server/storage/vault.h"

#include <QJsonObject>
#include <QStringList>

#include <memory>

namespace lemm::server {

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

class TrainingGateway
{
public:
    TrainingGateway(Vault &vault, VaultAccess &access, const LineageService &lineage)
        : m_vault(vault), m_access(access), m_lineage(lineage)
    {
    }

    // The tracks a run created now could use (before pack and run filters): the same
    // TrackStore::trainingEligible selection createRun resolves from.
    Result<QStringList> eligibleTrackIds() const;
    // POST /training/runs (system): validates, resolves, stores the set, logs training_batch.
    Result<QJsonObject> createRun(const Account &who, const RunRequest &run);
    // GET /training/runs/{id}/manifest?page=N (the run's own service account only).
    Result<QJsonObject> manifest(const Account &who, const QString &runId, int page) const;
    // GET /training/audio/{token}: the original bytes of a still-eligible track, decrypted as
    // the device is read. `who` must be the service that started the run (the link's other
    // holders get run_not_found); each link works once (410 link_used) and one run fetches one
    // track at most Policy::trainingFetchLimit times (429 fetch_limit_reached).
    Result<std::unique_ptr<QIODevice>> audio(const Account &who, const QString &token);
    // POST /training/runs/{id}/complete (the body's only field, notes, is not stored).
    Result<QJsonObject> complete(const Account &who, const QString &runId);

    static constexpr int kPageSize = 500;

    // "sha256:" + hex SHA-256 of the compact JSON of `config` (keys sorted, no whitespace):
    // the config_hash of a run, computed from its hyperparameters.
    static QString configHashOf(const QJsonObject &config);

private:
    // What a training link names.
    struct FetchLink {
        QString run, track, id;
    };
    // The track is still in the run, eligible, the run open and `who`'s.
    core::Status checkFetchable(const Account &who, const FetchLink &link) const;
    // Marks the link used and counts the fetch against the run's limit for the track.
    core::Status consumeLink(const FetchLink &link);

    Vault &m_vault;
    VaultAccess &m_access;
    const LineageService &m_lineage;
};

} // namespace lemm::server
