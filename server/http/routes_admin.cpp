// Routes of governance and operations: health, the versioned policy (spec §4.3), metrics and
// the audit log (§4.4).
#include "server/http/route_context.h"

#include "server/services/metrics.h"
#include "server/storage/audit_log.h"
#include "server/storage/migrations.h"
#include "server/storage/policy_store.h"

#include "core/similarity/score_calibration.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace lemm::server {

using routes::respond;

namespace {

// GET /audit?event_type=&subject=&actor=&since=&until=&limit= (limit 1..1000, default 100).
Result<AuditLog::Filter> parseAuditQuery(const QUrlQuery &query)
{
    QueryReader q(query);
    AuditLog::Filter f;
    f.limit =
        int(q.integer(QStringLiteral("limit"), 100, 1, 1000, QStringLiteral("must be 1..1000")));
    if (auto ok = q.check(QStringLiteral("limit must be a whole number from 1 to 1000")); !ok)
        return ok.error();
    f.eventType = q.text(QStringLiteral("event_type"));
    f.subject = q.text(QStringLiteral("subject"));
    f.actor = q.text(QStringLiteral("actor"));
    f.since = q.text(QStringLiteral("since"));
    f.until = q.text(QStringLiteral("until"));
    return f;
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

} // namespace

ApiRouter::Reply ApiRouter::health(Context &)
{
    return ApiResponse::json(200,
                             QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                         {QStringLiteral("schema_version"), latestSchemaVersion()},
                                         {QStringLiteral("calibration_version"),
                                          core::ScoreCalibration::active().version()}});
}

ApiRouter::Reply ApiRouter::policy(Context &)
{
    return respond(200, PolicyStore::currentJson(m_vault.db()));
}

ApiRouter::Reply ApiRouter::policyHistory(Context &)
{
    auto h = PolicyStore::history(m_vault.db(), 200);
    if (!h)
        return h.error();
    return ApiResponse::json(200, QJsonObject{{QStringLiteral("versions"), h.value()}});
}

ApiRouter::Reply ApiRouter::changePolicy(Context &c, const QJsonObject &body)
{
    auto change = core::parsePolicyChange(body);
    if (!change)
        return change.error();
    return respond(200, PolicyStore::update(m_vault.db(), c.who().id, change->policy, change->note,
                                            change->baseVersion, m_vault.nowIso()));
}

ApiRouter::Reply ApiRouter::metrics(Context &)
{
    auto gauges = databaseGauges(m_vault.db(), m_jobs);
    if (!gauges)
        return gauges.error();
    return ApiResponse::raw(200, "text/plain; version=0.0.4", m_metrics.render(gauges.value()));
}

ApiRouter::Reply ApiRouter::audit(Context &c)
{
    auto filter = parseAuditQuery(c.request.query);
    if (!filter)
        return filter.error();
    auto list = AuditLog::list(m_vault.db(), filter.value());
    if (!list)
        return list.error();
    QJsonArray out;
    for (const auto &e : list.value())
        out.append(auditJson(e));
    return ApiResponse::json(200, QJsonObject{{QStringLiteral("entries"), out}});
}

ApiRouter::Reply ApiRouter::verifyAudit(Context &)
{
    auto r = AuditLog::verify(m_vault.db());
    if (!r)
        return r.error();
    return ApiResponse::json(200, QJsonObject{{QStringLiteral("ok"), r->ok},
                                              {QStringLiteral("entries"), r->entries},
                                              {QStringLiteral("head_hash"), r->headHash},
                                              {QStringLiteral("problem"), r->problem}});
}

} // namespace lemm::server
