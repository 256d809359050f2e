#include "governance_dashboard.h"

#include "bar_chart.h"
#include "format.h"
#include "table_views.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShowEvent>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace lemm::ui {

namespace {

QLabel *figureLabel(QWidget *parent, const QString &name)
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

} // namespace

GovernanceDashboard::GovernanceDashboard(const GovernanceModels &models, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("governanceDashboard"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(makeHeader());
    layout->addWidget(makeFigures());
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("governanceTabs"));
    tabs->addTab(makeCharts(models), tr("Charts"));
    tabs->addTab(makeTables(models), tr("Tables"));
    layout->addWidget(tabs, 1);
    setFigures({});
}

QWidget *GovernanceDashboard::makeHeader()
{
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("&Window:"), box);
    m_window = new QComboBox(box);
    m_window->setObjectName(QStringLiteral("governanceWindow"));
    for (int d : {7, 30, 90, 365})
        m_window->addItem(tr("Last %n day(s)", nullptr, d), d);
    m_window->setCurrentIndex(1);
    label->setBuddy(m_window);
    m_refresh = new QPushButton(tr("&Refresh"), box);
    m_refresh->setObjectName(QStringLiteral("governanceRefresh"));
    m_status = new QLabel(box);
    m_status->setObjectName(QStringLiteral("governanceStatus"));
    row->addWidget(label);
    row->addWidget(m_window);
    row->addWidget(m_refresh);
    row->addWidget(m_status, 1);
    connect(m_window, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT refreshRequested(days()); });
    connect(m_refresh, &QPushButton::clicked, this, [this] { Q_EMIT refreshRequested(days()); });
    return box;
}

QWidget *GovernanceDashboard::makeFigures()
{
    auto *box = new QGroupBox(tr("In this window"), this);
    auto *grid = new QGridLayout(box);
    m_kappa = figureLabel(box, QStringLiteral("governanceKappa"));
    QFont big = m_kappa->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_kappa->setFont(big);
    m_kappaBand = figureLabel(box, QStringLiteral("governanceKappaBand"));
    m_open = figureLabel(box, QStringLiteral("governanceOpenItems"));
    m_disputes = figureLabel(box, QStringLiteral("governanceDisputes"));
    m_claims = figureLabel(box, QStringLiteral("governanceClaims"));
    grid->addWidget(new QLabel(tr("Agreement between reviewers"), box), 0, 0);
    grid->addWidget(m_kappa, 1, 0);
    grid->addWidget(m_kappaBand, 2, 0);
    grid->addWidget(m_open, 0, 1);
    grid->addWidget(m_disputes, 1, 1);
    grid->addWidget(m_claims, 2, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 2);
    return box;
}

QWidget *GovernanceDashboard::makeCharts(const GovernanceModels &models)
{
    auto *page = new QWidget(this);
    auto *col = new QVBoxLayout(page);
    m_decisionChart = new BarChart(page);
    m_decisionChart->setObjectName(QStringLiteral("governanceDecisionChart"));
    m_decisionChart->setTitle(tr("Median time to decision, by flag"));
    m_decisionChart->setEmptyText(tr("No decisions in this window."));
    m_decisionChart->setModel(models.decisionsByFlag, 0, 2);
    m_queueChart = new BarChart(page);
    m_queueChart->setObjectName(QStringLiteral("governanceQueueChart"));
    m_queueChart->setTitle(tr("Oldest item waiting, by queue"));
    m_queueChart->setEmptyText(tr("Nothing is waiting."));
    m_queueChart->setBarColor(QColor(0xc0, 0x7a, 0x1e));
    m_queueChart->setModel(models.queue, 0, 3);
    m_reviewerChart = new BarChart(page);
    m_reviewerChart->setObjectName(QStringLiteral("governanceReviewerChart"));
    m_reviewerChart->setTitle(tr("Votes per reviewer"));
    m_reviewerChart->setEmptyText(tr("No votes in this window."));
    m_reviewerChart->setBarColor(QColor(0x3f, 0x8f, 0x5a));
    m_reviewerChart->setModel(models.reviewers, 0, 1);
    col->addWidget(m_decisionChart);
    col->addWidget(m_queueChart);
    col->addWidget(m_reviewerChart);
    col->addStretch(1);
    return page;
}

QWidget *GovernanceDashboard::makeTables(const GovernanceModels &models)
{
    auto *page = new QWidget(this);
    auto *grid = new QGridLayout(page);
    const auto add = [&](QAbstractItemModel *model, const QString &title, const char *name,
                         const char *key, int row, int column) {
        auto *box = new QGroupBox(title, page);
        auto *inner = new QVBoxLayout(box);
        inner->addWidget(makeTableView(box, model, QString::fromLatin1(name),
                                       QStringLiteral("governance/") + QLatin1String(key)));
        grid->addWidget(box, row, column);
    };
    add(models.decisionsByState, tr("Time to decision by outcome"), "governanceByState", "by_state",
        0, 0);
    add(models.decisionsByFlag, tr("Time to decision by flag"), "governanceByFlag", "by_flag", 0,
        1);
    add(models.queue, tr("Queues now"), "governanceQueue", "queue", 1, 0);
    add(models.reviewers, tr("Reviewer load"), "governanceReviewers", "reviewers", 1, 1);
    return page;
}

void GovernanceDashboard::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!event->spontaneous()) // not when the window is merely restored
        Q_EMIT refreshRequested(days());
}

int GovernanceDashboard::days() const
{
    return m_window->currentData().toInt();
}

QString GovernanceDashboard::agreementBand(double kappa)
{
    if (kappa < 0)
        return tr("worse than chance: reviewers disagree more often than random votes would");
    if (kappa <= 0.20)
        return tr("slight agreement: little beyond chance");
    if (kappa <= 0.40)
        return tr("fair agreement: the criteria need sharper wording");
    if (kappa <= 0.60)
        return tr("moderate agreement");
    if (kappa <= 0.80)
        return tr("substantial agreement");
    return tr("almost perfect agreement");
}

void GovernanceDashboard::setFigures(const GovernanceFigures &f)
{
    m_status->clear();
    if (f.kappa) {
        m_kappa->setText(tr("κ = %1").arg(formatNumber(*f.kappa, 2)));
        m_kappaBand->setText(
            tr("%1 (over %n item(s) two or more reviewers voted on)", nullptr, f.kappaItems)
                .arg(agreementBand(*f.kappa)));
    } else {
        m_kappa->setText(QStringLiteral("κ –"));
        m_kappaBand->setText(tr("Not enough items: agreement needs at least two items that two "
                                "reviewers voted on (%n so far).",
                                nullptr, f.kappaItems));
    }
    m_open->setText(tr("%n decision(s) in this window, %1 waiting now", nullptr, f.decisions)
                        .arg(formatNumber(f.openItems, 0)));
    m_disputes->setText(tr("Disputes: %1 opened, %2 open, %3 rejections upheld, %4 overturned")
                            .arg(formatNumber(f.disputesOpened, 0), formatNumber(f.disputesOpen, 0),
                                 formatNumber(f.disputesUpheld, 0),
                                 formatNumber(f.disputesOverturned, 0)));
    m_claims->setText(
        tr("Claims: %1 filed, %2 awaiting review, %3 accepted, %4 dismissed, %5 "
           "locked by standing")
            .arg(formatNumber(f.claimsFiled, 0), formatNumber(f.claimsPendingReview, 0),
                 formatNumber(f.claimsAccepted, 0), formatNumber(f.claimsDismissed, 0),
                 formatNumber(f.claimsLockedByStanding, 0)));
}

void GovernanceDashboard::showError(const QString &message)
{
    m_status->setText(message);
}

QString GovernanceDashboard::kappaText() const
{
    return m_kappa->text() + QLatin1Char('\n') + m_kappaBand->text();
}

QString GovernanceDashboard::statusText() const
{
    return m_status->text();
}

} // namespace lemm::ui
