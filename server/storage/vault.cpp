#include "server/storage/vault.h"

#include "server/storage/migrations.h"
#include "server/storage/policy_store.h"
#include "server/storage/s3_object_store.h"
#include "server/storage/transparency_log.h"

#include "core/base/ids.h"
#include "core/crypto/crypto.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace lemm::server {

namespace {

// Creates DATA/tmp and removes what a crashed process left there a day or more ago (other
// processes sharing the data directory may be spooling into it right now).
core::Status prepareSpoolDirectory(const ServerConfig &config)
{
    const QString dir = spoolDirectory(config);
    if (!QDir().mkpath(dir))
        return Error::make(ErrorKind::Internal, QStringLiteral("io_error"),
                           QStringLiteral("cannot create the spool directory %1").arg(dir));
    QFile::setPermissions(dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QDateTime dayAgo = QDateTime::currentDateTimeUtc().addDays(-1);
    for (const QFileInfo &f : QDir(dir).entryInfoList(QDir::Files | QDir::Hidden))
        if (f.lastModified().toUTC() < dayAgo && !QFile::remove(f.filePath()))
            qWarning("cannot remove the stale spool file %s", qPrintable(f.fileName()));
    return core::okStatus();
}

} // namespace

Vault::~Vault() = default;

// Every transaction that appended audit entries signs the tree head it leaves behind, inside
// itself (under the audit_head lock it already holds); the witness file gets the head once the
// transaction has committed.
core::Status Vault::startTransparencyLog()
{
    auto key = loadOrCreateSigningKey(m_config.dataDir, m_config.signingKeyFile);
    if (!key)
        return key.error();
    m_signingKey = key.value();
    if (!m_config.witnessFile.isEmpty())
        m_witness = std::make_unique<WitnessFile>(m_config.witnessFile);
    auto caughtUp = TransparencyLog::catchUp(*m_db, m_signingKey, nowIso());
    if (!caughtUp)
        return Error::make(
            caughtUp.error().kind, caughtUp.error().code,
            QStringLiteral("the transparency log cannot start: %1").arg(caughtUp.error().message));
    m_db->setAuditPreCommitHook([this](const Tx &tx) -> core::Status {
        auto head = TransparencyLog::signHead(tx, m_signingKey, nowIso());
        if (!head)
            return head.error();
        if (m_witness)
            tx.afterCommit([witness = m_witness.get(), h = head.value()] {
                if (auto w = witness->append(h); !w)
                    qWarning("transparency log: %s", qPrintable(w.error().message));
            });
        return core::okStatus();
    });
    if (m_witness)
        if (auto head = TransparencyLog::newestHead(*m_db, m_signingKey.keyId()); head && *head)
            if (auto w = m_witness->append(**head); !w)
                return w.error();
    return core::okStatus();
}

namespace {

// [storage] url selects the store: empty, the local directory DIR/objects; s3://..., S3.
Result<std::unique_ptr<ObjectStore>> openObjectStore(const ServerConfig &config,
                                                     const QByteArray &masterKey)
{
    if (config.storage.url.isEmpty())
        return std::unique_ptr<ObjectStore>(std::make_unique<LocalEncryptedObjectStore>(
            QDir(config.dataDir).filePath(QStringLiteral("objects")), masterKey));
    auto s3 = S3Settings::fromConfig(config);
    if (!s3)
        return s3.error();
    return std::unique_ptr<ObjectStore>(
        std::make_unique<S3ObjectStore>(std::move(s3.value()), masterKey));
}

} // namespace

Result<std::unique_ptr<Vault>> Vault::open(ServerConfig config)
{
    if (config.dataDir.isEmpty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("no_data_dir"),
                           QStringLiteral("a data directory is required (--data-dir DIR)"));
    if (!QDir().mkpath(config.dataDir))
        return Error::make(ErrorKind::Internal, QStringLiteral("io_error"),
                           QStringLiteral("cannot create data directory %1").arg(config.dataDir));
    QFile::setPermissions(config.dataDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (auto spool = prepareSpoolDirectory(config); !spool)
        return spool.error();
    auto spec = DatabaseSpec::parse(config.databaseUrl, config.dataDir);
    if (!spec)
        return spec.error();
    auto key = config.masterKeyHex.isEmpty()
                   ? LocalEncryptedObjectStore::loadOrCreateMasterKey(config.dataDir)
                   : Result<QByteArray>(QByteArray::fromHex(config.masterKeyHex.toLatin1()));
    if (!key)
        return key.error();

    std::unique_ptr<Vault> v(new Vault);
    v->m_db = std::make_unique<Database>(spec.value());
    auto migrated = migrate(*v->m_db);
    if (!migrated)
        return migrated.error();
    auto store = openObjectStore(config, key.value());
    if (!store)
        return store.error();
    v->m_store = std::move(store.value());
    v->m_mailer = makeMailer(config);
    v->m_masterKey = key.value();
    v->m_config = std::move(config);
    if (auto tlog = v->startTransparencyLog(); !tlog)
        return tlog.error();
    if (auto seeded = PolicyStore::seed(*v->m_db, v->m_config.policy, v->nowIso()); !seeded)
        return seeded.error();
    return v;
}

QByteArray Vault::tokenKey(const QString &purpose) const
{
    return core::crypto::genericHash(QByteArrayLiteral("lemm-token-v1:") + purpose.toUtf8(),
                                     m_masterKey);
}

Result<core::Policy> Vault::policy() const
{
    return PolicyStore::current(*m_db);
}

QString Vault::nowIso() const
{
    return core::toIso(now());
}

} // namespace lemm::server
