#pragma once
// The governance dashboard's typed API (issue 15, part "gov"): GET /admin/governance parsed once
// into a GovernanceSnapshot (figures defined in docs/API.md), and the abstract GovernanceApi
// the controller and the tests' fake (tests/app/fake_governance_api.h) implement.
// HttpGovernanceApi borrows the ApiClient (the transport) and lives on the GUI thread with it.

#include "api_client.h"
#include "api_result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace lemm::app {

// Time to decision of one group (a state reached, a flag, or all decisions).
struct DecisionTimes {
    QString key; // state or flag id; empty for the overall and unflagged figures
    int count = 0;
    std::optional<double> medianSeconds;
    std::optional<double> p90Seconds;
};

struct QueueAge {
    int count = 0;
    std::optional<double> medianAgeSeconds;
    std::optional<double> oldestAgeSeconds;
};

struct ReviewerLoadEntry {
    QString id;
    QString displayName;
    int votes = 0;
    int approve = 0;
    int reject = 0;
    int needsMoreInfo = 0;
};

struct GovernanceSnapshot {
    int windowDays = 0;
    QDateTime since;
    QDateTime generatedAt;
    DecisionTimes decisions;
    QList<DecisionTimes> byState;
    QList<DecisionTimes> byFlag;
    DecisionTimes unflagged;
    QueueAge pendingReview;
    QueueAge disputePending;
    int openItems = 0;
    // Fleiss' kappa over the items at least two reviewers voted on; nullopt when undefined.
    int agreementItems = 0;
    int agreementRatings = 0;
    std::optional<double> kappa;
    std::optional<double> observedAgreement;
    int disputesOpened = 0, disputesOpen = 0, disputesUpheld = 0, disputesOverturned = 0,
        disputesWithdrawn = 0;
    int claimsFiled = 0, claimsPendingReview = 0, claimsAccepted = 0, claimsDismissed = 0,
        claimsLockedByStanding = 0, claimsDecided = 0;
    QList<ReviewerLoadEntry> reviewers;
};

// Parses the body of GET /admin/governance; a missing section or an oversized list (more than
// kMaxListEntries) is a "bad_reply" error. Negative or non-finite numbers read as absent.
inline constexpr int kMaxListEntries = 5000;
ApiResult<GovernanceSnapshot> parseGovernanceSnapshot(const QJsonObject &body);

class GovernanceApi
{
public:
    virtual ~GovernanceApi() = default;
    // The figures of the last `days` days (1..3650).
    virtual QCoro::Task<ApiResult<GovernanceSnapshot>> governance(int days) = 0;
};

class HttpGovernanceApi : public GovernanceApi
{
public:
    explicit HttpGovernanceApi(ApiClient *client) : m_client(client) {}
    QCoro::Task<ApiResult<GovernanceSnapshot>> governance(int days) override;

private:
    ApiClient *m_client; // not owned; outlives this
};

} // namespace lemm::app
