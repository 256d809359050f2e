// Several processes without a shared disk (issue 16): two `serve --workers 0` API processes and
// two `worker` processes, each with its own data directory, on one PostgreSQL database and one
// S3 bucket (s3rver). A track uploaded through A is ingested by a worker and fetched for
// training through B; its revocation through B is what A reports; no data directory holds an
// object.
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/s3_server.h"
#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_backend.h"
#include "support/test_signals.h"

#include "core/crypto/crypto.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm::test;

namespace {

QStringList objectFilesIn(const QString &dir)
{
    QStringList found;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(QLatin1String(".lvo")) || path.contains(QLatin1String("/objects/")))
            found << path;
    }
    return found;
}

} // namespace

class MultiProcessS3Test : public QObject
{
    Q_OBJECT

    S3Server m_s3;
    QTemporaryDir m_dirA, m_dirB, m_dirW1, m_dirW2;
    QString m_dbUrl;
    ServerProcess m_a, m_b, m_w1, m_w2;

    QString login(HttpClient &http, const QString &email, const QString &password)
    {
        return http
            .post(QStringLiteral("/auth/login"),
                  {{QStringLiteral("email"), email}, {QStringLiteral("password"), password}})
            .json()
            .value(QStringLiteral("token"))
            .toString();
    }

    // The S3 store and the shared master key for every process this test starts (children
    // inherit the environment).
    void shareStoreThroughEnvironment()
    {
        qputenv("LEMM_STORAGE_URL", QStringLiteral("s3://%1/multi").arg(m_s3.bucket()).toUtf8());
        qputenv("LEMM_STORAGE_ENDPOINT", m_s3.endpoint().toUtf8());
        qputenv("LEMM_STORAGE_PATH_STYLE", "true");
        qputenv("LEMM_STORAGE_MULTIPART_PART_MB", "5");
        qputenv("AWS_ACCESS_KEY_ID", "S3RVER");
        qputenv("AWS_SECRET_ACCESS_KEY", "S3RVER");
        qputenv("LEMM_MASTER_KEY", lemm::core::crypto::randomBytes(32).toHex());
        qputenv("LEMM_WORKERS", "0");
        qputenv("LEMM_POLL_MS", "100");
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (S3Server::skipped())
            QSKIP(S3Server::skipReason().constData());
        QVERIFY2(usingPostgres(), "multi_process_s3_test runs on the postgres fixture");
        QVERIFY2(m_s3.start(), qPrintable(m_s3.error()));
        shareStoreThroughEnvironment();
        m_dbUrl = freshDatabaseUrl();
        const auto env = QProcessEnvironment::systemEnvironment();
        QVERIFY2(m_a.startWithAdmin(m_dirA.path(), QStringLiteral("admin@example.org"),
                                    "an admin password", m_dbUrl, env),
                 qPrintable(m_a.error()));
        QVERIFY2(m_b.start(m_dirB.path(), m_dbUrl, env), qPrintable(m_b.error()));
        QVERIFY2(m_w1.startWorker(m_dirW1.path(), m_dbUrl, env), qPrintable(m_w1.error()));
        QVERIFY2(m_w2.startWorker(m_dirW2.path(), m_dbUrl, env), qPrintable(m_w2.error()));
    }

    void uploadThroughAFetchThroughBRevokeThroughB()
    {
        HttpClient a(m_a.baseUrl());
        HttpClient b(m_b.baseUrl());
        const QString admin =
            login(a, QStringLiteral("admin@example.org"), QStringLiteral("an admin password"));
        QVERIFY(!admin.isEmpty());
        const QString ana = onboard(a, m_dirA.path(), QStringLiteral("ana@example.org"));
        const QString trainer = createServiceKey(
            QStringLiteral("trainer"),
            {QStringLiteral("--data-dir"), m_dirB.path(), QStringLiteral("--database"), m_dbUrl});

        // Upload through A; one of the workers ingests it (reads the upload from S3).
        const QByteArray wav = wavFromFloat(melody(8, 22050, 1), 22050);
        a.setToken(ana);
        const Submission s = uploadAndSubmit(a, wav, QStringLiteral("t.wav"), "audio/wav", true);
        QVERIFY2(!s.trackId.isEmpty(), qPrintable(s.failure()));
        QCOMPARE(waitForChecks(a, s.trackId).value(QStringLiteral("status")).toString(),
                 QStringLiteral("pending_review"));
        a.setToken(admin);
        QCOMPARE(a.post(QStringLiteral("/review/%1/votes").arg(s.trackId),
                        {{QStringLiteral("vote"), QStringLiteral("approve")}})
                     .json()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("accepted"));
        QCOMPARE(a.post(QStringLiteral("/packs"),
                        {{QStringLiteral("name"), QStringLiteral("LEMM_all")},
                         {QStringLiteral("description"), QStringLiteral("all")},
                         {QStringLiteral("allowed_uses"), QJsonArray{QStringLiteral("training")}},
                         {QStringLiteral("clean_compatible"), true}})
                     .status,
                 201);

        // The training fetch through B reads the raw audio from the bucket.
        b.setToken(trainer);
        const auto run = b.post(QStringLiteral("/training/runs"),
                                {{QStringLiteral("model_id"), QStringLiteral("m-1")},
                                 {QStringLiteral("model_type"), QStringLiteral("symbolic_core")},
                                 {QStringLiteral("run_id"), QStringLiteral("run-1")},
                                 {QStringLiteral("packs"), QJsonArray{QStringLiteral("LEMM_all")}},
                                 {QStringLiteral("hyperparameters"), QJsonObject{}},
                                 {QStringLiteral("clean"), true}});
        QVERIFY2(run.status == 201, run.body.constData());
        const QJsonArray items = b.get(QStringLiteral("/training/runs/run-1/manifest"))
                                     .json()
                                     .value(QStringLiteral("items"))
                                     .toArray();
        QCOMPARE(items.size(), 1);
        const auto fetched =
            b.get(items.first().toObject().value(QStringLiteral("url")).toString());
        QCOMPARE(fetched.status, 200);
        QVERIFY(fetched.body == wav);

        // Revocation through B; A reports it.
        b.setToken(ana);
        QCOMPARE(b.post(QStringLiteral("/tracks/%1/revoke").arg(s.trackId),
                        {{QStringLiteral("reason"), QStringLiteral("changed my mind")}})
                     .status,
                 200);
        a.setToken(ana);
        const QJsonObject seen = a.get(QStringLiteral("/tracks/%1/status").arg(s.trackId)).json();
        QVERIFY(seen.value(QStringLiteral("consent"))
                    .toObject()
                    .value(QStringLiteral("revoked"))
                    .toBool());
        QCOMPARE(seen.value(QStringLiteral("status")).toString(), QStringLiteral("removed"));

        // Objects are in the bucket, none in any data directory.
        int inBucket = 0;
        QDirIterator it(m_s3.directory(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            inBucket += it.next().contains(QLatin1String("/multi/")) ? 1 : 0;
        QVERIFY(inBucket > 0);
        for (const QTemporaryDir *d : {&m_dirA, &m_dirB, &m_dirW1, &m_dirW2})
            QVERIFY2(objectFilesIn(d->path()).isEmpty(),
                     qPrintable(objectFilesIn(d->path()).join(QLatin1Char(' '))));
    }

    void cleanupTestCase()
    {
        m_w1.stop();
        m_w2.stop();
        m_b.stop();
        m_a.stop();
    }
};

QTEST_GUILESS_MAIN(MultiProcessS3Test)
#include "multi_process_s3_test.moc"
