#include "core/domain/decisions.h"

#include <algorithm>

namespace lemm::core {

QList<SanityProblem> checkAudioSanity(const AudioFacts &f, const Policy &p)
{
    QList<SanityProblem> out;
    if (f.truncated)
        out << SanityProblem{QStringLiteral("audio_truncated"),
                             QStringLiteral("the file ends before the audio its header announces; "
                                            "upload the complete file")};
    if (f.durationSec < p.minDurationSec)
        out << SanityProblem{QStringLiteral("audio_too_short"),
                             QStringLiteral("the audio lasts %1 s; at least %2 s are required")
                                 .arg(f.durationSec, 0, 'f', 1)
                                 .arg(p.minDurationSec)};
    if (f.durationSec > p.maxDurationSec)
        out << SanityProblem{QStringLiteral("audio_too_long"),
                             QStringLiteral("the audio lasts %1 s; at most %2 s are accepted")
                                 .arg(f.durationSec, 0, 'f', 1)
                                 .arg(p.maxDurationSec)};
    if (f.sampleRate < p.minSampleRate)
        out << SanityProblem{QStringLiteral("sample_rate_too_low"),
                             QStringLiteral("the sample rate is %1 Hz; at least %2 Hz is required")
                                 .arg(f.sampleRate)
                                 .arg(p.minSampleRate)};
    if (f.channels > p.maxChannels)
        out << SanityProblem{QStringLiteral("too_many_channels"),
                             QStringLiteral("the file has %1 channels; submit a stereo mix (at "
                                            "most %2 channels), not stems or surround")
                                 .arg(f.channels)
                                 .arg(p.maxChannels)};
    return out;
}

ExternalVerdict classifyExternal(double s, double overlapSec, const Policy &p)
{
    if (s < p.externalWeakMin)
        return ExternalVerdict::NoHit;
    if (s >= p.externalStrongMin && overlapSec >= p.externalStrongMinOverlapSec)
        return ExternalVerdict::Strong;
    return ExternalVerdict::Weak;
}

QString toString(ExternalVerdict v)
{
    switch (v) {
    case ExternalVerdict::NoHit: return QStringLiteral("no_hit");
    case ExternalVerdict::Weak: return QStringLiteral("weak_hit");
    case ExternalVerdict::Strong: return QStringLiteral("strong_hit");
    }
    return {};
}

InternalVerdict classifyInternal(const InternalEvidence &e, const Policy &p)
{
    if (e.exactMatch) {
        if (!e.referenceAccepted)
            return InternalVerdict::ExactDuplicateOfPending;
        return InternalVerdict::ExactDuplicate;
    }
    const bool coversMost =
        e.shorterTrackSec > 0 && e.robustOverlapSec >= kNearDuplicateMinShare * e.shorterTrackSec;
    if (e.robustScore >= p.internalRobustHigh && coversMost)
        return InternalVerdict::NearDuplicate;
    if (e.robustScore >= p.internalRobustWeak)
        return InternalVerdict::PartialMatch;
    return InternalVerdict::None;
}

QString toString(InternalVerdict v)
{
    switch (v) {
    case InternalVerdict::None: return QStringLiteral("none");
    case InternalVerdict::EmbeddingSimilar: return QStringLiteral("embedding_similar");
    case InternalVerdict::PartialMatch: return QStringLiteral("partial_match");
    case InternalVerdict::NearDuplicate: return QStringLiteral("near_duplicate");
    case InternalVerdict::ExactDuplicate: return QStringLiteral("exact_duplicate");
    case InternalVerdict::ExactDuplicateOfPending:
        return QStringLiteral("exact_duplicate_of_pending");
    }
    return {};
}

QString flagFor(InternalVerdict v)
{
    switch (v) {
    case InternalVerdict::None: return {};
    case InternalVerdict::EmbeddingSimilar: return flags::kEmbeddingSimilar;
    case InternalVerdict::PartialMatch: return flags::kInternalPartialMatch;
    case InternalVerdict::NearDuplicate: return flags::kNearDuplicate;
    case InternalVerdict::ExactDuplicate: return flags::kExactDuplicate;
    case InternalVerdict::ExactDuplicateOfPending: return flags::kDuplicateOfPending;
    }
    return {};
}

QString flagFor(ExternalVerdict v)
{
    switch (v) {
    case ExternalVerdict::NoHit: return {};
    case ExternalVerdict::Weak: return flags::kExternalWeakHit;
    case ExternalVerdict::Strong: return flags::kExternalStrongHit;
    }
    return {};
}

ChecksDecision decideAfterChecks(const QStringList &f, const Policy &p)
{
    if (f.contains(flags::kExternalStrongHit))
        return {ChecksOutcome::AutoReject,
                QStringLiteral("strong match in an external catalog (%1)")
                    .arg(flags::kExternalStrongHit)};
    // exact_duplicate is raised for copies of accepted tracks only; copies of tracks still in
    // review (duplicate_of_pending) always go to review.
    if (f.contains(flags::kExactDuplicate) && p.exactDuplicateAction == QLatin1String("reject"))
        return {ChecksOutcome::AutoReject,
                QStringLiteral("exact copy of a track already in the vault (%1)")
                    .arg(flags::kExactDuplicate)};
    bool flagged = false;
    for (const QString &x : f)
        flagged = flagged || isBlockingFlag(x);
    if (!flagged && p.autoAccept == QLatin1String("unflagged"))
        return {ChecksOutcome::AutoAccept, QStringLiteral("no flags; auto-accept policy")};
    return {ChecksOutcome::ToReview,
            flagged ? QStringLiteral("flagged for review") : QStringLiteral("checks passed")};
}

QString toString(VoteKind v)
{
    switch (v) {
    case VoteKind::Approve: return QStringLiteral("approve");
    case VoteKind::Reject: return QStringLiteral("reject");
    case VoteKind::NeedsMoreInfo: return QStringLiteral("needs_more_info");
    }
    return {};
}

bool parseVoteKind(const QString &s, VoteKind *out)
{
    for (VoteKind v : {VoteKind::Approve, VoteKind::Reject, VoteKind::NeedsMoreInfo})
        if (s == toString(v)) {
            *out = v;
            return true;
        }
    return false;
}

ReviewState decideReview(const QList<CastVote> &votes, bool flagged, const Policy &p)
{
    ReviewState st;
    st.required = flagged ? p.flaggedApprovalsRequired : 1;
    for (const CastVote &v : votes) {
        if (v.byAdmin && v.kind != VoteKind::NeedsMoreInfo) {
            st.outcome =
                v.kind == VoteKind::Approve ? ReviewOutcome::Accept : ReviewOutcome::Reject;
            st.summary = QStringLiteral("decided by an admin");
            return st;
        }
        if (v.kind == VoteKind::Approve)
            ++st.approvals;
        else if (v.kind == VoteKind::Reject)
            ++st.rejections;
        if (st.approvals >= st.required) {
            st.outcome = ReviewOutcome::Accept;
            break;
        }
        if (st.rejections >= st.required) {
            st.outcome = ReviewOutcome::Reject;
            break;
        }
    }
    st.summary = QStringLiteral("%1: %2 of %3 approvals, %4 of %3 rejections")
                     .arg(flagged ? QStringLiteral("flagged") : QStringLiteral("unflagged"))
                     .arg(st.approvals)
                     .arg(st.required)
                     .arg(st.rejections);
    return st;
}

QString toString(OutputDecision d)
{
    switch (d) {
    case OutputDecision::Allow: return QStringLiteral("allow");
    case OutputDecision::Warn: return QStringLiteral("warn");
    case OutputDecision::Block: return QStringLiteral("block");
    case OutputDecision::Unverified: return QStringLiteral("unverified");
    }
    return {};
}

OutputDecision decideOutput(double simMax, double warnMin, double blockMin)
{
    if (simMax >= blockMin)
        return OutputDecision::Block;
    if (simMax >= warnMin)
        return OutputDecision::Warn;
    return OutputDecision::Allow;
}

QString outputMessage(OutputDecision d)
{
    switch (d) {
    case OutputDecision::Allow: return {};
    case OutputDecision::Warn:
        return QStringLiteral("This output is somewhat similar to existing music. Consider "
                              "regenerating before commercial use.");
    case OutputDecision::Block:
        return QStringLiteral("This output is too similar to existing music and cannot be used. "
                              "Please regenerate.");
    case OutputDecision::Unverified:
        return QStringLiteral("This output could not be checked against every catalog.");
    }
    return {};
}

OutputVerdict outputVerdict(const OutputEvidence &e, double warnMin, double blockMin,
                            const Policy &p)
{
    const OutputDecision scored =
        decideOutput(std::max(e.internalMax, e.externalMax), warnMin, blockMin);
    if (scored == OutputDecision::Block || e.failedSources.isEmpty())
        return {scored, scored, outputMessage(scored)};
    QStringList why;
    for (const OutputEvidence::Failure &f : e.failedSources)
        why << QStringLiteral("%1 (%2)").arg(
            f.source, f.error.isEmpty() ? QStringLiteral("no answer") : f.error);
    const OutputDecision action = p.outputUnverifiedAction == QLatin1String("warn")
                                      ? OutputDecision::Warn
                                      : OutputDecision::Block;
    const QString consequence =
        action == OutputDecision::Block
            ? QStringLiteral("it cannot be used or exported until a check succeeds")
            : QStringLiteral("it cannot be exported until a check succeeds; consider "
                             "regenerating before commercial use");
    return {OutputDecision::Unverified, action,
            QStringLiteral("This output could not be verified: the external catalog(s) %1 did "
                           "not answer; %2.")
                .arg(why.join(QStringLiteral(", ")), consequence)};
}

bool isBlockingFlag(const QString &flag)
{
    return flag != flags::kNeedsMoreInfo && flag != flags::kEmbeddingSimilar;
}

bool isTrainingEligible(SubmissionState s, TrainingConsent consent, const QStringList &flags)
{
    const QStringList holds = flags::trainingHolds();
    return isTrainingEligible(s, consent) &&
           std::none_of(flags.begin(), flags.end(),
                        [&](const QString &f) { return holds.contains(f); });
}

} // namespace lemm::core
