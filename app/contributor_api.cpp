#include "contributor_api.h"

#include "api_client.h"

#include <QJsonArray>

namespace lemm::app {

namespace {

// More rows than any contributor holds is a broken answer, not a list to show.
constexpr qsizetype kMaxTracks = 100000;
constexpr qsizetype kMaxLicences = 1000;

QJsonArray toArray(const QStringList &list)
{
    QJsonArray out;
    for (const QString &s : list)
        out.append(s);
    return out;
}

QJsonObject metadataJson(const SubmissionForm &form)
{
    QJsonObject metadata{{QStringLiteral("title"), form.title},
                         {QStringLiteral("artist_display_name"), form.artist},
                         {QStringLiteral("release_status"), form.releaseStatus},
                         {QStringLiteral("is_collaboration"), !form.collaborators.isEmpty()},
                         {QStringLiteral("genre_tags"), toArray(form.genres)}};
    if (!form.collaborators.isEmpty())
        metadata.insert(QStringLiteral("collaborator_names"), toArray(form.collaborators));
    if (!form.language.isEmpty())
        metadata.insert(QStringLiteral("language"), form.language);
    return metadata;
}

QJsonObject rightsJson(const SubmissionForm &form)
{
    QJsonObject rights{{QStringLiteral("rights_holder_type"), form.holderType},
                       {QStringLiteral("is_original"), form.original},
                       {QStringLiteral("is_cover"), form.cover},
                       {QStringLiteral("has_third_party_samples"), form.samples},
                       {QStringLiteral("territorial_scope"), QStringLiteral("worldwide")},
                       {QStringLiteral("term"), QStringLiteral("perpetual")},
                       {QStringLiteral("training_allowed"), form.trainingAllowed},
                       {QStringLiteral("internal_demo_ok"), form.demoAllowed},
                       {QStringLiteral("allow_per_artist_adapters"), form.adaptersAllowed}};
    if (!form.licence.isEmpty())
        rights.insert(QStringLiteral("license_type"), form.licence);
    return rights;
}

MyTrack parseTrack(const QJsonObject &t)
{
    const QJsonObject consent = t.value(QStringLiteral("consent")).toObject();
    MyTrack track;
    track.trackId = t.value(QStringLiteral("track_id")).toString();
    track.title = t.value(QStringLiteral("title")).toString();
    track.status = t.value(QStringLiteral("status")).toString();
    track.createdAt = t.value(QStringLiteral("created_at")).toString();
    track.trainingAllowed = consent.value(QStringLiteral("training_allowed")).toBool();
    track.demoAllowed = consent.value(QStringLiteral("internal_demo_ok")).toBool();
    track.adaptersAllowed = consent.value(QStringLiteral("allow_per_artist_adapters")).toBool();
    track.revoked = consent.value(QStringLiteral("revoked")).toBool();
    const QJsonValue models = t.value(QStringLiteral("models_trained"));
    if (models.isDouble() && models.toDouble() >= 0 && models.toDouble() < 1e9)
        track.modelsTrained = models.toInt();
    return track;
}

} // namespace

bool isUploadTokenError(const ApiError &error)
{
    return error.code.startsWith(QLatin1String("upload_token")) ||
           error.code == QLatin1String("invalid_upload_token");
}

ApiResult<Terms> HttpContributorApi::parseTerms(const QJsonObject &body)
{
    Terms t;
    t.version = body.value(QStringLiteral("version")).toString();
    t.affirmation = body.value(QStringLiteral("affirmation")).toString();
    t.markdown = body.value(QStringLiteral("text")).toString();
    const QJsonArray bullets = body.value(QStringLiteral("bold_bullets")).toArray();
    for (qsizetype i = 0; i < qMin<qsizetype>(bullets.size(), 10); ++i)
        t.promises << bullets.at(i).toString();
    if (t.version.isEmpty())
        return ApiError::badReply(QStringLiteral("terms without a version"));
    return t;
}

ApiResult<TrackStatus> HttpContributorApi::parseStatus(const QJsonObject &body)
{
    TrackStatus s;
    s.trackId = body.value(QStringLiteral("track_id")).toString();
    s.status = body.value(QStringLiteral("status")).toString();
    s.stage =
        body.value(QStringLiteral("checks")).toObject().value(QStringLiteral("stage")).toString();
    if (s.trackId.isEmpty() || s.status.isEmpty())
        return ApiError::badReply(QStringLiteral("a track status without id or state"));
    return s;
}

ApiResult<QList<MyTrack>> HttpContributorApi::parseMyTracks(const QJsonObject &body)
{
    const QJsonValue tracks = body.value(QStringLiteral("tracks"));
    if (!tracks.isArray())
        return ApiError::badReply(QStringLiteral("no track list"));
    const QJsonArray list = tracks.toArray();
    if (list.size() > kMaxTracks)
        return ApiError::badReply(QStringLiteral("%1 tracks").arg(list.size()));
    QList<MyTrack> out;
    out.reserve(list.size());
    for (const QJsonValue &v : list) {
        MyTrack t = parseTrack(v.toObject());
        if (t.trackId.isEmpty())
            return ApiError::badReply(QStringLiteral("a track without an id"));
        out << t;
    }
    return out;
}

ApiResult<LicenceChoice> HttpContributorApi::parseLicences(const QJsonObject &body)
{
    const QJsonObject policy = body.value(QStringLiteral("policy")).toObject();
    LicenceChoice c;
    const QJsonArray accepted = policy.value(QStringLiteral("accepted_license_types")).toArray();
    for (qsizetype i = 0; i < qMin(accepted.size(), kMaxLicences); ++i)
        if (const QString id = accepted.at(i).toString(); !id.isEmpty())
            c.accepted << id;
    c.defaultLicence = policy.value(QStringLiteral("default_license_type")).toString();
    if (c.accepted.isEmpty())
        return ApiError::badReply(QStringLiteral("a policy without accepted licences"));
    if (!c.accepted.contains(c.defaultLicence))
        c.defaultLicence = c.accepted.first();
    return c;
}

QJsonObject HttpContributorApi::submissionBody(const QString &uploadToken,
                                               const SubmissionForm &form)
{
    return QJsonObject{{QStringLiteral("audio_upload_token"), uploadToken},
                       {QStringLiteral("metadata"), metadataJson(form)},
                       {QStringLiteral("rights"), rightsJson(form)}};
}

QCoro::Task<ApiResult<Terms>> HttpContributorApi::terms()
{
    const ApiReply r = co_await m_client.terms();
    co_return ApiResult<Terms>::fromReply(r, &parseTerms);
}

QCoro::Task<ApiResult<Done>> HttpContributorApi::affirm(QString termsVersion)
{
    const QJsonObject body{{QStringLiteral("terms_version"), termsVersion},
                           {QStringLiteral("rights_holder_affirmed"), true}};
    const ApiReply r =
        co_await m_client.send("POST", QStringLiteral("/contributors/me/affirm"), body);
    co_return ApiResult<Done>::fromReply(r, [](const QJsonObject &) { return Done{}; });
}

QCoro::Task<ApiResult<UploadReceipt>> HttpContributorApi::upload(QString filePath,
                                                                 QPointer<CallProgress> progress)
{
    const ApiReply r = co_await m_client.uploadFile(filePath, progress);
    co_return ApiResult<UploadReceipt>::fromReply(
        r, [](const QJsonObject &body) -> ApiResult<UploadReceipt> {
            UploadReceipt u;
            u.token = body.value(QStringLiteral("audio_upload_token")).toString();
            u.durationSec = body.value(QStringLiteral("audio"))
                                .toObject()
                                .value(QStringLiteral("duration_sec"))
                                .toDouble();
            if (u.token.isEmpty())
                return ApiError::badReply(QStringLiteral("an upload without a token"));
            return u;
        });
}

QCoro::Task<ApiResult<TrackStatus>> HttpContributorApi::submit(QString uploadToken,
                                                               SubmissionForm form)
{
    const ApiReply r = co_await m_client.send("POST", QStringLiteral("/tracks/submit"),
                                              submissionBody(uploadToken, form));
    co_return ApiResult<TrackStatus>::fromReply(r, &parseStatus);
}

QCoro::Task<ApiResult<QList<MyTrack>>> HttpContributorApi::myTracks()
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/contributors/me/tracks"));
    co_return ApiResult<QList<MyTrack>>::fromReply(r, &parseMyTracks);
}

QCoro::Task<ApiResult<TrackStatus>> HttpContributorApi::status(QString trackId)
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/tracks/%1/status").arg(trackId));
    co_return ApiResult<TrackStatus>::fromReply(r, &parseStatus);
}

QCoro::Task<ApiResult<Done>> HttpContributorApi::revoke(QString trackId, QString reason)
{
    const QJsonObject body{{QStringLiteral("reason"), reason},
                           {QStringLiteral("scope"), QStringLiteral("all_future_use")}};
    const ApiReply r =
        co_await m_client.send("POST", QStringLiteral("/tracks/%1/revoke").arg(trackId), body);
    co_return ApiResult<Done>::fromReply(r, [](const QJsonObject &) { return Done{}; });
}

QCoro::Task<ApiResult<TrackStatus>> HttpContributorApi::appeal(QString trackId, QString reason)
{
    const QJsonObject body{{QStringLiteral("reason"), reason}};
    const ApiReply r =
        co_await m_client.send("POST", QStringLiteral("/tracks/%1/appeal").arg(trackId), body);
    co_return ApiResult<TrackStatus>::fromReply(r, &parseStatus);
}

QCoro::Task<ApiResult<LicenceChoice>> HttpContributorApi::licences()
{
    const ApiReply r = co_await m_client.get(QStringLiteral("/policy"));
    co_return ApiResult<LicenceChoice>::fromReply(r, &parseLicences);
}

} // namespace lemm::app
