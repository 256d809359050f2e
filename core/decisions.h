#pragma once
// The automated and human decisions of spec §3.1, §3.2 and §3.4 as pure functions. Every
// threshold comes from the Policy; callers gather the evidence and persist the outcome.

#include "policy.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace lemm::core {

// Stable flag names (GET /tracks/{id}/status, the review API). Never rename; add.
namespace flags {
inline const QString kExactDuplicate = QStringLiteral("exact_duplicate");
inline const QString kDuplicateOfPending = QStringLiteral("duplicate_of_pending");
inline const QString kNearDuplicate = QStringLiteral("near_duplicate");
inline const QString kInternalPartialMatch = QStringLiteral("internal_partial_match");
inline const QString kEmbeddingSimilar = QStringLiteral("embedding_similar");
inline const QString kExternalWeakHit = QStringLiteral("external_weak_hit");
inline const QString kExternalStrongHit = QStringLiteral("external_strong_hit");
inline const QString kExternalCheckUnavailable = QStringLiteral("external_check_unavailable");
inline const QString kFailedChecks = QStringLiteral("failed_checks");
inline const QString kRightsReview = QStringLiteral("rights_review");
inline const QString kBulkHold = QStringLiteral("bulk_hold");
inline const QString kNeedsMoreInfo = QStringLiteral("needs_more_info");
inline const QString kUnderClaim = QStringLiteral("infringement_claim");
} // namespace flags

// Audio sanity (spec §2.1): the facts of a full decode against the policy limits.
struct AudioFacts {
    double durationSec = 0; // decoded
    int sampleRate = 0;     // source
    int channels = 0;       // source
    bool truncated = false;
};
// Empty when sane; otherwise {code, message} of the first problem.
struct SanityProblem {
    QString code;
    QString message;
};
QList<SanityProblem> checkAudioSanity(const AudioFacts &facts, const Policy &policy);

// External decision table (spec §3.1), per hit.
enum class ExternalVerdict { NoHit, Weak, Strong };
// `coverage` (fp_robust matches only): below policy.minMatchCoverage the hit does not count
// when the overlap is at least policy.coverageMinOverlapSec.
ExternalVerdict classifyExternal(double matchConfidence, double overlapSec, const Policy &policy,
                                 std::optional<double> coverage = std::nullopt);
QString toString(ExternalVerdict v);

// Internal decision table (spec §3.2), per reference track.
struct InternalEvidence {
    bool exactMatch = false; // identical PCM or Chromaprint fingerprint
    bool referenceAccepted = false;
    double robustScore = 0;         // fp_robust score, 0..1
    double embeddingSimilarity = 0; // cosine of the track embeddings
    double robustCoverage = 1;      // share of the submission's peaks the robust match reproduces
    double robustOverlapSec = 0;    // length of that match
};
enum class InternalVerdict {
    None,
    EmbeddingSimilar,        // medium embedding only: reviewer note
    PartialMatch,            // robust match (part of the reference reused), embedding not high
    NearDuplicate,           // high robust + high embedding: manual review
    ExactDuplicate,          // exact copy of an accepted track
    ExactDuplicateOfPending, // exact copy of a track still in review: manual review
};
InternalVerdict classifyInternal(const InternalEvidence &e, const Policy &policy);
QString toString(InternalVerdict v);
// The flag a verdict raises (empty for None).
QString flagFor(InternalVerdict v);
QString flagFor(ExternalVerdict v);

// What the worker does once the checks are done.
enum class ChecksOutcome { ToReview, AutoReject, AutoAccept };
struct ChecksDecision {
    ChecksOutcome outcome = ChecksOutcome::ToReview;
    QString reason;
};
ChecksDecision decideAfterChecks(const QStringList &flags, const Policy &policy);

// Voting (spec §3.4).
enum class VoteKind { Approve, Reject, NeedsMoreInfo };
QString toString(VoteKind v);
bool parseVoteKind(const QString &s, VoteKind *out);

struct CastVote {
    QString voterId;
    bool byAdmin = false;
    VoteKind kind = VoteKind::Approve;
};
enum class ReviewOutcome { Pending, Accept, Reject };
struct ReviewState {
    ReviewOutcome outcome = ReviewOutcome::Pending;
    int approvals = 0;
    int rejections = 0;
    int required = 1; // approvals (or rejections) needed from reviewers
    QString summary;  // e.g. "flagged: 1 of 2 approvals"
};
// Without automated flags one reviewer decides; with flags `flaggedApprovalsRequired`
// reviewers must agree, or one admin decides (an admin's vote always decides: override).
ReviewState decideReview(const QList<CastVote> &votes, bool flagged, const Policy &policy);

// Output safety (spec §6.1-§6.2): allow below warn, warn in [warn, block), block from block.
enum class OutputDecision { Allow, Warn, Block };
QString toString(OutputDecision d);
OutputDecision decideOutput(double simMax, double warnMin, double blockMin);
// The user-facing message of spec §6.2.
QString outputMessage(OutputDecision d);

// Flags that make a submission "flagged" for the decision rule (informational ones such as
// needs_more_info do not).
bool isBlockingFlag(const QString &flag);

} // namespace lemm::core
