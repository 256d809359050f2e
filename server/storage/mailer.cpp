#include "server/storage/mailer.h"

#include "core/crypto/crypto.h"

#include <QDateTime>
#include <QDir>
#include <QSaveFile>

namespace lemm::server {

FileMailer::FileMailer(QString directory) : m_dir(std::move(directory)) {}

core::Status FileMailer::send(const QString &to, const QString &subject, const QString &body)
{
    if (!QDir().mkpath(m_dir))
        return core::Error::make(core::ErrorKind::Internal, QStringLiteral("mail_failed"),
                                 QStringLiteral("cannot create %1").arg(m_dir));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString name = now.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")) + QLatin1Char('-') +
                         QString::fromLatin1(core::crypto::randomBytes(4).toHex()) +
                         QStringLiteral(".eml");
    QSaveFile f(QDir(m_dir).filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return core::Error::make(core::ErrorKind::Internal, QStringLiteral("mail_failed"),
                                 QStringLiteral("cannot write mail file"));
    const QString msg = QStringLiteral("From: LEMM Vault <no-reply@lemm-vault.invalid>\r\n"
                                       "To: %1\r\nSubject: %2\r\nDate: %3\r\n"
                                       "Content-Type: text/plain; charset=utf-8\r\n\r\n%4\r\n")
                            .arg(to, subject, now.toString(Qt::RFC2822Date), body);
    f.write(msg.toUtf8());
    if (!f.commit())
        return core::Error::make(core::ErrorKind::Internal, QStringLiteral("mail_failed"),
                                 QStringLiteral("cannot commit mail file"));
    return core::okStatus();
}

} // namespace lemm::server
