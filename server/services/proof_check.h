#pragma once
// The proof format v2 (issue 14, "Proofs that prove"): what a proof document holds, the
// statements recomputed from its audit entries, and the offline check that needs no database.
// Kinds: "lemm-model-proof-2" (a model's registration and training runs), "lemm-output-proof-2"
// (an output's safety checks and exports) and "lemm-track-receipt-1" (a track's consent
// versions, decisions, claims and the runs and models that used it).
//
// A document: {kind, subject: {key, id}, chain: {newest_seq, links_since}, tree_head, entries
// (every audit entry about the subject, as stored, with its inclusion proof), related_entries
// (revocations and claims of tracks a model used), statement (object), summary (sentence),
// generated_at, how_to_check, signature}. The statement is a pure function of the entries
// (statementFor()), so the server builds it and the checker recomputes it the same way.
// docs/ARCHITECTURE.md ("Proofs") describes the chain and what completeness means. Pure and
// thread-safe.

#include "core/base/result.h"
#include "core/crypto/audit_chain.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace lemm::server::proofs {

inline const QString kModelProof = QStringLiteral("lemm-model-proof-2");
inline const QString kOutputProof = QStringLiteral("lemm-output-proof-2");
inline const QString kTrackReceipt = QStringLiteral("lemm-track-receipt-1");

// One audit entry of a document with its payload parsed.
struct ProofEntry {
    core::AuditEntry entry;
    QJsonObject payload;
    QJsonObject inclusion; // {leaf_index, tree_size, path: [hex]} (empty before heads exist)
};

QJsonObject entryJson(const ProofEntry &e);
core::Result<ProofEntry> entryFrom(const QJsonObject &o);
ProofEntry proofEntry(const core::AuditEntry &e);

// The seq of the entry before `e` about `key`; nullopt when `e` carries no back-link for it.
std::optional<qint64> prevAbout(const ProofEntry &e, const QString &key);

// The statement of a document of `kind` about `subjectId`, from its entries (seq order) and
// related entries. `linksSince`: entries up to it carry no back-links.
core::Result<QJsonObject> statementFor(const QString &kind, const QString &subjectId,
                                       const QList<ProofEntry> &entries,
                                       const QList<ProofEntry> &related, qint64 linksSince);
// The human sentence for a statement.
QString summaryFor(const QString &kind, const QJsonObject &statement);

// The path of the first difference between two JSON values ("runs[0].packs"), or nothing.
std::optional<QString> firstDifference(const QJsonValue &expected, const QJsonValue &actual,
                                       const QString &path = {});

// The bytes the document signature covers: "lemm-proof-2\n" then the compact JSON of the
// document without its "signature" member (Qt writes members in key order).
QByteArray signedBytes(const QJsonObject &document);

// What `proof check` found: every problem, each naming why; notes that are not failures
// (an unpinned key, a part that cannot be shown complete).
struct CheckReport {
    QString kind;
    int entries = 0;
    QStringList problems;
    QStringList notes;
    bool ok() const { return problems.isEmpty(); }
};

// Checks a document with no database: each entry's hash, the back-links (completeness), the
// recomputed statement, the tree head's signature and each inclusion proof, the document
// signature. `pinnedKey`: the server's raw public key; empty = use the document's own (noted).
CheckReport checkDocument(const QJsonObject &document, const QByteArray &pinnedKey);

} // namespace lemm::server::proofs
