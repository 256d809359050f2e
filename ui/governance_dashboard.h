#pragma once
// The governance dashboard (issue 15, part "gov"; spec §9.2 experiment 5): time to decision per
// flag, queue age and reviewer load as bar charts (ui/bar_chart.h), inter-reviewer agreement as
// a figure with its number of items and a plain-words band, dispute and claim outcomes, and the
// tables behind the charts. Fed with borrowed table models (labels in column 0, figures after)
// and a GovernanceFigures value; asks for data with refreshRequested(days). Never sees JSON or
// app/ types. GUI thread.

#include <QWidget>

#include <optional>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace lemm::ui {

class BarChart;

// The scalar figures of one window (the lists are in the models).
struct GovernanceFigures {
    int windowDays = 30;
    int decisions = 0;
    std::optional<double> kappa;
    int kappaItems = 0;
    int openItems = 0;
    int disputesOpened = 0, disputesOpen = 0, disputesUpheld = 0, disputesOverturned = 0;
    int claimsFiled = 0, claimsPendingReview = 0, claimsAccepted = 0, claimsDismissed = 0,
        claimsLockedByStanding = 0;
};

// The models the dashboard shows; column 0 is the label of each row.
struct GovernanceModels {
    QAbstractItemModel *decisionsByFlag = nullptr; // 1 count, 2 median, 3 p90 (seconds)
    QAbstractItemModel *decisionsByState = nullptr;
    QAbstractItemModel *queue = nullptr;     // 1 items, 2 median age, 3 oldest (seconds)
    QAbstractItemModel *reviewers = nullptr; // 1 votes, ...
};

class GovernanceDashboard : public QWidget
{
    Q_OBJECT

public:
    GovernanceDashboard(const GovernanceModels &models, QWidget *parent = nullptr);

    void setFigures(const GovernanceFigures &figures);
    void showError(const QString &message);
    int days() const;

    // Landis and Koch's bands for kappa, in words of this app.
    static QString agreementBand(double kappa);

    BarChart *decisionChart() const { return m_decisionChart; }
    BarChart *queueChart() const { return m_queueChart; }
    BarChart *reviewerChart() const { return m_reviewerChart; }
    QString kappaText() const;
    QString statusText() const;

Q_SIGNALS:
    // The window changed, Refresh was pressed, or the dashboard came into view.
    void refreshRequested(int days);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *makeHeader();
    QWidget *makeFigures();
    QWidget *makeCharts(const GovernanceModels &models);
    QWidget *makeTables(const GovernanceModels &models);

    QComboBox *m_window = nullptr;
    QPushButton *m_refresh = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_kappa = nullptr;
    QLabel *m_kappaBand = nullptr;
    QLabel *m_open = nullptr;
    QLabel *m_disputes = nullptr;
    QLabel *m_claims = nullptr;
    BarChart *m_decisionChart = nullptr;
    BarChart *m_queueChart = nullptr;
    BarChart *m_reviewerChart = nullptr;
};

} // namespace lemm::ui
