#pragma once
// The governance figures of spec §9.2 experiment 5 and §10.2 phase 4 (issue 15): time to
// decision, queue age, inter-reviewer agreement, dispute and claim outcomes and reviewer load,
// computed from typed rows (server/storage/governance_rows.h). computeGovernance() is pure:
// rows and a clock in, a report out; governanceJson() is the shape of GET /admin/governance
// (docs/API.md). Stateless and thread-safe.
//
// Definitions (documented in docs/API.md):
// - time to decision: from a track's first entry into pending_review to its first later entry
//   into accepted, rejected or rejected_final, counted when that entry lies in the window;
//   median and p90 interpolate linearly between the closest ranks (p over n-1 gaps).
// - agreement: Fleiss' kappa over the review-round votes of reviewers (not admin overrides)
//   cast in the window, on items with at least two such votes, categories approve, reject,
//   needs_more_info; items may have different numbers of raters (each item's agreement is
//   averaged, category shares are over all ratings). Undefined (null) with fewer than two
//   items or when chance agreement is 1 (every rating in one category).

#include "server/storage/governance_rows.h"

#include <QJsonObject>

#include <optional>

namespace lemm::server {

struct DurationStats {
    int count = 0;
    std::optional<double> medianSeconds;
    std::optional<double> p90Seconds;
};

struct QueueStats {
    int count = 0;
    std::optional<double> medianAgeSeconds;
    std::optional<double> oldestAgeSeconds;
};

struct Agreement {
    int items = 0;   // items with >= 2 reviewer ratings
    int ratings = 0; // ratings on those items
    std::optional<double> observed;
    std::optional<double> expected;
    std::optional<double> kappa;
};

struct DisputeOutcomes {
    int opened = 0;     // appeals filed in the window
    int open = 0;       // of those, still in dispute_pending
    int upheld = 0;     // the rejection stood (rejected_final)
    int overturned = 0; // the appeal succeeded (accepted)
    int withdrawn = 0;  // left the dispute any other way (revoked)
};

struct ClaimOutcomes {
    int filed = 0;
    int pendingReview = 0;    // without standing, not yet reviewed
    int accepted = 0;         // without standing, accepted by a reviewer (locked then)
    int dismissed = 0;        // without standing, dismissed by a reviewer
    int lockedByStanding = 0; // filed by an admin or rights holder: locked at once
    int decided = 0;          // of the locked ones, decided by an admin since
};

struct ReviewerLoad {
    QString id;
    QString displayName;
    int votes = 0;
    int approve = 0;
    int reject = 0;
    int needsMoreInfo = 0;
};

struct GovernanceReport {
    int windowDays = 0;
    QDateTime since;
    QDateTime generatedAt;
    DurationStats decisions;
    QList<std::pair<QString, DurationStats>> byState; // accepted, rejected, rejected_final
    QList<std::pair<QString, DurationStats>> byFlag;  // sorted by flag
    DurationStats unflagged;
    QueueStats pendingReview;
    QueueStats disputePending;
    Agreement agreement;
    DisputeOutcomes disputes;
    ClaimOutcomes claims;
    QList<ReviewerLoad> reviewers; // most votes first
    int openItems = 0;             // pending_review + dispute_pending now
};

// Linear-interpolation quantile of `values` (0 <= p <= 1); nullopt when empty.
std::optional<double> quantile(QList<double> values, double p);
DurationStats durationStats(const QList<double> &seconds);

// Fleiss' kappa over per-item category counts (each inner list: the ratings per category).
Agreement fleissKappa(const QList<QList<int>> &counts);

GovernanceReport computeGovernance(const GovernanceRows &rows, const QDateTime &now, int days);
QJsonObject governanceJson(const GovernanceReport &report);

class GovernanceService
{
public:
    static constexpr int kDefaultDays = 30;
    static constexpr int kMaxDays = 3650;
    static Result<QJsonObject> report(const Database &db, const QDateTime &now, int days);
};

} // namespace lemm::server
