#pragma once
// Accounts, credentials and roles (spec §2.1, §4.3): registration with argon2id passwords,
// e-mail verification tokens, expiring bearer sessions, API keys for `system` accounts,
// rights-holder affirmation, and admin role changes. Secrets (passwords, tokens, keys) are
// stored only as hashes and never logged. Thread-safe: state lives in the database.

#include "server/storage/vault.h"

#include "core/domain/permissions.h"

#include <QJsonObject>

namespace lemm::server {

struct Account {
    QString id;
    QString email;
    QString displayName;
    core::RoleSet roles;
    QString kind; // "person" | "service"
    bool emailVerified = false;
    bool rightsHolderAffirmed = false;
    QString rightsHolderAffirmedAt;
    QString affirmedTermsVersion;
    bool bulkSourceApproved = false; // admin-approved bulk-ingest source (spec §4.3)

    core::Principal principal() const;
    // An in-process `system` identity (ingestion worker, preview service, training gateway):
    // the actor of its audit entries; it has no database row and no credentials.
    static Account systemService(const QString &id, const QString &displayName);
    QJsonObject toJson() const; // the GET /auth/me shape
};

struct Session {
    QString token;
    QString expiresAt;
};

class AccountService
{
public:
    explicit AccountService(Vault &vault) : m_vault(vault) {}

    // 201 body; sends the verification mail.
    Result<Account> registerAccount(const QJsonObject &body);
    Result<Account> verifyEmail(const QJsonObject &body);
    // POST /auth/verify-email/resend {email}: a new verification mail for an unverified person
    // account (at most 3 live tokens); the same answer whether or not the account exists.
    core::Status resendVerification(const QJsonObject &body);
    // Password login, throttled per account and per client address (LoginThrottle).
    Result<Session> login(const QJsonObject &body, const QString &peerAddress = {});
    // A new session for an account, ending its oldest live sessions beyond
    // limits/max_sessions_per_account.
    Result<Session> startSession(const QString &accountId);
    // Ends the session `bearer`; an API key is refused (api_key_not_a_session) and stays valid.
    core::Status logout(const QString &bearer);
    static Error apiKeyIsNotASession();
    static bool isApiKey(const QString &bearer);
    // Resolves "Authorization: Bearer X" (session token or lvk_ API key).
    Result<Account> authenticate(const QString &bearer) const;
    Result<Account> affirm(const Account &who, const QJsonObject &body);

    Result<Account> createAdmin(const QString &email, const QString &password,
                                const QString &displayName);
    // Returns the new API key (shown once).
    Result<QString> createServiceAccount(const QString &name);

    Result<QList<Account>> listAccounts() const;
    Result<Account> setRoles(const Account &admin, const QString &accountId,
                             const QJsonObject &body);

    // POST /accounts/{id}/bulk-source {approved}: exempts a source from the bulk hold.
    Result<Account> setBulkSource(const Account &admin, const QString &accountId,
                                  const QJsonObject &body);

    Result<Account> find(const QString &id) const;

private:
    Result<Account> createAccount(const QString &email, const QString &password,
                                  const QString &displayName, const core::RoleSet &roles,
                                  bool verified, const QString &kind, const QString &actor);
    // A new verify_email token stored and mailed; 503 mail_unavailable when it cannot leave.
    core::Status sendVerification(const QString &accountId, const QString &email,
                                  const QString &displayName);
    Vault &m_vault;
};

} // namespace lemm::server
