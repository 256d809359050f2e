// The offline proof check on documents made in the test (no server): entries written before
// back-links existed are shown but noted, never claimed complete; an unlinked entry after
// linking began, a foreign subject key and an unknown kind fail naming why.
#include "server/services/proof_check.h"
#include "server/services/proof_seal.h"
#include "server/storage/audit_log.h"

#include "core/crypto/merkle.h"
#include "core/crypto/tree_head.h"

#include <QJsonDocument>
#include <QTest>

using namespace lemm;
using server::proofs::ProofEntry;

namespace {

const QString kTrack = QStringLiteral("trk_aaaaaaaaaaaaaaaaaaaa");

// A hash-chained log of entries made in the test.
struct Log {
    QList<core::AuditEntry> entries;

    void add(const QString &type, const QString &subject, const QJsonObject &payload)
    {
        core::AuditEntry e;
        e.seq = entries.size() + 1;
        e.at = QStringLiteral("2026-12-01T10:00:0%1.000Z").arg(e.seq);
        e.eventType = type;
        e.actor = QStringLiteral("acc_test");
        e.subject = subject;
        e.payload = QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact));
        e.prevHash = entries.isEmpty() ? core::kGenesisHash : entries.last().hash;
        e.hash = core::entryHash(e);
        entries << e;
    }
};

// A receipt of kTrack over `log` showing the entries `shown`, sealed with `key` the way the
// server seals one (head over the whole log, inclusion proofs, document signature).
QJsonObject receipt(const Log &log, const QList<int> &shown, qint64 newest, qint64 linksSince,
                    const core::crypto::SigningKey &key)
{
    core::merkle::MemoryTree tree;
    for (const core::AuditEntry &e : log.entries)
        tree.append(core::merkle::auditLeafHash(e.hash));
    QList<ProofEntry> entries;
    QJsonArray json;
    for (int seq : shown) {
        ProofEntry p = server::proofs::proofEntry(log.entries.at(seq - 1));
        QJsonArray path;
        const auto proof = core::merkle::inclusionProof(tree.source(), seq - 1, tree.size());
        for (const QByteArray &h : proof.value())
            path.append(QString::fromLatin1(h.toHex()));
        p.inclusion = QJsonObject{{QStringLiteral("leaf_index"), seq - 1},
                                  {QStringLiteral("tree_size"), double(tree.size())},
                                  {QStringLiteral("path"), path}};
        entries << p;
        json.append(server::proofs::entryJson(p));
    }
    const QString kind = server::proofs::kTrackReceipt;
    const QJsonObject statement =
        server::proofs::statementFor(kind, kTrack, entries, {}, linksSince).value();
    core::crypto::SignedTreeHead head;
    head.treeSize = tree.size();
    head.rootHash = tree.root();
    head.timestamp = QStringLiteral("2026-12-01T10:00:09.000Z");
    head.sign(key);
    QJsonObject doc{
        {QStringLiteral("kind"), kind},
        {QStringLiteral("subject"),
         QJsonObject{{QStringLiteral("key"), QStringLiteral("track:") + kTrack},
                     {QStringLiteral("id"), kTrack}}},
        {QStringLiteral("chain"), QJsonObject{{QStringLiteral("newest_seq"), double(newest)},
                                              {QStringLiteral("links_since"), double(linksSince)}}},
        {QStringLiteral("entries"), json},
        {QStringLiteral("related_entries"), QJsonArray{}},
        {QStringLiteral("statement"), statement},
        {QStringLiteral("summary"), server::proofs::summaryFor(kind, statement)},
        {QStringLiteral("tree_head"), head.toJson()}};
    doc.insert(
        QStringLiteral("signature"),
        QJsonObject{{QStringLiteral("public_key"), QString::fromLatin1(key.publicKey().toHex())},
                    {QStringLiteral("value"),
                     QString::fromLatin1(key.sign(server::proofs::signedBytes(doc)).toBase64())}});
    return doc;
}

QJsonObject linked(QJsonObject payload, qint64 prev)
{
    payload.insert(QStringLiteral("prev_subject_seq"),
                   QJsonObject{{QStringLiteral("track:") + kTrack, double(prev)}});
    return payload;
}

const QJsonObject kSubmitted{{QStringLiteral("decision"), QStringLiteral("submitted")},
                             {QStringLiteral("consent_version"), 1},
                             {QStringLiteral("training_allowed"), true}};
const QJsonObject kRevoked{{QStringLiteral("change"), QStringLiteral("revoked")},
                           {QStringLiteral("consent_version"), 2},
                           {QStringLiteral("scope"), QStringLiteral("future_training")}};

} // namespace

class ProofCheckTest : public QObject
{
    Q_OBJECT

    const core::crypto::SigningKey m_key = core::crypto::SigningKey::generate();

private Q_SLOTS:
    // Entry 1 predates linking (which began after entry 2); entry 3 is the first linked one.
    void olderEntriesAreShownButNotClaimedComplete()
    {
        Log log;
        log.add(server::audit::kSubmissionDecision, kTrack, kSubmitted);
        log.add(server::audit::kAccountCreated, QStringLiteral("acc_other"), {});
        log.add(server::audit::kConsentChange, kTrack, linked(kRevoked, 0));
        const QJsonObject doc = receipt(log, {1, 3}, 3, 2, m_key);
        const auto r = server::proofs::checkDocument(doc, m_key.publicKey());
        QVERIFY2(r.ok(), qPrintable(r.problems.join(QLatin1Char('\n'))));
        QVERIFY(r.notes.join(QLatin1Char(' '))
                    .contains(QStringLiteral("entries up to 2 predate "
                                             "back-links")));
        const QJsonObject s = doc.value(QStringLiteral("statement")).toObject();
        QCOMPARE(s.value(QStringLiteral("complete_since_seq")).toInt(), 2);
        QCOMPARE(s.value(QStringLiteral("consent_versions")).toArray().size(), 2);
        QVERIFY(doc.value(QStringLiteral("summary"))
                    .toString()
                    .contains(QStringLiteral("complete only for audit entries after 2")));
    }

    void anUnlinkedEntryAfterLinkingBeganFails()
    {
        Log log;
        log.add(server::audit::kSubmissionDecision, kTrack, linked(kSubmitted, 0));
        log.add(server::audit::kConsentChange, kTrack, kRevoked); // no back-link
        const auto r =
            server::proofs::checkDocument(receipt(log, {1, 2}, 2, 0, m_key), m_key.publicKey());
        QVERIFY(!r.ok());
        QVERIFY2(r.problems.join(QLatin1Char('\n'))
                     .contains(QStringLiteral("entry 2 carries no back-link")),
                 qPrintable(r.problems.join(QLatin1Char('\n'))));
    }

    void anEntryAboutAnotherSubjectFails()
    {
        Log log;
        log.add(server::audit::kSubmissionDecision, kTrack, linked(kSubmitted, 0));
        log.add(server::audit::kAccountCreated, QStringLiteral("acc_other"), {});
        const auto r =
            server::proofs::checkDocument(receipt(log, {1, 2}, 1, 0, m_key), m_key.publicKey());
        QVERIFY(
            r.problems.join(QLatin1Char('\n')).contains(QStringLiteral("entry 2 is not about")));
    }

    void anUnknownKindFails()
    {
        const auto r = server::proofs::checkDocument(
            QJsonObject{{QStringLiteral("kind"), QStringLiteral("lemm-model-proof-1")}}, {});
        QVERIFY(!r.ok());
        QVERIFY(r.problems.first().contains(QStringLiteral("not a proof this version knows")));
    }
};

QTEST_MAIN(ProofCheckTest)
#include "proof_check_test.moc"
