#pragma once
// The submission state machine of spec §3.3–§3.4 as a pure function: (state, event) -> state.
// No I/O; callers persist the result and the SubmissionHistory row.

#include "core/base/result.h"

#include <QList>
#include <QString>

namespace lemm::core {

enum class SubmissionState {
    Submitted,
    PendingAutomatedChecks,
    PendingReview,
    Accepted,
    Rejected,
    Removed,
    DisputePending,
    RejectedFinal,
    UnderInvestigation,
};

enum class SubmissionEvent {
    ChecksStarted,        // submitted -> pending_automated_checks (audio stored, job queued)
    ChecksPassed,         // pending_automated_checks -> pending_review
    AutoRejected,         // pending_automated_checks -> rejected (strong hit / exact duplicate)
    Approved,             // pending_review -> accepted (decision rule satisfied)
    Rejected,             // pending_review -> rejected
    Revoked,              // contributor revocation; see transition() for the sources
    Appealed,             // rejected -> dispute_pending
    AppealUpheld,         // dispute_pending -> accepted
    AppealDenied,         // dispute_pending -> rejected_final
    ClaimFiled,           // accepted | pending_review -> under_investigation
    ClaimDismissed,       // under_investigation -> accepted (admin: keep)
    ClaimSustainedReject, // under_investigation -> rejected_final (admin: reject)
    ClaimSustainedRemove, // under_investigation -> removed (admin: remove)
    ChecksFailed,         // pending_automated_checks -> pending_review (flagged failed_checks)
};

QList<SubmissionState> allSubmissionStates();
QList<SubmissionEvent> allSubmissionEvents();

QString toString(SubmissionState s);
QString toString(SubmissionEvent e);
Result<SubmissionState> parseSubmissionState(const QString &s);

// Next state, or a Conflict error ("illegal_transition") naming the state and the event.
Result<SubmissionState> transition(SubmissionState from, SubmissionEvent event);

// True for the states in which a track may still appear in training-eligible selections.
bool isTrainingEligibleState(SubmissionState s);

// What a track's current consent version says about training.
struct TrainingConsent {
    bool trainingAllowed = false;
    bool revoked = false;
};

// The one definition of training eligibility (spec §3.3, §5.1): an accepted track whose current
// consent allows training and is not revoked. The training gateway's SQL is generated from it.
bool isTrainingEligible(SubmissionState s, TrainingConsent consent);

// The states in which a track is part of the vault for similarity (new submissions and
// generated outputs are compared with it): accepted, or still before a reviewer's final word.
bool isReferenceState(SubmissionState s);
QList<SubmissionState> referenceStates();

} // namespace lemm::core
