#pragma once
// Audio uploads and their single-use tokens (spec §2.2): POST /uploads stores the encrypted
// audio and answers a token a submission consumes; expired, unused uploads are swept.
// Thread-safe: state lives in the database and the object store. Borrows (from the composition
// root) the vault.

#include "server/base/audio_body.h"
#include "server/services/accounts.h"
#include "server/storage/vault.h"

#include <QJsonObject>

namespace lemm::server {

class UploadService
{
public:
    explicit UploadService(Vault &vault) : m_vault(vault) {}

    // POST /uploads: the raw body; returns {audio_upload_token, expires_at, audio: {...}}.
    Result<QJsonObject> createUpload(const Account &who, const AudioBody &body,
                                     const QString &contentType, const QString &fileName);
    // Deletes uploads whose token expired unused (object and row). Returns how many.
    Result<int> sweepExpiredUploads();

private:
    Vault &m_vault;
};

} // namespace lemm::server
