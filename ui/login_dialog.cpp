#include "login_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace lemm::ui {

LoginDialog::LoginDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Log in to LEMM Vault"));
    m_server = new QLineEdit(this);
    m_server->setObjectName(QStringLiteral("server"));
    m_server->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080"));
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("email"));
    m_email->setPlaceholderText(tr("you@example.org"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("&Password:"), m_password);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Log in"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (inputValid() && !m_busy)
            Q_EMIT loginRequested();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    QPushButton *create =
        m_buttons->addButton(tr("&Create account…"), QDialogButtonBox::ActionRole);
    create->setObjectName(QStringLiteral("createAccount"));
    connect(create, &QPushButton::clicked, this, &LoginDialog::registerRequested);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    for (QLineEdit *e : {m_server, m_email, m_password})
        connect(e, &QLineEdit::textChanged, this, &LoginDialog::updateState);
    updateState();
}

void LoginDialog::setServerUrl(const QString &url)
{
    m_server->setText(url);
}

void LoginDialog::setEmail(const QString &email)
{
    m_email->setText(email);
}

void LoginDialog::setPassword(const QString &password)
{
    m_password->setText(password);
}

QUrl LoginDialog::serverUrl() const
{
    return QUrl(m_server->text().trimmed());
}

QString LoginDialog::email() const
{
    return m_email->text().trimmed();
}

QString LoginDialog::password() const
{
    return m_password->text();
}

bool LoginDialog::inputValid() const
{
    const QUrl url = serverUrl();
    const bool urlOk =
        url.isValid() && !url.host().isEmpty() &&
        (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
    return urlOk && email().contains(QLatin1Char('@')) && !password().isEmpty();
}

void LoginDialog::setError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    setBusy(false);
}

void LoginDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QLineEdit *e : {m_server, m_email, m_password})
        e->setReadOnly(busy);
    updateState();
}

void LoginDialog::updateState()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(inputValid() && !m_busy);
}

} // namespace lemm::ui
