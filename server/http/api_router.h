#pragma once
// The HTTP API as a pure function: ApiRouter::handle(ApiRequest) -> ApiResponse. No sockets:
// the HttpFrontend adapts QHttpServer to it, and tests call it directly. Every route names
// the core::Action it performs; authentication and the permission decision happen here, in
// one place, before a handler runs. Errors always have the shape
// {"error": {"code", "message", "fields"}}. Thread-safe: handle() runs on pool threads.
// The route table is routes_table.cpp (one line per route); the handlers, one named member
// function per route, live by resource in routes_<resource>.cpp and call the services below.
// Owns only its route table: the services, the process's ReferenceIndex, the job queue and the
// metrics are borrowed from the composition root (server/cli/server_root.h), which outlives it.

#include "server/services/accounts.h"
#include "server/services/credentials.h"
#include "server/services/jobs.h"
#include "server/services/lineage.h"
#include "server/services/metrics.h"
#include "server/services/packs.h"
#include "server/services/review.h"
#include "server/services/review_material.h"
#include "server/services/revocation.h"
#include "server/services/submissions.h"
#include "server/services/training_gateway.h"
#include "server/services/uploads.h"
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
    UploadService &uploads;
    SubmissionService &submissions;
    RevocationService &revocation;
    ReviewService &review;
    ReviewMaterial &material;
    ClaimService &claims;
    PackService &packs;
    TrainingGateway &gateway;
    LineageService &lineage;
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
    // The process's metrics (borrowed): the HTTP front end records requests in them.
    Metrics &metrics() const { return m_metrics; }

private:
    struct Context;
    using Reply = Result<ApiResponse>;
    using Plain = Reply (ApiRouter::*)(Context &);
    using WithBody = Reply (ApiRouter::*)(Context &, const QJsonObject &body);
    // What a route's {id} names, checked with the permission decision before the handler runs.
    enum class Subject {
        None,
        Track,   // a track: the decision takes its ownership into account (others' are 404)
        TrackId, // a track id: only its shape is checked (404 when it is not one)
    };

    // The route table, in match order (routes_table.cpp).
    void addRoutes();
    void addTransparencyRoutes(); // tlog: /audit/head, /audit/public-key, /audit/proof/*
    void addProofRoutes();        // proofs: /tracks/{id}/receipt

    // Handlers, one per route, by resource. Each runs after authentication and the permission
    // decision; WithBody handlers get the request body parsed as a JSON object.
    // routes_accounts.cpp
    Reply terms(Context &c);
    Reply registerAccount(Context &c, const QJsonObject &body);
    Reply verifyEmail(Context &c, const QJsonObject &body);
    Reply resendVerification(Context &c, const QJsonObject &body);
    Reply login(Context &c, const QJsonObject &body);
    Reply logout(Context &c);
    Reply logoutAll(Context &c);
    Reply changePassword(Context &c, const QJsonObject &body);
    Reply requestPasswordReset(Context &c, const QJsonObject &body);
    Reply confirmPasswordReset(Context &c, const QJsonObject &body);
    Reply listApiKeys(Context &c);
    Reply revokeApiKey(Context &c);
    Reply rotateApiKey(Context &c);
    Reply me(Context &c);
    Reply affirm(Context &c, const QJsonObject &body);
    Reply listAccounts(Context &c);
    Reply setRoles(Context &c, const QJsonObject &body);
    Reply setBulkSource(Context &c, const QJsonObject &body);
    // routes_tracks.cpp
    Reply upload(Context &c);
    Reply submit(Context &c, const QJsonObject &body);
    Reply track(Context &c);
    Reply trackStatus(Context &c);
    Reply revoke(Context &c, const QJsonObject &body);
    Reply ownTracks(Context &c);
    // routes_review.cpp
    Reply reviewQueue(Context &c);
    Reply reviewDetail(Context &c);
    Reply vote(Context &c, const QJsonObject &body);
    Reply peaks(Context &c);
    Reply createPreview(Context &c, const QJsonObject &body);
    Reply preview(Context &c);
    Reply appeal(Context &c, const QJsonObject &body);
    Reply fileClaim(Context &c, const QJsonObject &body);
    Reply listClaims(Context &c);
    Reply decideClaim(Context &c, const QJsonObject &body);
    Reply reviewClaim(Context &c, const QJsonObject &body);
    Reply setClaimStanding(Context &c, const QJsonObject &body);
    // routes_training.cpp
    Reply createPack(Context &c, const QJsonObject &body);
    Reply listPacks(Context &c);
    Reply createRun(Context &c, const QJsonObject &body);
    Reply manifest(Context &c);
    Reply completeRun(Context &c, const QJsonObject &body);
    Reply trainingAudio(Context &c);
    Reply modelLineage(Context &c);
    Reply listModels(Context &c);
    Reply runDetail(Context &c);
    Reply modelProof(Context &c);
    Reply outputProof(Context &c);
    Reply revokedImpact(Context &c);
    Reply trackLineage(Context &c);
    // proofs (issue 14): the owner's signed receipt of a track.
    Reply trackReceipt(Context &c);
    Reply listDisputes(Context &c); // issue 14, part "training": strong external hits
    // routes_safety.cpp
    Reply checkOutput(Context &c);
    Reply classifyPrompt(Context &c, const QJsonObject &body);
    Reply listRules(Context &c);
    Reply addRule(Context &c, const QJsonObject &body);
    Reply listAlerts(Context &c);
    Reply currentLicense(Context &c);
    Reply createLicense(Context &c, const QJsonObject &body);
    Reply acceptLicense(Context &c, const QJsonObject &body);
    Reply exportOutput(Context &c, const QJsonObject &body);
    // routes_admin.cpp
    Reply health(Context &c);
    Reply policy(Context &c);
    Reply policyHistory(Context &c);
    Reply changePolicy(Context &c, const QJsonObject &body);
    Reply metrics(Context &c);
    Reply audit(Context &c);
    Reply verifyAudit(Context &c);
    // routes_audit.cpp (tlog: the transparency log)
    Reply auditHead(Context &c);
    Reply auditPublicKey(Context &c);
    Reply auditInclusionProof(Context &c);
    Reply auditConsistencyProof(Context &c);
    // routes_outbox.cpp (outbox part, issue 14)
    Reply listOutbox(Context &c);
    Reply retryOutbox(Context &c);
    Reply acknowledgeAlert(Context &c);
    // Governance dashboard (issue 15, part "gov"): routes_governance.cpp.
    Reply governance(Context &c);
    // Sharded robust index (issue 16, part "shard"): an index shard's answer (routes_index.cpp).
    Reply indexShardQuery(Context &c, const QJsonObject &body);

    using Handler = std::function<Reply(Context &)>;
    struct Route {
        RouteInfo info;
        QStringList segments;
        Subject subject = Subject::None;
        Handler handler;
    };
    void add(const char *method, const char *pattern, std::optional<core::Action> action,
             Plain handler, Subject subject = Subject::None);
    void add(const char *method, const char *pattern, std::optional<core::Action> action,
             WithBody handler, Subject subject = Subject::None);
    void add(const char *method, const char *pattern, std::optional<core::Action> action,
             Subject subject, Handler handler);
    struct Match {
        const Route *route = nullptr;
        QHash<QString, QString> params;
    };
    Reply dispatch(const ApiRequest &request, const Match &match);
    Result<Match> match(const ApiRequest &request) const;
    Status checkBody(const ApiRequest &request, qint64 bodyLength) const;
    Status authorizeRoute(const Route &route, Context &ctx);
    Status authorizeSubject(const Route &route, Context &ctx);

    Vault &m_vault;
    AccountService &m_accounts;
    CredentialService &m_credentials;
    UploadService &m_uploads;
    SubmissionService &m_submissions;
    RevocationService &m_revocation;
    ReviewService &m_review;
    ReviewMaterial &m_material;
    ClaimService &m_claims;
    PackService &m_packs;
    TrainingGateway &m_gateway;
    LineageService &m_lineage;
    ReferenceIndex &m_references; // the process's one similarity reference set
    SafetyService &m_safety;
    JobQueue &m_jobs;
    Metrics &m_metrics;
    QList<Route> m_routes;
};

} // namespace lemm::server
