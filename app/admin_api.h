#pragma once
// The admin role's typed API (spec §4.3, §7): the policy and its history, accounts and their
// roles, infringement claims (open ones to decide, pending_review ones to accept or dismiss),
// the dispute queue, lineage both ways (model → runs → packs → tracks; a track → its runs and
// models), proofs, and the audit log with its chain check. Each call parses the server's answer
// once into the value types below; paths and JSON keys live only in admin_api.cpp.
//
// AdminApi is the interface the controller and the tests (tests/app/fake_admin_api.h) use;
// HttpAdminApi implements it over ApiClient, which it does not own and which must outlive it.
// GUI thread; coroutines take their arguments by value.

#include "api_result.h"

#include "core/domain/policy.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace lemm::app {

class ApiClient;

// A list longer than this in one answer is refused as a bad reply (bounded cost).
inline constexpr int kMaxAdminListItems = 20000;

struct PolicyVersion {
    qint64 version = 0;
    QString author;
    QString createdAt; // ISO 8601 UTC
    core::Policy policy;
};

// One field's change, values in the field's JSON form (core::Policy::toJson()).
struct PolicyFieldChange {
    QString field;
    QJsonValue oldValue;
    QJsonValue newValue;

    bool operator==(const PolicyFieldChange &) const = default;
};

struct PolicyHistoryEntry {
    qint64 version = 0;
    QString author;
    QString note;
    QString createdAt;
    QList<PolicyFieldChange> changes;

    bool operator==(const PolicyHistoryEntry &) const = default;
};

struct SavedPolicy {
    qint64 version = 0;
    QList<PolicyFieldChange> changes;
};

struct Account {
    QString id;
    QString email;
    QString displayName;
    QStringList roles;
    bool bulkSourceApproved = false;

    bool operator==(const Account &) const = default;
};

enum class ClaimState { Open, PendingReview, Decided, Dismissed };
enum class ClaimDecision { Keep, Reject, Remove };
enum class ClaimReview { Accept, Dismiss };

struct Claim {
    QString id;
    QString trackId;
    QString trackTitle;
    QString trackArtist;
    QString trackStatus;
    QString claimant;
    QString statement;
    QString evidence;
    QString standing; // "admin", "rights_holder" or empty
    QString state;
    QString createdAt;

    bool operator==(const Claim &) const = default;
};

struct Dispute {
    QString trackId;
    QString title;
    QString artist;
    QString reason;
    QString openedAt;
    QString trackStatus;
    QString state;
    int hitCount = 0;

    bool operator==(const Dispute &) const = default;
};

// Stale marking (issue 14): a track revoked or claimed after a run used it.
struct AffectedTrack {
    QString trackId;
    QString reason; // "revoked" | "claimed"
    qint64 seq = 0; // the audit entry

    bool operator==(const AffectedTrack &) const = default;
};

struct ModelSummary {
    QString id;
    QString name;
    QString modelType;
    QString createdAt;
    int runCount = 0;

    bool operator==(const ModelSummary &) const = default;
};

struct RunSummary {
    QString id;
    QString status;
    QString startedAt;
    QStringList packs;
    int trackCount = 0;
    bool clean = false;
    QList<AffectedTrack> affectedBy;

    bool operator==(const RunSummary &) const = default;
};

struct ModelLineage {
    QString modelId;
    QString name;
    QString modelType;
    QStringList packs;
    QList<RunSummary> runs;
};

struct RunTrack {
    QString trackId;
    QString title;
    QString artist;
    QString pack;

    bool operator==(const RunTrack &) const = default;
};

struct RunDetail {
    RunSummary run;
    QString modelId;
    QString resolvedHash;
    QString configHash;
    QList<RunTrack> tracks;
};

struct TrackRunUse {
    QString runId;
    QString modelId;
    QString pack;
    QString startedAt;
    QString status;

    bool operator==(const TrackRunUse &) const = default;
};

struct TrackLineage {
    QString trackId;
    QList<TrackRunUse> runs;
    int modelCount = 0;
};

struct AuditQuery {
    QString eventType;
    QString actor;
    QString subject;
    QString since; // inclusive, ISO 8601 or a date prefix
    QString until; // exclusive
    int limit = 200;
};

struct AuditEntry {
    qint64 seq = 0;
    QString at;
    QString eventType;
    QString actor;
    QString subject;
    QString summary; // the payload as one line
    QString detail;  // the whole entry (hashes included) as indented JSON, what a proof quotes

    bool operator==(const AuditEntry &) const = default;
};

struct AuditVerification {
    bool ok = false;
    qint64 entries = 0;
    QString headHash;
    QString problem;
};

class AdminApi
{
public:
    virtual ~AdminApi() = default;

    virtual QCoro::Task<ApiResult<PolicyVersion>> policy() = 0;
    virtual QCoro::Task<ApiResult<QList<PolicyHistoryEntry>>> policyHistory() = 0;
    // Stores `policy` as the next version; `baseVersion` is the version it was edited from.
    virtual QCoro::Task<ApiResult<SavedPolicy>> savePolicy(core::Policy policy, QString note,
                                                           qint64 baseVersion) = 0;

    virtual QCoro::Task<ApiResult<QList<Account>>> accounts() = 0;
    virtual QCoro::Task<ApiResult<Done>> setRoles(QString accountId, QStringList roles) = 0;
    virtual QCoro::Task<ApiResult<Done>> approveBulkSource(QString accountId) = 0;

    virtual QCoro::Task<ApiResult<QList<Claim>>> claims(ClaimState state) = 0;
    virtual QCoro::Task<ApiResult<Done>> decideClaim(QString claimId, ClaimDecision decision,
                                                     QString note) = 0;
    // A pending_review claim (issue 14): accept makes it open, dismiss closes it.
    virtual QCoro::Task<ApiResult<Done>> reviewClaim(QString claimId, ClaimReview review,
                                                     QString note) = 0;
    virtual QCoro::Task<ApiResult<QList<Dispute>>> disputes() = 0;

    virtual QCoro::Task<ApiResult<QList<ModelSummary>>> models() = 0;
    virtual QCoro::Task<ApiResult<ModelLineage>> modelLineage(QString modelId) = 0;
    virtual QCoro::Task<ApiResult<RunDetail>> trainingRun(QString runId) = 0;
    virtual QCoro::Task<ApiResult<TrackLineage>> trackLineage(QString trackId) = 0;
    // The model's proof document, as the bytes to save.
    virtual QCoro::Task<ApiResult<QByteArray>> modelProof(QString modelId) = 0;

    virtual QCoro::Task<ApiResult<QList<AuditEntry>>> audit(AuditQuery query) = 0;
    virtual QCoro::Task<ApiResult<AuditVerification>> verifyAudit() = 0;
};

class HttpAdminApi : public AdminApi
{
public:
    explicit HttpAdminApi(ApiClient &client) : m_client(client) {}

    QCoro::Task<ApiResult<PolicyVersion>> policy() override;
    QCoro::Task<ApiResult<QList<PolicyHistoryEntry>>> policyHistory() override;
    QCoro::Task<ApiResult<SavedPolicy>> savePolicy(core::Policy policy, QString note,
                                                   qint64 baseVersion) override;
    QCoro::Task<ApiResult<QList<Account>>> accounts() override;
    QCoro::Task<ApiResult<Done>> setRoles(QString accountId, QStringList roles) override;
    QCoro::Task<ApiResult<Done>> approveBulkSource(QString accountId) override;
    QCoro::Task<ApiResult<QList<Claim>>> claims(ClaimState state) override;
    QCoro::Task<ApiResult<Done>> decideClaim(QString claimId, ClaimDecision decision,
                                             QString note) override;
    QCoro::Task<ApiResult<Done>> reviewClaim(QString claimId, ClaimReview review,
                                             QString note) override;
    QCoro::Task<ApiResult<QList<Dispute>>> disputes() override;
    QCoro::Task<ApiResult<QList<ModelSummary>>> models() override;
    QCoro::Task<ApiResult<ModelLineage>> modelLineage(QString modelId) override;
    QCoro::Task<ApiResult<RunDetail>> trainingRun(QString runId) override;
    QCoro::Task<ApiResult<TrackLineage>> trackLineage(QString trackId) override;
    QCoro::Task<ApiResult<QByteArray>> modelProof(QString modelId) override;
    QCoro::Task<ApiResult<QList<AuditEntry>>> audit(AuditQuery query) override;
    QCoro::Task<ApiResult<AuditVerification>> verifyAudit() override;

private:
    ApiClient &m_client;
};

// The parsers HttpAdminApi uses, exposed for the hostile-input tests.
namespace admin_json {
ApiResult<PolicyVersion> parsePolicy(const QJsonObject &body);
ApiResult<QList<PolicyHistoryEntry>> parsePolicyHistory(const QJsonObject &body);
ApiResult<QList<Account>> parseAccounts(const QJsonObject &body);
ApiResult<QList<Claim>> parseClaims(const QJsonObject &body);
ApiResult<ModelLineage> parseModelLineage(const QJsonObject &body);
ApiResult<RunDetail> parseRun(const QJsonObject &body);
ApiResult<QList<AuditEntry>> parseAudit(const QJsonObject &body);
} // namespace admin_json

} // namespace lemm::app
