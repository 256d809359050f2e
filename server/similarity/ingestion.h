#pragma once
// The ingestion worker (spec §2.1 step 3, §3.1, §3.2): claims a job from the JobQueue, reads
// the submission's audio through VaultAccess (purpose "ingestion", one vault_access entry),
// runs audio sanity, feature extraction (fp_exact, fp_robust, embedding, loudness, tempo,
// peaks), the one CheckPipeline (internal reference index, external sources; the same stages
// /safety/check runs), maps its evidence to flags with core/decisions, writes the FingerprintRecord
// and moves the track through the state machine by the decision tables, all in one
// transaction with the job's completion. Progress (the current stage) is on the job row.
// A job has a CPU and a memory budget (server/job_budget.h); spending it fails the job at
// once (no retry) with the reason on the job and the track.
//
// WorkerPool runs N workers on their own threads (`serve` in-process, `worker` alone). The
// composition root (server/cli/server_root.h) owns the pool and lends it the vault, the
// raw-audio gate, the process's one ReferenceIndex, the metrics and the WorkNotifier idle
// workers wait on. Each IngestionWorker lives on its pool thread and is used by it alone.

#include "server/services/jobs.h"
#include "server/services/metrics.h"
#include "server/services/vault_access.h"
#include "server/services/work_notifier.h"
#include "server/similarity/check_pipeline.h"
#include "server/storage/track_store.h"
#include "server/storage/vault.h"

#include "core/base/cpu_budget.h"
#include "core/domain/decisions.h"
#include "core/domain/policy.h"

#include <QThread>

#include <atomic>
#include <memory>

namespace lemm::server {

class IngestionWorker
{
public:
    // What a worker borrows; everything outlives it (the composition root owns it).
    struct Deps {
        Vault &vault;
        VaultAccess &access;
        ReferenceIndex &references;
        Metrics &metrics;
        const TrackStore &tracks;
    };
    IngestionWorker(const Deps &deps, SourceSet sources, QString workerId);
    // Claims and processes one job. Returns false when no job was runnable.
    Result<bool> runOnce();

private:
    struct Run; // what one job carries from stage to stage
    // The stages of one job in order (ingestion.cpp draws them). Each returns true to go on,
    // false when the job already ended (cancelled, rejected for sanity), or the error that
    // fails this attempt.
    Status process(const Job &job, const core::Policy &policy);
    Result<bool> readTrack(Run &run);
    Result<bool> readAudio(Run &run);
    Result<bool> checkDeclared(Run &run);
    Result<bool> extract(Run &run);
    Result<bool> runChecks(Run &run);
    Result<bool> classify(Run &run);
    Result<bool> retryIfUnavailable(Run &run);
    Result<bool> record(Run &run);
    // Parts of the stages.
    void addReferenceMeta(const QString &trackId, QJsonObject &hit) const;
    Status writeFingerprintRecord(const Tx &tx, const Run &run, const QString &now) const;
    Status recordAnalysis(const Tx &tx, const Run &run, const QString &now) const;
    Status auditChecks(const Tx &tx, const Run &run, const QString &outcome,
                       const QString &now) const;
    Status moveTrack(const Tx &tx, const Run &run, const core::ChecksDecision &decision,
                     const QString &now) const;

    Status giveUp(const Job &job, const QString &error);
    Status rejectForSanity(const Job &job, const QString &code, const QString &message);
    Status stage(const Job &job, const QString &name, const core::Policy &policy);

    Vault &m_vault;
    VaultAccess &m_access;
    Metrics &m_metrics;
    const TrackStore &m_tracks;
    // The current job's CPU budget (worker/job_cpu_seconds) on this worker's thread: restarted
    // by process(), checked at every stage boundary and by the decoder.
    core::CpuBudget m_cpu;
    CheckPipeline m_pipeline;
    QString m_workerId;
    JobQueue m_queue;
};

class WorkerPool
{
public:
    // `threads` workers that wait on `notifier` (at most `pollMs`) when idle. Sources are
    // loaded by the caller.
    WorkerPool(const IngestionWorker::Deps &deps, WorkNotifier &notifier, SourceSet sources,
               int threads, int pollMs);
    ~WorkerPool(); // stops and joins
    void start();
    void stop();
    int size() const { return int(m_threads.size()); }

private:
    IngestionWorker::Deps m_deps;
    WorkNotifier &m_notifier;
    SourceSet m_sources;
    int m_count;
    int m_pollMs;
    std::atomic<bool> m_stop{false};
    std::vector<std::unique_ptr<QThread>> m_threads;
};

} // namespace lemm::server
