#pragma once
// A GovernanceApi for model and widget tests: answers every call with `next` (a snapshot or an
// error) at once and records the windows asked for.
#include "app/governance_api.h"

namespace lemm::test {

class FakeGovernanceApi : public app::GovernanceApi
{
public:
    app::ApiResult<app::GovernanceSnapshot> next = app::GovernanceSnapshot{};
    QList<int> calls; // the `days` of each call

    QCoro::Task<app::ApiResult<app::GovernanceSnapshot>> governance(int days) override
    {
        calls << days;
        co_return next;
    }
};

// A window with decisions under two flags and unflagged ones, a queue, agreement and load.
inline app::GovernanceSnapshot sampleGovernance()
{
    app::GovernanceSnapshot s;
    s.windowDays = 30;
    s.decisions = {{}, 6, 600.0, 3000.0};
    s.byState = {{QStringLiteral("accepted"), 4, 500.0, 900.0},
                 {QStringLiteral("rejected"), 2, 1200.0, 3000.0}};
    s.byFlag = {{QStringLiteral("near_duplicate"), 2, 1800.0, 3000.0},
                {QStringLiteral("external_weak_hit"), 1, 900.0, 900.0}};
    s.unflagged = {{}, 3, 300.0, 500.0};
    s.pendingReview = {3, 3600.0, 7200.0};
    s.disputePending = {0, std::nullopt, std::nullopt};
    s.openItems = 3;
    s.agreementItems = 5;
    s.agreementRatings = 10;
    s.kappa = 0.52;
    s.disputesOpened = 2;
    s.disputesOverturned = 1;
    s.disputesOpen = 1;
    s.claimsFiled = 1;
    s.claimsLockedByStanding = 1;
    s.reviewers = {{QStringLiteral("acc_1"), QStringLiteral("Rita"), 7, 5, 1, 1},
                   {QStringLiteral("acc_2"), QStringLiteral("Ravi"), 3, 2, 1, 0},
                   {QStringLiteral("acc_3"), QStringLiteral("Rosa"), 0, 0, 0, 0}};
    return s;
}

} // namespace lemm::test
