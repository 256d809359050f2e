#pragma once
// The transparency log over the audit log (docs/ARCHITECTURE.md, "Transparency log"): every
// audit entry is a leaf of an RFC 6962 Merkle tree (core/crypto/merkle.h; leaf data = the 32
// bytes of the entry's hash), and the server signs a tree head (core/crypto/tree_head.h) in
// every transaction that appended entries. Storage (migration 8):
//   audit_tree (level, idx, hash hex): every complete subtree, level 0 the leaves (idx =
//     seq - 1), written by AuditLog::append through addLeaf(); roots and proofs read O(log n)
//     of its rows by primary key.
//   audit_tree_heads (tree_size, key_id, root_hash hex, signed_at, signature base64).
// Appending and signing run inside the caller's transaction, after the audit_head row lock
// that AuditLog::append takes, so they serialise nothing more than the audit log already did.
// No state of its own: static functions, thread-safe like the Database they are given.

#include "server/storage/database.h"

#include "core/crypto/signing.h"
#include "core/crypto/tree_head.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace lemm::server {

using core::crypto::SignedTreeHead;
using core::crypto::SigningKey;

// Leaf `seq - 1` in the tree of `treeSize` leaves, with the path to its root.
struct InclusionProof {
    qint64 seq = 0;
    qint64 treeSize = 0;
    QByteArray leafHash;
    QList<QByteArray> path;
    QByteArray rootHash;
    std::optional<SignedTreeHead> head; // the stored head of exactly treeSize, if any
    QJsonObject toJson() const;
};

// The tree of `first` leaves is a prefix of the tree of `second` leaves.
struct ConsistencyProof {
    qint64 first = 0;
    qint64 second = 0;
    QByteArray firstRoot;
    QByteArray secondRoot;
    QList<QByteArray> proof;
    std::optional<SignedTreeHead> firstHead; // stored heads of exactly these sizes, if any
    std::optional<SignedTreeHead> secondHead;
    QJsonObject toJson() const;
};

// What verify() found. `problem` names the first thing that does not hold.
struct TransparencyReport {
    bool ok = false;
    qint64 entries = 0;
    std::optional<SignedTreeHead> newestHead;
    QByteArray root; // recomputed from the entries, at the log's size
    QString problem;
};

class TransparencyLog
{
public:
    // Stores leaf `seq - 1` (the hash of entry `seq`) and the subtrees it completes. Called by
    // AuditLog::append inside the appending transaction, in seq order.
    static Status addLeaf(const Tx &tx, qint64 seq, const QString &entryHashHex);
    // Signs and stores the head of the log as this transaction sees it (audit_head.seq). Runs
    // inside the transaction that appended (the database's audit pre-commit hook), which
    // already holds the audit_head row lock.
    static Result<SignedTreeHead> signHead(const Tx &tx, const SigningKey &key,
                                           const QString &timestamp);
    // Brings the tree up to the log (entries written before migration 8), in batches, and
    // signs a head for the current size when `key` has signed none. Run when the vault opens.
    // Returns the number of leaves added.
    static Result<qint64> catchUp(const Database &db, const SigningKey &key,
                                  const QString &timestamp);

    // The newest head signed by `keyId`; nothing when there is none.
    static Result<std::optional<SignedTreeHead>> newestHead(const Database &db,
                                                            const QString &keyId);
    // The number of leaves in the stored tree.
    static Result<qint64> treeSize(const Database &db);
    // Errors: InvalidInput (code "invalid_proof_request") for seq outside 1..treeSize or a
    // tree size beyond the log.
    static Result<InclusionProof> inclusion(const Database &db, qint64 seq, qint64 treeSize,
                                            const QString &keyId);
    static Result<ConsistencyProof> consistency(const Database &db, qint64 first, qint64 second,
                                                const QString &keyId);

    // Recomputes the tree from the entries' hashes (O(log n) memory) inside one read snapshot
    // and checks: a head signed by `publicKey` covers the whole log and verifies; its root and
    // the stored tree's root equal the recomputed root; and, given `savedHead` (kept off the
    // database), that it verifies with `publicKey`, is not larger than the log and that the
    // log's root at its size equals its root (the log only grew since).
    static Result<TransparencyReport> verify(const Database &db, const QByteArray &publicKey,
                                             const std::optional<SignedTreeHead> &savedHead);
};

// The server's signing key: `configuredFile` when set (it must exist), else DATA/keys/
// signing.key, created (0600, hex of the 32-byte seed) beside master.key when absent.
Result<SigningKey> loadOrCreateSigningKey(const QString &dataDir, const QString &configuredFile);
// The key in an existing key file; never creates one.
Result<SigningKey> readSigningKey(const QString &path);
// DATA/keys/signing.key, or `configuredFile` when set.
QString signingKeyPath(const QString &dataDir, const QString &configuredFile);

// Appends tree heads to a file as JSON lines, each fsync'd before append() returns: the
// operator ships the file off the machine (a witness). Thread-safe (one mutex per file).
class WitnessFile
{
public:
    explicit WitnessFile(QString path);
    Status append(const SignedTreeHead &head);
    const QString &path() const { return m_path; }

private:
    QString m_path;
};

} // namespace lemm::server
