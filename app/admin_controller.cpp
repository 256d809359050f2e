#include "admin_controller.h"

#include "ui/accounts_panel.h"
#include "ui/admin_area.h"
#include "ui/audit_viewer.h"
#include "ui/claims_panel.h"
#include "ui/lineage_browser.h"
#include "ui/policy_editor.h"

#include <QFileDialog>
#include <QSaveFile>

namespace lemm::app {

namespace {

const char *const kEventTypes[] = {"account_created",   "terms_affirmed", "submission_decision",
                                   "consent_change",    "policy_change",  "vault_access",
                                   "similarity_check",  "review_vote",    "infringement_claim",
                                   "claim_standing",    "training_batch", "output_similarity_check",
                                   "prompt_moderation", "output_export",  "credential_change"};

ClaimDecision decisionOf(ui::ClaimAction action)
{
    switch (action) {
    case ui::ClaimAction::KeepTrack: return ClaimDecision::Keep;
    case ui::ClaimAction::RejectTrack: return ClaimDecision::Reject;
    case ui::ClaimAction::RemoveTrack: return ClaimDecision::Remove;
    }
    return ClaimDecision::Keep;
}

} // namespace

template <typename T, typename OnOk>
void AdminController::call(QCoro::Task<ApiResult<T>> task,
                           std::optional<RequestGeneration::Ticket> ticket, OnOk onOk)
{
    QCoro::connect(std::move(task), this,
                   [this, ticket, onOk = std::move(onOk)](const ApiResult<T> &r) {
                       if (ticket && !ticket->current())
                           return; // a newer request of this kind started meanwhile
                       if (!r.ok()) {
                           showError(r.error());
                           return;
                       }
                       onOk(r.value(), ticket ? ticket->number() : 0);
                   });
}

AdminController::AdminController(std::unique_ptr<AdminApi> api, QWidget *parent)
    : m_api(std::move(api)), m_policyFields(new PolicyFieldsModel(this)),
      m_policyHistory(new PolicyHistoryModel(this)), m_accounts(new AccountsModel(this)),
      m_openClaims(new ClaimsModel(this)), m_pendingClaims(new ClaimsModel(this)),
      m_lineage(new LineageModel(this)), m_audit(new AuditModel(this))
{
    buildArea(parent);
    setParent(m_area);
    connectPolicy();
    connectAccounts();
    connectClaims();
    connectLineage();
    connectAudit();
    showPending();
}

AdminController::~AdminController() = default;

void AdminController::buildArea(QWidget *parent)
{
    m_area = new ui::AdminArea(parent);
    m_policyEditor = new ui::PolicyEditor(m_policyFields, m_policyHistory, m_area);
    m_accountsPanel = new ui::AccountsPanel(m_accounts, m_area);
    m_claimsPanel = new ui::ClaimsPanel(m_openClaims, m_pendingClaims, m_area);
    m_lineageBrowser = new ui::LineageBrowser(m_lineage, m_area);
    m_auditViewer = new ui::AuditViewer(m_audit, m_area);
    m_area->addTool(m_policyEditor, tr("&Policy"));
    m_area->addTool(m_accountsPanel, tr("&Roles"));
    m_area->addTool(m_claimsPanel, tr("&Claims"));
    m_area->addTool(m_lineageBrowser, tr("&Lineage"));
    m_area->addTool(m_auditViewer, tr("A&udit"));
    connect(m_area, &ui::AdminArea::toolShown, this, &AdminController::toolShown);
}

void AdminController::showError(const ApiError &error)
{
    if (!error.cancelled())
        Q_EMIT errorShown(error.userMessage());
}

void AdminController::reloadAll()
{
    reloadPolicy();
    reloadAccounts();
    reloadClaims();
    reloadModels();
    searchAudit(m_auditQuery);
}

void AdminController::toolShown(QWidget *tool)
{
    // Lineage changes as runs are trained and tracks revoked: opening the tool refreshes it.
    if (tool != m_lineageBrowser)
        return;
    reloadModels();
    if (!m_openModel.isEmpty())
        openModel(m_openModel);
}

// Policy ---------------------------------------------------------------------------------------

void AdminController::connectPolicy()
{
    connect(m_policyFields, &PolicyFieldsModel::edited, this, &AdminController::showPending);
    connect(m_policyEditor, &ui::PolicyEditor::saveRequested, this, &AdminController::savePolicy);
    connect(m_policyEditor, &ui::PolicyEditor::revertRequested, m_policyFields,
            &PolicyFieldsModel::revert);
    connect(m_policyEditor, &ui::PolicyEditor::reloadRequested, this,
            &AdminController::reloadPolicy);
}

void AdminController::showPending()
{
    QStringList changes, problems;
    for (const PolicyFieldChange &c : m_policyFields->changes())
        changes << PolicyHistoryModel::changesText({c});
    const QMap<QString, QString> refused = m_policyFields->problems();
    for (auto it = refused.begin(); it != refused.end(); ++it)
        problems << tr("%1: %2").arg(it.key(), it.value());
    m_policyEditor->showPending(changes, problems, m_policyFields->baseVersion() + 1);
}

quint64 AdminController::reloadPolicy()
{
    const RequestGeneration::Ticket ticket = m_policyRequests.next();
    QCoro::connect(loadPolicy(ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> AdminController::loadPolicy(RequestGeneration::Ticket ticket)
{
    // Awaited on the API, which this controller owns: after each co_await the ticket says
    // whether the controller (and a newer reload) is still there before anything is touched.
    AdminApi *api = m_api.get();
    const ApiResult<PolicyVersion> policy = co_await api->policy();
    if (!ticket.current())
        co_return;
    const ApiResult<QList<PolicyHistoryEntry>> history = co_await api->policyHistory();
    if (!ticket.current())
        co_return;
    if (!policy.ok() || !history.ok()) {
        showError(policy.ok() ? history.error() : policy.error());
        co_return;
    }
    m_policyFields->setPolicy(policy.value());
    m_policyHistory->setItems(history.value());
    Q_EMIT policyLoaded(ticket.number());
}

void AdminController::savePolicy(const QString &note)
{
    const core::Result<core::Policy> edited = m_policyFields->editedPolicy();
    if (!edited.ok()) {
        ApiError e;
        e.code = edited.error().code;
        e.message = tr("The policy has values outside their ranges; nothing was saved.");
        e.fields = edited.error().fields;
        showError(e);
        return;
    }
    call(m_api->savePolicy(edited.value(), note, m_policyFields->baseVersion()), std::nullopt,
         [this](const SavedPolicy &saved, quint64) {
             m_policyEditor->clearNote();
             Q_EMIT policySaved(saved.version, reloadPolicy());
         });
}

// Accounts -------------------------------------------------------------------------------------

void AdminController::connectAccounts()
{
    connect(m_accountsPanel, &ui::AccountsPanel::rolesRequested, this, &AdminController::setRoles);
    connect(m_accountsPanel, &ui::AccountsPanel::bulkSourceRequested, this,
            &AdminController::approveBulkSource);
}

quint64 AdminController::reloadAccounts()
{
    const RequestGeneration::Ticket ticket = m_accountsRequests.next();
    call(m_api->accounts(), ticket, [this](const QList<Account> &accounts, quint64 generation) {
        m_accounts->setItems(accounts);
        QHash<QString, QString> names;
        for (const Account &a : accounts)
            names.insert(a.id, a.email);
        m_audit->setActorNames(names);
        Q_EMIT accountsLoaded(generation);
    });
    return ticket.number();
}

void AdminController::setRoles(const QString &accountId, const QStringList &roles)
{
    call(m_api->setRoles(accountId, roles), std::nullopt, [this, accountId](const Done &, quint64) {
        Q_EMIT accountChanged(accountId, reloadAccounts());
    });
}

void AdminController::approveBulkSource(const QString &accountId)
{
    call(m_api->approveBulkSource(accountId), std::nullopt,
         [this, accountId](const Done &, quint64) {
             Q_EMIT accountChanged(accountId, reloadAccounts());
         });
}

// Claims ---------------------------------------------------------------------------------------

void AdminController::connectClaims()
{
    connect(m_claimsPanel, &ui::ClaimsPanel::openTrackRequested, this,
            [this](const QString &claimId) {
                for (const ClaimsModel *model : {m_openClaims, m_pendingClaims})
                    if (const Claim *c = model->itemAt(model->rowOfId(claimId))) {
                        Q_EMIT openTrackRequested(c->trackId);
                        return;
                    }
            });
    connect(m_claimsPanel, &ui::ClaimsPanel::decisionRequested, this,
            [this](const QString &id, ui::ClaimAction action, const QString &note) {
                decideClaim(id, decisionOf(action), note);
            });
    connect(m_claimsPanel, &ui::ClaimsPanel::reviewRequested, this,
            [this](const QString &id, bool accept, const QString &note) {
                reviewClaim(id, accept ? ClaimReview::Accept : ClaimReview::Dismiss, note);
            });
}

quint64 AdminController::reloadClaims()
{
    const RequestGeneration::Ticket ticket = m_claimsRequests.next();
    QCoro::connect(loadClaims(ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> AdminController::loadClaims(RequestGeneration::Ticket ticket)
{
    AdminApi *api = m_api.get();
    const ApiResult<QList<Claim>> open = co_await api->claims(ClaimState::Open);
    if (!ticket.current())
        co_return;
    const ApiResult<QList<Claim>> pending = co_await api->claims(ClaimState::PendingReview);
    if (!ticket.current())
        co_return;
    if (!open.ok() || !pending.ok()) {
        showError(open.ok() ? pending.error() : open.error());
        co_return;
    }
    m_openClaims->setItems(open.value());
    m_pendingClaims->setItems(pending.value());
    Q_EMIT claimsLoaded(ticket.number());
}

void AdminController::decideClaim(const QString &claimId, ClaimDecision decision,
                                  const QString &note)
{
    call(m_api->decideClaim(claimId, decision, note), std::nullopt,
         [this, claimId](const Done &, quint64) {
             m_claimsPanel->clearNotes();
             Q_EMIT claimDecided(claimId, reloadClaims());
         });
}

void AdminController::reviewClaim(const QString &claimId, ClaimReview review, const QString &note)
{
    call(m_api->reviewClaim(claimId, review, note), std::nullopt,
         [this, claimId](const Done &, quint64) {
             m_claimsPanel->clearNotes();
             Q_EMIT claimDecided(claimId, reloadClaims());
         });
}

// Lineage --------------------------------------------------------------------------------------

void AdminController::connectLineage()
{
    connect(m_lineageBrowser, &ui::LineageBrowser::nodeOpened, this, &AdminController::nodeOpened);
    connect(m_lineageBrowser, &ui::LineageBrowser::refreshRequested, this,
            [this] { toolShown(m_lineageBrowser); });
    connect(m_lineageBrowser, &ui::LineageBrowser::proofRequested, this,
            &AdminController::askProofPath);
}

void AdminController::nodeOpened(const QModelIndex &index)
{
    const QString id = m_lineage->nodeId(index);
    switch (m_lineage->kind(index)) {
    case ui::LineageNode::Model: openModel(id); break;
    case ui::LineageNode::Run: openRun(id); break;
    case ui::LineageNode::Pack: m_lineageBrowser->reveal(index); break;
    case ui::LineageNode::Track: openTrack(id); break;
    case ui::LineageNode::TrackRun:
        // Back up the chain: the model that used the track.
        m_lineageBrowser->reveal(
            m_lineage->find(ui::LineageNode::Model, m_lineage->modelOf(index)));
        openModel(m_lineage->modelOf(index));
        break;
    }
}

quint64 AdminController::reloadModels()
{
    const RequestGeneration::Ticket ticket = m_modelsRequests.next();
    call(m_api->models(), ticket, [this](const QList<ModelSummary> &models, quint64 generation) {
        m_lineage->setModels(models);
        Q_EMIT modelsLoaded(generation);
    });
    return ticket.number();
}

quint64 AdminController::openModel(const QString &modelId)
{
    const RequestGeneration::Ticket ticket = m_lineageRequests.next();
    call(m_api->modelLineage(modelId), ticket,
         [this](const ModelLineage &lineage, quint64 generation) {
             m_openModel = lineage.modelId;
             m_lineage->setModelLineage(lineage);
             m_lineageBrowser->reveal(m_lineage->find(ui::LineageNode::Model, lineage.modelId));
             m_lineageBrowser->setProofModel(lineage.modelId, lineage.name);
             m_lineageBrowser->setDetails(tr("Model %1 (%2): %n training run(s), packs %3", nullptr,
                                             int(lineage.runs.size()))
                                              .arg(lineage.name, lineage.modelType,
                                                   lineage.packs.join(QStringLiteral(", "))));
             Q_EMIT lineageShown(generation);
         });
    return ticket.number();
}

quint64 AdminController::openRun(const QString &runId)
{
    const RequestGeneration::Ticket ticket = m_lineageRequests.next();
    call(m_api->trainingRun(runId), ticket, [this](const RunDetail &run, quint64 generation) {
        m_lineage->setRun(run);
        m_lineageBrowser->reveal(m_lineage->find(ui::LineageNode::Run, run.run.id));
        m_lineageBrowser->setDetails(
            tr("Run %1: %n track(s), resolved-set hash %2…, configuration %3…, clean: %4", nullptr,
               run.run.trackCount)
                .arg(run.run.id, run.resolvedHash.left(16), run.configHash.left(16),
                     run.run.clean ? tr("yes") : tr("no")));
        Q_EMIT lineageShown(generation);
    });
    return ticket.number();
}

quint64 AdminController::openTrack(const QString &trackId)
{
    const RequestGeneration::Ticket ticket = m_lineageRequests.next();
    call(m_api->trackLineage(trackId), ticket,
         [this](const TrackLineage &lineage, quint64 generation) {
             m_lineage->setTrackLineage(lineage);
             m_lineageBrowser->reveal(m_lineage->find(ui::LineageNode::Track, lineage.trackId));
             m_lineageBrowser->setDetails(tr("The track was used by %n training run(s) of %1 "
                                             "model(s).",
                                             nullptr, int(lineage.runs.size()))
                                              .arg(lineage.modelCount));
             Q_EMIT lineageShown(generation);
         });
    return ticket.number();
}

void AdminController::askProofPath(const QString &modelId)
{
    const QString path = QFileDialog::getSaveFileName(
        m_area, tr("Export proof"), modelId + QStringLiteral("-proof.json"), tr("JSON (*.json)"));
    if (!path.isEmpty())
        exportProof(modelId, path);
}

void AdminController::exportProof(const QString &modelId, const QString &filePath)
{
    call(m_api->modelProof(modelId), std::nullopt,
         [this, filePath](const QByteArray &proof, quint64) {
             QSaveFile file(filePath);
             if (!file.open(QIODevice::WriteOnly) || file.write(proof) < 0 || !file.commit()) {
                 Q_EMIT errorShown(tr("Cannot write %1: %2").arg(filePath, file.errorString()));
                 return;
             }
             Q_EMIT proofExported(filePath);
         });
}

// Audit ----------------------------------------------------------------------------------------

void AdminController::connectAudit()
{
    QList<QPair<QString, QString>> types;
    for (const char *t : kEventTypes)
        types << qMakePair(QString::fromLatin1(t), AuditModel::eventName(QString::fromLatin1(t)));
    m_auditViewer->setEventTypes(types);
    connect(m_auditViewer, &ui::AuditViewer::searchRequested, this,
            [this](const ui::AuditFilter &f) {
                searchAudit(AuditQuery{f.eventType, f.actor, f.subject, f.since, f.until});
            });
    connect(m_auditViewer, &ui::AuditViewer::moreRequested, this, &AdminController::loadOlderAudit);
    connect(m_auditViewer, &ui::AuditViewer::verifyRequested, this, &AdminController::verifyAudit);
}

quint64 AdminController::searchAudit(const AuditQuery &query)
{
    m_auditQuery = query;
    m_auditViewer->setFilter(
        ui::AuditFilter{query.eventType, query.actor, query.subject, query.since, query.until});
    m_auditViewer->setMoreAvailable(false);
    const RequestGeneration::Ticket ticket = m_auditRequests.next();
    call(m_api->audit(query), ticket,
         [this, limit = query.limit](const QList<AuditEntry> &entries, quint64 generation) {
             m_audit->reset(entries);
             m_auditViewer->setMoreAvailable(entries.size() >= limit);
             Q_EMIT auditLoaded(generation);
         });
    return ticket.number();
}

quint64 AdminController::loadOlderAudit()
{
    const AuditQuery next = m_audit->nextPage(m_auditQuery);
    m_auditViewer->setMoreAvailable(false);
    const RequestGeneration::Ticket ticket = m_auditRequests.next();
    call(m_api->audit(next), ticket,
         [this, limit = next.limit](const QList<AuditEntry> &entries, quint64 generation) {
             m_audit->appendItems(entries);
             m_auditViewer->setMoreAvailable(entries.size() >= limit);
             Q_EMIT auditLoaded(generation);
         });
    return ticket.number();
}

quint64 AdminController::verifyAudit()
{
    const RequestGeneration::Ticket ticket = m_verifyRequests.next();
    call(m_api->verifyAudit(), ticket, [this](const AuditVerification &v, quint64 generation) {
        m_auditViewer->setVerification(
            v.ok, v.ok ? tr("The audit chain verifies: %n entries, newest hash %1…", nullptr,
                            int(v.entries))
                             .arg(v.headHash.left(16))
                       : tr("THE AUDIT CHAIN DOES NOT VERIFY: %1").arg(v.problem));
        Q_EMIT auditVerified(v.ok, generation);
    });
    return ticket.number();
}

} // namespace lemm::app
