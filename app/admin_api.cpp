#include "admin_api.h"

#include "api_client.h"
#include "reply_fields.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUrlQuery>

namespace lemm::app {

namespace {

using reply::str;
using reply::strings;
using reply::whole;

// The array under `key`, or an error naming it when it is missing or too long.
ApiResult<QJsonArray> list(const QJsonObject &body, const char *key)
{
    const QJsonValue v = body.value(QLatin1String(key));
    if (!v.isArray())
        return ApiError::badReply(QStringLiteral("no \"%1\" list").arg(QLatin1String(key)));
    if (v.toArray().size() > kMaxAdminListItems)
        return ApiError::badReply(QStringLiteral("too many %1").arg(QLatin1String(key)));
    return v.toArray();
}

// Every element of `body[key]` through `parse`; elements without their id are refused.
template <typename T>
ApiResult<QList<T>> parseList(const QJsonObject &body, const char *key,
                              T (*parse)(const QJsonObject &), QString T::*id)
{
    const ApiResult<QJsonArray> items = list(body, key);
    if (!items.ok())
        return items.error();
    QList<T> out;
    out.reserve(items.value().size());
    for (const QJsonValue &v : items.value()) {
        T item = parse(v.toObject());
        if ((item.*id).isEmpty())
            return ApiError::badReply(
                QStringLiteral("an entry of %1 has no id").arg(QLatin1String(key)));
        out << std::move(item);
    }
    return out;
}

QList<PolicyFieldChange> parseChanges(const QJsonObject &changes)
{
    QList<PolicyFieldChange> out;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        out << PolicyFieldChange{it.key(), c.value(QStringLiteral("old")),
                                 c.value(QStringLiteral("new"))};
    }
    return out;
}

PolicyHistoryEntry parseHistoryEntry(const QJsonObject &o)
{
    return PolicyHistoryEntry{whole(o, "version"), str(o, "author"), str(o, "note"),
                              str(o, "created_at"),
                              parseChanges(o.value(QStringLiteral("changes")).toObject())};
}

Account parseAccount(const QJsonObject &o)
{
    return Account{str(o, "id"), str(o, "email"), str(o, "display_name"),
                   strings(o.value(QStringLiteral("roles"))),
                   o.value(QStringLiteral("bulk_source_approved")).toBool()};
}

Claim parseClaim(const QJsonObject &o)
{
    Claim c;
    c.id = str(o, "claim_id");
    c.trackId = str(o, "track_id");
    c.trackTitle = str(o, "track_title");
    c.trackArtist = str(o, "track_artist");
    c.trackStatus = str(o, "track_status");
    c.claimant = str(o, "claimant");
    c.statement = str(o, "statement");
    c.evidence = str(o, "evidence");
    c.standing = str(o, "standing");
    c.state = str(o, "state");
    c.createdAt = str(o, "created_at");
    return c;
}

Dispute parseDispute(const QJsonObject &o)
{
    return Dispute{str(o, "track_id"),  str(o, "title"),
                   str(o, "artist"),    str(o, "reason"),
                   str(o, "opened_at"), str(o, "track_status"),
                   str(o, "state"),     int(o.value(QStringLiteral("hits")).toArray().size())};
}

ModelSummary parseModel(const QJsonObject &o)
{
    return ModelSummary{str(o, "model_id"), str(o, "name"), str(o, "model_type"),
                        str(o, "created_at"), int(whole(o, "run_count"))};
}

QList<AffectedTrack> parseAffected(const QJsonValue &v)
{
    QList<AffectedTrack> out;
    for (const QJsonValue &x : v.toArray()) {
        const QJsonObject a = x.toObject();
        out << AffectedTrack{str(a, "track_id"), str(a, "reason"), whole(a, "seq")};
    }
    return out;
}

RunSummary parseRunSummary(const QJsonObject &o)
{
    RunSummary r;
    r.id = str(o, "run_id");
    r.status = str(o, "status");
    r.startedAt = str(o, "timestamp_start");
    r.packs = strings(o.value(QStringLiteral("packs")));
    r.trackCount = int(whole(o, "track_count"));
    r.clean = o.value(QStringLiteral("clean")).toBool();
    r.affectedBy = parseAffected(o.value(QStringLiteral("affected_by")));
    return r;
}

RunTrack parseRunTrack(const QJsonObject &o)
{
    return RunTrack{str(o, "track_id"), str(o, "title"), str(o, "artist"), str(o, "pack")};
}

TrackRunUse parseTrackRunUse(const QJsonObject &o)
{
    return TrackRunUse{str(o, "run_id"), str(o, "model_id"), str(o, "pack"),
                       str(o, "timestamp_start"), str(o, "status")};
}

QString compact(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

AuditEntry parseAuditEntry(const QJsonObject &o)
{
    AuditEntry e;
    e.seq = whole(o, "seq", -1);
    e.at = str(o, "at");
    e.eventType = str(o, "event_type");
    e.actor = str(o, "actor");
    e.subject = str(o, "subject");
    e.summary = compact(o.value(QStringLiteral("payload"))).left(2000);
    e.detail = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
    return e;
}

// A path segment from a server id (ids never carry '/', but a hostile one must not escape).
QString seg(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

QString claimStateKey(ClaimState s)
{
    switch (s) {
    case ClaimState::Open: return QStringLiteral("open");
    case ClaimState::PendingReview: return QStringLiteral("pending_review");
    case ClaimState::Decided: return QStringLiteral("decided");
    case ClaimState::Dismissed: return QStringLiteral("dismissed");
    }
    return QStringLiteral("open");
}

QString decisionKey(ClaimDecision d)
{
    switch (d) {
    case ClaimDecision::Keep: return QStringLiteral("keep");
    case ClaimDecision::Reject: return QStringLiteral("reject");
    case ClaimDecision::Remove: return QStringLiteral("remove");
    }
    return QStringLiteral("keep");
}

ApiResult<Done> done(const ApiReply &reply)
{
    if (!reply.ok())
        return ApiError::fromReply(reply);
    return Done{};
}

} // namespace

namespace admin_json {

ApiResult<PolicyVersion> parsePolicy(const QJsonObject &body)
{
    const QJsonValue values = body.value(QStringLiteral("policy"));
    if (!values.isObject())
        return ApiError::badReply(QStringLiteral("no policy"));
    core::Result<core::Policy> policy = core::Policy::fromJson(values.toObject());
    if (!policy.ok())
        return ApiError::badReply(policy.error().message);
    return PolicyVersion{whole(body, "version"), str(body, "author"), str(body, "created_at"),
                         std::move(policy).value()};
}

ApiResult<QList<PolicyHistoryEntry>> parsePolicyHistory(const QJsonObject &body)
{
    const ApiResult<QJsonArray> items = list(body, "versions");
    if (!items.ok())
        return items.error();
    QList<PolicyHistoryEntry> out;
    for (const QJsonValue &v : items.value())
        out << parseHistoryEntry(v.toObject());
    return out;
}

ApiResult<QList<Account>> parseAccounts(const QJsonObject &body)
{
    return parseList<Account>(body, "accounts", &parseAccount, &Account::id);
}

ApiResult<QList<Claim>> parseClaims(const QJsonObject &body)
{
    return parseList<Claim>(body, "claims", &parseClaim, &Claim::id);
}

ApiResult<ModelLineage> parseModelLineage(const QJsonObject &body)
{
    const ApiResult<QList<RunSummary>> runs =
        parseList<RunSummary>(body, "runs", &parseRunSummary, &RunSummary::id);
    if (!runs.ok())
        return runs.error();
    return ModelLineage{str(body, "model_id"), str(body, "name"), str(body, "model_type"),
                        strings(body.value(QStringLiteral("packs"))), runs.value()};
}

ApiResult<RunDetail> parseRun(const QJsonObject &body)
{
    const ApiResult<QList<RunTrack>> tracks =
        parseList<RunTrack>(body, "tracks", &parseRunTrack, &RunTrack::trackId);
    if (!tracks.ok())
        return tracks.error();
    RunDetail d{parseRunSummary(body), str(body, "model_id"), str(body, "resolved_hash"),
                str(body, "config_hash"), tracks.value()};
    if (d.run.id.isEmpty())
        return ApiError::badReply(QStringLiteral("a run without its id"));
    return d;
}

ApiResult<QList<AuditEntry>> parseAudit(const QJsonObject &body)
{
    const ApiResult<QJsonArray> items = list(body, "entries");
    if (!items.ok())
        return items.error();
    QList<AuditEntry> out;
    for (const QJsonValue &v : items.value()) {
        AuditEntry e = parseAuditEntry(v.toObject());
        if (e.seq < 0)
            return ApiError::badReply(QStringLiteral("an audit entry without its number"));
        out << std::move(e);
    }
    return out;
}

} // namespace admin_json

QCoro::Task<ApiResult<PolicyVersion>> HttpAdminApi::policy()
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/policy"));
    co_return ApiResult<PolicyVersion>::fromReply(r, &admin_json::parsePolicy);
}

QCoro::Task<ApiResult<QList<PolicyHistoryEntry>>> HttpAdminApi::policyHistory()
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/policy/history"));
    co_return ApiResult<QList<PolicyHistoryEntry>>::fromReply(r, &admin_json::parsePolicyHistory);
}

QCoro::Task<ApiResult<SavedPolicy>> HttpAdminApi::savePolicy(core::Policy policy, QString note,
                                                             qint64 baseVersion)
{
    QJsonObject body{{QStringLiteral("policy"), policy.toJson()}, {QStringLiteral("note"), note}};
    if (baseVersion > 0)
        body.insert(QStringLiteral("base_version"), baseVersion);
    const ApiReply r = co_await m_client.send("PUT", QStringLiteral("/policy"), body);
    co_return ApiResult<SavedPolicy>::fromReply(
        r, [](const QJsonObject &o) -> ApiResult<SavedPolicy> {
            return SavedPolicy{whole(o, "version"),
                               parseChanges(o.value(QStringLiteral("changes")).toObject())};
        });
}

QCoro::Task<ApiResult<QList<Account>>> HttpAdminApi::accounts()
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/accounts"));
    co_return ApiResult<QList<Account>>::fromReply(r, &admin_json::parseAccounts);
}

QCoro::Task<ApiResult<Done>> HttpAdminApi::setRoles(QString accountId, QStringList roles)
{
    // Bodies are built before the co_await (GCC 12 rejects braced lists inside it).
    QJsonObject body;
    body.insert(QStringLiteral("roles"), QJsonArray::fromStringList(roles));
    const ApiReply r = co_await m_client.send(
        "PUT", QStringLiteral("/accounts/%1/roles").arg(seg(accountId)), body);
    co_return done(r);
}

QCoro::Task<ApiResult<Done>> HttpAdminApi::approveBulkSource(QString accountId)
{
    QJsonObject body;
    body.insert(QStringLiteral("approved"), true);
    const ApiReply r = co_await m_client.send(
        "POST", QStringLiteral("/accounts/%1/bulk-source").arg(seg(accountId)), body);
    co_return done(r);
}

QCoro::Task<ApiResult<QList<Claim>>> HttpAdminApi::claims(ClaimState state)
{
    const ApiReply r =
        co_await m_client.get(QStringLiteral("/claims?state=") + claimStateKey(state));
    co_return ApiResult<QList<Claim>>::fromReply(r, &admin_json::parseClaims);
}

QCoro::Task<ApiResult<Done>> HttpAdminApi::decideClaim(QString claimId, ClaimDecision decision,
                                                       QString note)
{
    QJsonObject body;
    body.insert(QStringLiteral("decision"), decisionKey(decision));
    body.insert(QStringLiteral("note"), note);
    const ApiReply r = co_await m_client.send(
        "POST", QStringLiteral("/claims/%1/decision").arg(seg(claimId)), body);
    co_return done(r);
}

QCoro::Task<ApiResult<Done>> HttpAdminApi::reviewClaim(QString claimId, ClaimReview review,
                                                       QString note)
{
    const QString decision =
        review == ClaimReview::Accept ? QStringLiteral("accept") : QStringLiteral("dismiss");
    QJsonObject body;
    body.insert(QStringLiteral("decision"), decision);
    body.insert(QStringLiteral("note"), note);
    const ApiReply r =
        co_await m_client.send("POST", QStringLiteral("/claims/%1/review").arg(seg(claimId)), body);
    co_return done(r);
}

QCoro::Task<ApiResult<QList<Dispute>>> HttpAdminApi::disputes()
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/admin/disputes"));
    co_return ApiResult<QList<Dispute>>::fromReply(r, [](const QJsonObject &o) {
        return parseList<Dispute>(o, "disputes", &parseDispute, &Dispute::trackId);
    });
}

QCoro::Task<ApiResult<QList<ModelSummary>>> HttpAdminApi::models()
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/models"));
    co_return ApiResult<QList<ModelSummary>>::fromReply(r, [](const QJsonObject &o) {
        return parseList<ModelSummary>(o, "models", &parseModel, &ModelSummary::id);
    });
}

QCoro::Task<ApiResult<ModelLineage>> HttpAdminApi::modelLineage(QString modelId)
{
    const ApiReply r =
        co_await m_client.get(QStringLiteral("/models/%1/lineage").arg(seg(modelId)));
    co_return ApiResult<ModelLineage>::fromReply(r, &admin_json::parseModelLineage);
}

QCoro::Task<ApiResult<RunDetail>> HttpAdminApi::trainingRun(QString runId)
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/training/runs/%1").arg(seg(runId)));
    co_return ApiResult<RunDetail>::fromReply(r, &admin_json::parseRun);
}

QCoro::Task<ApiResult<TrackLineage>> HttpAdminApi::trackLineage(QString trackId)
{
    const ApiReply r =
        co_await m_client.get(QStringLiteral("/tracks/%1/lineage").arg(seg(trackId)));
    co_return ApiResult<TrackLineage>::fromReply(
        r, [](const QJsonObject &o) -> ApiResult<TrackLineage> {
            const ApiResult<QList<TrackRunUse>> runs = parseList<TrackRunUse>(
                o, "training_runs_included", &parseTrackRunUse, &TrackRunUse::runId);
            if (!runs.ok())
                return runs.error();
            return TrackLineage{str(o, "track_id"), runs.value(), int(whole(o, "model_count"))};
        });
}

QCoro::Task<ApiResult<QByteArray>> HttpAdminApi::modelProof(QString modelId)
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/proofs/models/%1").arg(seg(modelId)));
    co_return ApiResult<QByteArray>::fromReply(
        r, [](const QJsonObject &o) -> ApiResult<QByteArray> {
            return QJsonDocument(o).toJson(QJsonDocument::Indented);
        });
}

QCoro::Task<ApiResult<QList<AuditEntry>>> HttpAdminApi::audit(AuditQuery query)
{
    QUrlQuery q;
    const auto add = [&q](const char *key, const QString &value) {
        if (!value.trimmed().isEmpty())
            q.addQueryItem(QString::fromLatin1(key), value.trimmed());
    };
    add("event_type", query.eventType);
    add("actor", query.actor);
    add("subject", query.subject);
    add("since", query.since);
    add("until", query.until);
    q.addQueryItem(QStringLiteral("limit"), QString::number(qBound(1, query.limit, 1000)));
    const ApiReply r =
        co_await m_client.get(QStringLiteral("/audit?") + q.toString(QUrl::FullyEncoded));
    co_return ApiResult<QList<AuditEntry>>::fromReply(r, &admin_json::parseAudit);
}

QCoro::Task<ApiResult<AuditVerification>> HttpAdminApi::verifyAudit()
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/audit/verify"));
    co_return ApiResult<AuditVerification>::fromReply(
        r, [](const QJsonObject &o) -> ApiResult<AuditVerification> {
            if (!o.value(QStringLiteral("ok")).isBool())
                return ApiError::badReply(QStringLiteral("no verification result"));
            return AuditVerification{o.value(QStringLiteral("ok")).toBool(), whole(o, "entries"),
                                     str(o, "head_hash"), str(o, "problem")};
        });
}

} // namespace lemm::app
