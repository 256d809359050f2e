#include "api_result.h"

#include "error_messages.h"

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
    // The sentence of the code's table entry (error_messages.h), translated; an unknown code
    // keeps the server's words. Per-field messages follow: they name what to correct.
    QString text = errorMessageFor(code);
    if (text.isEmpty())
        text =
            message.isEmpty()
                ? QCoreApplication::translate("ErrorMessages", "The request failed (%1).").arg(code)
                : message;
    QStringList parts;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        parts << QStringLiteral("%1: %2").arg(it.key(), it.value().toString());
    if (parts.isEmpty())
        return text;
    return QStringLiteral("%1 (%2)").arg(text, parts.join(QStringLiteral("; ")));
}

} // namespace lemm::app
