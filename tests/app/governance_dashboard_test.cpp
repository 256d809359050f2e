// The governance dashboard (ui/governance_dashboard.h, ui/bar_chart.h) fed by the controller
// and a fake API, rendered offscreen: a bar in its colour for every non-zero figure and none
// for zero ones, the empty state in words, kappa with its n and band.
#include "app/governance_controller.h"
#include "fake_governance_api.h"
#include "ui/bar_chart.h"
#include "ui/governance_dashboard.h"

#include <QImage>
#include <QLayout>
#include <QStandardPaths>
#include <QTest>
#include <QVBoxLayout>

using namespace lemm;
using namespace lemm::app;
using lemm::test::FakeGovernanceApi;

namespace {

// Pixels of the chart's bar colour in its rendering.
int barPixels(const QImage &image, const QColor &color)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += image.pixelColor(x, y).rgb() == color.rgb();
    return n;
}

} // namespace

class GovernanceDashboardTest : public QObject
{
    Q_OBJECT

    FakeGovernanceApi m_api;
    QWidget m_window;
    GovernanceController *m_controller = nullptr;

    ui::GovernanceDashboard *dashboard() { return m_controller->dashboard(); }

    void load(const GovernanceSnapshot &s)
    {
        m_api.next = s;
        m_controller->refresh();
        m_window.layout()->activate();
        QCoreApplication::processEvents();
    }

    // Every row with a positive value has a bar painted in the bar colour; the others none.
    void checkBars(ui::BarChart *chart, int expectedBars)
    {
        const QImage image = chart->grab().toImage();
        QCOMPARE(chart->barCount(), expectedBars);
        int seen = 0;
        for (int r = 0; r < 10; ++r) {
            const QRect bar = chart->barRect(r);
            if (bar.isEmpty())
                continue;
            ++seen;
            QVERIFY2(image.rect().contains(bar.center()), qPrintable(chart->objectName()));
            QCOMPARE(image.pixelColor(bar.center()).rgb(), chart->barColor().rgb());
        }
        QCOMPARE(seen, expectedBars);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        auto *layout = new QVBoxLayout(&m_window);
        m_controller = new GovernanceController(&m_api, &m_window);
        layout->addWidget(dashboard());
        m_window.resize(900, 1000);
        m_window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_window));
        // Coming into view asks for the figures of the default window (30 days).
        QCOMPARE(m_api.calls, QList<int>{30});
    }

    void barsForNonZeroFigures()
    {
        load(test::sampleGovernance());
        // Two flags and "no flags"; one queue waits (the dispute queue is empty); two of three
        // reviewers voted.
        checkBars(dashboard()->decisionChart(), 3);
        checkBars(dashboard()->queueChart(), 1);
        checkBars(dashboard()->reviewerChart(), 2);
        QVERIFY(dashboard()->queueChart()->barRect(1).isEmpty());
        QVERIFY(dashboard()->reviewerChart()->barRect(2).isEmpty());
        // The longest median has the longest bar.
        QVERIFY(dashboard()->decisionChart()->barRect(0).width() >
                dashboard()->decisionChart()->barRect(1).width());
        QVERIFY(!dashboard()->decisionChart()->showsEmptyText());
    }

    void kappaWithItsItemsAndBand()
    {
        load(test::sampleGovernance());
        const QString text = dashboard()->kappaText();
        QVERIFY2(text.contains(QStringLiteral("0.52")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("moderate agreement")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("over 5 item")), qPrintable(text));
        QCOMPARE(ui::GovernanceDashboard::agreementBand(-0.1).left(5), QStringLiteral("worse"));
        QVERIFY(ui::GovernanceDashboard::agreementBand(0.9).contains(QStringLiteral("perfect")));
        QVERIFY(ui::GovernanceDashboard::agreementBand(0.3).contains(QStringLiteral("fair")));
    }

    void emptyWindowSaysSo()
    {
        GovernanceSnapshot empty;
        empty.windowDays = 7;
        load(empty);
        auto *chart = dashboard()->decisionChart();
        QVERIFY(chart->showsEmptyText());
        QCOMPARE(chart->emptyText(), QStringLiteral("No decisions in this window."));
        QCOMPARE(barPixels(chart->grab().toImage(), chart->barColor()), 0);
        QVERIFY(dashboard()->kappaText().contains(QStringLiteral("Not enough items")));
    }

    void screenshot()
    {
        load(test::sampleGovernance());
        const QString dir = qEnvironmentVariable("LEMM_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("LEMM_SCREENSHOT_DIR not set");
        QVERIFY(m_window.grab().save(dir + QStringLiteral("/governance-dashboard.png")));
    }
};

QTEST_MAIN(GovernanceDashboardTest)
#include "governance_dashboard_test.moc"
