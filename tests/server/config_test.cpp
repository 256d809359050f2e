// ServerConfig::load in process (issue 16, part "cfg"): the layers' precedence key by key, the
// unknown-key check over every layer (with and without a close known key), ini sections added
// by a reader counting as known, and restartNeeded() naming exactly the changed keys that
// cannot be applied live.
#include "server/base/config.h"

#include "support/test_audio.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using lemm::server::ServerConfig;
using lemm::test::writeFile;

namespace {

QString path(const QTemporaryDir &dir, const char *name)
{
    return QDir(dir.path()).filePath(QLatin1String(name));
}

} // namespace

class ConfigTest : public QObject
{
    Q_OBJECT

private slots:
    void laterLayersWin()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(path(dir, "system.ini"),
                          "[server]\nport=1001\nhttp_threads=3\n[worker]\npoll_ms=500\n"));
        QVERIFY(writeFile(path(dir, "lemm-vault.ini"), "[server]\nport=1002\n"));
        qputenv("LEMM_POLL_MS", "700");
        auto c = ServerConfig::load(dir.path(), path(dir, "system.ini"), true);
        qunsetenv("LEMM_POLL_MS");
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
        QCOMPARE(c->port, 1002);        // data file over system file
        QCOMPARE(c->httpThreads, 3);    // system file over the default
        QCOMPARE(c->workerPollMs, 700); // environment over both
        QCOMPARE(c->origin.filesRead,
                 QStringList({path(dir, "system.ini"), path(dir, "lemm-vault.ini")}));
        QCOMPARE(c->origin.values.value(QStringLiteral("server/port")), QStringLiteral("1002"));
    }

    void unknownKeysInEveryLayer()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(path(dir, "system.ini"), "[tokens]\nupload_ttl_secnds=5\n"));
        QVERIFY(writeFile(path(dir, "lemm-vault.ini"), "[server]\nport=1\nzzz=2\n"));
        auto c = ServerConfig::load(dir.path(), path(dir, "system.ini"), false);
        QVERIFY(!c.ok());
        const QJsonObject f = c.error().fields;
        QCOMPARE(f.size(), 2);
        QCOMPARE(f.value(QStringLiteral("tokens/upload_ttl_secnds")).toString(),
                 QStringLiteral("unknown setting tokens/upload_ttl_secnds in %1 (did you mean "
                                "tokens/upload_ttl_seconds?)")
                     .arg(path(dir, "system.ini")));
        QCOMPARE(
            f.value(QStringLiteral("server/zzz")).toString(),
            QStringLiteral("unknown setting server/zzz in %1").arg(path(dir, "lemm-vault.ini")));
        QCOMPARE(c.error().message,
                 QStringLiteral("2 unknown settings (and maybe invalid values)"));
    }

    void absentDefaultSystemFileIsFine()
    {
        QTemporaryDir dir;
        QVERIFY(ServerConfig::load(dir.path(), path(dir, "none.ini"), false).ok());
        auto named = ServerConfig::load(dir.path(), path(dir, "none.ini"), true);
        QVERIFY(!named.ok());
        QVERIFY(named.error().fields.contains(path(dir, "none.ini")));
    }

    void webhookSectionKeysAreKnown()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(path(dir, "lemm-vault.ini"),
                          "[webhook.a]\nurl=http://127.0.0.1:9/\nevents=x\n[webhook.b]\n"
                          "events=y\n"));
        auto c = ServerConfig::load(dir.path());
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
        QCOMPARE(c->webhooks.hooks.size(), 1); // b has no URL: known keys, no hook
    }

    void restartNeededNamesChangedKeys()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(path(dir, "lemm-vault.ini"),
                          "[server]\nport=1001\n[similarity]\ncalibration_file=a.json\n"));
        auto before = ServerConfig::load(dir.path());
        QVERIFY(writeFile(path(dir, "lemm-vault.ini"),
                          "[similarity]\ncalibration_file=b.json\n[http]\nio_threads=3\n"));
        auto after = ServerConfig::load(dir.path());
        QVERIFY(before.ok() && after.ok());
        QCOMPARE(before->restartNeeded(after.value()),
                 QStringList({QStringLiteral("http/io_threads"), QStringLiteral("server/port")}));
        QCOMPARE(after->restartNeeded(after.value()), QStringList());
    }
};

QTEST_GUILESS_MAIN(ConfigTest)
#include "config_test.moc"
