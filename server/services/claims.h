#pragma once
// Infringement claims (spec §3.4): filing one takes an accepted track out of training at once
// (under_investigation, flag infringement_claim, a re-check queued, a claim.filed outbox event);
// an admin decides it (keep, reject, remove). Every change is an audit entry and moves the track
// through the TrackStore in the same transaction. Thread-safe (state lives in the database).
// Borrows (from the composition root) the vault, the contribution service for the track's
// status answer and the notifier that wakes workers after a re-check was queued.

#include "server/services/accounts.h"
#include "server/services/submissions.h"
#include "server/services/work_notifier.h"
#include "server/storage/vault.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace lemm::server {

class ClaimService
{
public:
    ClaimService(Vault &vault, SubmissionService &contributions, WorkNotifier &notifier)
        : m_vault(vault), m_contributions(contributions), m_notifier(notifier)
    {
    }

    Result<QJsonObject> fileClaim(const Account &who, const QJsonObject &body); // POST /claims
    Result<QJsonObject> listClaims(const QUrlQuery &query) const;               // GET /claims
    Result<QJsonObject> decideClaim(const Account &who, const QString &claimId,
                                    const QJsonObject &body); // POST /claims/{id}/decision
    // The claims on one track, in filing order (the review detail shows them).
    Result<QJsonArray> ofTrack(const QString &trackId) const;

private:
    Vault &m_vault;
    SubmissionService &m_contributions;
    WorkNotifier &m_notifier;
};

} // namespace lemm::server
