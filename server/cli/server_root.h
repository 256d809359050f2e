#pragma once
// The composition root of a server process: the one place that builds the object graph and
// injects every part by constructor. `serve` and `worker` (server/cli/cli.cpp) build one; tests
// and benches build one around their own vault.
//
// Owns, in construction order (destroyed in reverse):
//   the Vault (configuration, database, object store, mailer, clock) when opened by open();
//   the external sources (SourceSet) — open() refuses to start when a configured one fails;
//   the Metrics of the process; the WorkNotifier idle workers wait on;
//   the ONE ReferenceIndex of the process, shared by the ingestion workers and output safety
//   (with [index] shards = N > 1, open() makes its robust part a scatter-gather to the index
//   shards, server/similarity/shard_client.h);
//   the TrackStore (the workers' and the SubmissionService's), the JobQueue, the raw-audio
//   gate VaultAccess and the services; the ApiRouter;
//   the OutboxDispatcher (delivers outbox rows to webhooks once startDispatcher() ran);
//   the ingestion WorkerPool once startWorkers() ran (destroyed, i.e. joined, first).
//
// Thread model: the root is built and destroyed on the main thread. Afterwards the router's
// handle() runs on the HTTP pool threads and each ingestion worker on its own pool thread; all
// of them share the services, the index, the metrics and the notifier, which are thread-safe
// (each header says how). Nothing here is created on the spot from a Vault& any more.

#include "server/http/api_router.h"
#include "server/services/accounts.h"
#include "server/services/credentials.h"
#include "server/services/jobs.h"
#include "server/services/lineage.h"
#include "server/services/metrics.h"
#include "server/services/outbox_dispatcher.h"
#include "server/services/packs.h"
#include "server/services/review.h"
#include "server/services/revocation.h"
#include "server/services/submissions.h"
#include "server/services/training_gateway.h"
#include "server/services/uploads.h"
#include "server/services/vault_access.h"
#include "server/services/work_notifier.h"
#include "server/similarity/check_pipeline.h"
#include "server/similarity/ingestion.h"
#include "server/similarity/reference_index.h"
#include "server/similarity/safety.h"
#include "server/storage/track_store.h"
#include "server/storage/vault.h"

#include <memory>

namespace lemm::server {

class ServerRoot
{
public:
    // Opens the vault of `config` (migrations included) and loads its external sources. A
    // configured source that cannot be loaded is an error (error code "sources_unloadable"):
    // the process must not start and check against less than it was told to.
    static Result<std::unique_ptr<ServerRoot>> open(ServerConfig config);
    // Around a vault the caller owns and keeps alive longer than the root (tests, benches).
    ServerRoot(Vault &vault, SourceSet sources);
    ~ServerRoot();
    ServerRoot(const ServerRoot &) = delete;
    ServerRoot &operator=(const ServerRoot &) = delete;

    // Starts `threads` ingestion workers on their own threads (at most once; 0: none).
    void startWorkers(int threads);
    int workerCount() const { return m_workers ? m_workers->size() : 0; }
    // Starts delivering the outbox to the configured webhooks on a thread of its own (at most
    // once; nothing when none is configured). `serve` calls it; stopped in the destructor.
    void startDispatcher() { m_dispatcher.start(); }
    OutboxDispatcher &dispatcher() { return m_dispatcher; }
    // A worker for the caller's own thread (tests and benches drive it with runOnce()).
    std::unique_ptr<IngestionWorker> makeWorker(const QString &workerId);

    Vault &vault() { return m_vault; }
    const SourceSet &sources() const { return m_sources; }
    Metrics &metrics() { return m_metrics; }
    WorkNotifier &notifier() { return m_notifier; }
    ReferenceIndex &references() { return m_references; }
    const TrackStore &trackStore() const { return m_trackStore; }
    JobQueue &jobs() { return m_jobs; }
    VaultAccess &vaultAccess() { return m_access; }
    AccountService &accounts() { return m_accounts; }
    CredentialService &credentials() { return m_credentials; }
    UploadService &uploads() { return m_uploads; }
    SubmissionService &submissions() { return m_submissions; }
    RevocationService &revocation() { return m_revocation; }
    ReviewService &review() { return m_review; }
    ReviewMaterial &reviewMaterial() { return m_material; }
    ClaimService &claims() { return m_claims; }
    PackService &packs() { return m_packs; }
    LineageService &lineage() { return m_lineage; }
    TrainingGateway &trainingGateway() { return m_gateway; }
    SafetyService &safety() { return m_safety; }
    ApiRouter &router() { return m_router; }

private:
    ServerRoot(std::unique_ptr<Vault> vault, SourceSet sources);
    IngestionWorker::Deps workerDeps();
    // [index] shards = N > 1 (issue 16): the robust index is queried on the N index shards.
    Status gatherFromShards();

    std::unique_ptr<Vault> m_ownedVault; // empty when the caller owns the vault
    Vault &m_vault;
    SourceSet m_sources;
    Metrics m_metrics;
    WorkNotifier m_notifier;
    ReferenceIndex m_references;
    TrackStore m_trackStore;
    JobQueue m_jobs;
    VaultAccess m_access;
    AccountService m_accounts;
    CredentialService m_credentials;
    UploadService m_uploads;
    SubmissionService m_submissions;
    RevocationService m_revocation;
    ClaimService m_claims;
    ReviewService m_review;
    ReviewMaterial m_material;
    PackService m_packs;
    LineageService m_lineage;
    TrainingGateway m_gateway;
    SafetyService m_safety;
    ApiRouter m_router;
    OutboxDispatcher m_dispatcher;
    std::unique_ptr<WorkerPool> m_workers;
};

} // namespace lemm::server
