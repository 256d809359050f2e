#include "server/storage/smtp_mailer.h"

#include "server/storage/mail_message.h"

#include <QDateTime>

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace lemm::server {

using core::Error;
using core::ErrorKind;

namespace {

struct CurlHandle {
    CURL *curl = curl_easy_init();
    curl_slist *recipients = nullptr;
    ~CurlHandle()
    {
        curl_slist_free_all(recipients);
        curl_easy_cleanup(curl);
    }
};

// What curl reads as the message (already dot-stuffed by curl itself: CRLF "." becomes CRLF "..").
struct Upload {
    QByteArray data;
    qsizetype at = 0;
};

size_t readUpload(char *buffer, size_t size, size_t count, void *userp)
{
    auto *u = static_cast<Upload *>(userp);
    const size_t n = qMin<size_t>(size * count, size_t(u->data.size() - u->at));
    std::memcpy(buffer, u->data.constData() + u->at, n);
    u->at += qsizetype(n);
    return n;
}

// The server's last reply line, for the error (incoming text only: never what we sent).
int keepServerReply(CURL *, curl_infotype type, char *data, size_t size, void *userp)
{
    if (type == CURLINFO_HEADER_IN) {
        auto *last = static_cast<QByteArray *>(userp);
        *last = QByteArray(data, qsizetype(qMin<size_t>(size, 512))).trimmed();
    }
    return 0;
}

QString smtpUrl(const ServerConfig::Mail &m)
{
    const QString host = m.smtpHost.contains(QLatin1Char(':'))
                             ? QLatin1Char('[') + m.smtpHost + QLatin1Char(']')
                             : m.smtpHost;
    const QString scheme = m.smtpTls == ServerConfig::Mail::Tls::Implicit ? QStringLiteral("smtps")
                                                                          : QStringLiteral("smtp");
    return QStringLiteral("%1://%2:%3").arg(scheme, host).arg(m.effectivePort());
}

void setTransport(CURL *c, const ServerConfig::Mail &m, const QByteArray &url,
                  const QByteArray &caFile)
{
    curl_easy_setopt(c, CURLOPT_URL, url.constData());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, long(m.smtpTimeoutSec));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, long(m.smtpTimeoutSec));
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     m.smtpTls == ServerConfig::Mail::Tls::None ? long(CURLUSESSL_NONE)
                                                                : long(CURLUSESSL_ALL));
    // The extra CA as the bundle; the system's certificates stay trusted through the CA path.
    if (!caFile.isEmpty())
        curl_easy_setopt(c, CURLOPT_CAINFO, caFile.constData());
}

QString failure(const ServerConfig::Mail &m, CURLcode code, long reply, const QByteArray &last,
                const char *detail)
{
    QString text = QStringLiteral("SMTP to %1:%2 failed: %3")
                       .arg(m.smtpHost)
                       .arg(m.effectivePort())
                       .arg(QString::fromUtf8(*detail ? detail : curl_easy_strerror(code)));
    if (reply > 0)
        text +=
            QStringLiteral("; the server's reply %1: %2").arg(reply).arg(QString::fromUtf8(last));
    if (code == CURLE_USE_SSL_FAILED)
        text += QStringLiteral(" (the server offers no STARTTLS; nothing was sent)");
    return text;
}

} // namespace

SmtpMailer::SmtpMailer(ServerConfig::Mail config) : m_config(std::move(config))
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

core::Status SmtpMailer::send(const QString &to, const QString &subject, const QString &body)
{
    auto msg = composeMail({m_config.from, to, subject, body}, QDateTime::currentDateTimeUtc());
    if (!msg)
        return msg.error();
    CurlHandle h;
    if (!h.curl)
        return Error::make(ErrorKind::Internal, QStringLiteral("mail_failed"),
                           QStringLiteral("cannot start libcurl"));
    const QByteArray url = smtpUrl(m_config).toUtf8();
    const QByteArray caFile = m_config.smtpCaFile.toLocal8Bit();
    const QByteArray from = '<' + mailAddress(m_config.from).toUtf8() + '>';
    const QByteArray rcpt = '<' + mailAddress(to).toUtf8() + '>';
    const QByteArray user = m_config.smtpUser.toUtf8();
    setTransport(h.curl, m_config, url, caFile);
    curl_easy_setopt(h.curl, CURLOPT_MAIL_FROM, from.constData());
    h.recipients = curl_slist_append(nullptr, rcpt.constData());
    curl_easy_setopt(h.curl, CURLOPT_MAIL_RCPT, h.recipients);
    if (!user.isEmpty()) {
        curl_easy_setopt(h.curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(h.curl, CURLOPT_PASSWORD, m_config.smtpPassword.constData());
    }
    Upload upload{msg.value(), 0};
    curl_easy_setopt(h.curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h.curl, CURLOPT_READFUNCTION, &readUpload);
    curl_easy_setopt(h.curl, CURLOPT_READDATA, &upload);
    QByteArray lastReply;
    curl_easy_setopt(h.curl, CURLOPT_DEBUGFUNCTION, &keepServerReply);
    curl_easy_setopt(h.curl, CURLOPT_DEBUGDATA, &lastReply);
    curl_easy_setopt(h.curl, CURLOPT_VERBOSE, 1L);
    char detail[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(h.curl, CURLOPT_ERRORBUFFER, detail);
    const CURLcode code = curl_easy_perform(h.curl);
    if (code == CURLE_OK)
        return core::okStatus();
    long reply = 0;
    curl_easy_getinfo(h.curl, CURLINFO_RESPONSE_CODE, &reply);
    return Error::make(ErrorKind::Unavailable, QStringLiteral("mail_failed"),
                       failure(m_config, code, reply, lastReply, detail));
}

} // namespace lemm::server
