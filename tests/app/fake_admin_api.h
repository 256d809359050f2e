#pragma once
// An AdminApi for tests: every call answers the canned value set for it (or its error), records
// its arguments, and completes at once — or, while `hold` is set, when release() is called, so
// a test decides the order answers land in. GUI thread.

#include "app/admin_api.h"

#include <QCoroSignal>
#include <QObject>
#include <QPointer>

#include <memory>

namespace lemm::app::test {

class Gate : public QObject
{
    Q_OBJECT
public:
    void release() { Q_EMIT released(); }
Q_SIGNALS:
    void released();
};

class FakeAdminApi : public AdminApi
{
public:
    // Canned answers.
    ApiResult<PolicyVersion> policyAnswer = PolicyVersion{3, QStringLiteral("root"), {}, {}};
    ApiResult<QList<PolicyHistoryEntry>> historyAnswer = QList<PolicyHistoryEntry>{};
    ApiResult<SavedPolicy> saveAnswer = SavedPolicy{4, {}};
    ApiResult<QList<Account>> accountsAnswer = QList<Account>{};
    ApiResult<Done> doneAnswer = Done{};
    ApiResult<QList<Claim>> openClaimsAnswer = QList<Claim>{};
    ApiResult<QList<Claim>> pendingClaimsAnswer = QList<Claim>{};
    ApiResult<QList<Dispute>> disputesAnswer = QList<Dispute>{};
    ApiResult<QList<ModelSummary>> modelsAnswer = QList<ModelSummary>{};
    ApiResult<ModelLineage> lineageAnswer = ModelLineage{};
    ApiResult<RunDetail> runAnswer = RunDetail{};
    ApiResult<TrackLineage> trackAnswer = TrackLineage{};
    ApiResult<QByteArray> proofAnswer = QByteArray("{\"entries\": [1]}");
    ApiResult<QList<AuditEntry>> auditAnswer = QList<AuditEntry>{};
    ApiResult<AuditVerification> verifyAnswer =
        AuditVerification{true, 3, QStringLiteral("ab"), {}};

    // Recorded calls: "name arg1 arg2".
    QStringList calls;
    QList<core::Policy> savedPolicies;
    QList<AuditQuery> auditQueries;
    // While set, answers wait for gate->release(). The gate and the counter of answers given
    // (held ones count once released) outlive the fake, so a test can release answers after
    // deleting the controller that owns it.
    QPointer<Gate> gate;
    std::shared_ptr<int> answered = std::make_shared<int>(0);

    QCoro::Task<ApiResult<PolicyVersion>> policy() override
    {
        return answer(QStringLiteral("policy"), policyAnswer);
    }
    QCoro::Task<ApiResult<QList<PolicyHistoryEntry>>> policyHistory() override
    {
        return answer(QStringLiteral("policyHistory"), historyAnswer);
    }
    QCoro::Task<ApiResult<SavedPolicy>> savePolicy(core::Policy policy, QString note,
                                                   qint64 baseVersion) override
    {
        savedPolicies << policy;
        return answer(QStringLiteral("savePolicy %1 %2").arg(note).arg(baseVersion), saveAnswer);
    }
    QCoro::Task<ApiResult<QList<Account>>> accounts() override
    {
        return answer(QStringLiteral("accounts"), accountsAnswer);
    }
    QCoro::Task<ApiResult<Done>> setRoles(QString accountId, QStringList roles) override
    {
        return answer(QStringLiteral("setRoles %1 %2").arg(accountId, roles.join(QLatin1Char(','))),
                      doneAnswer);
    }
    QCoro::Task<ApiResult<Done>> approveBulkSource(QString accountId) override
    {
        return answer(QStringLiteral("approveBulkSource ") + accountId, doneAnswer);
    }
    QCoro::Task<ApiResult<QList<Claim>>> claims(ClaimState state) override
    {
        const bool open = state == ClaimState::Open;
        return answer(open ? QStringLiteral("claims open") : QStringLiteral("claims pending"),
                      open ? openClaimsAnswer : pendingClaimsAnswer);
    }
    QCoro::Task<ApiResult<Done>> decideClaim(QString claimId, ClaimDecision decision,
                                             QString note) override
    {
        return answer(
            QStringLiteral("decideClaim %1 %2 %3").arg(claimId).arg(int(decision)).arg(note),
            doneAnswer);
    }
    QCoro::Task<ApiResult<Done>> reviewClaim(QString claimId, ClaimReview review,
                                             QString note) override
    {
        return answer(
            QStringLiteral("reviewClaim %1 %2 %3").arg(claimId).arg(int(review)).arg(note),
            doneAnswer);
    }
    QCoro::Task<ApiResult<QList<Dispute>>> disputes() override
    {
        return answer(QStringLiteral("disputes"), disputesAnswer);
    }
    QCoro::Task<ApiResult<QList<ModelSummary>>> models() override
    {
        return answer(QStringLiteral("models"), modelsAnswer);
    }
    QCoro::Task<ApiResult<ModelLineage>> modelLineage(QString modelId) override
    {
        return answer(QStringLiteral("modelLineage ") + modelId, lineageAnswer);
    }
    QCoro::Task<ApiResult<RunDetail>> trainingRun(QString runId) override
    {
        return answer(QStringLiteral("trainingRun ") + runId, runAnswer);
    }
    QCoro::Task<ApiResult<TrackLineage>> trackLineage(QString trackId) override
    {
        return answer(QStringLiteral("trackLineage ") + trackId, trackAnswer);
    }
    QCoro::Task<ApiResult<QByteArray>> modelProof(QString modelId) override
    {
        return answer(QStringLiteral("modelProof ") + modelId, proofAnswer);
    }
    QCoro::Task<ApiResult<QList<AuditEntry>>> audit(AuditQuery query) override
    {
        auditQueries << query;
        return answer(QStringLiteral("audit %1").arg(query.eventType), auditAnswer);
    }
    QCoro::Task<ApiResult<AuditVerification>> verifyAudit() override
    {
        return answer(QStringLiteral("verifyAudit"), verifyAnswer);
    }

private:
    // The answer is copied when the call is made (what the server "said" then).
    template <typename T> QCoro::Task<ApiResult<T>> answer(QString call, ApiResult<T> value)
    {
        calls << call;
        return held(gate, answered, std::move(value));
    }
    // Static: touches nothing of the fake after it suspends.
    template <typename T>
    static QCoro::Task<ApiResult<T>> held(QPointer<Gate> gate, std::shared_ptr<int> answered,
                                          ApiResult<T> value)
    {
        if (gate)
            co_await qCoro(gate.data(), &Gate::released);
        ++*answered;
        co_return value;
    }
};

} // namespace lemm::app::test
