#include "main_window.h"

#include "admin_controller.h"
#include "api_client.h"
#include "contributor_view.h"
#include "governance_controller.h"
#include "offline_cache.h"
#include "review_view.h"

#include "ui/account_view.h"
#include "ui/governance_dashboard.h"

#include <QAction>
#include <QCoroTask>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMenuBar>
#include <QPointer>
#include <QProgressBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace lemm::app {

MainWindow::MainWindow(ApiClient &api, QWidget *parent) : QMainWindow(parent), m_api(api)
{
    setWindowTitle(tr("LEMM Vault"));
    resize(1280, 800);
    m_tabs = new QTabWidget(this);
    m_account = new ui::AccountView(m_tabs);
    m_tabs->addTab(m_account, tr("Account"));
    setCentralWidget(m_tabs);
    m_online = new QLabel(this);
    statusBar()->addPermanentWidget(m_online);
    // A request in flight: an indeterminate bar, so slow answers never look like a freeze.
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->hide();
    statusBar()->addPermanentWidget(m_busy);
    connect(&m_api, &ApiClient::busyChanged, m_busy, &QWidget::setVisible);
    statusBar()->showMessage(tr("Connected to %1").arg(api.baseUrl().toString()));

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *reload = file->addAction(tr("&Refresh"), this, &MainWindow::refresh);
    reload->setShortcut(QKeySequence::Refresh);
    QAction *logout = file->addAction(tr("Log &out"), this, [this] {
        QCoro::connect(m_api.logout(), this, [this](const ApiReply &) { Q_EMIT loggedOut(); });
    });
    logout->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < 4; ++i) {
        QAction *tab = view->addAction(tr("Tab %1").arg(i + 1), this, [this, i] {
            if (i < m_tabs->count())
                m_tabs->setCurrentIndex(i);
        });
        tab->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
    }
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    keys->setShortcut(QKeySequence::HelpContents);

    // Unreachable server: probe /health every few seconds until it answers.
    m_ping = new QTimer(this);
    m_ping->setInterval(3000);
    connect(m_ping, &QTimer::timeout, this,
            [this] { QCoro::connect(m_api.get(QStringLiteral("/health")), this, [](auto) {}); });
    connect(&m_api, &ApiClient::reachabilityChanged, this,
            [this](bool reachable) { setOffline(!reachable); });
}

MainWindow::~MainWindow() = default;

void MainWindow::setOffline(bool offline)
{
    m_online->setText(offline ? tr("OFFLINE — showing cached data, votes are queued") : QString());
    if (offline) {
        m_ping->start();
        return;
    }
    m_ping->stop();
    statusBar()->showMessage(tr("Connected to %1").arg(m_api.baseUrl().toString()));
    if (m_review)
        m_review->sendQueuedVotes();
}

quint64 MainWindow::refresh()
{
    statusBar()->showMessage(tr("Loading…"));
    const RequestGeneration::Ticket ticket = m_refreshRequests.next();
    QCoro::connect(load(ticket), this, [] {});
    return ticket.number();
}

// A member coroutine, not a capturing lambda: a lambda's captures would die with the closure
// object when the first co_await suspends.
QCoro::Task<> MainWindow::load(RequestGeneration::Ticket ticket)
{
    const ApiReply me = co_await m_api.me();
    // After every co_await: a newer refresh started meanwhile, or the window is gone.
    if (!ticket.current())
        co_return;
    const ApiReply terms = co_await m_api.terms();
    if (!ticket.current())
        co_return;
    if (!me.ok() || !terms.ok()) {
        statusBar()->showMessage((me.ok() ? terms : me).displayError());
        co_return;
    }
    m_account->setAccount(me.body);
    m_account->setTerms(terms.body);
    buildViews(me.body, terms.body);
    statusBar()->showMessage(tr("Connected to %1").arg(m_api.baseUrl().toString()));
    Q_EMIT refreshed(ticket.number());
}

void MainWindow::buildViews(const QJsonObject &me, const QJsonObject &terms)
{
    QStringList roles;
    for (const QJsonValue &r : me.value(QStringLiteral("roles")).toArray())
        roles << r.toString();
    const QString id = me.value(QStringLiteral("id")).toString();
    if (id != m_accountId) {
        // Another account (or the first log-in): views and cache start afresh.
        m_accountId = id;
        while (m_tabs->count() > 1) {
            QWidget *w = m_tabs->widget(1);
            m_tabs->removeTab(1);
            delete w;
        }
        m_contributor = nullptr;
        m_review = nullptr;
        m_admin = nullptr;
        const QString cachePath =
            m_cacheDir.isEmpty()
                ? OfflineCache::defaultPath(m_api.baseUrl().toString(), id)
                : m_cacheDir + QStringLiteral("/offline-") + id + QStringLiteral(".sqlite");
        m_cache = std::make_unique<OfflineCache>(cachePath);
        const auto wire = [this](auto *view) {
            connect(view, &std::remove_pointer_t<decltype(view)>::errorShown, this,
                    [this](const QString &m) { statusBar()->showMessage(m, 15000); });
        };
        if (roles.contains(QLatin1String("contributor"))) {
            m_contributor = new ContributorView(m_api, m_tabs);
            m_tabs->addTab(m_contributor, tr("Contribute"));
            wire(m_contributor);
        }
        if (roles.contains(QLatin1String("reviewer")) || roles.contains(QLatin1String("admin"))) {
            m_review = new ReviewView(m_api, m_tabs);
            m_review->setCache(m_cache->isOpen() ? m_cache.get() : nullptr);
            m_tabs->addTab(m_review, tr("Review"));
            wire(m_review);
        }
        if (roles.contains(QLatin1String("admin"))) {
            m_admin = new AdminController(std::make_unique<HttpAdminApi>(m_api), m_tabs);
            m_tabs->addTab(m_admin->area(), tr("Admin"));
            m_admin->area()->addTool(
                (new GovernanceController(&m_api, m_admin->area()))->dashboard(),
                tr("&Governance"));
            wire(m_admin);
            connect(m_admin, &AdminController::openTrackRequested, this, [this](const QString &id) {
                if (!m_review)
                    return;
                m_tabs->setCurrentWidget(m_review);
                m_review->openTrack(id);
            });
        }
    }
    if (m_contributor)
        m_contributor->setAccount(me, terms);
    if (m_review) {
        m_review->reload();
        m_review->sendQueuedVotes();
    }
    if (m_admin)
        m_admin->reloadAll();
    if (m_tabs->count() > 1 && m_tabs->currentIndex() == 0)
        m_tabs->setCurrentIndex(1);
}

QStringList MainWindow::tabTitles() const
{
    QStringList out;
    for (int i = 0; i < m_tabs->count(); ++i)
        out << m_tabs->tabText(i);
    return out;
}

QString MainWindow::statusText() const
{
    return statusBar()->currentMessage();
}

QString MainWindow::shortcutsText() const
{
    QStringList lines;
    for (QAction *a : findChildren<QAction *>())
        if (!a->shortcut().isEmpty())
            lines << QStringLiteral("%1\t%2").arg(a->shortcut().toString(QKeySequence::NativeText),
                                                  a->text().remove(QLatin1Char('&')));
    // Keys the waveform handles itself while it has the focus.
    lines << tr("+ / -\tZoom the waveform around the playhead")
          << tr("Left / Right\tScroll the waveform") << tr("Home / End\tStart / end of the track")
          << tr("0\tShow the whole track") << tr("Wheel, Shift+wheel\tZoom at the cursor, scroll");
    return lines.join(QLatin1Char('\n'));
}

void MainWindow::showShortcuts()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(&dialog);
    const QStringList lines = shortcutsText().split(QLatin1Char('\n'));
    auto *table = new QTableWidget(int(lines.size()), 2, &dialog);
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Action")});
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int i = 0; i < lines.size(); ++i) {
        const QStringList parts = lines.at(i).split(QLatin1Char('\t'));
        table->setItem(i, 0, new QTableWidgetItem(parts.value(0)));
        table->setItem(i, 1, new QTableWidgetItem(parts.value(1)));
    }
    table->resizeColumnsToContents();
    layout->addWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(560, 520);
    dialog.exec();
}

} // namespace lemm::app
