#pragma once
// Outgoing mail (verification and reset tokens). Three mailers, chosen by `[mail] mailer`:
// FileMailer (the default) writes each message as one .eml file under DIR/outbox/mail/, so
// people and scripts can read tokens without a mail server; SmtpMailer submits to an SMTP server
// (smtp_mailer.h); SendmailMailer pipes to a local MTA (`sendmail -t -i`). send() is
// synchronous and thread-safe in all three (services call it from HTTP threads).

#include "core/base/result.h"
#include "server/base/config.h"

#include <QString>

#include <memory>

namespace lemm::server {

class Mailer
{
public:
    virtual ~Mailer() = default;
    virtual core::Status send(const QString &to, const QString &subject, const QString &body) = 0;
};

class FileMailer final : public Mailer
{
public:
    // Files keep the message's CRLF line ends (RFC 5322, what mail tools expect in .eml).
    explicit FileMailer(QString directory,
                        QString from = QStringLiteral("LEMM Vault <no-reply@lemm-vault.invalid>"));
    core::Status send(const QString &to, const QString &subject, const QString &body) override;

private:
    QString m_dir;
    QString m_from;
};

// Runs `COMMAND -t -i` (sendmail_command, split like a shell word list without expansion) with
// the message on stdin; a non-zero exit, a start failure or more than the timeout is an error.
class SendmailMailer final : public Mailer
{
public:
    SendmailMailer(QString command, QString from, int timeoutSec);
    core::Status send(const QString &to, const QString &subject, const QString &body) override;

private:
    QString m_command;
    QString m_from;
    int m_timeoutSec;
};

// The mailer `[mail]` asks for; DIR/outbox/mail for the file mailer.
std::unique_ptr<Mailer> makeMailer(const ServerConfig &config);

// The error a service answers when a mail cannot leave (503 mail_unavailable); `detail` (the
// mailer's own error) goes to the log only.
core::Error mailUnavailable(const QString &what, const core::Error &detail);

} // namespace lemm::server
