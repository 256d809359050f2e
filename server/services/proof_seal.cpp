#include "server/services/proof_seal.h"

#include "server/storage/transparency_log.h"
#include "server/storage/vault.h"

#include "core/crypto/merkle.h"
#include "core/crypto/tree_head.h"

namespace lemm::server::proofs {

using core::crypto::SignedTreeHead;
using core::crypto::SigningKey;

namespace {

// Each entry with its inclusion proof in the tree of the stored head `head`.
Result<QJsonArray> withInclusion(const Database &db, const SignedTreeHead &head,
                                 const QJsonArray &entries)
{
    QJsonArray out;
    for (const QJsonValue &v : entries) {
        QJsonObject e = v.toObject();
        const qint64 seq = qint64(e.value(QStringLiteral("seq")).toDouble());
        auto proof = TransparencyLog::inclusion(db, seq, head.treeSize, head.keyId);
        if (!proof)
            return proof.error();
        QJsonArray hex;
        for (const QByteArray &h : proof->path)
            hex.append(QString::fromLatin1(h.toHex()));
        e.insert(QStringLiteral("inclusion"),
                 QJsonObject{{QStringLiteral("leaf_index"), double(seq - 1)},
                             {QStringLiteral("tree_size"), double(head.treeSize)},
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
    if (vault.signingKey().isNull())
        return core::Error::make(core::ErrorKind::Internal, QStringLiteral("no_signing_key"),
                                 QStringLiteral("the vault has no signing key"));
    return vault.signingKey();
}

Result<QJsonObject> seal(const Database &db, const SigningKey &key, QJsonObject document)
{
    // The newest head this key signed: every appending transaction signs one, so it covers
    // every entry this transaction can see.
    auto newest = TransparencyLog::newestHead(db, key.keyId());
    if (!newest)
        return newest.error();
    if (!newest.value())
        return core::Error::make(core::ErrorKind::Internal, QStringLiteral("no_tree_head"),
                                 QStringLiteral("the transparency log has no signed tree head"));
    const SignedTreeHead &sth = *newest.value();
    for (const char *field : {"entries", "related_entries"}) {
        auto proven = withInclusion(db, sth, document.value(QLatin1String(field)).toArray());
        if (!proven)
            return proven.error();
        document.insert(QLatin1String(field), proven.value());
    }
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
