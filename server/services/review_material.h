#pragma once
// The review material that is not raw audio (spec §1.2, §3.4): a track's waveform peaks and
// signed, short-lived MP3 preview snippets. Making a preview reads the track once through the
// raw-audio gate (VaultAccess), which writes the vault_access audit entry with the reviewer the
// snippet is for. Thread-safe (no state of its own). Borrows (from the composition root) the
// vault (policy, token keys, clock), the track store and the raw-audio gate.

#include "server/services/vault_access.h"
#include "server/storage/track_store.h"
#include "server/storage/vault.h"

#include <QByteArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace lemm::server {

class ReviewMaterial
{
public:
    ReviewMaterial(Vault &vault, const TrackStore &tracks, VaultAccess &access)
        : m_vault(vault), m_tracks(tracks), m_access(access)
    {
    }

    // GET /tracks/{id}/peaks: the min/max envelope the checks stored.
    Result<QJsonObject> peaks(const QString &trackId, const QUrlQuery &query) const;
    // POST /tracks/{id}/previews: a signed URL for one snippet within the policy's limits.
    Result<QJsonObject> createPreview(const Account &who, const QString &trackId,
                                      const QJsonObject &body);
    // GET /previews/{token}: the MP3 bytes for a valid preview token.
    Result<QByteArray> preview(const QString &token);

private:
    Vault &m_vault;
    const TrackStore &m_tracks;
    VaultAccess &m_access;
};

} // namespace lemm::server
