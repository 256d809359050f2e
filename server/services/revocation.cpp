#include "server/services/revocation.h"

#include "server/services/outbox.h"
#include "server/services/stale_marking.h"
#include "server/storage/audit_log.h"
#include "server/storage/track_store.h"

#include "core/base/ids.h"
#include "core/domain/contribution.h"

#include <QJsonDocument>

namespace lemm::server {

Result<QJsonObject> RevocationService::revoke(const Account &who, const QString &trackId,
                                              const QJsonObject &body)
{
    auto request = core::parseRevokeRequest(body);
    if (!request)
        return request.error();
    const QString &reason = request->reason;
    const QString &scope = request->scope;

    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Result<QString> {
        auto revoked = TrackStore::revoke(tx, trackId, who.id, reason, scope, now);
        if (!revoked)
            return revoked.error();
        const qint64 version = revoked->consentVersion;
        auto cancel =
            exec(tx,
                 QStringLiteral("UPDATE jobs SET state = 'cancelled', updated_at = ? WHERE "
                                "track_id = ? AND state = 'queued'"),
                 {now, trackId});
        if (!cancel)
            return cancel.error();
        const QJsonObject event{
            {QStringLiteral("track_id"), trackId}, {QStringLiteral("contributor_id"), who.id},
            {QStringLiteral("revoked_at"), now},   {QStringLiteral("reason"), reason},
            {QStringLiteral("scope"), scope},      {QStringLiteral("consent_version"), version}};
        auto outbox = Outbox::enqueue(tx, QStringLiteral("track.revoked"), trackId, event, now);
        if (!outbox)
            return outbox.error();
        // Stale marking: the runs that used the track, and a training.affected notice.
        if (auto marked = StaleMarking::markTrackAfter(tx, trackId, stale::kRevoked,
                                                       audit::kConsentChange, now);
            !marked)
            return marked.error();
        return trackId;
    });
    if (!done)
        return done.error();
    return m_submissions.statusJson(trackId);
}

} // namespace lemm::server
