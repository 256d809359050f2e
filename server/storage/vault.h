#pragma once
// The vault a server process owns: configuration, relational store, encrypted object store,
// mailer and clock. Created once at start (open() creates the data directory, the master key
// and applies migrations); shared by every service and thread afterwards. The configuration
// is immutable once open: whoever needs another value builds the config before open().

#include "server/base/config.h"
#include "server/storage/database.h"
#include "server/storage/mailer.h"
#include "server/storage/object_store.h"

#include <QDateTime>

#include <functional>
#include <memory>

namespace lemm::server {

class Vault
{
public:
    static Result<std::unique_ptr<Vault>> open(ServerConfig config);

    const ServerConfig &config() const { return m_config; }
    const Database &db() const { return *m_db; }
    ObjectStore &store() { return *m_store; }
    Mailer &mailer() { return *m_mailer; }

    // Key for signed tokens of one purpose (e.g. "preview"), derived from the master key.
    QByteArray tokenKey(const QString &purpose) const;

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
    ServerConfig m_config;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<Mailer> m_mailer;
    std::function<QDateTime()> m_clock;
    QByteArray m_masterKey;
};

} // namespace lemm::server
