// The transparency log on the real lemm-vault-server binary over real sockets, on SQLite or
// (transparency_e2e_test_pg) PostgreSQL: the signed tree head and public key served and equal to
// the CLI's; inclusion and consistency proofs from the routes checked by a second implementation
// written here from RFC 6962's recursive definitions (not the product's RFC 9162 loops); bad
// proof requests refused; the witness file; and the three rewrites that pass the hash chain
// (truncation with the head rewound, a wipe, edit-then-rehash, each re-signed with the stolen
// key) caught by verify-audit --since-head.
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/server_process.h"
#include "support/test_backend.h"

#include "core/crypto/audit_chain.h"
#include "core/crypto/merkle.h"
#include "core/crypto/signing.h"
#include "core/crypto/tree_head.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace lemm::test;
namespace core = lemm::core;
namespace crypto = lemm::core::crypto;

namespace {

// ---- The reference verifier: RFC 6962 §2.1.1 and §2.1.2 read backwards. ----
namespace reference {

QByteArray sha(const QByteArray &b)
{
    return QCryptographicHash::hash(b, QCryptographicHash::Sha256);
}
QByteArray node(const QByteArray &l, const QByteArray &r)
{
    return sha(QByteArray(1, 1) + l + r);
}
qint64 split(qint64 n) // the largest power of two below n
{
    qint64 k = 1;
    while (k * 2 < n)
        k *= 2;
    return k;
}

// PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k, PATH(m-k, D[k:n]) : MTH(D[0:k])
// otherwise: the last element is the top sibling. Returns the root the path leads to, or an
// empty array when the path has the wrong length for (m, n).
QByteArray rootFromPath(qint64 m, qint64 n, const QByteArray &leaf, QList<QByteArray> path)
{
    if (n == 1)
        return path.isEmpty() ? leaf : QByteArray();
    if (path.isEmpty())
        return {};
    const qint64 k = split(n);
    const QByteArray sibling = path.takeLast();
    if (m < k) {
        const QByteArray left = rootFromPath(m, k, leaf, path);
        return left.isEmpty() ? left : node(left, sibling);
    }
    const QByteArray right = rootFromPath(m - k, n - k, leaf, path);
    return right.isEmpty() ? right : node(sibling, right);
}

struct Roots {
    QByteArray before, after;
    bool ok = false;
};

// SUBPROOF(m, D[n], b) read backwards: the hashes of the old (first m leaves) and the new
// subtree that the proof leads to.
Roots fromSubproof(qint64 m, qint64 n, bool b, QList<QByteArray> proof, const QByteArray &old)
{
    if (m == n) {
        if (b)
            return proof.isEmpty() ? Roots{old, old, true} : Roots{};
        return proof.size() == 1 ? Roots{proof[0], proof[0], true} : Roots{};
    }
    if (proof.isEmpty())
        return {};
    const qint64 k = split(n);
    const QByteArray sibling = proof.takeLast();
    if (m <= k) {
        const Roots sub = fromSubproof(m, k, b, proof, old);
        return sub.ok ? Roots{sub.before, node(sub.after, sibling), true} : sub;
    }
    const Roots sub = fromSubproof(m - k, n - k, false, proof, old);
    return sub.ok ? Roots{node(sibling, sub.before), node(sibling, sub.after), true} : sub;
}

bool consistent(qint64 m, qint64 n, const QByteArray &rootM, const QByteArray &rootN,
                const QList<QByteArray> &proof)
{
    if (m == 0 || m == n)
        return proof.isEmpty() && (m == 0 || rootM == rootN);
    const Roots r = fromSubproof(m, n, true, proof, rootM);
    return r.ok && r.before == rootM && r.after == rootN;
}

} // namespace reference

QList<QByteArray> hashList(const QJsonValue &v)
{
    QList<QByteArray> out;
    for (const QJsonValue &h : v.toArray())
        out << QByteArray::fromHex(h.toString().toLatin1());
    return out;
}

QByteArray hexField(const QJsonObject &o, const char *key)
{
    return QByteArray::fromHex(o.value(QLatin1String(key)).toString().toLatin1());
}

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
    QString file(const QString &name) const { return QDir(dir.path()).filePath(name); }
    bool start(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        return server.start(dir.path(), dbUrl, env,
                            {QStringLiteral("--workers"), QStringLiteral("0")});
    }
};

// Audit entries from accounts made over HTTP: registration, verification, affirmation.
void activity(const Deployment &d, int accounts, const QString &tag)
{
    HttpClient http(d.server.baseUrl());
    for (int i = 0; i < accounts; ++i)
        onboard(http, d.dir.path(), QStringLiteral("%1%2@example.org").arg(tag).arg(i));
}

QJsonObject headFromRoute(const Deployment &d)
{
    HttpClient http(d.server.baseUrl());
    const HttpReply r = http.get(QStringLiteral("/audit/head"));
    if (r.status != 200)
        qFatal("GET /audit/head answered %d", r.status);
    return r.json();
}

QByteArray routePublicKey(const Deployment &d)
{
    HttpClient http(d.server.baseUrl());
    return hexField(http.get(QStringLiteral("/audit/public-key")).json(), "public_key");
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size())
        qFatal("cannot write %s", qPrintable(path));
}

// ---- The attacker who holds the database and the signing key. ----

QSqlDatabase openDirect(const Deployment &d, const QString &name)
{
    QSqlDatabase db;
    if (d.dbUrl.isEmpty()) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(d.file(QStringLiteral("vault.sqlite3")));
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

void run(QSqlQuery &q, const QString &sql, const QVariantList &binds = {})
{
    bool ok = false;
    if (binds.isEmpty()) { // DDL cannot be a prepared statement on PostgreSQL
        ok = q.exec(sql);
    } else {
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        ok = q.exec();
    }
    if (!ok)
        qFatal("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
}

QList<core::AuditEntry> readEntries(QSqlDatabase &db)
{
    QSqlQuery q(db);
    run(q, QStringLiteral("SELECT seq, at, event_type, actor, subject, payload, prev_hash, hash "
                          "FROM audit_log ORDER BY seq"));
    QList<core::AuditEntry> out;
    while (q.next())
        out << core::AuditEntry{q.value(0).toLongLong(), q.value(1).toString(),
                                q.value(2).toString(),   q.value(3).toString(),
                                q.value(4).toString(),   q.value(5).toString(),
                                q.value(6).toString(),   q.value(7).toString()};
    return out;
}

void dropAppendOnlyTriggers(QSqlQuery &q, bool pg)
{
    for (const char *table : {"audit_log", "audit_tree", "audit_tree_heads"}) {
        const QString t = QString::fromLatin1(table);
        if (pg) {
            run(q, QStringLiteral("DROP TRIGGER IF EXISTS %1_no_change ON %1").arg(t));
        } else {
            run(q, QStringLiteral("DROP TRIGGER IF EXISTS %1_no_update").arg(t));
            run(q, QStringLiteral("DROP TRIGGER IF EXISTS %1_no_delete").arg(t));
        }
    }
}

// Replaces the whole log with `entries` (already chained) and makes everything agree with it:
// the tree table, audit_head, and one head of the new size signed with the stolen key.
void rewriteLog(const Deployment &d, const QList<core::AuditEntry> &entries)
{
    QSqlDatabase db = openDirect(d, QStringLiteral("attacker"));
    {
        QSqlQuery q(db);
        dropAppendOnlyTriggers(q, !d.dbUrl.isEmpty());
        for (const char *table : {"audit_log", "audit_tree", "audit_tree_heads"})
            run(q, QStringLiteral("DELETE FROM %1").arg(QLatin1String(table)));
        core::merkle::MemoryTree tree;
        for (const auto &e : entries) {
            run(q,
                QStringLiteral("INSERT INTO audit_log (seq, at, event_type, actor, subject, "
                               "payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                {e.seq, e.at, e.eventType, e.actor, e.subject, e.payload, e.prevHash, e.hash});
            auto nodes = core::merkle::nodesCompletedBy(tree.source(), e.seq - 1,
                                                        core::merkle::auditLeafHash(e.hash));
            tree.append(core::merkle::auditLeafHash(e.hash));
            for (const auto &n : *nodes)
                run(q, QStringLiteral("INSERT INTO audit_tree (level, idx, hash) VALUES (?, ?, ?)"),
                    {n.level, n.index, QString::fromLatin1(n.hash.toHex())});
        }
        QFile keyFile(d.file(QStringLiteral("keys/signing.key")));
        if (!keyFile.open(QIODevice::ReadOnly))
            qFatal("the attacker cannot read the key");
        const auto key =
            crypto::SigningKey::fromSeed(QByteArray::fromHex(keyFile.readAll().trimmed()));
        crypto::SignedTreeHead head{
            tree.size(), tree.root(), crypto::treeHeadTimestampNow(), {}, {}};
        head.sign(*key);
        run(q,
            QStringLiteral("INSERT INTO audit_tree_heads (tree_size, key_id, root_hash, "
                           "signed_at, signature) VALUES (?, ?, ?, ?, ?)"),
            {head.treeSize, head.keyId, QString::fromLatin1(head.rootHash.toHex()), head.timestamp,
             QString::fromLatin1(head.signature.toBase64())});
        run(q, QStringLiteral("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1"),
            {qint64(entries.size()), entries.isEmpty() ? core::kGenesisHash : entries.last().hash});
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("attacker"));
}

QList<core::AuditEntry> currentEntries(const Deployment &d)
{
    QSqlDatabase db = openDirect(d, QStringLiteral("reader"));
    const auto entries = readEntries(db);
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("reader"));
    return entries;
}

} // namespace

class TransparencyEndToEndTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qInfo("backend: %s", qPrintable(backendName())); }

    void helpNamesTheCommands()
    {
        auto top = runCli({QStringLiteral("--help")});
        QVERIFY(top.out.contains(QStringLiteral("audit head | public-key")));
        auto verify = runCli({QStringLiteral("verify-audit"), QStringLiteral("--help")});
        QCOMPARE(verify.exitCode, 0);
        QVERIFY(verify.out.contains(QStringLiteral("--since-head")));
        QVERIFY(verify.out.contains(QStringLiteral("--public-key")));
        auto audit = runCli({QStringLiteral("audit"), QStringLiteral("--help")});
        QCOMPARE(audit.exitCode, 0);
        QVERIFY(audit.out.contains(QStringLiteral("--data-dir")));
        QTemporaryDir dir;
        auto bad = runCli({QStringLiteral("audit"), QStringLiteral("tail"),
                           QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(bad.exitCode, 2);
    }

    void headAndPublicKeyServedAndEqualToTheCli()
    {
        Deployment d;
        QVERIFY2(d.start(), qPrintable(d.server.error()));
        activity(d, 2, QStringLiteral("ana"));
        // No login needed.
        const QJsonObject head = headFromRoute(d);
        const QByteArray publicKey = routePublicKey(d);
        HttpClient http(d.server.baseUrl());
        const QJsonObject keyJson = http.get(QStringLiteral("/audit/public-key")).json();
        QCOMPARE(keyJson.value(QStringLiteral("algorithm")).toString(), QStringLiteral("ed25519"));
        QCOMPARE(keyJson.value(QStringLiteral("key_id")).toString(), crypto::keyIdOf(publicKey));
        auto sth = crypto::SignedTreeHead::fromJson(head);
        QVERIFY2(sth.ok(), qPrintable(sth.ok() ? QString() : sth.error().message));
        QVERIFY(sth->verify(publicKey).ok());
        QVERIFY2(sth->treeSize >= 3, qPrintable(QString::number(sth->treeSize)));
        d.server.stop();

        auto cliKey =
            runCli(QStringList{QStringLiteral("audit"), QStringLiteral("public-key")} + d.dbArgs());
        QCOMPARE(cliKey.exitCode, 0);
        QCOMPARE(cliKey.out.trimmed().toLatin1(), publicKey.toHex());
        auto cliJson = runCli(QStringList{QStringLiteral("audit"), QStringLiteral("public-key"),
                                          QStringLiteral("--format"), QStringLiteral("json")} +
                              d.dbArgs());
        QCOMPARE(QJsonDocument::fromJson(cliJson.out.toUtf8()).object(), keyJson);
        auto cliHead =
            runCli(QStringList{QStringLiteral("audit"), QStringLiteral("head")} + d.dbArgs());
        QCOMPARE(cliHead.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(cliHead.out.toUtf8()).object(), head);
        // Mode 0600: nobody but the owner reads the key.
        const auto mode = QFile::permissions(d.file(QStringLiteral("keys/signing.key")));
        QVERIFY(mode.testFlag(QFileDevice::ReadOwner));
        QCOMPARE(mode & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                         QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther),
                 QFileDevice::Permissions());
    }

    void inclusionProofsVerifyIndependently()
    {
        Deployment d;
        QVERIFY2(d.start(), qPrintable(d.server.error()));
        activity(d, 3, QStringLiteral("bo"));
        const QJsonObject head = headFromRoute(d);
        const qint64 size = head.value(QStringLiteral("tree_size")).toInteger();
        const QByteArray root = hexField(head, "root_hash");
        const auto entries = currentEntries(d);
        QCOMPARE(qint64(entries.size()), size);
        HttpClient http(d.server.baseUrl());
        for (qint64 treeSize : {size, size - 3}) {
            const QByteArray rootAt =
                treeSize == size
                    ? root
                    : hexField(
                          http.get(
                                  QStringLiteral("/audit/proof/consistency?first=%1").arg(treeSize))
                              .json(),
                          "first_root");
            for (const auto &e : entries) {
                if (e.seq > treeSize)
                    break;
                const HttpReply r =
                    http.get(QStringLiteral("/audit/proof/inclusion?seq=%1&tree_size=%2")
                                 .arg(e.seq)
                                 .arg(treeSize));
                QCOMPARE(r.status, 200);
                const QJsonObject p = r.json();
                const QByteArray leaf =
                    reference::sha(QByteArray(1, 0) + QByteArray::fromHex(e.hash.toLatin1()));
                QCOMPARE(hexField(p, "leaf_hash"), leaf);
                QCOMPARE(hexField(p, "root_hash"), rootAt);
                QCOMPARE(reference::rootFromPath(e.seq - 1, treeSize, leaf,
                                                 hashList(p.value(QStringLiteral("audit_path")))),
                         rootAt);
            }
        }
        // The newest size by default, with its signed head.
        const QJsonObject byDefault =
            http.get(QStringLiteral("/audit/proof/inclusion?seq=1")).json();
        QCOMPARE(byDefault.value(QStringLiteral("tree_size")).toInteger(), size);
        QCOMPARE(byDefault.value(QStringLiteral("tree_head")).toObject(), head);
    }

    void consistencyBetweenTwoHeads()
    {
        Deployment d;
        QVERIFY2(d.start(), qPrintable(d.server.error()));
        activity(d, 1, QStringLiteral("cy"));
        const QJsonObject first = headFromRoute(d);
        activity(d, 2, QStringLiteral("dee"));
        const QJsonObject second = headFromRoute(d);
        const qint64 m = first.value(QStringLiteral("tree_size")).toInteger();
        const qint64 n = second.value(QStringLiteral("tree_size")).toInteger();
        QVERIFY(m < n);
        HttpClient http(d.server.baseUrl());
        const QJsonObject p =
            http.get(QStringLiteral("/audit/proof/consistency?first=%1&second=%2").arg(m).arg(n))
                .json();
        QCOMPARE(p.value(QStringLiteral("first_head")).toObject(), first);
        QCOMPARE(p.value(QStringLiteral("second_head")).toObject(), second);
        QVERIFY(reference::consistent(m, n, hexField(first, "root_hash"),
                                      hexField(second, "root_hash"),
                                      hashList(p.value(QStringLiteral("proof")))));
        // Every older size against the newest, from the route's own roots; a wrong root fails.
        for (qint64 k = 1; k <= n; ++k) {
            const QJsonObject q =
                http.get(QStringLiteral("/audit/proof/consistency?first=%1").arg(k)).json();
            const auto proof = hashList(q.value(QStringLiteral("proof")));
            QVERIFY(reference::consistent(k, n, hexField(q, "first_root"),
                                          hexField(second, "root_hash"), proof));
            if (k < n)
                QVERIFY(
                    !reference::consistent(k, n,
                                           hexField(first, "root_hash") == hexField(q, "first_root")
                                               ? hexField(second, "root_hash")
                                               : hexField(first, "root_hash"),
                                           hexField(second, "root_hash"), proof));
        }
    }

    void badProofRequestsAre400()
    {
        Deployment d;
        QVERIFY2(d.start(), qPrintable(d.server.error()));
        const qint64 size = headFromRoute(d).value(QStringLiteral("tree_size")).toInteger();
        HttpClient http(d.server.baseUrl());
        for (const QString &query :
             {QStringLiteral("/audit/proof/inclusion"),
              QStringLiteral("/audit/proof/inclusion?seq=0"),
              QStringLiteral("/audit/proof/inclusion?seq=abc"),
              QStringLiteral("/audit/proof/inclusion?seq=-1"),
              QStringLiteral("/audit/proof/inclusion?seq=%1").arg(size + 1),
              QStringLiteral("/audit/proof/inclusion?seq=1&tree_size=%1").arg(size + 1),
              QStringLiteral("/audit/proof/inclusion?seq=1&tree_size=0"),
              QStringLiteral("/audit/proof/inclusion?seq=1&tree_size=1e3"),
              QStringLiteral("/audit/proof/inclusion?seq=1&tree_size=99999999999999999999999"),
              QStringLiteral("/audit/proof/consistency"),
              QStringLiteral("/audit/proof/consistency?first=2&second=1"),
              QStringLiteral("/audit/proof/consistency?first=1&second=%1").arg(size + 1),
              QStringLiteral("/audit/proof/consistency?first=9223372036854775807")}) {
            const HttpReply r = http.get(query);
            QVERIFY2(r.status == 400,
                     qPrintable(QStringLiteral("%1: %2").arg(query).arg(r.status)));
            QVERIFY2(!r.errorCode().isEmpty(), qPrintable(query));
        }
    }

    void witnessFileGetsEveryHead()
    {
        Deployment d;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LEMM_WITNESS_FILE"), d.file(QStringLiteral("witness.jsonl")));
        QVERIFY2(d.start(env), qPrintable(d.server.error()));
        activity(d, 2, QStringLiteral("eve"));
        const QJsonObject head = headFromRoute(d);
        const QByteArray publicKey = routePublicKey(d);
        d.server.stop();
        QFile f(d.file(QStringLiteral("witness.jsonl")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QVERIFY(lines.size() > 3);
        QVERIFY(lines.last().isEmpty());
        qint64 previous = -1;
        QJsonObject last;
        for (const QByteArray &line : lines.mid(0, lines.size() - 1)) {
            auto sth = crypto::SignedTreeHead::fromJsonText(line);
            QVERIFY(sth.ok());
            QVERIFY(sth->verify(publicKey).ok());
            QVERIFY(sth->treeSize >= previous);
            previous = sth->treeSize;
            last = sth->toJson();
        }
        QCOMPARE(last, head);
        // A line of the witness file is a saved head verify-audit accepts.
        writeFile(d.file(QStringLiteral("first.json")), lines.first());
        auto ok = runCli(QStringList{QStringLiteral("verify-audit"), QStringLiteral("--since-head"),
                                     d.file(QStringLiteral("first.json"))} +
                         d.dbArgs());
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        QVERIFY(ok.out.contains(QStringLiteral("consistent with the saved tree head")));
    }

    void configuredSigningKeyIsUsed()
    {
        Deployment d;
        const auto key = crypto::SigningKey::generate();
        writeFile(d.file(QStringLiteral("my.key")), key.seed().toHex() + '\n');
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LEMM_SIGNING_KEY_FILE"), d.file(QStringLiteral("my.key")));
        QVERIFY2(d.start(env), qPrintable(d.server.error()));
        QCOMPARE(routePublicKey(d), key.publicKey());
        QVERIFY(crypto::SignedTreeHead::fromJson(headFromRoute(d))->verify(key.publicKey()).ok());
        QVERIFY(!QFile::exists(d.file(QStringLiteral("keys/signing.key"))));
        // Heads signed by another key than the one given are refused.
        d.server.stop();
        writeFile(d.file(QStringLiteral("other.pub")),
                  crypto::SigningKey::generate().publicKey().toHex());
        auto other =
            runCli(QStringList{QStringLiteral("verify-audit"), QStringLiteral("--public-key"),
                               d.file(QStringLiteral("other.pub"))} +
                       d.dbArgs(),
                   {}, env);
        QCOMPARE(other.exitCode, 1);
        QVERIFY2(other.err.contains(QStringLiteral("no tree head signed by key")),
                 qPrintable(other.err));
    }

    // The three rewrites, each made consistent with itself and re-signed with the stolen key:
    // verify-audit alone cannot tell, the saved head does.
    void rewritesCaughtBySavedHead_data()
    {
        QTest::addColumn<QString>("attack");
        QTest::addColumn<QString>("expected");
        QTest::addRow("truncation, head rewound") << "truncate"
                                                  << "entries were removed";
        QTest::addRow("full wipe") << "wipe"
                                   << "entries were removed";
        QTest::addRow("edit then rehash") << "rehash"
                                          << "history was rewritten";
    }

    void rewritesCaughtBySavedHead()
    {
        QFETCH(QString, attack);
        QFETCH(QString, expected);
        Deployment d;
        QVERIFY2(d.start(), qPrintable(d.server.error()));
        activity(d, 3, QStringLiteral("fay"));
        d.server.stop();
        auto saved =
            runCli(QStringList{QStringLiteral("audit"), QStringLiteral("head")} + d.dbArgs());
        QCOMPARE(saved.exitCode, 0);
        writeFile(d.file(QStringLiteral("saved.json")), saved.out.toUtf8());
        const QStringList sinceHead =
            QStringList{QStringLiteral("verify-audit"), QStringLiteral("--since-head"),
                        d.file(QStringLiteral("saved.json"))} +
            d.dbArgs();
        auto before = runCli(sinceHead);
        QVERIFY2(before.exitCode == 0, qPrintable(before.err));

        QList<core::AuditEntry> entries = currentEntries(d);
        QVERIFY2(entries.size() >= 4, qPrintable(QString::number(entries.size())));
        if (attack == QLatin1String("truncate")) {
            entries = entries.mid(0, entries.size() - 2);
        } else if (attack == QLatin1String("wipe")) {
            entries.clear();
        } else {
            entries[2].payload = QStringLiteral("{\"forged\":true}");
            for (qsizetype i = 2; i < entries.size(); ++i) {
                entries[i].prevHash = entries[i - 1].hash;
                entries[i].hash = core::entryHash(entries[i]);
            }
        }
        rewriteLog(d, entries);

        auto alone = runCli(QStringList{QStringLiteral("verify-audit")} + d.dbArgs());
        QVERIFY2(alone.exitCode == 0, qPrintable(alone.err)); // the rewrite is self-consistent
        auto caught = runCli(sinceHead);
        QCOMPARE(caught.exitCode, 1);
        QVERIFY2(caught.err.contains(expected), qPrintable(caught.err));
        QVERIFY2(caught.err.contains(QStringLiteral("transparency log BROKEN")),
                 qPrintable(caught.err));
    }

    void unsignedTailAndForeignHeadRefused()
    {
        Deployment d;
        QVERIFY2(d.start(), qPrintable(d.server.error()));
        activity(d, 1, QStringLiteral("gus"));
        d.server.stop();
        // A head from another key as the saved head.
        const auto other = crypto::SigningKey::generate();
        crypto::SignedTreeHead forged{
            1, QByteArray(32, 'x'), crypto::treeHeadTimestampNow(), {}, {}};
        forged.sign(other);
        writeFile(d.file(QStringLiteral("forged.json")), QJsonDocument(forged.toJson()).toJson());
        auto r = runCli(QStringList{QStringLiteral("verify-audit"), QStringLiteral("--since-head"),
                                    d.file(QStringLiteral("forged.json"))} +
                        d.dbArgs());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("saved tree head does not verify")),
                 qPrintable(r.err));
        // A malformed saved head is a usage error.
        writeFile(d.file(QStringLiteral("junk.json")), "{\"tree_size\": \"x\"}");
        auto junk =
            runCli(QStringList{QStringLiteral("verify-audit"), QStringLiteral("--since-head"),
                               d.file(QStringLiteral("junk.json"))} +
                   d.dbArgs());
        QCOMPARE(junk.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TransparencyEndToEndTest)
#include "transparency_e2e_test.moc"
