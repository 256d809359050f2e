#pragma once
// Creating an account from the desktop app (spec §2.1): e-mail, display name and password
// (`POST /auth/register`), then the verification code from the e-mail the server sends
// (`POST /auth/verify-email`). Passwords are checked for length and repetition before any
// request; the server's refusals are shown with the field they concern. On success the dialog
// is accepted and email() fills the log-in form. GUI thread.

#include <QCoroTask>
#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace lemm::app {

class ApiClient;

class RegistrationDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RegistrationDialog(ApiClient &api, QWidget *parent = nullptr);

    void setFields(const QString &email, const QString &displayName, const QString &password,
                   const QString &repeat);
    QString email() const;
    // 0: the account form, 1: the verification code.
    int page() const;
    QString errorText() const;

    // What the two buttons do.
    void submitAccount();
    void submitCode(const QString &code);

Q_SIGNALS:
    void registered(const QString &email); // the code is on its way
    void verified(const QString &email);
    void errorShown(const QString &message);

private:
    QCoro::Task<> doRegister();
    QCoro::Task<> doVerify(QString code);
    void showError(const QString &message);

    ApiClient &m_api;
    QStackedWidget *m_pages;
    QLineEdit *m_email, *m_name, *m_password, *m_repeat, *m_code;
    QLabel *m_sent, *m_error;
    QPushButton *m_create, *m_verify;
};

} // namespace lemm::app
