#pragma once
// Reads of raw audio (spec §4.2): the only path to decrypted track bytes. Checks the
// permission matrix (system role only) and writes a vault_access audit entry for every read.
// Thread-safe: state lives in the database and the object store. Borrows (from the composition
// root) the vault.

#include "server/services/accounts.h"
#include "server/storage/vault.h"

#include <QJsonObject>

#include <memory>

namespace lemm::server {

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
