// Routes of the transparency log (tlog, issue 14): the newest signed tree head, the public key
// that signs heads, and inclusion and consistency proofs. Public: they carry hashes and
// signatures only, never an entry's data (GET /audit, the entries, stays with auditors).
#include "server/http/route_context.h"

#include "server/storage/transparency_log.h"

namespace lemm::server {

namespace {

constexpr qint64 kMaxTreeSize = qint64(1) << 53; // what a JSON number carries exactly

const QString kNumberMessage = QStringLiteral("must be a whole number from %1 to 2^53");

// The tree size a proof is for: `key` when given, else the newest head's.
Result<qint64> treeSizeParam(QueryReader &q, const QString &key, const Vault &vault)
{
    if (!q.text(key).isEmpty())
        return q.integer(key, 0, 0, kMaxTreeSize, kNumberMessage.arg(0));
    auto head = TransparencyLog::newestHead(vault.db(), vault.signingKey().keyId());
    if (!head)
        return head.error();
    if (!*head)
        return Error::make(ErrorKind::NotFound, QStringLiteral("no_tree_head"),
                           QStringLiteral("no signed tree head is stored yet"));
    return (*head)->treeSize;
}

// A required whole number from `min`.
qint64 requiredParam(QueryReader &q, const QString &key, qint64 min)
{
    if (q.text(key).isEmpty()) {
        q.fail(key, QStringLiteral("is required"));
        return 0;
    }
    return q.integer(key, 0, min, kMaxTreeSize, kNumberMessage.arg(min));
}

} // namespace

ApiRouter::Reply ApiRouter::auditHead(Context &)
{
    auto head = TransparencyLog::newestHead(m_vault.db(), m_vault.signingKey().keyId());
    if (!head)
        return head.error();
    if (!*head)
        return Error::make(ErrorKind::NotFound, QStringLiteral("no_tree_head"),
                           QStringLiteral("no signed tree head is stored yet"));
    return ApiResponse::json(200, (*head)->toJson());
}

ApiRouter::Reply ApiRouter::auditPublicKey(Context &)
{
    const auto &key = m_vault.signingKey();
    return ApiResponse::json(
        200,
        QJsonObject{{QStringLiteral("public_key"), QString::fromLatin1(key.publicKey().toHex())},
                    {QStringLiteral("key_id"), key.keyId()},
                    {QStringLiteral("algorithm"), QStringLiteral("ed25519")}});
}

ApiRouter::Reply ApiRouter::auditInclusionProof(Context &c)
{
    QueryReader q(c.request.query);
    const qint64 seq = requiredParam(q, QStringLiteral("seq"), 1);
    auto size = treeSizeParam(q, QStringLiteral("tree_size"), m_vault);
    if (!size)
        return size.error();
    if (auto ok = q.check(QStringLiteral("seq and tree_size must be whole numbers")); !ok)
        return ok.error();
    auto proof = TransparencyLog::inclusion(m_vault.db(), seq, *size, m_vault.signingKey().keyId());
    if (!proof)
        return proof.error();
    return ApiResponse::json(200, proof->toJson());
}

ApiRouter::Reply ApiRouter::auditConsistencyProof(Context &c)
{
    QueryReader q(c.request.query);
    const qint64 first = requiredParam(q, QStringLiteral("first"), 0);
    auto second = treeSizeParam(q, QStringLiteral("second"), m_vault);
    if (!second)
        return second.error();
    if (auto ok = q.check(QStringLiteral("first and second must be whole numbers")); !ok)
        return ok.error();
    auto proof =
        TransparencyLog::consistency(m_vault.db(), first, *second, m_vault.signingKey().keyId());
    if (!proof)
        return proof.error();
    return ApiResponse::json(200, proof->toJson());
}

} // namespace lemm::server
