#include "server/http/api_router.h"

#include "server/services/proofs.h"

#include "server/services/jobs.h"
#include "server/services/metrics.h"
#include "server/storage/audit_log.h"
#include "server/storage/migrations.h"
#include "server/storage/policy_store.h"

#include "core/base/ids.h"
#include "core/domain/terms.h"
#include "core/similarity/score_calibration.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

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

struct ApiRouter::Context {
    const ApiRequest &request;
    QHash<QString, QString> params;
    std::optional<Account> account;
    QString bearer;

    // Parses the body as a JSON object; any other body is a 400 naming the problem.
    Result<QJsonObject> jsonBody() const
    {
        if (!request.body.isEmpty() && !isJsonContentType(request.headers.value("content-type")))
            return Error::make(ErrorKind::UnsupportedMedia,
                               QStringLiteral("unsupported_media_type"),
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

AudioBody audioBodyOf(const ApiRequest &request)
{
    return request.bodyFile.isEmpty() ? AudioBody(request.body)
                                      : AudioBody::spooled(request.bodyFile);
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

ApiRouter::ApiRouter(Vault &vault, const ApiServices &services)
    : m_vault(vault), m_accounts(services.accounts), m_credentials(services.credentials),
      m_contributions(services.contributions), m_review(services.review),
      m_training(services.training), m_references(services.references), m_safety(services.safety),
      m_jobs(services.jobs), m_metrics(services.metrics)
{
    using C = Context;
    add(QStringLiteral("GET"), QStringLiteral("/health"), std::nullopt,
        [](C &) -> Result<ApiResponse> {
            return ApiResponse::json(
                200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                 {QStringLiteral("schema_version"), latestSchemaVersion()},
                                 {QStringLiteral("calibration_version"),
                                  core::ScoreCalibration::active().version()}});
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
            auto s = m_accounts.login(body.value(), c.request.peerAddress);
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
    // Credential lifecycle (issue 11): password change and reset, ending sessions, API keys.
    add(QStringLiteral("POST"), QStringLiteral("/auth/logout-all"), Action::ManageLogin,
        [this](C &c) -> Result<ApiResponse> {
            auto n = m_credentials.logoutAll(*c.account, c.bearer);
            if (!n)
                return n.error();
            return ApiResponse::json(200,
                                     QJsonObject{{QStringLiteral("logged_out"), true},
                                                 {QStringLiteral("sessions_ended"), n.value()}});
        });
    add(QStringLiteral("POST"), QStringLiteral("/auth/password"), Action::ManageLogin,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            auto n = m_credentials.changePassword(*c.account, c.bearer, body.value(),
                                                  c.request.peerAddress);
            if (!n)
                return n.error();
            return ApiResponse::json(200,
                                     QJsonObject{{QStringLiteral("password_changed"), true},
                                                 {QStringLiteral("sessions_ended"), n.value()}});
        });
    add(QStringLiteral("POST"), QStringLiteral("/auth/password-reset/request"), std::nullopt,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            if (auto s = m_credentials.requestPasswordReset(body.value()); !s)
                return s.error();
            // The same answer whether or not the account exists.
            return ApiResponse::json(
                202, QJsonObject{{QStringLiteral("requested"), true},
                                 {QStringLiteral("message"),
                                  QStringLiteral("if an account has this address, a reset token "
                                                 "was mailed to it")}});
        });
    add(QStringLiteral("POST"), QStringLiteral("/auth/password-reset/confirm"), std::nullopt,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            auto n = m_credentials.confirmPasswordReset(body.value());
            if (!n)
                return n.error();
            return ApiResponse::json(200,
                                     QJsonObject{{QStringLiteral("password_reset"), true},
                                                 {QStringLiteral("sessions_ended"), n.value()}});
        });
    add(QStringLiteral("GET"), QStringLiteral("/admin/api-keys"), Action::ListApiKeys,
        [this](C &) -> Result<ApiResponse> {
            auto keys = m_credentials.listApiKeys();
            if (!keys)
                return keys.error();
            QJsonArray out;
            for (const ApiKeyInfo &k : keys.value())
                out.append(k.toJson());
            return ApiResponse::json(200, QJsonObject{{QStringLiteral("api_keys"), out}});
        });
    add(QStringLiteral("POST"), QStringLiteral("/admin/api-keys/{name}/revoke"),
        Action::ManageApiKeys, [this](C &c) -> Result<ApiResponse> {
            auto k =
                m_credentials.revokeApiKey(c.account->id, c.params.value(QStringLiteral("name")));
            if (!k)
                return k.error();
            return ApiResponse::json(200, k->toJson());
        });
    add(QStringLiteral("POST"), QStringLiteral("/admin/api-keys/{name}/rotate"),
        Action::ManageApiKeys, [this](C &c) -> Result<ApiResponse> {
            auto k =
                m_credentials.rotateApiKey(c.account->id, c.params.value(QStringLiteral("name")));
            if (!k)
                return k.error();
            QJsonObject o = k->info.toJson();
            o.insert(QStringLiteral("api_key"), k->key); // shown once
            return ApiResponse::json(201, o);
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
                                    *c.account, audioBodyOf(c.request),
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
    add(QStringLiteral("POST"), QStringLiteral("/accounts/{id}/bulk-source"),
        Action::ApproveBulkSource, [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            auto a = m_accounts.setBulkSource(*c.account, c.params.value(QStringLiteral("id")),
                                              body.value());
            if (!a)
                return a.error();
            return ApiResponse::json(200, a->toJson());
        });

    // Review (spec §3.4).
    add(QStringLiteral("GET"), QStringLiteral("/review/queue"), Action::ReviewQueue,
        [this](C &c) { return respond(200, m_review.queue(*c.account, c.request.query)); });
    auto reviewRoute = [](auto fn) {
        return [fn](C &c) -> Result<ApiResponse> {
            const QString id = c.params.value(QStringLiteral("id"));
            if (!core::hasIdShape(id, QStringLiteral("trk")))
                return Error::make(ErrorKind::NotFound, QStringLiteral("track_not_found"),
                                   QStringLiteral("no such track"));
            return fn(c, id);
        };
    };
    add(QStringLiteral("GET"), QStringLiteral("/review/{id}"), Action::ReviewQueue,
        reviewRoute([this](C &c, const QString &id) {
            return respond(200, m_review.detail(*c.account, id));
        }));
    add(QStringLiteral("POST"), QStringLiteral("/review/{id}/votes"), Action::CastVote,
        reviewRoute([this](C &c, const QString &id) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(200, m_review.vote(*c.account, id, body.value()));
        }));
    add(QStringLiteral("GET"), QStringLiteral("/tracks/{id}/peaks"), Action::ReadPeaks,
        trackRoute(Action::ReadPeaks, [this](C &c, const QString &id) {
            return respond(200, m_review.peaks(id, c.request.query));
        }));
    add(QStringLiteral("POST"), QStringLiteral("/tracks/{id}/previews"), Action::PreviewAudio,
        trackRoute(Action::PreviewAudio, [this](C &c, const QString &id) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(201, m_review.createPreview(*c.account, id, body.value()));
        }));
    add(QStringLiteral("GET"), QStringLiteral("/previews/{token}"), std::nullopt,
        [this](C &c) -> Result<ApiResponse> {
            // The signed token is the capability; it names the reviewer it was made for.
            auto mp3 = m_review.preview(c.params.value(QStringLiteral("token")));
            if (!mp3)
                return mp3.error();
            return ApiResponse::raw(200, "audio/mpeg", mp3.value());
        });
    add(QStringLiteral("POST"), QStringLiteral("/tracks/{id}/appeal"), Action::AppealTrack,
        trackRoute(Action::AppealTrack, [this](C &c, const QString &id) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(200, m_review.appeal(*c.account, id, body.value()));
        }));
    add(QStringLiteral("POST"), QStringLiteral("/claims"), Action::FileClaim,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(201, m_review.fileClaim(*c.account, body.value()));
        });
    add(QStringLiteral("GET"), QStringLiteral("/claims"), Action::DecideClaims,
        [this](C &c) { return respond(200, m_review.listClaims(c.request.query)); });
    add(QStringLiteral("POST"), QStringLiteral("/claims/{id}/decision"), Action::DecideClaims,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(200,
                           m_review.decideClaim(*c.account, c.params.value(QStringLiteral("id")),
                                                body.value()));
        });

    // Training gateway and lineage (spec §5, §7).
    add(QStringLiteral("POST"), QStringLiteral("/packs"), Action::ManagePacks,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(201, m_training.createPack(*c.account, body.value()));
        });
    add(QStringLiteral("GET"), QStringLiteral("/packs"), Action::ListPacks,
        [this](C &) { return respond(200, m_training.listPacks()); });
    add(QStringLiteral("POST"), QStringLiteral("/training/runs"), Action::RunTraining,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(201, m_training.createRun(*c.account, body.value()));
        });
    add(QStringLiteral("GET"), QStringLiteral("/training/runs/{id}/manifest"), Action::RunTraining,
        [this](C &c) {
            return respond(200,
                           m_training.manifest(*c.account, c.params.value(QStringLiteral("id")),
                                               c.request.query));
        });
    add(QStringLiteral("POST"), QStringLiteral("/training/runs/{id}/complete"), Action::RunTraining,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(200,
                           m_training.complete(*c.account, c.params.value(QStringLiteral("id")),
                                               body.value()));
        });
    add(QStringLiteral("GET"), QStringLiteral("/training/audio/{token}"), std::nullopt,
        [this](C &c) -> Result<ApiResponse> {
            // The signed, run- and track-bound token is the capability.
            auto audio = m_training.audio(c.params.value(QStringLiteral("token")));
            if (!audio)
                return audio.error();
            ApiResponse r = ApiResponse::raw(200, "application/octet-stream", {});
            r.stream = std::move(audio.value()); // decrypted block by block as it is sent
            return r;
        });
    add(QStringLiteral("GET"), QStringLiteral("/models/{id}/lineage"), Action::ReadModelLineage,
        [this](C &c) {
            return respond(200, m_training.modelLineage(c.params.value(QStringLiteral("id"))));
        });
    add(QStringLiteral("GET"), QStringLiteral("/models"), Action::ReadModelLineage,
        [this](C &) { return respond(200, m_training.listModels()); });
    add(QStringLiteral("GET"), QStringLiteral("/training/runs/{id}"), Action::ReadModelLineage,
        [this](C &c) {
            return respond(200, m_training.runDetail(c.params.value(QStringLiteral("id"))));
        });
    add(QStringLiteral("GET"), QStringLiteral("/proofs/models/{id}"), Action::ReadModelLineage,
        [this](C &c) {
            return respond(200, modelProof(m_vault.db(), c.params.value(QStringLiteral("id"))));
        });
    add(QStringLiteral("GET"), QStringLiteral("/proofs/outputs/{id}"), Action::ReadModelLineage,
        [this](C &c) {
            return respond(200, outputProof(m_vault.db(), c.params.value(QStringLiteral("id"))));
        });
    add(QStringLiteral("GET"), QStringLiteral("/lineage/revoked"), Action::ReadModelLineage,
        [this](C &) { return respond(200, m_training.revokedImpact()); });
    add(QStringLiteral("GET"), QStringLiteral("/tracks/{id}/lineage"), Action::ReadTrackLineage,
        trackRoute(Action::ReadTrackLineage, [this](C &, const QString &id) {
            return respond(200, m_training.trackLineage(id));
        }));

    // Generation-time safety and output licences (spec §6, §8.1).
    add(QStringLiteral("POST"), QStringLiteral("/safety/check"), Action::CheckOutput, [this](C &c) {
        return respond(200, m_safety.check(*c.account, c.request.headers.value("content-type"),
                                           audioBodyOf(c.request)));
    });
    add(QStringLiteral("POST"), QStringLiteral("/safety/prompt"), Action::CheckOutput,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(200, m_safety.classifyPrompt(body.value()));
        });
    add(QStringLiteral("GET"), QStringLiteral("/safety/rules"), Action::ReadModeration,
        [this](C &) { return respond(200, m_safety.listRules()); });
    add(QStringLiteral("POST"), QStringLiteral("/safety/rules"), Action::ManageModeration,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(201, m_safety.addRule(*c.account, body.value()));
        });
    add(QStringLiteral("GET"), QStringLiteral("/safety/alerts"), Action::ReadSafetyAlerts,
        [this](C &) { return respond(200, m_safety.listAlerts()); });
    add(QStringLiteral("GET"), QStringLiteral("/licenses/current"), std::nullopt,
        [this](C &) { return respond(200, m_safety.currentLicense()); });
    add(QStringLiteral("POST"), QStringLiteral("/licenses"), Action::ManageLicenses,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(201, m_safety.createLicense(*c.account, body.value()));
        });
    add(QStringLiteral("POST"), QStringLiteral("/licenses/{version}/accept"),
        Action::ActForPlatformUser, [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(200, m_safety.acceptLicense(*c.account,
                                                       c.params.value(QStringLiteral("version")),
                                                       body.value()));
        });
    add(QStringLiteral("POST"), QStringLiteral("/exports"), Action::ActForPlatformUser,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            return respond(201, m_safety.exportOutput(*c.account, body.value()));
        });

    // Governance (spec §4.3).
    add(QStringLiteral("GET"), QStringLiteral("/policy"), Action::ReadPolicy,
        [this](C &) { return respond(200, PolicyStore::currentJson(m_vault.db())); });
    add(QStringLiteral("GET"), QStringLiteral("/policy/history"), Action::ReadPolicy,
        [this](C &) -> Result<ApiResponse> {
            auto h = PolicyStore::history(m_vault.db(), 200);
            if (!h)
                return h.error();
            return ApiResponse::json(200, QJsonObject{{QStringLiteral("versions"), h.value()}});
        });
    add(QStringLiteral("PUT"), QStringLiteral("/policy"), Action::ChangePolicy,
        [this](C &c) -> Result<ApiResponse> {
            auto body = c.jsonBody();
            if (!body)
                return body.error();
            const QJsonObject b = body.value();
            QJsonObject errors;
            for (auto it = b.begin(); it != b.end(); ++it)
                if (it.key() != QLatin1String("policy") && it.key() != QLatin1String("note") &&
                    it.key() != QLatin1String("base_version"))
                    errors.insert(it.key(), QStringLiteral("is not a known field"));
            if (!b.value(QStringLiteral("policy")).isObject())
                errors.insert(QStringLiteral("policy"),
                              QStringLiteral("is required: the full new policy object"));
            const QJsonValue note = b.value(QStringLiteral("note"));
            if (!note.isUndefined() && (!note.isString() || note.toString().size() > 2000))
                errors.insert(QStringLiteral("note"), QStringLiteral("must be a short text"));
            const QJsonValue base = b.value(QStringLiteral("base_version"));
            if (!base.isUndefined() && (!base.isDouble() || base.toDouble() < 1 ||
                                        base.toDouble() != std::floor(base.toDouble())))
                errors.insert(QStringLiteral("base_version"),
                              QStringLiteral("must be the version number you edited"));
            if (!errors.isEmpty())
                return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_fields"),
                                   QStringLiteral("the policy change has invalid fields"), errors);
            return respond(200, PolicyStore::update(m_vault.db(), c.account->id,
                                                    b.value(QStringLiteral("policy")).toObject(),
                                                    note.toString(), qint64(base.toDouble(0)),
                                                    m_vault.nowIso()));
        });
    add(QStringLiteral("GET"), QStringLiteral("/metrics"), std::nullopt,
        [this](C &) -> Result<ApiResponse> {
            auto counts = m_jobs.countsByState();
            if (!counts)
                return counts.error();
            QByteArray extra = "# TYPE lemm_jobs gauge\n";
            for (const char *state : {"queued", "running", "done", "failed", "cancelled"})
                extra += "lemm_jobs{state=\"" + QByteArray(state) + "\"} " +
                         QByteArray::number(counts->value(QString::fromLatin1(state))) + "\n";
            auto tracks = m_vault.db().query(
                QStringLiteral("SELECT status, COUNT(*) FROM tracks GROUP BY status"));
            if (!tracks)
                return tracks.error();
            extra += "# TYPE lemm_tracks gauge\n";
            while (tracks.value().next())
                extra += "lemm_tracks{status=\"" + tracks.value().value(0).toString().toUtf8() +
                         "\"} " + QByteArray::number(tracks.value().value(1).toLongLong()) + "\n";
            return ApiResponse::raw(200, "text/plain; version=0.0.4", m_metrics.render(extra));
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
            const auto item = [&](const char *key) {
                return c.request.query.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
            };
            auto list =
                AuditLog::list(m_vault.db(), {item("event_type"), item("subject"), item("actor"),
                                              item("since"), item("until"), limit});
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
        if (auto b = checkBody(head, bodyLength); !b)
            return ApiResponse::error(b.error());
        Context ctx{head, m->params, std::nullopt, {}};
        if (auto a = authorizeRoute(*m->route, ctx); !a)
            return ApiResponse::error(a.error());
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

Result<ApiResponse> ApiRouter::dispatch(const ApiRequest &request, const Match &m)
{
    const qint64 length =
        request.bodyFile.isEmpty() ? request.body.size() : QFileInfo(request.bodyFile).size();
    if (auto b = checkBody(request, length); !b)
        return b.error();
    Context ctx{request, m.params, std::nullopt, {}};
    if (auto a = authorizeRoute(*m.route, ctx); !a)
        return a.error();
    return m.route->handler(ctx);
}

} // namespace lemm::server
