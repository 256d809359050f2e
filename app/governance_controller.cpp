#include "governance_controller.h"

#include "ui/governance_dashboard.h"

#include <QPointer>

namespace lemm::app {

GovernanceController::GovernanceController(GovernanceApi *api, QWidget *parent)
    : QObject(parent), m_api(api)
{
    m_dashboard = new ui::GovernanceDashboard(
        ui::GovernanceModels{m_model.decisionsByFlag(), m_model.decisionsByState(), m_model.queue(),
                             m_model.reviewers()},
        parent);
    connect(m_dashboard, &ui::GovernanceDashboard::refreshRequested, this, [this] { refresh(); });
}

GovernanceController::GovernanceController(ApiClient *client, QWidget *parent)
    : GovernanceController(static_cast<GovernanceApi *>(nullptr), parent)
{
    m_ownedApi = std::make_unique<HttpGovernanceApi>(client);
    m_api = m_ownedApi.get();
}

GovernanceController::~GovernanceController() = default;

ui::GovernanceFigures GovernanceController::figuresOf(const GovernanceSnapshot &s)
{
    ui::GovernanceFigures f;
    f.windowDays = s.windowDays;
    f.decisions = s.decisions.count;
    f.kappa = s.kappa;
    f.kappaItems = s.agreementItems;
    f.openItems = s.openItems;
    f.disputesOpened = s.disputesOpened;
    f.disputesOpen = s.disputesOpen;
    f.disputesUpheld = s.disputesUpheld;
    f.disputesOverturned = s.disputesOverturned;
    f.claimsFiled = s.claimsFiled;
    f.claimsPendingReview = s.claimsPendingReview;
    f.claimsAccepted = s.claimsAccepted;
    f.claimsDismissed = s.claimsDismissed;
    f.claimsLockedByStanding = s.claimsLockedByStanding;
    return f;
}

void GovernanceController::refresh()
{
    QCoro::connect(load(m_dashboard->days(), ++m_ticket), this, [] {});
}

QCoro::Task<> GovernanceController::load(int days, int ticket)
{
    QPointer<GovernanceController> self(this);
    const ApiResult<GovernanceSnapshot> r = co_await m_api->governance(days);
    if (!self || ticket != m_ticket)
        co_return; // gone, or a newer request is under way
    if (!r.ok()) {
        m_dashboard->showError(r.error().userMessage());
        Q_EMIT finished(false);
        co_return;
    }
    m_model.setSnapshot(r.value());
    m_dashboard->setFigures(figuresOf(r.value()));
    Q_EMIT finished(true);
}

} // namespace lemm::app
