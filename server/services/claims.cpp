#include "server/services/claims.h"

#include "server/base/json_util.h"
#include "server/services/jobs.h"
#include "server/services/stale_marking.h"
#include "server/storage/audit_log.h"
#include "server/storage/track_store.h"

#include "core/base/ids.h"
#include "core/base/json_fields.h"
#include "core/domain/decisions.h"

#include <QJsonArray>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

// GET /claims?state=open|decided|all: the WHERE clause of that selection.
Result<QString> parseClaimsQuery(const QUrlQuery &query)
{
    QueryReader q(query);
    const QString state =
        q.oneOf(QStringLiteral("state"),
                {QStringLiteral("open"), QStringLiteral("decided"), QStringLiteral("all")},
                QStringLiteral("open"), QStringLiteral("must be open, decided or all"));
    if (auto ok = q.check(QStringLiteral("the claims request has invalid parameters")); !ok)
        return ok.error();
    if (state == QLatin1String("all"))
        return QString();
    return state == QLatin1String("decided") ? QStringLiteral("WHERE c.state = 'decided' ")
                                             : QStringLiteral("WHERE c.state = 'open' ");
}

// POST /claims {track_id, claimant, evidence}.
struct ClaimRequest {
    QString trackId;
    QString claimant;
    QString evidence;
};

Result<ClaimRequest> parseClaim(const QJsonObject &body)
{
    FieldReader r(body);
    ClaimRequest c{r.prose(QStringLiteral("track_id"), 100, true),
                   r.prose(QStringLiteral("claimant"), 300, true),
                   r.prose(QStringLiteral("evidence"), 5000, true)};
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the claim has invalid fields")); !ok)
        return ok.error();
    return c;
}

// POST /claims/{id}/decision {decision: keep|reject|remove, note}.
struct ClaimDecision {
    QString decision;
    QString note;
};

Result<ClaimDecision> parseClaimDecision(const QJsonObject &body)
{
    FieldReader r(body);
    ClaimDecision d;
    d.decision = r.value(QStringLiteral("decision")).toString();
    if (d.decision != QLatin1String("keep") && d.decision != QLatin1String("reject") &&
        d.decision != QLatin1String("remove"))
        r.fail(QStringLiteral("decision"), QStringLiteral("must be keep, reject or remove"));
    d.note = r.prose(QStringLiteral("note"), 2000, true);
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the decision has invalid fields")); !ok)
        return ok.error();
    return d;
}

// Claims joined with their track, in filing order; `where` filters on c.* or t.*.
Result<QJsonArray> claimsWhere(const Database &db, const QString &where, const QVariantList &binds)
{
    auto q = db.query(
        QStringLiteral("SELECT c.claim_id, c.track_id, c.filed_by, c.claimant, c.evidence, "
                       "c.state, c.decision, c.decided_by, c.decision_note, c.created_at, "
                       "c.decided_at, t.title, t.display_artist_name, t.status FROM claims c "
                       "JOIN tracks t ON t.track_id = c.track_id ") +
            where + QStringLiteral("ORDER BY c.created_at, c.claim_id"),
        binds);
    if (!q)
        return q.error();
    QJsonArray out;
    while (q.value().next()) {
        const QSqlQuery &c = q.value();
        out.append(QJsonObject{{QStringLiteral("claim_id"), c.value(0).toString()},
                               {QStringLiteral("track_id"), c.value(1).toString()},
                               {QStringLiteral("filed_by"), c.value(2).toString()},
                               {QStringLiteral("claimant"), c.value(3).toString()},
                               {QStringLiteral("evidence"), c.value(4).toString()},
                               {QStringLiteral("state"), c.value(5).toString()},
                               {QStringLiteral("decision"), c.value(6).toString()},
                               {QStringLiteral("decided_by"), c.value(7).toString()},
                               {QStringLiteral("decision_note"), c.value(8).toString()},
                               {QStringLiteral("created_at"), c.value(9).toString()},
                               {QStringLiteral("decided_at"), c.value(10).toString()},
                               {QStringLiteral("track_title"), c.value(11).toString()},
                               {QStringLiteral("track_artist"), c.value(12).toString()},
                               {QStringLiteral("track_status"), c.value(13).toString()}});
    }
    return out;
}

} // namespace

Result<QJsonArray> ClaimService::ofTrack(const QString &trackId) const
{
    return claimsWhere(m_vault.db(), QStringLiteral("WHERE c.track_id = ? "), {trackId});
}

Result<QJsonObject> ClaimService::fileClaim(const Account &who, const QJsonObject &body)
{
    auto claim = parseClaim(body);
    if (!claim)
        return claim.error();
    const QString &trackId = claim->trackId;
    const QString &claimant = claim->claimant;
    const QString &evidence = claim->evidence;
    const QString claimId = newId(QStringLiteral("claim"));
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Result<QString> {
        auto track = TrackStore::lock(tx, trackId);
        if (!track)
            return track.error();
        const SubmissionState state = track->track.status;
        const QString status = core::toString(state);
        if (state != SubmissionState::Accepted && state != SubmissionState::UnderInvestigation)
            return Error::make(ErrorKind::Conflict, QStringLiteral("claim_not_applicable"),
                               QStringLiteral("claims concern tracks in the vault; this track is "
                                              "'%1'")
                                   .arg(status));
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO claims (claim_id, track_id, filed_by, "
                                       "claimant, evidence, state, prior_status, created_at) "
                                       "VALUES (?, ?, ?, ?, ?, 'open', ?, ?)"),
                        {claimId, trackId, who.id, claimant, evidence, status, now});
        if (!ins)
            return ins.error();
        if (auto u = TrackStore::addFlag(tx, trackId, flags::kUnderClaim, now); !u)
            return u.error();
        auto logged =
            AuditLog::append(tx, audit::kInfringementClaim, who.id, trackId,
                             QJsonObject{{QStringLiteral("claim_id"), claimId},
                                         {QStringLiteral("change"), QStringLiteral("filed")},
                                         {QStringLiteral("claimant"), claimant}},
                             now);
        if (!logged)
            return logged.error();
        // Stale marking (outbox part): runs that used the claimed track, a training.affected
        // notice.
        if (auto marked = StaleMarking::markTrack(tx, trackId, stale::kClaimed, logged->seq, now);
            !marked)
            return marked.error();
        auto outbox =
            exec(tx,
                 QStringLiteral("INSERT INTO outbox (event_id, event_type, subject, payload, "
                                "created_at) VALUES (?, 'claim.filed', ?, ?, ?)"),
                 {newId(QStringLiteral("evt")), trackId,
                  compact(QJsonObject{{QStringLiteral("claim_id"), claimId},
                                      {QStringLiteral("track_id"), trackId}}),
                  now});
        if (!outbox)
            return outbox.error();
        if (state == SubmissionState::Accepted) {
            // Locked at once: out of every training selection from this commit on.
            auto moved = TrackStore::transition(
                tx, trackId, SubmissionEvent::ClaimFiled, who.id,
                QStringLiteral("infringement claim %1").arg(claimId), now,
                TransitionNote{{}, QJsonObject{{QStringLiteral("claim_id"), claimId}}});
            if (!moved)
                return moved.error();
            if (auto j = JobQueue::enqueue(tx, QStringLiteral("recheck"), trackId, now); !j)
                return j.error();
        }
        return claimId;
    });
    if (!done)
        return done.error();
    m_notifier.notify();
    auto status = m_contributions.statusJson(trackId);
    if (!status)
        return status.error();
    return QJsonObject{{QStringLiteral("claim_id"), claimId},
                       {QStringLiteral("state"), QStringLiteral("open")},
                       {QStringLiteral("track_id"), trackId},
                       {QStringLiteral("track_status"), status->value(QStringLiteral("status"))}};
}

Result<QJsonObject> ClaimService::listClaims(const QUrlQuery &query) const
{
    auto where = parseClaimsQuery(query);
    if (!where)
        return where.error();
    auto out = claimsWhere(m_vault.db(), where.value(), {});
    if (!out)
        return out.error();
    return QJsonObject{{QStringLiteral("claims"), out.value()}};
}

Result<QJsonObject> ClaimService::decideClaim(const Account &who, const QString &claimId,
                                              const QJsonObject &body)
{
    auto parsed = parseClaimDecision(body);
    if (!parsed)
        return parsed.error();
    const QString &decision = parsed->decision;
    const QString &note = parsed->note;
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Result<QString> {
        auto c = exec(tx, QStringLiteral("SELECT track_id, state FROM claims WHERE claim_id = ?"),
                      {claimId});
        if (!c)
            return c.error();
        if (!c.value().next())
            return Error::make(ErrorKind::NotFound, QStringLiteral("claim_not_found"),
                               QStringLiteral("no such claim"));
        const QString trackId = c.value().value(0).toString();
        if (c.value().value(1).toString() != QLatin1String("open"))
            return Error::make(ErrorKind::Conflict, QStringLiteral("claim_decided"),
                               QStringLiteral("this claim was already decided"));
        auto u = exec(tx,
                      QStringLiteral("UPDATE claims SET state = 'decided', decision = ?, "
                                     "decided_by = ?, decision_note = ?, decided_at = ? WHERE "
                                     "claim_id = ? AND state = 'open'"),
                      {decision, who.id, note, now, claimId});
        if (!u)
            return u.error();
        auto others = exec(tx,
                           QStringLiteral("SELECT COUNT(*) FROM claims WHERE track_id = ? AND "
                                          "state = 'open'"),
                           {trackId});
        if (!others)
            return others.error();
        others.value().next();
        const bool othersOpen = others.value().value(0).toLongLong() > 0;
        auto track = TrackStore::lock(tx, trackId);
        if (!track)
            return track.error();
        const QString status = core::toString(track->track.status);
        if (!othersOpen || decision != QLatin1String("keep")) {
            if (auto w = TrackStore::removeFlag(tx, trackId, flags::kUnderClaim); !w)
                return w.error();
        }
        auto logged =
            AuditLog::append(tx, audit::kInfringementClaim, who.id, trackId,
                             QJsonObject{{QStringLiteral("claim_id"), claimId},
                                         {QStringLiteral("change"), QStringLiteral("decided")},
                                         {QStringLiteral("decision"), decision},
                                         {QStringLiteral("note"), note}},
                             now);
        if (!logged)
            return logged.error();
        if (track->track.status != SubmissionState::UnderInvestigation ||
            (decision == QLatin1String("keep") && othersOpen))
            return status;
        const SubmissionEvent ev =
            decision == QLatin1String("keep")     ? SubmissionEvent::ClaimDismissed
            : decision == QLatin1String("reject") ? SubmissionEvent::ClaimSustainedReject
                                                  : SubmissionEvent::ClaimSustainedRemove;
        auto moved = TrackStore::transition(
            tx, trackId, ev, who.id, QStringLiteral("claim %1: %2").arg(claimId, note), now,
            TransitionNote{{}, QJsonObject{{QStringLiteral("claim_id"), claimId}}});
        if (!moved)
            return moved.error();
        return core::toString(moved.value());
    });
    if (!done)
        return done.error();
    return QJsonObject{{QStringLiteral("claim_id"), claimId},
                       {QStringLiteral("state"), QStringLiteral("decided")},
                       {QStringLiteral("decision"), decision},
                       {QStringLiteral("track_status"), done.value()}};
}

} // namespace lemm::server
