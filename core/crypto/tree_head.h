#pragma once
// A signed tree head (STH) of the transparency log: the server's signed statement "the audit
// log had treeSize entries and this Merkle root (core/crypto/merkle.h) at this time". A plain
// value; anyone holding the public key can check it offline.
//
// The signed message (signedMessage()), byte by byte:
//   "lemm-sth-v1"                   11 ASCII bytes, domain separation
//   tree size                       u64 big-endian
//   root hash                       32 bytes (SHA-256 Merkle root)
//   timestamp length                u32 big-endian, then that many UTF-8 bytes
// The key id is not signed: it only names the key (keyIdOf()); verify() compares it with the
// key it is given so a head from another key fails with a clear reason.
//
// JSON (toJson/fromJson): {"tree_size": int, "root_hash": hex, "timestamp": ISO 8601 UTC with
// milliseconds, "key_id": hex, "signature": base64}.

#include "core/base/result.h"
#include "core/crypto/signing.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace lemm::core::crypto {

struct SignedTreeHead {
    qint64 treeSize = 0;
    QByteArray rootHash;  // 32 raw bytes
    QString timestamp;    // ISO 8601 UTC with milliseconds, e.g. 2026-01-01T00:00:00.000Z
    QString keyId;        // keyIdOf() the signer's public key
    QByteArray signature; // 64-byte Ed25519 signature of signedMessage()

    // The canonical bytes that are signed (see the file comment).
    QByteArray signedMessage() const;
    // Sets keyId and signature from `key`.
    void sign(const SigningKey &key);
    // okStatus() when keyId names `publicKey` and the signature verifies; else an error
    // (code "sth_wrong_key" or "sth_bad_signature") naming the problem.
    Status verify(const QByteArray &publicKey) const;

    QJsonObject toJson() const;
    // Checks every field's type and shape (sizes, hex, base64, timestamp); errors name the
    // field (code "invalid_tree_head").
    static Result<SignedTreeHead> fromJson(const QJsonObject &json);
    // fromJson() of a JSON document (a saved head file).
    static Result<SignedTreeHead> fromJsonText(const QByteArray &text);

    friend bool operator==(const SignedTreeHead &, const SignedTreeHead &) = default;
};

// The time now as a tree head's timestamp.
QString treeHeadTimestampNow();

} // namespace lemm::core::crypto
