#include "core/domain/contribution.h"

#include "core/base/json_fields.h"

#include <QJsonArray>

namespace lemm::core {

QString checkFileName(const QString &value)
{
    const QString why = checkText(value, 255);
    if (!why.isEmpty())
        return why;
    if (value.contains(QLatin1Char('/')) || value.contains(QLatin1Char('\\')))
        return QStringLiteral("must be a plain file name without path separators");
    if (value == QLatin1String(".") || value == QLatin1String(".."))
        return QStringLiteral("must be a plain file name");
    return {};
}

QJsonObject TrackMetadata::toJson() const
{
    return QJsonObject{
        {QStringLiteral("title"), title},
        {QStringLiteral("artist_display_name"), artistDisplayName},
        {QStringLiteral("is_collaboration"), isCollaboration},
        {QStringLiteral("collaborator_names"), QJsonArray::fromStringList(collaboratorNames)},
        {QStringLiteral("genre_tags"), QJsonArray::fromStringList(genreTags)},
        {QStringLiteral("language"), language},
        {QStringLiteral("release_status"), releaseStatus},
    };
}

namespace {

TrackMetadata readMetadata(FieldReader &m)
{
    TrackMetadata md;
    md.title = m.text(QStringLiteral("title"), 200, true);
    md.artistDisplayName = m.text(QStringLiteral("artist_display_name"), 200, true);
    md.isCollaboration = m.boolean(QStringLiteral("is_collaboration"), false);
    md.collaboratorNames = m.textList(QStringLiteral("collaborator_names"), 20, 200);
    md.genreTags = m.textList(QStringLiteral("genre_tags"), 10, 50);
    md.language = m.text(QStringLiteral("language"), 50, false);
    md.releaseStatus = m.oneOf(
        QStringLiteral("release_status"),
        {QStringLiteral("unreleased"), QStringLiteral("released"), QStringLiteral("work_for_hire")},
        true);
    if (md.isCollaboration && md.collaboratorNames.isEmpty() &&
        !m.failed(QStringLiteral("collaborator_names")))
        m.fail(QStringLiteral("collaborator_names"),
               QStringLiteral("must name the collaborators when is_collaboration is true"));
    m.rejectUnknown();
    return md;
}

// Reads the declaration; the licence type is left as given (empty: none).
RightsDeclaration readRights(FieldReader &r)
{
    RightsDeclaration rd;
    rd.rightsHolderType = r.oneOf(
        QStringLiteral("rights_holder_type"),
        {QStringLiteral("individual"), QStringLiteral("label"), QStringLiteral("publisher")}, true);
    rd.isOriginal = r.boolean(QStringLiteral("is_original"), true);
    rd.isCover = r.boolean(QStringLiteral("is_cover"), true);
    rd.hasThirdPartySamples = r.boolean(QStringLiteral("has_third_party_samples"), true);
    rd.territorialScope =
        r.oneOf(QStringLiteral("territorial_scope"), {QStringLiteral("worldwide")}, true);
    rd.term = r.oneOf(QStringLiteral("term"), {QStringLiteral("perpetual")}, true);
    rd.trainingAllowed = r.boolean(QStringLiteral("training_allowed"), true);
    rd.internalDemoOk = r.boolean(QStringLiteral("internal_demo_ok"), false);
    rd.allowPerArtistAdapters = r.boolean(QStringLiteral("allow_per_artist_adapters"), false);
    rd.licenseType = r.text(QStringLiteral("license_type"), 100, false);
    r.rejectUnknown();
    return rd;
}

} // namespace

Result<SubmitRequest> parseSubmitRequest(const QJsonObject &body, const Policy &policy)
{
    SubmitRequest req;
    FieldReader top(body);
    req.audioUploadToken = top.text(QStringLiteral("audio_upload_token"), 200, true);
    const QJsonObject meta = top.object(QStringLiteral("metadata"));
    const QJsonObject rights = top.object(QStringLiteral("rights"));
    top.rejectUnknown();

    if (body.value(QStringLiteral("metadata")).isObject()) {
        FieldReader m(meta, QStringLiteral("metadata"));
        req.metadata = readMetadata(m);
        top.absorb(m);
    }
    bool licenseRefused = false;
    if (body.value(QStringLiteral("rights")).isObject()) {
        FieldReader r(rights, QStringLiteral("rights"));
        req.rights = readRights(r);
        top.absorb(r);
        if (req.rights.licenseType.isEmpty())
            req.rights.licenseType = policy.defaultLicenseType;
        else if (!policy.acceptedLicenseTypes.contains(req.rights.licenseType))
            licenseRefused = true;
    }

    if (auto ok = top.check(
            QStringLiteral("the submission has %1 invalid field(s)").arg(top.errors().size()));
        !ok)
        return ok.error();
    if (licenseRefused)
        return Error::make(
            ErrorKind::Unprocessable, QStringLiteral("license_not_accepted"),
            QStringLiteral("LEMM Vault accepts only licences that allow training and evaluation "
                           "(%1); non-commercial-only or unclear licences are refused")
                .arg(policy.acceptedLicenseTypes.join(QStringLiteral(", "))),
            QJsonObject{
                {QStringLiteral("rights.license_type"),
                 QStringLiteral("licence '%1' is not accepted").arg(req.rights.licenseType)}});
    return req;
}

Result<RevokeRequest> parseRevokeRequest(const QJsonObject &body)
{
    FieldReader r(body);
    RevokeRequest req;
    const QJsonValue reason = r.value(QStringLiteral("reason"));
    if (!reason.isString())
        r.fail(QStringLiteral("reason"), QStringLiteral("is required (a short text)"));
    else if (const QString why = checkText(reason.toString(), 500); !why.isEmpty())
        r.fail(QStringLiteral("reason"), why);
    else
        req.reason = reason.toString().trimmed();
    const QJsonValue scope = r.value(QStringLiteral("scope"));
    if (!scope.isUndefined() && !scope.isNull() &&
        (!scope.isString() || scope.toString() != req.scope))
        r.fail(QStringLiteral("scope"),
               QStringLiteral("v0 supports only 'all_future_use' (future training; models already "
                              "trained are recorded, not retrained)"));
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the revocation has invalid fields")); !ok)
        return ok.error();
    return req;
}

QStringList rightsReviewFlags(const RightsDeclaration &rights)
{
    if (!rights.isOriginal || rights.isCover || rights.hasThirdPartySamples)
        return {QStringLiteral("rights_review")};
    return {};
}

bool isBulkHold(qint64 contributorTracksBefore, qint64 vaultTracksBefore, const Policy &policy)
{
    const qint64 mine = contributorTracksBefore + 1;
    const qint64 total = vaultTracksBefore + 1;
    if (mine > policy.bulkMaxTracks)
        return true;
    return total >= policy.bulkMinVaultSize && double(mine) / double(total) > policy.bulkMaxShare;
}

} // namespace lemm::core
