#include "server/services/proof_seal.h"

#include "server/storage/vault.h"

#include "core/crypto/merkle.h"
#include "core/crypto/tree_head.h"

namespace lemm::server::proofs {

using core::crypto::SignedTreeHead;
using core::crypto::SigningKey;

namespace {

struct LogTree {
    core::merkle::MemoryTree tree;
};

// The Merkle tree of the whole log as it stands in this transaction.
Result<LogTree> readTree(const Tx &tx)
{
    auto q = exec(tx, QStringLiteral("SELECT hash FROM audit_log ORDER BY seq"));
    if (!q)
        return q.error();
    LogTree t;
    while (q.value().next())
        t.tree.append(core::merkle::auditLeafHash(q.value().value(0).toString()));
    return t;
}

Result<QJsonArray> withInclusion(const LogTree &t, const QJsonArray &entries)
{
    QJsonArray out;
    for (const QJsonValue &v : entries) {
        QJsonObject e = v.toObject();
        const qint64 index = qint64(e.value(QStringLiteral("seq")).toDouble()) - 1;
        auto path = core::merkle::inclusionProof(t.tree.source(), index, t.tree.size());
        if (!path)
            return path.error();
        QJsonArray hex;
        for (const QByteArray &h : path.value())
            hex.append(QString::fromLatin1(h.toHex()));
        e.insert(QStringLiteral("inclusion"),
                 QJsonObject{{QStringLiteral("leaf_index"), double(index)},
                             {QStringLiteral("tree_size"), double(t.tree.size())},
                             {QStringLiteral("path"), hex}});
        out.append(e);
    }
    return out;
}

QJsonObject head(const QJsonObject &document)
{
    return document.value(QStringLiteral("tree_head")).toObject();
}

} // namespace

Result<SigningKey> serverKey(const Vault &vault)
{
    // Until the transparency log's key store is on main: a key derived from the master key.
    return SigningKey::fromSeed(vault.tokenKey(QStringLiteral("proof-signing")));
}

Result<QJsonObject> seal(const Tx &tx, const SigningKey &key, QJsonObject document)
{
    auto t = readTree(tx);
    if (!t)
        return t.error();
    for (const char *field : {"entries", "related_entries"}) {
        auto proven = withInclusion(t.value(), document.value(QLatin1String(field)).toArray());
        if (!proven)
            return proven.error();
        document.insert(QLatin1String(field), proven.value());
    }
    SignedTreeHead sth;
    sth.treeSize = t->tree.size();
    sth.rootHash = t->tree.root();
    sth.timestamp = core::crypto::treeHeadTimestampNow();
    sth.sign(key);
    document.insert(QStringLiteral("tree_head"), sth.toJson());
    const QByteArray signature = key.sign(signedBytes(document));
    document.insert(
        QStringLiteral("signature"),
        QJsonObject{{QStringLiteral("alg"), QStringLiteral("ed25519")},
                    {QStringLiteral("key_id"), key.keyId()},
                    {QStringLiteral("public_key"), QString::fromLatin1(key.publicKey().toHex())},
                    {QStringLiteral("value"), QString::fromLatin1(signature.toBase64())}});
    return document;
}

QByteArray documentKey(const QJsonObject &document)
{
    return QByteArray::fromHex(document.value(QStringLiteral("signature"))
                                   .toObject()
                                   .value(QStringLiteral("public_key"))
                                   .toString()
                                   .toLatin1());
}

QStringList checkHead(const QJsonObject &document, const QByteArray &publicKey)
{
    if (!document.value(QStringLiteral("tree_head")).isObject())
        return {QStringLiteral("tree head missing: the document has no signed tree head")};
    auto sth = SignedTreeHead::fromJson(head(document));
    if (!sth)
        return {QStringLiteral("tree head malformed: %1").arg(sth.error().message)};
    if (auto v = sth->verify(publicKey); !v)
        return {QStringLiteral("tree head does not verify: %1").arg(v.error().message)};
    return {};
}

std::optional<QString> checkInclusion(const QJsonObject &document, const ProofEntry &e)
{
    auto sth = SignedTreeHead::fromJson(head(document));
    if (!sth)
        return QStringLiteral("entry %1: no tree head to prove it against").arg(e.entry.seq);
    const QJsonObject &inc = e.inclusion;
    QList<QByteArray> path;
    for (const QJsonValue &h : inc.value(QStringLiteral("path")).toArray())
        path << QByteArray::fromHex(h.toString().toLatin1());
    const qint64 index = e.entry.seq - 1;
    if (inc.isEmpty() ||
        qint64(inc.value(QStringLiteral("tree_size")).toDouble()) != sth->treeSize ||
        qint64(inc.value(QStringLiteral("leaf_index")).toDouble()) != index)
        return QStringLiteral("entry %1: no inclusion proof against the tree head of size %2")
            .arg(e.entry.seq)
            .arg(sth->treeSize);
    if (!core::merkle::verifyInclusion(
            index, sth->treeSize, core::merkle::auditLeafHash(e.entry.hash), path, sth->rootHash))
        return QStringLiteral("entry %1: its inclusion proof does not lead to the tree head's "
                              "root (not in the signed log)")
            .arg(e.entry.seq);
    return std::nullopt;
}

std::optional<QString> checkSignature(const QJsonObject &document, const QByteArray &publicKey)
{
    const QJsonObject sig = document.value(QStringLiteral("signature")).toObject();
    if (sig.isEmpty())
        return QStringLiteral("document signature missing: the proof is not signed");
    const QByteArray value =
        QByteArray::fromBase64(sig.value(QStringLiteral("value")).toString().toLatin1());
    if (!core::crypto::verifySignature(publicKey, signedBytes(document), value))
        return QStringLiteral("document signature does not verify: the document was changed "
                              "after the server signed it, or another key signed it");
    return std::nullopt;
}

} // namespace lemm::server::proofs
