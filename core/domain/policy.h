#pragma once
// Governance policy (spec §3.1, §3.2, §3.4, §4.3): every threshold and setting the pure
// decisions use. Versions of it are stored in the database (server/policy_store.h); this is the
// value and its JSON form. Every field is described by a PolicyField (name, kind, allowed
// range or values), so validation, the HTTP API and the admin editor share one table.

#include "core/base/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace lemm::core {

struct Policy {
    // Licences (spec §2.2): types a submission may declare; anything else is refused.
    QStringList acceptedLicenseTypes{QStringLiteral("lemm_training_only_v1")};
    QString defaultLicenseType = QStringLiteral("lemm_training_only_v1");
    // License template texts by licence type (shown to contributors).
    QJsonObject licenseTemplates{
        {QStringLiteral("lemm_training_only_v1"),
         QStringLiteral("Training and evaluation of LEMM models only; revocable for future use.")}};
    // Bulk-submission rule (spec §2.3): hold new submissions of a contributor who would hold
    // more than bulkMaxShare of the vault (once the vault has bulkMinVaultSize tracks) or more
    // than bulkMaxTracks tracks, unless an admin approved the contributor as a bulk source.
    double bulkMaxShare = 0.10;
    int bulkMinVaultSize = 50;
    int bulkMaxTracks = 1000;

    // Audio sanity (spec §2.1): duration limits, lowest sample rate, at most a stereo mix.
    double minDurationSec = 5;
    double maxDurationSec = 1800;
    int minSampleRate = 16000;
    int maxChannels = 2;

    // External decision table (spec §3.1).
    double externalWeakMin = 0.4;
    double externalStrongMin = 0.7;
    double externalStrongMinOverlapSec = 15;
    // "retry_then_review": an unavailable source fails the attempt (retried with backoff) and
    // on the last attempt the track goes to review flagged; "review": flag and go on at once.
    QString externalUnavailableAction = QStringLiteral("retry_then_review");

    // Accepted for compatibility and IGNORED (issue 12): the former coverage veto on fp_robust
    // matches. Every decision reads the calibrated score alone; stored policies keep working.
    double minMatchCoverage = 0.2;
    double coverageMinOverlapSec = 15;

    // Internal decision table (spec §3.2).
    QString exactDuplicateAction = QStringLiteral("reject"); // "reject" | "review"
    double internalRobustHigh = 0.7;
    double internalRobustWeak = 0.4;
    // Accepted for compatibility and IGNORED (issue 12): the DSP embedding is a ranking hint
    // shown as embedding_similarity; it raises no flag and decides no verdict.
    double internalEmbeddingHigh = 0.95;
    double internalEmbeddingMedium = 0.90;

    // Review (spec §3.4): "off": every track needs a vote; "unflagged": tracks without flags
    // are accepted by the system after the checks.
    QString autoAccept = QStringLiteral("off");
    int flaggedApprovalsRequired = 2;

    // Ingestion jobs.
    int maxCheckAttempts = 5;
    int retryBaseDelaySec = 30;
    int jobLeaseSec = 600;

    // Review previews (spec §1.2): snippet length, bitrate, token lifetime.
    double snippetMaxSec = 30;
    int snippetBitrateKbps = 64;
    int previewTokenTtlSec = 300;

    // Output safety (spec §6): decision thresholds on the highest similarity found.
    double outputWarnMin = 0.4;
    double outputBlockMin = 0.7;
    // A configured external source that did not answer makes a check "unverified"; what the
    // platform must do with such an output: "block" (default) or "warn". Never allow; an
    // unverified output is never exported.
    QString outputUnverifiedAction = QStringLiteral("block");
    // Prompts naming a commercial song or a non-participating artist (spec §6.3): "reject", or
    // "stricter" (accept, and check that output with the stricter thresholds below).
    QString promptSongAction = QStringLiteral("reject");
    QString promptArtistAction = QStringLiteral("stricter");
    double stricterWarnMin = 0.25;
    double stricterBlockMin = 0.5;
    // Repeated warn/block results by one user or model within the window raise an alert.
    int alertHits = 3;
    int alertWindowSec = 3600;
    // Revoked tracks leave training at once; "drop" also removes them from the similarity
    // references, "safety_only" keeps them as references for output checks (spec §7.3).
    QString revokedTracksInSafetyChecks = QStringLiteral("drop");
    // Outbox part (issue 14): a repeat of an open alert (same subject and pattern) within this
    // many hours of its last hit updates it (hits, last_seen_at) instead of opening another.
    int alertDedupWindowHours = 24;

    // Training links (issue 14, part "training"; spec §5): how long a manifest's fetch link
    // lives, and how many times one run may fetch one track (links are single-use besides).
    int trainingLinkTtlSec = 300;
    int trainingFetchLimit = 2;
    // Abuse limits (issue 14, part "abuse"). Claims: at most claimsPerAccount claims by one
    // account and claimsPerAddress from one client address within claimWindowSec. Previews:
    // per reviewer and track, at most previewBudgetSec seconds issued (overlaps count again)
    // and distinct coverage of at most max(previewCoverageMaxShare x the track's length,
    // snippetMaxSec); each preview link answers at most previewFetchesMax fetches.
    int claimsPerAccount = 5;
    int claimsPerAddress = 10;
    int claimWindowSec = 86400;
    double previewBudgetSec = 90;
    double previewCoverageMaxShare = 0.5;
    int previewFetchesMax = 3;

    QJsonObject toJson() const;
    // Partial: fields not present keep their defaults. Strict (PUT /policy): every field must
    // be present and no unknown field may be.
    static Result<Policy> fromJson(const QJsonObject &o, bool strict = false);
};

// One entry per policy field, for validation messages and the admin editor.
struct PolicyField {
    QString name;
    QString kind; // "number", "integer", "enum", "string_list", "string", "object"
    double min = 0, max = 0;
    QStringList values; // for "enum"
    QString description;
};
QList<PolicyField> policyFields();
QJsonArray policyFieldsJson();

// Field-by-field differences (name -> {old, new}).
QJsonObject policyDiff(const Policy &from, const Policy &to);

// The body of PUT /policy: the full new policy (validated by Policy::fromJson(strict) when it
// is stored), an optional note, and the version the admin edited (0: not given).
struct PolicyChange {
    QJsonObject policy;
    QString note;
    qint64 baseVersion = 0;
};

// 400 "invalid_fields" naming every bad or unknown field of the body.
Result<PolicyChange> parsePolicyChange(const QJsonObject &body);

} // namespace lemm::core
