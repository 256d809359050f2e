#pragma once
// Raw-audio storage (spec §4.2) behind an interface. Objects are addressed only by internal
// URIs "lemm://bucket/key"; nothing here ever produces a file path or URL for a client.
// Services never read objects directly for people: raw reads go through VaultAccess, which
// checks the permission matrix and writes the vault_access audit entry.

#include "core/base/result.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <memory>

namespace lemm::server {

using core::Result;
using core::Status;

struct ObjectUri {
    QString bucket;
    QString key;

    QString toString() const { return QStringLiteral("lemm://%1/%2").arg(bucket, key); }
    // Buckets and keys: [a-z0-9][a-z0-9._-]{0,127}, no "..".
    static Result<ObjectUri> parse(const QString &uri);
    static Result<ObjectUri> make(const QString &bucket, const QString &key);
};

class ObjectStore
{
public:
    virtual ~ObjectStore() = default;
    // Stores everything readable from `plaintext` under a new object; fails if it exists.
    virtual Status put(const ObjectUri &uri, QIODevice &plaintext) = 0;
    // Writes the decrypted object to `out`; returns the number of bytes.
    virtual Result<qint64> read(const ObjectUri &uri, QIODevice &out) const = 0;
    // A sequential device that decrypts the object as it is read (memory: one record), for
    // answers streamed to a client; a tampered object fails the read where it was changed.
    virtual Result<std::unique_ptr<QIODevice>> openReader(const ObjectUri &uri) const = 0;
    virtual bool exists(const ObjectUri &uri) const = 0;
    virtual Status remove(const ObjectUri &uri) = 0;
    // Renames an object without re-encrypting it (upload -> track).
    virtual Status move(const ObjectUri &from, const ObjectUri &to) = 0;
};

// The encrypted object format shared by every store (local files, S3): "LVOB1\n", a 16-byte
// random salt, then core::crypto::encryptStream under the per-object key derived from the master
// key and the salt. Nothing in it depends on the object's name, so objects move unchanged.
// Writes the whole encrypted object to `out`; the plaintext bytes.
Result<qint64> writeEncryptedObject(QIODevice &plaintext, QIODevice &out,
                                    const QByteArray &masterKey);
// Checks the magic and salt at the start of `in` and returns a device that decrypts the rest
// one record at a time; `uri` names the object in errors.
Result<std::unique_ptr<QIODevice>> openEncryptedObject(std::unique_ptr<QIODevice> in,
                                                       const QByteArray &masterKey,
                                                       const ObjectUri &uri);

// The embedded default: one file per object under ROOT/bucket/key.lvo, each encrypted at rest.
// File layout (byte by byte in docs/ARCHITECTURE.md): "LVOB1\n", a 16-byte random salt, then
// the secretstream format of core::crypto::encryptStream under the key
// BLAKE2b-256(key = master key, message = "lemm-object-v1" || salt). Writes go to a temporary
// file renamed into place, so an interrupted write leaves nothing behind.
class LocalEncryptedObjectStore final : public ObjectStore
{
public:
    LocalEncryptedObjectStore(QString root, QByteArray masterKey);

    Status put(const ObjectUri &uri, QIODevice &plaintext) override;
    Result<qint64> read(const ObjectUri &uri, QIODevice &out) const override;
    Result<std::unique_ptr<QIODevice>> openReader(const ObjectUri &uri) const override;
    bool exists(const ObjectUri &uri) const override;
    Status remove(const ObjectUri &uri) override;
    Status move(const ObjectUri &from, const ObjectUri &to) override;

    QString filePathFor(const ObjectUri &uri) const; // for tests and operators only

    // Loads DIR/keys/master.key, creating it (32 random bytes, mode 0600) on first start.
    static Result<QByteArray> loadOrCreateMasterKey(const QString &dataDir);

private:
    QString m_root;
    QByteArray m_masterKey;
};

} // namespace lemm::server
