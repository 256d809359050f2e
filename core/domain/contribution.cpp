#include "core/domain/contribution.h"

#include <QJsonArray>
#include <QSet>

namespace lemm::core {

namespace {

class FieldReader
{
public:
    FieldReader(const QJsonObject &obj, QString prefix, QJsonObject *errors)
        : m_obj(obj), m_prefix(std::move(prefix)), m_errors(errors)
    {
    }

    QString path(const QString &key) const
    {
        return m_prefix.isEmpty() ? key : m_prefix + QLatin1Char('.') + key;
    }
    void fail(const QString &key, const QString &msg) { m_errors->insert(path(key), msg); }

    QString text(const QString &key, int maxLen, bool required)
    {
        m_known << key;
        const QJsonValue v = m_obj.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(key, QStringLiteral("is required"));
            return QStringLiteral(""); // empty, not null: stored as '' in NOT NULL columns
        }
        if (!v.isString()) {
            fail(key, QStringLiteral("must be a string"));
            return {};
        }
        const QString why = checkText(v.toString(), maxLen);
        if (!why.isEmpty())
            fail(key, why);
        return v.toString().trimmed();
    }

    QString oneOf(const QString &key, const QStringList &allowed, bool required,
                  const QString &fallback = {})
    {
        const QString s = text(key, 100, required);
        if (m_errors->contains(path(key)))
            return {};
        if (s.isEmpty() && !required)
            return fallback;
        if (!allowed.contains(s))
            fail(key, QStringLiteral("must be one of: %1").arg(allowed.join(QStringLiteral(", "))));
        return s;
    }

    bool boolean(const QString &key, bool required, bool fallback = false)
    {
        m_known << key;
        const QJsonValue v = m_obj.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(key, QStringLiteral("is required (true or false)"));
            return fallback;
        }
        if (!v.isBool()) {
            fail(key, QStringLiteral("must be true or false"));
            return fallback;
        }
        return v.toBool();
    }

    QStringList textList(const QString &key, int maxItems, int maxLen)
    {
        m_known << key;
        const QJsonValue v = m_obj.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray()) {
            fail(key, QStringLiteral("must be an array of strings"));
            return {};
        }
        const QJsonArray a = v.toArray();
        if (a.size() > maxItems) {
            fail(key, QStringLiteral("at most %1 entries").arg(maxItems));
            return {};
        }
        QStringList out;
        for (const QJsonValue &e : a) {
            if (!e.isString()) {
                fail(key, QStringLiteral("must be an array of strings"));
                return {};
            }
            const QString why = checkText(e.toString(), maxLen);
            if (!why.isEmpty()) {
                fail(key, QStringLiteral("every entry: %1").arg(why));
                return {};
            }
            out << e.toString().trimmed();
        }
        return out;
    }

    QJsonObject object(const QString &key)
    {
        m_known << key;
        const QJsonValue v = m_obj.value(key);
        if (v.isUndefined() || v.isNull()) {
            fail(key, QStringLiteral("is required"));
            return {};
        }
        if (!v.isObject()) {
            fail(key, QStringLiteral("must be an object"));
            return {};
        }
        return v.toObject();
    }

    // Unknown keys are refused: a typo in a consent flag must never silently default.
    void rejectUnknown()
    {
        for (auto it = m_obj.begin(); it != m_obj.end(); ++it)
            if (!m_known.contains(it.key()))
                fail(it.key(), QStringLiteral("is not a known field"));
    }

private:
    QJsonObject m_obj;
    QString m_prefix;
    QJsonObject *m_errors;
    QSet<QString> m_known;
};

} // namespace

QString checkText(const QString &value, int maxLen)
{
    if (value.trimmed().isEmpty())
        return QStringLiteral("must not be empty");
    if (value.size() > maxLen)
        return QStringLiteral("must be at most %1 characters").arg(maxLen);
    for (QChar c : value)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return QStringLiteral("must not contain control characters");
    return {};
}

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

Result<SubmitRequest> parseSubmitRequest(const QJsonObject &body, const Policy &policy)
{
    QJsonObject errors;
    SubmitRequest req;
    FieldReader top(body, {}, &errors);
    req.audioUploadToken = top.text(QStringLiteral("audio_upload_token"), 200, true);
    const QJsonObject meta = top.object(QStringLiteral("metadata"));
    const QJsonObject rights = top.object(QStringLiteral("rights"));
    top.rejectUnknown();

    if (body.value(QStringLiteral("metadata")).isObject()) {
        FieldReader m(meta, QStringLiteral("metadata"), &errors);
        auto &md = req.metadata;
        md.title = m.text(QStringLiteral("title"), 200, true);
        md.artistDisplayName = m.text(QStringLiteral("artist_display_name"), 200, true);
        md.isCollaboration = m.boolean(QStringLiteral("is_collaboration"), false);
        md.collaboratorNames = m.textList(QStringLiteral("collaborator_names"), 20, 200);
        md.genreTags = m.textList(QStringLiteral("genre_tags"), 10, 50);
        md.language = m.text(QStringLiteral("language"), 50, false);
        md.releaseStatus = m.oneOf(QStringLiteral("release_status"),
                                   {QStringLiteral("unreleased"), QStringLiteral("released"),
                                    QStringLiteral("work_for_hire")},
                                   true);
        if (md.isCollaboration && md.collaboratorNames.isEmpty() &&
            !errors.contains(QStringLiteral("metadata.collaborator_names")))
            m.fail(QStringLiteral("collaborator_names"),
                   QStringLiteral("must name the collaborators when is_collaboration is true"));
        m.rejectUnknown();
    }

    bool licenseRefused = false;
    if (body.value(QStringLiteral("rights")).isObject()) {
        FieldReader r(rights, QStringLiteral("rights"), &errors);
        auto &rd = req.rights;
        rd.rightsHolderType = r.oneOf(
            QStringLiteral("rights_holder_type"),
            {QStringLiteral("individual"), QStringLiteral("label"), QStringLiteral("publisher")},
            true);
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
        if (rd.licenseType.isEmpty())
            rd.licenseType = policy.defaultLicenseType;
        else if (!policy.acceptedLicenseTypes.contains(rd.licenseType))
            licenseRefused = true;
        r.rejectUnknown();
    }

    if (!errors.isEmpty())
        return Error::make(
            ErrorKind::InvalidInput, QStringLiteral("invalid_fields"),
            QStringLiteral("the submission has %1 invalid field(s)").arg(errors.size()), errors);
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
