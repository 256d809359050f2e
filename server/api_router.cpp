#include "api_router.h"

#include "audit_log.h"
#include "migrations.h"

#include "core/ids.h"
#include "core/terms.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace lemm::server {

using core::Action;
using core::Decision;
using core::Ownership;

int httpStatusFor(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::InvalidInput: return 400;
    case ErrorKind::Unauthorized: return 401;
    case ErrorKind::Forbidden: return 403;
    case ErrorKind::NotFound: return 404;
    case ErrorKind::MethodNotAllowed: return 405;
    case ErrorKind::Conflict: return 409;
    case ErrorKind::Gone: return 410;
    case ErrorKind::PayloadTooLarge: return 413;
    case ErrorKind::UnsupportedMedia: return 415;
    case ErrorKind::Unprocessable: return 422;
    case ErrorKind::Unavailable: return 503;
    case ErrorKind::Internal: return 500;
    }
    return 500;
}

ApiResponse ApiResponse::json(int status, const QJsonObject &o)
{
    return ApiResponse{status, "application/json", QJsonDocument(o).toJson(QJsonDocument::Compact)};
}

ApiResponse ApiResponse::error(const Error &e)
{
    QString message = e.message;
    if (e.kind == ErrorKind::Internal) {
        // Details go to the server log, not to clients.
        qWarning("internal error %s: %s", qPrintable(e.code), qPrintable(e.message));
        message = QStringLiteral("internal server error; the operator's log has the details");
    }
    QJsonObject err{{QStringLiteral("code"), e.code}, {QStringLiteral("message"), message}};
    err.insert(QStringLiteral("fields"), e.fields);
    return json(httpStatusFor(e.kind), QJsonObject{{QStringLiteral("error"), err}});
}

QJsonObject ApiResponse::jsonBody() const
{
    return QJsonDocument::fromJson(body).object();
}

struct ApiRouter::Context {
    const ApiRequest &request;
    QHash<QString, QString> params;
    std::optional<Account> account;
    QString bearer;

    // Parses the body as a JSON object; any other body is a 400 naming the problem.
    Result<QJsonObject> jsonBody() const
    {
        if (request.body.trimmed().isEmpty())
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("malformed_json"),
                               QStringLiteral("the request body must be a JSON object"));
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &pe);
        if (pe.error != QJsonParseError::NoError)
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("malformed_json"),
                               QStringLiteral("the body is not valid JSON: %1 at offset %2")
                                   .arg(pe.errorString())
                                   .arg(pe.offset));
        if (!doc.isObject())
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("malformed_json"),
                               QStringLiteral("the request body must be a JSON object"));
        return doc.object();
    }

    // Resource-level decision: the route-level one already passed.
    core::Status authorize(Action action, Ownership ownership) const
    {
        const Decision d = core::decide(account->principal(), action, ownership);
        if (d == Decision::Allowed)
            return core::okStatus();
        if (d == Decision::HiddenNotFound)
            return Error::make(ErrorKind::NotFound, QStringLiteral("track_not_found"),
                               QStringLiteral("no such track"));
        return Error::make(ErrorKind::Forbidden, QStringLiteral("forbidden"),
                           QStringLiteral("your roles do not allow this"));
    }
};

namespace {

Error decisionError(Decision d)
{
    switch (d) {
    case Decision::NeedsVerifiedEmail:
        return Error::make(
            ErrorKind::Forbidden, QStringLiteral("email_not_verified"),
            QStringLiteral("verify your e-mail address first (POST /auth/verify-email)"));
    case Decision::NeedsAffirmation:
        return Error::make(ErrorKind::Forbidden, QStringLiteral("terms_not_affirmed"),
                           QStringLiteral("affirm that you hold the rights and accept the current "
                                          "contribution terms first (GET /terms, POST "
                                          "/contributors/me/affirm)"));
    default:
        return Error::make(ErrorKind::Forbidden, QStringLiteral("forbidden"),
                           QStringLiteral("your roles do not allow this"));
    }
}

QJsonObject termsJson()
{
    const auto &t = core::currentTerms();
    return QJsonObject{{QStringLiteral("version"), t.version},
                       {QStringLiteral("affirmation"), t.affirmation},
                       {QStringLiteral("bold_bullets"), QJsonArray::fromStringList(t.boldBullets)},
                       {QStringLiteral("text"), t.text},
                       {QStringLiteral("format"), QStringLiteral("markdown")}};
}

QJsonObject auditJson(const core::AuditEntry &e)
{
    return QJsonObject{
        {QStringLiteral("seq"), e.seq},
        {QStringLiteral("at"), e.at},
        {QStringLiteral("event_type"), e.eventType},
        {QStringLiteral("actor"), e.actor},
        {QStringLiteral("subject"), e.subject},
        {QStringLiteral("payload"), QJsonDocument::fromJson(e.payload.toUtf8()).object()},
        {QStringLiteral("prev_hash"), e.prevHash},
        {QStringLiteral("hash"), e.hash}};
}

template <typename T> Result<ApiResponse> respond(int status, const Result<T> &r)
{
    if (!r)
        return r.error();
    return ApiResponse::json(status, r.value());
}

} // namespace

ApiRouter::ApiRouter(Vault &vault) : m_vault(vault), m_accounts(vault), m_contributions(vault)
{
    using C = Context;
    add(QStringLiteral("GET"), QStringLiteral("/health"), std::nullopt,
        [](C &) -> Result<ApiResponse> {
            return ApiResponse::json(
                200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                 {QStringLiteral("schema_version"), latestSchemaVersion()}});
        });
    add(QStringLiteral("GET"), QStringLiteral("/terms"), std::nullopt,
        [](C &) -> Result<ApiResponse> { return ApiResponse::json(200, termsJson()); });
    add(QStringLiteral("POST"), QStringLiteral("/auth/register"), std::nullopt,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            auto a = m_accounts.registerAccount(body.value());
            if (!a)
                return a.error();
            return ApiResponse::json(201, a->toJson());
        });
    add(QStringLiteral("POST"), QStringLiteral("/auth/verify-email"), std::nullopt,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            auto a = m_accounts.verifyEmail(body.value());
            if (!a)
                return a.error();
            return ApiResponse::json(200, a->toJson());
        });
    add(QStringLiteral("POST"), QStringLiteral("/auth/login"), std::nullopt,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            auto s = m_accounts.login(body.value());
            if (!s)
                return s.error();
            return ApiResponse::json(200,
                                     QJsonObject{{QStringLiteral("token"), s->token},
                                                 {QStringLiteral("expires_at"), s->expiresAt}});
        });
    add(QStringLiteral("POST"), QStringLiteral("/auth/logout"), Action::ReadOwnAccount,
        [this](C &c) -> Result<ApiResponse> {
            if (auto s = m_accounts.logout(c.bearer); !s)
                return s.error();
            return ApiResponse::json(200, QJsonObject{{QStringLiteral("logged_out"), true}});
        });
    add(QStringLiteral("GET"), QStringLiteral("/auth/me"), Action::ReadOwnAccount,
        [](C &c) -> Result<ApiResponse> { return ApiResponse::json(200, c.account->toJson()); });
    add(QStringLiteral("POST"), QStringLiteral("/contributors/me/affirm"), Action::AffirmTerms,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            auto a = m_accounts.affirm(*c.account, body.value());
            if (!a)
                return a.error();
            return ApiResponse::json(200, a->toJson());
        });
    add(QStringLiteral("POST"), QStringLiteral("/uploads"), Action::UploadAudio,
        [this](C &c) -> Result<ApiResponse> {
            const QString fileName =
                c.request.query.hasQueryItem(QStringLiteral("filename"))
                    ? c.request.query.queryItemValue(QStringLiteral("filename"), QUrl::FullyDecoded)
                    : QString();
            return respond(201, m_contributions.createUpload(
                                    *c.account, c.request.body,
                                    QString::fromLatin1(c.request.headers.value("content-type")),
                                    fileName));
        });
    add(QStringLiteral("POST"), QStringLiteral("/tracks/submit"), Action::SubmitTrack,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(201, m_contributions.submit(*c.account, body.value()));
        });
    auto trackRoute = [this](Action action, auto fn) {
        return [this, action, fn](C &c) -> Result<ApiResponse> {
            const QString id = c.params.value(QStringLiteral("id"));
            if (!core::hasIdShape(id, QStringLiteral("trk")))
                return Error::make(ErrorKind::NotFound, QStringLiteral("track_not_found"),
                                   QStringLiteral("no such track"));
            auto owner = m_contributions.ownerOf(id);
            if (!owner)
                return owner.error();
            auto ok = c.authorize(action, owner.value() == c.account->id ? Ownership::Own
                                                                         : Ownership::Other);
            if (!ok)
                return ok.error();
            return fn(c, id);
        };
    };
    add(QStringLiteral("GET"), QStringLiteral("/tracks/{id}"), Action::ReadTrack,
        trackRoute(Action::ReadTrack, [this](C &, const QString &id) {
            return respond(200, m_contributions.trackJson(id));
        }));
    add(QStringLiteral("GET"), QStringLiteral("/tracks/{id}/status"), Action::ReadTrack,
        trackRoute(Action::ReadTrack, [this](C &, const QString &id) {
            return respond(200, m_contributions.statusJson(id));
        }));
    add(QStringLiteral("POST"), QStringLiteral("/tracks/{id}/revoke"), Action::RevokeTrack,
        trackRoute(Action::RevokeTrack, [this](C &c, const QString &id) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(200, m_contributions.revoke(*c.account, id, body.value()));
        }));
    add(QStringLiteral("GET"), QStringLiteral("/contributors/me/tracks"), Action::ListOwnTracks,
        [this](C &c) { return respond(200, m_contributions.listOwn(*c.account)); });
    add(QStringLiteral("GET"), QStringLiteral("/accounts"), Action::ListAccounts,
        [this](C &) -> Result<ApiResponse> {
            auto list = m_accounts.listAccounts();
            if (!list)
                return list.error();
            QJsonArray out;
            for (const Account &a : list.value())
                out.append(a.toJson());
            return ApiResponse::json(200, QJsonObject{{QStringLiteral("accounts"), out}});
        });
    add(QStringLiteral("PUT"), QStringLiteral("/accounts/{id}/roles"), Action::ManageRoles,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            auto a =
                m_accounts.setRoles(*c.account, c.params.value(QStringLiteral("id")), body.value());
            if (!a)
                return a.error();
            return ApiResponse::json(200, a->toJson());
        });
    add(QStringLiteral("GET"), QStringLiteral("/audit"), Action::ReadAuditLog,
        [this](C &c) -> Result<ApiResponse> {
            bool ok = true;
            const QString limitText = c.request.query.queryItemValue(QStringLiteral("limit"));
            const int limit = limitText.isEmpty() ? 100 : limitText.toInt(&ok);
            if (!ok || limit < 1 || limit > 1000)
                return Error::make(
                    ErrorKind::InvalidInput, QStringLiteral("invalid_fields"),
                    QStringLiteral("limit must be a whole number from 1 to 1000"),
                    QJsonObject{{QStringLiteral("limit"), QStringLiteral("must be 1..1000")}});
            auto list = AuditLog::list(
                m_vault.db(), c.request.query.queryItemValue(QStringLiteral("event_type")),
                c.request.query.queryItemValue(QStringLiteral("subject")), limit);
            if (!list)
                return list.error();
            QJsonArray out;
            for (const auto &e : list.value())
                out.append(auditJson(e));
            return ApiResponse::json(200, QJsonObject{{QStringLiteral("entries"), out}});
        });
    add(QStringLiteral("GET"), QStringLiteral("/audit/verify"), Action::VerifyAuditLog,
        [this](C &) -> Result<ApiResponse> {
            auto r = AuditLog::verify(m_vault.db());
            if (!r)
                return r.error();
            return ApiResponse::json(200, QJsonObject{{QStringLiteral("ok"), r->ok},
                                                      {QStringLiteral("entries"), r->entries},
                                                      {QStringLiteral("head_hash"), r->headHash},
                                                      {QStringLiteral("problem"), r->problem}});
        });
}

void ApiRouter::add(const QString &method, const QString &pattern, std::optional<Action> action,
                    Handler handler)
{
    m_routes.append(Route{RouteInfo{method, pattern, action},
                          pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), std::move(handler)});
}

QList<RouteInfo> ApiRouter::routes() const
{
    QList<RouteInfo> out;
    for (const Route &r : m_routes)
        out << r.info;
    return out;
}

ApiResponse ApiRouter::handle(const ApiRequest &request)
{
    try {
        auto r = dispatch(request);
        if (!r)
            return ApiResponse::error(r.error());
        return r.value();
    } catch (const std::exception &e) {
        return ApiResponse::error(Error::make(ErrorKind::Internal, QStringLiteral("exception"),
                                              QString::fromLocal8Bit(e.what())));
    }
}

Result<ApiResponse> ApiRouter::dispatch(const ApiRequest &request)
{
    const QStringList segments = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const Route *match = nullptr;
    bool pathMatched = false;
    QHash<QString, QString> params;
    for (const Route &route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        QHash<QString, QString> p;
        bool ok = true;
        for (int i = 0; i < segments.size() && ok; ++i) {
            const QString &pat = route.segments[i];
            if (pat.startsWith(QLatin1Char('{')))
                p.insert(pat.mid(1, pat.size() - 2), segments[i]);
            else
                ok = pat == segments[i];
        }
        if (!ok)
            continue;
        pathMatched = true;
        if (route.info.method == request.method) {
            match = &route;
            params = p;
            break;
        }
    }
    if (!match) {
        if (pathMatched)
            return Error::make(
                ErrorKind::MethodNotAllowed, QStringLiteral("method_not_allowed"),
                QStringLiteral("%1 is not supported on %2").arg(request.method, request.path));
        return Error::make(
            ErrorKind::NotFound, QStringLiteral("route_not_found"),
            QStringLiteral("no such endpoint: %1 %2").arg(request.method, request.path));
    }
    if (request.path != QLatin1String("/uploads") &&
        request.body.size() > m_vault.config().maxJsonBytes)
        return Error::make(ErrorKind::PayloadTooLarge, QStringLiteral("body_too_large"),
                           QStringLiteral("request bodies are limited to %1 bytes")
                               .arg(m_vault.config().maxJsonBytes));

    Context ctx{request, params, std::nullopt, {}};
    if (match->info.action) {
        const QByteArray auth = request.headers.value("authorization");
        if (auth.startsWith("Bearer "))
            ctx.bearer = QString::fromUtf8(auth.mid(7).trimmed());
        auto account = m_accounts.authenticate(ctx.bearer);
        if (!account)
            return account.error();
        ctx.account = account.value();
        const Decision d =
            core::decide(ctx.account->principal(), *match->info.action, Ownership::NotApplicable);
        if (d != Decision::Allowed)
            return decisionError(d);
    }
    return match->handler(ctx);
}

} // namespace lemm::server
