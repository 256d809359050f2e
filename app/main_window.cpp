#include "main_window.h"

#include "admin_controller.h"
#include "api_client.h"
#include "contributor_api.h"
#include "contributor_controller.h"
#include "governance_controller.h"
#include "offline_cache.h"
#include "review_controller.h"

#include "ui/about_box.h"
#include "ui/account_view.h"
#include "ui/admin_area.h"
#include "ui/governance_dashboard.h"
#include "ui/preferences_dialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCoroTask>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace lemm::app {

namespace {

// The tabs by object name, in the order of View's actions (Alt+1..4).
const QStringList &areaNames()
{
    static const QStringList names{QStringLiteral("account"), QStringLiteral("contribute"),
                                   QStringLiteral("review"), QStringLiteral("admin")};
    return names;
}

bool isTextWidget(const QWidget *w)
{
    if (!w)
        return false;
    if (const auto *line = qobject_cast<const QLineEdit *>(w))
        return !line->isReadOnly() || !line->text().isEmpty();
    return qobject_cast<const QTextEdit *>(w) || qobject_cast<const QPlainTextEdit *>(w);
}

} // namespace

MainWindow::MainWindow(ApiClient &api, QWidget *parent)
    : QMainWindow(parent), m_api(api), m_contributorApi(std::make_unique<HttpContributorApi>(api))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("LEMM Vault"));
    resize(1280, 800);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_account = new ui::AccountView(m_tabs);
    addArea(m_account, areaNames().at(0), tr("Account"));
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

    buildFileMenu();
    buildEditMenu();
    buildViewMenu();
    buildSettingsAndHelpMenus();

    // Unreachable server: probe /health every few seconds until it answers.
    m_ping = new QTimer(this);
    m_ping->setInterval(3000);
    connect(m_ping, &QTimer::timeout, this,
            [this] { QCoro::connect(m_api.get(QStringLiteral("/health")), this, [](auto) {}); });
    connect(&m_api, &ApiClient::reachabilityChanged, this,
            [this](bool reachable) { setOffline(!reachable); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (QWidget *w = m_tabs->currentWidget(); w && m_tabs->count() > 1 && !m_rebuilding)
            QSettings().setValue(QStringLiteral("window/tab"), w->objectName());
    });

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

MainWindow::~MainWindow()
{
    // The areas go first, while the members their signals reach still exist.
    m_rebuilding = true;
    delete m_tabs;
}

void MainWindow::buildFileMenu()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *reload = file->addAction(tr("&Refresh"), this, &MainWindow::refreshCurrentTab);
    reload->setObjectName(QStringLiteral("refreshAction"));
    reload->setShortcut(QKeySequence(Qt::Key_F5));
    file->addSeparator();
    QAction *logout = file->addAction(tr("Log &out"), this, [this] {
        QCoro::connect(m_api.logout(), this, [this](const ApiReply &) { Q_EMIT loggedOut(); });
    });
    logout->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
}

void MainWindow::buildEditMenu()
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    struct Entry {
        const char *text;
        QKeySequence::StandardKey key;
        const char *slot; // the same-named slot of QLineEdit, QTextEdit and QPlainTextEdit
    };
    static const Entry kEntries[] = {
        {QT_TR_NOOP("&Undo"), QKeySequence::Undo, "undo"},
        {QT_TR_NOOP("&Redo"), QKeySequence::Redo, "redo"},
        {QT_TR_NOOP("Cu&t"), QKeySequence::Cut, "cut"},
        {QT_TR_NOOP("&Copy"), QKeySequence::Copy, "copy"},
        {QT_TR_NOOP("&Paste"), QKeySequence::Paste, "paste"},
        {QT_TR_NOOP("Select &all"), QKeySequence::SelectAll, "selectAll"},
    };
    for (const Entry &e : kEntries) {
        QAction *a = edit->addAction(tr(e.text));
        a->setShortcuts(e.key);
        const QByteArray slot = e.slot;
        connect(a, &QAction::triggered, this, [slot] {
            if (QWidget *focus = QApplication::focusWidget(); isTextWidget(focus))
                QMetaObject::invokeMethod(focus, slot.constData());
        });
        m_editActions << a;
        if (e.key == QKeySequence::Paste)
            edit->addSeparator();
        if (e.key == QKeySequence::Redo)
            edit->addSeparator();
    }
    // Enabled only while a text field has the focus: elsewhere the keys belong to the view.
    connect(qApp, &QApplication::focusChanged, this, &MainWindow::updateEditActions);
    updateEditActions();
}

void MainWindow::updateEditActions()
{
    const bool text =
        isTextWidget(QApplication::focusWidget()) && QApplication::focusWidget()->window() == this;
    for (QAction *a : std::as_const(m_editActions))
        a->setEnabled(text);
}

void MainWindow::buildViewMenu()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList titles{tr("&Account"), tr("&Contribute"), tr("&Review"), tr("A&dmin")};
    for (int i = 0; i < titles.size(); ++i) {
        QAction *tab = view->addAction(titles.at(i), this, [this, i] {
            for (int t = 0; t < m_tabs->count(); ++t)
                if (m_tabs->widget(t)->objectName() == areaNames().at(i))
                    m_tabs->setCurrentIndex(t);
        });
        tab->setObjectName(areaNames().at(i) + QStringLiteral("TabAction"));
        tab->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        m_tabActions << tab;
    }
    updateViewActions();
}

void MainWindow::updateViewActions()
{
    for (int i = 0; i < m_tabActions.size(); ++i) {
        bool present = false;
        for (int t = 0; t < m_tabs->count(); ++t)
            present = present || m_tabs->widget(t)->objectName() == areaNames().at(i);
        m_tabActions.at(i)->setEnabled(present);
        m_tabActions.at(i)->setVisible(present);
    }
}

void MainWindow::buildSettingsAndHelpMenus()
{
    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QAction *prefs = settings->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    prefs->setObjectName(QStringLiteral("preferencesAction"));
    prefs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    prefs->setMenuRole(QAction::PreferencesRole);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    keys->setShortcut(QKeySequence(Qt::Key_F1));
    help->addSeparator();
    QAction *about =
        help->addAction(tr("&About LEMM Vault"), this, [this] { ui::showAbout(this); });
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::showPreferences()
{
    ui::PreferencesDialog dialog(ui::Preferences::load(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ui::Preferences prefs = dialog.preferences();
    prefs.save();
    statusBar()->showMessage(tr("Preferences saved; the server URL applies at the next log-in."),
                             10000);
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

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

void MainWindow::refreshCurrentTab()
{
    QWidget *current = m_tabs->currentWidget();
    if (m_contributor && current == m_contributor->area())
        m_contributor->reloadTracks();
    else if (m_review && current == m_review->workspace())
        m_review->reload();
    else if (m_admin && current == m_admin->area())
        m_admin->reloadAll();
    else
        refresh();
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

void MainWindow::addArea(QWidget *area, const QString &name, const QString &title)
{
    area->setObjectName(name);
    m_tabs->addTab(area, title);
    updateViewActions();
}

void MainWindow::createContributorArea()
{
    m_contributor = new ContributorController(*m_contributorApi, m_tabs);
    addArea(m_contributor->area(), QStringLiteral("contribute"), tr("Contribute"));
    connect(m_contributor, &QObject::destroyed, this, [this] { m_contributor = nullptr; });
    connect(m_contributor, &ContributorController::errorShown, this,
            [this](const QString &m) { statusBar()->showMessage(m, 15000); });
}

void MainWindow::createReviewArea()
{
    m_review = new ReviewController(m_api, m_cache->isOpen() ? m_cache.get() : nullptr, m_tabs);
    addArea(m_review->workspace(), QStringLiteral("review"), tr("Review"));
    connect(m_review, &QObject::destroyed, this, [this] { m_review = nullptr; });
    connect(m_review, &ReviewController::errorShown, this,
            [this](const QString &m) { statusBar()->showMessage(m, 15000); });
}

void MainWindow::createAdminArea()
{
    m_admin = new AdminController(std::make_unique<HttpAdminApi>(m_api), m_tabs);
    addArea(m_admin->area(), QStringLiteral("admin"), tr("Admin"));
    m_admin->area()->addTool((new GovernanceController(&m_api, m_admin->area()))->dashboard(),
                             tr("&Governance"));
    connect(m_admin, &QObject::destroyed, this, [this] { m_admin = nullptr; });
    connect(m_admin, &AdminController::errorShown, this,
            [this](const QString &m) { statusBar()->showMessage(m, 15000); });
    connect(m_admin, &AdminController::openTrackRequested, this, [this](const QString &id) {
        if (!m_review)
            return;
        m_tabs->setCurrentWidget(m_review->workspace());
        m_review->openTrack(id);
    });
}

// Another account (or the first log-in): the role areas and the cache start afresh.
void MainWindow::rebuildAreas(const QStringList &roles, const QString &accountId)
{
    m_accountId = accountId;
    m_rebuilding = true; // removing tabs moves the current one: not the user's choice
    while (m_tabs->count() > 1) {
        QWidget *w = m_tabs->widget(1);
        m_tabs->removeTab(1);
        delete w;
    }
    updateViewActions();
    m_review = nullptr;
    m_admin = nullptr;
    const QString cachePath =
        m_cacheDir.isEmpty()
            ? OfflineCache::defaultPath(m_api.baseUrl().toString(), accountId)
            : m_cacheDir + QStringLiteral("/offline-") + accountId + QStringLiteral(".sqlite");
    m_cache = std::make_unique<OfflineCache>(cachePath);
    m_cache->trimTo(qint64(ui::Preferences::load().cacheLimitMb) * 1024 * 1024);
    if (roles.contains(QLatin1String("contributor")))
        createContributorArea();
    if (roles.contains(QLatin1String("reviewer")) || roles.contains(QLatin1String("admin")))
        createReviewArea();
    if (roles.contains(QLatin1String("admin")))
        createAdminArea();
    restoreTab();
    m_rebuilding = false;
}

void MainWindow::restoreTab()
{
    const QString saved = QSettings().value(QStringLiteral("window/tab")).toString();
    for (int t = 0; t < m_tabs->count(); ++t)
        if (!saved.isEmpty() && m_tabs->widget(t)->objectName() == saved) {
            m_tabs->setCurrentIndex(t);
            return;
        }
    if (m_tabs->count() > 1 && m_tabs->currentIndex() == 0)
        m_tabs->setCurrentIndex(1);
}

void MainWindow::buildViews(const QJsonObject &me, const QJsonObject &terms)
{
    QStringList roles;
    for (const QJsonValue &r : me.value(QStringLiteral("roles")).toArray())
        roles << r.toString();
    const QString id = me.value(QStringLiteral("id")).toString();
    if (id != m_accountId)
        rebuildAreas(roles, id);
    if (m_contributor) {
        const ApiResult<Terms> parsed = HttpContributorApi::parseTerms(terms);
        const QString version = parsed.ok() ? parsed->version : QString();
        const bool affirmed =
            me.value(QStringLiteral("rights_holder_affirmed")).toBool() &&
            me.value(QStringLiteral("affirmed_terms_version")).toString() == version;
        m_contributor->setAccount(me.value(QStringLiteral("display_name")).toString(), affirmed,
                                  parsed.ok() ? parsed.value() : Terms{});
    }
    if (m_review) {
        m_review->reload();
        m_review->sendQueuedVotes();
    }
    if (m_admin)
        m_admin->reloadAll();
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
    const auto add = [&](const QKeySequence &key, QString text) {
        if (!key.isEmpty())
            lines << QStringLiteral("%1\t%2").arg(key.toString(QKeySequence::NativeText),
                                                  text.remove(QLatin1Char('&')));
    };
    for (QAction *a : findChildren<QAction *>())
        for (const QKeySequence &key : a->shortcuts())
            add(key, a->text());
    for (QAbstractButton *b : findChildren<QAbstractButton *>())
        add(b->shortcut(), b->text());
    for (QShortcut *s : findChildren<QShortcut *>())
        add(s->key(), s->whatsThis().isEmpty() ? s->objectName() : s->whatsThis());
    lines.removeDuplicates();
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
    table->setSortingEnabled(false);
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
