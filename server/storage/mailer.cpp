#include "server/storage/mailer.h"

#include "core/crypto/crypto.h"
#include "server/storage/mail_message.h"
#include "server/storage/smtp_mailer.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QLoggingCategory>
#include <QProcess>
#include <QSaveFile>

namespace lemm::server {

Q_LOGGING_CATEGORY(lcMail, "lemm.mail")

using core::Error;
using core::ErrorKind;

namespace {

Error mailFailed(const QString &message)
{
    return Error::make(ErrorKind::Unavailable, QStringLiteral("mail_failed"), message);
}

QByteArray withLf(QByteArray crlf)
{
    return crlf.replace("\r\n", "\n");
}

} // namespace

FileMailer::FileMailer(QString directory, QString from)
    : m_dir(std::move(directory)), m_from(std::move(from))
{
}

core::Status FileMailer::send(const QString &to, const QString &subject, const QString &body)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto msg = composeMail({m_from, to, subject, body}, now);
    if (!msg)
        return msg.error();
    if (!QDir().mkpath(m_dir))
        return mailFailed(QStringLiteral("cannot create %1").arg(m_dir));
    const QString name = now.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")) + QLatin1Char('-') +
                         QString::fromLatin1(core::crypto::randomBytes(4).toHex()) +
                         QStringLiteral(".eml");
    QSaveFile f(QDir(m_dir).filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return mailFailed(QStringLiteral("cannot write mail file"));
    f.write(msg.value());
    if (!f.commit())
        return mailFailed(QStringLiteral("cannot commit mail file"));
    return core::okStatus();
}

SendmailMailer::SendmailMailer(QString command, QString from, int timeoutSec)
    : m_command(std::move(command)), m_from(std::move(from)), m_timeoutSec(timeoutSec)
{
}

core::Status SendmailMailer::send(const QString &to, const QString &subject, const QString &body)
{
    auto msg = composeMail({m_from, to, subject, body}, QDateTime::currentDateTimeUtc());
    if (!msg)
        return msg.error();
    QStringList args = QProcess::splitCommand(m_command);
    if (args.isEmpty())
        return mailFailed(QStringLiteral("mail/sendmail_command is empty"));
    const QString program = args.takeFirst();
    args << QStringLiteral("-t") << QStringLiteral("-i");
    QDeadlineTimer deadline(m_timeoutSec * 1000ll);
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(program, args);
    if (!p.waitForStarted(int(deadline.remainingTime())))
        return mailFailed(QStringLiteral("cannot run %1: %2").arg(program, p.errorString()));
    p.write(withLf(msg.value()));
    p.closeWriteChannel();
    if (!p.waitForFinished(int(qMax<qint64>(1, deadline.remainingTime())))) {
        p.kill();
        p.waitForFinished(1000);
        return mailFailed(
            QStringLiteral("%1 did not finish within %2 s").arg(program).arg(m_timeoutSec));
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return mailFailed(
            QStringLiteral("%1 failed (exit %2): %3")
                .arg(program)
                .arg(p.exitCode())
                .arg(QString::fromUtf8(p.readAllStandardError().left(512)).trimmed()));
    return core::okStatus();
}

std::unique_ptr<Mailer> makeMailer(const ServerConfig &config)
{
    const ServerConfig::Mail &m = config.mail;
    switch (m.mailer) {
    case ServerConfig::Mail::Kind::Smtp: return std::make_unique<SmtpMailer>(m);
    case ServerConfig::Mail::Kind::Sendmail:
        return std::make_unique<SendmailMailer>(m.sendmailCommand, m.from, m.smtpTimeoutSec);
    case ServerConfig::Mail::Kind::File: break;
    }
    return std::make_unique<FileMailer>(
        QDir(config.dataDir).filePath(QStringLiteral("outbox/mail")), m.from);
}

Error mailUnavailable(const QString &what, const Error &detail)
{
    qCWarning(lcMail).noquote() << what << "could not be sent:" << detail.message;
    return Error::make(ErrorKind::Unavailable, QStringLiteral("mail_unavailable"),
                       QStringLiteral("%1 could not be sent now; try again later").arg(what));
}

} // namespace lemm::server
