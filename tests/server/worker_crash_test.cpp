// A worker process killed with SIGKILL in the middle of a job (spec §2.1 step 3): the job's
// lease expires, another worker process takes it over, and the track ends in review with its
// results written exactly once. The first worker is held mid-job by an external lookup
// service that does not answer until it is killed.
#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/scripted_http.h"
#include "support/server_process.h"
#include "support/test_backend.h"
#include "support/test_signals.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm::test;

class WorkerCrashTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedWorkersJobIsTakenOverAndDoneOnce()
    {
        qInfo("backend: %s", qPrintable(backendName()));
        QTemporaryDir dir;
        const QString dbUrl = freshDatabaseUrl();
        ScriptedHttp lookup;
        lookup.script = {{0, {}}}; // silent: the first worker waits inside its job
        const quint16 port = lookup.start();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LEMM_ACOUSTID_URL"),
                   QStringLiteral("http://127.0.0.1:%1").arg(port));
        env.insert(QStringLiteral("LEMM_ACOUSTID_RETRIES"), QStringLiteral("0"));
        env.insert(QStringLiteral("LEMM_ACOUSTID_TIMEOUT_MS"), QStringLiteral("120000"));
        env.insert(QStringLiteral("LEMM_POLL_MS"), QStringLiteral("100"));
        env.insert(QStringLiteral("LEMM_WORKERS"), QStringLiteral("1"));

        ServerProcess server;
        QVERIFY2(server.startWithAdmin(dir.path(), QStringLiteral("admin@example.org"),
                                       "an admin password", dbUrl, env,
                                       {QStringLiteral("--workers"), QStringLiteral("0")}),
                 qPrintable(server.error()));
        HttpClient http(server.baseUrl());
        const QString admin =
            http.post(QStringLiteral("/auth/login"),
                      {{QStringLiteral("email"), QStringLiteral("admin@example.org")},
                       {QStringLiteral("password"), QStringLiteral("an admin password")}})
                .json()
                .value(QStringLiteral("token"))
                .toString();
        // Short leases so the takeover happens within the test.
        http.setToken(admin);
        QJsonObject policy =
            http.get(QStringLiteral("/policy")).json().value(QStringLiteral("policy")).toObject();
        policy.insert(QStringLiteral("job_lease_sec"), 10);
        QCOMPARE(http.put(QStringLiteral("/policy"), {{QStringLiteral("policy"), policy}}).status,
                 200);

        ServerProcess first;
        QVERIFY2(first.startWorker(dir.path(), dbUrl, env), qPrintable(first.error()));

        const QString ana = onboard(http, dir.path(), QStringLiteral("ana@example.org"));
        http.setToken(ana);
        const Submission sub = uploadAndSubmit(http, wavFromFloat(melody(20, 22050, 77), 22050),
                                               QStringLiteral("m.wav"), "audio/wav");
        QCOMPARE(sub.upload.status, 201);
        QCOMPARE(sub.submit.status, 201);
        const QString id = sub.trackId;

        // Wait until the first worker is inside the job, then kill it without warning.
        QTRY_VERIFY_WITH_TIMEOUT(http.get(QStringLiteral("/tracks/%1/status").arg(id))
                                         .json()
                                         .value(QStringLiteral("checks"))
                                         .toObject()
                                         .value(QStringLiteral("stage"))
                                         .toString() == QLatin1String("external:acoustid"),
                                 60000);
        // The stage is recorded just before the lookup is sent: wait for the request itself
        // (the lookup service answers in this process's event loop).
        QTRY_COMPARE_WITH_TIMEOUT(lookup.requests.size(), 1, 30000);
        first.kill();

        lookup.script = {{200, R"({"status":"ok","results":[]})"}};
        ServerProcess second;
        QVERIFY2(second.startWorker(dir.path(), dbUrl, env), qPrintable(second.error()));
        QJsonObject status;
        QTRY_VERIFY_WITH_TIMEOUT(
            (status = http.get(QStringLiteral("/tracks/%1/status").arg(id)).json())
                    .value(QStringLiteral("status"))
                    .toString() == QLatin1String("pending_review"),
            60000);
        const QJsonObject checks = status.value(QStringLiteral("checks")).toObject();
        QCOMPARE(checks.value(QStringLiteral("attempts")).toInt(), 2);
        QCOMPARE(checks.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
        QVERIFY(!status.value(QStringLiteral("flags"))
                     .toArray()
                     .contains(QStringLiteral("external_check_unavailable")));

        // Written once: one checks_passed transition, one similarity_check entry; both reads of
        // the audio (one per attempt) are in the audit log.
        http.setToken(admin);
        int passed = 0;
        for (const QJsonValue &h : http.get(QStringLiteral("/tracks/") + id)
                                       .json()
                                       .value(QStringLiteral("history"))
                                       .toArray())
            passed += h.toObject().value(QStringLiteral("event")).toString() ==
                      QLatin1String("checks_passed");
        QCOMPARE(passed, 1);
        auto entries = [&](const QString &type) {
            return http.get(QStringLiteral("/audit?event_type=%1&subject=%2").arg(type, id))
                .json()
                .value(QStringLiteral("entries"))
                .toArray()
                .size();
        };
        QCOMPARE(entries(QStringLiteral("similarity_check")), 1);
        QCOMPARE(entries(QStringLiteral("vault_access")), 2);
        QCOMPARE(
            http.get(QStringLiteral("/audit/verify")).json().value(QStringLiteral("ok")).toBool(),
            true);
        second.stop();
        server.stop();
    }
};

QTEST_MAIN(WorkerCrashTest)
#include "worker_crash_test.moc"
