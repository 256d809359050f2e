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

#include <algorithm>
#include <cmath>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

const QString kPreviewPurpose = QStringLiteral("preview");

Error trackNotFound()
{
    return Error::make(ErrorKind::NotFound, QStringLiteral("track_not_found"),
                       QStringLiteral("no such track"));
}

QJsonObject objectFrom(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

bool isFlagged(const QStringList &flags)
{
    return std::any_of(flags.begin(), flags.end(), isBlockingFlag);
}

QString roundFor(const QString &status)
{
    return status == QLatin1String("dispute_pending") ? QStringLiteral("appeal")
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
    out.states = {QStringLiteral("pending_review"), QStringLiteral("dispute_pending")};
    const QString state = q.oneOf(QStringLiteral("state"),
                                  {QStringLiteral("pending_review"),
                                   QStringLiteral("dispute_pending"), QStringLiteral("all")},
                                  QStringLiteral("all"),
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

// GET /tracks/{id}/peaks?resolution=&from=&to= (seconds; to 0: the end).
struct PeaksQuery {
    double resolution = 2000;
    double from = 0;
    double to = 0;
};

Result<PeaksQuery> parsePeaksQuery(const QUrlQuery &query)
{
    QueryReader q(query);
    const PeaksQuery p{q.number(QStringLiteral("resolution"), 2000, 1, 100000),
                       q.number(QStringLiteral("from"), 0, 0, 1e6),
                       q.number(QStringLiteral("to"), 0, 0, 1e6)};
    if (p.resolution != std::floor(p.resolution))
        q.fail(QStringLiteral("resolution"), QStringLiteral("must be a whole number"));
    if (p.to > 0 && p.to <= p.from)
        q.fail(QStringLiteral("to"), QStringLiteral("must be after from"));
    if (auto ok = q.check(QStringLiteral("the peaks request has invalid parameters")); !ok)
        return ok.error();
    return p;
}

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

// POST /tracks/{id}/previews {start_s, duration_s}: duration up to the policy's snippet limit.
struct PreviewRequest {
    double start = 0;
    double duration = 0;
};

Result<PreviewRequest> parsePreviewRequest(const QJsonObject &body, double snippetMaxSec)
{
    FieldReader r(body);
    const QJsonValue s = r.value(QStringLiteral("start_s"));
    const QJsonValue d = r.value(QStringLiteral("duration_s"));
    if (!s.isDouble() || s.toDouble() < 0)
        r.fail(QStringLiteral("start_s"), QStringLiteral("must be a number >= 0"));
    if (!d.isDouble() || d.toDouble() <= 0 || d.toDouble() > snippetMaxSec)
        r.fail(QStringLiteral("duration_s"),
               QStringLiteral("must be a number in (0, %1] (the policy's snippet limit)")
                   .arg(snippetMaxSec));
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the preview request has invalid fields")); !ok)
        return ok.error();
    return PreviewRequest{s.toDouble(), d.toDouble()};
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

const QStringList kPreviewableStates{
    QStringLiteral("pending_review"), QStringLiteral("dispute_pending"),
    QStringLiteral("under_investigation"), QStringLiteral("accepted"), QStringLiteral("rejected")};

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
    struct Item {
        QJsonObject json;
        QString createdAt;
        int flags;
        double score;
    };
    QList<Item> items;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        const QString trackId = r.value(0).toString();
        const QString status = r.value(1).toString();
        auto trackFlags = TrackStore(m_vault.db()).flagsOf({trackId});
        if (!trackFlags)
            return trackFlags.error();
        const QStringList fl = trackFlags->value(trackId).toList();
        auto votes = votesOf(conn.value(), trackId);
        if (!votes)
            return votes.error();
        const QString round = roundFor(status);
        const ReviewState st = reviewStateOf(votes.value(), round, fl, policy.value());
        bool voted = false;
        for (const VoteRow &v : votes.value())
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
        items << Item{item, r.value(5).toString(), int(fl.size()), score};
    }
    if (sort == QLatin1String("flags"))
        std::stable_sort(items.begin(), items.end(),
                         [](const Item &a, const Item &b) { return a.flags > b.flags; });
    else if (sort == QLatin1String("score"))
        std::stable_sort(items.begin(), items.end(),
                         [](const Item &a, const Item &b) { return a.score > b.score; });
    QJsonArray out;
    for (int i = 0; i < items.size() && i < limit; ++i)
        out.append(items[i].json);
    return QJsonObject{{QStringLiteral("items"), out},
                       {QStringLiteral("total"), int(items.size())}};
}

Result<QJsonObject> ReviewService::detail(const Account &who, const QString &trackId) const
{
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
    out.insert(QStringLiteral("can_vote"), !own && !voted &&
                                               (status == QLatin1String("pending_review") ||
                                                status == QLatin1String("dispute_pending")));
    if (own)
        out.insert(QStringLiteral("cannot_vote_reason"), QStringLiteral("own_track"));
    else if (voted)
        out.insert(QStringLiteral("cannot_vote_reason"), QStringLiteral("already_voted"));
    auto cl = claimsWhere(m_vault.db(), QStringLiteral("WHERE c.track_id = ? "), {trackId});
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
            return Error::make(ErrorKind::Forbidden, QStringLiteral("own_track"),
                               QStringLiteral("reviewers cannot review their own track"));
        const QString round = roundFor(status);
        auto votes = votesOf(tx, trackId);
        if (!votes)
            return votes.error();
        for (const VoteRow &r : votes.value()) {
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
        auto logged = AuditLog::append(
            tx, audit::kReviewVote, who.id, trackId,
            QJsonObject{{QStringLiteral("vote"), toString(kind)},
                        {QStringLiteral("round"), round},
                        {QStringLiteral("by_admin"), byAdmin},
                        {QStringLiteral("note"), note},
                        {QStringLiteral("review_state"), reviewStateJson(st, round)}},
            now);
        if (!logged)
            return logged.error();
        if (kind == VoteKind::NeedsMoreInfo) {
            fl.add(flags::kNeedsMoreInfo);
            if (auto u = TrackStore::addFlag(tx, trackId, flags::kNeedsMoreInfo, now); !u)
                return u.error();
        }
        QString newStatus = status;
        if (st.outcome != ReviewOutcome::Pending) {
            const bool accept = st.outcome == ReviewOutcome::Accept;
            const SubmissionEvent ev =
                round == QLatin1String("appeal")
                    ? (accept ? SubmissionEvent::AppealUpheld : SubmissionEvent::AppealDenied)
                    : (accept ? SubmissionEvent::Approved : SubmissionEvent::Rejected);
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

Result<QJsonObject> ReviewService::peaks(const QString &trackId, const QUrlQuery &query) const
{
    auto parsed = parsePeaksQuery(query);
    if (!parsed)
        return parsed.error();
    const double resolution = parsed->resolution;
    const double from = parsed->from;
    const double to = parsed->to;
    auto q = m_vault.db().query(
        QStringLiteral("SELECT peaks FROM fingerprint_records WHERE track_id = ?"), {trackId});
    if (!q)
        return q.error();
    if (!q.value().next() || q.value().value(0).toString().isEmpty())
        return Error::make(ErrorKind::Conflict, QStringLiteral("peaks_not_ready"),
                           QStringLiteral("the waveform is computed by the automated checks, "
                                          "which have not finished for this track"));
    auto env =
        PeakEnvelope::deserialize(QByteArray::fromBase64(q.value().value(0).toString().toLatin1()));
    if (!env)
        return env.error();
    const PeakEnvelope r = env->resampled(int(resolution), from, to);
    QJsonArray mins, maxs;
    for (size_t i = 0; i < r.mins.size(); ++i) {
        mins.append(int(r.mins[i]));
        maxs.append(int(r.maxs[i]));
    }
    return QJsonObject{
        {QStringLiteral("track_id"), trackId},
        {QStringLiteral("duration_sec"), env->durationSec()},
        {QStringLiteral("from"), from},
        {QStringLiteral("to"), to > 0 ? std::min(to, env->durationSec()) : env->durationSec()},
        {QStringLiteral("seconds_per_peak"), r.secondsPerPeak()},
        {QStringLiteral("scale"), 127},
        {QStringLiteral("min"), mins},
        {QStringLiteral("max"), maxs}};
}

Result<QJsonObject> ReviewService::createPreview(const Account &who, const QString &trackId,
                                                 const QJsonObject &body)
{
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto request = parsePreviewRequest(body, policy->snippetMaxSec);
    if (!request)
        return request.error();
    const double start = request->start;
    const double duration = request->duration;
    auto t = m_vault.db().query(
        QStringLiteral("SELECT status, duration_sec FROM tracks WHERE track_id = ?"), {trackId});
    if (!t)
        return t.error();
    if (!t.value().next())
        return trackNotFound();
    const QString status = t.value().value(0).toString();
    if (!kPreviewableStates.contains(status))
        return Error::make(ErrorKind::Conflict, QStringLiteral("not_previewable"),
                           QStringLiteral("a track in state '%1' has no previews").arg(status));
    if (start >= t.value().value(1).toDouble())
        return invalid(QJsonObject{{QStringLiteral("start_s"),
                                    QStringLiteral("is past the end of the track (%1 s)")
                                        .arg(t.value().value(1).toDouble(), 0, 'f', 1)}},
                       QStringLiteral("the preview request has invalid fields"));
    const QDateTime expires = m_vault.now().addSecs(policy->previewTokenTtlSec);
    const QString token =
        signToken(QJsonObject{{QStringLiteral("purpose"), kPreviewPurpose},
                              {QStringLiteral("track"), trackId},
                              {QStringLiteral("start"), start},
                              {QStringLiteral("dur"), duration},
                              {QStringLiteral("kbps"), policy->snippetBitrateKbps},
                              {QStringLiteral("for"), who.id},
                              {QStringLiteral("exp"), double(expires.toSecsSinceEpoch())}},
                  m_vault.tokenKey(kPreviewPurpose));
    return QJsonObject{{QStringLiteral("url"), QStringLiteral("/previews/") + token},
                       {QStringLiteral("expires_at"), toIso(expires)},
                       {QStringLiteral("start_s"), start},
                       {QStringLiteral("duration_s"), duration},
                       {QStringLiteral("bitrate_kbps"), policy->snippetBitrateKbps},
                       {QStringLiteral("content_type"), QStringLiteral("audio/mpeg")}};
}

Result<QByteArray> ReviewService::preview(const QString &token)
{
    auto claims =
        verifyToken(token, m_vault.tokenKey(kPreviewPurpose), kPreviewPurpose, m_vault.now());
    if (!claims)
        return claims.error();
    const QString trackId = claims->value(QStringLiteral("track")).toString();
    auto t = m_vault.db().query(QStringLiteral("SELECT status FROM tracks WHERE track_id = ?"),
                                {trackId});
    if (!t)
        return t.error();
    if (!t.value().next())
        return trackNotFound();
    if (!kPreviewableStates.contains(t.value().value(0).toString()))
        return Error::make(ErrorKind::Gone, QStringLiteral("not_previewable"),
                           QStringLiteral("this track can no longer be previewed"));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    auto read = m_access.readTrackAudio(
        Account::systemService(QStringLiteral("system:preview"),
                               QStringLiteral("review preview service")),
        trackId, QStringLiteral("review"), QString(), buffer,
        QJsonObject{{QStringLiteral("requested_by"), claims->value(QStringLiteral("for"))},
                    {QStringLiteral("start_s"), claims->value(QStringLiteral("start"))},
                    {QStringLiteral("duration_s"), claims->value(QStringLiteral("dur"))}});
    if (!read)
        return read.error();
    return makePreviewMp3(buffer.data(), claims->value(QStringLiteral("start")).toDouble(),
                          claims->value(QStringLiteral("dur")).toDouble(),
                          claims->value(QStringLiteral("kbps")).toInt());
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

Result<QJsonObject> ReviewService::fileClaim(const Account &who, const QJsonObject &body)
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

Result<QJsonObject> ReviewService::listClaims(const QUrlQuery &query) const
{
    auto where = parseClaimsQuery(query);
    if (!where)
        return where.error();
    auto out = claimsWhere(m_vault.db(), where.value(), {});
    if (!out)
        return out.error();
    return QJsonObject{{QStringLiteral("claims"), out.value()}};
}

Result<QJsonObject> ReviewService::decideClaim(const Account &who, const QString &claimId,
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
