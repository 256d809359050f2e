#pragma once
// A real S3-speaking server for tests: s3rver (from the npm registry, installed by
// packaging/install-deps.sh into .deps/node) on 127.0.0.1 and a free port, with its own
// temporary directory and one bucket. Its default credentials are S3RVER / S3RVER.

#include "server/storage/s3_object_store.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace lemm::test {

class S3Server
{
public:
    ~S3Server();
    // Whether the S3 suites skip (with skipReason()) instead of failing: with LEMM_SKIP_S3=1,
    // or when packaging/install-deps.sh could not install s3rver from the npm registry (its
    // marker .deps/node/s3rver-unavailable says why) and LEMM_REQUIRE_S3 is not 1 (.ci/run
    // sets it: CI always runs them).
    static bool skipped();
    static QByteArray skipReason();
    // Starts s3rver and waits (30 s at most) for its port line; false with error() otherwise.
    bool start(const QString &bucket = QStringLiteral("lemm-test"));
    QString endpoint() const;
    QString bucket() const { return m_bucket; }
    QString directory() const { return m_dir.path(); }
    QString error() const { return m_error; }
    // Settings for S3ObjectStore against this server (path style, its credentials).
    server::S3Settings settings(const QString &prefix = QStringLiteral("vault")) const;

private:
    QTemporaryDir m_dir;
    QProcess m_proc;
    QString m_bucket;
    int m_port = 0;
    QString m_error;
};

} // namespace lemm::test
