// The desktop app's offline cache on a real SQLite file: documents survive a restart of the
// app, queued votes keep their order and notes, conflicts keep the server's reason, and a file
// that cannot be opened is reported rather than silently losing votes.
#include "app/offline_cache.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm::app;

class OfflineCacheTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void documentsAndVotesSurviveARestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cache/offline.sqlite"));
        qint64 first = 0;
        {
            OfflineCache cache(path);
            QVERIFY(cache.isOpen());
            QVERIFY(!cache.get(QStringLiteral("queue")));
            cache.put(QStringLiteral("queue"),
                      {{QStringLiteral("items"), QJsonArray{QStringLiteral("trk_1")}}});
            cache.put(QStringLiteral("queue"),
                      {{QStringLiteral("items"), QJsonArray{QStringLiteral("trk_2")}}});
            first = cache.queueVote(QStringLiteral("trk_1"), QStringLiteral("reject"),
                                    QStringLiteral("sounds like a cover, ünïcode kept"));
            QVERIFY(first > 0);
            QVERIFY(cache.queueVote(QStringLiteral("trk_2"), QStringLiteral("approve"), {}) >
                    first);
        }
        OfflineCache reopened(path);
        QVERIFY(reopened.isOpen());
        const auto queue = reopened.get(QStringLiteral("queue"));
        QVERIFY(queue);
        QCOMPARE(queue->value(QStringLiteral("items")).toArray(),
                 QJsonArray{QStringLiteral("trk_2")}); // the newest fetch replaced the old one
        QVERIFY(!reopened.fetchedAt(QStringLiteral("queue")).isEmpty());
        const auto votes = reopened.votes(QStringLiteral("queued"));
        QCOMPARE(votes.size(), 2);
        QCOMPARE(votes.at(0).id, first); // sent in the order they were cast
        QCOMPARE(votes.at(0).note, QStringLiteral("sounds like a cover, ünïcode kept"));
        QCOMPARE(votes.at(1).note, QString());

        reopened.markConflict(votes.at(0).id, QStringLiteral("The submission was decided."));
        reopened.removeVote(votes.at(1).id);
        QVERIFY(reopened.votes(QStringLiteral("queued")).isEmpty());
        const auto all = reopened.votes();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().state, QStringLiteral("conflict"));
        QCOMPARE(all.first().problem, QStringLiteral("The submission was decided."));
    }

    void unusableFileIsReported()
    {
        QTemporaryDir dir;
        // A directory where the file should be: SQLite cannot open it.
        const QString path = dir.filePath(QStringLiteral("taken"));
        QVERIFY(QDir().mkpath(path));
        OfflineCache cache(path);
        QVERIFY(!cache.isOpen());
        QCOMPARE(cache.queueVote(QStringLiteral("trk_1"), QStringLiteral("approve"), {}), 0);
    }

    void defaultPathIsPerServerAndAccount()
    {
        const QString a =
            OfflineCache::defaultPath(QStringLiteral("http://a:8080"), QStringLiteral("contrib_1"));
        QVERIFY(a.endsWith(QStringLiteral(".sqlite")));
        QCOMPARE(a, OfflineCache::defaultPath(QStringLiteral("http://a:8080"),
                                              QStringLiteral("contrib_1")));
        QVERIFY(a != OfflineCache::defaultPath(QStringLiteral("http://b:8080"),
                                               QStringLiteral("contrib_1")));
        QVERIFY(a != OfflineCache::defaultPath(QStringLiteral("http://a:8080"),
                                               QStringLiteral("contrib_2")));
    }

    // shell (issue 15): the preferences' size limit.
    void trimKeepsTheNewestDocumentsAndEveryVote()
    {
        QTemporaryDir dir;
        OfflineCache cache(dir.filePath(QStringLiteral("c.sqlite")));
        QVERIFY(cache.isOpen());
        const QJsonObject big{{QStringLiteral("x"), QString(1000, QLatin1Char('a'))}};
        for (int i = 0; i < 5; ++i)
            cache.put(QStringLiteral("review/%1").arg(i), big); // oldest first
        QVERIFY(cache.queueVote(QStringLiteral("trk_1"), QStringLiteral("approve"), {}) > 0);
        QCOMPARE(cache.trimTo(1'000'000), 0);
        QCOMPARE(cache.trimTo(2500), 3); // two ~1 kB documents fit
        QVERIFY(cache.get(QStringLiteral("review/4")).has_value());
        QVERIFY(cache.get(QStringLiteral("review/3")).has_value());
        QVERIFY(!cache.get(QStringLiteral("review/2")).has_value());
        QVERIFY(!cache.get(QStringLiteral("review/0")).has_value());
        QCOMPARE(cache.votes().size(), 1);
        QCOMPARE(cache.trimTo(0), 2);
        QCOMPARE(cache.votes().size(), 1);
    }
};

QTEST_MAIN(OfflineCacheTest)
#include "offline_cache_test.moc"
