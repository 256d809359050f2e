#pragma once
// Infringement claims (spec §3.4, issue 14): only verified accounts (e-mail verified, current
// terms affirmed; the permission matrix decides it) file them, with a claimant, a contact, a
// statement and evidence, throttled per account and per client address (policy
// claims_per_account / claims_per_address within claim_window_sec, counted from the claims
// table). A claim with standing (its filer is an admin, or an account an admin recorded as a
// rights holder: table rights_holders) is 'open' and takes an accepted track out of training
// at once (under_investigation, flag infringement_claim, a re-check queued, a claim.filed
// outbox event); any other claim is 'pending_review' and changes nothing until a reviewer or
// an admin accepts it (then it is open and locks) or dismisses it. An admin decides open
// claims (keep, reject, remove). A track the filer may not know of (core::mayKnowTrack)
// answers the same 404 as a missing one. Every change is an audit entry and moves the track
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

    // POST /claims; `peerAddress` (the client's address) keys the per-address throttle.
    Result<QJsonObject> fileClaim(const Account &who, const QJsonObject &body,
                                  const QString &peerAddress = {});
    // GET /claims: reviewers do not see the claims on their own tracks.
    Result<QJsonObject> listClaims(const Account &who, const QUrlQuery &query) const;
    Result<QJsonObject> decideClaim(const Account &who, const QString &claimId,
                                    const QJsonObject &body); // POST /claims/{id}/decision
    // POST /claims/{id}/review {decision: accept|dismiss, note}: a pending_review claim.
    Result<QJsonObject> reviewClaim(const Account &who, const QString &claimId,
                                    const QJsonObject &body);
    // POST /accounts/{id}/rights-holder {rights_holder, note}: claim standing (admins).
    Result<QJsonObject> setStanding(const Account &admin, const QString &accountId,
                                    const QJsonObject &body);
    // The claims on one track, in filing order (the review detail shows them).
    Result<QJsonArray> ofTrack(const QString &trackId) const;

private:
    Vault &m_vault;
    SubmissionService &m_contributions;
    WorkNotifier &m_notifier;
};

} // namespace lemm::server
