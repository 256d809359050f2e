#pragma once
// The admin role's controller (spec §4.3, §7): owns the AdminApi, the admin models and the
// AdminArea with its tools (PolicyEditor, AccountsPanel, ClaimsPanel, LineageBrowser,
// AuditViewer), and connects them: a tool's request goes to the API, its answer to the models.
// Every load returns its request's generation (request_generation.h), which the matching
// completion signal carries once the models show the answer; an older answer of the same kind
// landing later is dropped. The controller lives as a child of its area, so it goes when the
// main window deletes the area; an answer arriving after that touches nothing. GUI thread.

#include "accounts_model.h"
#include "admin_api.h"
#include "audit_model.h"
#include "claims_model.h"
#include "lineage_model.h"
#include "policy_fields_model.h"
#include "policy_history_model.h"
#include "request_generation.h"

#include "ui/admin_area.h"
#include "ui/claims_panel.h"

#include <QObject>

#include <memory>
#include <optional>

namespace lemm::ui {
class AccountsPanel;
class AuditViewer;
struct AuditFilter;
class LineageBrowser;
class PolicyEditor;
} // namespace lemm::ui

namespace lemm::app {

class AdminController : public QObject
{
    Q_OBJECT
public:
    // Builds the area as a child of `parent` (the window's tab widget) and becomes its child.
    AdminController(std::unique_ptr<AdminApi> api, QWidget *parent);
    ~AdminController() override;

    ui::AdminArea *area() const { return m_area; }
    ui::PolicyEditor *policyEditor() const { return m_policyEditor; }
    ui::AccountsPanel *accountsPanel() const { return m_accountsPanel; }
    ui::ClaimsPanel *claimsPanel() const { return m_claimsPanel; }
    ui::LineageBrowser *lineageBrowser() const { return m_lineageBrowser; }
    ui::AuditViewer *auditViewer() const { return m_auditViewer; }

    PolicyFieldsModel *policyFields() const { return m_policyFields; }
    PolicyHistoryModel *policyHistory() const { return m_policyHistory; }
    AccountsModel *accounts() const { return m_accounts; }
    ClaimsModel *openClaims() const { return m_openClaims; }
    ClaimsModel *pendingClaims() const { return m_pendingClaims; }
    LineageModel *lineage() const { return m_lineage; }
    AuditModel *audit() const { return m_audit; }

    void reloadAll();

    quint64 reloadPolicy();
    // Saves the edited policy when core accepts it (else the problems go to errorShown);
    // policySaved follows the server's answer.
    void savePolicy(const QString &note);

    quint64 reloadAccounts();
    void setRoles(const QString &accountId, const QStringList &roles);
    void approveBulkSource(const QString &accountId);

    // Both queues: open claims and claims pending review.
    quint64 reloadClaims();
    void decideClaim(const QString &claimId, ClaimDecision decision, const QString &note);
    void reviewClaim(const QString &claimId, ClaimReview review, const QString &note);

    quint64 reloadModels();
    // One kind: the newest step of the walk wins.
    quint64 openModel(const QString &modelId);
    quint64 openRun(const QString &runId);
    quint64 openTrack(const QString &trackId);
    void exportProof(const QString &modelId, const QString &filePath);

    quint64 searchAudit(const AuditQuery &query);
    quint64 loadOlderAudit();
    quint64 verifyAudit();

Q_SIGNALS:
    void policyLoaded(quint64 generation);
    void policySaved(qint64 version, quint64 reload);
    void accountsLoaded(quint64 generation);
    void accountChanged(const QString &accountId, quint64 reload);
    void claimsLoaded(quint64 generation);
    void claimDecided(const QString &claimId, quint64 reload);
    void modelsLoaded(quint64 generation);
    void lineageShown(quint64 generation);
    void proofExported(const QString &path);
    void auditLoaded(quint64 generation);
    void auditVerified(bool ok, quint64 generation);
    void errorShown(const QString &message);
    // "Open in review": the claimed track in the review workspace.
    void openTrackRequested(const QString &trackId);

private:
    void buildArea(QWidget *parent);
    void connectPolicy();
    void connectAccounts();
    void connectClaims();
    void connectLineage();
    void connectAudit();
    void showPending();
    void nodeOpened(const QModelIndex &index);
    void toolShown(QWidget *tool);
    void askProofPath(const QString &modelId);
    void showError(const ApiError &error);
    QCoro::Task<> loadPolicy(RequestGeneration::Ticket ticket);
    QCoro::Task<> loadClaims(RequestGeneration::Ticket ticket);
    // Runs `task`; when this controller still exists and `ticket` (if any) is current, an
    // answer goes to `onOk` and an error to errorShown.
    template <typename T, typename OnOk>
    void call(QCoro::Task<ApiResult<T>> task, std::optional<RequestGeneration::Ticket> ticket,
              OnOk onOk);

    std::unique_ptr<AdminApi> m_api;
    PolicyFieldsModel *m_policyFields;
    PolicyHistoryModel *m_policyHistory;
    AccountsModel *m_accounts;
    ClaimsModel *m_openClaims;
    ClaimsModel *m_pendingClaims;
    LineageModel *m_lineage;
    AuditModel *m_audit;
    ui::AdminArea *m_area = nullptr;
    ui::PolicyEditor *m_policyEditor = nullptr;
    ui::AccountsPanel *m_accountsPanel = nullptr;
    ui::ClaimsPanel *m_claimsPanel = nullptr;
    ui::LineageBrowser *m_lineageBrowser = nullptr;
    ui::AuditViewer *m_auditViewer = nullptr;
    QString m_openModel;
    AuditQuery m_auditQuery;
    RequestGeneration m_policyRequests, m_accountsRequests, m_claimsRequests, m_modelsRequests,
        m_lineageRequests, m_auditRequests, m_verifyRequests;
};

} // namespace lemm::app
