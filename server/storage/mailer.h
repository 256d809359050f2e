#pragma once
// Outgoing mail (verification tokens). The default FileMailer writes each message as one .eml
// file under DIR/outbox/mail/, so people and scripts can read tokens without an SMTP server.
// Thread-safe.

#include "core/base/result.h"

#include <QString>

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
    explicit FileMailer(QString directory);
    core::Status send(const QString &to, const QString &subject, const QString &body) override;

private:
    QString m_dir;
};

} // namespace lemm::server
