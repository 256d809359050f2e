#pragma once
// The ingestion job queue (spec §2.1 step 3) in the relational store. A worker claims one
// runnable job with a lease: SQLite in one BEGIN IMMEDIATE transaction, PostgreSQL with
// SELECT ... FOR UPDATE SKIP LOCKED, so two workers never take the same job. A worker killed
// mid-job simply stops renewing its lease; once it expires the job is claimable again (the
// attempt counts). Failures are retried with exponential backoff; every state change names
// the worker, and a worker that lost its lease cannot write results. Thread-safe.

#include "server/storage/vault.h"

#include <QJsonObject>

#include <optional>

namespace lemm::server {

struct Job {
    QString id;
    QString kind; // "ingest" (first checks) or "recheck" (similarity re-run, e.g. after a claim)
    QString trackId;
    int attempts = 0; // including this one
};

class JobQueue
{
public:
    explicit JobQueue(Vault &vault) : m_vault(vault) {}

    // Inside the caller's transaction. The caller wakes this process's idle workers through
    // its WorkNotifier once the transaction committed.
    static Status enqueue(const Tx &tx, const QString &kind, const QString &trackId,
                          const QString &now);

    // The oldest runnable job (queued and due, or running with an expired lease), now owned
    // by `workerId` until the lease ends; nullopt when there is none.
    Result<std::optional<Job>> claim(const QString &workerId, int leaseSec);
    // Records the stage the job is in and renews the lease.
    Status heartbeat(const Job &job, const QString &workerId, const QString &stage, int leaseSec);
    Status complete(const Job &job, const QString &workerId);
    // Records a failed attempt: queued again after retryBaseDelaySec * 2^(attempts-1), or
    // `failed` when attempts reached maxAttempts. Returns true when the job is now failed.
    Result<bool> fail(const Job &job, const QString &workerId, const QString &error,
                      int maxAttempts, int retryBaseDelaySec);
    // Inside the caller's transaction: the running job of `workerId` ends with `state`.
    static Status finish(const Tx &tx, const Job &job, const QString &workerId,
                         const QString &state, const QString &now);

    // Counts by state, for /metrics and operators.
    Result<QHash<QString, qint64>> countsByState() const;
    // The newest job of a track: {state, stage, attempts, last_error, updated_at}.
    Result<QJsonObject> latestForTrack(const QString &trackId) const;

private:
    Vault &m_vault;
};

} // namespace lemm::server
