#pragma once
// The append-only, hash-chained audit log (spec §4.4) on top of the relational store.
// append() must run inside the caller's open transaction, so an entry is written exactly when
// the change it records is. There is deliberately no update or delete: the schema refuses
// them with triggers too. Every entry is also a leaf of the transparency log
// (server/storage/transparency_log.h), whose signed tree head is written before the
// transaction commits. Thread-safe (no state of its own).

#include "server/storage/database.h"

#include "core/crypto/audit_chain.h"

#include <QJsonObject>

namespace lemm::server {

namespace audit {
// Event types; stable names, part of the proofs' format.
inline const QString kAccountCreated = QStringLiteral("account_created");
inline const QString kPolicyChange = QStringLiteral("policy_change");
inline const QString kSubmissionDecision = QStringLiteral("submission_decision");
inline const QString kConsentChange = QStringLiteral("consent_change");
inline const QString kVaultAccess = QStringLiteral("vault_access");
inline const QString kTermsAffirmed = QStringLiteral("terms_affirmed");
inline const QString kSimilarityCheck = QStringLiteral("similarity_check");
inline const QString kReviewVote = QStringLiteral("review_vote");
inline const QString kInfringementClaim = QStringLiteral("infringement_claim");
inline const QString kTrainingBatch = QStringLiteral("training_batch");
inline const QString kOutputSimilarityCheck = QStringLiteral("output_similarity_check");
inline const QString kPromptModeration = QStringLiteral("prompt_moderation");
inline const QString kOutputExport = QStringLiteral("output_export");
// API key revoked/rotated, password changed/reset (payload: what changed, never a secret).
inline const QString kCredentialChange = QStringLiteral("credential_change");
// proofs (issue 14): a model entered the registry (subject: model id; payload: name,
// model_type, registered_by). The first link of the model's chain (server/storage/subject_links.h).
inline const QString kModelRegistered = QStringLiteral("model_registered");
} // namespace audit

struct AuditVerifyReport {
    bool ok = false;
    qint64 entries = 0;
    QString headHash;
    QString problem; // first broken entry, when !ok
};

class AuditLog
{
public:
    // Appends one entry; `db` must be inside a transaction (see Transaction).
    static Result<core::AuditEntry> append(const Tx &tx, const QString &eventType,
                                           const QString &actor, const QString &subject,
                                           const QJsonObject &payload, const QString &at);

    // Walks the whole chain in order and checks every link and the head.
    static Result<AuditVerifyReport> verify(const Database &database);

    // Entries matching every non-empty field of the filter, newest first. `since`/`until`
    // compare with `at` (ISO 8601 UTC, so text order is time order; `until` is exclusive).
    struct Filter {
        QString eventType;
        QString subject;
        QString actor;
        QString since;
        QString until;
        int limit = 100;
    };
    static Result<QList<core::AuditEntry>> list(const Database &database, const Filter &filter);
};

} // namespace lemm::server
