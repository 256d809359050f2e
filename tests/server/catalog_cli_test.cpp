// `lemm-vault-server catalog build DIR --metadata FILE` through the real binary, with DIR and
// FILE relative to the working directory (issue 16: a relative DIR used to drop the metadata,
// because the track ids kept the DIR prefix that no metadata key has).

#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_signals.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm::test;

class CatalogCliTest : public QObject
{
    Q_OBJECT

private slots:
    void relativeFolderKeepsMetadata_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::newRow("relative") << QStringLiteral("corpus");
        QTest::newRow("dot-relative") << QStringLiteral("./corpus/");
        QTest::newRow("absolute") << QString();
    }

    void relativeFolderKeepsMetadata()
    {
        QFETCH(QString, folder);
        QTemporaryDir work, data;
        const QDir w(work.path());
        QVERIFY(w.mkpath(QStringLiteral("corpus/a")));
        QVERIFY(writeFile(w.filePath(QStringLiteral("corpus/a/one.wav")),
                          wavFromFloat(melody(12, 22050, 31), 22050)));
        QVERIFY(writeFile(w.filePath(QStringLiteral("corpus/two.wav")),
                          wavFromFloat(melody(12, 22050, 32), 22050)));
        QVERIFY(
            writeFile(w.filePath(QStringLiteral("meta.json")),
                      R"({"a/one.wav": {"title": "One", "artist": "Uno", "isrc": "XX0000000001"},
                              "two.wav": {"title": "Two", "artist": "Dos"}})"));
        if (folder.isEmpty())
            folder = w.filePath(QStringLiteral("corpus"));
        QProcess p;
        p.setWorkingDirectory(work.path());
        p.start(serverBinary(),
                {QStringLiteral("catalog"), QStringLiteral("build"), folder,
                 QStringLiteral("--name"), QStringLiteral("pd"), QStringLiteral("--metadata"),
                 QStringLiteral("meta.json"), QStringLiteral("--data-dir"), data.path()});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject tracks =
            QJsonDocument::fromJson(
                readFile(QDir(data.path()).filePath(QStringLiteral("catalogs/pd/catalog.json"))))
                .object()
                .value(QStringLiteral("tracks"))
                .toObject();
        QCOMPARE(tracks.keys(),
                 (QStringList{QStringLiteral("a/one.wav"), QStringLiteral("two.wav")}));
        const QJsonObject one = tracks.value(QStringLiteral("a/one.wav")).toObject();
        QCOMPARE(one.value(QStringLiteral("title")).toString(), QStringLiteral("One"));
        QCOMPARE(one.value(QStringLiteral("artist")).toString(), QStringLiteral("Uno"));
        QCOMPARE(one.value(QStringLiteral("isrc")).toString(), QStringLiteral("XX0000000001"));
        QCOMPARE(tracks.value(QStringLiteral("two.wav")).toObject().value(QStringLiteral("artist")),
                 QJsonValue(QStringLiteral("Dos")));
    }

    void metadataMatchingNoFileIsReported()
    {
        QTemporaryDir work, data;
        const QDir w(work.path());
        QVERIFY(w.mkpath(QStringLiteral("corpus")));
        QVERIFY(writeFile(w.filePath(QStringLiteral("corpus/one.wav")),
                          wavFromFloat(melody(12, 22050, 33), 22050)));
        QVERIFY(writeFile(w.filePath(QStringLiteral("meta.json")),
                          R"({"corpus/one.wav": {"title": "One"}})"));
        QProcess p;
        p.setWorkingDirectory(work.path());
        p.start(serverBinary(),
                {QStringLiteral("catalog"), QStringLiteral("build"), QStringLiteral("corpus"),
                 QStringLiteral("--name"), QStringLiteral("pd"), QStringLiteral("--metadata"),
                 QStringLiteral("meta.json"), QStringLiteral("--data-dir"), data.path()});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("1 metadata entries name no audio file")),
                 qPrintable(err));
        QVERIFY(err.contains(QStringLiteral("corpus/one.wav")));
    }
};

QTEST_GUILESS_MAIN(CatalogCliTest)
#include "catalog_cli_test.moc"
