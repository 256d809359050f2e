#pragma once
// The automated and human decisions of spec §3.1, §3.2, §3.4 and §6 as pure functions. Every
// threshold comes from the Policy; callers gather the evidence (server/check_pipeline.h: one
// pipeline for ingestion and output checks) and persist the outcome.
//
// Scores are the calibrated match confidence (core/similarity/score_calibration.h); no decision
// reads the match's `coverage` any more (the former min_match_coverage veto is gone: what
// decides a match is inside its score). "Overlap" in the tables is the length of ONE segment:
// the longest segment of the match, or the whole matched span when a match has no segments
// (overlapOf() in core/similarity/robust_index.h; callers pass the number, so the decisions
// need no similarity types).
// The DSP embedding is a ranking hint only: it raises no flag and decides no verdict.

#include "core/domain/policy.h"
#include "core/domain/submission_state.h"

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
// Flags that keep an otherwise eligible track out of every training selection until they are
// lifted (spec §2.3, §5: a held bulk source trains only once an admin approved the source;
// reviewer approvals accept the track but do not lift the hold).
inline QStringList trainingHolds()
{
    return {kBulkHold};
}
} // namespace flags

// core::isTrainingEligible with the track's flags: eligible and no training hold.
bool isTrainingEligible(SubmissionState s, TrainingConsent consent, const QStringList &flags);

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

// External decision table (spec §3.1), per hit: weak from externalWeakMin, strong from
// externalStrongMin with an overlap (one segment) of at least externalStrongMinOverlapSec.
enum class ExternalVerdict { NoHit, Weak, Strong };
ExternalVerdict classifyExternal(double matchConfidence, double overlapSec, const Policy &policy);
QString toString(ExternalVerdict v);

// Internal decision table (spec §3.2), per reference track.
struct InternalEvidence {
    bool exactMatch = false; // identical PCM or Chromaprint fingerprint
    bool referenceAccepted = false;
    double robustScore = 0;         // calibrated fp_robust score of the best segment, 0..1
    double embeddingSimilarity = 0; // cosine of the track embeddings: information only
    double robustOverlapSec = 0;    // overlapOf() the match
    double shorterTrackSec = 0;     // the shorter of the submission and the reference
};
// Share of the shorter track one segment must cover for a near-duplicate.
constexpr double kNearDuplicateMinShare = 0.8;
enum class InternalVerdict {
    None,
    EmbeddingSimilar,        // no longer raised (the embedding is a ranking hint); kept stable
    PartialMatch,            // robust score >= internalRobustWeak: part of the reference reused
    NearDuplicate,           // robust score >= internalRobustHigh and one segment covering at
                             // least kNearDuplicateMinShare of the shorter track: manual review
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
// Unverified: a configured external source did not answer and nothing found blocks anyway.
enum class OutputDecision { Allow, Warn, Block, Unverified };
QString toString(OutputDecision d);
OutputDecision decideOutput(double simMax, double warnMin, double blockMin);
// The user-facing message of spec §6.2 (Unverified: see outputVerdict()).
QString outputMessage(OutputDecision d);

// What one output check found, reduced to what the decision reads.
struct OutputEvidence {
    double internalMax = 0; // best calibrated score against the vault
    double externalMax = 0; // best match confidence against the external sources that answered
    struct Failure {
        QString source;
        QString error;
    };
    QList<Failure> failedSources; // configured sources that did not answer
};
struct OutputVerdict {
    OutputDecision decision = OutputDecision::Allow;
    // What the platform must do: equals the decision, except for Unverified, where it is the
    // policy's outputUnverifiedAction (block or warn; never allow).
    OutputDecision action = OutputDecision::Allow;
    QString message;
};
// >= blockMin against the vault or a catalog: block (whatever else failed); otherwise a failed
// source makes the result unverified; otherwise decideOutput() of the higher score.
OutputVerdict outputVerdict(const OutputEvidence &e, double warnMin, double blockMin,
                            const Policy &policy);

// Flags that make a submission "flagged" for the decision rule (informational ones such as
// needs_more_info do not).
bool isBlockingFlag(const QString &flag);

} // namespace lemm::core
