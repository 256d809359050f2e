// Configuration and the service life cycle against the real lemm-vault-server binary (issue
// 16, part "cfg"): unknown ini keys (data directory, system file, webhook sections) and
// out-of-range values refuse the start naming key, file and the closest known key; a file with
// every key commented out is accepted; an unknown LEMM_* variable is a warning; a missing data
// directory is refused unless --create (then 0700); the layers system file → DIR/lemm-vault.ini
// → environment override in that order (seen in /health's calibration version); and, with a
// real AF_UNIX datagram notify socket, READY=1 after the listening line, RELOADING=1 then
// READY=1 around a SIGHUP that applies a new calibration (and names what needs a restart) or
// refuses a broken file while serving on, WATCHDOG=1 pings, STOPPING=1 and exit 0 on SIGTERM;
// `worker` the same.
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/test_audio.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

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

QProcessEnvironment quietEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LEMM_WORKERS"), QStringLiteral("0"));
    env.remove(QStringLiteral("LEMM_CONFIG"));
    env.remove(QStringLiteral("NOTIFY_SOCKET"));
    return env;
}

QString file(const QTemporaryDir &dir, const QString &name)
{
    return QDir(dir.path()).filePath(name);
}

// The service manager's end of sd_notify(3): an AF_UNIX datagram socket bound to a path.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path) : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const QByteArray p = QFile::encodeName(path);
        if (m_fd < 0 || size_t(p.size()) >= sizeof(addr.sun_path))
            return;
        memcpy(addr.sun_path, p.constData(), size_t(p.size()));
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~NotifySocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool ok() const { return m_fd >= 0; }
    QString path() const { return m_path; }

    // The next datagram within `ms`, or empty when none arrived.
    QByteArray next(int ms)
    {
        QDeadlineTimer deadline(ms);
        pollfd pfd{m_fd, POLLIN, 0};
        while (!deadline.hasExpired()) {
            const int r = ::poll(&pfd, 1, int(deadline.remainingTime()));
            if (r > 0) {
                char buf[4096];
                const ssize_t n = ::recv(m_fd, buf, sizeof(buf), 0);
                return n > 0 ? QByteArray(buf, int(n)) : QByteArray();
            }
            if (r < 0 && errno != EINTR)
                return {};
        }
        return {};
    }
    // Datagrams until one whose lines hold `field` (e.g. "READY=1"); that one, or empty after
    // `ms`. Every datagram read is appended to seen().
    QByteArray waitFor(const QByteArray &field, int ms = 20000)
    {
        QDeadlineTimer deadline(ms);
        while (!deadline.hasExpired()) {
            const QByteArray d = next(int(deadline.remainingTime()));
            if (d.isEmpty())
                return {};
            m_seen << d;
            if (d.split('\n').contains(field))
                return d;
        }
        return {};
    }
    const QList<QByteArray> &seen() const { return m_seen; }

private:
    QString m_path;
    int m_fd = -1;
    QList<QByteArray> m_seen;
};

// The value of `name=` in a notify datagram.
QByteArray field(const QByteArray &datagram, const QByteArray &name)
{
    for (const QByteArray &line : datagram.split('\n'))
        if (line.startsWith(name + '='))
            return line.mid(name.size() + 1);
    return {};
}

// The whole text of a log file (the server's stderr).
QString readLog(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The calibration version /health reports.
QString healthCalibration(const QString &baseUrl)
{
    HttpClient http(baseUrl);
    const HttpReply r = http.get(QStringLiteral("/health"));
    if (r.status != 200)
        return QStringLiteral("(status %1)").arg(r.status);
    return r.json().value(QStringLiteral("calibration_version")).toString();
}

} // namespace

class ServiceLifecycleE2eTest : public QObject
{
    Q_OBJECT

private slots:
    void unknownKeyIsRefused_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<bool>("inSystemFile");
        QTest::addColumn<QString>("expected");
        QTest::addRow("typo in [server]")
            << QByteArray("[server]\nprot=9000\n") << false
            << QStringLiteral("unknown setting server/prot in %1 (did you mean server/port?)");
        QTest::addRow("typo in the system file")
            << QByteArray("[http]\nio_thread=2\n") << true
            << QStringLiteral("unknown setting http/io_thread in %1 (did you mean "
                              "http/io_threads?)");
        QTest::addRow("unknown section, nothing close")
            << QByteArray("[frobnicate]\nlevel=3\n") << false
            << QStringLiteral("unknown setting frobnicate/level in %1");
        QTest::addRow("webhook section")
            << QByteArray("[webhook.ci]\nurl=http://127.0.0.1:9/\nsecrte_file=x\n") << false
            << QStringLiteral("unknown setting webhook.ci/secrte_file in %1 (did you mean "
                              "webhook.ci/secret_file?)");
    }
    void unknownKeyIsRefused()
    {
        QFETCH(QByteArray, ini);
        QFETCH(bool, inSystemFile);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = inSystemFile ? file(dir, QStringLiteral("system.ini"))
                                          : file(dir, QStringLiteral("lemm-vault.ini"));
        QVERIFY(writeFile(path, ini));
        QStringList args{QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(),
                         QStringLiteral("--port"), QStringLiteral("0")};
        if (inSystemFile)
            args << QStringLiteral("--config") << path;
        const CliResult r = runCli(args, {}, quietEnv());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("error: ") + expected.arg(path)), qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("listening on")), qPrintable(r.out));
    }

    void outOfRangeValueIsRefused_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<QString>("expected");
        QTest::addRow("port") << QByteArray("[server]\nport=70000\n")
                              << QStringLiteral("server/port: must be a number from 0 to 65535 "
                                                "(is '70000')");
        QTest::addRow("not a number")
            << QByteArray("[worker]\npoll_ms=soon\n")
            << QStringLiteral("worker/poll_ms: must be a number from 10 to 60000 (is 'soon')");
        QTest::addRow("webhook URL") << QByteArray("[webhooks]\nurl=ftp://example.org/\n")
                                     << QStringLiteral("webhooks/url: must be an http:// or "
                                                       "https:// URL with a host");
    }
    void outOfRangeValueIsRefused()
    {
        QFETCH(QByteArray, ini);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(writeFile(file(dir, QStringLiteral("lemm-vault.ini")), ini));
        const CliResult r = runCli(
            {QStringLiteral("migrate"), QStringLiteral("--data-dir"), dir.path()}, {}, quietEnv());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("  ") + expected), qPrintable(r.err));
    }

    // The packaged default: sections and every key commented out.
    void commentedOutFileIsAccepted()
    {
        QTemporaryDir dir;
        const QString system = file(dir, QStringLiteral("system.ini"));
        QVERIFY(writeFile(system, "# LEMM Vault\n[server]\n# port=8080\n;host=127.0.0.1\n\n"
                                  "[http]\n#io_threads=2\n[webhooks]\n# url=https://x/\n"));
        const CliResult r = runCli({QStringLiteral("migrate"), QStringLiteral("--data-dir"),
                                    dir.path(), QStringLiteral("--config"), system},
                                   {}, quietEnv());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("schema version")), qPrintable(r.out));
    }

    void namedConfigFileMustExist()
    {
        QTemporaryDir dir;
        const QString missing = file(dir, QStringLiteral("nowhere.ini"));
        QProcessEnvironment env = quietEnv();
        env.insert(QStringLiteral("LEMM_CONFIG"), missing);
        const CliResult r =
            runCli({QStringLiteral("migrate"), QStringLiteral("--data-dir"), dir.path()}, {}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(missing + QStringLiteral(": the configuration file does not "
                                                         "exist")),
                 qPrintable(r.err));
    }

    void unknownEnvironmentVariableWarns()
    {
        QTemporaryDir dir;
        QProcessEnvironment env = quietEnv();
        env.insert(QStringLiteral("LEMM_PROT"), QStringLiteral("9000"));
        const CliResult r =
            runCli({QStringLiteral("migrate"), QStringLiteral("--data-dir"), dir.path()}, {}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // A structured WARN line (server/base/log.h).
        QVERIFY2(r.err.contains(QStringLiteral("WARN")) &&
                     r.err.contains(QStringLiteral("environment variable LEMM_PROT is not a "
                                                   "setting (ignored); did you mean LEMM_PORT?")),
                 qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("LEMM_WORKERS")), qPrintable(r.err));
    }

    void missingDataDirectoryNeedsCreate()
    {
        QTemporaryDir parent;
        const QString dir = file(parent, QStringLiteral("new/vault"));
        const CliResult refused =
            runCli({QStringLiteral("migrate"), QStringLiteral("--data-dir"), dir}, {}, quietEnv());
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("the data directory %1 does not exist "
                                                     "(give --create to create it)")
                                          .arg(dir)),
                 qPrintable(refused.err));
        QVERIFY(!QFileInfo::exists(dir));
        const CliResult created = runCli({QStringLiteral("migrate"), QStringLiteral("--data-dir"),
                                          dir, QStringLiteral("--create")},
                                         {}, quietEnv());
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        const QFileDevice::Permissions mode = QFileInfo(dir).permissions();
        const QFileDevice::Permissions owner =
            QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
        const QFileDevice::Permissions others = QFile::ReadGroup | QFile::WriteGroup |
                                                QFile::ExeGroup | QFile::ReadOther |
                                                QFile::WriteOther | QFile::ExeOther;
        QCOMPARE(mode & owner, owner);
        QCOMPARE(mode & others, QFileDevice::Permissions());
        // The audit commands refuse it too.
        const CliResult audit =
            runCli({QStringLiteral("verify-audit"), QStringLiteral("--data-dir"), dir + "-typo"},
                   {}, quietEnv());
        QCOMPARE(audit.exitCode, 1);
        QVERIFY2(audit.err.contains(QStringLiteral("does not exist")), qPrintable(audit.err));
    }

    // System file → DIR/lemm-vault.ini → environment: the later layer wins.
    void layersOverrideInOrder()
    {
        QTemporaryDir dir;
        for (const char *v : {"sys", "data", "env"})
            QVERIFY(writeFile(file(dir, QStringLiteral("%1.json").arg(QLatin1String(v))),
                              calibrationJson(QStringLiteral("cal-%1").arg(QLatin1String(v)))));
        const QString system = file(dir, QStringLiteral("system.ini"));
        QVERIFY(writeFile(system, "[similarity]\ncalibration_file=sys.json\n"));
        const QStringList args{QStringLiteral("--config"), system};
        const auto versionWith = [&](const QProcessEnvironment &env) {
            ServerProcess server;
            if (!server.start(dir.path(), {}, env, args))
                return QStringLiteral("(no start: %1)").arg(server.error());
            return healthCalibration(server.baseUrl());
        };
        QCOMPARE(versionWith(quietEnv()), QStringLiteral("cal-sys"));
        QVERIFY(writeFile(file(dir, QStringLiteral("lemm-vault.ini")),
                          "[similarity]\ncalibration_file=data.json\n"));
        QCOMPARE(versionWith(quietEnv()), QStringLiteral("cal-data"));
        QProcessEnvironment env = quietEnv();
        env.insert(QStringLiteral("LEMM_CALIBRATION_FILE"), file(dir, QStringLiteral("env.json")));
        QCOMPARE(versionWith(env), QStringLiteral("cal-env"));
    }

    void helpNamesThePrecedence()
    {
        for (const QString &command : {QStringLiteral("serve"), QStringLiteral("worker")}) {
            const CliResult r = runCli({command, QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            const QString text = r.out.simplified();
            for (const QString &part :
                 {QStringLiteral("/etc/lemm-vault/lemm-vault.ini"), QStringLiteral("LEMM_CONFIG"),
                  QStringLiteral("DIR/lemm-vault.ini"), QStringLiteral("LEMM_<KEY>"),
                  QStringLiteral("--config"), QStringLiteral("--create"), QStringLiteral("SIGHUP")})
                QVERIFY2(text.contains(part), qPrintable(command + QStringLiteral(": ") + part));
        }
    }

    void serveNotifiesAndReloads()
    {
        QTemporaryDir dir;
        NotifySocket notify(file(dir, QStringLiteral("notify.sock")));
        QVERIFY(notify.ok());
        const QString calibration = file(dir, QStringLiteral("cal.json"));
        const QString ini = file(dir, QStringLiteral("lemm-vault.ini"));
        QVERIFY(writeFile(calibration, calibrationJson(QStringLiteral("cal-1"))));
        QVERIFY(writeFile(ini, "[similarity]\ncalibration_file=cal.json\n"));
        QProcessEnvironment env = quietEnv();
        env.insert(QStringLiteral("NOTIFY_SOCKET"), notify.path());
        env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("200000"));

        QProcess server;
        server.setProcessEnvironment(env);
        server.setStandardErrorFile(file(dir, QStringLiteral("server.log")));
        server.start(serverBinary(), {QStringLiteral("serve"), QStringLiteral("--data-dir"),
                                      dir.path(), QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY(server.waitForStarted());
        const QByteArray ready = notify.waitFor("READY=1");
        QVERIFY2(!ready.isEmpty(), qPrintable(readLog(file(dir, QStringLiteral("server.log")))));
        // The listening line was written before READY=1 was sent: it is in the pipe already.
        server.waitForReadyRead(0);
        const QString stdoutText = QString::fromUtf8(server.readAllStandardOutput());
        const auto m =
            QRegularExpression(QStringLiteral("^listening on (http://[^\\s]+)")).match(stdoutText);
        QVERIFY2(m.hasMatch(), qPrintable(stdoutText));
        const QString url = m.captured(1);
        QCOMPARE(field(ready, "STATUS"), ("listening on " + url).toUtf8());
        QCOMPARE(healthCalibration(url), QStringLiteral("cal-1"));
        QVERIFY(!notify.waitFor("WATCHDOG=1", 5000).isEmpty());

        // A valid change: the calibration applies live, the other key needs a restart.
        QVERIFY(writeFile(calibration, calibrationJson(QStringLiteral("cal-2"))));
        QVERIFY(writeFile(ini, "[similarity]\ncalibration_file=cal.json\n[server]\n"
                               "http_threads=8\n"));
        QCOMPARE(::kill(pid_t(server.processId()), SIGHUP), 0);
        const QByteArray reloading = notify.waitFor("RELOADING=1");
        QVERIFY(!reloading.isEmpty());
        QVERIFY(field(reloading, "MONOTONIC_USEC").toULongLong() > 0);
        QVERIFY(!notify.waitFor("READY=1").isEmpty());
        QCOMPARE(server.state(), QProcess::Running);
        QCOMPARE(healthCalibration(url), QStringLiteral("cal-2"));
        QString log = readLog(file(dir, QStringLiteral("server.log")));
        QVERIFY2(log.contains(QStringLiteral("setting server/http_threads changed: needs a "
                                             "restart")),
                 qPrintable(log));
        QVERIFY2(!log.contains(QStringLiteral("similarity/calibration_file changed")),
                 qPrintable(log));

        // A broken file: refused, logged, the running configuration stays.
        QVERIFY(writeFile(calibration, calibrationJson(QStringLiteral("cal-3"))));
        QVERIFY(writeFile(ini, "[similarity]\ncalibration_file=cal.json\n[server]\nprot=1\n"));
        QCOMPARE(::kill(pid_t(server.processId()), SIGHUP), 0);
        QVERIFY(!notify.waitFor("RELOADING=1").isEmpty());
        QVERIFY(!notify.waitFor("READY=1").isEmpty());
        QCOMPARE(server.state(), QProcess::Running);
        QCOMPARE(healthCalibration(url), QStringLiteral("cal-2"));
        log = readLog(file(dir, QStringLiteral("server.log")));
        QVERIFY2(log.contains(QStringLiteral("reload refused, the running configuration stays: "
                                             "unknown setting server/prot in %1")
                                  .arg(ini)),
                 qPrintable(log));

        server.terminate();
        QVERIFY(!notify.waitFor("STOPPING=1").isEmpty());
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
    }

    void workerSurvivesSighup()
    {
        QTemporaryDir dir;
        NotifySocket notify(file(dir, QStringLiteral("notify.sock")));
        QVERIFY(notify.ok());
        QProcessEnvironment env = quietEnv();
        env.insert(QStringLiteral("NOTIFY_SOCKET"), notify.path());
        QProcess worker;
        worker.setProcessEnvironment(env);
        worker.setStandardErrorFile(file(dir, QStringLiteral("worker.log")));
        worker.start(serverBinary(),
                     {QStringLiteral("worker"), QStringLiteral("--data-dir"), dir.path(),
                      QStringLiteral("--workers"), QStringLiteral("1")});
        QVERIFY(worker.waitForStarted());
        const QByteArray ready = notify.waitFor("READY=1");
        QVERIFY2(!ready.isEmpty(), qPrintable(readLog(file(dir, QStringLiteral("worker.log")))));
        QVERIFY(field(ready, "STATUS").startsWith("ingestion workers: 1"));
        QCOMPARE(::kill(pid_t(worker.processId()), SIGHUP), 0);
        QVERIFY(!notify.waitFor("RELOADING=1").isEmpty());
        QVERIFY(!notify.waitFor("READY=1").isEmpty());
        QCOMPARE(worker.state(), QProcess::Running);
        QVERIFY2(readLog(file(dir, QStringLiteral("worker.log")))
                     .contains(QStringLiteral("reload: configuration re-read")),
                 qPrintable(readLog(file(dir, QStringLiteral("worker.log")))));
        worker.terminate();
        QVERIFY(!notify.waitFor("STOPPING=1").isEmpty());
        QVERIFY(worker.waitForFinished(30000));
        QCOMPARE(worker.exitStatus(), QProcess::NormalExit);
        QCOMPARE(worker.exitCode(), 0);
    }
};

QTEST_MAIN(ServiceLifecycleE2eTest)
#include "service_lifecycle_e2e_test.moc"
