#include "server/services/accounts.h"

#include "server/storage/track_store.h"

#include "core/domain/decisions.h"

#include "server/services/login_throttle.h"
#include "server/services/password_policy.h"
#include "server/storage/audit_log.h"

#include "core/base/ids.h"
#include "core/base/json_fields.h"
#include "core/crypto/crypto.h"
#include "core/domain/contribution.h"
#include "core/domain/terms.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace lemm::server {

using core::FieldReader;
using core::Role;
using core::RoleSet;
namespace crypto = core::crypto;

namespace {

const QString kSessionPrefix = QStringLiteral("lvs_");
const QString kApiKeyPrefix = QStringLiteral("lvk_");
const QString kAccountColumns =
    QStringLiteral("contributor_id, email, display_name, roles, account_kind, email_verified, "
                   "rights_holder_affirmed, rights_holder_affirmed_at, affirmed_terms_version, "
                   "bulk_source_approved");

RoleSet parseRoles(const QString &csv)
{
    RoleSet out;
    for (const QString &s : csv.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        Role r;
        if (core::parseRole(s, &r))
            out.insert(r);
    }
    return out;
}

Account accountFrom(const QSqlQuery &q)
{
    Account a;
    a.id = q.value(0).toString();
    a.email = q.value(1).toString();
    a.displayName = q.value(2).toString();
    a.roles = parseRoles(q.value(3).toString());
    a.kind = q.value(4).toString();
    a.emailVerified = q.value(5).toInt() != 0;
    a.rightsHolderAffirmed = q.value(6).toInt() != 0;
    a.rightsHolderAffirmedAt = q.value(7).toString();
    a.affirmedTermsVersion = q.value(8).toString();
    a.bulkSourceApproved = q.value(9).toInt() != 0;
    return a;
}

Error invalid(const QJsonObject &fields)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_fields"),
                       QStringLiteral("the request has invalid fields"), fields);
}

const QString kEmailMessage = QStringLiteral("must be a valid e-mail address");

QString normalisedEmail(const QString &email)
{
    return email.trimmed().toLower();
}

bool isEmailAddress(const QString &normalised)
{
    static const QRegularExpression re(QStringLiteral(
        R"(^[^@\s\x00-\x1f]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$)"));
    return normalised.size() <= 254 && re.match(normalised).hasMatch();
}

// POST /auth/register {email, password, display_name}.
struct Registration {
    QString email; // normalised
    QString password;
    QString displayName; // trimmed
};

Result<Registration> parseRegistration(const QJsonObject &body)
{
    FieldReader r(body);
    Registration reg;
    reg.email = r.string(QStringLiteral("email"));
    if (!r.failed(QStringLiteral("email"))) {
        reg.email = normalisedEmail(reg.email);
        if (!isEmailAddress(reg.email))
            r.fail(QStringLiteral("email"), kEmailMessage);
    }
    reg.password = r.string(QStringLiteral("password"));
    reg.displayName = r.string(QStringLiteral("display_name"));
    if (!r.failed(QStringLiteral("password")))
        if (const auto problem = passwordProblem(reg.password, reg.email))
            r.fail(QStringLiteral("password"), *problem);
    if (!r.failed(QStringLiteral("display_name")))
        if (const QString why = core::checkText(reg.displayName, 100); !why.isEmpty())
            r.fail(QStringLiteral("display_name"), why);
    reg.displayName = reg.displayName.trimmed();
    if (auto ok = r.check(QStringLiteral("the request has invalid fields")); !ok)
        return ok.error();
    return reg;
}

// POST /auth/login {email, password}: the address trimmed and lower-cased.
struct Credentials {
    QString email;
    QString password;
};

Result<Credentials> parseCredentials(const QJsonObject &body)
{
    FieldReader r(body);
    Credentials c{normalisedEmail(r.string(QStringLiteral("email"))),
                  r.string(QStringLiteral("password"))};
    if (auto ok = r.check(QStringLiteral("the request has invalid fields")); !ok)
        return ok.error();
    return c;
}

// POST /auth/verify-email {token}.
Result<QString> parseVerification(const QJsonObject &body)
{
    FieldReader r(body);
    const QString token = r.string(QStringLiteral("token"));
    if (auto ok = r.check(QStringLiteral("the request has invalid fields")); !ok)
        return ok.error();
    return token;
}

// POST /contributors/me/affirm {terms_version, rights_holder_affirmed: true}: the version.
Result<QString> parseAffirmation(const QJsonObject &body)
{
    FieldReader r(body);
    const QString version = r.string(QStringLiteral("terms_version"));
    const QJsonValue affirmed = r.value(QStringLiteral("rights_holder_affirmed"));
    if (!affirmed.isBool())
        r.fail(QStringLiteral("rights_holder_affirmed"), QStringLiteral("must be true"));
    else if (!affirmed.toBool())
        r.fail(QStringLiteral("rights_holder_affirmed"),
               QStringLiteral("must be true: only rights holders may contribute"));
    if (auto ok = r.check(QStringLiteral("the request has invalid fields")); !ok)
        return ok.error();
    return version;
}

// PUT /accounts/{id}/roles {roles: [contributor|reviewer|admin, ...]}: a non-empty set.
Result<RoleSet> parseRoleChange(const QJsonObject &body)
{
    const QJsonValue v = body.value(QStringLiteral("roles"));
    if (!v.isArray())
        return invalid(QJsonObject{
            {QStringLiteral("roles"), QStringLiteral("must be an array of role names")}});
    RoleSet roles;
    for (const QJsonValue &r : v.toArray()) {
        Role role;
        if (!r.isString() || !core::parseRole(r.toString(), &role) || role == Role::System)
            return invalid(
                QJsonObject{{QStringLiteral("roles"),
                             QStringLiteral("each entry must be contributor, reviewer or admin")}});
        roles.insert(role);
    }
    if (roles.isEmpty())
        return invalid(
            QJsonObject{{QStringLiteral("roles"), QStringLiteral("must name at least one role")}});
    return roles;
}

// POST /accounts/{id}/bulk-source {approved} (its only field).
Result<bool> parseBulkSource(const QJsonObject &body)
{
    const QJsonValue v = body.value(QStringLiteral("approved"));
    if (!v.isBool() || body.size() != 1)
        return invalid(QJsonObject{{QStringLiteral("approved"),
                                    QStringLiteral("is required: true or false (only field)")}});
    return v.toBool();
}

// The message of a 401 for a session ended for `reason` (sessions.revoked_reason).
QString revokedMessage(const QString &reason)
{
    if (reason == QLatin1String("logout_all"))
        return QStringLiteral("every session of this account was logged out; log in again");
    if (reason == QLatin1String("password_changed"))
        return QStringLiteral("the password was changed; log in again with the new one");
    if (reason == QLatin1String("password_reset"))
        return QStringLiteral("the password was reset; log in again with the new one");
    if (reason == QLatin1String("session_cap"))
        return QStringLiteral("this session was ended because the account has too many newer "
                              "sessions; log in again");
    return QStringLiteral("this session was logged out; log in again");
}

// API keys record their last use to the minute, so that authenticating is not a write.
constexpr qint64 kLastUsedResolutionSec = 60;

// A valid argon2id hash of a random password, verified against when the e-mail is unknown so
// that login takes the same time whether or not an account exists.
const QString &dummyHash()
{
    static const QString h = crypto::hashPassword(crypto::randomToken(16)).value();
    return h;
}

Error tokenError(const QString &code, const QString &msg)
{
    return Error::make(code == QLatin1String("invalid_token") ? ErrorKind::InvalidInput
                                                              : ErrorKind::Gone,
                       code, msg);
}

} // namespace

core::Principal Account::principal() const
{
    core::Principal p;
    p.roles = roles;
    p.emailVerified = emailVerified;
    p.affirmedCurrentTerms =
        rightsHolderAffirmed && affirmedTermsVersion == core::currentTerms().version;
    return p;
}

Account Account::systemService(const QString &id, const QString &displayName)
{
    Account a;
    a.id = id;
    a.displayName = displayName;
    a.roles = {Role::System};
    a.kind = QStringLiteral("service");
    return a;
}

QJsonObject Account::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("email"), email},
        {QStringLiteral("display_name"), displayName},
        {QStringLiteral("roles"), QJsonArray::fromStringList(core::roleNames(roles))},
        {QStringLiteral("email_verified"), emailVerified},
        {QStringLiteral("rights_holder_affirmed"), rightsHolderAffirmed},
        {QStringLiteral("affirmed_terms_version"),
         affirmedTermsVersion.isEmpty() ? QJsonValue() : QJsonValue(affirmedTermsVersion)},
        {QStringLiteral("current_terms_version"), core::currentTerms().version},
        {QStringLiteral("bulk_source_approved"), bulkSourceApproved},
    };
}

Result<Account> AccountService::find(const QString &id) const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT %1 FROM contributors WHERE contributor_id = ?").arg(kAccountColumns),
        {id});
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::make(ErrorKind::NotFound, QStringLiteral("account_not_found"),
                           QStringLiteral("no such account"));
    return accountFrom(q.value());
}

Result<Account> AccountService::createAccount(const QString &email, const QString &password,
                                              const QString &displayName, const RoleSet &roles,
                                              bool verified, const QString &kind,
                                              const QString &actor)
{
    QString hash;
    if (!password.isEmpty()) {
        auto h = crypto::hashPassword(password);
        if (!h)
            return h.error();
        hash = h.value();
    }
    Account a;
    a.id = core::newId(kind == QLatin1String("service") ? QStringLiteral("svc")
                                                        : QStringLiteral("contrib"));
    a.email = email;
    a.displayName = displayName;
    a.roles = roles;
    a.kind = kind;
    a.emailVerified = verified;
    const QString now = m_vault.nowIso();
    return m_vault.transact([&](const Tx &tx) -> Result<Account> {
        auto dup = exec(tx, QStringLiteral("SELECT 1 FROM contributors WHERE email = ?"), {email});
        if (!dup)
            return dup.error();
        if (dup.value().next())
            return Error::make(
                ErrorKind::Conflict, QStringLiteral("email_taken"),
                QStringLiteral("an account with this e-mail address exists"),
                QJsonObject{{QStringLiteral("email"), QStringLiteral("is already registered")}});
        auto ins =
            exec(tx,
                 QStringLiteral("INSERT INTO contributors (contributor_id, email, display_name, "
                                "password_hash, roles, account_kind, email_verified, "
                                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                 {a.id, email, displayName, hash.isEmpty() ? QVariant(QString()) : hash,
                  core::roleNames(roles).join(QLatin1Char(',')), kind, int(verified), now});
        if (!ins)
            return ins.error();
        auto logged =
            AuditLog::append(tx, audit::kAccountCreated, actor, a.id,
                             QJsonObject{{QStringLiteral("roles"),
                                          QJsonArray::fromStringList(core::roleNames(roles))},
                                         {QStringLiteral("kind"), kind}},
                             now);
        if (!logged)
            return logged.error();
        return a;
    });
}

Result<Account> AccountService::registerAccount(const QJsonObject &body)
{
    auto reg = parseRegistration(body);
    if (!reg)
        return reg.error();
    const QString &email = reg->email;
    auto created = createAccount(email, reg->password, reg->displayName, {Role::Contributor}, false,
                                 QStringLiteral("person"), QStringLiteral("self"));
    if (!created)
        return created;

    // The account stays when the mail cannot leave: 503 mail_unavailable, and
    // POST /auth/verify-email/resend sends a new token later.
    if (auto sent = sendVerification(created->id, email, reg->displayName); !sent)
        return sent.error();
    return created;
}

Status AccountService::sendVerification(const QString &accountId, const QString &email,
                                        const QString &displayName)
{
    const QString token = crypto::randomToken();
    const QString now = m_vault.nowIso();
    const QString expires = core::toIso(m_vault.now().addSecs(m_vault.config().emailTokenTtlSec));
    auto stored = m_vault.transact([&](const Tx &tx) -> core::Status {
        auto r =
            exec(tx,
                 QStringLiteral("INSERT INTO email_tokens (token_hash, contributor_id, purpose, "
                                "created_at, expires_at) VALUES (?, ?, 'verify_email', ?, ?)"),
                 {crypto::tokenDigest(token), accountId, now, expires});
        if (!r)
            return r.error();
        return core::okStatus();
    });
    if (!stored)
        return stored.error();
    auto sent = m_vault.mailer().send(
        email, QStringLiteral("Verify your LEMM Vault e-mail address"),
        QStringLiteral("Hello %1,\r\n\r\nto verify this address, send this token to "
                       "POST /auth/verify-email:\r\n\r\nverification-token: %2\r\n\r\n"
                       "It expires at %3.\r\n")
            .arg(displayName, token, expires));
    if (!sent)
        return mailUnavailable(QStringLiteral("the verification mail"), sent.error());
    return core::okStatus();
}

Status AccountService::resendVerification(const QJsonObject &body)
{
    FieldReader r(body);
    const QString email = normalisedEmail(r.string(QStringLiteral("email")));
    if (!r.failed(QStringLiteral("email")) && !isEmailAddress(email))
        r.fail(QStringLiteral("email"), kEmailMessage);
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the request has invalid fields")); !ok)
        return ok.error();
    // Bounded mail: a few live tokens per account, however often someone asks.
    constexpr int kMaxLiveTokens = 3;
    auto q = m_vault.db().query(
        QStringLiteral("SELECT c.contributor_id, c.display_name, (SELECT COUNT(*) FROM "
                       "email_tokens t WHERE t.contributor_id = c.contributor_id AND t.purpose "
                       "= 'verify_email' AND t.used_at IS NULL AND t.expires_at > ?) FROM "
                       "contributors c WHERE c.email = ? AND c.account_kind = 'person' AND "
                       "c.email_verified = 0"),
        {m_vault.nowIso(), email});
    if (!q)
        return q.error();
    if (!q.value().next() || q.value().value(2).toLongLong() >= kMaxLiveTokens)
        return core::okStatus();
    const QString id = q.value().value(0).toString();
    const QString name = q.value().value(1).toString();
    q.value().finish();
    return sendVerification(id, email, name);
}

Result<Account> AccountService::verifyEmail(const QJsonObject &body)
{
    auto parsed = parseVerification(body);
    if (!parsed)
        return parsed.error();
    const QString &token = parsed.value();
    const QString now = m_vault.nowIso();
    auto id = m_vault.transact([&](const Tx &tx) -> Result<QString> {
        auto q = exec(tx,
                      QStringLiteral("SELECT contributor_id, expires_at, used_at FROM email_tokens "
                                     "WHERE token_hash = ? AND purpose = 'verify_email'"),
                      {crypto::tokenDigest(token)});
        if (!q)
            return q.error();
        if (!q.value().next())
            return tokenError(QStringLiteral("invalid_token"),
                              QStringLiteral("this verification token is not valid"));
        const QString who = q.value().value(0).toString();
        if (!q.value().value(2).toString().isEmpty())
            return tokenError(QStringLiteral("token_used"),
                              QStringLiteral("this verification token was already used"));
        if (q.value().value(1).toString() <= now)
            return tokenError(QStringLiteral("token_expired"),
                              QStringLiteral("this verification token has expired; register again "
                                             "or ask for a new one"));
        auto u = exec(tx,
                      QStringLiteral("UPDATE email_tokens SET used_at = ? WHERE token_hash = ? "
                                     "AND used_at IS NULL"),
                      {now, crypto::tokenDigest(token)});
        if (!u)
            return u.error();
        if (u.value().numRowsAffected() != 1)
            return tokenError(QStringLiteral("token_used"),
                              QStringLiteral("this verification token was already used"));
        auto v = exec(tx,
                      QStringLiteral("UPDATE contributors SET email_verified = 1 WHERE "
                                     "contributor_id = ?"),
                      {who});
        if (!v)
            return v.error();
        return who;
    });
    if (!id)
        return id.error();
    return find(id.value());
}

Result<Session> AccountService::login(const QJsonObject &body, const QString &peerAddress)
{
    auto credentials = parseCredentials(body);
    if (!credentials)
        return credentials.error();
    const QString &email = credentials->email;
    const QString &password = credentials->password;
    // Throttled attempts are not judged: the same 429 whether or not the password is right.
    const LoginThrottle throttle(m_vault);
    const auto attempt = LoginThrottle::attemptFor(email, peerAddress);
    const auto turn = LoginThrottle::serialize(attempt);
    if (auto allowed = throttle.check(attempt); !allowed)
        return allowed.error();
    auto q = m_vault.db().query(
        QStringLiteral("SELECT contributor_id, password_hash FROM contributors WHERE "
                       "email = ? AND account_kind = 'person'"),
        {email});
    if (!q)
        return q.error();
    const bool found = q.value().next();
    const QString id = found ? q.value().value(0).toString() : QString();
    const QString hash = found ? q.value().value(1).toString() : dummyHash();
    // End the read before the slow hash and the write: on SQLite an open read cannot be
    // upgraded while another connection writes.
    q.value().finish();
    if (!crypto::verifyPassword(hash, password) || !found) {
        if (auto counted = throttle.recordFailure(attempt); !counted)
            return counted.error();
        return Error::make(ErrorKind::Unauthorized, QStringLiteral("invalid_credentials"),
                           QStringLiteral("e-mail address or password is wrong"));
    }
    if (auto cleared = throttle.recordSuccess(attempt); !cleared)
        return cleared.error();
    return startSession(id);
}

Result<Session> AccountService::startSession(const QString &accountId)
{
    Session s;
    s.token = kSessionPrefix + crypto::randomToken();
    s.expiresAt = core::toIso(m_vault.now().addSecs(m_vault.config().sessionTtlSec));
    const QString now = m_vault.nowIso();
    const QString digest = crypto::tokenDigest(s.token);
    const int cap = m_vault.config().maxSessionsPerAccount;
    auto done = m_vault.transact([&](const Tx &tx) -> core::Status {
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO sessions (token_hash, contributor_id, "
                                       "created_at, expires_at) VALUES (?, ?, ?, ?)"),
                        {digest, accountId, now, s.expiresAt});
        if (!ins)
            return ins.error();
        // The cap: the new session and the newest others stay, the oldest live ones end.
        auto live = exec(tx,
                         QStringLiteral("SELECT token_hash FROM sessions WHERE contributor_id = ? "
                                        "AND revoked_at IS NULL AND expires_at > ? AND "
                                        "token_hash <> ? ORDER BY created_at DESC, token_hash"),
                         {accountId, now, digest});
        if (!live)
            return live.error();
        QStringList dropped;
        for (int kept = 1; live.value().next();)
            if (kept < cap)
                ++kept;
            else
                dropped << live.value().value(0).toString();
        live.value().finish();
        for (const QString &old : dropped) {
            auto end = exec(tx,
                            QStringLiteral("UPDATE sessions SET revoked_at = ?, revoked_reason = "
                                           "'session_cap' WHERE token_hash = ?"),
                            {now, old});
            if (!end)
                return end.error();
        }
        return core::okStatus();
    });
    if (!done)
        return done.error();
    return s;
}

core::Status AccountService::logout(const QString &bearer)
{
    if (bearer.startsWith(kApiKeyPrefix))
        return apiKeyIsNotASession();
    auto r = m_vault.db().query(
        QStringLiteral("UPDATE sessions SET revoked_at = ?, revoked_reason = 'logout' WHERE "
                       "token_hash = ? AND revoked_at IS NULL"),
        {m_vault.nowIso(), crypto::tokenDigest(bearer)});
    if (!r)
        return r.error();
    return core::okStatus();
}

Error AccountService::apiKeyIsNotASession()
{
    return Error::make(ErrorKind::Conflict, QStringLiteral("api_key_not_a_session"),
                       QStringLiteral("this request is authenticated with an API key, which is "
                                      "not a session: logging out does not revoke it. An admin "
                                      "revokes or rotates it (POST /admin/api-keys/NAME/revoke or "
                                      "/rotate, or `lemm-vault-server api-key revoke --name "
                                      "NAME`)"));
}

bool AccountService::isApiKey(const QString &bearer)
{
    return bearer.startsWith(kApiKeyPrefix);
}

Result<Account> AccountService::authenticate(const QString &bearer) const
{
    auto unauthorized = [](const QString &code, const QString &msg) {
        return Error::make(ErrorKind::Unauthorized, code, msg);
    };
    if (bearer.isEmpty())
        return unauthorized(QStringLiteral("authentication_required"),
                            QStringLiteral("send Authorization: Bearer TOKEN"));
    const QString digest = crypto::tokenDigest(bearer);
    QString id;
    if (bearer.startsWith(kApiKeyPrefix)) {
        // Read on every request: a revoked or rotated key is refused at once.
        auto q = m_vault.db().query(
            QStringLiteral("SELECT contributor_id, last_used_at FROM api_keys WHERE key_hash = ? "
                           "AND revoked_at IS NULL"),
            {digest});
        if (!q)
            return q.error();
        if (!q.value().next())
            return unauthorized(QStringLiteral("invalid_token"),
                                QStringLiteral("unknown or revoked API key"));
        id = q.value().value(0).toString();
        const QString lastUsed = q.value().value(1).toString();
        q.value().finish();
        const QDateTime now = m_vault.now();
        if (lastUsed.isEmpty() || core::fromIso(lastUsed).addSecs(kLastUsedResolutionSec) <= now) {
            // Best effort: a busy database must not turn a valid key into an error.
            auto used = m_vault.db().query(
                QStringLiteral("UPDATE api_keys SET last_used_at = ? WHERE key_hash = ?"),
                {core::toIso(now), digest});
            if (!used)
                qWarning("API key of account %s: last use not recorded: %s", qPrintable(id),
                         qPrintable(used.error().message));
        }
    } else {
        auto q = m_vault.db().query(
            QStringLiteral("SELECT contributor_id, expires_at, revoked_at, revoked_reason FROM "
                           "sessions WHERE token_hash = ?"),
            {digest});
        if (!q)
            return q.error();
        if (!q.value().next())
            return unauthorized(QStringLiteral("invalid_token"),
                                QStringLiteral("unknown session token; log in again"));
        if (!q.value().value(2).toString().isEmpty())
            return unauthorized(QStringLiteral("token_revoked"),
                                revokedMessage(q.value().value(3).toString()));
        if (q.value().value(1).toString() <= m_vault.nowIso())
            return unauthorized(QStringLiteral("token_expired"),
                                QStringLiteral("this session has expired; log in again"));
        id = q.value().value(0).toString();
    }
    return find(id);
}

Result<Account> AccountService::affirm(const Account &who, const QJsonObject &body)
{
    auto affirmation = parseAffirmation(body);
    if (!affirmation)
        return affirmation.error();
    const QString &version = affirmation.value();
    const auto &terms = core::currentTerms();
    if (version != terms.version)
        return Error::make(ErrorKind::Conflict, QStringLiteral("terms_outdated"),
                           QStringLiteral("the current terms version is %1; read GET /terms and "
                                          "accept that version")
                               .arg(terms.version),
                           QJsonObject{{QStringLiteral("terms_version"),
                                        QStringLiteral("must be %1").arg(terms.version)}});
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> core::Status {
        auto u = exec(tx,
                      QStringLiteral("UPDATE contributors SET rights_holder_affirmed = 1, "
                                     "rights_holder_affirmed_at = ?, affirmed_terms_version = ? "
                                     "WHERE contributor_id = ?"),
                      {now, version, who.id});
        if (!u)
            return u.error();
        auto a = AuditLog::append(tx, audit::kTermsAffirmed, who.id, who.id,
                                  QJsonObject{{QStringLiteral("terms_version"), version},
                                              {QStringLiteral("affirmation"), terms.affirmation}},
                                  now);
        if (!a)
            return a.error();
        return core::okStatus();
    });
    if (!done)
        return done.error();
    return find(who.id);
}

Result<Account> AccountService::createAdmin(const QString &email, const QString &password,
                                            const QString &displayName)
{
    QJsonObject errors;
    const QString e = normalisedEmail(email);
    if (!isEmailAddress(e))
        errors.insert(QStringLiteral("email"), kEmailMessage);
    if (const auto problem = passwordProblem(password, e))
        errors.insert(QStringLiteral("password"), *problem);
    if (!errors.isEmpty())
        return invalid(errors);
    return createAccount(
        e, password, displayName.isEmpty() ? QStringLiteral("Administrator") : displayName,
        {Role::Admin}, true, QStringLiteral("person"), QStringLiteral("cli:create-admin"));
}

Result<QString> AccountService::createServiceAccount(const QString &name)
{
    const QString why = core::checkText(name, 100);
    if (!why.isEmpty())
        return invalid(QJsonObject{{QStringLiteral("name"), why}});
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._-]+$"));
    if (!re.match(name).hasMatch())
        return invalid(QJsonObject{{QStringLiteral("name"),
                                    QStringLiteral("use letters, digits, '.', '_' and '-' only")}});
    auto a = createAccount(name + QStringLiteral("@service.lemm-vault.invalid"), {}, name,
                           {Role::System}, true, QStringLiteral("service"),
                           QStringLiteral("cli:create-service-account"));
    if (!a)
        return a.error();
    const QString key = kApiKeyPrefix + crypto::randomToken();
    auto ins = m_vault.db().query(
        QStringLiteral("INSERT INTO api_keys (key_hash, contributor_id, name, created_at) "
                       "VALUES (?, ?, ?, ?)"),
        {crypto::tokenDigest(key), a->id, name, m_vault.nowIso()});
    if (!ins)
        return ins.error();
    return key;
}

Result<QList<Account>> AccountService::listAccounts() const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT %1 FROM contributors ORDER BY created_at, contributor_id")
            .arg(kAccountColumns));
    if (!q)
        return q.error();
    QList<Account> out;
    while (q.value().next())
        out << accountFrom(q.value());
    return out;
}

Result<Account> AccountService::setRoles(const Account &admin, const QString &accountId,
                                         const QJsonObject &body)
{
    auto requested = parseRoleChange(body);
    if (!requested)
        return requested.error();
    const RoleSet &roles = requested.value();
    auto target = find(accountId);
    if (!target)
        return target.error();
    if (target->kind != QLatin1String("person"))
        return Error::make(ErrorKind::Conflict, QStringLiteral("not_a_person"),
                           QStringLiteral("roles of service accounts cannot be changed here"));
    if (accountId == admin.id && !roles.contains(Role::Admin))
        return Error::make(ErrorKind::Conflict, QStringLiteral("cannot_demote_self"),
                           QStringLiteral("an admin cannot remove their own admin role"));
    const QString now = m_vault.nowIso();
    const QStringList oldNames = core::roleNames(target->roles);
    const QStringList newNames = core::roleNames(roles);
    auto done = m_vault.transact([&](const Tx &tx) -> core::Status {
        auto u =
            exec(tx, QStringLiteral("UPDATE contributors SET roles = ? WHERE contributor_id = ?"),
                 {newNames.join(QLatin1Char(',')), accountId});
        if (!u)
            return u.error();
        auto a = AuditLog::append(
            tx, audit::kPolicyChange, admin.id, accountId,
            QJsonObject{{QStringLiteral("change"), QStringLiteral("roles")},
                        {QStringLiteral("old"), QJsonArray::fromStringList(oldNames)},
                        {QStringLiteral("new"), QJsonArray::fromStringList(newNames)}},
            now);
        if (!a)
            return a.error();
        return core::okStatus();
    });
    if (!done)
        return done.error();
    return find(accountId);
}

Result<Account> AccountService::setBulkSource(const Account &admin, const QString &accountId,
                                              const QJsonObject &body)
{
    auto parsed = parseBulkSource(body);
    if (!parsed)
        return parsed.error();
    auto target = find(accountId);
    if (!target)
        return target.error();
    const bool approved = parsed.value();
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> core::Status {
        auto u = exec(tx,
                      QStringLiteral("UPDATE contributors SET bulk_source_approved = ? WHERE "
                                     "contributor_id = ?"),
                      {int(approved), accountId});
        if (!u)
            return u.error();
        // Held submissions of an approved source are released from the hold.
        if (approved) {
            if (auto released =
                    TrackStore::clearFlagOfArtist(tx, accountId, core::flags::kBulkHold);
                !released)
                return released.error();
        }
        auto a =
            AuditLog::append(tx, audit::kPolicyChange, admin.id, accountId,
                             QJsonObject{{QStringLiteral("change"), QStringLiteral("bulk_source")},
                                         {QStringLiteral("old"), target->bulkSourceApproved},
                                         {QStringLiteral("new"), approved}},
                             now);
        if (!a)
            return a.error();
        return core::okStatus();
    });
    if (!done)
        return done.error();
    return find(accountId);
}

} // namespace lemm::server
