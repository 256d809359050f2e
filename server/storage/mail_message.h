#pragma once
// One outgoing mail as RFC 5322 text: the headers every mailer writes (Date, Message-ID, From,
// To, Subject, MIME-Version, Content-Type text/plain; charset=utf-8), a non-ASCII subject as
// RFC 2047 encoded words, and CRLF line ends throughout. Pure functions, unit-tested.

#include "core/base/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace lemm::server {

struct MailMessage {
    QString from; // "Name <user@host>" or "user@host"
    QString to;   // one address
    QString subject;
    QString body; // any line ends; written as CRLF
};

// The address inside "Name <user@host>" (or the whole text when there are no brackets).
QString mailAddress(const QString &mailbox);

// The subject as it goes into the header: ASCII unchanged, otherwise "=?UTF-8?B?...?=" words
// of at most 75 characters, never splitting a UTF-8 character, joined by CRLF SP.
QByteArray encodeHeaderText(const QString &text);

// Every line end (CRLF, CR or LF) as CRLF; the result ends with CRLF.
QByteArray toCrlf(const QByteArray &text);

// SMTP transparency (RFC 5321 4.5.2): a "." at the start of a line doubled. Expects CRLF text.
QByteArray dotStuff(const QByteArray &crlfText);

// The whole message (headers, blank line, body) in CRLF. An address with a line break or
// without '@' (header injection, nothing to deliver to) is an InvalidInput error.
core::Result<QByteArray> composeMail(const MailMessage &m, const QDateTime &date);

} // namespace lemm::server
