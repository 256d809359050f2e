#pragma once
// The log-in form: server URL (remembered by the app), e-mail and password. Pure widget: it
// validates what it can locally (a http(s) URL with a host, non-empty fields), enables
// "Log in" only then, and shows the server's error; the app does the network call.
// Lives on the GUI thread.

#include <QDialog>
#include <QUrl>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace lemm::ui {

class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoginDialog(QWidget *parent = nullptr);

    void setServerUrl(const QString &url);
    void setEmail(const QString &email);
    void setPassword(const QString &password);
    QUrl serverUrl() const;
    QString email() const;
    QString password() const;

    // Shows an error under the form (empty clears it) and re-enables the form.
    void setError(const QString &message);
    // While a log-in is in flight the form is read-only.
    void setBusy(bool busy);

    bool inputValid() const;

Q_SIGNALS:
    void loginRequested();
    // "Create account…": the app opens its registration dialog for serverUrl().
    void registerRequested();

private:
    void updateState();

    QLineEdit *m_server;
    QLineEdit *m_email;
    QLineEdit *m_password;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

} // namespace lemm::ui
