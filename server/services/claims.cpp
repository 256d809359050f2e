#include "server/services/claims.h"

#include "server/base/json_util.h"
#include "server/services/jobs.h"
#include "server/services/login_throttle.h"
#include "server/services/outbox.h"
#include "server/services/stale_marking.h"
#include "server/storage/audit_log.h"
#include "server/storage/track_store.h"

#include "core/base/ids.h"
#include "core/base/json_fields.h"
#include "core/domain/decisions.h"
#include "core/domain/permissions.h"

#include <QJsonArray>

#include <algorithm>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

// GET /claims?state=open|pending_review|decided|dismissed|all: the state selected ("" all).
Result<QString> parseClaimsQuery(const QUrlQuery &query)
{
    QueryReader q(query);
    const QString state =
        q.oneOf(QStringLiteral("state"),
                {QStringLiteral("open"), QStringLiteral("pending_review"),
                 QStringLiteral("decided"), QStringLiteral("dismissed"), QStringLiteral("all")},
                QStringLiteral("open"),
                QStringLiteral("must be open, pending_review, decided, dismissed or all"));
    if (auto ok = q.check(QStringLiteral("the claims request has invalid parameters")); !ok)
        return ok.error();
    return state == QLatin1String("all") ? QString() : state;
}

// POST /claims {track_id, claimant, contact, statement, evidence}: who claims, how to reach
// them, their statement (the good-faith declaration) and the evidence; lengths bounded.
struct ClaimRequest {
    QString trackId;
    QString claimant;
    QString contact;
    QString statement;
    QString evidence;
};

Result<ClaimRequest> parseClaim(const QJsonObject &body)
{
    FieldReader r(body);
    ClaimRequest c{r.prose(QStringLiteral("track_id"), 100, true),
                   r.prose(QStringLiteral("claimant"), 300, true),
                   r.prose(QStringLiteral("contact"), 300, true),
                   r.prose(QStringLiteral("statement"), 5000, true),
                   r.prose(QStringLiteral("evidence"), 5000, true)};
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the claim has invalid fields")); !ok)
        return ok.error();
    return c;
}

// POST /claims/{id}/review {decision: accept|dismiss, note}.
struct ClaimReview {
    bool accept = false;
    QString note;
};

Result<ClaimReview> parseClaimReview(const QJsonObject &body)
{
    FieldReader r(body);
    const QString decision = r.oneOf(QStringLiteral("decision"),
                                     {QStringLiteral("accept"), QStringLiteral("dismiss")}, true);
    ClaimReview out{decision == QLatin1String("accept"),
                    r.prose(QStringLiteral("note"), 2000, true)};
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the claim review has invalid fields")); !ok)
        return ok.error();
    return out;
}

// Claims count against their filer and their client address within the policy's window.
Status checkClaimThrottle(const Tx &tx, const QString &column, const QString &key, int limit,
                          const Policy &policy, const QDateTime &now)
{
    if (key.isEmpty())
        return okStatus();
    const QString since = toIso(now.addSecs(-policy.claimWindowSec));
    auto q = exec(tx,
                  QStringLiteral("SELECT COUNT(*), MIN(created_at) FROM claims WHERE %1 = ? AND "
                                 "created_at > ?")
                      .arg(column),
                  {key, since});
    if (!q)
        return q.error();
    q.value().next();
    if (q.value().value(0).toLongLong() < limit)
        return okStatus();
    const QDateTime oldest = fromIso(q.value().value(1).toString());
    const qint64 retry = std::max<qint64>(1, now.secsTo(oldest.addSecs(policy.claimWindowSec)));
    return Error::make(ErrorKind::TooManyRequests, QStringLiteral("claims_throttled"),
                       QStringLiteral("too many claims from this account or address; try again "
                                      "later"),
                       QJsonObject{{QStringLiteral("retry_after_seconds"), double(retry)}});
}

bool isClaimable(SubmissionState s)
{
    return s == SubmissionState::Accepted || s == SubmissionState::UnderInvestigation;
}

// The track a claim is filed on, locked; the same 404 for a missing track and for one the
// filer may not know of (someone else's track outside the vault).
Result<TrackRecord> claimedTrack(const Tx &tx, const Account &who, const QString &trackId)
{
    auto track = TrackStore::lock(tx, trackId);
    if (!track)
        return track.error();
    const SubmissionState state = track->track.status;
    const Ownership own =
        track->track.primaryArtistId == who.id ? Ownership::Own : Ownership::Other;
    if (!mayKnowTrack(who.principal(), own, isClaimable(state)))
        return TrackStore::notFound();
    if (!isClaimable(state))
        return Error::make(ErrorKind::Conflict, QStringLiteral("claim_not_applicable"),
                           QStringLiteral("claims concern tracks in the vault; this track is "
                                          "'%1'")
                               .arg(core::toString(state)));
    return track;
}

// Takes the claimed track out of training: flag, claim.filed event and, for an accepted
// track, under_investigation with a re-check queued. `actorId` is who made the claim bite.
Status lockForClaim(const Tx &tx, const QString &trackId, const QString &claimId,
                    const QString &actorId, SubmissionState state, qint64 auditSeq,
                    const QString &now)
{
    // Stale marking (outbox part): runs that used the claimed track, a training.affected notice.
    if (auto marked = StaleMarking::markTrack(tx, trackId, stale::kClaimed, auditSeq, now); !marked)
        return marked.error();
    if (auto u = TrackStore::addFlag(tx, trackId, flags::kUnderClaim, now); !u)
        return u.error();
    auto outbox = Outbox::enqueue(
        tx, QStringLiteral("claim.filed"), trackId,
        QJsonObject{{QStringLiteral("claim_id"), claimId}, {QStringLiteral("track_id"), trackId}},
        now);
    if (!outbox)
        return outbox.error();
    if (state != SubmissionState::Accepted)
        return okStatus();
    // Locked at once: out of every training selection from this commit on.
    auto moved = TrackStore::transition(
        tx, trackId, SubmissionEvent::ClaimFiled, actorId,
        QStringLiteral("infringement claim %1").arg(claimId), now,
        TransitionNote{{}, QJsonObject{{QStringLiteral("claim_id"), claimId}}});
    if (!moved)
        return moved.error();
    if (auto j = JobQueue::enqueue(tx, QStringLiteral("recheck"), trackId, now); !j)
        return j.error();
    return okStatus();
}

// A filer's standing: "admin", "rights_holder" (recorded by an admin) or "" (none).
Result<QString> standingOf(const Database &db, const Account &who)
{
    if (who.roles.contains(Role::Admin))
        return QStringLiteral("admin");
    auto q =
        db.query(QStringLiteral("SELECT 1 FROM rights_holders WHERE account_id = ?"), {who.id});
    if (!q)
        return q.error();
    return q.value().next() ? QStringLiteral("rights_holder") : QString();
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
                       "c.decided_at, t.title, t.display_artist_name, t.status, c.contact, "
                       "c.statement, c.standing FROM claims c "
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
                               {QStringLiteral("track_status"), c.value(13).toString()},
                               {QStringLiteral("contact"), c.value(14).toString()},
                               {QStringLiteral("statement"), c.value(15).toString()},
                               {QStringLiteral("standing"), c.value(16).toString()}});
    }
    return out;
}

} // namespace

Result<QJsonArray> ClaimService::ofTrack(const QString &trackId) const
{
    return claimsWhere(m_vault.db(), QStringLiteral("WHERE c.track_id = ? "), {trackId});
}

Result<QJsonObject> ClaimService::fileClaim(const Account &who, const QJsonObject &body,
                                            const QString &peerAddress)
{
    auto claim = parseClaim(body);
    if (!claim)
        return claim.error();
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto standing = standingOf(m_vault.db(), who);
    if (!standing)
        return standing.error();
    const QString &trackId = claim->trackId;
    const QString claimId = newId(QStringLiteral("claim"));
    const QString addressKey = LoginThrottle::attemptFor(QString(), peerAddress).addressKey;
    const QString state =
        standing->isEmpty() ? QStringLiteral("pending_review") : QStringLiteral("open");
    const QDateTime nowTime = m_vault.now();
    const QString now = toIso(nowTime);
    // Admins (who decide claims anyway) are not throttled; everyone else is, per account and
    // per client address.
    const auto throttle = [&](const Tx &tx) -> Status {
        if (who.roles.contains(Role::Admin))
            return okStatus();
        if (auto t = checkClaimThrottle(tx, QStringLiteral("filed_by"), who.id,
                                        policy->claimsPerAccount, policy.value(), nowTime);
            !t)
            return t;
        return checkClaimThrottle(tx, QStringLiteral("filed_from"), addressKey,
                                  policy->claimsPerAddress, policy.value(), nowTime);
    };
    auto done = m_vault.transact([&](const Tx &tx) -> Status {
        if (auto t = throttle(tx); !t)
            return t;
        auto track = claimedTrack(tx, who, trackId);
        if (!track)
            return track.error();
        const SubmissionState trackState = track->track.status;
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO claims (claim_id, track_id, filed_by, "
                                       "claimant, contact, statement, evidence, state, standing, "
                                       "filed_from, prior_status, created_at) VALUES (?, ?, ?, ?, "
                                       "?, ?, ?, ?, ?, ?, ?, ?)"),
                        {claimId, trackId, who.id, claim->claimant, claim->contact,
                         claim->statement, claim->evidence, state, standing.value(), addressKey,
                         core::toString(trackState), now});
        if (!ins)
            return ins.error();
        auto logged =
            AuditLog::append(tx, audit::kInfringementClaim, who.id, trackId,
                             QJsonObject{{QStringLiteral("claim_id"), claimId},
                                         {QStringLiteral("change"), QStringLiteral("filed")},
                                         {QStringLiteral("claimant"), claim->claimant},
                                         {QStringLiteral("standing"), standing.value()},
                                         {QStringLiteral("state"), state}},
                             now);
        if (!logged)
            return logged.error();
        if (standing->isEmpty())
            return okStatus(); // queued for review: the track stays where it is
        return lockForClaim(tx, trackId, claimId, who.id, trackState, logged->seq, now);
    });
    if (!done)
        return done.error();
    m_notifier.notify();
    auto status = m_contributions.statusJson(trackId);
    if (!status)
        return status.error();
    return QJsonObject{{QStringLiteral("claim_id"), claimId},
                       {QStringLiteral("state"), state},
                       {QStringLiteral("standing"), standing.value()},
                       {QStringLiteral("track_id"), trackId},
                       {QStringLiteral("track_status"), status->value(QStringLiteral("status"))}};
}

Result<QJsonObject> ClaimService::listClaims(const Account &who, const QUrlQuery &query) const
{
    auto state = parseClaimsQuery(query);
    if (!state)
        return state.error();
    QStringList where;
    QVariantList binds;
    if (!state->isEmpty()) {
        where << QStringLiteral("c.state = ?");
        binds << state.value();
    }
    if (!who.roles.contains(Role::Admin)) { // a reviewer does not review claims on their tracks
        where << QStringLiteral("t.primary_artist_id <> ?");
        binds << who.id;
    }
    const QString clause =
        where.isEmpty()
            ? QString()
            : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND ")) + QLatin1Char(' ');
    auto out = claimsWhere(m_vault.db(), clause, binds);
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
        if (c.value().value(1).toString() == QLatin1String("pending_review"))
            return Error::make(ErrorKind::Conflict, QStringLiteral("claim_pending_review"),
                               QStringLiteral("this claim has no standing yet: accept or dismiss "
                                              "it first (POST /claims/{id}/review)"));
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

Result<QJsonObject> ClaimService::reviewClaim(const Account &who, const QString &claimId,
                                              const QJsonObject &body)
{
    auto parsed = parseClaimReview(body);
    if (!parsed)
        return parsed.error();
    const QString now = m_vault.nowIso();
    const QString newState = parsed->accept ? QStringLiteral("open") : QStringLiteral("dismissed");
    auto done = m_vault.transact([&](const Tx &tx) -> Result<QString> {
        auto c = exec(tx, QStringLiteral("SELECT track_id, state FROM claims WHERE claim_id = ?"),
                      {claimId});
        if (!c)
            return c.error();
        if (!c.value().next())
            return Error::make(ErrorKind::NotFound, QStringLiteral("claim_not_found"),
                               QStringLiteral("no such claim"));
        const QString trackId = c.value().value(0).toString();
        if (c.value().value(1).toString() != QLatin1String("pending_review"))
            return Error::make(ErrorKind::Conflict, QStringLiteral("claim_not_pending"),
                               QStringLiteral("this claim is not waiting for review"));
        auto track = TrackStore::lock(tx, trackId);
        if (!track)
            return track.error();
        if (track->track.primaryArtistId == who.id)
            return Error::make(ErrorKind::Forbidden, QStringLiteral("own_track"),
                               QStringLiteral("reviewers cannot review claims on their own "
                                              "track"));
        const SubmissionState state = track->track.status;
        if (parsed->accept && !isClaimable(state))
            return Error::make(ErrorKind::Conflict, QStringLiteral("claim_not_applicable"),
                               QStringLiteral("the track is no longer in the vault ('%1')")
                                   .arg(core::toString(state)));
        auto u = exec(tx,
                      parsed->accept
                          ? QStringLiteral("UPDATE claims SET state = 'open' WHERE claim_id = ?")
                          : QStringLiteral("UPDATE claims SET state = 'dismissed', decision = "
                                           "'dismiss', decided_by = ?, decision_note = ?, "
                                           "decided_at = ? WHERE claim_id = ?"),
                      parsed->accept ? QVariantList{claimId}
                                     : QVariantList{who.id, parsed->note, now, claimId});
        if (!u)
            return u.error();
        auto logged = AuditLog::append(
            tx, audit::kInfringementClaim, who.id, trackId,
            QJsonObject{{QStringLiteral("claim_id"), claimId},
                        {QStringLiteral("change"),
                         parsed->accept ? QStringLiteral("accepted") : QStringLiteral("dismissed")},
                        {QStringLiteral("note"), parsed->note}},
            now);
        if (!logged)
            return logged.error();
        if (parsed->accept)
            if (auto l = lockForClaim(tx, trackId, claimId, who.id, state, logged->seq, now); !l)
                return l.error();
        return trackId;
    });
    if (!done)
        return done.error();
    m_notifier.notify();
    auto status = m_contributions.statusJson(done.value());
    if (!status)
        return status.error();
    return QJsonObject{{QStringLiteral("claim_id"), claimId},
                       {QStringLiteral("state"), newState},
                       {QStringLiteral("track_id"), done.value()},
                       {QStringLiteral("track_status"), status->value(QStringLiteral("status"))}};
}

Result<QJsonObject> ClaimService::setStanding(const Account &admin, const QString &accountId,
                                              const QJsonObject &body)
{
    FieldReader r(body);
    const bool granted = r.boolean(QStringLiteral("rights_holder"), true);
    const QString note = r.prose(QStringLiteral("note"), 2000, true);
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the standing change has invalid fields")); !ok)
        return ok.error();
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Status {
        auto a = exec(
            tx, QStringLiteral("SELECT account_kind FROM contributors WHERE contributor_id = ?"),
            {accountId});
        if (!a)
            return a.error();
        if (!a.value().next() || a.value().value(0).toString() != QLatin1String("person"))
            return Error::make(ErrorKind::NotFound, QStringLiteral("account_not_found"),
                               QStringLiteral("no such person account"));
        auto del = exec(tx, QStringLiteral("DELETE FROM rights_holders WHERE account_id = ?"),
                        {accountId});
        if (!del)
            return del.error();
        if (granted) {
            auto ins = exec(tx,
                            QStringLiteral("INSERT INTO rights_holders (account_id, granted_by, "
                                           "note, granted_at) VALUES (?, ?, ?, ?)"),
                            {accountId, admin.id, note, now});
            if (!ins)
                return ins.error();
        }
        auto logged = AuditLog::append(
            tx, audit::kClaimStanding, admin.id, accountId,
            QJsonObject{{QStringLiteral("rights_holder"), granted}, {QStringLiteral("note"), note}},
            now);
        if (!logged)
            return logged.error();
        return okStatus();
    });
    if (!done)
        return done.error();
    return QJsonObject{{QStringLiteral("account_id"), accountId},
                       {QStringLiteral("rights_holder"), granted},
                       {QStringLiteral("note"), note}};
}

} // namespace lemm::server
