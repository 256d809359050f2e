#include "api_result.h"

#include <QCoreApplication>

namespace lemm::app {

ApiError ApiError::fromReply(const ApiReply &reply)
{
    ApiError e;
    e.status = reply.status;
    e.code =
        reply.errorCode.isEmpty() ? QStringLiteral("http_%1").arg(reply.status) : reply.errorCode;
    e.message = reply.errorMessage;
    e.fields = reply.errorFields;
    return e;
}

ApiError ApiError::badReply(const QString &what)
{
    ApiError e;
    e.code = QStringLiteral("bad_reply");
    e.message = QStringLiteral("the server's answer could not be read: %1").arg(what);
    return e;
}

QString ApiError::userMessage() const
{
    // Extended by the error-code table (error_messages.*); until then the server's words.
    QStringList parts;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        parts << QStringLiteral("%1: %2").arg(it.key(), it.value().toString());
    if (parts.isEmpty())
        return message;
    return QStringLiteral("%1 (%2)").arg(message, parts.join(QStringLiteral("; ")));
}

} // namespace lemm::app
