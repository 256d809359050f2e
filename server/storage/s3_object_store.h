#pragma once
// Objects in an S3-compatible service (AWS S3, MinIO, Ceph RGW, Garage, s3rver), selected by
// `[storage] url = s3://bucket/prefix` (docs/object-storage.md). Every object is encrypted here
// first, in the same format as the local store (writeEncryptedObject): the service only ever
// holds ciphertext. lemm://B/K is stored as s3://BUCKET/PREFIX/B/K.lvo.
//
// Transfers use libcurl with its built-in SigV4 signing (CURLOPT_AWS_SIGV4). Memory is bounded
// both ways: put buffers one multipart part (objects smaller than a part go in one PUT), reads
// fetch ranges of kRangeBytes through the decrypting reader. Requests that can be repeated are
// retried with back-off on connection errors and 5xx answers. Thread-safe: each calling thread
// keeps its own curl handle (and so its own kept-alive connections).

#include "server/storage/object_store.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace lemm::server {

struct ServerConfig;

struct S3Settings {
    QString bucket;
    QString prefix;   // without leading or trailing '/', may be empty
    QString endpoint; // scheme://host[:port]
    QString region = QStringLiteral("us-east-1");
    bool pathStyle = false;
    QString accessKeyId;
    QString secretAccessKey; // secret: never logged
    QString sessionToken;    // secret: never logged
    QString caFile;
    int timeoutSec = 30;
    qint64 partBytes = 8ll << 20;
    int maxAttempts = 4; // for idempotent requests

    // From ServerConfig::storage and the credentials (file, else AWS_* environment variables).
    static Result<S3Settings> fromConfig(const ServerConfig &config);
};

class S3Client;

class S3ObjectStore final : public ObjectStore
{
public:
    static constexpr qint64 kRangeBytes = 4ll << 20; // one ranged GET

    S3ObjectStore(S3Settings settings, QByteArray masterKey);
    ~S3ObjectStore() override;

    Status put(const ObjectUri &uri, QIODevice &plaintext) override;
    Result<qint64> read(const ObjectUri &uri, QIODevice &out) const override;
    Result<std::unique_ptr<QIODevice>> openReader(const ObjectUri &uri) const override;
    bool exists(const ObjectUri &uri) const override;
    Status remove(const ObjectUri &uri) override;
    Status move(const ObjectUri &from, const ObjectUri &to) override;

    // The object's key in the S3 bucket (for tests and operators).
    QString objectKeyFor(const ObjectUri &uri) const;
    // Raw ciphertext of an object (tests: the service holds no plaintext) and a raw overwrite
    // (tests: tampering).
    Result<QByteArray> rawObject(const ObjectUri &uri) const;
    Status putRaw(const ObjectUri &uri, const QByteArray &bytes);
    // Creates the bucket (tests and first set-up against a fresh MinIO/s3rver).
    Status createBucket();

private:
    Result<qint64> objectSize(const QString &key) const; // NotFound when absent

    std::shared_ptr<S3Client> m_client;
    QByteArray m_masterKey;
};

} // namespace lemm::server
