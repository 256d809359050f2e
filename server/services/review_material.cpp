#include "server/services/review_material.h"

#include "server/base/json_util.h"
#include "server/storage/audit_log.h"

#include "core/audio/review_audio.h"
#include "core/base/ids.h"
#include "core/base/json_fields.h"
#include "core/crypto/crypto.h"
#include "core/crypto/signed_token.h"

#include <QBuffer>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <utility>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

const QString kPreviewPurpose = QStringLiteral("preview");

// The states in which reviewers may listen to a track: those a review or dispute decides.
bool isUnderReview(SubmissionState s)
{
    return s == SubmissionState::PendingReview || s == SubmissionState::DisputePending ||
           s == SubmissionState::UnderInvestigation;
}

// The states whose audio admins may hear at any time (audited outside review).
bool isPreviewable(SubmissionState s)
{
    return isUnderReview(s) || s == SubmissionState::Accepted || s == SubmissionState::Rejected;
}

// Whether `trackId` is a vault match of a track in review: its A/B reference.
Result<bool> isReferenceOfReview(const Tx &tx, const QString &trackId)
{
    auto q =
        exec(tx,
             QStringLiteral("SELECT 1 FROM fingerprint_records f JOIN tracks t ON "
                            "t.track_id = f.track_id WHERE t.status IN (?, ?) AND "
                            "f.internal_similarity_summary LIKE ?"),
             {toString(SubmissionState::PendingReview), toString(SubmissionState::DisputePending),
              QStringLiteral("%\"") + trackId + QStringLiteral("\"%")});
    if (!q)
        return q.error();
    return q.value().next();
}

// Seconds of [0, length] covered by the union of the intervals.
double coveredSeconds(QList<std::pair<double, double>> spans, double length)
{
    std::sort(spans.begin(), spans.end());
    double covered = 0, end = 0;
    for (const auto &[from, to] : spans) {
        const double a = std::max(from, end), b = std::min(to, length);
        if (b > a)
            covered += b - a;
        end = std::max(end, std::min(to, length));
    }
    return covered;
}

// Whether `who` may hear track `trackId` (in `state`) now: reviewers while it is in review or
// dispute, or is the vault match of a track in review (A/B); admins in any state with audio.
Result<bool> mayHear(const Tx &tx, bool admin, const QString &trackId, SubmissionState state)
{
    if (isUnderReview(state) || (admin && isPreviewable(state)))
        return true;
    if (state != SubmissionState::Accepted)
        return false;
    return isReferenceOfReview(tx, trackId);
}

Error previewNotAllowed(const QString &code, const QString &message)
{
    return Error::make(ErrorKind::Forbidden, code, message);
}

QString sessionDigest(const QString &bearer)
{
    return crypto::tokenDigest(QStringLiteral("preview-session:") + bearer);
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

} // namespace

Result<QJsonObject> ReviewMaterial::peaks(const QString &trackId, const QUrlQuery &query) const
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

struct ReviewMaterial::Grant {
    QString id;
    double budgetLeft = 0;
    double coverageLeft = 0;
};

// The budget of one reviewer on one track: seconds issued and distinct coverage, with the new
// snippet, against the policy (admins are audited instead of limited).
static Status checkBudget(const Tx &tx, const Policy &policy, const QString &trackId,
                          const QString &reviewerId, double length, std::pair<double, double> span,
                          double *budgetLeft, double *coverageLeft)
{
    auto q = exec(tx,
                  QStringLiteral("SELECT start_s, duration_s FROM preview_grants WHERE "
                                 "track_id = ? AND reviewer_id = ?"),
                  {trackId, reviewerId});
    if (!q)
        return q.error();
    QList<std::pair<double, double>> spans{span};
    double issued = span.second - span.first;
    while (q.value().next()) {
        const double from = q.value().value(0).toDouble();
        const double dur = q.value().value(1).toDouble();
        spans.append({from, from + dur});
        issued += dur;
    }
    const double coverageCap =
        std::max(policy.previewCoverageMaxShare * length, policy.snippetMaxSec);
    const double covered = coveredSeconds(spans, length);
    *budgetLeft = policy.previewBudgetSec - issued;
    *coverageLeft = coverageCap - covered;
    if (*budgetLeft < -1e-6)
        return Error::make(ErrorKind::TooManyRequests, QStringLiteral("preview_budget_exhausted"),
                           QStringLiteral("your preview budget for this track (%1 s) is used up")
                               .arg(policy.previewBudgetSec));
    if (*coverageLeft < -1e-6)
        return Error::make(ErrorKind::TooManyRequests, QStringLiteral("preview_coverage_exhausted"),
                           QStringLiteral("your previews may cover at most %1 s of this track")
                               .arg(coverageCap, 0, 'f', 1));
    return okStatus();
}

Result<ReviewMaterial::Grant> ReviewMaterial::issue(const Account &who, const QString &bearer,
                                                    const QString &trackId, double start,
                                                    double duration)
{
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    const bool admin = who.roles.contains(Role::Admin);
    const QString now = m_vault.nowIso();
    return m_vault.transact([&](const Tx &tx) -> Result<Grant> {
        auto track = TrackStore::lock(tx, trackId);
        if (!track)
            return track.error();
        const SubmissionState state = track->track.status;
        const double length = track->track.durationSec;
        auto allowed = mayHear(tx, admin, trackId, state);
        if (!allowed)
            return allowed.error();
        if (!allowed.value())
            return Error::make(
                ErrorKind::Conflict, QStringLiteral("not_previewable"),
                QStringLiteral("a track in state '%1' has no previews").arg(core::toString(state)));
        if (start >= length)
            return invalid(
                QJsonObject{
                    {QStringLiteral("start_s"),
                     QStringLiteral("is past the end of the track (%1 s)").arg(length, 0, 'f', 1)}},
                QStringLiteral("the preview request has invalid fields"));
        Grant g{newId(QStringLiteral("pvw")), 0, 0};
        auto budget = checkBudget(tx, policy.value(), trackId, who.id, length,
                                  {start, start + duration}, &g.budgetLeft, &g.coverageLeft);
        if (!budget && !admin)
            return budget.error();
        if (admin && !isUnderReview(state)) {
            auto logged =
                AuditLog::append(tx, audit::kAdminPreview, who.id, trackId,
                                 QJsonObject{{QStringLiteral("grant_id"), g.id},
                                             {QStringLiteral("status"), core::toString(state)},
                                             {QStringLiteral("start_s"), start},
                                             {QStringLiteral("duration_s"), duration}},
                                 now);
            if (!logged)
                return logged.error();
        }
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO preview_grants (grant_id, track_id, "
                                       "reviewer_id, session_digest, start_s, duration_s, "
                                       "fetches, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)"),
                        {g.id, trackId, who.id, sessionDigest(bearer), start, duration, now});
        if (!ins)
            return ins.error();
        return g;
    });
}

Result<QJsonObject> ReviewMaterial::createPreview(const Account &who, const QString &bearer,
                                                  const QString &trackId, const QJsonObject &body)
{
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto request = parsePreviewRequest(body, policy->snippetMaxSec);
    if (!request)
        return request.error();
    const double start = request->start;
    const double duration = request->duration;
    auto grant = issue(who, bearer, trackId, start, duration);
    if (!grant)
        return grant.error();
    const QDateTime expires = m_vault.now().addSecs(policy->previewTokenTtlSec);
    const QString token =
        signToken(QJsonObject{{QStringLiteral("purpose"), kPreviewPurpose},
                              {QStringLiteral("grant"), grant->id},
                              {QStringLiteral("track"), trackId},
                              {QStringLiteral("start"), start},
                              {QStringLiteral("dur"), duration},
                              {QStringLiteral("kbps"), policy->snippetBitrateKbps},
                              {QStringLiteral("for"), who.id},
                              {QStringLiteral("sid"), sessionDigest(bearer)},
                              {QStringLiteral("exp"), double(expires.toSecsSinceEpoch())}},
                  m_vault.tokenKey(kPreviewPurpose));
    return QJsonObject{
        {QStringLiteral("url"), QStringLiteral("/previews/") + token},
        {QStringLiteral("expires_at"), toIso(expires)},
        {QStringLiteral("start_s"), start},
        {QStringLiteral("duration_s"), duration},
        {QStringLiteral("bitrate_kbps"), policy->snippetBitrateKbps},
        {QStringLiteral("content_type"), QStringLiteral("audio/mpeg")},
        {QStringLiteral("fetches_max"), policy->previewFetchesMax},
        {QStringLiteral("budget_remaining_s"), std::max(0.0, grant->budgetLeft)},
        {QStringLiteral("coverage_remaining_s"), std::max(0.0, grant->coverageLeft)}};
}

// Who may fetch: the account the link was made for, with the session that asked for it, while
// the track may still be heard by them; and at most preview_fetches_max times.
Status ReviewMaterial::checkFetch(const Account &who, const QString &bearer,
                                  const QJsonObject &claims)
{
    if (claims.value(QStringLiteral("for")).toString() != who.id)
        return previewNotAllowed(QStringLiteral("preview_not_yours"),
                                 QStringLiteral("this preview was made for another reviewer"));
    if (claims.value(QStringLiteral("sid")).toString() != sessionDigest(bearer))
        return previewNotAllowed(QStringLiteral("preview_session_mismatch"),
                                 QStringLiteral("this preview belongs to another session; ask "
                                                "for a new one"));
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    const QString trackId = claims.value(QStringLiteral("track")).toString();
    const bool admin = who.roles.contains(Role::Admin);
    return m_vault.transact([&](const Tx &tx) -> Status {
        auto track = TrackStore::lock(tx, trackId);
        if (!track)
            return track.error();
        auto allowed = mayHear(tx, admin, trackId, track->track.status);
        if (!allowed)
            return allowed.error();
        if (!allowed.value())
            return Error::make(ErrorKind::Gone, QStringLiteral("not_previewable"),
                               QStringLiteral("this track can no longer be previewed"));
        auto u = exec(
            tx,
            QStringLiteral("UPDATE preview_grants SET fetches = fetches + 1 WHERE "
                           "grant_id = ? AND reviewer_id = ? AND fetches < ?"),
            {claims.value(QStringLiteral("grant")).toString(), who.id, policy->previewFetchesMax});
        if (!u)
            return u.error();
        if (u.value().numRowsAffected() != 1)
            return Error::make(ErrorKind::Gone, QStringLiteral("preview_used_up"),
                               QStringLiteral("this preview link was fetched as often as it may "
                                              "be (%1 times); ask for a new one")
                                   .arg(policy->previewFetchesMax));
        return okStatus();
    });
}

Result<QByteArray> ReviewMaterial::snippet(const QString &grantId, const QJsonObject &claims)
{
    {
        QMutexLocker lock(&m_cacheLock);
        if (const QByteArray *hit = m_cache.object(grantId))
            return *hit;
    }
    const QString trackId = claims.value(QStringLiteral("track")).toString();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    auto read = m_access.readTrackAudio(
        Account::systemService(QStringLiteral("system:preview"),
                               QStringLiteral("review preview service")),
        trackId, QStringLiteral("review"), QString(), buffer,
        QJsonObject{{QStringLiteral("requested_by"), claims.value(QStringLiteral("for"))},
                    {QStringLiteral("grant_id"), grantId},
                    {QStringLiteral("start_s"), claims.value(QStringLiteral("start"))},
                    {QStringLiteral("duration_s"), claims.value(QStringLiteral("dur"))}});
    if (!read)
        return read.error();
    auto mp3 = makePreviewMp3(buffer.data(), claims.value(QStringLiteral("start")).toDouble(),
                              claims.value(QStringLiteral("dur")).toDouble(),
                              claims.value(QStringLiteral("kbps")).toInt());
    if (!mp3)
        return mp3.error();
    QMutexLocker lock(&m_cacheLock);
    const int cost = int(std::max<qsizetype>(1, mp3->size() / 1024));
    m_cache.insert(grantId, new QByteArray(mp3.value()), cost);
    return mp3;
}

Result<QByteArray> ReviewMaterial::preview(const Account &who, const QString &bearer,
                                           const QString &token)
{
    auto claims =
        verifyToken(token, m_vault.tokenKey(kPreviewPurpose), kPreviewPurpose, m_vault.now());
    if (!claims)
        return claims.error();
    const QString grantId = claims->value(QStringLiteral("grant")).toString();
    if (grantId.isEmpty())
        return Error::make(ErrorKind::Unauthorized, QStringLiteral("token_invalid"),
                           QStringLiteral("this preview link is from an older server; ask for a "
                                          "new one"));
    if (auto ok = checkFetch(who, bearer, claims.value()); !ok)
        return ok.error();
    return snippet(grantId, claims.value());
}

} // namespace lemm::server
