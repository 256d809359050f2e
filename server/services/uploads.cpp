#include "server/services/uploads.h"

#include "core/base/ids.h"
#include "core/crypto/crypto.h"
#include "core/domain/contribution.h"

namespace lemm::server {

namespace crypto = core::crypto;

namespace {

const QString kUploadPrefix = QStringLiteral("lvu_");

} // namespace

Result<QJsonObject> UploadService::createUpload(const Account &who, const AudioBody &body,
                                                const QString &contentType, const QString &fileName)
{
    if (!fileName.isNull()) {
        const QString why = core::checkFileName(fileName);
        if (!why.isEmpty())
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_filename"),
                               QStringLiteral("the file name is not acceptable: %1").arg(why),
                               QJsonObject{{QStringLiteral("filename"), why}});
    }
    const qint64 size = body.size();
    if (size > m_vault.config().maxUploadBytes)
        return Error::make(
            ErrorKind::PayloadTooLarge, QStringLiteral("upload_too_large"),
            QStringLiteral("uploads are limited to %1 bytes").arg(m_vault.config().maxUploadBytes));
    if (size == 0)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("empty_upload"),
                           QStringLiteral("the upload is empty; send the audio file as the body"));
    auto info = body.probe();
    if (!info)
        return info.error();
    if (auto swept = sweepExpiredUploads(); !swept)
        qWarning("sweeping expired uploads before an upload failed: %s",
                 qPrintable(swept.error().message));

    // Two passes over the body, each in blocks: its digest, then the encrypted copy.
    auto hashInput = body.open();
    if (!hashInput)
        return hashInput.error();
    auto digest = crypto::genericHashStream(*hashInput.value());
    if (!digest)
        return digest.error();
    const QString uploadId = core::newId(QStringLiteral("upl"));
    auto uri = ObjectUri::make(QStringLiteral("uploads"), uploadId);
    if (!uri)
        return uri.error();
    auto plain = body.open();
    if (!plain)
        return plain.error();
    if (auto put = m_vault.store().put(uri.value(), *plain.value()); !put)
        return put.error();

    const QString token = kUploadPrefix + crypto::randomToken();
    const QString now = m_vault.nowIso();
    const QString expires = core::toIso(m_vault.now().addSecs(m_vault.config().uploadTokenTtlSec));
    auto ins = m_vault.db().query(
        QStringLiteral("INSERT INTO uploads (upload_id, token_hash, contributor_id, "
                       "object_uri, original_filename, content_type, size_bytes, "
                       "content_hash, container, codec, sample_rate, channels, "
                       "duration_sec, created_at, expires_at) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {uploadId, crypto::tokenDigest(token), who.id, uri->toString(),
         fileName.isNull() ? QVariant(QString()) : fileName, contentType, size,
         QString::fromLatin1(digest->toHex()), info->container, info->codec, info->sampleRate,
         info->channels, info->durationSec, now, expires});
    if (!ins) {
        if (auto rm = m_vault.store().remove(uri.value()); !rm)
            qWarning("upload %s: removing the stored audio after the failed insert failed "
                     "(an orphaned object): %s",
                     qPrintable(uploadId), qPrintable(rm.error().message));
        return ins.error();
    }
    return QJsonObject{
        {QStringLiteral("audio_upload_token"), token},
        {QStringLiteral("expires_at"), expires},
        {QStringLiteral("audio"), QJsonObject{{QStringLiteral("container"), info->container},
                                              {QStringLiteral("codec"), info->codec},
                                              {QStringLiteral("sample_rate"), info->sampleRate},
                                              {QStringLiteral("channels"), info->channels},
                                              {QStringLiteral("duration_sec"), info->durationSec},
                                              {QStringLiteral("size_bytes"), size}}},
    };
}

Result<int> UploadService::sweepExpiredUploads()
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT upload_id, object_uri FROM uploads WHERE consumed_at IS NULL "
                       "AND expires_at <= ?"),
        {m_vault.nowIso()});
    if (!q)
        return q.error();
    QList<std::pair<QString, QString>> expired;
    while (q.value().next())
        expired.append({q.value().value(0).toString(), q.value().value(1).toString()});
    int removed = 0;
    for (const auto &[uploadId, objectUri] : expired) {
        // Delete the row first (only if still unconsumed), then its object.
        auto del = m_vault.db().query(
            QStringLiteral("DELETE FROM uploads WHERE upload_id = ? AND consumed_at IS NULL"),
            {uploadId});
        if (!del || del.value().numRowsAffected() != 1)
            continue;
        if (auto uri = ObjectUri::parse(objectUri))
            if (auto rm = m_vault.store().remove(uri.value()); !rm)
                qWarning("expired upload %s: removing its stored audio failed (an orphaned "
                         "object): %s",
                         qPrintable(uploadId), qPrintable(rm.error().message));
        ++removed;
    }
    return removed;
}

} // namespace lemm::server
