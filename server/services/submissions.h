#pragma once
// Submissions with their consent record (spec §2.3) and the track views for the permitted
// roles: POST /tracks/submit consumes an upload token, creates the track through the track
// store, queues its automated checks and moves the audio to the track's object. A track's rows
// are written only by the TrackStore. Thread-safe: state lives in the database and the object
// store. Borrows (from the composition root) the vault, the TrackStore, the job queue it reads
// a track's checks from, and the notifier that wakes this process's workers after a submission
// queued a job.

#include "server/services/accounts.h"
#include "server/services/jobs.h"
#include "server/services/work_notifier.h"
#include "server/storage/track_store.h"
#include "server/storage/vault.h"

#include "core/domain/submission_state.h"

#include <QJsonObject>

namespace lemm::server {

class SubmissionService
{
public:
    SubmissionService(Vault &vault, const TrackStore &tracks, const JobQueue &jobs,
                      WorkNotifier &notifier)
        : m_vault(vault), m_tracks(tracks), m_jobs(jobs), m_notifier(notifier)
    {
    }

    // POST /tracks/submit: returns {track_id, status, consent, flags}.
    Result<QJsonObject> submit(const Account &who, const QJsonObject &body);

    // Owner of a track, or NotFound. Used by the router to decide ownership.
    Result<QString> ownerOf(const QString &trackId) const;
    // GET /tracks/{id}; without `withVotes` the history leaves out the individual review votes
    // (who voted what, with notes): what a track's owner sees of its review (issue 14).
    Result<QJsonObject> trackJson(const QString &trackId, bool withVotes = true) const;
    Result<QJsonObject> statusJson(const QString &trackId) const; // GET /tracks/{id}/status
    Result<QJsonObject> listOwn(const Account &who) const;        // GET /contributors/me/tracks

private:
    Vault &m_vault;
    const TrackStore &m_tracks;
    const JobQueue &m_jobs;
    WorkNotifier &m_notifier;
};

} // namespace lemm::server
