#pragma once
// The desktop app's main window: one tab per job the signed-in account's roles allow —
// Account (always), Contribute (contributors), Review (reviewers and admins), Admin (admins),
// each created in one place (create…Area()). Menus: File (Refresh F5 — the one owner of F5 —
// refreshes the current tab; Log out; Quit), Edit (acting on the focused text field), View (the
// tabs by name, Alt+1..4), Settings (Preferences), Help (Keyboard shortcuts F1, About, About
// Qt). Window geometry, state and the open tab are restored from QSettings. Errors of every view
// go to the status bar in plain words; an "offline" indicator shows when the server is
// unreachable, and queued votes are sent when it is back. Owns the typed role APIs (over the
// caller's ApiClient) and the offline cache. GUI thread.

#include "request_generation.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;
class QTimer;

namespace lemm::ui {
class AccountView;
}

namespace lemm::app {

class AdminController;
class ApiClient;
class ContributorController;
class HttpContributorApi;
class OfflineCache;
class ReviewController;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ApiClient &api, QWidget *parent = nullptr);
    ~MainWindow() override;

    // `dir` empty: the user's cache directory.
    void setCacheDirectory(const QString &dir) { m_cacheDir = dir; }
    // Fetches /auth/me and /terms, then builds the views the roles allow; returns the
    // refresh's generation, which `refreshed` carries (an older refresh answering later is
    // dropped).
    quint64 refresh();
    // File > Refresh (F5): reloads what the current tab shows.
    void refreshCurrentTab();
    ui::AccountView *accountView() const { return m_account; }
    ContributorController *contributor() const { return m_contributor; }
    ReviewController *reviewController() const { return m_review; }
    AdminController *adminController() const { return m_admin; }
    QTabWidget *tabs() const { return m_tabs; }
    OfflineCache *cache() const { return m_cache.get(); }
    QStringList tabTitles() const;
    // Shortcut<TAB>action lines for every action and shortcut of the window and its views,
    // as Help > Keyboard shortcuts lists them.
    QString shortcutsText() const;
    QString statusText() const;

Q_SIGNALS:
    void loggedOut();
    void refreshed(quint64 generation);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildFileMenu();
    void buildEditMenu();
    void buildViewMenu();
    void buildSettingsAndHelpMenus();
    void updateEditActions();
    void updateViewActions();
    void saveWindowState() const;
    QCoro::Task<> load(RequestGeneration::Ticket ticket);
    void buildViews(const QJsonObject &me, const QJsonObject &terms);
    void rebuildAreas(const QStringList &roles, const QString &accountId);
    void createContributorArea();
    void createReviewArea();
    void createAdminArea();
    void addArea(QWidget *area, const QString &name, const QString &title);
    void restoreTab();
    void showShortcuts();
    void showPreferences();
    void setOffline(bool offline);

    ApiClient &m_api;
    std::unique_ptr<HttpContributorApi> m_contributorApi;
    QTabWidget *m_tabs;
    ui::AccountView *m_account;
    // Each a child of its area (its tab), nulled when the tab is deleted.
    ContributorController *m_contributor = nullptr;
    ReviewController *m_review = nullptr;
    AdminController *m_admin = nullptr;
    std::unique_ptr<OfflineCache> m_cache;
    QString m_cacheDir;
    QString m_accountId;
    QLabel *m_online;
    QProgressBar *m_busy;
    QTimer *m_ping;
    QList<QAction *> m_editActions;
    QList<QAction *> m_tabActions; // Account, Contribute, Review, Admin
    RequestGeneration m_refreshRequests;
    bool m_rebuilding = false; // tabs change for the window's own reasons
};

} // namespace lemm::app
