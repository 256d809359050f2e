#pragma once
// Connects the governance API, its models and the dashboard widget (issue 15, part "gov"):
// loads the figures when the dashboard asks (window change, Refresh) and when refresh() is
// called, fills GovernanceModel and hands the dashboard its scalar figures or the error in
// words. A reply that arrives after a newer request was made is dropped. Owns the model and
// the dashboard (a child of `parent`, which may re-parent it, e.g. AdminArea::addTool); borrows
// the API, or owns an HttpGovernanceApi over a borrowed ApiClient. The dashboard asks for its
// figures each time it is shown. GUI thread. In the main window, one line adds it:
//   area->addTool((new GovernanceController(&m_api, area))->dashboard(), tr("&Governance"));

#include "governance_model.h"

#include <QObject>

#include <memory>

namespace lemm::ui {
class GovernanceDashboard;
struct GovernanceFigures;
} // namespace lemm::ui

namespace lemm::app {

class GovernanceController : public QObject
{
    Q_OBJECT

public:
    GovernanceController(GovernanceApi *api, QWidget *parent);
    GovernanceController(ApiClient *client, QWidget *parent);
    ~GovernanceController() override;

    ui::GovernanceDashboard *dashboard() const { return m_dashboard; }
    GovernanceModel *model() { return &m_model; }
    // Loads the dashboard's window; finished() follows with whether it worked.
    void refresh();

    static ui::GovernanceFigures figuresOf(const GovernanceSnapshot &s);

Q_SIGNALS:
    void finished(bool ok);

private:
    QCoro::Task<> load(int days, int ticket);

    std::unique_ptr<GovernanceApi> m_ownedApi; // set by the ApiClient constructor
    GovernanceApi *m_api;                      // m_ownedApi or borrowed
    GovernanceModel m_model;
    ui::GovernanceDashboard *m_dashboard = nullptr;
    int m_ticket = 0;
};

} // namespace lemm::app
