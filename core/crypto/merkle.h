#pragma once
// The Merkle tree hash of RFC 6962 §2.1 (as restated in RFC 9162 §2.1) with SHA-256, behind the
// audit log's transparency log: the tree hash, inclusion proofs (an entry is leaf i of the tree
// of size n) and consistency proofs (the tree of size m is a prefix of the tree of size n), with
// their generation and verification. Pure functions; no storage and no threads of its own.
//
// Leaves of the audit log: the leaf data of an audit entry is the 32 raw bytes of its BLAKE2b
// entry hash (core::entryHash(), stored as hex), so its leaf hash is
// SHA-256(0x00 || entryHashBytes); see auditLeafHash().
//
// Generation works from a SubtreeSource: the hash of the complete subtree at (level, index),
// i.e. of the 2^level leaves [index * 2^level, (index + 1) * 2^level). A root or a proof over a
// tree of n leaves asks it for O(log n) such hashes, so the server can answer from a table of
// stored subtree hashes without reading the log. MemoryTree is the in-memory source.

#include "core/base/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

namespace lemm::core::merkle {

constexpr int kHashBytes = 32;

// SHA-256(data).
QByteArray sha256(const QByteArray &data);
// SHA-256(0x00 || data).
QByteArray leafHash(const QByteArray &data);
// SHA-256(0x01 || left || right).
QByteArray nodeHash(const QByteArray &left, const QByteArray &right);
// The root of the tree over these leaf hashes; SHA-256 of the empty string for no leaves.
QByteArray rootHash(const QList<QByteArray> &leafHashes);
// leafHash() of the raw bytes of an audit entry's hex hash; empty when it is not 64 hex digits.
QByteArray auditLeafHash(const QString &entryHashHex);

// The hash of the complete subtree at (level, index); see the file comment.
using SubtreeSource = std::function<Result<QByteArray>(int level, qint64 index)>;

// One stored hash of a complete subtree.
struct SubtreeNode {
    int level = 0;
    qint64 index = 0;
    QByteArray hash;
};

// The root of the tree of the first `treeSize` leaves.
Result<QByteArray> treeRoot(const SubtreeSource &source, qint64 treeSize);
// The audit path of leaf `index` in the tree of `treeSize` leaves (RFC 6962 PATH), leaf side
// first. Fails for index >= treeSize.
Result<QList<QByteArray>> inclusionProof(const SubtreeSource &source, qint64 index,
                                         qint64 treeSize);
// The consistency proof between the trees of sizes first <= second (RFC 6962 PROOF). Empty for
// first == 0 or first == second. Fails for first > second.
Result<QList<QByteArray>> consistencyProof(const SubtreeSource &source, qint64 first,
                                           qint64 second);
// Appending leaf `index` (the tree had `index` leaves) completes the leaf itself and one
// subtree per trailing 1 bit of `index`: these nodes, level 0 first, for the caller to store.
// Reads the left siblings from `source`.
Result<QList<SubtreeNode>> nodesCompletedBy(const SubtreeSource &source, qint64 index,
                                            const QByteArray &leafHash);

// RFC 9162 §2.1.3.2: true when `path` proves `leafHash` is leaf `index` of the tree of
// `treeSize` leaves with root `root`.
bool verifyInclusion(qint64 index, qint64 treeSize, const QByteArray &leafHash,
                     const QList<QByteArray> &path, const QByteArray &root);
// RFC 9162 §2.1.4.2: true when `proof` proves the tree of size `first` with root `firstRoot` is
// a prefix of the tree of size `second` with root `secondRoot`. first == second needs an empty
// proof and equal roots; first == 0 needs an empty proof (every tree extends the empty one).
bool verifyConsistency(qint64 first, qint64 second, const QByteArray &firstRoot,
                       const QByteArray &secondRoot, const QList<QByteArray> &proof);

// A whole tree in memory: every complete subtree hash, level by level (about 2n hashes for n
// leaves). For recomputing a log from its entries (verify-audit) and for tests. Not
// thread-safe; use from one thread.
class MemoryTree
{
public:
    void append(const QByteArray &leafHash);
    qint64 size() const { return m_levels.isEmpty() ? 0 : m_levels.first().size(); }
    QByteArray root() const { return rootAt(size()); }
    // The root of the prefix of `treeSize` leaves (treeSize <= size()).
    QByteArray rootAt(qint64 treeSize) const;
    // A source over this tree; valid while the tree lives and is not appended to.
    SubtreeSource source() const;

private:
    QList<QList<QByteArray>> m_levels; // m_levels[l][i]: the complete subtree (l, i)
};

// The root of a growing tree in O(log n) memory: keeps only the complete subtrees of the
// current size's binary decomposition (the "compact range" of the whole tree). For
// recomputing the root of a long log while streaming its entries. Not thread-safe.
class CompactTree
{
public:
    void append(const QByteArray &leafHash);
    qint64 size() const { return m_size; }
    QByteArray root() const;

private:
    struct Peak {
        int level;
        QByteArray hash;
    };
    QList<Peak> m_peaks; // largest (leftmost) subtree first
    qint64 m_size = 0;
};

} // namespace lemm::core::merkle
