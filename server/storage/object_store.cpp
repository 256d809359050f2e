#include "server/storage/object_store.h"

#include "core/crypto/crypto.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace lemm::server {

using core::Error;
using core::ErrorKind;

namespace {

constexpr char kMagic[] = "LVOB1\n";
constexpr int kMagicLen = 6;
constexpr int kSaltLen = 16;

bool validPart(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,127}$"));
    return re.match(s).hasMatch() && !s.contains(QLatin1String(".."));
}

Error storeError(const QString &code, const QString &msg)
{
    return Error::make(ErrorKind::Internal, code, msg);
}

QByteArray objectKey(const QByteArray &master, const QByteArray &salt)
{
    return core::crypto::genericHash(QByteArray("lemm-object-v1") + salt, master);
}

} // namespace

Result<ObjectUri> ObjectUri::make(const QString &bucket, const QString &key)
{
    if (!validPart(bucket) || !validPart(key))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_object_uri"),
                           QStringLiteral("invalid object bucket or key"));
    return ObjectUri{bucket, key};
}

Result<ObjectUri> ObjectUri::parse(const QString &uri)
{
    if (!uri.startsWith(QLatin1String("lemm://")))
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_object_uri"),
                           QStringLiteral("object URIs start with lemm://"));
    const QString rest = uri.mid(7);
    const int slash = rest.indexOf(QLatin1Char('/'));
    if (slash <= 0)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_object_uri"),
                           QStringLiteral("object URI has no key"));
    return make(rest.left(slash), rest.mid(slash + 1));
}

Result<qint64> writeEncryptedObject(QIODevice &plaintext, QIODevice &out,
                                    const QByteArray &masterKey)
{
    const QByteArray salt = core::crypto::randomBytes(kSaltLen);
    if (out.write(kMagic, kMagicLen) != kMagicLen || out.write(salt) != kSaltLen)
        return storeError(QStringLiteral("io_error"),
                          QStringLiteral("cannot write object: %1").arg(out.errorString()));
    return core::crypto::encryptStream(plaintext, out, objectKey(masterKey, salt));
}

Result<std::unique_ptr<QIODevice>> openEncryptedObject(std::unique_ptr<QIODevice> in,
                                                       const QByteArray &masterKey,
                                                       const ObjectUri &uri)
{
    char magic[kMagicLen];
    if (in->read(magic, kMagicLen) != kMagicLen || memcmp(magic, kMagic, kMagicLen) != 0)
        return storeError(
            QStringLiteral("decryption_failed"),
            QStringLiteral("object %1 is not an encrypted LEMM object").arg(uri.toString()));
    const QByteArray salt = in->read(kSaltLen);
    if (salt.size() != kSaltLen)
        return storeError(QStringLiteral("decryption_failed"),
                          QStringLiteral("object %1 is truncated").arg(uri.toString()));
    auto reader = core::crypto::DecryptingReader::open(std::move(in), objectKey(masterKey, salt));
    if (!reader)
        return reader.error();
    return std::unique_ptr<QIODevice>(std::move(reader.value()));
}

LocalEncryptedObjectStore::LocalEncryptedObjectStore(QString root, QByteArray masterKey)
    : m_root(std::move(root)), m_masterKey(std::move(masterKey))
{
}

QString LocalEncryptedObjectStore::filePathFor(const ObjectUri &uri) const
{
    return QDir(m_root).filePath(uri.bucket + QLatin1Char('/') + uri.key + QStringLiteral(".lvo"));
}

Status LocalEncryptedObjectStore::put(const ObjectUri &uri, QIODevice &plaintext)
{
    const QString path = filePathFor(uri);
    if (QFileInfo::exists(path))
        return Error::make(ErrorKind::Conflict, QStringLiteral("object_exists"),
                           QStringLiteral("object %1 already exists").arg(uri.toString()));
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return storeError(QStringLiteral("io_error"),
                          QStringLiteral("cannot create object directory"));
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return storeError(QStringLiteral("io_error"),
                          QStringLiteral("cannot write object: %1").arg(out.errorString()));
    auto n = writeEncryptedObject(plaintext, out, m_masterKey);
    if (!n) {
        out.cancelWriting();
        return n.error();
    }
    if (!out.commit())
        return storeError(QStringLiteral("io_error"),
                          QStringLiteral("cannot commit object: %1").arg(out.errorString()));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return core::okStatus();
}

Result<qint64> LocalEncryptedObjectStore::read(const ObjectUri &uri, QIODevice &out) const
{
    auto reader = openReader(uri);
    if (!reader)
        return reader.error();
    auto copied = core::crypto::copyDevice(*reader.value(), out);
    if (!copied && copied.error().code == QLatin1String("read_failed"))
        return storeError(
            QStringLiteral("decryption_failed"),
            QStringLiteral("object %1: %2").arg(uri.toString(), copied.error().message));
    return copied;
}

Result<std::unique_ptr<QIODevice>> LocalEncryptedObjectStore::openReader(const ObjectUri &uri) const
{
    auto in = std::make_unique<QFile>(filePathFor(uri));
    if (!in->open(QIODevice::ReadOnly))
        return Error::make(ErrorKind::NotFound, QStringLiteral("object_not_found"),
                           QStringLiteral("object %1 does not exist").arg(uri.toString()));
    return openEncryptedObject(std::move(in), m_masterKey, uri);
}

bool LocalEncryptedObjectStore::exists(const ObjectUri &uri) const
{
    return QFileInfo::exists(filePathFor(uri));
}

Status LocalEncryptedObjectStore::remove(const ObjectUri &uri)
{
    const QString path = filePathFor(uri);
    if (QFileInfo::exists(path) && !QFile::remove(path))
        return storeError(QStringLiteral("io_error"),
                          QStringLiteral("cannot remove object %1").arg(uri.toString()));
    return core::okStatus();
}

Status LocalEncryptedObjectStore::move(const ObjectUri &from, const ObjectUri &to)
{
    const QString dst = filePathFor(to);
    if (QFileInfo::exists(dst))
        return Error::make(ErrorKind::Conflict, QStringLiteral("object_exists"),
                           QStringLiteral("object %1 already exists").arg(to.toString()));
    if (!QDir().mkpath(QFileInfo(dst).absolutePath()) || !QFile::rename(filePathFor(from), dst))
        return storeError(
            QStringLiteral("io_error"),
            QStringLiteral("cannot move object %1 to %2").arg(from.toString(), to.toString()));
    return core::okStatus();
}

Result<QByteArray> LocalEncryptedObjectStore::loadOrCreateMasterKey(const QString &dataDir)
{
    const QString keyDir = QDir(dataDir).filePath(QStringLiteral("keys"));
    const QString keyPath = QDir(keyDir).filePath(QStringLiteral("master.key"));
    QFile f(keyPath);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly))
            return storeError(QStringLiteral("master_key_unreadable"),
                              QStringLiteral("cannot read %1").arg(keyPath));
        const QByteArray key = QByteArray::fromHex(f.readAll().trimmed());
        if (key.size() != core::crypto::kKeyBytes)
            return storeError(QStringLiteral("master_key_invalid"),
                              QStringLiteral("%1 does not hold a 32-byte hex key").arg(keyPath));
        return key;
    }
    if (!QDir().mkpath(keyDir))
        return storeError(QStringLiteral("io_error"),
                          QStringLiteral("cannot create %1").arg(keyDir));
    QFile::setPermissions(keyDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QByteArray key = core::crypto::randomBytes(core::crypto::kKeyBytes);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return storeError(QStringLiteral("io_error"),
                          QStringLiteral("cannot create %1").arg(keyPath));
    f.write(key.toHex() + '\n');
    if (!f.flush())
        return storeError(QStringLiteral("io_error"),
                          QStringLiteral("cannot write %1").arg(keyPath));
    return key;
}

} // namespace lemm::server
