// Routes of accounts and credentials: registration, login and sessions, passwords, API keys,
// the contribution terms and the admin's account management.
#include "server/http/route_context.h"

#include "core/domain/terms.h"

#include <QJsonArray>

namespace lemm::server {

using routes::respond;

namespace {

QJsonObject termsJson()
{
    const auto &t = core::currentTerms();
    return QJsonObject{{QStringLiteral("version"), t.version},
                       {QStringLiteral("affirmation"), t.affirmation},
                       {QStringLiteral("bold_bullets"), QJsonArray::fromStringList(t.boldBullets)},
                       {QStringLiteral("text"), t.text},
                       {QStringLiteral("format"), QStringLiteral("markdown")}};
}

Result<ApiResponse> accountReply(int status, const Result<Account> &a)
{
    if (!a)
        return a.error();
    return ApiResponse::json(status, a->toJson());
}

// {logged_out|password_changed|password_reset: true, sessions_ended: n}
Result<ApiResponse> sessionsEnded(const char *what, const Result<int> &n)
{
    if (!n)
        return n.error();
    return ApiResponse::json(200, QJsonObject{{QString::fromLatin1(what), true},
                                              {QStringLiteral("sessions_ended"), n.value()}});
}

} // namespace

ApiRouter::Reply ApiRouter::terms(Context &)
{
    return ApiResponse::json(200, termsJson());
}

ApiRouter::Reply ApiRouter::registerAccount(Context &, const QJsonObject &body)
{
    return accountReply(201, m_accounts.registerAccount(body));
}

ApiRouter::Reply ApiRouter::verifyEmail(Context &, const QJsonObject &body)
{
    return accountReply(200, m_accounts.verifyEmail(body));
}

ApiRouter::Reply ApiRouter::resendVerification(Context &, const QJsonObject &body)
{
    if (auto s = m_accounts.resendVerification(body); !s)
        return s.error();
    // The same answer whether or not the account exists or is verified already.
    return ApiResponse::json(
        202, QJsonObject{{QStringLiteral("requested"), true},
                         {QStringLiteral("message"),
                          QStringLiteral("if an unverified account has this address, a new "
                                         "verification token was mailed to it")}});
}

ApiRouter::Reply ApiRouter::login(Context &c, const QJsonObject &body)
{
    auto s = m_accounts.login(body, c.request.peerAddress);
    if (!s)
        return s.error();
    return ApiResponse::json(200, QJsonObject{{QStringLiteral("token"), s->token},
                                              {QStringLiteral("expires_at"), s->expiresAt}});
}

ApiRouter::Reply ApiRouter::logout(Context &c)
{
    if (auto s = m_accounts.logout(c.bearer); !s)
        return s.error();
    return ApiResponse::json(200, QJsonObject{{QStringLiteral("logged_out"), true}});
}

// Credential lifecycle (issue 11): password change and reset, ending sessions, API keys.
ApiRouter::Reply ApiRouter::logoutAll(Context &c)
{
    return sessionsEnded("logged_out", m_credentials.logoutAll(c.who(), c.bearer));
}

ApiRouter::Reply ApiRouter::changePassword(Context &c, const QJsonObject &body)
{
    return sessionsEnded("password_changed", m_credentials.changePassword(c.who(), c.bearer, body,
                                                                          c.request.peerAddress));
}

ApiRouter::Reply ApiRouter::requestPasswordReset(Context &, const QJsonObject &body)
{
    if (auto s = m_credentials.requestPasswordReset(body); !s)
        return s.error();
    // The same answer whether or not the account exists.
    return ApiResponse::json(
        202, QJsonObject{{QStringLiteral("requested"), true},
                         {QStringLiteral("message"),
                          QStringLiteral("if an account has this address, a reset token "
                                         "was mailed to it")}});
}

ApiRouter::Reply ApiRouter::confirmPasswordReset(Context &, const QJsonObject &body)
{
    return sessionsEnded("password_reset", m_credentials.confirmPasswordReset(body));
}

ApiRouter::Reply ApiRouter::listApiKeys(Context &)
{
    auto keys = m_credentials.listApiKeys();
    if (!keys)
        return keys.error();
    QJsonArray out;
    for (const ApiKeyInfo &k : keys.value())
        out.append(k.toJson());
    return ApiResponse::json(200, QJsonObject{{QStringLiteral("api_keys"), out}});
}

ApiRouter::Reply ApiRouter::revokeApiKey(Context &c)
{
    auto k = m_credentials.revokeApiKey(c.who().id, c.param(QStringLiteral("name")));
    if (!k)
        return k.error();
    return ApiResponse::json(200, k->toJson());
}

ApiRouter::Reply ApiRouter::rotateApiKey(Context &c)
{
    auto k = m_credentials.rotateApiKey(c.who().id, c.param(QStringLiteral("name")));
    if (!k)
        return k.error();
    QJsonObject o = k->info.toJson();
    o.insert(QStringLiteral("api_key"), k->key); // shown once
    return ApiResponse::json(201, o);
}

ApiRouter::Reply ApiRouter::me(Context &c)
{
    return ApiResponse::json(200, c.who().toJson());
}

ApiRouter::Reply ApiRouter::affirm(Context &c, const QJsonObject &body)
{
    return accountReply(200, m_accounts.affirm(c.who(), body));
}

ApiRouter::Reply ApiRouter::listAccounts(Context &)
{
    auto list = m_accounts.listAccounts();
    if (!list)
        return list.error();
    QJsonArray out;
    for (const Account &a : list.value())
        out.append(a.toJson());
    return ApiResponse::json(200, QJsonObject{{QStringLiteral("accounts"), out}});
}

ApiRouter::Reply ApiRouter::setRoles(Context &c, const QJsonObject &body)
{
    return accountReply(200, m_accounts.setRoles(c.who(), c.param(QStringLiteral("id")), body));
}

ApiRouter::Reply ApiRouter::setBulkSource(Context &c, const QJsonObject &body)
{
    return accountReply(200,
                        m_accounts.setBulkSource(c.who(), c.param(QStringLiteral("id")), body));
}

} // namespace lemm::server
