#include "server/services/review.h"

#include "server/storage/track_store.h"

#include "server/base/json_util.h"
#include "server/services/jobs.h"
#include "server/services/submissions.h"
#include "server/storage/audit_log.h"

#include "core/audio/review_audio.h"
#include "core/base/ids.h"
#include "core/base/json_fields.h"
#include "core/crypto/signed_token.h"
#include "core/domain/contribution.h"
#include "core/domain/decisions.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>

#include <algorithm>
#include <cmath>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

QJsonObject objectFrom(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

bool isFlagged(const QStringList &flags)
{
    return std::any_of(flags.begin(), flags.end(), isBlockingFlag);
}

// A dispute is an appeal round; every other reviewable state the first review round.
QString roundFor(const QString &status)
{
    return status == core::toString(SubmissionState::DisputePending) ? QStringLiteral("appeal")
                                                                     : QStringLiteral("review");
}

// Typed requests: query parameters and JSON bodies of the review routes.

// GET /review/queue?state=&sort=&limit=
struct QueueQuery {
    QStringList states;
    QString sort; // age (default) | flags | score
    int limit = 100;
};

Result<QueueQuery> parseQueueQuery(const QUrlQuery &query)
{
    QueryReader q(query);
    QueueQuery out;
    const QString pending = toString(SubmissionState::PendingReview);
    const QString dispute = toString(SubmissionState::DisputePending);
    out.states = {pending, dispute};
    const QString state = q.oneOf(QStringLiteral("state"),
                                  {pending, dispute, QStringLiteral("all")}, QStringLiteral("all"),
                                  QStringLiteral("must be pending_review, dispute_pending or all"));
    if (state != QLatin1String("all"))
        out.states = {state};
    out.sort = q.oneOf(QStringLiteral("sort"),
                       {QStringLiteral("age"), QStringLiteral("flags"), QStringLiteral("score")},
                       {}, QStringLiteral("must be age, flags or score"));
    out.limit =
        int(q.integer(QStringLiteral("limit"), 100, 1, 500, QStringLiteral("must be 1..500")));
    if (auto ok = q.check(QStringLiteral("the queue request has invalid parameters")); !ok)
        return ok.error();
    return out;
}

// POST /review/{id}/votes {vote, note}: a note is required unless the vote approves.
struct VoteRequest {
    VoteKind kind = VoteKind::Approve;
    QString note;
};

Result<VoteRequest> parseVote(const QJsonObject &body)
{
    FieldReader r(body);
    VoteRequest req;
    const QJsonValue v = r.value(QStringLiteral("vote"));
    if (!v.isString() || !parseVoteKind(v.toString(), &req.kind))
        r.fail(QStringLiteral("vote"),
               QStringLiteral("must be approve, reject or needs_more_info"));
    const bool noteRequired = v.isString() && v.toString() != QLatin1String("approve");
    req.note = r.prose(QStringLiteral("note"), 2000, noteRequired);
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the vote has invalid fields")); !ok)
        return ok.error();
    return req;
}

struct VoteRow {
    QString reviewerId;
    bool byAdmin = false;
    QString vote;
    QString note;
    QString round;
    QString at;
};

const QString kVotesSql = QStringLiteral("SELECT reviewer_id, by_admin, vote, note, round, at "
                                         "FROM votes WHERE track_id = ? ORDER BY at, vote_id");

Result<QList<VoteRow>> votesFrom(Result<QSqlQuery> q)
{
    if (!q)
        return q.error();
    QList<VoteRow> out;
    while (q.value().next())
        out << VoteRow{q.value().value(0).toString(), q.value().value(1).toInt() != 0,
                       q.value().value(2).toString(), q.value().value(3).toString(),
                       q.value().value(4).toString(), q.value().value(5).toString()};
    return out;
}

// A track's votes, inside a transaction (the vote path) or on a connection (reads).
Result<QList<VoteRow>> votesOf(const Tx &tx, const QString &trackId)
{
    return votesFrom(exec(tx, kVotesSql, {trackId}));
}

Result<QList<VoteRow>> votesOf(const QSqlDatabase &db, const QString &trackId)
{
    return votesFrom(exec(db, kVotesSql, {trackId}));
}

ReviewState reviewStateOf(const QList<VoteRow> &votes, const QString &round,
                          const QStringList &flags, const Policy &policy)
{
    QList<CastVote> cast;
    for (const VoteRow &v : votes) {
        VoteKind k;
        if (v.round == round && parseVoteKind(v.vote, &k))
            cast << CastVote{v.reviewerId, v.byAdmin, k};
    }
    // An appeal is decided by one re-evaluation (a different reviewer, or an admin).
    if (round == QLatin1String("appeal")) {
        Policy single = policy;
        single.flaggedApprovalsRequired = 1;
        return decideReview(cast, false, single);
    }
    return decideReview(cast, isFlagged(flags), policy);
}

QJsonObject reviewStateJson(const ReviewState &s, const QString &round)
{
    const QString outcome = s.outcome == ReviewOutcome::Accept   ? QStringLiteral("accept")
                            : s.outcome == ReviewOutcome::Reject ? QStringLiteral("reject")
                                                                 : QStringLiteral("pending");
    return QJsonObject{
        {QStringLiteral("round"), round},           {QStringLiteral("outcome"), outcome},
        {QStringLiteral("approvals"), s.approvals}, {QStringLiteral("rejections"), s.rejections},
        {QStringLiteral("required"), s.required},   {QStringLiteral("summary"), s.summary}};
}

QJsonArray votesJson(const QList<VoteRow> &votes)
{
    QJsonArray out;
    for (const VoteRow &v : votes)
        out.append(QJsonObject{{QStringLiteral("reviewer_id"), v.reviewerId},
                               {QStringLiteral("by_admin"), v.byAdmin},
                               {QStringLiteral("vote"), v.vote},
                               {QStringLiteral("note"), v.note},
                               {QStringLiteral("round"), v.round},
                               {QStringLiteral("at"), v.at}});
    return out;
}

// The compact similarity summary of the queue: best hit per external source and internally.
QJsonObject compactSummary(const QJsonObject &external, const QJsonObject &internal, double *score)
{
    *score = 0;
    QJsonArray ext;
    for (auto it = external.begin(); it != external.end(); ++it) {
        const QJsonObject s = it.value().toObject();
        const QJsonArray hits = s.value(QStringLiteral("hits")).toArray();
        QJsonObject o{{QStringLiteral("source"), it.key()},
                      {QStringLiteral("available"), s.value(QStringLiteral("available"))},
                      {QStringLiteral("verdict"), s.value(QStringLiteral("verdict"))}};
        if (!hits.isEmpty()) {
            const QJsonObject best = hits.first().toObject();
            o.insert(QStringLiteral("best"), best);
            *score = std::max(*score, best.value(QStringLiteral("match_confidence")).toDouble());
        }
        ext.append(o);
    }
    QJsonObject in{
        {QStringLiteral("checked_against"), internal.value(QStringLiteral("checked_against"))}};
    const QJsonArray matches = internal.value(QStringLiteral("matches")).toArray();
    if (!matches.isEmpty()) {
        const QJsonObject best = matches.first().toObject();
        in.insert(QStringLiteral("best"), best);
        *score = std::max(*score, best.value(QStringLiteral("exact")).toBool()
                                      ? 1.0
                                      : best.value(QStringLiteral("robust_score")).toDouble());
    }
    return QJsonObject{{QStringLiteral("external"), ext},
                       {QStringLiteral("internal"), in},
                       {QStringLiteral("score"), std::round(*score * 1000) / 1000}};
}

// One row of the review queue (the columns of ReviewService::queue's SELECT, in order).
struct QueueItem {
    QJsonObject json;
    int flags = 0;
    double score = 0;
};

QueueItem queueItem(const QSqlRecord &r, const QStringList &fl, const QList<VoteRow> &votes,
                    const Account &who, const Policy &policy)
{
    const QString trackId = r.value(0).toString();
    const QString status = r.value(1).toString();
    const QString round = roundFor(status);
    const ReviewState st = reviewStateOf(votes, round, fl, policy);
    bool voted = false;
    for (const VoteRow &v : votes)
        voted = voted || (v.reviewerId == who.id && v.round == round);
    const bool own = r.value(4).toString() == who.id;
    double score = 0;
    const QJsonObject summary = compactSummary(objectFrom(r.value(7).toString()),
                                               objectFrom(r.value(8).toString()), &score);
    QJsonObject item{
        {QStringLiteral("track_id"), trackId},
        {QStringLiteral("status"), status},
        {QStringLiteral("title"), r.value(2).toString()},
        {QStringLiteral("artist"), r.value(3).toString()},
        {QStringLiteral("submitted_at"), r.value(5).toString()},
        {QStringLiteral("duration_sec"), r.value(6).toDouble()},
        {QStringLiteral("genre_tags"),
         QJsonDocument::fromJson(r.value(9).toString().toUtf8()).array()},
        {QStringLiteral("flags"), QJsonArray::fromStringList(fl)},
        {QStringLiteral("flagged"), isFlagged(fl)},
        {QStringLiteral("similarity"), summary},
        {QStringLiteral("review_state"), reviewStateJson(st, round)},
        {QStringLiteral("can_vote"), !own && !voted},
    };
    if (own)
        item.insert(QStringLiteral("cannot_vote_reason"), QStringLiteral("own_track"));
    else if (voted)
        item.insert(QStringLiteral("cannot_vote_reason"), QStringLiteral("already_voted"));
    return QueueItem{item, int(fl.size()), score};
}

// A reviewer's own track: its review (votes, notes, detail) is not theirs to see (issue 14).
Error ownTrackRefused()
{
    return Error::make(ErrorKind::Forbidden, QStringLiteral("own_track"),
                       QStringLiteral("reviewers cannot review their own track"));
}

// Who may vote in this round: once per reviewer and round; an appeal by someone other than
// the first round's reviewers, or an admin.
Status checkVoter(const QList<VoteRow> &votes, const Account &who, const QString &round,
                  bool byAdmin)
{
    for (const VoteRow &r : votes) {
        if (r.reviewerId == who.id && r.round == round)
            return Error::make(ErrorKind::Conflict, QStringLiteral("already_voted"),
                               QStringLiteral("you already voted on this submission"));
        if (round == QLatin1String("appeal") && r.round == QLatin1String("review") &&
            r.reviewerId == who.id && !byAdmin)
            return Error::make(ErrorKind::Conflict, QStringLiteral("same_reviewer"),
                               QStringLiteral("an appeal is re-evaluated by a different "
                                              "reviewer than the ones who decided it, or by "
                                              "an admin"));
    }
    return okStatus();
}

// The review_vote audit entry of one vote.
Result<core::AuditEntry> auditVote(const Tx &tx, const QString &reviewerId, const QString &trackId,
                                   VoteKind kind, const QString &note, bool byAdmin,
                                   const ReviewState &st, const QString &round, const QString &now)
{
    return AuditLog::append(
        tx, audit::kReviewVote, reviewerId, trackId,
        QJsonObject{{QStringLiteral("vote"), toString(kind)},
                    {QStringLiteral("round"), round},
                    {QStringLiteral("by_admin"), byAdmin},
                    {QStringLiteral("note"), note},
                    {QStringLiteral("review_state"), reviewStateJson(st, round)}},
        now);
}

// The event a decided round moves the track by.
SubmissionEvent decidingEvent(const ReviewState &st, const QString &round)
{
    const bool accept = st.outcome == ReviewOutcome::Accept;
    if (round == QLatin1String("appeal"))
        return accept ? SubmissionEvent::AppealUpheld : SubmissionEvent::AppealDenied;
    return accept ? SubmissionEvent::Approved : SubmissionEvent::Rejected;
}

} // namespace

Result<QJsonObject> ReviewService::queue(const Account &who, const QUrlQuery &query) const
{
    auto parsed = parseQueueQuery(query);
    if (!parsed)
        return parsed.error();
    const QStringList &states = parsed->states;
    const QString &sort = parsed->sort;
    const int limit = parsed->limit;
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto conn = m_vault.db().connection();
    if (!conn)
        return conn.error();
    auto q = exec(conn.value(),
                  QStringLiteral("SELECT t.track_id, t.status, t.title, t.display_artist_name, "
                                 "t.primary_artist_id, t.created_at, t.duration_sec, "
                                 "f.external_similarity_summary, f.internal_similarity_summary, "
                                 "t.genre_tags FROM tracks t LEFT JOIN fingerprint_records f ON "
                                 "f.track_id = t.track_id WHERE t.status IN (?, ?) "
                                 "ORDER BY t.created_at, t.track_id"),
                  {states.first(), states.last()});
    if (!q)
        return q.error();
    // Rows first: a forward-only result on PostgreSQL is cut short by the next query on the
    // same connection (the per-track flag and vote look-ups below).
    QList<QSqlRecord> rows;
    const bool admin = who.roles.contains(Role::Admin);
    while (q.value().next())
        if (admin || q.value().value(4).toString() != who.id) // not one's own track to review
            rows << q.value().record();
    QList<QueueItem> items;
    for (const QSqlRecord &row : rows) {
        const QString trackId = row.value(0).toString();
        auto trackFlags = m_tracks.flagsOf({trackId});
        if (!trackFlags)
            return trackFlags.error();
        auto votes = votesOf(conn.value(), trackId);
        if (!votes)
            return votes.error();
        items << queueItem(row, trackFlags->value(trackId).toList(), votes.value(), who,
                           policy.value());
    }
    if (sort == QLatin1String("flags"))
        std::stable_sort(items.begin(), items.end(),
                         [](const QueueItem &a, const QueueItem &b) { return a.flags > b.flags; });
    else if (sort == QLatin1String("score"))
        std::stable_sort(items.begin(), items.end(),
                         [](const QueueItem &a, const QueueItem &b) { return a.score > b.score; });
    QJsonArray out;
    for (int i = 0; i < items.size() && i < limit; ++i)
        out.append(items[i].json);
    return QJsonObject{{QStringLiteral("items"), out},
                       {QStringLiteral("total"), int(items.size())}};
}

Result<QJsonObject> ReviewService::detail(const Account &who, const QString &trackId) const
{
    auto owner = m_tracks.ownerOf(trackId);
    if (!owner)
        return owner.error();
    if (owner.value() == who.id && !who.roles.contains(Role::Admin))
        return ownTrackRefused();
    auto t = m_contributions.trackJson(trackId);
    if (!t)
        return t.error();
    QJsonObject out = t.value();
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto conn = m_vault.db().connection();
    if (!conn)
        return conn.error();
    auto f = exec(conn.value(),
                  QStringLiteral("SELECT external_similarity_summary, internal_similarity_summary, "
                                 "derived, updated_at FROM fingerprint_records WHERE track_id = ?"),
                  {trackId});
    if (!f)
        return f.error();
    QJsonObject similarity;
    if (f.value().next()) {
        similarity.insert(QStringLiteral("external"), objectFrom(f.value().value(0).toString()));
        similarity.insert(QStringLiteral("internal"), objectFrom(f.value().value(1).toString()));
        similarity.insert(QStringLiteral("derived"), objectFrom(f.value().value(2).toString()));
        similarity.insert(QStringLiteral("checked_at"), f.value().value(3).toString());
    }
    out.insert(QStringLiteral("similarity"), similarity);
    auto votes = votesOf(conn.value(), trackId);
    if (!votes)
        return votes.error();
    const QString status = out.value(QStringLiteral("status")).toString();
    QStringList fl;
    for (const QJsonValue &v : out.value(QStringLiteral("flags")).toArray())
        fl << v.toString();
    const QString round = roundFor(status);
    out.insert(QStringLiteral("votes"), votesJson(votes.value()));
    out.insert(QStringLiteral("review_state"),
               reviewStateJson(reviewStateOf(votes.value(), round, fl, policy.value()), round));
    out.insert(QStringLiteral("flagged"), isFlagged(fl));
    const bool own = out.value(QStringLiteral("metadata"))
                         .toObject()
                         .value(QStringLiteral("primary_artist_id"))
                         .toString() == who.id;
    bool voted = false;
    for (const VoteRow &v : votes.value())
        voted = voted || (v.reviewerId == who.id && v.round == round);
    out.insert(QStringLiteral("can_vote"),
               !own && !voted &&
                   (status == toString(SubmissionState::PendingReview) ||
                    status == toString(SubmissionState::DisputePending)));
    if (own)
        out.insert(QStringLiteral("cannot_vote_reason"), QStringLiteral("own_track"));
    else if (voted)
        out.insert(QStringLiteral("cannot_vote_reason"), QStringLiteral("already_voted"));
    auto cl = m_claims.ofTrack(trackId);
    if (!cl)
        return cl.error();
    out.insert(QStringLiteral("claims"), cl.value());
    return out;
}

Result<QJsonObject> ReviewService::vote(const Account &who, const QString &trackId,
                                        const QJsonObject &body)
{
    auto request = parseVote(body);
    if (!request)
        return request.error();
    const VoteKind kind = request->kind;
    const QString &note = request->note;
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    const bool byAdmin = who.roles.contains(Role::Admin);
    const QString now = m_vault.nowIso();
    return m_vault.transact([&](const Tx &tx) -> Result<QJsonObject> {
        auto track = TrackStore::lock(tx, trackId);
        if (!track)
            return track.error();
        const SubmissionState state = track->track.status;
        const QString status = core::toString(state);
        TrackFlags fl = track->track.flags;
        if (state != SubmissionState::PendingReview && state != SubmissionState::DisputePending)
            return Error::make(ErrorKind::Conflict, QStringLiteral("not_reviewable"),
                               QStringLiteral("this track is '%1'; only tracks pending review or "
                                              "in dispute take votes")
                                   .arg(status));
        if (track->track.primaryArtistId == who.id)
            return ownTrackRefused();
        const QString round = roundFor(status);
        auto votes = votesOf(tx, trackId);
        if (!votes)
            return votes.error();
        if (auto ok = checkVoter(votes.value(), who, round, byAdmin); !ok)
            return ok.error();
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO votes (vote_id, track_id, round, reviewer_id, "
                                       "by_admin, vote, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                        {newId(QStringLiteral("vote")), trackId, round, who.id, int(byAdmin),
                         toString(kind), note, now});
        if (!ins)
            return ins.error();
        if (auto h = TrackStore::recordVote(tx, trackId, state, who.id, toString(kind), note, now);
            !h)
            return h.error();
        QList<VoteRow> all = votes.value();
        all << VoteRow{who.id, byAdmin, toString(kind), note, round, now};
        const ReviewState st = reviewStateOf(all, round, fl.toList(), policy.value());
        if (auto logged = auditVote(tx, who.id, trackId, kind, note, byAdmin, st, round, now);
            !logged)
            return logged.error();
        if (kind == VoteKind::NeedsMoreInfo) {
            fl.add(flags::kNeedsMoreInfo);
            if (auto u = TrackStore::addFlag(tx, trackId, flags::kNeedsMoreInfo, now); !u)
                return u.error();
        }
        QString newStatus = status;
        if (st.outcome != ReviewOutcome::Pending) {
            const SubmissionEvent ev = decidingEvent(st, round);
            fl.remove(flags::kNeedsMoreInfo);
            if (auto u = TrackStore::removeFlag(tx, trackId, flags::kNeedsMoreInfo); !u)
                return u.error();
            auto moved = TrackStore::transition(
                tx, trackId, ev, who.id, st.summary + (note.isEmpty() ? QString() : ": " + note),
                now,
                TransitionNote{toString(kind), QJsonObject{{QStringLiteral("review_state"),
                                                            reviewStateJson(st, round)}}});
            if (!moved)
                return moved.error();
            newStatus = core::toString(moved.value());
        }
        return QJsonObject{{QStringLiteral("track_id"), trackId},
                           {QStringLiteral("vote"), toString(kind)},
                           {QStringLiteral("status"), newStatus},
                           {QStringLiteral("flags"), fl.toJson()},
                           {QStringLiteral("review_state"), reviewStateJson(st, round)}};
    });
}

Result<QJsonObject> ReviewService::appeal(const Account &who, const QString &trackId,
                                          const QJsonObject &body)
{
    FieldReader r(body);
    const QString reason = r.prose(QStringLiteral("reason"), 2000, true);
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the appeal has invalid fields")); !ok)
        return ok.error();
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Result<QString> {
        auto moved =
            TrackStore::transition(tx, trackId, SubmissionEvent::Appealed, who.id, reason, now);
        if (!moved)
            return moved.error();
        // Fresh similarity against today's vault for the re-evaluation.
        if (auto j = JobQueue::enqueue(tx, QStringLiteral("recheck"), trackId, now); !j)
            return j.error();
        return core::toString(moved.value());
    });
    if (!done)
        return done.error();
    m_notifier.notify();
    return m_contributions.statusJson(trackId);
}

} // namespace lemm::server
