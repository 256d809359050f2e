#pragma once
// Review and disputes (spec §3.4): the queue with similarity summaries, a track's review
// detail, votes under the decision rule and appeals. Every vote and state change is a
// SubmissionHistory row and an audit entry (through the TrackStore), written in one
// transaction. Review material (peaks, previews) is ReviewMaterial's, claims ClaimService's.
// Thread-safe (state lives in the database). Borrows (from the composition root) the vault, the
// track store, the contribution service for track answers, the claims shown in a review
// detail and the notifier that wakes workers after a re-check was queued.

#include "server/services/accounts.h"
#include "server/services/claims.h"
#include "server/services/submissions.h"
#include "server/services/work_notifier.h"
#include "server/storage/track_store.h"
#include "server/storage/vault.h"

#include <QJsonObject>
#include <QUrlQuery>

namespace lemm::server {

class ReviewService
{
public:
    ReviewService(Vault &vault, const TrackStore &tracks, SubmissionService &contributions,
                  const ClaimService &claims, WorkNotifier &notifier)
        : m_vault(vault), m_tracks(tracks), m_contributions(contributions), m_claims(claims),
          m_notifier(notifier)
    {
    }

    Result<QJsonObject> queue(const Account &who, const QUrlQuery &query) const;
    Result<QJsonObject> detail(const Account &who, const QString &trackId) const;
    Result<QJsonObject> vote(const Account &who, const QString &trackId, const QJsonObject &body);
    Result<QJsonObject> appeal(const Account &who, const QString &trackId, const QJsonObject &body);

private:
    Vault &m_vault;
    const TrackStore &m_tracks;
    SubmissionService &m_contributions;
    const ClaimService &m_claims;
    WorkNotifier &m_notifier;
};

} // namespace lemm::server
