#include "server/http/api_router.h"

#include "server/http/route_context.h"
#include "server/storage/track_store.h"

#include "core/base/ids.h"

#include <QFileInfo>
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
    case ErrorKind::TooManyRequests: return 429;
    case ErrorKind::Unavailable: return 503;
    case ErrorKind::Internal: return 500;
    }
    return 500;
}

bool isAudioBodyPath(const QString &pathAndQuery)
{
    const QString path = pathAndQuery.section(QLatin1Char('?'), 0, 0);
    return path == QLatin1String("/uploads") || path == QLatin1String("/safety/check");
}

ApiResponse ApiResponse::json(int status, const QJsonObject &o)
{
    return raw(status, "application/json", QJsonDocument(o).toJson(QJsonDocument::Compact));
}

ApiResponse ApiResponse::raw(int status, QByteArray contentType, QByteArray body)
{
    ApiResponse r;
    r.status = status;
    r.contentType = std::move(contentType);
    r.body = std::move(body);
    return r;
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
    ApiResponse r = json(httpStatusFor(e.kind), QJsonObject{{QStringLiteral("error"), err}});
    if (e.kind == ErrorKind::MethodNotAllowed)
        r.headers.append({"Allow", e.fields.value(QStringLiteral("allow")).toString().toLatin1()});
    // A throttled request says when to come back (RFC 9110 Retry-After, in seconds).
    if (const QJsonValue retry = e.fields.value(QStringLiteral("retry_after_seconds"));
        e.kind == ErrorKind::TooManyRequests && retry.isDouble())
        r.headers.append({"Retry-After", QByteArray::number(qint64(retry.toDouble()))});
    return r;
}

QJsonObject ApiResponse::jsonBody() const
{
    return QJsonDocument::fromJson(body).object();
}

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

} // namespace

Result<QJsonObject> ApiRouter::Context::jsonBody() const
{
    if (!request.body.isEmpty() && !isJsonContentType(request.headers.value("content-type")))
        return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("unsupported_media_type"),
                           QStringLiteral("send the body as JSON with 'Content-Type: "
                                          "application/json'"));
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

Status ApiRouter::Context::authorize(Action action, Ownership ownership) const
{
    const Decision d = core::decide(account->principal(), action, ownership);
    if (d == Decision::Allowed)
        return core::okStatus();
    if (d == Decision::HiddenNotFound)
        return TrackStore::notFound();
    return Error::make(ErrorKind::Forbidden, QStringLiteral("forbidden"),
                       QStringLiteral("your roles do not allow this"));
}

ApiRouter::ApiRouter(Vault &vault, const ApiServices &services)
    : m_vault(vault), m_accounts(services.accounts), m_credentials(services.credentials),
      m_uploads(services.uploads), m_submissions(services.submissions),
      m_revocation(services.revocation), m_review(services.review), m_material(services.material),
      m_claims(services.claims), m_packs(services.packs), m_gateway(services.gateway),
      m_lineage(services.lineage), m_references(services.references), m_safety(services.safety),
      m_jobs(services.jobs), m_metrics(services.metrics)
{
    addRoutes();
}

void ApiRouter::add(const char *method, const char *pattern, std::optional<Action> action,
                    Subject subject, Handler handler)
{
    const QString p = QString::fromLatin1(pattern);
    m_routes.append(Route{RouteInfo{QString::fromLatin1(method), p, action},
                          p.split(QLatin1Char('/'), Qt::SkipEmptyParts), subject,
                          std::move(handler)});
}

void ApiRouter::add(const char *method, const char *pattern, std::optional<Action> action,
                    Plain handler, Subject subject)
{
    add(method, pattern, action, subject,
        [this, handler](Context &c) { return (this->*handler)(c); });
}

void ApiRouter::add(const char *method, const char *pattern, std::optional<Action> action,
                    WithBody handler, Subject subject)
{
    add(method, pattern, action, subject, [this, handler](Context &c) -> Reply {
        auto body = c.jsonBody();
        if (!body)
            return body.error();
        return (this->*handler)(c, body.value());
    });
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
        auto m = match(request);
        if (!m)
            return ApiResponse::error(m.error());
        auto r = dispatch(request, m.value());
        ApiResponse response = r ? r.value() : ApiResponse::error(r.error());
        response.route = m->route->info.pattern;
        return response;
    } catch (const std::exception &e) {
        return ApiResponse::error(Error::make(ErrorKind::Internal, QStringLiteral("exception"),
                                              QString::fromLocal8Bit(e.what())));
    }
}

std::optional<ApiResponse> ApiRouter::admit(const ApiRequest &head, qint64 bodyLength)
{
    try {
        auto m = match(head);
        if (!m)
            return ApiResponse::error(m.error());
        // Refusals name the route pattern too: the log shows it instead of the path.
        const auto refuse = [&](const Error &e) {
            ApiResponse r = ApiResponse::error(e);
            r.route = m->route->info.pattern;
            return r;
        };
        if (auto b = checkBody(head, bodyLength); !b)
            return refuse(b.error());
        Context ctx{head, m->params, std::nullopt, {}};
        if (auto a = authorizeRoute(*m->route, ctx); !a)
            return refuse(a.error());
        return std::nullopt;
    } catch (const std::exception &e) {
        return ApiResponse::error(Error::make(ErrorKind::Internal, QStringLiteral("exception"),
                                              QString::fromLocal8Bit(e.what())));
    }
}

bool isJsonContentType(const QByteArray &contentType)
{
    const QByteArray type = contentType.split(';').value(0).trimmed().toLower();
    return type == "application/json";
}

Result<ApiRouter::Match> ApiRouter::match(const ApiRequest &request) const
{
    const QStringList segments = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QStringList allowed;
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
        if (route.info.method == request.method)
            return Match{&route, p};
        allowed << route.info.method;
    }
    if (allowed.isEmpty())
        return Error::make(
            ErrorKind::NotFound, QStringLiteral("route_not_found"),
            QStringLiteral("no such endpoint: %1 %2").arg(request.method, request.path));
    if (allowed.contains(QLatin1String("GET")))
        allowed << QStringLiteral("HEAD");
    allowed.removeDuplicates();
    // The Allow list travels in the error's fields; error responses copy it into the header.
    return Error::make(
        ErrorKind::MethodNotAllowed, QStringLiteral("method_not_allowed"),
        QStringLiteral("%1 is not supported on %2").arg(request.method, request.path),
        QJsonObject{{QStringLiteral("allow"), allowed.join(QStringLiteral(", "))}});
}

Status ApiRouter::checkBody(const ApiRequest &request, qint64 bodyLength) const
{
    if (bodyLength <= 0)
        return core::okStatus();
    const qint64 limit = isAudioBodyPath(request.path) ? m_vault.config().maxUploadBytes
                                                       : m_vault.config().maxJsonBytes;
    if (bodyLength > limit)
        return Error::make(
            ErrorKind::PayloadTooLarge,
            isAudioBodyPath(request.path) ? QStringLiteral("upload_too_large")
                                          : QStringLiteral("body_too_large"),
            QStringLiteral("request bodies here are limited to %1 bytes").arg(limit));
    if (!isAudioBodyPath(request.path) && !isJsonContentType(request.headers.value("content-type")))
        return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("unsupported_media_type"),
                           QStringLiteral("send the body as JSON with 'Content-Type: "
                                          "application/json'"));
    return core::okStatus();
}

Status ApiRouter::authorizeRoute(const Route &route, Context &ctx)
{
    if (!route.info.action)
        return core::okStatus();
    const QByteArray auth = ctx.request.headers.value("authorization");
    if (auth.startsWith("Bearer "))
        ctx.bearer = QString::fromUtf8(auth.mid(7).trimmed());
    auto account = m_accounts.authenticate(ctx.bearer);
    if (!account)
        return account.error();
    ctx.account = account.value();
    const Decision d =
        core::decide(ctx.account->principal(), *route.info.action, Ownership::NotApplicable);
    if (d != Decision::Allowed)
        return decisionError(d);
    return core::okStatus();
}

Status ApiRouter::authorizeSubject(const Route &route, Context &ctx)
{
    if (route.subject == Subject::None)
        return core::okStatus();
    const QString id = ctx.param(QStringLiteral("id"));
    if (!core::hasIdShape(id, QStringLiteral("trk")))
        return TrackStore::notFound();
    if (route.subject == Subject::TrackId)
        return core::okStatus();
    auto owner = m_submissions.ownerOf(id);
    if (!owner)
        return owner.error();
    return ctx.authorize(*route.info.action,
                         owner.value() == ctx.account->id ? Ownership::Own : Ownership::Other);
}

ApiRouter::Reply ApiRouter::dispatch(const ApiRequest &request, const Match &m)
{
    const qint64 length =
        request.bodyFile.isEmpty() ? request.body.size() : QFileInfo(request.bodyFile).size();
    if (auto b = checkBody(request, length); !b)
        return b.error();
    Context ctx{request, m.params, std::nullopt, {}};
    if (auto a = authorizeRoute(*m.route, ctx); !a)
        return a.error();
    if (auto s = authorizeSubject(*m.route, ctx); !s)
        return s.error();
    return m.route->handler(ctx);
}

} // namespace lemm::server
