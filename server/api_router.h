#pragma once
// The HTTP API as a pure function: ApiRouter::handle(ApiRequest) -> ApiResponse. No sockets:
// the HttpFrontend adapts QHttpServer to it, and tests call it directly. Every route names
// the core::Action it performs; authentication and the permission decision happen here, in
// one place, before a handler runs. Errors always have the shape
// {"error": {"code", "message", "fields"}}. Thread-safe: handle() runs on pool threads.

#include "accounts.h"
#include "contributions.h"
#include "credentials.h"
#include "review.h"
#include "safety.h"
#include "training.h"
#include "vault.h"

#include "core/permissions.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <functional>
#include <optional>
#include <utility>

namespace lemm::server {

struct ApiRequest {
    QString method; // "GET", "POST", ...
    QString path;   // decoded path, no query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QString peerAddress; // the client's IP address (the adapter fills it; the login throttle)
};

struct ApiResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers = {}; // extra headers, e.g. Retry-After

    static ApiResponse json(int status, const QJsonObject &o);
    static ApiResponse error(const core::Error &e);
    QJsonObject jsonBody() const; // for tests
};

int httpStatusFor(core::ErrorKind kind);

// Routes whose bodies are audio, limited by max_upload_bytes instead of max_json_bytes.
bool isAudioBodyPath(const QString &pathAndQuery);

struct RouteInfo {
    QString method;
    QString pattern;                    // e.g. "/tracks/{id}/status"
    std::optional<core::Action> action; // nullopt: public
};

class ApiRouter
{
public:
    explicit ApiRouter(Vault &vault);
    ApiResponse handle(const ApiRequest &request);

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
    Result<ApiResponse> dispatch(const ApiRequest &request);

    Vault &m_vault;
    AccountService m_accounts;
    CredentialService m_credentials{m_vault};
    ContributionService m_contributions;
    ReviewService m_review;
    TrainingService m_training;
    ReferenceIndex m_references; // this process's copy of the vault's similarity references
    SafetyService m_safety;
    QList<Route> m_routes;
};

} // namespace lemm::server
