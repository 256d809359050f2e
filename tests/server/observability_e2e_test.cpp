// Issue 16, part "obs": the real server's structured log (text and JSON lines, request ids,
// route patterns, no secrets) and its /metrics (accepted by promtool, counts that match the
// requests made), and the Grafana dashboard's JSON.

#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_signals.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace lemm::test;

namespace {

const QString kAdmin = QStringLiteral("admin@example.org");
const QByteArray kAdminPassword = "an admin password";

struct Deployment {
    QTemporaryDir dir;
    ServerProcess server;
    QString logPath() const { return dir.filePath(QStringLiteral("server.log")); }
    QStringList vaultArgs() const { return {QStringLiteral("--data-dir"), dir.path()}; }
    bool start(const QByteArray &ini, int workers)
    {
        if (!ini.isEmpty() && !writeFile(dir.filePath(QStringLiteral("lemm-vault.ini")), ini))
            return false;
        server.setLogFile(logPath());
        return server.startWithAdmin(dir.path(), kAdmin, kAdminPassword, {},
                                     QProcessEnvironment::systemEnvironment(),
                                     {QStringLiteral("--workers"), QString::number(workers)});
    }
    QList<QByteArray> logLines() const
    {
        QFile f(logPath());
        if (!f.open(QIODevice::ReadOnly))
            return {};
        QList<QByteArray> lines = f.readAll().split('\n');
        lines.removeAll(QByteArray());
        return lines;
    }
};

QString login(HttpClient &http, const QString &email, const QByteArray &password)
{
    auto r = http.post(QStringLiteral("/auth/login"),
                       {{QStringLiteral("email"), email},
                        {QStringLiteral("password"), QString::fromUtf8(password)}});
    return r.json().value(QStringLiteral("token")).toString();
}

// One raw request with an X-Request-Id; the whole answer (the connection is closed after it).
QByteArray rawGet(const QString &baseUrl, const QByteArray &path, const QByteArray &requestId)
{
    const QUrl u(baseUrl);
    QTcpSocket s;
    s.connectToHost(u.host(), quint16(u.port()));
    if (!s.waitForConnected(5000))
        return {};
    s.write("GET " + path + " HTTP/1.1\r\nHost: test\r\nX-Request-Id: " + requestId +
            "\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    while (s.state() == QAbstractSocket::ConnectedState && s.waitForReadyRead(10000))
        answer += s.readAll();
    return answer + s.readAll();
}

QByteArray responseHeader(const QByteArray &answer, const QByteArray &name)
{
    for (const QByteArray &line : answer.split('\n'))
        if (line.toLower().startsWith(name.toLower() + ':'))
            return line.mid(name.size() + 1).trimmed();
    return {};
}

// The value of one series in an exposition ("name{labels}" exactly as rendered); -1 if absent.
double seriesValue(const QByteArray &exposition, const QByteArray &series)
{
    for (const QByteArray &line : exposition.split('\n'))
        if (line.startsWith(series + ' '))
            return line.mid(series.size() + 1).toDouble();
    return -1;
}

} // namespace

class ObservabilityTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textLogHasRequestLinesAndNoSecrets()
    {
        Deployment d;
        QVERIFY2(d.start({}, 1), qPrintable(d.server.error()));
        HttpClient http(d.server.baseUrl());
        QStringList secrets;
        const QString admin = login(http, kAdmin, kAdminPassword);
        QVERIFY(!admin.isEmpty());
        secrets << admin;
        const QString ana = onboard(http, d.dir.path(), QStringLiteral("ana@example.org"));
        secrets << ana;
        http.setToken(ana);
        const Submission sub = uploadAndSubmit(http, wavFromFloat(melody(12, 44100, 7), 44100),
                                               QStringLiteral("song.wav"));
        QVERIFY2(sub.failure().isEmpty(), qPrintable(sub.failure()));
        secrets << sub.upload.json().value(QStringLiteral("audio_upload_token")).toString();
        waitForChecks(http, sub.trackId);
        // An admin's preview: a capability URL, fetched with the session it was made for.
        http.setToken(admin);
        auto made = http.post(QStringLiteral("/tracks/%1/previews").arg(sub.trackId),
                              {{QStringLiteral("start_s"), 1}, {QStringLiteral("duration_s"), 3}});
        QVERIFY2(made.status == 201, made.body.constData());
        const QString url = made.json().value(QStringLiteral("url")).toString();
        secrets << url.section(QLatin1Char('/'), -1);
        QCOMPARE(http.get(url).status, 200);
        QCOMPARE(http.get(url + QStringLiteral("?token=") + admin).status, 200);
        // A service account's API key, used on a training route.
        const QString key = createServiceKey(QStringLiteral("trainer"), d.vaultArgs());
        secrets << key;
        http.setToken(key);
        QVERIFY(http.get(QStringLiteral("/packs")).status != 0);
        QVERIFY(http.get(QStringLiteral("/training/audio/") + admin).status >= 400);
        // Request ids: a well-formed one is kept and echoed, a malformed one replaced.
        const QByteArray kept = rawGet(d.server.baseUrl(), "/health", "client-id.42_A");
        QCOMPARE(responseHeader(kept, "X-Request-Id"), QByteArray("client-id.42_A"));
        const QByteArray replaced = rawGet(d.server.baseUrl(), "/health", "bad;id");
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{16}$"))
                     .match(QString::fromLatin1(responseHeader(replaced, "X-Request-Id")))
                     .hasMatch(),
                 replaced.constData());
        d.server.stop();

        const QList<QByteArray> lines = d.logLines();
        QVERIFY(lines.size() > 10);
        const QByteArray all = lines.join('\n');
        for (const QString &s : secrets) {
            QVERIFY(s.size() >= 16);
            QVERIFY2(!all.contains(s.toUtf8()), qPrintable(QStringLiteral("secret in log: ") + s));
        }
        const QRegularExpression any(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\."
                                                    "\\d{3}Z (DEBUG|INFO |WARN |ERROR|FATAL) "));
        const QRegularExpression request(QStringLiteral(
            "^\\S+ INFO  req=([A-Za-z0-9._-]{1,64}) (GET|POST|PUT|DELETE) (\\S+) (\\d{3}) "
            "\\d+\\.\\dms( \\d+B)?$"));
        QSet<QString> routes;
        bool sawClientId = false;
        for (const QByteArray &line : lines) {
            if (line == "shutting down")
                continue; // the signal handler's own line (server/cli/cli.cpp), not a log event
            QVERIFY2(any.match(QString::fromUtf8(line)).hasMatch(), line.constData());
            const auto m = request.match(QString::fromUtf8(line));
            if (!m.hasMatch())
                continue;
            routes << m.captured(3);
            sawClientId |= m.captured(1) == QLatin1String("client-id.42_A");
        }
        QVERIFY(sawClientId);
        for (const char *route :
             {"/auth/login", "/auth/register", "/uploads", "/tracks/submit", "/tracks/{id}/status",
              "/tracks/{id}/previews", "/previews/{token}", "/packs", "/training/audio/{token}",
              "/health"})
            QVERIFY2(routes.contains(QString::fromLatin1(route)), route);
    }

    void jsonLogLinesParseWithFixedKeys()
    {
        Deployment d;
        QVERIFY2(d.start("[log]\nformat = json\n", 0), qPrintable(d.server.error()));
        HttpClient http(d.server.baseUrl());
        const QString admin = login(http, kAdmin, kAdminPassword);
        QVERIFY(!admin.isEmpty());
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);
        QCOMPARE(http.get(QStringLiteral("/no/such/route")).status, 404);
        d.server.stop();
        int requests = 0;
        for (const QByteArray &line : d.logLines()) {
            if (line == "shutting down")
                continue; // see above
            QJsonParseError err{};
            const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
            QVERIFY2(err.error == QJsonParseError::NoError && doc.isObject(), line.constData());
            const QJsonObject o = doc.object();
            for (const char *key : {"time", "level", "msg"})
                QVERIFY2(o.value(QString::fromLatin1(key)).isString(), line.constData());
            QVERIFY(!line.contains(admin.toUtf8()));
            if (o.value(QStringLiteral("category")).toString() != QLatin1String("http"))
                continue;
            ++requests;
            for (const char *key : {"request_id", "method", "route"})
                QVERIFY2(o.value(QString::fromLatin1(key)).isString(), line.constData());
            for (const char *key : {"status", "duration_ms", "bytes"})
                QVERIFY2(o.value(QString::fromLatin1(key)).isDouble(), line.constData());
        }
        QCOMPARE(requests, 3);
    }

    void metricsPassPromtoolAndCountRequests()
    {
        Deployment d;
        QVERIFY2(d.start({}, 0), qPrintable(d.server.error()));
        HttpClient http(d.server.baseUrl());
        for (int i = 0; i < 5; ++i)
            QCOMPARE(http.get(QStringLiteral("/health")).status, 200);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(http.get(QStringLiteral("/terms")).status, 200);
        QCOMPARE(http.get(QStringLiteral("/tracks/trk_x/status")).status, 401);
        QCOMPARE(http.get(QStringLiteral("/no/such/route")).status, 404);
        auto metrics = http.get(QStringLiteral("/metrics"));
        QCOMPARE(metrics.status, 200);
        const QByteArray text = metrics.body;

        QProcess promtool;
        promtool.start(QStringLiteral("promtool"),
                       {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(promtool.waitForStarted());
        promtool.write(text);
        promtool.closeWriteChannel();
        QVERIFY(promtool.waitForFinished(30000));
        const QByteArray findings =
            promtool.readAllStandardOutput() + promtool.readAllStandardError();
        QVERIFY2(promtool.exitCode() == 0, findings.constData());
        QVERIFY2(findings.trimmed().isEmpty(), findings.constData());

        const auto requests = [&](const char *route, const char *code) {
            return seriesValue(text, QByteArray("lemm_http_requests_total{route=\"") + route +
                                         "\",method=\"GET\",code=\"" + code + "\"}");
        };
        QCOMPARE(requests("/health", "200"), 5.0);
        QCOMPARE(requests("/terms", "200"), 3.0);
        QCOMPARE(requests("/tracks/{id}/status", "401"), 1.0);
        QCOMPARE(requests("(unmatched)", "404"), 1.0);
        QCOMPARE(seriesValue(text, "lemm_http_request_duration_seconds_count{route=\"/health\","
                                   "method=\"GET\"}"),
                 5.0);
        QCOMPARE(seriesValue(text, "lemm_http_request_duration_seconds_bucket{route=\"/terms\","
                                   "method=\"GET\",le=\"+Inf\"}"),
                 3.0);
        QVERIFY(seriesValue(text, "process_resident_memory_bytes") > 1e6);
        QVERIFY(seriesValue(text, "process_open_fds") > 2);
        QVERIFY(seriesValue(text, "process_start_time_seconds") > 1.7e9);
        QCOMPARE(seriesValue(text, "lemm_jobs_in_state{state=\"queued\"}"), 0.0);
        QVERIFY(text.contains("lemm_build_info{version=\""));
        QVERIFY(!text.contains("\nlemm_jobs{"));
        m_exposition = text;
    }

    void grafanaDashboardIsImportable()
    {
        QFile f(QStringLiteral(LEMM_SOURCE_DIR "/packaging/grafana-dashboard.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonParseError err{};
        const QJsonObject dash = QJsonDocument::fromJson(f.readAll(), &err).object();
        QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString()));
        QVERIFY(dash.value(QStringLiteral("schemaVersion")).toInt() >= 36);
        bool input = false;
        for (const QJsonValue &v : dash.value(QStringLiteral("__inputs")).toArray())
            input |= v.toObject().value(QStringLiteral("name")).toString() ==
                     QLatin1String("DS_PROMETHEUS");
        QVERIFY(input);
        const QJsonArray panels = dash.value(QStringLiteral("panels")).toArray();
        QVERIFY(panels.size() >= 6);
        // Every query names families the server really exports (the previous test's scrape).
        QVERIFY(!m_exposition.isEmpty());
        const QRegularExpression family(QStringLiteral("\\b(lemm_[a-z_]+|process_[a-z_]+)"));
        for (const QJsonValue &p : panels) {
            QCOMPARE(p.toObject()
                         .value(QStringLiteral("datasource"))
                         .toObject()
                         .value(QStringLiteral("uid"))
                         .toString(),
                     QStringLiteral("${DS_PROMETHEUS}"));
            for (const QJsonValue &t : p.toObject().value(QStringLiteral("targets")).toArray()) {
                const QString expr = t.toObject().value(QStringLiteral("expr")).toString();
                QVERIFY(!expr.isEmpty());
                for (auto it = family.globalMatch(expr); it.hasNext();) {
                    QString name = it.next().captured(1);
                    for (const char *suffix : {"_bucket", "_sum", "_count"})
                        if (name.endsWith(QLatin1String(suffix)))
                            name.chop(int(qstrlen(suffix)));
                    QVERIFY2(m_exposition.contains("# TYPE " + name.toUtf8() + ' '),
                             qPrintable(name));
                }
            }
        }
    }

private:
    QByteArray m_exposition;
};

QTEST_GUILESS_MAIN(ObservabilityTest)
#include "observability_e2e_test.moc"
