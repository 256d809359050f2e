// The governance models (app/governance_model.h) under QAbstractItemModelTester, driven through
// the controller by a fake API: the first load inserts, a later window updates in place,
// removes and inserts rows, a reordering resets; and the parser's answer to hostile replies.
#include "app/governance_controller.h"
#include "fake_governance_api.h"
#include "ui/format.h"
#include "ui/governance_dashboard.h"
#include "ui/table_views.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace lemm;
using namespace lemm::app;
using lemm::test::FakeGovernanceApi;

namespace {

QStringList ids(const QAbstractItemModel *m)
{
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, 0).data(ui::kIdRole).toString();
    return out;
}

QJsonObject validBody()
{
    const QJsonObject times{{QStringLiteral("count"), 1},
                            {QStringLiteral("median_s"), 10},
                            {QStringLiteral("p90_s"), 10}};
    return QJsonObject{
        {QStringLiteral("window_days"), 30},
        {QStringLiteral("time_to_decision"), QJsonObject{{QStringLiteral("overall"), times},
                                                         {QStringLiteral("by_state"), QJsonArray{}},
                                                         {QStringLiteral("by_flag"), QJsonArray{}},
                                                         {QStringLiteral("unflagged"), times}}},
        {QStringLiteral("queue"), QJsonObject{{QStringLiteral("pending_review"), QJsonObject{}},
                                              {QStringLiteral("dispute_pending"), QJsonObject{}}}},
        {QStringLiteral("agreement"),
         QJsonObject{{QStringLiteral("items"), 2}, {QStringLiteral("kappa"), -0.25}}},
        {QStringLiteral("reviewers"), QJsonArray{}}};
}

} // namespace

class GovernanceModelTest : public QObject
{
    Q_OBJECT

    FakeGovernanceApi m_api;
    QWidget m_parent;
    std::unique_ptr<GovernanceController> m_controller;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;

    GovernanceModel *model() { return m_controller->model(); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_controller = std::make_unique<GovernanceController>(&m_api, &m_parent);
        for (QAbstractItemModel *m : std::initializer_list<QAbstractItemModel *>{
                 model()->decisionsByFlag(), model()->decisionsByState(), model()->queue(),
                 model()->reviewers()})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
                m, QAbstractItemModelTester::FailureReportingMode::Fatal));
    }

    void firstLoadInsertsRows()
    {
        m_api.next = test::sampleGovernance();
        QSignalSpy done(m_controller.get(), &GovernanceController::finished);
        m_controller->refresh();
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.at(0).at(0).toBool(), true);
        QCOMPARE(m_api.calls, QList<int>{30});
        auto *byFlag = model()->decisionsByFlag();
        QCOMPARE(ids(byFlag), (QStringList{"near_duplicate", "external_weak_hit", "*unflagged"}));
        // Words, not ids; durations and counts localised; sortable values.
        QCOMPARE(byFlag->index(0, 0).data().toString(), ui::flagName("near_duplicate"));
        QCOMPARE(byFlag->index(0, 2).data().toString(), ui::formatDuration(1800));
        QCOMPARE(byFlag->index(0, 2).data(ui::kSortRole).toDouble(), 1800.0);
        QCOMPARE(byFlag->index(2, 0).data().toString(), QStringLiteral("No flags"));
        QCOMPARE(model()->decisionsByState()->index(1, 0).data().toString(),
                 QStringLiteral("Rejected"));
        auto *queue = model()->queue();
        QCOMPARE(queue->rowCount(), 2);
        QCOMPARE(queue->index(1, 3).data().toString(), QStringLiteral("–"));
        QCOMPARE(queue->index(1, 3).data(ui::kSortRole).toDouble(), -1.0);
        QCOMPARE(model()->reviewers()->index(0, 0).data().toString(), QStringLiteral("Rita"));
        QCOMPARE(model()->reviewers()->index(0, 1).data(ui::kSortRole).toDouble(), 7.0);
        QCOMPARE(model()->reviewers()->headerData(4, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Needs more info"));
    }

    void nextWindowUpdatesRemovesAndInserts()
    {
        GovernanceSnapshot s = test::sampleGovernance();
        s.byFlag.removeAt(1);                                          // external_weak_hit goes
        s.byFlag[0].medianSeconds = 2400.0;                            // near_duplicate changes
        s.byFlag.append({QStringLiteral("bulk_hold"), 1, 60.0, 60.0}); // a new one
        m_api.next = s;
        auto *byFlag = model()->decisionsByFlag();
        QSignalSpy removed(byFlag, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(byFlag, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(byFlag, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(byFlag, &QAbstractItemModel::modelReset);
        m_controller->dashboard()->findChild<QComboBox *>("governanceWindow")->setCurrentIndex(2);
        QCOMPARE(m_api.calls.last(), 90);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QVERIFY(changed.size() >= 1);
        QCOMPARE(ids(byFlag), (QStringList{"near_duplicate", "bulk_hold", "*unflagged"}));
        QCOMPARE(byFlag->index(0, 2).data(ui::kSortRole).toDouble(), 2400.0);
    }

    void reorderingResets()
    {
        GovernanceSnapshot s = test::sampleGovernance();
        std::reverse(s.reviewers.begin(), s.reviewers.end());
        m_api.next = s;
        QSignalSpy reset(model()->reviewers(), &QAbstractItemModel::modelReset);
        m_controller->refresh();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(ids(model()->reviewers()), (QStringList{"acc_3", "acc_2", "acc_1"}));
        model()->decisionsByFlag()->clear();
        QCOMPARE(model()->decisionsByFlag()->rowCount(), 0);
    }

    void emptyWindowRemovesEverything()
    {
        m_api.next = GovernanceSnapshot{};
        m_controller->refresh();
        QCOMPARE(model()->decisionsByFlag()->rowCount(), 0);
        QCOMPARE(model()->reviewers()->rowCount(), 0);
        QCOMPARE(model()->queue()->rowCount(), 2); // the two queues are always listed
    }

    void errorsReachTheDashboardInWords()
    {
        ApiError e;
        e.status = 403;
        e.code = QStringLiteral("forbidden");
        e.message = QStringLiteral("admin only");
        m_api.next = e;
        QSignalSpy done(m_controller.get(), &GovernanceController::finished);
        m_controller->refresh();
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QCOMPARE(m_controller->dashboard()->statusText(), e.userMessage());
        QVERIFY(!m_controller->dashboard()->statusText().isEmpty());
    }

    void parserRefusesBrokenReplies()
    {
        QVERIFY(parseGovernanceSnapshot(validBody()).ok());
        const GovernanceSnapshot s = parseGovernanceSnapshot(validBody()).value();
        QCOMPARE(*s.kappa, -0.25);
        QCOMPARE(s.agreementItems, 2);
        QVERIFY(!s.pendingReview.oldestAgeSeconds);

        QJsonObject noQueue = validBody();
        noQueue.remove(QStringLiteral("queue"));
        QCOMPARE(parseGovernanceSnapshot(noQueue).error().code, QStringLiteral("bad_reply"));
        QCOMPARE(parseGovernanceSnapshot(QJsonObject{}).error().code, QStringLiteral("bad_reply"));

        QJsonObject huge = validBody();
        QJsonArray many;
        for (int i = 0; i <= kMaxListEntries; ++i)
            many.append(QJsonObject{});
        huge.insert(QStringLiteral("reviewers"), many);
        QCOMPARE(parseGovernanceSnapshot(huge).error().code, QStringLiteral("bad_reply"));

        QJsonObject odd = validBody();
        QJsonObject ttd = odd.value(QStringLiteral("time_to_decision")).toObject();
        ttd.insert(QStringLiteral("overall"), QJsonObject{{QStringLiteral("count"), -4},
                                                          {QStringLiteral("median_s"), "soon"},
                                                          {QStringLiteral("p90_s"), -1}});
        odd.insert(QStringLiteral("time_to_decision"), ttd);
        odd.insert(QStringLiteral("agreement"), QJsonObject{{QStringLiteral("kappa"), "high"}});
        const GovernanceSnapshot o = parseGovernanceSnapshot(odd).value();
        QCOMPARE(o.decisions.count, 0);
        QVERIFY(!o.decisions.medianSeconds);
        QVERIFY(!o.decisions.p90Seconds);
        QVERIFY(!o.kappa);
    }
};

QTEST_MAIN(GovernanceModelTest)
#include "governance_model_test.moc"
