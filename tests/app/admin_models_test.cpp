// The admin role's models, controller and tool widgets, driven through FakeAdminApi: every model
// wrapped in QAbstractItemModelTester (fatal), through resets, inserts, removals, moves and
// updates; the policy editor's typed editors and core's validation; stale answers dropped; and
// the JSON parsers against hostile answers.

#include "fake_admin_api.h"

#include "app/accounts_model.h"
#include "app/admin_controller.h"
#include "app/audit_model.h"
#include "app/claims_model.h"
#include "app/lineage_model.h"
#include "app/policy_fields_model.h"
#include "app/policy_history_model.h"

#include "ui/accounts_panel.h"
#include "ui/admin_area.h"
#include "ui/admin_roles.h"
#include "ui/audit_viewer.h"
#include "ui/claims_panel.h"
#include "ui/lineage_browser.h"
#include "ui/policy_editor.h"
#include "ui/table_views.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace lemm;
using namespace lemm::app;
using Tester = QAbstractItemModelTester;

namespace {

Account account(const QString &id, const QString &email, QStringList roles = {})
{
    return Account{id, email, email.section(QLatin1Char('@'), 0, 0), std::move(roles), false};
}

Claim claim(const QString &id, const QString &track)
{
    Claim c;
    c.id = id;
    c.trackId = track;
    c.trackTitle = QStringLiteral("Song ") + track;
    c.trackArtist = QStringLiteral("Ben");
    c.claimant = QStringLiteral("Label X");
    c.evidence = QStringLiteral("sounds like ours");
    c.state = QStringLiteral("open");
    c.createdAt = QStringLiteral("2026-12-01T10:00:00Z");
    return c;
}

AuditEntry entry(qint64 seq, const QString &at,
                 const QString &type = QStringLiteral("policy_change"))
{
    return AuditEntry{seq,
                      at,
                      type,
                      QStringLiteral("acct_1"),
                      QStringLiteral("policy"),
                      QStringLiteral("{}"),
                      QStringLiteral("{\"seq\": %1}").arg(seq)};
}

QStringList column(const QAbstractItemModel &m, int col, const QModelIndex &parent = {})
{
    QStringList out;
    for (int r = 0; r < m.rowCount(parent); ++r)
        out << m.index(r, col, parent).data().toString();
    return out;
}

RunSummary run(const QString &id, QList<AffectedTrack> affected = {})
{
    RunSummary r;
    r.id = id;
    r.status = QStringLiteral("completed");
    r.packs = {QStringLiteral("core")};
    r.trackCount = 2;
    r.clean = true;
    r.affectedBy = std::move(affected);
    return r;
}

} // namespace

class AdminModelsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("lemm-admin-models-test"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void policyFieldsAreTypedAndValidatedByCore()
    {
        PolicyFieldsModel model;
        Tester tester(&model, Tester::FailureReportingMode::Fatal);
        QCOMPARE(model.rowCount(), int(core::policyFields().size()));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        core::Policy p;
        p.outputWarnMin = 0.4;
        model.setPolicy(PolicyVersion{7, QStringLiteral("root"), {}, p});
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.baseVersion(), 7);
        QVERIFY(model.problems().isEmpty());
        QVERIFY(model.changes().isEmpty());

        const int warn = model.rowOf(QStringLiteral("output_warn_min"));
        QVERIFY(warn >= 0);
        const QModelIndex name = model.index(warn, PolicyFieldsModel::NameColumn);
        QCOMPARE(name.data(ui::kPolicyKindRole).toString(), QStringLiteral("number"));
        QCOMPARE(name.data(ui::kPolicyMaxRole).toDouble(), 1.0);
        const QModelIndex value = model.index(warn, PolicyFieldsModel::ValueColumn);
        QCOMPARE(value.data(Qt::EditRole).typeId(), int(QMetaType::Double));
        QCOMPARE(value.data().toString(), QStringLiteral("0.4"));
        QCOMPARE(model.index(warn, PolicyFieldsModel::AllowedColumn).data().toString(),
                 QStringLiteral("0 to 1"));

        // Out of range: core refuses it, the row says why, nothing to save.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setValue(QStringLiteral("output_warn_min"), 2.0));
        QVERIFY(!changed.isEmpty());
        QVERIFY(model.problems().contains(QStringLiteral("output_warn_min")));
        QVERIFY(!value.data(ui::kPolicyProblemRole).toString().isEmpty());
        QVERIFY(!model.editedPolicy().ok());
        QVERIFY(model.changes().isEmpty());
        // A relation between fields: block below warn is refused on the block row.
        QVERIFY(model.setValue(QStringLiteral("output_warn_min"), 0.8));
        QVERIFY(model.problems().contains(QStringLiteral("output_block_min")));
        QVERIFY(model.setValue(QStringLiteral("output_warn_min"), 0.45));
        QVERIFY(model.problems().isEmpty());
        const QList<PolicyFieldChange> changes = model.changes();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().field, QStringLiteral("output_warn_min"));
        QCOMPARE(changes.first().newValue.toDouble(), 0.45);
        QVERIFY(value.data(ui::kPolicyChangedRole).toBool());
        QCOMPARE(model.editedPolicy().value().outputWarnMin, 0.45);

        // Wrong types are refused outright; NaN too.
        QVERIFY(!model.setValue(QStringLiteral("output_warn_min"), QStringLiteral("abc")));
        QVERIFY(!model.setValue(QStringLiteral("output_warn_min"), qQNaN()));
        QVERIFY(!model.setValue(QStringLiteral("no_such_field"), 1));
        QVERIFY(!model.setData(model.index(warn, PolicyFieldsModel::NameColumn), 1.0));

        // Integers, choices, lists, and the licence templates as type → text.
        QVERIFY(model.setValue(QStringLiteral("flagged_approvals_required"), 3));
        QCOMPARE(model.value(QStringLiteral("flagged_approvals_required")).toInt(), 3);
        QVERIFY(model.setValue(QStringLiteral("auto_accept"), QStringLiteral("unflagged")));
        QVERIFY(model.setValue(QStringLiteral("auto_accept"), QStringLiteral("sometimes")));
        QVERIFY(model.problems().contains(QStringLiteral("auto_accept")));
        QVERIFY(model.setValue(QStringLiteral("auto_accept"), QStringLiteral("off")));
        QVERIFY(model.setValue(
            QStringLiteral("accepted_license_types"),
            QStringList{QStringLiteral("lemm_training_only_v1"), QStringLiteral("cc_by_4")}));
        QVariantMap templates = model.value(QStringLiteral("license_templates")).toMap();
        templates.insert(QStringLiteral("cc_by_4"), QStringLiteral("Attribution"));
        QVERIFY(model.setValue(QStringLiteral("license_templates"), templates));
        QVERIFY2(model.problems().isEmpty(), qPrintable(model.problems().keys().join(',')));
        QCOMPARE(model.editedPolicy().value().acceptedLicenseTypes.size(), 2);
        QCOMPARE(model.editedPolicy()
                     .value()
                     .licenseTemplates.value(QStringLiteral("cc_by_4"))
                     .toString(),
                 QStringLiteral("Attribution"));
        QCOMPARE(model.changes().size(), 4);
        model.revert();
        QVERIFY(model.changes().isEmpty());
    }

    void historyAccountsAndClaimsMergeRows()
    {
        AccountsModel accounts;
        Tester tester(&accounts, Tester::FailureReportingMode::Fatal);
        accounts.setItems({account(QStringLiteral("a"), QStringLiteral("ana@example.org"),
                                   {QStringLiteral("contributor")}),
                           account(QStringLiteral("b"), QStringLiteral("ben@example.org")),
                           account(QStringLiteral("c"), QStringLiteral("cy@example.org"))});
        QCOMPARE(accounts.rowCount(), 3);
        QCOMPARE(accounts.index(0, 0).data(ui::kIdRole).toString(), QStringLiteral("a"));
        QSignalSpy inserted(&accounts, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&accounts, &QAbstractItemModel::rowsRemoved);
        QSignalSpy moved(&accounts, &QAbstractItemModel::rowsMoved);
        QSignalSpy changed(&accounts, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&accounts, &QAbstractItemModel::modelReset);
        Account ana = account(QStringLiteral("a"), QStringLiteral("ana@example.org"),
                              {QStringLiteral("contributor"), QStringLiteral("reviewer")});
        // b gone, c before a, a updated, d new.
        accounts.setItems({account(QStringLiteral("c"), QStringLiteral("cy@example.org")), ana,
                           account(QStringLiteral("d"), QStringLiteral("dee@example.org"))});
        QCOMPARE(column(accounts, AccountsModel::EmailColumn),
                 (QStringList{QStringLiteral("cy@example.org"), QStringLiteral("ana@example.org"),
                              QStringLiteral("dee@example.org")}));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(moved.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(accounts.index(1, AccountsModel::RolesColumn).data().toString(),
                 QStringLiteral("contributor, reviewer"));
        QCOMPARE(accounts.index(1, 0).data(ui::kAccountRolesRole).toStringList(), ana.roles);
        // The same list again changes nothing; an empty one removes all; duplicates are safe.
        changed.clear();
        accounts.setItems(accounts.items());
        QCOMPARE(changed.size(), 0);
        accounts.setItems({ana, ana});
        QCOMPARE(accounts.rowCount(), 2);
        accounts.setItems({});
        QCOMPARE(accounts.rowCount(), 0);
        accounts.reset({ana});
        QCOMPARE(reset.size(), 1);

        PolicyHistoryModel history;
        Tester historyTester(&history, Tester::FailureReportingMode::Fatal);
        const PolicyHistoryEntry v1{1,
                                    QStringLiteral("root"),
                                    QStringLiteral("first"),
                                    QStringLiteral("2026-11-01T08:00:00Z"),
                                    {}};
        const PolicyHistoryEntry v2{
            2,
            QStringLiteral("root"),
            QStringLiteral("stricter"),
            QStringLiteral("2026-12-01T08:00:00Z"),
            {PolicyFieldChange{QStringLiteral("output_warn_min"), 0.4, 0.45}}};
        history.setItems({v1});
        history.setItems({v2, v1});
        QCOMPARE(history.rowCount(), 2);
        QCOMPARE(history.index(0, PolicyHistoryModel::ChangesColumn).data().toString(),
                 QStringLiteral("output_warn_min: 0.4 → 0.45"));
        QVERIFY(!history.index(0, PolicyHistoryModel::WhenColumn)
                     .data()
                     .toString()
                     .contains(QLatin1Char('T')));
        QCOMPARE(history.index(0, 0).data(ui::kSortRole).toLongLong(), 2);

        ClaimsModel claims;
        Tester claimsTester(&claims, Tester::FailureReportingMode::Fatal);
        claims.setItems({claim(QStringLiteral("c1"), QStringLiteral("t1")),
                         claim(QStringLiteral("c2"), QStringLiteral("t2"))});
        Claim updated = claim(QStringLiteral("c2"), QStringLiteral("t2"));
        updated.trackStatus = QStringLiteral("under_investigation");
        claims.setItems({updated});
        QCOMPARE(claims.rowCount(), 1);
        QCOMPARE(claims.itemAt(0)->trackStatus, QStringLiteral("under_investigation"));
        QCOMPARE(claims.index(0, ClaimsModel::TrackColumn).data().toString(),
                 QStringLiteral("Ben – Song t2"));
        QVERIFY(claims.index(0, ClaimsModel::EvidenceColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("sounds like ours")));
        QCOMPARE(claims.rowOfId(QStringLiteral("c1")), -1);
    }

    void auditIsPagedAndSortsBySequence()
    {
        AuditModel audit;
        Tester tester(&audit, Tester::FailureReportingMode::Fatal);
        audit.reset({entry(12, QStringLiteral("2026-12-01T10:00:02.000Z")),
                     entry(11, QStringLiteral("2026-12-01T10:00:01.000Z"))});
        QCOMPARE(audit.rowCount(), 2);
        QCOMPARE(audit.index(0, AuditModel::SeqColumn).data(ui::kSortRole).toLongLong(), 12);
        QCOMPARE(audit.index(0, AuditModel::TimeColumn).data(ui::kSortRole).toLongLong(), 12);
        QCOMPARE(audit.index(0, AuditModel::EventColumn).data().toString(),
                 QStringLiteral("policy change"));
        QVERIFY(!audit.index(0, AuditModel::TimeColumn)
                     .data()
                     .toString()
                     .contains(QStringLiteral("2026-12-01T")));
        QCOMPARE(audit.index(1, 0).data(ui::kAuditDetailRole).toString(),
                 QStringLiteral("{\"seq\": 11}"));
        // The next page asks for entries before (and at) the oldest one; repeats are skipped.
        AuditQuery q;
        q.eventType = QStringLiteral("policy_change");
        const AuditQuery next = audit.nextPage(q);
        QCOMPARE(next.eventType, q.eventType);
        QCOMPARE(next.until, QStringLiteral("2026-12-01T10:00:01.001Z"));
        QCOMPARE(audit.appendItems({entry(11, QStringLiteral("2026-12-01T10:00:01.000Z")),
                                    entry(10, QStringLiteral("2026-12-01T10:00:00.000Z"))}),
                 1);
        QCOMPARE(column(audit, AuditModel::SeqColumn),
                 (QStringList{QStringLiteral("12"), QStringLiteral("11"), QStringLiteral("10")}));
        QCOMPARE(audit.appendItems({}), 0);
        QSignalSpy renamed(&audit, &QAbstractItemModel::dataChanged);
        audit.setActorNames({{QStringLiteral("acct_1"), QStringLiteral("root@example.org")}});
        QCOMPARE(renamed.size(), 1);
        QCOMPARE(audit.index(0, AuditModel::ActorColumn).data().toString(),
                 QStringLiteral("root@example.org"));
        QCOMPARE(audit.index(0, AuditModel::ActorColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("acct_1"));
        // Sorted through the table's proxy: by number, not text.
        audit.appendItems({entry(9, QStringLiteral("2026-12-01T09:00:00.000Z"))});
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&audit);
        proxy.setSortRole(ui::kSortRole);
        proxy.sort(AuditModel::SeqColumn, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("9"));
        QCOMPARE(proxy.index(3, 0).data().toString(), QStringLiteral("12"));
    }

    void lineageTreeGrowsShrinksAndMarksAffectedRuns()
    {
        LineageModel model;
        Tester tester(&model, Tester::FailureReportingMode::Fatal);
        const ModelSummary m1{
            QStringLiteral("m1"), QStringLiteral("Core"), QStringLiteral("symbolic_core"), {}, 1};
        const ModelSummary m2{QStringLiteral("m2"), QStringLiteral("Adapter"), {}, {}, 0};
        model.setModels({m1, m2});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Core (symbolic_core)"));
        QVERIFY(!model.setModelLineage(ModelLineage{QStringLiteral("nope"), {}, {}, {}, {}}));

        // model → runs
        QVERIFY(model.setModelLineage(ModelLineage{
            QStringLiteral("m1"),
            QStringLiteral("Core"),
            {},
            {QStringLiteral("core")},
            {run(QStringLiteral("r1")),
             run(QStringLiteral("r2"),
                 {AffectedTrack{QStringLiteral("t9"), QStringLiteral("claimed"), 42}})}}));
        const QModelIndex m1Index = model.find(ui::LineageNode::Model, QStringLiteral("m1"));
        QCOMPARE(model.rowCount(m1Index), 2);
        const QModelIndex r1 = model.find(ui::LineageNode::Run, QStringLiteral("r1"));
        const QModelIndex r2 = model.find(ui::LineageNode::Run, QStringLiteral("r2"));
        QCOMPARE(r1.parent(), m1Index);
        QVERIFY(!r1.data(ui::kAffectedRole).isValid());
        QVERIFY(r1.data(Qt::ToolTipRole).toString().isEmpty());
        QCOMPARE(r2.data(ui::kAffectedRole).toInt(), 1);
        QVERIFY(r2.data(Qt::ToolTipRole).toString().contains(QStringLiteral("t9")));
        QVERIFY(r2.data(Qt::ToolTipRole).toString().contains(QStringLiteral("claimed")));
        QVERIFY(r2.siblingAtColumn(1).data().toString().contains(QStringLiteral("affected by 1")));

        // run → packs → tracks
        RunDetail detail;
        detail.run = run(QStringLiteral("r1"));
        detail.run.packs = {QStringLiteral("core"), QStringLiteral("extra")};
        detail.tracks = {RunTrack{QStringLiteral("t1"), QStringLiteral("One"), QStringLiteral("A"),
                                  QStringLiteral("core")},
                         RunTrack{QStringLiteral("t2"), QStringLiteral("Two"), QStringLiteral("B"),
                                  QStringLiteral("core")},
                         RunTrack{QStringLiteral("t3"), QStringLiteral("Three"),
                                  QStringLiteral("C"), QStringLiteral("extra")}};
        QVERIFY(model.setRun(detail));
        QCOMPARE(column(model, 0, r1),
                 (QStringList{QStringLiteral("core"), QStringLiteral("extra")}));
        const QModelIndex core = model.index(0, 0, r1);
        QCOMPARE(model.kind(core), ui::LineageNode::Pack);
        QCOMPARE(column(model, 0, core),
                 (QStringList{QStringLiteral("A – One"), QStringLiteral("B – Two")}));

        // track → the runs that used it → their models
        const QModelIndex t1 = model.find(ui::LineageNode::Track, QStringLiteral("t1"));
        QVERIFY(model.setTrackLineage(TrackLineage{QStringLiteral("t1"),
                                                   {TrackRunUse{QStringLiteral("r1"),
                                                                QStringLiteral("m1"),
                                                                QStringLiteral("core"),
                                                                {},
                                                                QStringLiteral("completed")},
                                                    TrackRunUse{QStringLiteral("r7"),
                                                                QStringLiteral("m2"),
                                                                QStringLiteral("core"),
                                                                {},
                                                                QStringLiteral("running")}},
                                                   2}));
        QCOMPARE(model.rowCount(t1), 2);
        const QModelIndex use = model.index(1, 0, t1);
        QCOMPARE(model.kind(use), ui::LineageNode::TrackRun);
        QCOMPARE(model.modelOf(use), QStringLiteral("m2"));

        // Reloading a run replaces its children (removed, then inserted).
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        detail.tracks.removeLast();
        detail.run.packs = {QStringLiteral("core")};
        QVERIFY(model.setRun(detail));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowCount(r1), 1);
        QCOMPARE(model.rowCount(model.index(0, 0, r1)), 2);
        QVERIFY(!model.find(ui::LineageNode::Track, QStringLiteral("t3")).isValid());

        // The top level merges: new models first, gone ones (with their subtree) removed,
        // kept ones keep their runs.
        const ModelSummary m3{QStringLiteral("m3"), QStringLiteral("New"), {}, {}, 0};
        ModelSummary m1Updated = m1;
        m1Updated.runCount = 2;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setModels({m3, m1Updated});
        QCOMPARE(column(model, 0),
                 (QStringList{QStringLiteral("New"), QStringLiteral("Core (symbolic_core)")}));
        QCOMPARE(model.rowCount(model.find(ui::LineageNode::Model, QStringLiteral("m1"))), 2);
        QVERIFY(!changed.isEmpty());
        model.setModels({m1Updated, m3});
        QCOMPARE(model.index(0, 0).data(ui::kIdRole).toString(), QStringLiteral("m1"));
        model.setModels({});
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.find(ui::LineageNode::Run, QStringLiteral("r1")).isValid());
    }

    void controllerFillsToolsThroughTheApi()
    {
        auto owned = std::make_unique<test::FakeAdminApi>();
        test::FakeAdminApi *api = owned.get();
        api->accountsAnswer =
            QList<Account>{account(QStringLiteral("a"), QStringLiteral("ana@example.org"),
                                   {QStringLiteral("contributor")})};
        api->openClaimsAnswer = QList<Claim>{claim(QStringLiteral("c1"), QStringLiteral("t1"))};
        Claim pending = claim(QStringLiteral("c2"), QStringLiteral("t2"));
        pending.state = QStringLiteral("pending_review");
        api->pendingClaimsAnswer = QList<Claim>{pending};
        api->modelsAnswer = QList<ModelSummary>{
            ModelSummary{QStringLiteral("m1"), QStringLiteral("Core"), {}, {}, 1}};
        api->auditAnswer = QList<AuditEntry>{entry(2, QStringLiteral("2026-12-01T10:00:00Z"))};
        QWidget window;
        auto *controller = new AdminController(std::move(owned), &window);
        QCOMPARE(controller->parent(), controller->area());
        QSignalSpy policyLoaded(controller, &AdminController::policyLoaded);
        controller->reloadAll();
        QCOMPARE(policyLoaded.size(), 1);
        QCOMPARE(controller->policyFields()->baseVersion(), 3);
        QCOMPARE(controller->accounts()->rowCount(), 1);
        QCOMPARE(controller->openClaims()->rowCount(), 1);
        QCOMPARE(controller->pendingClaims()->rowCount(), 1);
        QCOMPARE(controller->lineage()->rowCount(), 1);
        QCOMPARE(controller->audit()->rowCount(), 1);
        QCOMPARE(controller->area()->count(), 5);
        QCOMPARE(controller->area()->toolActions().size(), 5);
        QCOMPARE(controller->area()->toolActions().at(3)->text(), QStringLiteral("Show Lineage"));
    }

    void policyEditorOffersTypedEditorsAndSavesOnlyValidPolicies()
    {
        auto owned = std::make_unique<test::FakeAdminApi>();
        test::FakeAdminApi *api = owned.get();
        QWidget window;
        auto *controller = new AdminController(std::move(owned), &window);
        controller->reloadPolicy();
        ui::PolicyEditor *editor = controller->policyEditor();
        PolicyFieldsModel *fields = controller->policyFields();

        editor->editRow(fields->rowOf(QStringLiteral("output_warn_min")));
        auto *number = qobject_cast<QDoubleSpinBox *>(editor->currentEditor());
        QVERIFY(number);
        QCOMPARE(number->minimum(), 0.0);
        QCOMPARE(number->maximum(), 1.0);
        number->setValue(0.45);
        QCOMPARE(fields->value(QStringLiteral("output_warn_min")).toDouble(), 0.45);
        QVERIFY(editor->pendingText().contains(QStringLiteral("output_warn_min: 0.4 → 0.45")));
        QVERIFY(editor->saveButton()->isEnabled());
        QCOMPARE(editor->saveButton()->text(), QStringLiteral("Save as policy version 4"));
        QCOMPARE(editor->saveButton()->shortcut(), QKeySequence(QKeySequence::Save));

        editor->editRow(fields->rowOf(QStringLiteral("flagged_approvals_required")));
        auto *integer = qobject_cast<QSpinBox *>(editor->currentEditor());
        QVERIFY(integer);
        QCOMPARE(integer->maximum(), 10);
        editor->editRow(fields->rowOf(QStringLiteral("auto_accept")));
        auto *choice = qobject_cast<QComboBox *>(editor->currentEditor());
        QVERIFY(choice);
        QCOMPARE(choice->count(), 2);
        editor->editRow(fields->rowOf(QStringLiteral("accepted_license_types")));
        QCOMPARE(editor->currentEditor()->objectName(), QStringLiteral("policyList"));
        editor->editRow(fields->rowOf(QStringLiteral("license_templates")));
        QCOMPARE(editor->currentEditor()->objectName(), QStringLiteral("policyTemplates"));

        // A refused value blocks saving, before any request.
        QVERIFY(fields->setValue(QStringLiteral("output_block_min"), 0.3));
        QVERIFY(!editor->saveButton()->isEnabled());
        QVERIFY(editor->pendingText().contains(QStringLiteral("output_block_min")));
        QSignalSpy errors(controller, &AdminController::errorShown);
        controller->savePolicy(QStringLiteral("x"));
        QCOMPARE(errors.size(), 1);
        QVERIFY(api->savedPolicies.isEmpty());

        QVERIFY(fields->setValue(QStringLiteral("output_block_min"), 0.7));
        QSignalSpy saved(controller, &AdminController::policySaved);
        controller->savePolicy(QStringLiteral("a little stricter"));
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.first().at(0).toLongLong(), 4);
        QCOMPARE(api->savedPolicies.size(), 1);
        QCOMPARE(api->savedPolicies.first().outputWarnMin, 0.45);
        QVERIFY(api->calls.contains(QStringLiteral("savePolicy a little stricter 3")));
        // The reload after saving shows the server's policy (the fake's: the defaults).
        QCOMPARE(fields->value(QStringLiteral("output_warn_min")).toDouble(), 0.4);

        // A refused save is explained.
        api->saveAnswer = ApiError::badReply(QStringLiteral("refused"));
        fields->setValue(QStringLiteral("output_warn_min"), 0.5);
        controller->savePolicy({});
        QCOMPARE(errors.size(), 2);
    }

    void toolsSendTheirRequests()
    {
        auto owned = std::make_unique<test::FakeAdminApi>();
        test::FakeAdminApi *api = owned.get();
        api->accountsAnswer =
            QList<Account>{account(QStringLiteral("a"), QStringLiteral("ana@example.org"),
                                   {QStringLiteral("contributor")})};
        api->openClaimsAnswer = QList<Claim>{claim(QStringLiteral("c1"), QStringLiteral("t1"))};
        api->pendingClaimsAnswer = QList<Claim>{claim(QStringLiteral("c2"), QStringLiteral("t2"))};
        QWidget window;
        auto *controller = new AdminController(std::move(owned), &window);
        controller->reloadAccounts();
        controller->reloadClaims();

        ui::AccountsPanel *accounts = controller->accountsPanel();
        QVERIFY(!accounts->applyButton()->isEnabled());
        accounts->view()->selectRow(0);
        QCOMPARE(accounts->checkedRoles(), QStringList{QStringLiteral("contributor")});
        accounts->setCheckedRoles({QStringLiteral("contributor"), QStringLiteral("reviewer")});
        QSignalSpy changed(controller, &AdminController::accountChanged);
        accounts->applyButton()->click();
        QCOMPARE(changed.size(), 1);
        QVERIFY(api->calls.contains(QStringLiteral("setRoles a contributor,reviewer")));
        accounts->bulkButton()->click();
        QVERIFY(api->calls.contains(QStringLiteral("approveBulkSource a")));

        ui::ClaimsPanel *claims = controller->claimsPanel();
        QVERIFY(!claims->actionButton(ui::ClaimAction::RemoveTrack)->isEnabled());
        claims->openView()->selectRow(0);
        QVERIFY(!claims->actionButton(ui::ClaimAction::KeepTrack)->isEnabled()); // no note yet
        claims->setDecisionNote(QStringLiteral("fine"));
        QSignalSpy openTrack(controller, &AdminController::openTrackRequested);
        QSignalSpy decided(controller, &AdminController::claimDecided);
        Q_EMIT claims->openTrackRequested(QStringLiteral("c1"));
        QCOMPARE(openTrack.first().first().toString(), QStringLiteral("t1"));
        claims->actionButton(ui::ClaimAction::KeepTrack)->click();
        QCOMPARE(decided.size(), 1);
        QVERIFY(api->calls.contains(
            QStringLiteral("decideClaim c1 %1 fine").arg(int(ClaimDecision::Keep))));
        claims->pendingView()->selectRow(0);
        QVERIFY(!claims->dismissButton()->isEnabled());
        claims->setReviewNote(QStringLiteral("no standing"));
        claims->dismissButton()->click();
        QVERIFY(api->calls.contains(
            QStringLiteral("reviewClaim c2 %1 no standing").arg(int(ClaimReview::Dismiss))));
        QCOMPARE(decided.size(), 2);

        // Errors reach errorShown in words.
        api->doneAnswer = ApiError::badReply(QStringLiteral("nope"));
        QSignalSpy errors(controller, &AdminController::errorShown);
        controller->setRoles(QStringLiteral("a"), {});
        QCOMPARE(errors.size(), 1);
        QVERIFY(!errors.first().first().toString().isEmpty());
    }

    void lineageBrowserNavigatesWithSingleClicks()
    {
        auto owned = std::make_unique<test::FakeAdminApi>();
        test::FakeAdminApi *api = owned.get();
        api->modelsAnswer = QList<ModelSummary>{
            ModelSummary{QStringLiteral("m1"), QStringLiteral("Core"), {}, {}, 1}};
        api->lineageAnswer = ModelLineage{
            QStringLiteral("m1"), QStringLiteral("Core"), {}, {}, {run(QStringLiteral("r1"))}};
        RunDetail detail;
        detail.run = run(QStringLiteral("r1"));
        detail.tracks = {RunTrack{QStringLiteral("t1"), QStringLiteral("One"), QStringLiteral("A"),
                                  QStringLiteral("core")}};
        api->runAnswer = detail;
        api->trackAnswer = TrackLineage{
            QStringLiteral("t1"),
            {TrackRunUse{
                QStringLiteral("r1"), QStringLiteral("m1"), QStringLiteral("core"), {}, {}}},
            1};
        QWidget window;
        window.resize(900, 600);
        auto *controller = new AdminController(std::move(owned), &window);
        controller->area()->resize(900, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Showing the tool loads it.
        controller->area()->setCurrentWidget(controller->lineageBrowser());
        QVERIFY(api->calls.contains(QStringLiteral("models")));
        LineageModel *model = controller->lineage();
        QCOMPARE(model->rowCount(), 1);
        QTreeView *tree = controller->lineageBrowser()->tree();
        const auto click = [tree](const QModelIndex &index) {
            tree->scrollTo(index);
            QTest::mouseClick(tree->viewport(), Qt::LeftButton, {},
                              tree->visualRect(index).center());
        };
        click(model->index(0, 0));
        QVERIFY(api->calls.contains(QStringLiteral("modelLineage m1")));
        const QModelIndex r1 = model->find(ui::LineageNode::Run, QStringLiteral("r1"));
        QVERIFY(r1.isValid());
        QVERIFY(tree->isExpanded(model->index(0, 0)));
        click(r1);
        QVERIFY(api->calls.contains(QStringLiteral("trainingRun r1")));
        QVERIFY(controller->lineageBrowser()->detailsText().contains(QStringLiteral("Run r1")));
        const QModelIndex t1 = model->find(ui::LineageNode::Track, QStringLiteral("t1"));
        QVERIFY(t1.isValid());
        click(model->index(0, 0, r1)); // the pack: expands
        click(t1);
        QVERIFY(api->calls.contains(QStringLiteral("trackLineage t1")));
        const QModelIndex use = model->index(0, 0, t1);
        QCOMPARE(model->kind(use), ui::LineageNode::TrackRun);
        api->calls.clear();
        click(use); // back up the chain to the model
        QCOMPARE(api->calls, QStringList{QStringLiteral("modelLineage m1")});

        // Proof export writes the server's document.
        QTemporaryDir dir;
        QSignalSpy exported(controller, &AdminController::proofExported);
        controller->exportProof(QStringLiteral("m1"), dir.filePath(QStringLiteral("p.json")));
        QCOMPARE(exported.size(), 1);
        QFile file(dir.filePath(QStringLiteral("p.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("{\"entries\": [1]}"));
    }

    void olderAnswersAreDropped()
    {
        auto owned = std::make_unique<test::FakeAdminApi>();
        test::FakeAdminApi *api = owned.get();
        QWidget window;
        auto *controller = new AdminController(std::move(owned), &window);
        test::Gate gate;
        api->gate = &gate;
        api->auditAnswer = QList<AuditEntry>{
            entry(1, QStringLiteral("2026-12-01T10:00:00Z"), QStringLiteral("review_vote"))};
        QSignalSpy loaded(controller, &AdminController::auditLoaded);
        const quint64 first = controller->searchAudit(AuditQuery{});
        api->auditAnswer = QList<AuditEntry>{entry(2, QStringLiteral("2026-12-01T10:00:00Z"))};
        AuditQuery filtered;
        filtered.eventType = QStringLiteral("policy_change");
        const quint64 second = controller->searchAudit(filtered);
        QVERIFY(second > first);
        gate.release(); // both answers land, the older one first
        QTRY_COMPARE(*api->answered, 2);
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().first().toULongLong(), second);
        QCOMPARE(controller->audit()->rowCount(), 1);
        QCOMPARE(controller->audit()->itemAt(0)->seq, 2);
        QCOMPARE(controller->auditViewer()->filter().eventType, QStringLiteral("policy_change"));
        // Verification shows its result in words.
        api->gate = nullptr;
        api->verifyAnswer = AuditVerification{false, 5, {}, QStringLiteral("entry 3 altered")};
        QSignalSpy verified(controller, &AdminController::auditVerified);
        controller->auditViewer()->verifyButton()->click();
        QCOMPARE(verified.size(), 1);
        QCOMPARE(verified.first().first().toBool(), false);
        QVERIFY(controller->auditViewer()->verificationText().contains(
            QStringLiteral("entry 3 altered")));
        // An answer after the controller (and the API it owns) is gone touches nothing.
        api->gate = &gate;
        const std::shared_ptr<int> answered = api->answered;
        const int before = *answered;
        controller->reloadAll();
        QCOMPARE(api->calls.size(), 8); // policy, accounts, open claims, models, audit
        delete controller->area();
        gate.release();
        QCoreApplication::processEvents();
        QVERIFY(*answered <= before + 5);
    }

    void hostileAnswersAreRefused()
    {
        using namespace admin_json;
        QVERIFY(!parseAccounts({}).ok());
        QVERIFY(!parseAccounts({{QStringLiteral("accounts"), QStringLiteral("x")}}).ok());
        QVERIFY(!parseAccounts({{QStringLiteral("accounts"), QJsonArray{QJsonObject{}}}}).ok());
        QJsonArray many;
        for (int i = 0; i <= kMaxAdminListItems; ++i)
            many.append(QJsonObject{{QStringLiteral("claim_id"), QString::number(i)}});
        QCOMPARE(parseClaims({{QStringLiteral("claims"), many}}).error().code,
                 QStringLiteral("bad_reply"));
        QVERIFY(!parsePolicy({}).ok());
        QVERIFY(!parsePolicy(
                     {{QStringLiteral("policy"),
                       QJsonObject{{QStringLiteral("output_warn_min"), QStringLiteral("high")}}}})
                     .ok());
        const auto policy = parsePolicy(
            {{QStringLiteral("version"), 5},
             {QStringLiteral("policy"), QJsonObject{{QStringLiteral("output_warn_min"), 0.3}}}});
        QVERIFY(policy.ok());
        QCOMPARE(policy->version, 5);
        QCOMPARE(policy->policy.outputWarnMin, 0.3);
        QVERIFY(
            !parseAudit({{QStringLiteral("entries"),
                          QJsonArray{QJsonObject{{QStringLiteral("seq"), QStringLiteral("1")}}}}})
                 .ok());
        const auto audit = parseAudit(
            {{QStringLiteral("entries"),
              QJsonArray{QJsonObject{
                  {QStringLiteral("seq"), 4},
                  {QStringLiteral("event_type"), QStringLiteral("review_vote")},
                  {QStringLiteral("hash"), QStringLiteral("ab")},
                  {QStringLiteral("payload"), QJsonObject{{QStringLiteral("v"), 1}}}}}}});
        QVERIFY(audit.ok());
        QCOMPARE(audit->first().seq, 4);
        QVERIFY(audit->first().detail.contains(QStringLiteral("\"hash\"")));
        QCOMPARE(audit->first().summary, QStringLiteral("{\"v\":1}"));
        QVERIFY(!parseRun({{QStringLiteral("tracks"), QJsonArray{}}}).ok()); // no run id
        QVERIFY(!parseModelLineage({{QStringLiteral("runs"), QJsonArray{QJsonObject{}}}}).ok());
    }
};

QTEST_MAIN(AdminModelsTest)
#include "admin_models_test.moc"
