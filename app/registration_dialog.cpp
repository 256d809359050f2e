#include "registration_dialog.h"

#include "api_client.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace lemm::app {

namespace {
constexpr int kMinPassword = 12; // as the server requires (code points)
}

RegistrationDialog::RegistrationDialog(ApiClient &api, QWidget *parent)
    : QDialog(parent), m_api(api)
{
    setWindowTitle(tr("Create a LEMM Vault account"));
    m_pages = new QStackedWidget(this);

    auto *account = new QWidget(m_pages);
    auto *form = new QFormLayout(account);
    const auto field = [&](const QString &name, bool secret) {
        auto *e = new QLineEdit(account);
        e->setObjectName(name);
        if (secret)
            e->setEchoMode(QLineEdit::Password);
        return e;
    };
    m_email = field(QStringLiteral("email"), false);
    m_name = field(QStringLiteral("displayName"), false);
    m_password = field(QStringLiteral("password"), true);
    m_repeat = field(QStringLiteral("repeat"), true);
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("&Name shown to others:"), m_name);
    form->addRow(tr("&Password (at least %1 characters):").arg(kMinPassword), m_password);
    form->addRow(tr("&Repeat the password:"), m_repeat);
    m_create = new QPushButton(tr("&Create account"), account);
    form->addRow(m_create);
    m_pages->addWidget(account);

    auto *verify = new QWidget(m_pages);
    auto *verifyForm = new QFormLayout(verify);
    m_sent = new QLabel(verify);
    m_sent->setWordWrap(true);
    m_code = new QLineEdit(verify);
    m_code->setObjectName(QStringLiteral("code"));
    m_verify = new QPushButton(tr("&Verify"), verify);
    verifyForm->addRow(m_sent);
    verifyForm->addRow(tr("&Code:"), m_code);
    verifyForm->addRow(m_verify);
    m_pages->addWidget(verify);

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_create, &QPushButton::clicked, this, &RegistrationDialog::submitAccount);
    connect(m_verify, &QPushButton::clicked, this,
            [this] { submitCode(m_code->text().trimmed()); });
}

void RegistrationDialog::setFields(const QString &email, const QString &displayName,
                                   const QString &password, const QString &repeat)
{
    m_email->setText(email);
    m_name->setText(displayName);
    m_password->setText(password);
    m_repeat->setText(repeat);
}

QString RegistrationDialog::email() const
{
    return m_email->text().trimmed();
}

int RegistrationDialog::page() const
{
    return m_pages->currentIndex();
}

QString RegistrationDialog::errorText() const
{
    return m_error->text();
}

void RegistrationDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    if (!message.isEmpty())
        Q_EMIT errorShown(message);
}

void RegistrationDialog::submitAccount()
{
    if (m_password->text().toUcs4().size() < kMinPassword) {
        showError(tr("The password needs at least %1 characters.").arg(kMinPassword));
        return;
    }
    if (m_password->text() != m_repeat->text()) {
        showError(tr("The two passwords differ."));
        return;
    }
    QCoro::connect(doRegister(), this, [] {});
}

QCoro::Task<> RegistrationDialog::doRegister()
{
    const QPointer<RegistrationDialog> alive(this);
    m_create->setEnabled(false);
    QJsonObject body;
    body.insert(QStringLiteral("email"), email());
    body.insert(QStringLiteral("display_name"), m_name->text().trimmed());
    body.insert(QStringLiteral("password"), m_password->text());
    const ApiReply r = co_await m_api.send("POST", QStringLiteral("/auth/register"), body);
    if (!alive)
        co_return;
    m_create->setEnabled(true);
    if (!r.ok()) {
        showError(r.displayError());
        co_return;
    }
    showError({});
    m_sent->setText(tr("We sent a verification code to %1. Paste it here.").arg(email()));
    m_pages->setCurrentIndex(1);
    m_code->setFocus();
    Q_EMIT registered(email());
}

void RegistrationDialog::submitCode(const QString &code)
{
    if (code.isEmpty()) {
        showError(tr("Paste the code from the e-mail."));
        return;
    }
    QCoro::connect(doVerify(code), this, [] {});
}

QCoro::Task<> RegistrationDialog::doVerify(QString code)
{
    const QPointer<RegistrationDialog> alive(this);
    m_verify->setEnabled(false);
    QJsonObject body;
    body.insert(QStringLiteral("token"), code);
    const ApiReply r = co_await m_api.send("POST", QStringLiteral("/auth/verify-email"), body);
    if (!alive)
        co_return;
    m_verify->setEnabled(true);
    if (!r.ok()) {
        showError(r.displayError());
        co_return;
    }
    showError({});
    Q_EMIT verified(email());
    accept();
}

} // namespace lemm::app
