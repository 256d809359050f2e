// The outbox's lease at service level, on SQLite and PostgreSQL: a row leased by one
// dispatcher is not leased by another until the lease runs out; the first one's late result is
// then refused (the row is the other's); racing dispatchers never lease one row twice; a round's
// outcome moves the row to delivered, a later try or a dead letter.
#include "server/services/outbox.h"

#include "support/test_backend.h"
#include "support/test_vault.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QMutex>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::test;

namespace {

QString enqueue(TestVault &tv, const QString &subject)
{
    auto id = tv->transact([&](const Tx &tx) {
        return Outbox::enqueue(tx, QStringLiteral("test.event"), subject,
                               QJsonObject{{QStringLiteral("n"), subject}}, tv->nowIso());
    });
    if (!id)
        qFatal("enqueue: %s", qPrintable(id.error().message));
    return id.value();
}

QString stateOf(TestVault &tv, const QString &id, qint64 *attempts = nullptr)
{
    auto q = tv->db().query(QStringLiteral("SELECT state, attempts FROM outbox WHERE event_id = ?"),
                            {id});
    q.value().next();
    if (attempts)
        *attempts = q.value().value(1).toLongLong();
    return q.value().value(0).toString();
}

} // namespace

class OutboxTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qInfo("backend: %s", qPrintable(backendName())); }

    void aLeasedRowIsNotLeasedAgainUntilItExpires()
    {
        TestVault tv;
        const QString id = enqueue(tv, QStringLiteral("a"));
        auto a = Outbox::claimDue(tv->db(), QStringLiteral("A"), tv->now(), 60, 10);
        QVERIFY(a);
        QCOMPARE(a->size(), 1);
        QCOMPARE(a->first().eventId, id);
        auto b = Outbox::claimDue(tv->db(), QStringLiteral("B"), tv->now(), 60, 10);
        QVERIFY(b);
        QVERIFY(b->isEmpty());
        // A stalls past its lease: B takes the row over, and A's late result changes nothing.
        tv.advance(61);
        b = Outbox::claimDue(tv->db(), QStringLiteral("B"), tv->now(), 60, 10);
        QVERIFY(b);
        QCOMPARE(b->size(), 1);
        QVERIFY(Outbox::record(tv->db(), QStringLiteral("A"), a->first(),
                               DeliveryOutcome{{}, true, {}}, 3, tv->now(), tv->now()));
        QCOMPARE(stateOf(tv, id), outbox::kPending);
        QVERIFY(Outbox::record(tv->db(), QStringLiteral("B"), b->first(),
                               DeliveryOutcome{{QStringLiteral("h")}, true, {}}, 3, tv->now(),
                               tv->now()));
        QCOMPARE(stateOf(tv, id), outbox::kDelivered);
        auto none = Outbox::claimDue(tv->db(), QStringLiteral("C"), tv->now().addDays(1), 60, 10);
        QVERIFY(none && none->isEmpty());
    }

    void failuresBackOffThenDie()
    {
        TestVault tv;
        const QString id = enqueue(tv, QStringLiteral("b"));
        for (int attempt = 1; attempt <= 3; ++attempt) {
            auto rows = Outbox::claimDue(tv->db(), QStringLiteral("A"), tv->now(), 60, 10);
            QVERIFY(rows);
            QCOMPARE(rows->size(), 1);
            QVERIFY(
                Outbox::record(tv->db(), QStringLiteral("A"), rows->first(),
                               DeliveryOutcome{{}, false, QStringLiteral("webhook h: HTTP 500")}, 3,
                               tv->now(), tv->now().addSecs(30)));
            qint64 attempts = 0;
            QCOMPARE(stateOf(tv, id, &attempts), attempt < 3 ? outbox::kPending : outbox::kDead);
            QCOMPARE(attempts, attempt);
            // Not due before the back-off has passed.
            auto early = Outbox::claimDue(tv->db(), QStringLiteral("A"), tv->now(), 60, 10);
            QVERIFY(early && early->isEmpty());
            tv.advance(31);
        }
        auto listed = Outbox::list(tv->db(), QUrlQuery(QStringLiteral("state=dead")));
        QVERIFY(listed);
        const QJsonObject dead =
            listed->value(QStringLiteral("events")).toArray().first().toObject();
        QCOMPARE(dead.value(QStringLiteral("last_error")).toString(),
                 QStringLiteral("webhook h: HTTP 500"));
        QCOMPARE(listed->value(QStringLiteral("counts")).toObject().value(outbox::kDead).toInt(),
                 1);
        auto retried = Outbox::retry(tv->db(), id, tv->nowIso());
        QVERIFY(retried);
        QCOMPARE(stateOf(tv, id), outbox::kPending);
        auto again = Outbox::retry(tv->db(), id, tv->nowIso());
        QVERIFY(!again);
        QCOMPARE(again.error().code, QStringLiteral("outbox_not_dead"));
    }

    // [webhooks] plus [webhook.NAME] sections; bad URLs and unreadable secrets refuse the start.
    void webhookConfiguration()
    {
        QTemporaryDir dir;
        auto write = [&](const QString &name, const QByteArray &text) {
            QFile f(QDir(dir.path()).filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write(QStringLiteral("k"), "  s3cret\n");
        write(QStringLiteral("lemm-vault.ini"),
              "[webhooks]\nurl=https://hooks.example.org/lemm\nevents=track.revoked, "
              "claim.filed\nsecret_file=k\nwebhook_attempts=5\n"
              "[webhook.audit]\nurl=http://127.0.0.1:9/a\n");
        auto c = ServerConfig::load(dir.path());
        QVERIFY2(c, qPrintable(c ? QString() : c.error().message));
        QCOMPARE(c->webhooks.attempts, 5);
        QCOMPARE(c->webhooks.hooks.size(), 2);
        const ServerConfig::Webhook &main = c->webhooks.hooks.at(0);
        QCOMPARE(main.name, QStringLiteral("default"));
        QCOMPARE(main.secret, QByteArray("s3cret"));
        QVERIFY(main.wants(QStringLiteral("claim.filed")));
        QVERIFY(!main.wants(QStringLiteral("safety.repeated_hits")));
        QCOMPARE(c->webhooks.hooks.at(1).name, QStringLiteral("audit"));
        QVERIFY(c->webhooks.hooks.at(1).wants(QStringLiteral("safety.repeated_hits")));

        write(QStringLiteral("lemm-vault.ini"),
              "[webhooks]\nurl=not a url\n[webhook.x]\nurl=http://h.example/\n"
              "secret_file=missing\n");
        auto bad = ServerConfig::load(dir.path());
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, QStringLiteral("invalid_config"));
        QVERIFY(bad.error().fields.contains(QStringLiteral("webhooks/url")));
        QVERIFY(bad.error().fields.contains(QStringLiteral("webhook.x/secret_file")));
    }

    void racingDispatchersNeverShareARow()
    {
        TestVault tv;
        QSet<QString> ids;
        for (int i = 0; i < 40; ++i)
            ids.insert(enqueue(tv, QString::number(i)));
        QMutex lock;
        QList<QString> leased;
        QList<QFuture<void>> racers;
        for (int r = 0; r < 4; ++r)
            racers << QtConcurrent::run([&, r] {
                auto rows =
                    Outbox::claimDue(tv->db(), QStringLiteral("D%1").arg(r), tv->now(), 60, 40);
                if (!rows)
                    qFatal("claim: %s", qPrintable(rows.error().message));
                QMutexLocker l(&lock);
                for (const OutboxRow &row : rows.value())
                    leased << row.eventId;
            });
        for (auto &f : racers)
            f.waitForFinished();
        QCOMPARE(leased.size(), ids.size());
        QCOMPARE(QSet<QString>(leased.begin(), leased.end()), ids);
    }
};

QTEST_GUILESS_MAIN(OutboxTest)
#include "outbox_test.moc"
