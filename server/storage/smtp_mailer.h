#pragma once
// SMTP submission through libcurl (docs/ARCHITECTURE.md, "Mail", says why libcurl): one
// connection per message, EHLO, STARTTLS required when smtp_tls = starttls (curl's
// CURLUSESSL_ALL: no STARTTLS on offer means no AUTH and no message) or implicit TLS (smtps),
// AUTH PLAIN or LOGIN when smtp_user is set, a deadline for the whole dialogue. A refusal is an
// error naming the server's last reply (code and text); the password never appears in it.

#include "server/storage/mailer.h"

namespace lemm::server {

class SmtpMailer final : public Mailer
{
public:
    explicit SmtpMailer(ServerConfig::Mail config);
    core::Status send(const QString &to, const QString &subject, const QString &body) override;

private:
    ServerConfig::Mail m_config;
};

} // namespace lemm::server
