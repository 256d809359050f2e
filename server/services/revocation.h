#pragma once
// Revocation of a contributor's consent (spec §3.3, §7.3): the track store records it, queued
// jobs of the track are cancelled and a track.revoked event goes to the outbox, all in one
// transaction. Thread-safe: state lives in the database. Borrows (from the composition root)
// the vault and the submission service whose status view it answers with.

#include "server/services/accounts.h"
#include "server/services/submissions.h"
#include "server/storage/vault.h"

#include <QJsonObject>

namespace lemm::server {

class RevocationService
{
public:
    RevocationService(Vault &vault, const SubmissionService &submissions)
        : m_vault(vault), m_submissions(submissions)
    {
    }

    // POST /tracks/{id}/revoke: returns the track's status view.
    Result<QJsonObject> revoke(const Account &who, const QString &trackId, const QJsonObject &body);

private:
    Vault &m_vault;
    const SubmissionService &m_submissions;
};

} // namespace lemm::server
