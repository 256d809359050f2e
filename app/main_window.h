#pragma once
// The desktop app's main window: the signed-in account and the contribution terms, with
// keyboard shortcuts for everything (listed under Help > Keyboard shortcuts, F1). GUI thread.

#include <QCoroTask>
#include <QMainWindow>

namespace lemm::ui {
class AccountView;
}

namespace lemm::app {

class ApiClient;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ApiClient &api, QWidget *parent = nullptr);

    // Fetches /auth/me and /terms and shows them.
    void refresh();
    ui::AccountView *accountView() const { return m_account; }
    QString shortcutsText() const;

Q_SIGNALS:
    void loggedOut();
    void refreshed();

private:
    QCoro::Task<> load();
    void showShortcuts();
    ApiClient &m_api;
    ui::AccountView *m_account;
};

} // namespace lemm::app
