#include "server/services/vault_access.h"

#include "server/storage/audit_log.h"
#include "server/storage/track_store.h"

#include "core/domain/contribution.h"
#include "core/domain/decisions.h"

namespace lemm::server {

namespace {

} // namespace

Result<qint64> VaultAccess::readTrackAudio(const Account &who, const QString &trackId,
                                           const QString &purpose, const QString &jobId,
                                           QIODevice &out, const QJsonObject &context)
{
    auto uri = authorizeRead(who, trackId, purpose, jobId, context);
    if (!uri)
        return uri.error();
    return m_vault.store().read(uri.value(), out);
}

Result<std::unique_ptr<QIODevice>>
VaultAccess::openTrackAudio(const Account &who, const QString &trackId, const QString &purpose,
                            const QString &jobId, const QJsonObject &context)
{
    auto uri = authorizeRead(who, trackId, purpose, jobId, context);
    if (!uri)
        return uri.error();
    return m_vault.store().openReader(uri.value());
}

Result<ObjectUri> VaultAccess::authorizeRead(const Account &who, const QString &trackId,
                                             const QString &purpose, const QString &jobId,
                                             const QJsonObject &context)
{
    if (core::decide(who.principal(), core::Action::ReadRawAudio) != core::Decision::Allowed)
        return Error::make(ErrorKind::Forbidden, QStringLiteral("raw_audio_forbidden"),
                           QStringLiteral("raw audio is available to system services only"));
    if (core::checkText(purpose, 200).size() > 0)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("purpose_required"),
                           QStringLiteral("every raw-audio read must state its purpose"));
    const QString now = m_vault.nowIso();
    auto uri = m_vault.transact([&](const Tx &tx) -> Result<QString> {
        auto q = exec(tx, QStringLiteral("SELECT storage_uri FROM tracks WHERE track_id = ?"),
                      {trackId});
        if (!q)
            return q.error();
        if (!q.value().next())
            return TrackStore::notFound();
        QJsonObject payload{
            {QStringLiteral("service"), who.displayName},
            {QStringLiteral("role"), core::roleNames(who.roles).join(QLatin1Char(','))},
            {QStringLiteral("purpose"), purpose},
            {QStringLiteral("job_id"), jobId},
            {QStringLiteral("track_id"), trackId}};
        for (auto it = context.begin(); it != context.end(); ++it)
            payload.insert(it.key(), it.value());
        auto logged = AuditLog::append(tx, audit::kVaultAccess, who.id, trackId, payload, now);
        if (!logged)
            return logged.error();
        return q.value().value(0).toString();
    });
    if (!uri)
        return uri.error();
    return ObjectUri::parse(uri.value());
}

} // namespace lemm::server
