#include "server/cli/server_root.h"

#include "server/similarity/shard_client.h"

namespace lemm::server {

namespace {

// The server key's detached Ed25519 signature over webhook deliveries (the vault owns the key
// and outlives the dispatcher).
WebhookSigner webhookSigner(const Vault &vault)
{
    const core::crypto::SigningKey &key = vault.signingKey();
    return {[&key](const QByteArray &message) { return key.sign(message); }, key.keyId()};
}

} // namespace

Result<std::unique_ptr<ServerRoot>> ServerRoot::open(ServerConfig config)
{
    auto vault = Vault::open(std::move(config));
    if (!vault)
        return vault.error();
    auto sources = loadSourceSet(vault.value()->config());
    if (!sources)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("sources_unloadable"),
                           QStringLiteral("a configured external source cannot be loaded: %1")
                               .arg(sources.error().message));
    std::unique_ptr<ServerRoot> root(
        new ServerRoot(std::move(vault).value(), std::move(sources).value()));
    if (auto sharded = root->gatherFromShards(); !sharded)
        return sharded.error();
    return root;
}

Status ServerRoot::gatherFromShards()
{
    const ServerConfig::Index &cfg = m_vault.config().index;
    if (cfg.shards <= 1)
        return core::okStatus();
    auto key = ShardGatherer::readKeyFile(cfg.shardKeyFile);
    if (!key)
        return key.error();
    m_references.gatherFrom(std::make_unique<ShardGatherer>(
        m_vault.db(), ShardGatherer::Settings{cfg.shards, key.value(), cfg.shardTimeoutMs,
                                              3 * cfg.heartbeatSec}));
    return core::okStatus();
}

ServerRoot::ServerRoot(std::unique_ptr<Vault> vault, SourceSet sources)
    : ServerRoot(*vault, std::move(sources))
{
    m_ownedVault = std::move(vault);
}

ServerRoot::ServerRoot(Vault &vault, SourceSet sources)
    : m_vault(vault), m_sources(std::move(sources)), m_references(vault.db()),
      m_trackStore(vault.db()), m_jobs(vault), m_access(vault), m_accounts(vault),
      m_credentials(vault), m_uploads(vault),
      m_submissions(vault, m_trackStore, m_jobs, m_notifier), m_revocation(vault, m_submissions),
      m_claims(vault, m_submissions, m_notifier),
      m_review(vault, m_trackStore, m_submissions, m_claims, m_notifier),
      m_material(vault, m_access), m_packs(vault), m_lineage(vault),
      m_gateway(vault, m_access, m_lineage), m_safety(vault, m_references, m_sources, m_metrics),
      m_router(vault, ApiServices{m_accounts, m_credentials, m_uploads, m_submissions, m_revocation,
                                  m_review, m_material, m_claims, m_packs, m_gateway, m_lineage,
                                  m_safety, m_references, m_jobs, m_metrics}),
      m_dispatcher(OutboxDispatcher::Deps{vault.db(), vault.config().webhooks,
                                          [&vault] { return vault.now(); }, webhookSigner(vault)})
{
}

ServerRoot::~ServerRoot()
{
    m_workers.reset(); // joins the worker threads while everything they borrow still exists
    m_dispatcher.stop();
}

IngestionWorker::Deps ServerRoot::workerDeps()
{
    return IngestionWorker::Deps{m_vault, m_access, m_references, m_metrics, m_trackStore};
}

void ServerRoot::startWorkers(int threads)
{
    if (m_workers || threads <= 0)
        return;
    m_workers = std::make_unique<WorkerPool>(workerDeps(), m_notifier, m_sources, threads,
                                             m_vault.config().workerPollMs);
    m_workers->start();
}

std::unique_ptr<IngestionWorker> ServerRoot::makeWorker(const QString &workerId)
{
    return std::make_unique<IngestionWorker>(workerDeps(), m_sources, workerId);
}

} // namespace lemm::server
