#pragma once
// The HTTP API as a pure function: ApiRouter::handle(ApiRequest) -> ApiResponse. No sockets:
// the HttpFrontend adapts QHttpServer to it, and tests call it directly. Every route names
// the core::Action it performs; authentication and the permission decision happen here, in
// one place, before a handler runs. Errors always have the shape
// {"error": {"code", "message", "fields"}}. Thread-safe: handle() runs on pool threads.
// Owns only its route table: the services, the process's ReferenceIndex, the job queue and the
// metrics are borrowed from the composition root (server/cli/server_root.h), which outlives it.

#include "server/services/accounts.h"
#include "server/services/contributions.h"
#include "server/services/credentials.h"
#include "server/services/jobs.h"
#include "server/services/metrics.h"
#include "server/services/review.h"
#include "server/services/training.h"
#include "server/similarity/safety.h"
#include "server/storage/vault.h"

#include "core/domain/permissions.h"

#include <QByteArray>
#include <QHash>
#include <QIODevice>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace lemm::server {

struct ApiRequest {
    QString method; // "GET", "POST", ... (HEAD arrives as GET: the adapter drops the body)
    QString path;   // decoded path, no query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body; // JSON routes, and audio routes called without a spool file (tests)
    // Audio routes over HTTP: the body spooled to this file (owned by the adapter, removed
    // after the answer); `body` is empty then.
    QString bodyFile;
    QString peerAddress; // the client's IP address, as text
};

struct ApiResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    // Further headers (e.g. Allow on 405, Retry-After on 429); the adapter adds its own
    // security headers to every answer.
    QList<std::pair<QByteArray, QByteArray>> headers;
    // A large body read in chunks while it is sent instead of `body` (size -1: unknown, sent
    // chunked). Read on the adapter's I/O thread; must not need the database.
    std::shared_ptr<QIODevice> stream;
    qint64 streamSize = -1;
    // The route pattern that answered ("/previews/{token}"): what logs show instead of the
    // path, which can carry capability tokens.
    QString route;

    static ApiResponse json(int status, const QJsonObject &o);
    static ApiResponse raw(int status, QByteArray contentType, QByteArray body);
    static ApiResponse error(const core::Error &e);
    QJsonObject jsonBody() const; // for tests
};

int httpStatusFor(core::ErrorKind kind);

// Routes whose bodies are audio, limited by max_upload_bytes instead of max_json_bytes.
bool isAudioBodyPath(const QString &pathAndQuery);

// The media type JSON routes require of a request body (parameters such as charset allowed).
bool isJsonContentType(const QByteArray &contentType);

struct RouteInfo {
    QString method;
    QString pattern;                    // e.g. "/tracks/{id}/status"
    std::optional<core::Action> action; // nullopt: public
};

// What the router borrows from the composition root.
struct ApiServices {
    AccountService &accounts;
    CredentialService &credentials;
    ContributionService &contributions;
    ReviewService &review;
    TrainingService &training;
    SafetyService &safety;
    ReferenceIndex &references;
    JobQueue &jobs;
    Metrics &metrics;
};

class ApiRouter
{
public:
    ApiRouter(Vault &vault, const ApiServices &services);
    ApiResponse handle(const ApiRequest &request);

    // Decides from the head alone whether a body of `bodyLength` bytes may be read: the route
    // exists and takes that method, the body is within its route's limit and of the media type
    // it takes, and, for routes that need an account, the bearer token is valid and its roles
    // allow the route. nullopt: read the body, then call handle(), which decides again.
    std::optional<ApiResponse> admit(const ApiRequest &head, qint64 bodyLength);

    QList<RouteInfo> routes() const;

private:
    struct Context;
    using Handler = std::function<Result<ApiResponse>(Context &)>;
    struct Route {
        RouteInfo info;
        QStringList segments;
        Handler handler;
    };
    void add(const QString &method, const QString &pattern, std::optional<core::Action> action,
             Handler handler);
    struct Match {
        const Route *route = nullptr;
        QHash<QString, QString> params;
    };
    Result<ApiResponse> dispatch(const ApiRequest &request, const Match &match);
    Result<Match> match(const ApiRequest &request) const;
    Status checkBody(const ApiRequest &request, qint64 bodyLength) const;
    Status authorizeRoute(const Route &route, Context &ctx);

    Vault &m_vault;
    AccountService &m_accounts;
    CredentialService &m_credentials;
    ContributionService &m_contributions;
    ReviewService &m_review;
    TrainingService &m_training;
    ReferenceIndex &m_references; // the process's one similarity reference set
    SafetyService &m_safety;
    JobQueue &m_jobs;
    Metrics &m_metrics;
    QList<Route> m_routes;
};

} // namespace lemm::server
