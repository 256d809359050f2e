// The RFC 6962 Merkle tree: known answers, and every root, inclusion proof and consistency
// proof for the trees of 1..64 leaves compared with a second implementation in this file, written
// from the RFC's recursive definitions (MTH, PATH, SUBPROOF) over a plain vector with Qt's own
// SHA-256, not from the product's iterative code; then every altered proof must fail.
#include "core/crypto/merkle.h"

#include <QCryptographicHash>
#include <QTest>

#include <vector>

using namespace lemm::core;

namespace {

// ---- The reference: RFC 6962 §2.1, as literally as C++ allows. ----
namespace reference {

using Leaves = std::vector<QByteArray>; // the leaf data D[0:n]

QByteArray sha(const QByteArray &b)
{
    return QCryptographicHash::hash(b, QCryptographicHash::Sha256);
}

Leaves slice(const Leaves &d, size_t from, size_t to)
{
    return Leaves(d.begin() + qsizetype(from), d.begin() + qsizetype(to));
}

size_t largestPowerOfTwoBelow(size_t n)
{
    size_t k = 1;
    while (k * 2 < n)
        k *= 2;
    return k;
}

// MTH({}) = SHA-256(); MTH({d0}) = SHA-256(0x00 || d0);
// MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
QByteArray mth(const Leaves &d)
{
    if (d.empty())
        return sha({});
    if (d.size() == 1)
        return sha(QByteArray(1, 0) + d[0]);
    const size_t k = largestPowerOfTwoBelow(d.size());
    return sha(QByteArray(1, 1) + mth(slice(d, 0, k)) + mth(slice(d, k, d.size())));
}

// PATH(m, {d0}) = {}; PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k, and
// PATH(m - k, D[k:n]) : MTH(D[0:k]) for m >= k.
QList<QByteArray> path(size_t m, const Leaves &d)
{
    if (d.size() == 1)
        return {};
    const size_t k = largestPowerOfTwoBelow(d.size());
    if (m < k)
        return path(m, slice(d, 0, k)) << mth(slice(d, k, d.size()));
    return path(m - k, slice(d, k, d.size())) << mth(slice(d, 0, k));
}

// SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}; for m < n:
// m <= k: SUBPROOF(m, D[0:k], b) : MTH(D[k:n]); m > k: SUBPROOF(m - k, D[k:n], false) :
// MTH(D[0:k]).
QList<QByteArray> subproof(size_t m, const Leaves &d, bool b)
{
    const size_t n = d.size();
    if (m == n)
        return b ? QList<QByteArray>{} : QList<QByteArray>{mth(d)};
    const size_t k = largestPowerOfTwoBelow(n);
    if (m <= k)
        return subproof(m, slice(d, 0, k), b) << mth(slice(d, k, n));
    return subproof(m - k, slice(d, k, n), false) << mth(slice(d, 0, k));
}

QList<QByteArray> proof(size_t m, const Leaves &d)
{
    return subproof(m, d, true);
}

} // namespace reference

reference::Leaves leafData(int n)
{
    reference::Leaves d;
    for (int i = 0; i < n; ++i)
        d.push_back(QByteArray("leaf ") + QByteArray::number(i) + QByteArray(i % 5, char(i)));
    return d;
}

merkle::MemoryTree treeOf(const reference::Leaves &d)
{
    merkle::MemoryTree tree;
    for (const QByteArray &x : d)
        tree.append(merkle::leafHash(x));
    return tree;
}

QByteArray flipBit(QByteArray b, int byte)
{
    b[byte] = char(b[byte] ^ 0x01);
    return b;
}

constexpr int kMaxLeaves = 64;

} // namespace

class MerkleTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownAnswers()
    {
        // The empty tree, and the eight-leaf test vectors that Certificate Transparency
        // implementations share (leaf data "", 00, 10, 2021, 3031, 40..43, 50..57, 60..6f).
        QCOMPARE(merkle::rootHash({}).toHex(),
                 QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        const QList<QByteArray> data{
            QByteArray(),
            QByteArray::fromHex("00"),
            QByteArray::fromHex("10"),
            QByteArray::fromHex("2021"),
            QByteArray::fromHex("3031"),
            QByteArray::fromHex("40414243"),
            QByteArray::fromHex("5051525354555657"),
            QByteArray::fromHex("606162636465666768696a6b6c6d6e6f"),
        };
        const QList<QByteArray> roots{
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        };
        QList<QByteArray> leaves;
        for (int n = 1; n <= data.size(); ++n) {
            leaves << merkle::leafHash(data.at(n - 1));
            QCOMPARE(merkle::rootHash(leaves).toHex(), roots.at(n - 1));
        }
    }

    void auditLeafIsTheEntryHashBytes()
    {
        const QString hex = QStringLiteral("00ff") + QString(60, QLatin1Char('a'));
        QCOMPARE(merkle::auditLeafHash(hex),
                 reference::sha(QByteArray(1, 0) + QByteArray::fromHex(hex.toLatin1())));
        QVERIFY(merkle::auditLeafHash(QStringLiteral("abc")).isEmpty());
        QVERIFY(merkle::auditLeafHash(QString(64, QLatin1Char('g'))).isEmpty());
    }

    void rootsMatchTheReference()
    {
        const auto d = leafData(kMaxLeaves);
        const merkle::MemoryTree tree = treeOf(d);
        for (int n = 0; n <= kMaxLeaves; ++n) {
            const QByteArray expected = reference::mth(reference::slice(d, 0, size_t(n)));
            QCOMPARE(tree.rootAt(n), expected);
            auto fromSource = merkle::treeRoot(tree.source(), n);
            QVERIFY(fromSource.ok());
            QCOMPARE(*fromSource, expected);
        }
    }

    void compactTreeMatchesTheReference()
    {
        const auto d = leafData(kMaxLeaves);
        merkle::CompactTree tree;
        QCOMPARE(tree.root(), reference::mth({}));
        for (int n = 1; n <= kMaxLeaves; ++n) {
            tree.append(merkle::leafHash(d[size_t(n - 1)]));
            QCOMPARE(tree.size(), qint64(n));
            QCOMPARE(tree.root(), reference::mth(reference::slice(d, 0, size_t(n))));
        }
    }

    void inclusionProofsMatchAndVerify()
    {
        const auto all = leafData(kMaxLeaves);
        const merkle::MemoryTree tree = treeOf(all);
        for (int n = 1; n <= kMaxLeaves; ++n) {
            const auto d = reference::slice(all, 0, size_t(n));
            const QByteArray root = reference::mth(d);
            for (int i = 0; i < n; ++i) {
                auto proof = merkle::inclusionProof(tree.source(), i, n);
                QVERIFY(proof.ok());
                QCOMPARE(*proof, reference::path(size_t(i), d));
                const QByteArray leaf = merkle::leafHash(d[size_t(i)]);
                QVERIFY2(merkle::verifyInclusion(i, n, leaf, *proof, root),
                         qPrintable(QStringLiteral("leaf %1 of %2").arg(i).arg(n)));
                checkInclusionTampering(i, n, leaf, *proof, root);
            }
            QVERIFY(!merkle::inclusionProof(tree.source(), n, n).ok());
            QVERIFY(!merkle::inclusionProof(tree.source(), -1, n).ok());
        }
    }

    void consistencyProofsMatchAndVerify()
    {
        const auto all = leafData(kMaxLeaves);
        const merkle::MemoryTree tree = treeOf(all);
        for (int n = 1; n <= kMaxLeaves; ++n) {
            const QByteArray rootN = reference::mth(reference::slice(all, 0, size_t(n)));
            for (int m = 1; m <= n; ++m) {
                const QByteArray rootM = reference::mth(reference::slice(all, 0, size_t(m)));
                auto proof = merkle::consistencyProof(tree.source(), m, n);
                QVERIFY(proof.ok());
                QCOMPARE(*proof, reference::proof(size_t(m), reference::slice(all, 0, size_t(n))));
                QVERIFY2(merkle::verifyConsistency(m, n, rootM, rootN, *proof),
                         qPrintable(QStringLiteral("%1 -> %2").arg(m).arg(n)));
                checkConsistencyTampering(m, n, rootM, rootN, *proof);
            }
        }
    }

    void consistencyEdgeCases()
    {
        const merkle::MemoryTree tree = treeOf(leafData(8));
        const QByteArray empty = merkle::rootHash({});
        QVERIFY(merkle::consistencyProof(tree.source(), 0, 8)->isEmpty());
        QVERIFY(merkle::verifyConsistency(0, 8, empty, tree.root(), {}));
        QVERIFY(!merkle::verifyConsistency(0, 8, tree.rootAt(1), tree.root(), {}));
        QVERIFY(!merkle::consistencyProof(tree.source(), 5, 4).ok());
        QVERIFY(!merkle::verifyConsistency(5, 4, tree.rootAt(5), tree.rootAt(4), {}));
        // A different tree of the same sizes is not consistent.
        const merkle::MemoryTree other = treeOf(leafData(9));
        auto proof = merkle::consistencyProof(tree.source(), 3, 8);
        QVERIFY(!merkle::verifyConsistency(3, 8, tree.rootAt(3), other.rootAt(9), *proof));
    }

    void nodesCompletedByAppendBuildTheSameTree()
    {
        // Building a store of subtree nodes append by append, the way the server does, yields
        // the same roots as the in-memory tree.
        const auto d = leafData(kMaxLeaves);
        QHash<QPair<int, qint64>, QByteArray> store;
        const merkle::SubtreeSource source = [&](int level, qint64 index) -> Result<QByteArray> {
            auto it = store.constFind({level, index});
            if (it == store.constEnd())
                return Error::make(ErrorKind::Internal, QStringLiteral("missing"), QString());
            return *it;
        };
        for (int i = 0; i < kMaxLeaves; ++i) {
            auto nodes = merkle::nodesCompletedBy(source, i, merkle::leafHash(d[size_t(i)]));
            QVERIFY(nodes.ok());
            for (const auto &node : *nodes)
                store.insert({node.level, node.index}, node.hash);
            QCOMPARE(*merkle::treeRoot(source, i + 1),
                     reference::mth(reference::slice(d, 0, size_t(i + 1))));
        }
        QCOMPARE(store.size(), 2 * kMaxLeaves - 1);
    }

private:
    void checkInclusionTampering(qint64 i, qint64 n, const QByteArray &leaf,
                                 const QList<QByteArray> &proof, const QByteArray &root)
    {
        QVERIFY(!merkle::verifyInclusion(i, n, flipBit(leaf, 0), proof, root));
        QVERIFY(!merkle::verifyInclusion(i, n, leaf, proof, flipBit(root, 31)));
        QVERIFY(!merkle::verifyInclusion(n, n, leaf, proof, root));
        if (n > 1) {
            QVERIFY(!merkle::verifyInclusion((i + 1) % n, n, leaf, proof, root));
            QVERIFY(!merkle::verifyInclusion(i, n, leaf, proof.mid(1), root));
        }
        for (int p = 0; p < proof.size(); ++p) {
            QList<QByteArray> altered = proof;
            altered[p] = flipBit(altered[p], p % 32);
            QVERIFY(!merkle::verifyInclusion(i, n, leaf, altered, root));
        }
        QVERIFY(!merkle::verifyInclusion(i, n, leaf, QList<QByteArray>(proof) << root, root));
    }

    void checkConsistencyTampering(qint64 m, qint64 n, const QByteArray &rootM,
                                   const QByteArray &rootN, const QList<QByteArray> &proof)
    {
        QVERIFY(!merkle::verifyConsistency(m, n, flipBit(rootM, 3), rootN, proof));
        QVERIFY(!merkle::verifyConsistency(m, n, rootM, flipBit(rootN, 7), proof));
        if (m == n)
            return;
        QVERIFY(!merkle::verifyConsistency(m, n, rootM, rootN, proof.mid(1)));
        QVERIFY(!merkle::verifyConsistency(m, n, rootM, rootN, {}));
        QVERIFY(!merkle::verifyConsistency(m, n, rootM, rootN, QList<QByteArray>(proof) << rootN));
        for (int p = 0; p < proof.size(); ++p) {
            QList<QByteArray> altered = proof;
            altered[p] = flipBit(altered[p], p % 32);
            QVERIFY(!merkle::verifyConsistency(m, n, rootM, rootN, altered));
        }
        if (m > 1)
            QVERIFY(!merkle::verifyConsistency(m - 1, n, rootM, rootN, proof));
    }
};

QTEST_APPLESS_MAIN(MerkleTest)
#include "merkle_test.moc"
