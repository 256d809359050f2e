#pragma once
// The contribution API's service (spec §2.2, §2.3, §3.3, §7.3): audio uploads and their
// single-use tokens, submissions with their consent record, track views for the permitted
// roles, and revocation. A track's rows are written only by the TrackStore. Thread-safe: state
// lives in the database and the object store. Borrows (from the composition root) the vault,
// the job queue it reads a track's checks from, and the notifier that wakes this process's
// workers after a submission queued a job.

#include "server/http/audio_body.h"
#include "server/services/accounts.h"
#include "server/services/jobs.h"
#include "server/services/work_notifier.h"
#include "server/storage/track_store.h"
#include "server/storage/vault.h"

#include "core/domain/submission_state.h"

#include <QJsonObject>

namespace lemm::server {

class ContributionService
{
public:
    ContributionService(Vault &vault, const JobQueue &jobs, WorkNotifier &notifier)
        : m_vault(vault), m_jobs(jobs), m_notifier(notifier)
    {
    }

    // POST /uploads: the raw body; returns {audio_upload_token, expires_at, audio: {...}}.
    Result<QJsonObject> createUpload(const Account &who, const AudioBody &body,
                                     const QString &contentType, const QString &fileName);
    // POST /tracks/submit: returns {track_id, status, consent, flags}.
    Result<QJsonObject> submit(const Account &who, const QJsonObject &body);

    // Owner of a track, or NotFound. Used by the router to decide ownership.
    Result<QString> ownerOf(const QString &trackId) const;
    Result<QJsonObject> trackJson(const QString &trackId) const;  // GET /tracks/{id}
    Result<QJsonObject> statusJson(const QString &trackId) const; // GET /tracks/{id}/status
    Result<QJsonObject> listOwn(const Account &who) const;        // GET /contributors/me/tracks
    Result<QJsonObject> revoke(const Account &who, const QString &trackId, const QJsonObject &body);

    // Deletes uploads whose token expired unused (object and row). Returns how many.
    Result<int> sweepExpiredUploads();

private:
    Vault &m_vault;
    const JobQueue &m_jobs;
    WorkNotifier &m_notifier;
    TrackStore m_tracks{m_vault.db()};
};

// Reads of raw audio (spec §4.2): the only path to decrypted track bytes. Checks the
// permission matrix (system role only) and writes a vault_access audit entry for every read.
class VaultAccess
{
public:
    explicit VaultAccess(Vault &vault) : m_vault(vault) {}
    // `context` is added to the audit entry (e.g. the reviewer a preview is made for).
    Result<qint64> readTrackAudio(const Account &who, const QString &trackId,
                                  const QString &purpose, const QString &jobId, QIODevice &out,
                                  const QJsonObject &context = {});
    // The same check and audit entry; the audio is decrypted as the returned device is read.
    Result<std::unique_ptr<QIODevice>> openTrackAudio(const Account &who, const QString &trackId,
                                                      const QString &purpose, const QString &jobId,
                                                      const QJsonObject &context = {});

private:
    // The permission check and the vault_access audit entry every raw read begins with.
    Result<ObjectUri> authorizeRead(const Account &who, const QString &trackId,
                                    const QString &purpose, const QString &jobId,
                                    const QJsonObject &context);

    Vault &m_vault;
};

} // namespace lemm::server
