#pragma once
// The credential lifecycle (issue 11) on top of AccountService: API keys listed, revoked and
// rotated by admins (HTTP) and operators (CLI); password change with the old password; password
// reset by a mailed, single-use, short-lived token; logging out every session. Every change is
// audited (event credential_change) without secrets. New secrets (rotated keys, reset tokens)
// exist only in the return value or the mail; the database holds their digests. Thread-safe:
// state lives in the database.

#include "server/services/accounts.h"
#include "server/storage/vault.h"

#include <QJsonObject>

namespace lemm::server {

// One API key as operators see it: never the key or its digest.
struct ApiKeyInfo {
    QString name;
    QString accountId;
    QString createdAt;
    QString lastUsedAt; // empty: never used (recorded to the minute)
    QString revokedAt;  // empty: live
    QJsonObject toJson() const;
};

struct RotatedKey {
    QString key; // shown once
    ApiKeyInfo info;
};

class CredentialService
{
public:
    explicit CredentialService(Vault &vault) : m_vault(vault) {}

    Result<QList<ApiKeyInfo>> listApiKeys() const;
    // `actor`: the admin's account id, or "cli:api-key". Revoking refuses (409) a name whose
    // keys are all revoked already; rotating also works then (a new key after a leak).
    Result<ApiKeyInfo> revokeApiKey(const QString &actor, const QString &name);
    Result<RotatedKey> rotateApiKey(const QString &actor, const QString &name);

    // POST /auth/password {old_password, new_password}: ends the account's other sessions;
    // returns how many. Wrong old passwords count against the login throttle.
    Result<int> changePassword(const Account &who, const QString &bearer, const QJsonObject &body,
                               const QString &peerAddress);
    // POST /auth/password-reset/request {email}: the same answer whether or not the account
    // exists; mails a token (at most kMaxOutstandingResets live ones per account).
    Status requestPasswordReset(const QJsonObject &body);
    // POST /auth/password-reset/confirm {token, new_password}: ends every session; returns how
    // many.
    Result<int> confirmPasswordReset(const QJsonObject &body);
    // POST /auth/logout-all: ends every session of the account (also `bearer`'s).
    Result<int> logoutAll(const Account &who, const QString &bearer);

    static constexpr int kMaxOutstandingResets = 3;

private:
    Vault &m_vault;
};

} // namespace lemm::server
