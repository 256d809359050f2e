#include "server/storage/mail_message.h"

#include "core/crypto/crypto.h"

namespace lemm::server {

namespace {

bool isAscii(const QByteArray &s)
{
    for (const char ch : s)
        if (static_cast<unsigned char>(ch) > 0x7e || (ch < 0x20 && ch != '\t'))
            return false;
    return true;
}

core::Error badAddress(const QString &what)
{
    return core::Error::make(core::ErrorKind::InvalidInput, QStringLiteral("bad_mail_address"),
                             QStringLiteral("the %1 address cannot be used in a mail").arg(what));
}

bool addressOk(const QString &mailbox)
{
    return !mailbox.contains(QLatin1Char('\r')) && !mailbox.contains(QLatin1Char('\n')) &&
           mailAddress(mailbox).contains(QLatin1Char('@'));
}

// The domain of the From address, for Message-ID.
QString senderDomain(const QString &from)
{
    const QString address = mailAddress(from);
    const QString domain = address.section(QLatin1Char('@'), -1);
    return domain.isEmpty() ? QStringLiteral("lemm-vault.invalid") : domain;
}

// "Name <user@host>" with a non-ASCII name as encoded words (RFC 2047 section 5).
QByteArray encodeMailbox(const QString &mailbox)
{
    const qsizetype open = mailbox.lastIndexOf(QLatin1Char('<'));
    const QString name = open > 0 ? mailbox.left(open).trimmed() : QString();
    if (name.isEmpty())
        return mailbox.trimmed().toUtf8();
    return encodeHeaderText(name) + " <" + mailAddress(mailbox).toUtf8() + ">";
}

} // namespace

QString mailAddress(const QString &mailbox)
{
    const qsizetype open = mailbox.lastIndexOf(QLatin1Char('<'));
    const qsizetype close = mailbox.lastIndexOf(QLatin1Char('>'));
    if (open >= 0 && close > open)
        return mailbox.mid(open + 1, close - open - 1).trimmed();
    return mailbox.trimmed();
}

QByteArray encodeHeaderText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (isAscii(utf8))
        return utf8;
    // 75 characters per word: "=?UTF-8?B?" + base64 + "?=" leaves 63 for base64, 45 bytes.
    constexpr int kMaxBytes = 45;
    QByteArray out;
    int start = 0;
    while (start < utf8.size()) {
        int end = qMin<int>(start + kMaxBytes, utf8.size());
        // Never end a word inside a UTF-8 sequence (continuation bytes are 10xxxxxx).
        while (end < utf8.size() && end > start && (static_cast<uchar>(utf8[end]) & 0xc0) == 0x80)
            --end;
        if (!out.isEmpty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + utf8.mid(start, end - start).toBase64() + "?=";
        start = end;
    }
    return out;
}

QByteArray toCrlf(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size() + text.size() / 16 + 2);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (ch == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            out += "\r\n";
        } else if (ch == '\n') {
            out += "\r\n";
        } else {
            out += ch;
        }
    }
    if (!out.endsWith("\r\n"))
        out += "\r\n";
    return out;
}

QByteArray dotStuff(const QByteArray &crlfText)
{
    QByteArray out;
    out.reserve(crlfText.size() + 16);
    bool lineStart = true;
    for (const char ch : crlfText) {
        if (lineStart && ch == '.')
            out += '.';
        out += ch;
        lineStart = ch == '\n';
    }
    return out;
}

core::Result<QByteArray> composeMail(const MailMessage &m, const QDateTime &date)
{
    if (!addressOk(m.from))
        return badAddress(QStringLiteral("sender"));
    if (!addressOk(m.to) || m.to.contains(QLatin1Char(',')))
        return badAddress(QStringLiteral("recipient"));
    QString subject = m.subject;
    subject.replace(QLatin1Char('\r'), QLatin1Char(' '))
        .replace(QLatin1Char('\n'), QLatin1Char(' '));
    const QByteArray messageId =
        "<" + core::crypto::randomBytes(12).toHex() + "@" + senderDomain(m.from).toUtf8() + ">";
    QByteArray out;
    out += "Date: " + date.toString(Qt::RFC2822Date).toLatin1() + "\r\n";
    out += "Message-ID: " + messageId + "\r\n";
    out += "From: " + encodeMailbox(m.from) + "\r\n";
    out += "To: " + m.to.trimmed().toUtf8() + "\r\n";
    out += "Subject: " + encodeHeaderText(subject) + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: 8bit\r\n";
    out += "\r\n";
    out += toCrlf(m.body.toUtf8());
    return out;
}

} // namespace lemm::server
