#include "core/crypto/merkle.h"

#include "core/crypto/crypto.h"

#include <sodium.h>

#include <algorithm>

namespace lemm::core::merkle {

namespace {

bool isPowerOfTwo(qint64 n)
{
    return n > 0 && (n & (n - 1)) == 0;
}

int log2Exact(qint64 powerOfTwo)
{
    int level = 0;
    while ((qint64(1) << level) < powerOfTwo)
        ++level;
    return level;
}

// The largest power of two strictly below n (n >= 2): RFC 6962's k.
qint64 splitPoint(qint64 n)
{
    qint64 k = 1;
    while ((k << 1) < n)
        k <<= 1;
    return k;
}

Error proofError(const QString &message)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_proof_request"), message);
}

// MTH of the leaves [start, start + size), where start is a multiple of a power of two that is
// at least size (true of every range RFC 6962's recursion visits): one complete subtree from
// the source per 1 bit of size.
Result<QByteArray> rangeHash(const SubtreeSource &source, qint64 start, qint64 size)
{
    if (size == 0)
        return sha256({});
    if (isPowerOfTwo(size)) {
        const int level = log2Exact(size);
        return source(level, start >> level);
    }
    const qint64 k = splitPoint(size);
    const int level = log2Exact(k);
    auto left = source(level, start >> level);
    if (!left)
        return left.error();
    auto right = rangeHash(source, start + k, size - k);
    if (!right)
        return right.error();
    return nodeHash(*left, *right);
}

bool allHashes(const QList<QByteArray> &hashes)
{
    return std::all_of(hashes.begin(), hashes.end(),
                       [](const QByteArray &h) { return h.size() == kHashBytes; });
}

// Shifts fn and sn right together until fn's lowest bit is set or fn is 0.
void shiftToSetBit(qint64 &fn, qint64 &sn)
{
    while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
    }
}

} // namespace

QByteArray sha256(const QByteArray &data)
{
    crypto::ensureSodium();
    QByteArray out(crypto_hash_sha256_BYTES, Qt::Uninitialized);
    crypto_hash_sha256(reinterpret_cast<unsigned char *>(out.data()),
                       reinterpret_cast<const unsigned char *>(data.constData()),
                       quint64(data.size()));
    return out;
}

QByteArray leafHash(const QByteArray &data)
{
    return sha256(QByteArray(1, '\x00') + data);
}

QByteArray nodeHash(const QByteArray &left, const QByteArray &right)
{
    return sha256(QByteArray(1, '\x01') + left + right);
}

QByteArray rootHash(const QList<QByteArray> &leafHashes)
{
    MemoryTree tree;
    for (const QByteArray &leaf : leafHashes)
        tree.append(leaf);
    return tree.root();
}

QByteArray auditLeafHash(const QString &entryHashHex)
{
    static const QString kHexDigits = QStringLiteral("0123456789abcdefABCDEF");
    if (entryHashHex.size() != 2 * kHashBytes)
        return {};
    for (QChar c : entryHashHex)
        if (!kHexDigits.contains(c))
            return {};
    return leafHash(QByteArray::fromHex(entryHashHex.toLatin1()));
}

Result<QByteArray> treeRoot(const SubtreeSource &source, qint64 treeSize)
{
    if (treeSize < 0)
        return proofError(QStringLiteral("a tree size is not negative"));
    return rangeHash(source, 0, treeSize);
}

Result<QList<QByteArray>> inclusionProof(const SubtreeSource &source, qint64 index, qint64 treeSize)
{
    if (index < 0 || index >= treeSize)
        return proofError(
            QStringLiteral("leaf %1 is not in a tree of %2 leaves").arg(index).arg(treeSize));
    QList<QByteArray> path; // collected root side first, reversed at the end
    qint64 start = 0, m = index, n = treeSize;
    while (n > 1) {
        const qint64 k = splitPoint(n);
        Result<QByteArray> sibling =
            m < k ? rangeHash(source, start + k, n - k) : rangeHash(source, start, k);
        if (!sibling)
            return sibling.error();
        path << *sibling;
        if (m < k) {
            n = k;
        } else {
            m -= k;
            start += k;
            n -= k;
        }
    }
    std::reverse(path.begin(), path.end());
    return path;
}

Result<QList<QByteArray>> consistencyProof(const SubtreeSource &source, qint64 first, qint64 second)
{
    if (first < 0 || first > second)
        return proofError(QStringLiteral("a tree of %1 leaves is not a prefix of one of %2")
                              .arg(first)
                              .arg(second));
    QList<QByteArray> proof; // collected root side first, reversed at the end
    if (first == 0 || first == second)
        return proof;
    qint64 start = 0, m = first, n = second;
    bool wholeTree = true; // RFC 6962's b: the subtree is the old tree itself
    while (m != n) {
        const qint64 k = splitPoint(n);
        Result<QByteArray> sibling =
            m <= k ? rangeHash(source, start + k, n - k) : rangeHash(source, start, k);
        if (!sibling)
            return sibling.error();
        proof << *sibling;
        if (m <= k) {
            n = k;
        } else {
            m -= k;
            start += k;
            n -= k;
            wholeTree = false;
        }
    }
    if (!wholeTree) {
        auto subtree = rangeHash(source, start, n);
        if (!subtree)
            return subtree.error();
        proof << *subtree;
    }
    std::reverse(proof.begin(), proof.end());
    return proof;
}

Result<QList<SubtreeNode>> nodesCompletedBy(const SubtreeSource &source, qint64 index,
                                            const QByteArray &leafHash)
{
    QList<SubtreeNode> nodes{SubtreeNode{0, index, leafHash}};
    QByteArray hash = leafHash;
    for (int level = 0; (index & 1) == 1; ++level) {
        auto left = source(level, index - 1);
        if (!left)
            return left.error();
        hash = nodeHash(*left, hash);
        index >>= 1;
        nodes << SubtreeNode{level + 1, index, hash};
    }
    return nodes;
}

bool verifyInclusion(qint64 index, qint64 treeSize, const QByteArray &leafHash,
                     const QList<QByteArray> &path, const QByteArray &root)
{
    if (index < 0 || index >= treeSize || leafHash.size() != kHashBytes || !allHashes(path))
        return false;
    qint64 fn = index, sn = treeSize - 1;
    QByteArray r = leafHash;
    for (const QByteArray &p : path) {
        if (sn == 0)
            return false;
        if ((fn & 1) == 1 || fn == sn) {
            r = nodeHash(p, r);
            shiftToSetBit(fn, sn);
        } else {
            r = nodeHash(r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && r == root;
}

bool verifyConsistency(qint64 first, qint64 second, const QByteArray &firstRoot,
                       const QByteArray &secondRoot, const QList<QByteArray> &proof)
{
    if (first < 0 || first > second || !allHashes(proof))
        return false;
    if (first == second)
        return proof.isEmpty() && firstRoot == secondRoot && firstRoot.size() == kHashBytes;
    if (first == 0)
        return proof.isEmpty() && firstRoot == sha256({});
    if (proof.isEmpty())
        return false;
    QList<QByteArray> path = proof;
    if (isPowerOfTwo(first))
        path.prepend(firstRoot);
    qint64 fn = first - 1, sn = second - 1;
    while ((fn & 1) == 1) {
        fn >>= 1;
        sn >>= 1;
    }
    QByteArray fr = path.first(), sr = path.first();
    for (qsizetype i = 1; i < path.size(); ++i) {
        const QByteArray &c = path.at(i);
        if (sn == 0)
            return false;
        if ((fn & 1) == 1 || fn == sn) {
            fr = nodeHash(c, fr);
            sr = nodeHash(c, sr);
            shiftToSetBit(fn, sn);
        } else {
            sr = nodeHash(sr, c);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return fr == firstRoot && sr == secondRoot && sn == 0;
}

void MemoryTree::append(const QByteArray &leafHash)
{
    if (m_levels.isEmpty())
        m_levels.append(QList<QByteArray>());
    m_levels[0].append(leafHash);
    qint64 index = m_levels[0].size() - 1;
    for (int level = 0; (index & 1) == 1; ++level) {
        const QList<QByteArray> &row = m_levels.at(level);
        const QByteArray parent = nodeHash(row.at(index - 1), row.at(index));
        if (m_levels.size() == level + 1)
            m_levels.append(QList<QByteArray>());
        m_levels[level + 1].append(parent);
        index >>= 1;
    }
}

QByteArray MemoryTree::rootAt(qint64 treeSize) const
{
    auto root = treeRoot(source(), std::min(treeSize, size()));
    return root ? *root : QByteArray();
}

SubtreeSource MemoryTree::source() const
{
    return [this](int level, qint64 index) -> Result<QByteArray> {
        if (level < 0 || level >= m_levels.size() || index < 0 ||
            index >= m_levels.at(level).size())
            return Error::make(
                ErrorKind::Internal, QStringLiteral("missing_subtree"),
                QStringLiteral("no complete subtree at level %1, index %2").arg(level).arg(index));
        return m_levels.at(level).at(index);
    };
}

void CompactTree::append(const QByteArray &leafHash)
{
    Peak peak{0, leafHash};
    while (!m_peaks.isEmpty() && m_peaks.last().level == peak.level) {
        peak.hash = nodeHash(m_peaks.last().hash, peak.hash);
        ++peak.level;
        m_peaks.removeLast();
    }
    m_peaks.append(peak);
    ++m_size;
}

QByteArray CompactTree::root() const
{
    if (m_peaks.isEmpty())
        return sha256({});
    // MTH splits off the largest complete subtree on the left, then recurses on the rest: a
    // right fold over the peaks.
    QByteArray r = m_peaks.last().hash;
    for (qsizetype i = m_peaks.size() - 2; i >= 0; --i)
        r = nodeHash(m_peaks.at(i).hash, r);
    return r;
}

} // namespace lemm::core::merkle
