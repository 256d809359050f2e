// The check pipeline's fail-closed gate and its calibration, over real HTTP against the real
// server binary (issue 12): with a configured AcoustID source that refuses connections or never
// answers, an output check is `unverified` (blocked by default), its export is refused, and the
// check result, its audit entry and `proof output` name the failed source; a calibration file
// set in the configuration is loaded at start and its version reported by /health, every check
// result and the proof; a corrupt or unreadable one stops the start with a clear message, and
// so does a configured catalog that cannot be loaded (no fail-open start, issue 13).
#include "support/http_client.h"
#include "support/scripted_http.h"
#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_signals.h"

#include "core/similarity/score_calibration.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace lemm::test;

namespace {

// A calibration file like the compiled-in one, under another version.
QByteArray calibrationJson(const QString &version)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("version"), version},
                                     {QStringLiteral("statistic"), QStringLiteral("test")},
                                     {QStringLiteral("reference_query_sec"), 30},
                                     {QStringLiteral("reference_index_hours"), 2},
                                     {QStringLiteral("length_exponent"), 1},
                                     {QStringLiteral("index_exponent"), 1},
                                     {QStringLiteral("tail_slope"), -0.5},
                                     {QStringLiteral("knots"),
                                      QJsonArray{QJsonArray{0, 1}, QJsonArray{6, -2}}}})
        .toJson();
}

// One server with an admin, a platform key and a published output licence.
struct Vault {
    QTemporaryDir dir;
    ServerProcess server;
    std::unique_ptr<HttpClient> http;
    QString admin, platform;

    QStringList dataArgs() const { return {QStringLiteral("--data-dir"), dir.path()}; }

    QString start(const QProcessEnvironment &env)
    {
        if (!server.startWithAdmin(dir.path(), QStringLiteral("admin@example.org"),
                                   "an admin password", {}, env))
            return QStringLiteral("start: ") + server.error();
        http = std::make_unique<HttpClient>(server.baseUrl());
        admin = http->post(QStringLiteral("/auth/login"),
                           {{QStringLiteral("email"), QStringLiteral("admin@example.org")},
                            {QStringLiteral("password"), QStringLiteral("an admin password")}})
                    .json()
                    .value(QStringLiteral("token"))
                    .toString();
        const CliResult key =
            runCli(QStringList{QStringLiteral("create-service-account"), QStringLiteral("--name"),
                               QStringLiteral("generator")}
                   << dataArgs());
        if (key.exitCode != 0 || admin.isEmpty())
            return QStringLiteral("accounts: ") + key.err;
        platform = key.out.trimmed();
        http->setToken(admin);
        const auto lic =
            http->post(QStringLiteral("/licenses"),
                       {{QStringLiteral("version"), QStringLiteral("out-v1")},
                        {QStringLiteral("summary"), QStringLiteral("Checked outputs only.")},
                        {QStringLiteral("terms_url"), QStringLiteral("https://example.org/t")}});
        if (lic.status != 201)
            return QStringLiteral("licence: ") + QString::fromUtf8(lic.body);
        return {};
    }

    HttpReply check(const QString &outputId, const QString &userId)
    {
        QByteArray type;
        const QByteArray body =
            safetyCheckMultipart(wavFromFloat(melody(20, 22050, 4242), 22050),
                                 {{QStringLiteral("model_id"), QStringLiteral("gen-1")},
                                  {QStringLiteral("output_id"), outputId},
                                  {QStringLiteral("user_id"), userId}},
                                 &type);
        http->setToken(platform);
        return http->call("POST", QStringLiteral("/safety/check"), body, type);
    }

    QJsonObject lastAuditPayload(const QString &outputId)
    {
        http->setToken(admin);
        const QJsonArray e =
            http->get(QStringLiteral("/audit?event_type=output_similarity_check&subject=") +
                      outputId)
                .json()
                .value(QStringLiteral("entries"))
                .toArray();
        return e.isEmpty() ? QJsonObject()
                           : e.last().toObject().value(QStringLiteral("payload")).toObject();
    }

    QJsonObject outputProof(const QString &outputId)
    {
        const CliResult proof = runCli(
            QStringList{QStringLiteral("proof"), QStringLiteral("output"), outputId} << dataArgs());
        return proof.exitCode == 0 ? QJsonDocument::fromJson(proof.out.toUtf8()).object()
                                   : QJsonObject();
    }
};

QProcessEnvironment serverEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LEMM_WORKERS"), QStringLiteral("0"));
    env.insert(QStringLiteral("LEMM_ACOUSTID_RETRIES"), QStringLiteral("0"));
    env.insert(QStringLiteral("LEMM_ACOUSTID_TIMEOUT_MS"), QStringLiteral("300"));
    return env;
}

} // namespace

class CheckPipelineEndToEndTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void failsClosed_data()
    {
        QTest::addColumn<bool>("silent"); // a listening socket that never answers
        QTest::addRow("connection refused") << false;
        QTest::addRow("no answer (timeout)") << true;
    }
    void failsClosed()
    {
        QFETCH(bool, silent);
        // The source: a port nothing listens on any more, or a service that accepts and never
        // answers (the server's timeout is 300 ms, no retries).
        ScriptedHttp silentService;
        quint16 port = 0;
        if (silent) {
            silentService.script = {{0, {}}};
            port = silentService.start();
        } else {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
            probe.close();
        }
        QProcessEnvironment env = serverEnv();
        env.insert(QStringLiteral("LEMM_ACOUSTID_URL"),
                   QStringLiteral("http://127.0.0.1:%1").arg(port));
        Vault v;
        const QString started = v.start(env);
        QVERIFY2(started.isEmpty(), qPrintable(started));

        const HttpReply r = v.check(QStringLiteral("out-unverified"), QStringLiteral("user-1"));
        QCOMPARE(r.status, 200);
        const QJsonObject res = r.json();
        QCOMPARE(res.value(QStringLiteral("decision")).toString(), QStringLiteral("unverified"));
        QCOMPARE(res.value(QStringLiteral("action")).toString(), QStringLiteral("block"));
        QCOMPARE(res.value(QStringLiteral("sources")).toObject(),
                 QJsonObject({{QStringLiteral("acoustid"), QStringLiteral("failed")}}));
        const QString why = res.value(QStringLiteral("source_errors"))
                                .toObject()
                                .value(QStringLiteral("acoustid"))
                                .toString();
        QVERIFY2(!why.isEmpty(), r.body.constData());
        if (silent)
            QVERIFY2(why.contains(QStringLiteral("300 ms")), qPrintable(why));
        const QString message = res.value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("acoustid")) && message.contains(why),
                 qPrintable(message));
        QCOMPARE(res.value(QStringLiteral("checked_against_external_catalogs"))
                     .toObject()
                     .value(QStringLiteral("acoustid")),
                 QJsonValue(false));
        QCOMPARE(res.value(QStringLiteral("calibration_version")).toString(),
                 lemm::core::ScoreCalibration::builtin().version());
        if (silent) // the service saw the lookup and did not answer it
            QVERIFY(!silentService.requests.isEmpty());

        // Its export is refused, even with the licence accepted.
        v.http->setToken(v.platform);
        QCOMPARE(v.http
                     ->post(QStringLiteral("/licenses/out-v1/accept"),
                            {{QStringLiteral("user_id"), QStringLiteral("user-1")}})
                     .status,
                 200);
        const HttpReply exp =
            v.http->post(QStringLiteral("/exports"),
                         {{QStringLiteral("output_id"), QStringLiteral("out-unverified")},
                          {QStringLiteral("user_id"), QStringLiteral("user-1")}});
        QCOMPARE(exp.status, 409);
        QCOMPARE(exp.errorCode(), QStringLiteral("output_unverified"));

        // The audit entry and the proof name the failed source, and nothing as answered.
        const QJsonObject audit = v.lastAuditPayload(QStringLiteral("out-unverified"));
        QCOMPARE(audit.value(QStringLiteral("decision")).toString(), QStringLiteral("unverified"));
        QCOMPARE(audit.value(QStringLiteral("sources"))
                     .toObject()
                     .value(QStringLiteral("acoustid"))
                     .toString(),
                 QStringLiteral("failed"));
        QCOMPARE(audit.value(QStringLiteral("calibration_version")).toString(),
                 lemm::core::ScoreCalibration::builtin().version());
        const QJsonObject proof = v.outputProof(QStringLiteral("out-unverified"));
        QCOMPARE(proof.value(QStringLiteral("statement"))
                     .toObject()
                     .value(QStringLiteral("sources_failed"))
                     .toArray(),
                 QJsonArray{QStringLiteral("acoustid")});
        QVERIFY(proof.value(QStringLiteral("statement"))
                    .toObject()
                    .value(QStringLiteral("sources_answered"))
                    .toArray()
                    .isEmpty());
        const QString statement = proof.value(QStringLiteral("summary")).toString();
        QVERIFY2(statement.contains(QStringLiteral("catalogs []")), qPrintable(statement));
        QVERIFY2(statement.contains(QStringLiteral("failed to answer: [acoustid")),
                 qPrintable(statement));
        QVERIFY(statement.contains(QStringLiteral("'unverified'")));

        // The policy may warn instead; the result stays unverified and is still not exported.
        v.http->setToken(v.admin);
        QJsonObject p = v.http->get(QStringLiteral("/policy"))
                            .json()
                            .value(QStringLiteral("policy"))
                            .toObject();
        QCOMPARE(p.value(QStringLiteral("output_unverified_action")).toString(),
                 QStringLiteral("block"));
        p.insert(QStringLiteral("output_unverified_action"), QStringLiteral("warn"));
        QCOMPARE(v.http->put(QStringLiteral("/policy"), {{QStringLiteral("policy"), p}}).status,
                 200);
        const QJsonObject warned =
            v.check(QStringLiteral("out-unverified-2"), QStringLiteral("user-1")).json();
        QCOMPARE(warned.value(QStringLiteral("decision")).toString(), QStringLiteral("unverified"));
        QCOMPARE(warned.value(QStringLiteral("action")).toString(), QStringLiteral("warn"));
        v.http->setToken(v.platform);
        QCOMPARE(v.http
                     ->post(QStringLiteral("/exports"),
                            {{QStringLiteral("output_id"), QStringLiteral("out-unverified-2")},
                             {QStringLiteral("user_id"), QStringLiteral("user-1")}})
                     .errorCode(),
                 QStringLiteral("output_unverified"));
        // "allow" is not an option for an unverified output.
        v.http->setToken(v.admin);
        p.insert(QStringLiteral("output_unverified_action"), QStringLiteral("allow"));
        QCOMPARE(v.http->put(QStringLiteral("/policy"), {{QStringLiteral("policy"), p}}).status,
                 400);
        v.server.stop();
    }

    void calibrationFileIsLoadedAndReported()
    {
        Vault v;
        const QString file = QDir(v.dir.path()).filePath(QStringLiteral("calibration.json"));
        QVERIFY(writeFile(file, calibrationJson(QStringLiteral("test-cal-7"))));
        QProcessEnvironment env = serverEnv();
        env.insert(QStringLiteral("LEMM_CALIBRATION_FILE"), file);
        const QString started = v.start(env);
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QCOMPARE(v.http->get(QStringLiteral("/health"))
                     .json()
                     .value(QStringLiteral("calibration_version"))
                     .toString(),
                 QStringLiteral("test-cal-7"));
        // No external source configured: the check is verified; AcoustID is named as not
        // configured, and the version is in the result, the audit entry and the proof.
        const QJsonObject res =
            v.check(QStringLiteral("out-calibrated"), QStringLiteral("user-2")).json();
        QCOMPARE(res.value(QStringLiteral("decision")).toString(), QStringLiteral("allow"));
        QCOMPARE(res.value(QStringLiteral("calibration_version")).toString(),
                 QStringLiteral("test-cal-7"));
        QCOMPARE(res.value(QStringLiteral("sources")).toObject(),
                 QJsonObject({{QStringLiteral("acoustid"), QStringLiteral("not_configured")}}));
        QCOMPARE(v.lastAuditPayload(QStringLiteral("out-calibrated"))
                     .value(QStringLiteral("calibration_version"))
                     .toString(),
                 QStringLiteral("test-cal-7"));
        const QJsonObject proof = v.outputProof(QStringLiteral("out-calibrated"));
        QCOMPARE(proof.value(QStringLiteral("statement"))
                     .toObject()
                     .value(QStringLiteral("calibration_version"))
                     .toString(),
                 QStringLiteral("test-cal-7"));
        QCOMPARE(proof.value(QStringLiteral("statement"))
                     .toObject()
                     .value(QStringLiteral("sources_not_configured"))
                     .toArray(),
                 QJsonArray{QStringLiteral("acoustid")});
        QVERIFY(proof.value(QStringLiteral("summary"))
                    .toString()
                    .contains(QStringLiteral("score calibration: test-cal-7")));
        v.server.stop();
    }

    void badCalibrationFileStopsTheStart_data()
    {
        QTest::addColumn<QByteArray>("content"); // empty: the file does not exist
        QTest::addRow("not JSON") << QByteArray("{ this is not json");
        QTest::addRow("no knots") << QByteArray(R"({"version":"x","tail_slope":-1})");
        QTest::addRow("missing file") << QByteArray();
    }
    void badCalibrationFileStopsTheStart()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString file = QDir(dir.path()).filePath(QStringLiteral("calibration.json"));
        if (!content.isEmpty())
            QVERIFY(writeFile(file, content));
        QProcessEnvironment env = serverEnv();
        env.insert(QStringLiteral("LEMM_CALIBRATION_FILE"), file);
        const CliResult r = runCli({QStringLiteral("serve"), QStringLiteral("--data-dir"),
                                    dir.path(), QStringLiteral("--port"), QStringLiteral("0")},
                                   {}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("calibration file")) && r.err.contains(file),
                 qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("listening on")), qPrintable(r.out));
    }

    void corruptCatalogStopsTheStart_data()
    {
        QTest::addColumn<QString>("workers");
        QTest::addRow("no workers") << QStringLiteral("0"); // the HTTP checks alone
        QTest::addRow("one worker") << QStringLiteral("1");
    }
    void corruptCatalogStopsTheStart()
    {
        // A configured source that cannot be loaded: the process must not start and check
        // against less than it was told to.
        QFETCH(QString, workers);
        QTemporaryDir dir;
        const QString catalog = QDir(dir.path()).filePath(QStringLiteral("catalogs/broken"));
        QVERIFY(QDir().mkpath(catalog));
        QVERIFY(writeFile(QDir(catalog).filePath(QStringLiteral("catalog.json")),
                          QByteArray("{ not a catalog")));
        const CliResult r = runCli({QStringLiteral("serve"), QStringLiteral("--data-dir"),
                                    dir.path(), QStringLiteral("--port"), QStringLiteral("0"),
                                    QStringLiteral("--workers"), workers},
                                   {}, serverEnv());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("external source cannot be loaded")) &&
                     r.err.contains(QStringLiteral("catalog.json is not a LEMM catalog")),
                 qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("listening on")), qPrintable(r.out));
    }
};

QTEST_MAIN(CheckPipelineEndToEndTest)
#include "check_pipeline_e2e_test.moc"
