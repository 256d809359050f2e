#include "server/services/review_material.h"

#include "server/base/json_util.h"

#include "core/audio/review_audio.h"
#include "core/base/ids.h"
#include "core/base/json_fields.h"
#include "core/crypto/signed_token.h"

#include <QBuffer>
#include <QJsonArray>

#include <cmath>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

const QString kPreviewPurpose = QStringLiteral("preview");

// The states whose tracks reviewers may listen to: those a reviewer or a dispute may still
// decide, and the vault's own.
bool isPreviewable(SubmissionState s)
{
    return s == SubmissionState::PendingReview || s == SubmissionState::DisputePending ||
           s == SubmissionState::UnderInvestigation || s == SubmissionState::Accepted ||
           s == SubmissionState::Rejected;
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

Result<QJsonObject> ReviewMaterial::createPreview(const Account &who, const QString &trackId,
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
    auto track = m_tracks.find(trackId);
    if (!track)
        return track.error();
    if (!isPreviewable(track->track.status))
        return Error::make(ErrorKind::Conflict, QStringLiteral("not_previewable"),
                           QStringLiteral("a track in state '%1' has no previews")
                               .arg(core::toString(track->track.status)));
    if (start >= track->track.durationSec)
        return invalid(QJsonObject{{QStringLiteral("start_s"),
                                    QStringLiteral("is past the end of the track (%1 s)")
                                        .arg(track->track.durationSec, 0, 'f', 1)}},
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

Result<QByteArray> ReviewMaterial::preview(const QString &token)
{
    auto claims =
        verifyToken(token, m_vault.tokenKey(kPreviewPurpose), kPreviewPurpose, m_vault.now());
    if (!claims)
        return claims.error();
    const QString trackId = claims->value(QStringLiteral("track")).toString();
    auto track = m_tracks.find(trackId);
    if (!track)
        return track.error();
    if (!isPreviewable(track->track.status))
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

} // namespace lemm::server
