#pragma once
// What makes a proof document the server's word: the signed tree head of the transparency log
// (core/crypto/tree_head.h) the document's entries are proven against, an inclusion proof per
// entry (core/crypto/merkle.h; leaf i = entry seq i + 1, leaf hash SHA-256(0x00 || the raw
// 32-byte entry hash)), and an Ed25519 signature by the server key over the whole document
// (proofs::signedBytes()), so that cutting entries from its end is a forgery too. seal() runs
// on the server (heads and paths from server/storage/transparency_log.h); the check*
// functions are pure and need no database.

#include "server/services/proof_check.h"
#include "server/storage/database.h"

#include "core/crypto/signing.h"

namespace lemm::server {
class Vault;
}

namespace lemm::server::proofs {

// The key the server signs proofs and receipts with.
Result<core::crypto::SigningKey> serverKey(const Vault &vault);

// Adds tree_head (the newest head `key` signed, from the transparency log's store), an
// inclusion proof against it to every entry of "entries" and "related_entries", and the
// document signature. Call inside the transaction that read the entries (same connection).
Result<QJsonObject> seal(const Database &db, const core::crypto::SigningKey &key,
                         QJsonObject document);

// The public key named in the document's signature (what "not pinned" falls back to).
QByteArray documentKey(const QJsonObject &document);

// Problems with the document's tree head against `publicKey`, each naming why.
QStringList checkHead(const QJsonObject &document, const QByteArray &publicKey);
// The problem with one entry's inclusion proof against the document's head, if any.
std::optional<QString> checkInclusion(const QJsonObject &document, const ProofEntry &entry);
// The problem with the document signature against `publicKey`, if any.
std::optional<QString> checkSignature(const QJsonObject &document, const QByteArray &publicKey);

} // namespace lemm::server::proofs
