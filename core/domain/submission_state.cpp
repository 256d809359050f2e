#include "core/domain/submission_state.h"

#include <array>
#include <optional>

namespace lemm::core {

using S = SubmissionState;
using E = SubmissionEvent;

namespace {

struct Transition {
    S from;
    E event;
    S to;
};

// The whole machine. Revocation: a contributor may withdraw consent at any time; a track that
// was still in the pipeline or in the vault is removed; a rejected one keeps its state (its
// consent record still records the revocation).
constexpr std::array kTransitions{
    Transition{S::Submitted, E::ChecksStarted, S::PendingAutomatedChecks},
    Transition{S::PendingAutomatedChecks, E::ChecksPassed, S::PendingReview},
    Transition{S::PendingAutomatedChecks, E::AutoRejected, S::Rejected},
    Transition{S::PendingAutomatedChecks, E::ChecksFailed, S::PendingReview},
    Transition{S::PendingReview, E::Approved, S::Accepted},
    Transition{S::PendingReview, E::Rejected, S::Rejected},
    Transition{S::Rejected, E::Appealed, S::DisputePending},
    Transition{S::DisputePending, E::AppealUpheld, S::Accepted},
    Transition{S::DisputePending, E::AppealDenied, S::RejectedFinal},
    Transition{S::Accepted, E::ClaimFiled, S::UnderInvestigation},
    Transition{S::PendingReview, E::ClaimFiled, S::UnderInvestigation},
    Transition{S::UnderInvestigation, E::ClaimDismissed, S::Accepted},
    Transition{S::UnderInvestigation, E::ClaimSustainedReject, S::RejectedFinal},
    Transition{S::UnderInvestigation, E::ClaimSustainedRemove, S::Removed},
    Transition{S::Submitted, E::Revoked, S::Removed},
    Transition{S::PendingAutomatedChecks, E::Revoked, S::Removed},
    Transition{S::PendingReview, E::Revoked, S::Removed},
    Transition{S::Accepted, E::Revoked, S::Removed},
    Transition{S::DisputePending, E::Revoked, S::Removed},
    Transition{S::UnderInvestigation, E::Revoked, S::Removed},
    Transition{S::Rejected, E::Revoked, S::Rejected},
    Transition{S::RejectedFinal, E::Revoked, S::RejectedFinal},
};

constexpr std::array kStateNames{
    "submitted",
    "pending_automated_checks",
    "pending_review",
    "accepted",
    "rejected",
    "removed",
    "dispute_pending",
    "rejected_final",
    "under_investigation",
};

constexpr std::array kEventNames{
    "checks_started",
    "checks_passed",
    "auto_rejected",
    "approved",
    "rejected",
    "revoked",
    "appealed",
    "appeal_upheld",
    "appeal_denied",
    "claim_filed",
    "claim_dismissed",
    "claim_sustained_reject",
    "claim_sustained_remove",
    "checks_failed",
};

} // namespace

QList<SubmissionState> allSubmissionStates()
{
    QList<S> out;
    for (int i = 0; i < int(kStateNames.size()); ++i)
        out << S(i);
    return out;
}

QList<SubmissionEvent> allSubmissionEvents()
{
    QList<E> out;
    for (int i = 0; i < int(kEventNames.size()); ++i)
        out << E(i);
    return out;
}

QString toString(SubmissionState s)
{
    return QString::fromLatin1(kStateNames.at(size_t(s)));
}

QString toString(SubmissionEvent e)
{
    return QString::fromLatin1(kEventNames.at(size_t(e)));
}

Result<SubmissionState> parseSubmissionState(const QString &s)
{
    for (size_t i = 0; i < kStateNames.size(); ++i)
        if (s == QLatin1String(kStateNames[i]))
            return S(i);
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("unknown_state"),
                       QStringLiteral("unknown submission state '%1'").arg(s));
}

Result<SubmissionState> transition(SubmissionState from, SubmissionEvent event)
{
    for (const auto &t : kTransitions)
        if (t.from == from && t.event == event)
            return t.to;
    return Error::make(ErrorKind::Conflict, QStringLiteral("illegal_transition"),
                       QStringLiteral("a submission in state '%1' cannot take event '%2'")
                           .arg(toString(from), toString(event)));
}

bool isTrainingEligibleState(SubmissionState s)
{
    return s == S::Accepted;
}

bool isTrainingEligible(SubmissionState s, TrainingConsent consent)
{
    return isTrainingEligibleState(s) && consent.trainingAllowed && !consent.revoked;
}

bool isReferenceState(SubmissionState s)
{
    return s == S::Accepted || s == S::PendingReview || s == S::DisputePending ||
           s == S::UnderInvestigation;
}

QList<SubmissionState> referenceStates()
{
    QList<SubmissionState> out;
    for (SubmissionState s : allSubmissionStates())
        if (isReferenceState(s))
            out << s;
    return out;
}

} // namespace lemm::core
