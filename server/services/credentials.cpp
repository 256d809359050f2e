#include "server/services/credentials.h"

#include "server/base/json_util.h"
#include "server/services/login_throttle.h"
#include "server/services/password_policy.h"
#include "server/storage/audit_log.h"

#include "core/base/ids.h"
#include "core/base/json_fields.h"
#include "core/crypto/crypto.h"

namespace lemm::server {

namespace crypto = core::crypto;
using core::FieldReader;

namespace {

const QString kApiKeyPrefix = QStringLiteral("lvk_");
const QString kResetPurpose = QStringLiteral("password_reset");

// POST /auth/password {old_password, new_password}; the new one must pass the password policy
// for the account's e-mail address and differ from the old one.
struct PasswordChange {
    QString oldPassword;
    QString newPassword;
};

Result<PasswordChange> parsePasswordChange(const QJsonObject &body, const QString &email)
{
    FieldReader r(body);
    PasswordChange c{r.string(QStringLiteral("old_password")),
                     r.string(QStringLiteral("new_password"))};
    if (!r.failed(QStringLiteral("new_password"))) {
        if (const auto problem = passwordProblem(c.newPassword, email))
            r.fail(QStringLiteral("new_password"), *problem);
        else if (c.newPassword == c.oldPassword)
            r.fail(QStringLiteral("new_password"),
                   QStringLiteral("must differ from the old password"));
    }
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the password change has invalid fields")); !ok)
        return ok.error();
    return c;
}

// POST /auth/password-reset/request {email}: the address, trimmed and lower-cased.
Result<QString> parseResetRequest(const QJsonObject &body)
{
    FieldReader r(body);
    const QString email = r.string(QStringLiteral("email")).trimmed().toLower();
    if (!r.failed(QStringLiteral("email")) && (email.isEmpty() || email.size() > 254))
        r.fail(QStringLiteral("email"), QStringLiteral("must be an e-mail address"));
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the reset request has invalid fields")); !ok)
        return ok.error();
    return email;
}

// POST /auth/password-reset/confirm {token, new_password}.
struct PasswordReset {
    QString token;
    QString newPassword;
};

Result<PasswordReset> parsePasswordReset(const QJsonObject &body)
{
    FieldReader r(body);
    PasswordReset p{r.string(QStringLiteral("token")), r.string(QStringLiteral("new_password"))};
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the reset has invalid fields")); !ok)
        return ok.error();
    return p;
}

Error keyNotFound(const QString &name)
{
    return Error::make(ErrorKind::NotFound, QStringLiteral("api_key_not_found"),
                       QStringLiteral("no API key is named '%1' (GET /admin/api-keys lists them)")
                           .arg(name.left(100)));
}

ApiKeyInfo keyFrom(const QSqlQuery &q)
{
    return ApiKeyInfo{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                      q.value(3).toString(), q.value(4).toString()};
}

const QString kKeyColumns =
    QStringLiteral("name, contributor_id, created_at, last_used_at, revoked_at");

// The newest key named `name` (live ones first), inside the caller's transaction.
Result<std::optional<ApiKeyInfo>> newestKey(const Tx &tx, const QString &name)
{
    auto q = exec(tx,
                  QStringLiteral("SELECT %1 FROM api_keys WHERE name = ? ORDER BY CASE WHEN "
                                 "revoked_at IS NULL THEN 0 ELSE 1 END, created_at DESC")
                      .arg(kKeyColumns),
                  {name});
    if (!q)
        return q.error();
    if (!q.value().next())
        return std::optional<ApiKeyInfo>();
    return std::optional<ApiKeyInfo>(keyFrom(q.value()));
}

// Revokes every live key named `name`; returns how many.
Result<int> revokeLive(const Tx &tx, const QString &name, const QString &now)
{
    auto u = exec(tx,
                  QStringLiteral("UPDATE api_keys SET revoked_at = ? WHERE name = ? AND "
                                 "revoked_at IS NULL"),
                  {now, name});
    if (!u)
        return u.error();
    return u.value().numRowsAffected();
}

// Ends the account's live sessions except `keepDigest` (may be empty); returns how many.
Result<int> endSessions(const Tx &tx, const QString &accountId, const QString &keepDigest,
                        const QString &reason, const QString &now)
{
    QString sql = QStringLiteral("UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE "
                                 "contributor_id = ? AND revoked_at IS NULL AND expires_at > ?");
    QVariantList binds{now, reason, accountId, now};
    if (!keepDigest.isEmpty()) {
        sql += QStringLiteral(" AND token_hash <> ?");
        binds << keepDigest;
    }
    auto u = exec(tx, sql, binds);
    if (!u)
        return u.error();
    return u.value().numRowsAffected();
}

// Marks every outstanding reset token of the account used.
Status spendResetTokens(const Tx &tx, const QString &accountId, const QString &now)
{
    auto u = exec(tx,
                  QStringLiteral("UPDATE email_tokens SET used_at = ? WHERE contributor_id = ? "
                                 "AND purpose = ? AND used_at IS NULL"),
                  {now, accountId, kResetPurpose});
    if (!u)
        return u.error();
    return core::okStatus();
}

Result<QString> hashNewPassword(const QString &password, const QString &email, const QString &field)
{
    if (const auto problem = passwordProblem(password, email))
        return json::invalid(QJsonObject{{field, *problem}},
                             QStringLiteral("the new password is not acceptable"));
    return crypto::hashPassword(password);
}

Error resetTokenError(const QString &code, const QString &msg)
{
    return Error::make(code == QLatin1String("invalid_token") ? ErrorKind::InvalidInput
                                                              : ErrorKind::Gone,
                       code, msg);
}

} // namespace

QJsonObject ApiKeyInfo::toJson() const
{
    auto orNull = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("account_id"), accountId},
                       {QStringLiteral("created_at"), createdAt},
                       {QStringLiteral("last_used_at"), orNull(lastUsedAt)},
                       {QStringLiteral("revoked_at"), orNull(revokedAt)},
                       {QStringLiteral("revoked"), !revokedAt.isEmpty()}};
}

Result<QList<ApiKeyInfo>> CredentialService::listApiKeys() const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT %1 FROM api_keys ORDER BY name, created_at").arg(kKeyColumns));
    if (!q)
        return q.error();
    QList<ApiKeyInfo> out;
    while (q.value().next())
        out << keyFrom(q.value());
    return out;
}

Result<ApiKeyInfo> CredentialService::revokeApiKey(const QString &actor, const QString &name)
{
    const QString now = m_vault.nowIso();
    return m_vault.transact([&](const Tx &tx) -> Result<ApiKeyInfo> {
        auto key = newestKey(tx, name);
        if (!key)
            return key.error();
        if (!key.value())
            return keyNotFound(name);
        auto n = revokeLive(tx, name, now);
        if (!n)
            return n.error();
        if (n.value() == 0)
            return Error::make(ErrorKind::Conflict, QStringLiteral("api_key_already_revoked"),
                               QStringLiteral("every key named '%1' is revoked already; rotate "
                                              "to issue a new one")
                                   .arg(name));
        auto a = AuditLog::append(
            tx, audit::kCredentialChange, actor, key.value()->accountId,
            QJsonObject{{QStringLiteral("change"), QStringLiteral("api_key_revoked")},
                        {QStringLiteral("name"), name},
                        {QStringLiteral("keys_revoked"), n.value()}},
            now);
        if (!a)
            return a.error();
        ApiKeyInfo info = *key.value();
        info.revokedAt = now;
        return info;
    });
}

Result<RotatedKey> CredentialService::rotateApiKey(const QString &actor, const QString &name)
{
    const QString now = m_vault.nowIso();
    const QString key = kApiKeyPrefix + crypto::randomToken();
    return m_vault.transact([&](const Tx &tx) -> Result<RotatedKey> {
        auto old = newestKey(tx, name);
        if (!old)
            return old.error();
        if (!old.value())
            return keyNotFound(name);
        auto n = revokeLive(tx, name, now);
        if (!n)
            return n.error();
        const QString accountId = old.value()->accountId;
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO api_keys (key_hash, contributor_id, name, "
                                       "created_at) VALUES (?, ?, ?, ?)"),
                        {crypto::tokenDigest(key), accountId, name, now});
        if (!ins)
            return ins.error();
        auto a = AuditLog::append(
            tx, audit::kCredentialChange, actor, accountId,
            QJsonObject{{QStringLiteral("change"), QStringLiteral("api_key_rotated")},
                        {QStringLiteral("name"), name},
                        {QStringLiteral("keys_revoked"), n.value()}},
            now);
        if (!a)
            return a.error();
        return RotatedKey{key, ApiKeyInfo{name, accountId, now, {}, {}}};
    });
}

Result<int> CredentialService::changePassword(const Account &who, const QString &bearer,
                                              const QJsonObject &body, const QString &peerAddress)
{
    auto change = parsePasswordChange(body, who.email);
    if (!change)
        return change.error();
    const QString &oldPassword = change->oldPassword;
    const QString &newPassword = change->newPassword;

    // A stolen session must not become a way to guess the password: same throttle as login.
    const LoginThrottle throttle(m_vault);
    const auto attempt = LoginThrottle::attemptFor(who.email, peerAddress);
    const auto turn = LoginThrottle::serialize(attempt);
    if (auto allowed = throttle.check(attempt); !allowed)
        return allowed.error();
    auto q = m_vault.db().query(
        QStringLiteral("SELECT password_hash FROM contributors WHERE contributor_id = ?"),
        {who.id});
    if (!q)
        return q.error();
    const QString hash = q.value().next() ? q.value().value(0).toString() : QString();
    q.value().finish();
    if (hash.isEmpty() || !crypto::verifyPassword(hash, oldPassword)) {
        if (auto counted = throttle.recordFailure(attempt); !counted)
            return counted.error();
        return Error::make(
            ErrorKind::Forbidden, QStringLiteral("wrong_password"),
            QStringLiteral("the old password is wrong; nothing was changed"),
            QJsonObject{{QStringLiteral("old_password"), QStringLiteral("is not your password")}});
    }
    auto newHash = crypto::hashPassword(newPassword);
    if (!newHash)
        return newHash.error();
    const QString now = m_vault.nowIso();
    auto ended = m_vault.transact([&](const Tx &tx) -> Result<int> {
        auto u = exec(tx,
                      QStringLiteral("UPDATE contributors SET password_hash = ? WHERE "
                                     "contributor_id = ?"),
                      {newHash.value(), who.id});
        if (!u)
            return u.error();
        if (auto spent = spendResetTokens(tx, who.id, now); !spent)
            return spent.error();
        auto n = endSessions(tx, who.id, crypto::tokenDigest(bearer),
                             QStringLiteral("password_changed"), now);
        if (!n)
            return n.error();
        auto a = AuditLog::append(
            tx, audit::kCredentialChange, who.id, who.id,
            QJsonObject{{QStringLiteral("change"), QStringLiteral("password_changed")},
                        {QStringLiteral("sessions_ended"), n.value()}},
            now);
        if (!a)
            return a.error();
        return n.value();
    });
    if (!ended)
        return ended.error();
    if (auto cleared = throttle.recordSuccess(attempt); !cleared)
        return cleared.error();
    return ended.value();
}

Status CredentialService::requestPasswordReset(const QJsonObject &body)
{
    auto parsed = parseResetRequest(body);
    if (!parsed)
        return parsed.error();
    const QString &email = parsed.value();
    const QString token = crypto::randomToken();
    const QDateTime expires = m_vault.now().addSecs(m_vault.config().passwordResetTtlSec);
    const QString now = m_vault.nowIso();
    // Looked up outside the transaction: unknown addresses take no write lock.
    auto q = m_vault.db().query(QStringLiteral("SELECT contributor_id, display_name FROM "
                                               "contributors WHERE email = ? AND account_kind = "
                                               "'person'"),
                                {email});
    if (!q)
        return q.error();
    if (!q.value().next())
        return core::okStatus();
    const QString id = q.value().value(0).toString();
    const QString name = q.value().value(1).toString();
    q.value().finish();
    auto target = m_vault.transact([&](const Tx &tx) -> Result<QString> {
        // Bounded mail: a few live tokens per account, however often someone asks.
        auto live = exec(tx,
                         QStringLiteral("SELECT COUNT(*) FROM email_tokens WHERE contributor_id "
                                        "= ? AND purpose = ? AND used_at IS NULL AND "
                                        "expires_at > ?"),
                         {id, kResetPurpose, now});
        if (!live)
            return live.error();
        if (live.value().next() && live.value().value(0).toLongLong() >= kMaxOutstandingResets)
            return QString();
        live.value().finish();
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO email_tokens (token_hash, contributor_id, "
                                       "purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"),
                        {crypto::tokenDigest(token), id, kResetPurpose, now, core::toIso(expires)});
        if (!ins)
            return ins.error();
        return name.isEmpty() ? QStringLiteral("there") : name;
    });
    if (!target)
        return target.error();
    if (target.value().isEmpty())
        return core::okStatus();
    auto sent = m_vault.mailer().send(
        email, QStringLiteral("Reset your LEMM Vault password"),
        QStringLiteral("Hello %1,\r\n\r\nsomeone asked to reset the password of this LEMM Vault "
                       "account. To choose a new one, send this token with the new password to "
                       "POST /auth/password-reset/confirm:\r\n\r\npassword-reset-token: %2\r\n\r\n"
                       "It can be used once and expires at %3. If you did not ask, ignore this "
                       "mail: your password stays as it is.\r\n")
            .arg(target.value(), token, core::toIso(expires)));
    if (!sent)
        return mailUnavailable(QStringLiteral("the password reset mail"), sent.error());
    return core::okStatus();
}

Result<int> CredentialService::confirmPasswordReset(const QJsonObject &body)
{
    auto reset = parsePasswordReset(body);
    if (!reset)
        return reset.error();
    const QString &token = reset->token;
    const QString &password = reset->newPassword;
    const QString digest = crypto::tokenDigest(token);
    auto q = m_vault.db().query(
        QStringLiteral("SELECT t.contributor_id, t.expires_at, t.used_at, c.email FROM "
                       "email_tokens t JOIN contributors c ON c.contributor_id = "
                       "t.contributor_id WHERE t.token_hash = ? AND t.purpose = ?"),
        {digest, kResetPurpose});
    if (!q)
        return q.error();
    if (!q.value().next())
        return resetTokenError(QStringLiteral("invalid_token"),
                               QStringLiteral("this password reset token is not valid"));
    const QString accountId = q.value().value(0).toString();
    const QString expiresAt = q.value().value(1).toString();
    const bool used = !q.value().value(2).toString().isEmpty();
    const QString email = q.value().value(3).toString();
    q.value().finish();
    const QString usedMessage =
        QStringLiteral("this password reset token was already used; ask for a new one");
    if (used)
        return resetTokenError(QStringLiteral("token_used"), usedMessage);
    if (expiresAt <= m_vault.nowIso())
        return resetTokenError(QStringLiteral("token_expired"),
                               QStringLiteral("this password reset token has expired; ask for a "
                                              "new one (POST /auth/password-reset/request)"));
    // The token is spent only by a password that is accepted.
    auto hash = hashNewPassword(password, email, QStringLiteral("new_password"));
    if (!hash)
        return hash.error();
    const QString now = m_vault.nowIso();
    auto ended = m_vault.transact([&](const Tx &tx) -> Result<int> {
        auto spend = exec(tx,
                          QStringLiteral("UPDATE email_tokens SET used_at = ? WHERE token_hash = "
                                         "? AND used_at IS NULL AND expires_at > ?"),
                          {now, digest, now});
        if (!spend)
            return spend.error();
        if (spend.value().numRowsAffected() != 1)
            return resetTokenError(QStringLiteral("token_used"), usedMessage);
        if (auto spent = spendResetTokens(tx, accountId, now); !spent)
            return spent.error();
        auto u = exec(tx,
                      QStringLiteral("UPDATE contributors SET password_hash = ? WHERE "
                                     "contributor_id = ?"),
                      {hash.value(), accountId});
        if (!u)
            return u.error();
        auto n = endSessions(tx, accountId, {}, QStringLiteral("password_reset"), now);
        if (!n)
            return n.error();
        auto a = AuditLog::append(
            tx, audit::kCredentialChange, accountId, accountId,
            QJsonObject{{QStringLiteral("change"), QStringLiteral("password_reset")},
                        {QStringLiteral("sessions_ended"), n.value()}},
            now);
        if (!a)
            return a.error();
        return n.value();
    });
    if (!ended)
        return ended.error();
    // Whoever holds the mailbox may log in again at once.
    if (auto cleared = LoginThrottle(m_vault).clearAccount(LoginThrottle::attemptFor(email, {}));
        !cleared)
        return cleared.error();
    return ended.value();
}

Result<int> CredentialService::logoutAll(const Account &who, const QString &bearer)
{
    if (AccountService::isApiKey(bearer))
        return AccountService::apiKeyIsNotASession();
    const QString now = m_vault.nowIso();
    return m_vault.transact([&](const Tx &tx) -> Result<int> {
        return endSessions(tx, who.id, {}, QStringLiteral("logout_all"), now);
    });
}

} // namespace lemm::server
