#pragma once
// The vault a server process owns: configuration, relational store, encrypted object store,
// mailer, clock and the server's Ed25519 signing key. Created once at start (open() creates the
// data directory, the master and signing keys, applies migrations and brings the transparency
// log up to the audit log); shared by every service and thread afterwards. The configuration
// is immutable once open: whoever needs another value builds the config before open().

#include "server/base/config.h"
#include "server/storage/database.h"
#include "server/storage/mailer.h"
#include "server/storage/object_store.h"

#include "core/crypto/signing.h"

#include <QDateTime>

#include <functional>
#include <memory>

namespace lemm::server {

class WitnessFile;

class Vault
{
public:
    static Result<std::unique_ptr<Vault>> open(ServerConfig config);
    ~Vault();

    const ServerConfig &config() const { return m_config; }
    const Database &db() const { return *m_db; }
    ObjectStore &store() { return *m_store; }
    Mailer &mailer() { return *m_mailer; }

    // Key for signed tokens of one purpose (e.g. "preview"), derived from the master key.
    QByteArray tokenKey(const QString &purpose) const;

    // The server's signing key (tree heads; receipts, proofs and webhooks may sign with it too).
    // Loaded once at open; never log or serialise it.
    const core::crypto::SigningKey &signingKey() const { return m_signingKey; }

    // The governance policy in force (the newest stored version).
    Result<core::Policy> policy() const;

    QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }
    QString nowIso() const;
    // Tests move time forward with a manual clock; production never calls this.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    // Runs `work(const Tx &)` inside one transaction on this thread's connection; commits when
    // it returns a value, rolls back when it returns an error.
    template <typename F>
    auto transact(F &&work) const -> decltype(work(std::declval<const Tx &>()))
    {
        return server::transact(*m_db, std::forward<F>(work));
    }

private:
    Vault() = default;
    core::Status startTransparencyLog();
    ServerConfig m_config;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<Mailer> m_mailer;
    std::function<QDateTime()> m_clock;
    QByteArray m_masterKey;
    core::crypto::SigningKey m_signingKey;
    std::unique_ptr<WitnessFile> m_witness; // when config().witnessFile is set
};

} // namespace lemm::server
