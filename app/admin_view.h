#pragma once
// The admin console (spec §4.3, §7): the policy editor (every field with its allowed range,
// validated before saving, a diff of old → new to confirm, the change history), roles and
// bulk-ingest sources, infringement claims (disputes are decided in the review workspace's
// "Disputes" queue), lineage navigable both ways (models → runs → packs → tracks; a track →
// its runs and models) with proof export, and the audit viewer (filters, chain verification).
// GUI thread.

#include "request_generation.h"

#include <QCoroTask>
#include <QJsonArray>
#include <QJsonObject>
#include <QTabWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QTableWidget;
class QTextBrowser;
class QCheckBox;

namespace lemm::app {

class ApiClient;

class AdminView : public QTabWidget
{
    Q_OBJECT
public:
    explicit AdminView(ApiClient &api, QWidget *parent = nullptr);

    void reloadAll();
    // Every reload and navigation below returns its request's generation, which the matching
    // completion signal carries once the view shows the answer; an older answer of the same
    // kind landing later is dropped.

    // Policy editor.
    quint64 reloadPolicy();
    QTableWidget *policyTable() const { return m_policy; }
    bool setPolicyValue(const QString &field, const QString &text);
    // Field → problem for values outside their ranges (checked before any request).
    QJsonObject policyProblems() const;
    // Field → {"old", "new"} for the edited values.
    QJsonObject policyDiff() const;
    // Sends the edited policy (after the confirmation dialog in the UI).
    void savePolicy(const QString &note);
    QStringList historyLines() const;

    // Roles and bulk sources.
    quint64 reloadAccounts();
    void setRoles(const QString &accountId, const QStringList &roles);
    void approveBulkSource(const QString &accountId);
    QTableWidget *accountsTable() const { return m_accounts; }

    // Claims.
    quint64 reloadClaims();
    void decideClaim(const QString &claimId, const QString &decision, const QString &note);
    QTableWidget *claimsTable() const { return m_claims; }

    // Lineage (openModel and openRun are one kind: the newest step of the walk wins).
    quint64 reloadModels();
    quint64 openModel(const QString &modelId);
    quint64 openRun(const QString &runId);
    // The run's tracks that came from `pack` (empty: all of the run's tracks).
    void openPack(const QString &pack);
    quint64 openTrackLineage(const QString &trackId);
    void exportProof(const QString &modelId, const QString &filePath);
    QListWidget *modelsList() const { return m_models; }
    QListWidget *runsList() const { return m_runs; }
    // A runsList() item's data under this role: how many tracks affect the run (stale
    // marking; absent when none); its tooltip names them.
    static constexpr int kAffectedRole = Qt::UserRole + 1;
    QListWidget *runPacksList() const { return m_runPacks; }
    QListWidget *runTracksList() const { return m_runTracks; }
    QListWidget *trackRunsList() const { return m_trackRuns; }

    // Audit.
    quint64 searchAudit(const QString &eventType, const QString &actor, const QString &subject,
                        const QString &since, const QString &until);
    quint64 verifyAudit();
    QTableWidget *auditTable() const { return m_audit; }
    QString verifyText() const;
    // The selected audit entry in full (JSON with seq, hashes and payload).
    QString auditDetailText() const;

Q_SIGNALS:
    void policyLoaded(quint64 generation);
    // Saved as `version`; `reload` is the generation of the policy reload that shows it.
    void policySaved(int version, quint64 reload);
    void accountsLoaded(quint64 generation);
    // A role or bulk-source change was accepted; `reload` is the accounts reload showing it.
    void accountChanged(const QString &accountId, quint64 reload);
    void claimsLoaded(quint64 generation);
    // The claim was decided; `reload` is the claims reload that shows it.
    void claimDecided(const QString &claimId, quint64 reload);
    void modelsLoaded(quint64 generation);
    // openModel / openRun answered.
    void lineageShown(quint64 generation);
    // openTrackLineage answered.
    void trackLineageShown(quint64 generation);
    void proofExported(const QString &path);
    void auditLoaded(quint64 generation);
    void auditVerified(bool ok, quint64 generation);
    void errorShown(const QString &message);
    // "Open in review": the claimed track in the review workspace's detail view.
    void openTrackRequested(const QString &trackId);

private:
    // One request; `onOk` gets the JSON body, a refusal or network error goes to errorShown.
    // Bound to this view: nothing runs after it is gone.
    void request(QByteArray method, const QString &path, const QJsonObject &body,
                 std::function<void(const QJsonObject &)> onOk);
    void get(const QString &path, std::function<void(const QJsonObject &)> onOk)
    {
        request("GET", path, {}, std::move(onOk));
    }
    // A GET of one kind: only the newest request's answer (or error) reaches `onOk`, with its
    // generation; returns the generation.
    quint64 load(RequestGeneration &kind, const QString &path,
                 std::function<void(const QJsonObject &, quint64)> onOk);
    QWidget *buildPolicyTab();
    QWidget *buildAccountsTab();
    QWidget *buildClaimsTab();
    QWidget *buildLineageTab();
    void markAffected(QListWidgetItem *item, const QJsonArray &affectedBy);
    QWidget *buildAuditTab();
    QCoro::Task<> loadPolicy(RequestGeneration::Ticket ticket);
    QCoro::Task<> doSavePolicy(QString note);
    void confirmAndSavePolicy();
    void showError(const QString &message);
    QJsonObject editedPolicy(QJsonObject *problems) const;

    ApiClient &m_api;
    // Policy.
    QJsonObject m_policyDoc; // GET /policy
    QTableWidget *m_policy;
    QLineEdit *m_policyNote;
    QTableWidget *m_history;
    // Accounts.
    QTableWidget *m_accounts;
    QCheckBox *m_roleContributor, *m_roleReviewer, *m_roleAdmin;
    // Claims.
    QTableWidget *m_claims;
    QComboBox *m_claimDecision;
    QLineEdit *m_claimNote;
    // Lineage.
    QListWidget *m_models, *m_runs, *m_runPacks, *m_runTracks, *m_trackRuns;
    QJsonArray m_runTrackData; // the open run's tracks (GET /training/runs/{id})
    QLabel *m_runInfo;
    // Audit.
    QComboBox *m_auditType;
    QLineEdit *m_auditActor, *m_auditSubject, *m_auditSince, *m_auditUntil;
    QTableWidget *m_audit;
    QTextBrowser *m_auditDetail;
    QJsonArray m_auditEntries;
    QLabel *m_verify;

    RequestGeneration m_policyRequests, m_accountsRequests, m_claimsRequests, m_modelsRequests,
        m_lineageRequests, m_trackLineageRequests, m_auditRequests, m_verifyRequests;
};

} // namespace lemm::app
