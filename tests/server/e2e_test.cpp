// The real lemm-vault-server binary over real HTTP, on SQLite or (e2e_test_pg) PostgreSQL:
// the contributor journey, another contributor's view, an admin promoting a reviewer, refused
// and interrupted uploads, and verify-audit before and after tampering.
#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_backend.h"
#include "support/test_vault.h"

#include <QDir>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace lemm::test;

namespace {

struct Deployment {
    QTemporaryDir dir;
    QString dbUrl = freshDatabaseUrl();
    ServerProcess server;

    QStringList dbArgs() const
    {
        QStringList a{QStringLiteral("--data-dir"), dir.path()};
        if (!dbUrl.isEmpty())
            a << QStringLiteral("--database") << dbUrl;
        return a;
    }
};

int uploadObjects(const QString &dataDir)
{
    return QDir(QDir(dataDir).filePath(QStringLiteral("objects/uploads")))
        .entryList({QStringLiteral("*")}, QDir::Files | QDir::Hidden)
        .size();
}

QSqlDatabase openDirect(const Deployment &d, const QString &name)
{
    QSqlDatabase db;
    if (d.dbUrl.isEmpty()) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QDir(d.dir.path()).filePath(QStringLiteral("vault.sqlite3")));
    } else {
        const QUrl u(d.dbUrl);
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(u.host());
        db.setPort(u.port());
        db.setUserName(u.userName());
        db.setDatabaseName(u.path().mid(1));
    }
    if (!db.open())
        qFatal("direct open: %s", qPrintable(db.lastError().text()));
    return db;
}

} // namespace

class EndToEndTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qInfo("backend: %s", qPrintable(backendName())); }

    void helpOnEveryCommand()
    {
        auto top = runCli({QStringLiteral("--help")});
        QCOMPARE(top.exitCode, 0);
        for (const char *cmd : {"serve", "worker", "catalog", "migrate", "create-admin",
                                "create-service-account", "verify-audit"}) {
            QVERIFY(top.out.contains(QString::fromLatin1(cmd)));
            auto h = runCli({QString::fromLatin1(cmd), QStringLiteral("--help")});
            QCOMPARE(h.exitCode, 0);
            QVERIFY2(h.out.contains(QStringLiteral("--data-dir")), cmd);
        }
        auto unknown = runCli({QStringLiteral("frobnicate")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains(QStringLiteral("unknown command")));
        auto noDir = runCli({QStringLiteral("serve")});
        QCOMPARE(noDir.exitCode, 2);
        QVERIFY(noDir.err.contains(QStringLiteral("--data-dir")));
    }

    void contributorJourney()
    {
        Deployment d;
        // No ingestion workers: these journeys watch tracks before their checks run.
        QVERIFY2(d.server.start(d.dir.path(), d.dbUrl, QProcessEnvironment::systemEnvironment(),
                                {QStringLiteral("--workers"), QStringLiteral("0")}),
                 qPrintable(d.server.error()));
        HttpClient http(d.server.baseUrl());
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);

        const QString ana = onboard(http, d.dir.path(), QStringLiteral("ana@example.org"));
        const QString bob = onboard(http, d.dir.path(), QStringLiteral("bob@example.org"));

        http.setToken(ana);
        auto me = http.get(QStringLiteral("/auth/me"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value(QStringLiteral("email_verified")).toBool(), true);
        QCOMPARE(me.json().value(QStringLiteral("roles")).toArray(),
                 QJsonArray{QStringLiteral("contributor")});
        QVERIFY(!me.json().value(QStringLiteral("affirmed_terms_version")).toString().isEmpty());

        // A FLAC made by ffmpeg, with a Unicode file name.
        const QString flac = d.dir.filePath(QStringLiteral("tone.flac"));
        QVERIFY(encodeWithFfmpeg(makeWav(3.0, 523.25), flac).isEmpty());
        auto up = http.call("POST",
                            QStringLiteral("/uploads?filename=") +
                                QString::fromLatin1(QUrl::toPercentEncoding(
                                    QStringLiteral("Glass City – 曲.flac"))),
                            readFile(flac), "audio/flac");
        QVERIFY2(up.status == 201, up.body.constData());
        QCOMPARE(up.json()
                     .value(QStringLiteral("audio"))
                     .toObject()
                     .value(QStringLiteral("codec"))
                     .toString(),
                 QStringLiteral("flac"));
        const QString uploadToken =
            up.json().value(QStringLiteral("audio_upload_token")).toString();

        auto sub = http.post(QStringLiteral("/tracks/submit"), submissionBody(uploadToken));
        QVERIFY2(sub.status == 201, sub.body.constData());
        const QString trackId = sub.json().value(QStringLiteral("track_id")).toString();
        QVERIFY(trackId.startsWith(QStringLiteral("trk_")));
        QCOMPARE(sub.json()
                     .value(QStringLiteral("consent"))
                     .toObject()
                     .value(QStringLiteral("version"))
                     .toInt(),
                 1);
        QCOMPARE(
            http.post(QStringLiteral("/tracks/submit"), submissionBody(uploadToken)).errorCode(),
            QStringLiteral("upload_token_used"));

        auto status = http.get(QStringLiteral("/tracks/%1/status").arg(trackId));
        QCOMPARE(status.status, 200);
        const QJsonObject st = status.json();
        QCOMPARE(st.value(QStringLiteral("status")).toString(),
                 QStringLiteral("pending_automated_checks"));
        for (const char *key :
             {"version", "training_allowed", "internal_demo_ok", "allow_per_artist_adapters",
              "revoked", "revoked_at", "revocation_reason"})
            QVERIFY2(
                st.value(QStringLiteral("consent")).toObject().contains(QString::fromLatin1(key)),
                key);
        QVERIFY(st.value(QStringLiteral("flags")).isArray());

        auto track = http.get(QStringLiteral("/tracks/") + trackId);
        QCOMPARE(track.status, 200);
        QCOMPARE(track.json()
                     .value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("title"))
                     .toString(),
                 QStringLiteral("Glass City"));
        QVERIFY(!track.body.contains("lemm://"));
        QVERIFY(!track.body.contains("storage_uri"));

        auto mine = http.get(QStringLiteral("/contributors/me/tracks"));
        QCOMPARE(mine.json().value(QStringLiteral("tracks")).toArray().size(), 1);

        // Another contributor cannot see, or act on, the track.
        http.setToken(bob);
        QCOMPARE(http.get(QStringLiteral("/tracks/") + trackId).status, 404);
        QCOMPARE(http.get(QStringLiteral("/tracks/%1/status").arg(trackId)).status, 404);
        QCOMPARE(http.post(QStringLiteral("/tracks/%1/revoke").arg(trackId),
                           {{QStringLiteral("reason"), QStringLiteral("x")}})
                     .status,
                 404);
        QCOMPARE(http.get(QStringLiteral("/contributors/me/tracks"))
                     .json()
                     .value(QStringLiteral("tracks"))
                     .toArray()
                     .size(),
                 0);

        // One call revokes.
        http.setToken(ana);
        auto rev = http.post(QStringLiteral("/tracks/%1/revoke").arg(trackId),
                             {{QStringLiteral("reason"), QStringLiteral("Leaving the platform")},
                              {QStringLiteral("scope"), QStringLiteral("all_future_use")}});
        QVERIFY2(rev.status == 200, rev.body.constData());
        status = http.get(QStringLiteral("/tracks/%1/status").arg(trackId));
        QCOMPARE(status.json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("removed"));
        const QJsonObject consent = status.json().value(QStringLiteral("consent")).toObject();
        QCOMPARE(consent.value(QStringLiteral("revoked")).toBool(), true);
        QCOMPARE(consent.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(consent.value(QStringLiteral("revocation_reason")).toString(),
                 QStringLiteral("Leaving the platform"));
        QVERIFY(!consent.value(QStringLiteral("revoked_at")).toString().isEmpty());

        // The first admin comes from the CLI, password on stdin; they promote Bob to reviewer.
        auto created = runCli(QStringList{QStringLiteral("create-admin"), QStringLiteral("--email"),
                                          QStringLiteral("root@example.org")} +
                                  d.dbArgs(),
                              "admin password 1\n");
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        http.setToken({});
        auto adminLogin =
            http.post(QStringLiteral("/auth/login"),
                      {{QStringLiteral("email"), QStringLiteral("root@example.org")},
                       {QStringLiteral("password"), QStringLiteral("admin password 1")}});
        QCOMPARE(adminLogin.status, 200);
        http.setToken(adminLogin.json().value(QStringLiteral("token")).toString());
        const auto accounts = http.get(QStringLiteral("/accounts"))
                                  .json()
                                  .value(QStringLiteral("accounts"))
                                  .toArray();
        QString bobId;
        for (const auto &a : accounts)
            if (a.toObject().value(QStringLiteral("email")).toString() ==
                QLatin1String("bob@example.org"))
                bobId = a.toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!bobId.isEmpty());
        auto promoted =
            http.put(QStringLiteral("/accounts/%1/roles").arg(bobId),
                     {{QStringLiteral("roles"),
                       QJsonArray{QStringLiteral("contributor"), QStringLiteral("reviewer")}}});
        QCOMPARE(promoted.status, 200);
        auto audit = http.get(QStringLiteral("/audit?event_type=policy_change&subject=") + bobId);
        QCOMPARE(audit.json().value(QStringLiteral("entries")).toArray().size(), 1);
        auto verify = http.get(QStringLiteral("/audit/verify"));
        QCOMPARE(verify.json().value(QStringLiteral("ok")).toBool(), true);

        http.setToken(bob);
        QCOMPARE(http.get(QStringLiteral("/tracks/") + trackId).status,
                 200); // reviewers read metadata
        QCOMPARE(http.post(QStringLiteral("/tracks/%1/revoke").arg(trackId),
                           {{QStringLiteral("reason"), QStringLiteral("x")}})
                     .status,
                 404);
    }

    void oversizedAndInterruptedUploadsLeaveNothing()
    {
        Deployment d;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LEMM_MAX_UPLOAD_BYTES"), QStringLiteral("200000"));
        QVERIFY2(d.server.start(d.dir.path(), d.dbUrl, env,
                                {QStringLiteral("--workers"), QStringLiteral("0")}),
                 qPrintable(d.server.error()));
        HttpClient http(d.server.baseUrl());
        const QString ana = onboard(http, d.dir.path(), QStringLiteral("ana@example.org"));
        http.setToken(ana);

        // Declared too large: refused from the request head, before the body is buffered.
        auto big = http.call("POST", QStringLiteral("/uploads"), makeWav(3.0), "audio/wav");
        QCOMPARE(big.status, 413);
        QCOMPARE(big.errorCode(), QStringLiteral("upload_too_large"));

        // A body that stops halfway, then the connection drops.
        const QUrl base(d.server.baseUrl());
        {
            QTcpSocket s;
            s.connectToHost(base.host(), quint16(base.port()));
            QVERIFY(s.waitForConnected(5000));
            const QByteArray part = makeWav(1.0).left(5000);
            s.write("POST /uploads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ana.toUtf8() +
                    "\r\nContent-Type: audio/wav\r\nContent-Length: 150000\r\n\r\n" + part);
            QVERIFY(s.waitForBytesWritten(5000));
            s.abort();
        }
        // Chunked bodies (no declared length) are refused with 411.
        {
            QTcpSocket s;
            s.connectToHost(base.host(), quint16(base.port()));
            QVERIFY(s.waitForConnected(5000));
            s.write("POST /uploads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ana.toUtf8() +
                    "\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n");
            QVERIFY(s.waitForBytesWritten(5000));
            QByteArray reply;
            while (!reply.contains("\r\n\r\n") && s.waitForReadyRead(5000))
                reply += s.readAll();
            QVERIFY2(reply.startsWith("HTTP/1.1 411"), reply.constData());
        }
        // The server is alive, nothing was stored, and a proper upload still works.
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);
        QCOMPARE(uploadObjects(d.dir.path()), 0);
        auto ok = http.call("POST", QStringLiteral("/uploads"), makeWav(1.0), "audio/wav");
        QCOMPARE(ok.status, 201);
        QCOMPARE(uploadObjects(d.dir.path()), 1);
        // Several requests on one keep-alive connection are counted request by request.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(
                http.call("POST", QStringLiteral("/uploads"), makeWav(1.0), "audio/wav").status,
                201);
    }

    void verifyAuditNamesTheTamperedEntry()
    {
        Deployment d;
        // No ingestion workers: these journeys watch tracks before their checks run.
        QVERIFY2(d.server.start(d.dir.path(), d.dbUrl, QProcessEnvironment::systemEnvironment(),
                                {QStringLiteral("--workers"), QStringLiteral("0")}),
                 qPrintable(d.server.error()));
        HttpClient http(d.server.baseUrl());
        const QString ana = onboard(http, d.dir.path(), QStringLiteral("ana@example.org"));
        http.setToken(ana);
        auto up = http.call("POST", QStringLiteral("/uploads"), makeWav(1.0), "audio/wav");
        QCOMPARE(http.post(QStringLiteral("/tracks/submit"),
                           submissionBody(
                               up.json().value(QStringLiteral("audio_upload_token")).toString()))
                     .status,
                 201);
        d.server.stop();

        auto fresh = runCli(QStringList{QStringLiteral("verify-audit")} + d.dbArgs());
        QVERIFY2(fresh.exitCode == 0, qPrintable(fresh.err));
        QVERIFY(fresh.out.startsWith(QStringLiteral("audit chain OK: ")));

        {
            QSqlDatabase db = openDirect(d, QStringLiteral("tamper"));
            QSqlQuery q(db);
            QVERIFY(q.exec(d.dbUrl.isEmpty()
                               ? QStringLiteral("DROP TRIGGER audit_log_no_update")
                               : QStringLiteral("DROP TRIGGER audit_log_no_change ON audit_log")));
            QVERIFY2(q.exec(QStringLiteral(
                         "UPDATE audit_log SET payload = '{\"forged\":true}' WHERE seq = 3")),
                     qPrintable(q.lastError().text()));
            QCOMPARE(q.numRowsAffected(), 1);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        auto broken = runCli(QStringList{QStringLiteral("verify-audit")} + d.dbArgs());
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains(QStringLiteral("entry 3 ")), qPrintable(broken.err));
    }
};

QTEST_GUILESS_MAIN(EndToEndTest)
#include "e2e_test.moc"
