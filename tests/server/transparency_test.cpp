// The transparency log's storage on a real database (SQLite, or PostgreSQL in
// transparency_test_pg): one signed head per appending transaction and none for a rolled-back
// one, proofs from the stored subtrees, the backfill of a log written before migration 8, the
// refusal to start on a tree longer than its log, and the cost at scale (LEMM_TLOG_SCALE
// entries, default 3000).
#include "support/test_vault.h"

#include "server/storage/audit_log.h"
#include "server/storage/transparency_log.h"

#include "core/crypto/merkle.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTest>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::test;

namespace {

Status appendEntries(Vault &vault, int n, const QString &tag)
{
    auto r = vault.transact([&](const Tx &tx) -> Result<int> {
        for (int i = 0; i < n; ++i)
            if (auto e = AuditLog::append(tx, audit::kPolicyChange, QStringLiteral("tester"), tag,
                                          QJsonObject{{QStringLiteral("i"), i}}, vault.nowIso());
                !e)
                return e.error();
        return n;
    });
    return r ? core::okStatus() : Status(r.error());
}

qint64 count(const Vault &vault, const QString &table)
{
    auto q = vault.db().query(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table));
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

SignedTreeHead newest(const Vault &vault)
{
    auto h = TransparencyLog::newestHead(vault.db(), vault.signingKey().keyId());
    if (!h || !*h)
        qFatal("no newest head");
    return **h;
}

void exec(const Vault &vault, const QString &sql)
{
    if (auto r = vault.db().query(sql); !r)
        qFatal("%s", qPrintable(r.error().message));
}

void dropTreeTriggers(const Vault &vault)
{
    const bool pg = vault.db().dialect() == Dialect::Postgres;
    for (const char *table : {"audit_log", "audit_tree", "audit_tree_heads"}) {
        const QString t = QString::fromLatin1(table);
        if (pg) {
            exec(vault, QStringLiteral("DROP TRIGGER IF EXISTS %1_no_change ON %1").arg(t));
        } else {
            exec(vault, QStringLiteral("DROP TRIGGER IF EXISTS %1_no_update").arg(t));
            exec(vault, QStringLiteral("DROP TRIGGER IF EXISTS %1_no_delete").arg(t));
        }
    }
}

Result<std::unique_ptr<Vault>> reopen(TestVault &tv)
{
    auto cfg = ServerConfig::load(tv.dataDir());
    if (!cfg)
        return cfg.error();
    ServerConfig c = cfg.value();
    c.databaseUrl = tv.databaseUrl();
    return Vault::open(c);
}

} // namespace

class TransparencyTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneHeadPerAppendingTransaction()
    {
        TestVault tv;
        const qint64 heads = count(*tv, QStringLiteral("audit_tree_heads"));
        const qint64 size = newest(*tv).treeSize;
        QVERIFY(appendEntries(*tv, 3, QStringLiteral("a")).ok());
        QCOMPARE(count(*tv, QStringLiteral("audit_tree_heads")), heads + 1);
        const SignedTreeHead head = newest(*tv);
        QCOMPARE(head.treeSize, size + 3);
        QVERIFY(head.verify(tv->signingKey().publicKey()).ok());
        // A transaction without audit entries signs nothing.
        QVERIFY(
            tv->transact([](const Tx &tx) { return exec(tx, QStringLiteral("SELECT 1")); }).ok());
        QCOMPARE(count(*tv, QStringLiteral("audit_tree_heads")), heads + 1);
        // A rolled-back one leaves no entry, no leaf and no head.
        const qint64 leaves = *TransparencyLog::treeSize(tv->db());
        auto failed = tv->transact([&](const Tx &tx) -> Result<int> {
            if (auto e = AuditLog::append(tx, audit::kPolicyChange, QStringLiteral("t"), QString(),
                                          {}, tv->nowIso());
                !e)
                return e.error();
            return Error::make(ErrorKind::Conflict, QStringLiteral("changed_mind"), QString());
        });
        QVERIFY(!failed.ok());
        QCOMPARE(*TransparencyLog::treeSize(tv->db()), leaves);
        QCOMPARE(count(*tv, QStringLiteral("audit_tree_heads")), heads + 1);
        QCOMPARE(newest(*tv), head);
    }

    void proofsFromTheStoredTree()
    {
        TestVault tv;
        for (int i = 0; i < 6; ++i)
            QVERIFY(appendEntries(*tv, i + 1, QStringLiteral("p%1").arg(i)).ok());
        const SignedTreeHead head = newest(*tv);
        const QString keyId = tv->signingKey().keyId();
        auto entries = AuditLog::list(tv->db(), AuditLog::Filter{{}, {}, {}, {}, {}, 1000});
        QVERIFY(entries.ok());
        QCOMPARE(qint64(entries->size()), head.treeSize);
        for (const auto &e : *entries) {
            auto p = TransparencyLog::inclusion(tv->db(), e.seq, head.treeSize, keyId);
            QVERIFY(p.ok());
            QCOMPARE(p->leafHash, core::merkle::auditLeafHash(e.hash));
            QVERIFY(p->head.has_value());
            QVERIFY(core::merkle::verifyInclusion(e.seq - 1, head.treeSize, p->leafHash, p->path,
                                                  head.rootHash));
        }
        for (qint64 m = 0; m <= head.treeSize; ++m) {
            auto c = TransparencyLog::consistency(tv->db(), m, head.treeSize, keyId);
            QVERIFY(c.ok());
            QVERIFY(core::merkle::verifyConsistency(m, head.treeSize, c->firstRoot, head.rootHash,
                                                    c->proof));
        }
        QVERIFY(!TransparencyLog::inclusion(tv->db(), 1, head.treeSize + 1, keyId).ok());
        QVERIFY(!TransparencyLog::consistency(tv->db(), 2, 1, keyId).ok());
    }

    void logsFromBeforeTheTreeAreBackfilled()
    {
        TestVault tv;
        QVERIFY(appendEntries(*tv, 37, QStringLiteral("old")).ok());
        const SignedTreeHead before = newest(*tv);
        dropTreeTriggers(*tv);
        exec(*tv, QStringLiteral("DELETE FROM audit_tree"));
        exec(*tv, QStringLiteral("DELETE FROM audit_tree_heads"));
        auto again = reopen(tv);
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
        const SignedTreeHead after = newest(**again);
        QCOMPARE(after.treeSize, before.treeSize);
        QCOMPARE(after.rootHash, before.rootHash);
        auto report = TransparencyLog::verify((*again)->db(), tv->signingKey().publicKey(), before);
        QVERIFY(report.ok());
        QVERIFY2(report->ok, qPrintable(report->problem));
        // Appending goes on from the backfilled tree.
        QVERIFY(appendEntries(**again, 5, QStringLiteral("new")).ok());
        QVERIFY(TransparencyLog::verify((*again)->db(), tv->signingKey().publicKey(), before)->ok);
    }

    void aTreeLongerThanItsLogStopsTheStart()
    {
        TestVault tv;
        QVERIFY(appendEntries(*tv, 4, QStringLiteral("t")).ok());
        dropTreeTriggers(*tv);
        const qint64 last = newest(*tv).treeSize;
        exec(*tv, QStringLiteral("DELETE FROM audit_log WHERE seq = %1").arg(last));
        exec(*tv, QStringLiteral("UPDATE audit_head SET seq = %1 WHERE id = 1").arg(last - 1));
        auto again = reopen(tv);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("audit_tree_ahead"));
    }

    void costAtScale()
    {
        const int n = qEnvironmentVariableIsSet("LEMM_TLOG_SCALE")
                          ? qEnvironmentVariableIntValue("LEMM_TLOG_SCALE")
                          : 3000;
        TestVault tv;
        QElapsedTimer t;
        t.start();
        for (int done = 0; done < n; done += 500)
            QVERIFY(appendEntries(*tv, qMin(500, n - done), QStringLiteral("s")).ok());
        const qint64 appendMs = t.restart();
        const SignedTreeHead head = newest(*tv);
        const QString keyId = tv->signingKey().keyId();
        for (qint64 seq = 1; seq <= head.treeSize; seq += head.treeSize / 50 + 1) {
            auto p = TransparencyLog::inclusion(tv->db(), seq, head.treeSize, keyId);
            QVERIFY(p.ok());
            QVERIFY(core::merkle::verifyInclusion(seq - 1, head.treeSize, p->leafHash, p->path,
                                                  head.rootHash));
        }
        const qint64 proofsMs = t.restart();
        auto report = TransparencyLog::verify(tv->db(), tv->signingKey().publicKey(), std::nullopt);
        QVERIFY(report.ok() && report->ok);
        const qint64 verifyMs = t.restart();
        // The same log as one written before migration 8: the backfill at open.
        dropTreeTriggers(*tv);
        exec(*tv, QStringLiteral("DELETE FROM audit_tree"));
        exec(*tv, QStringLiteral("DELETE FROM audit_tree_heads"));
        t.restart();
        auto again = reopen(tv);
        QVERIFY(again.ok());
        const qint64 backfillMs = t.elapsed();
        QCOMPARE(newest(**again).rootHash, head.rootHash);
        qInfo("%lld entries: appended in %lld ms, 51 inclusion proofs in %lld ms, verify in %lld "
              "ms, backfill at open in %lld ms",
              head.treeSize, appendMs, proofsMs, verifyMs, backfillMs);
        QVERIFY(head.treeSize >= n);
    }
};

QTEST_GUILESS_MAIN(TransparencyTest)
#include "transparency_test.moc"
