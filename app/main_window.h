#pragma once
// The desktop app's main window: one tab per job the signed-in account's roles allow —
// Account (always), Contribute (contributors), Review (reviewers and admins), Admin (admins).
// Errors of every view go to the status bar in plain words; an "offline" indicator shows when
// the server is unreachable, and queued votes are sent when it is back. Every action has a
// keyboard shortcut, all listed under Help > Keyboard shortcuts (F1). GUI thread.

#include "request_generation.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QMainWindow>

#include <memory>

class QLabel;
class QProgressBar;
class QTabWidget;
class QTimer;

namespace lemm::ui {
class AccountView;
}

namespace lemm::app {

class AdminController;
class ApiClient;
class ContributorView;
class OfflineCache;
class ReviewView;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `cacheDir` empty: the user's cache directory.
    explicit MainWindow(ApiClient &api, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setCacheDirectory(const QString &dir) { m_cacheDir = dir; }
    // Fetches /auth/me and /terms, then builds the views the roles allow; returns the
    // refresh's generation, which `refreshed` carries (an older refresh answering later is
    // dropped).
    quint64 refresh();
    ui::AccountView *accountView() const { return m_account; }
    ContributorView *contributorView() const { return m_contributor; }
    ReviewView *reviewView() const { return m_review; }
    AdminController *adminController() const { return m_admin; }
    QTabWidget *tabs() const { return m_tabs; }
    OfflineCache *cache() const { return m_cache.get(); }
    QStringList tabTitles() const;
    // Shortcut<TAB>action lines for every action of the window and its views.
    QString shortcutsText() const;
    QString statusText() const;

Q_SIGNALS:
    void loggedOut();
    void refreshed(quint64 generation);

private:
    QCoro::Task<> load(RequestGeneration::Ticket ticket);
    void buildViews(const QJsonObject &me, const QJsonObject &terms);
    void showShortcuts();
    void setOffline(bool offline);
    ApiClient &m_api;
    QTabWidget *m_tabs;
    ui::AccountView *m_account;
    ContributorView *m_contributor = nullptr;
    ReviewView *m_review = nullptr;
    AdminController *m_admin = nullptr; // a child of its area, the Admin tab
    std::unique_ptr<OfflineCache> m_cache;
    QString m_cacheDir;
    QString m_accountId;
    QLabel *m_online;
    QProgressBar *m_busy;
    QTimer *m_ping;
    RequestGeneration m_refreshRequests;
};

} // namespace lemm::app
