#include "server/storage/transparency_log.h"

#include "core/crypto/merkle.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>

#include <unistd.h>

namespace lemm::server {

namespace merkle = core::merkle;

namespace {

constexpr qint64 kCatchUpBatch = 5000;

Error proofRequest(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_proof_request"), message);
}

Error treeError(const QString &code, const QString &message)
{
    return Error::make(ErrorKind::Internal, code, message);
}

QString hex(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex());
}

QJsonArray hexList(const QList<QByteArray> &hashes)
{
    QJsonArray out;
    for (const QByteArray &h : hashes)
        out.append(hex(h));
    return out;
}

QJsonValue headJson(const std::optional<SignedTreeHead> &head)
{
    return head ? QJsonValue(head->toJson()) : QJsonValue(QJsonValue::Null);
}

// The complete subtrees stored in audit_tree, read through `conn` (a connection or a Tx).
template <typename Conn> merkle::SubtreeSource tableSource(const Conn &conn)
{
    return [&conn](int level, qint64 index) -> Result<QByteArray> {
        auto q =
            exec(conn, QStringLiteral("SELECT hash FROM audit_tree WHERE level = ? AND idx = ?"),
                 {level, index});
        if (!q)
            return q.error();
        if (!q->next())
            return treeError(QStringLiteral("audit_tree_incomplete"),
                             QStringLiteral("the transparency log has no subtree at level %1, "
                                            "index %2")
                                 .arg(level)
                                 .arg(index));
        return QByteArray::fromHex(q->value(0).toString().toLatin1());
    };
}

template <typename Conn> Result<qint64> leafCount(const Conn &conn)
{
    auto q = exec(
        conn, QStringLiteral("SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_tree WHERE level = 0"));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

SignedTreeHead headFrom(const QSqlQuery &q)
{
    SignedTreeHead h;
    h.treeSize = q.value(0).toLongLong();
    h.keyId = q.value(1).toString();
    h.rootHash = QByteArray::fromHex(q.value(2).toString().toLatin1());
    h.timestamp = q.value(3).toString();
    h.signature = QByteArray::fromBase64(q.value(4).toString().toLatin1());
    return h;
}

const QString kHeadColumns = QStringLiteral("tree_size, key_id, root_hash, signed_at, signature");

template <typename Conn>
Result<std::optional<SignedTreeHead>> queryHead(const Conn &conn, const QString &where,
                                                const QVariantList &binds)
{
    auto q = exec(conn,
                  QStringLiteral("SELECT %1 FROM audit_tree_heads WHERE %2 ORDER BY tree_size "
                                 "DESC LIMIT 1")
                      .arg(kHeadColumns, where),
                  binds);
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<SignedTreeHead>();
    return std::optional<SignedTreeHead>(headFrom(*q));
}

template <typename Conn>
Result<std::optional<SignedTreeHead>> headAt(const Conn &conn, qint64 size, const QString &keyId)
{
    return queryHead(conn, QStringLiteral("tree_size = ? AND key_id = ?"), {size, keyId});
}

Status insertNodes(const Tx &tx, const QList<merkle::SubtreeNode> &nodes)
{
    for (const auto &n : nodes) {
        auto ins =
            exec(tx, QStringLiteral("INSERT INTO audit_tree (level, idx, hash) VALUES (?, ?, ?)"),
                 {n.level, n.index, hex(n.hash)});
        if (!ins)
            return ins.error();
    }
    return core::okStatus();
}

Result<qint64> headSeq(const Tx &tx)
{
    auto q = exec(tx, QStringLiteral("SELECT seq FROM audit_head WHERE id = 1"));
    if (!q)
        return q.error();
    if (!q->next())
        return treeError(QStringLiteral("audit_head_missing"),
                         QStringLiteral("the audit log head row is missing"));
    return q->value(0).toLongLong();
}

// Catch-up's source: the newest node of each level is the left sibling the next leaf needs, so
// a backfill reads nothing back from the table.
class FrontierSource
{
public:
    explicit FrontierSource(const Tx &tx) : m_table(tableSource(tx)) {}
    merkle::SubtreeSource source()
    {
        return [this](int level, qint64 index) -> Result<QByteArray> {
            auto it = m_last.constFind(level);
            if (it != m_last.constEnd() && it->first == index)
                return it->second;
            return m_table(level, index);
        };
    }
    void remember(const QList<merkle::SubtreeNode> &nodes)
    {
        for (const auto &n : nodes)
            m_last.insert(n.level, {n.index, n.hash});
    }

private:
    merkle::SubtreeSource m_table;
    QHash<int, QPair<qint64, QByteArray>> m_last;
};

// Adds leaves for the entries after `from` (leaf count) up to `to` (audit_head.seq).
Status backfill(const Tx &tx, qint64 from, qint64 to)
{
    FrontierSource frontier(tx);
    const merkle::SubtreeSource source = frontier.source();
    for (qint64 done = from; done < to;) {
        auto q = exec(tx,
                      QStringLiteral("SELECT seq, hash FROM audit_log WHERE seq > ? AND seq <= ? "
                                     "ORDER BY seq"),
                      {done, qMin(to, done + kCatchUpBatch)});
        if (!q)
            return q.error();
        QList<QPair<qint64, QString>> batch;
        while (q->next())
            batch.append({q->value(0).toLongLong(), q->value(1).toString()});
        if (batch.isEmpty())
            return treeError(QStringLiteral("audit_log_gap"),
                             QStringLiteral("audit entry %1 is missing").arg(done + 1));
        for (const auto &[seq, hash] : batch) {
            const QByteArray leaf = merkle::auditLeafHash(hash);
            if (seq != done + 1 || leaf.isEmpty())
                return treeError(
                    QStringLiteral("audit_log_gap"),
                    QStringLiteral("audit entry %1 is missing or malformed").arg(done + 1));
            auto nodes = merkle::nodesCompletedBy(source, done, leaf);
            if (!nodes)
                return nodes.error();
            if (auto ins = insertNodes(tx, *nodes); !ins)
                return ins;
            frontier.remember(*nodes);
            ++done;
        }
    }
    return core::okStatus();
}

// A read-only snapshot on one connection for the life of the object: the heads and the
// entries verify() reads are of one moment although writers go on appending. SQLite: a
// deferred BEGIN (WAL readers never block writers); PostgreSQL: REPEATABLE READ.
class ReadSnapshot
{
public:
    ReadSnapshot(QSqlDatabase db, Dialect dialect) : m_db(std::move(db)), m_dialect(dialect) {}
    ~ReadSnapshot()
    {
        if (m_open && !exec(m_db, QStringLiteral("ROLLBACK")))
            qWarning("transparency log: ending the read snapshot failed");
    }
    ReadSnapshot(const ReadSnapshot &) = delete;
    ReadSnapshot &operator=(const ReadSnapshot &) = delete;
    Status begin()
    {
        auto r = exec(m_db, m_dialect == Dialect::Postgres
                                ? QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ")
                                : QStringLiteral("BEGIN"));
        if (!r)
            return r.error();
        m_open = true;
        return core::okStatus();
    }

private:
    QSqlDatabase m_db;
    Dialect m_dialect;
    bool m_open = false;
};

// The log recomputed from its entries: its size, root, and the roots at the sizes asked for.
struct Recomputed {
    qint64 size = 0;
    QByteArray root;
    QHash<qint64, QByteArray> rootsAt;
    QString problem;
};

Result<Recomputed> recompute(const QSqlDatabase &conn, const QList<qint64> &sizes)
{
    auto q = exec(conn, QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq"));
    if (!q)
        return q.error();
    merkle::CompactTree tree;
    Recomputed out;
    const auto note = [&] {
        if (sizes.contains(tree.size()))
            out.rootsAt.insert(tree.size(), tree.root());
    };
    note();
    while (q->next()) {
        const qint64 seq = q->value(0).toLongLong();
        const QByteArray leaf = merkle::auditLeafHash(q->value(1).toString());
        if (seq != tree.size() + 1 || leaf.isEmpty()) {
            out.problem =
                QStringLiteral("entry %1 is missing or has no valid hash").arg(tree.size() + 1);
            break;
        }
        tree.append(leaf);
        note();
    }
    out.size = tree.size();
    out.root = tree.root();
    return out;
}

// The first problem with an older head kept off the database, or nothing.
std::optional<QString> savedHeadProblem(const SignedTreeHead &saved, const QByteArray &publicKey,
                                        const Recomputed &log)
{
    if (auto v = saved.verify(publicKey); !v)
        return QStringLiteral("the saved tree head does not verify: %1").arg(v.error().message);
    if (saved.treeSize > log.size)
        return QStringLiteral("the log has %1 entries but the saved tree head records %2: "
                              "entries were removed (truncated or wiped)")
            .arg(log.size)
            .arg(saved.treeSize);
    if (log.rootsAt.value(saved.treeSize) != saved.rootHash)
        return QStringLiteral("the log's first %1 entries do not hash to the saved tree head's "
                              "root: history was rewritten")
            .arg(saved.treeSize);
    return std::nullopt;
}

// The first problem with the newest stored head against the recomputed log, or nothing.
std::optional<QString> newestHeadProblem(const std::optional<SignedTreeHead> &head,
                                         const QByteArray &publicKey, const Recomputed &log)
{
    if (!head)
        return QStringLiteral("no tree head signed by key %1 is stored")
            .arg(core::crypto::keyIdOf(publicKey));
    if (auto v = head->verify(publicKey); !v)
        return QStringLiteral("the newest stored tree head does not verify: %1")
            .arg(v.error().message);
    if (head->treeSize > log.size)
        return QStringLiteral("the newest signed tree head records %1 entries but the log has "
                              "%2: entries were removed")
            .arg(head->treeSize)
            .arg(log.size);
    if (head->treeSize < log.size)
        return QStringLiteral("entries %1 to %2 are not covered by a signed tree head")
            .arg(head->treeSize + 1)
            .arg(log.size);
    if (head->rootHash != log.root)
        return QStringLiteral("the entries do not hash to the newest signed tree head's root "
                              "(entries were changed)");
    return std::nullopt;
}

// The stored subtrees must give the same root and prove the saved head's consistency: they
// are what the proof routes answer from.
std::optional<QString> storedTreeProblem(const QSqlDatabase &conn, const SignedTreeHead &head,
                                         const std::optional<SignedTreeHead> &saved)
{
    const merkle::SubtreeSource source = tableSource(conn);
    auto root = merkle::treeRoot(source, head.treeSize);
    if (!root || *root != head.rootHash)
        return QStringLiteral("the stored Merkle tree does not match the entries (%1)")
            .arg(root ? QStringLiteral("other root") : root.error().message);
    if (!saved)
        return std::nullopt;
    auto proof = merkle::consistencyProof(source, saved->treeSize, head.treeSize);
    if (!proof || !merkle::verifyConsistency(saved->treeSize, head.treeSize, saved->rootHash,
                                             head.rootHash, *proof))
        return QStringLiteral("the stored Merkle tree cannot prove the saved head of size %1 "
                              "consistent with the newest head")
            .arg(saved->treeSize);
    return std::nullopt;
}

} // namespace

QJsonObject InclusionProof::toJson() const
{
    return QJsonObject{
        {QStringLiteral("seq"), double(seq)},
        {QStringLiteral("leaf_index"), double(seq - 1)},
        {QStringLiteral("tree_size"), double(treeSize)},
        {QStringLiteral("leaf_hash"), hex(leafHash)},
        {QStringLiteral("audit_path"), hexList(path)},
        {QStringLiteral("root_hash"), hex(rootHash)},
        {QStringLiteral("tree_head"), headJson(head)},
    };
}

QJsonObject ConsistencyProof::toJson() const
{
    return QJsonObject{
        {QStringLiteral("first"), double(first)},
        {QStringLiteral("second"), double(second)},
        {QStringLiteral("first_root"), hex(firstRoot)},
        {QStringLiteral("second_root"), hex(secondRoot)},
        {QStringLiteral("proof"), hexList(proof)},
        {QStringLiteral("first_head"), headJson(firstHead)},
        {QStringLiteral("second_head"), headJson(secondHead)},
    };
}

Status TransparencyLog::addLeaf(const Tx &tx, qint64 seq, const QString &entryHashHex)
{
    const QByteArray leaf = merkle::auditLeafHash(entryHashHex);
    if (leaf.isEmpty())
        return treeError(QStringLiteral("audit_hash_invalid"),
                         QStringLiteral("audit entry %1 has no valid hash").arg(seq));
    auto nodes = merkle::nodesCompletedBy(tableSource(tx), seq - 1, leaf);
    if (!nodes)
        return nodes.error();
    return insertNodes(tx, *nodes);
}

Result<SignedTreeHead> TransparencyLog::signHead(const Tx &tx, const SigningKey &key,
                                                 const QString &timestamp)
{
    auto size = headSeq(tx);
    if (!size)
        return size.error();
    auto root = merkle::treeRoot(tableSource(tx), *size);
    if (!root)
        return root.error();
    SignedTreeHead head{*size, *root, timestamp, QString(), QByteArray()};
    head.sign(key);
    auto ins = exec(tx,
                    QStringLiteral("INSERT INTO audit_tree_heads (%1) VALUES (?, ?, ?, ?, ?) ON "
                                   "CONFLICT DO NOTHING")
                        .arg(kHeadColumns),
                    {head.treeSize, head.keyId, hex(head.rootHash), head.timestamp,
                     QString::fromLatin1(head.signature.toBase64())});
    if (!ins)
        return ins.error();
    return head;
}

Result<qint64> TransparencyLog::catchUp(const Database &db, const SigningKey &key,
                                        const QString &timestamp)
{
    // One transaction holding the audit_head lock: appenders in other processes wait instead
    // of finding the tree behind the log.
    return transact(db, [&](const Tx &tx) -> Result<qint64> {
        auto lock = exec(tx, QStringLiteral("UPDATE audit_head SET seq = seq WHERE id = 1"));
        if (!lock)
            return lock.error();
        auto seq = headSeq(tx);
        if (!seq)
            return seq.error();
        auto leaves = leafCount(tx);
        if (!leaves)
            return leaves.error();
        if (*leaves > *seq)
            return treeError(QStringLiteral("audit_tree_ahead"),
                             QStringLiteral("the transparency log has %1 leaves but the audit "
                                            "log only %2 entries (entries were removed); run "
                                            "verify-audit")
                                 .arg(*leaves)
                                 .arg(*seq));
        if (auto filled = backfill(tx, *leaves, *seq); !filled)
            return filled.error();
        auto existing = headAt(tx, *seq, key.keyId());
        if (!existing)
            return existing.error();
        if (!existing->has_value())
            if (auto head = signHead(tx, key, timestamp); !head)
                return head.error();
        return *seq - *leaves;
    });
}

Result<std::optional<SignedTreeHead>> TransparencyLog::newestHead(const Database &db,
                                                                  const QString &keyId)
{
    auto conn = db.connection();
    if (!conn)
        return conn.error();
    return queryHead(*conn, QStringLiteral("key_id = ?"), {keyId});
}

Result<qint64> TransparencyLog::treeSize(const Database &db)
{
    auto conn = db.connection();
    if (!conn)
        return conn.error();
    return leafCount(*conn);
}

Result<InclusionProof> TransparencyLog::inclusion(const Database &db, qint64 seq, qint64 treeSize,
                                                  const QString &keyId)
{
    auto conn = db.connection();
    if (!conn)
        return conn.error();
    auto size = leafCount(*conn);
    if (!size)
        return size.error();
    if (treeSize < 1 || treeSize > *size)
        return proofRequest(
            QStringLiteral("tree_size must be from 1 to the log's size %1").arg(*size));
    if (seq < 1 || seq > treeSize)
        return proofRequest(QStringLiteral("seq must be from 1 to tree_size %1").arg(treeSize));
    const merkle::SubtreeSource source = tableSource(*conn);
    InclusionProof p;
    p.seq = seq;
    p.treeSize = treeSize;
    auto leaf = source(0, seq - 1);
    auto path = merkle::inclusionProof(source, seq - 1, treeSize);
    auto root = merkle::treeRoot(source, treeSize);
    auto head = headAt(*conn, treeSize, keyId);
    for (const Status &s :
         {leaf ? core::okStatus() : leaf.error(), path ? core::okStatus() : path.error(),
          root ? core::okStatus() : root.error(), head ? core::okStatus() : head.error()})
        if (!s)
            return s.error();
    p.leafHash = *leaf;
    p.path = *path;
    p.rootHash = *root;
    p.head = *head;
    return p;
}

Result<ConsistencyProof> TransparencyLog::consistency(const Database &db, qint64 first,
                                                      qint64 second, const QString &keyId)
{
    auto conn = db.connection();
    if (!conn)
        return conn.error();
    auto size = leafCount(*conn);
    if (!size)
        return size.error();
    if (second < 0 || second > *size)
        return proofRequest(
            QStringLiteral("second must be from 0 to the log's size %1").arg(*size));
    if (first < 0 || first > second)
        return proofRequest(QStringLiteral("first must be from 0 to second (%1)").arg(second));
    const merkle::SubtreeSource source = tableSource(*conn);
    ConsistencyProof p;
    p.first = first;
    p.second = second;
    auto proof = merkle::consistencyProof(source, first, second);
    auto firstRoot = merkle::treeRoot(source, first);
    auto secondRoot = merkle::treeRoot(source, second);
    auto firstHead = headAt(*conn, first, keyId);
    auto secondHead = headAt(*conn, second, keyId);
    for (const Status &s : {proof ? core::okStatus() : proof.error(),
                            firstRoot ? core::okStatus() : firstRoot.error(),
                            secondRoot ? core::okStatus() : secondRoot.error(),
                            firstHead ? core::okStatus() : firstHead.error(),
                            secondHead ? core::okStatus() : secondHead.error()})
        if (!s)
            return s.error();
    p.proof = *proof;
    p.firstRoot = *firstRoot;
    p.secondRoot = *secondRoot;
    p.firstHead = *firstHead;
    p.secondHead = *secondHead;
    return p;
}

Result<TransparencyReport> TransparencyLog::verify(const Database &db, const QByteArray &publicKey,
                                                   const std::optional<SignedTreeHead> &savedHead)
{
    auto conn = db.connection();
    if (!conn)
        return conn.error();
    ReadSnapshot snapshot(*conn, db.dialect());
    if (auto b = snapshot.begin(); !b)
        return b.error();
    auto head = queryHead(*conn, QStringLiteral("key_id = ?"), {core::crypto::keyIdOf(publicKey)});
    if (!head)
        return head.error();
    QList<qint64> sizes;
    if (*head)
        sizes << (*head)->treeSize;
    if (savedHead)
        sizes << savedHead->treeSize;
    auto log = recompute(*conn, sizes);
    if (!log)
        return log.error();
    TransparencyReport report;
    report.entries = log->size;
    report.newestHead = *head;
    report.root = log->root;
    std::optional<QString> problem;
    if (!log->problem.isEmpty())
        problem = log->problem;
    if (!problem && savedHead)
        problem = savedHeadProblem(*savedHead, publicKey, *log);
    if (!problem)
        problem = newestHeadProblem(*head, publicKey, *log);
    if (!problem)
        problem = storedTreeProblem(*conn, **head, savedHead);
    report.ok = !problem;
    report.problem = problem.value_or(QString());
    return report;
}

QString signingKeyPath(const QString &dataDir, const QString &configuredFile)
{
    if (!configuredFile.isEmpty())
        return QDir(dataDir).absoluteFilePath(configuredFile);
    return QDir(dataDir).filePath(QStringLiteral("keys/signing.key"));
}

Result<SigningKey> readSigningKey(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(ErrorKind::Unavailable, QStringLiteral("signing_key_unreadable"),
                           QStringLiteral("cannot read the signing key %1").arg(path));
    QByteArray text = f.readAll().trimmed();
    QByteArray seed = QByteArray::fromHex(text);
    auto key = SigningKey::fromSeed(seed);
    text.fill('\0');
    seed.fill('\0');
    if (!key)
        return Error::make(ErrorKind::Internal, QStringLiteral("signing_key_invalid"),
                           QStringLiteral("%1 does not hold a 32-byte hex Ed25519 seed").arg(path));
    return key;
}

Result<SigningKey> loadOrCreateSigningKey(const QString &dataDir, const QString &configuredFile)
{
    const QString path = signingKeyPath(dataDir, configuredFile);
    if (!configuredFile.isEmpty() || QFile::exists(path))
        return readSigningKey(path);
    const QString keyDir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(keyDir))
        return Error::make(ErrorKind::Internal, QStringLiteral("io_error"),
                           QStringLiteral("cannot create %1").arg(keyDir));
    QFile::setPermissions(keyDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const SigningKey key = SigningKey::generate();
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return readSigningKey(path); // another process created it first: use theirs
    QByteArray text = key.seed().toHex() + '\n';
    const bool written = f.write(text) == text.size() && f.flush() && ::fsync(f.handle()) == 0;
    text.fill('\0');
    if (!written)
        return Error::make(ErrorKind::Internal, QStringLiteral("io_error"),
                           QStringLiteral("cannot write %1").arg(path));
    return key;
}

WitnessFile::WitnessFile(QString path) : m_path(std::move(path)) {}

Status WitnessFile::append(const SignedTreeHead &head)
{
    static QMutex mutex; // one process appends whole lines, in signing order
    QMutexLocker lock(&mutex);
    QFile f(m_path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        return Error::make(ErrorKind::Internal, QStringLiteral("witness_unwritable"),
                           QStringLiteral("cannot open the witness file %1").arg(m_path));
    const QByteArray line = QJsonDocument(head.toJson()).toJson(QJsonDocument::Compact) + '\n';
    if (f.write(line) != line.size() || !f.flush() || ::fsync(f.handle()) != 0)
        return Error::make(ErrorKind::Internal, QStringLiteral("witness_unwritable"),
                           QStringLiteral("cannot write the witness file %1").arg(m_path));
    return core::okStatus();
}

} // namespace lemm::server
