#pragma once
// The review material that is not raw audio (spec §1.2, §3.4): a track's waveform peaks and
// signed, short-lived MP3 preview snippets. Previews (issue 14): reviewers get them only while
// the track is in review or dispute (or is the vault match of a track in review, for A/B),
// admins at any time (an admin_preview audit entry outside review). Every preview is a
// preview_grants row: per reviewer and track the policy's budget of seconds issued and its
// distinct-coverage cap are counted there when a preview is issued. The signed link names the
// grant, the reviewer and a digest of the session (bearer) that asked; a fetch needs that
// account with that bearer and a role that still allows previews, and answers at most
// preview_fetches_max times. Making the snippet reads the track once through the raw-audio
// gate (VaultAccess, which writes the vault_access audit entry); repeats are served from a
// bounded in-memory cache of snippets. Thread-safe (the cache is behind a mutex). Owns the
// cache; borrows (from the composition root) the vault (policy, token keys, clock) and the
// raw-audio gate; tracks are read and locked through the TrackStore's transaction functions.

#include "server/services/vault_access.h"
#include "server/storage/track_store.h"
#include "server/storage/vault.h"

#include <QByteArray>
#include <QCache>
#include <QJsonObject>
#include <QMutex>
#include <QUrlQuery>

namespace lemm::server {

class ReviewMaterial
{
public:
    ReviewMaterial(Vault &vault, VaultAccess &access)
        : m_vault(vault), m_access(access), m_cache(kCacheKiB)
    {
    }

    static constexpr int kCacheKiB = 32 * 1024; // at most 32 MiB of snippets in memory

    // GET /tracks/{id}/peaks: the min/max envelope the checks stored.
    Result<QJsonObject> peaks(const QString &trackId, const QUrlQuery &query) const;
    // POST /tracks/{id}/previews: a signed URL for one snippet within the policy's limits,
    // bound to the session `bearer` of `who`.
    Result<QJsonObject> createPreview(const Account &who, const QString &bearer,
                                      const QString &trackId, const QJsonObject &body);
    // GET /previews/{token}: the MP3 bytes, for the account and session the token names.
    Result<QByteArray> preview(const Account &who, const QString &bearer, const QString &token);

private:
    struct Grant;
    Result<Grant> issue(const Account &who, const QString &bearer, const QString &trackId,
                        double start, double duration);
    Status checkFetch(const Account &who, const QString &bearer, const QJsonObject &claims);
    Result<QByteArray> snippet(const QString &grantId, const QJsonObject &claims);

    Vault &m_vault;
    VaultAccess &m_access;
    QMutex m_cacheLock;
    QCache<QString, QByteArray> m_cache; // grant id -> MP3; cost in KiB
};

} // namespace lemm::server
