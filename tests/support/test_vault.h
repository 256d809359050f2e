#pragma once
// An in-process vault for service-level tests: a temporary data directory, a fresh database on
// the backend under test, and a manual clock the test moves forward (no sleeps).

#include "server/cli/server_root.h"
#include "server/services/accounts.h"
#include "server/storage/vault.h"

#include <QDateTime>
#include <QTemporaryDir>

#include <memory>

namespace lemm::test {

class TestVault
{
public:
    TestVault(); // qFatal on failure: nothing can be tested without a vault
    // The same with the configuration edited before the vault opens (it is immutable after).
    explicit TestVault(const std::function<void(server::ServerConfig &)> &configure);
    ~TestVault();
    server::Vault &operator*() { return *m_vault; }
    server::Vault *operator->() { return m_vault.get(); }
    QString dataDir() const { return m_dir.path(); }
    QString databaseUrl() const { return m_dbUrl; }

    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }

    // A person account with the given roles; by default verified and affirmed, as the real
    // flow would leave it (registration mail, token, affirmation).
    server::Account person(const QString &email, core::RoleSet roles = {core::Role::Contributor},
                           bool verified = true, bool affirmed = true);
    server::Account service(const QString &name, QString *apiKey = nullptr);

    // The composition root around this vault with its configured sources, made on first use
    // (qFatal when a source cannot be loaded); the services, router and workers come from it.
    server::ServerRoot &root();

private:
    QTemporaryDir m_dir;
    QString m_dbUrl;
    QDateTime m_now = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    std::unique_ptr<server::Vault> m_vault;
    std::unique_ptr<server::ServerRoot> m_root; // borrows m_vault: destroyed first
};

// The verification token of the newest mail to `email` in DIR/outbox/mail.
QString latestMailToken(const QString &dataDir, const QString &email,
                        const QString &field = QStringLiteral("verification-token"));

} // namespace lemm::test
