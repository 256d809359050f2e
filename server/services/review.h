#pragma once
// Review, disputes and infringement claims (spec §3.4) and the review material that is not raw
// audio (§1.2): the queue with similarity summaries, votes under the decision rule, waveform
// peaks, signed short-lived MP3 preview snippets, appeals and claims. Every vote and state
// change is a SubmissionHistory row and an audit entry, written in one transaction.
// Thread-safe (state lives in the database). Borrows (from the composition root) the vault, the
// raw-audio gate previews read through, the contribution service for track status answers and
// the notifier that wakes workers after a re-check was queued.

#include "server/services/accounts.h"
#include "server/services/submissions.h"
#include "server/services/vault_access.h"
#include "server/services/work_notifier.h"
#include "server/storage/vault.h"

#include <QJsonObject>
#include <QUrlQuery>

namespace lemm::server {

class ReviewService
{
public:
    ReviewService(Vault &vault, VaultAccess &access, SubmissionService &contributions,
                  WorkNotifier &notifier)
        : m_vault(vault), m_access(access), m_contributions(contributions), m_notifier(notifier)
    {
    }

    Result<QJsonObject> queue(const Account &who, const QUrlQuery &query) const;
    Result<QJsonObject> detail(const Account &who, const QString &trackId) const;
    Result<QJsonObject> vote(const Account &who, const QString &trackId, const QJsonObject &body);

    Result<QJsonObject> peaks(const QString &trackId, const QUrlQuery &query) const;
    Result<QJsonObject> createPreview(const Account &who, const QString &trackId,
                                      const QJsonObject &body);
    // The MP3 bytes for a valid preview token.
    Result<QByteArray> preview(const QString &token);

    Result<QJsonObject> appeal(const Account &who, const QString &trackId, const QJsonObject &body);
    Result<QJsonObject> fileClaim(const Account &who, const QJsonObject &body);
    Result<QJsonObject> listClaims(const QUrlQuery &query) const;
    Result<QJsonObject> decideClaim(const Account &who, const QString &claimId,
                                    const QJsonObject &body);

private:
    Vault &m_vault;
    VaultAccess &m_access;
    SubmissionService &m_contributions;
    WorkNotifier &m_notifier;
};

} // namespace lemm::server
