#include "multipart.h"

#include <QRegularExpression>

namespace lemm::server {

using core::Error;
using core::ErrorKind;

namespace {

Error malformed(const QString &why)
{
    return Error::make(ErrorKind::InvalidInput, QStringLiteral("malformed_multipart"),
                       QStringLiteral("the multipart/form-data body is malformed: %1").arg(why));
}

QString param(const QByteArray &header, const char *name)
{
    const QRegularExpression re(
        QStringLiteral(";\\s*%1=(\"([^\"]*)\"|([^;\\s]+))").arg(QLatin1String(name)),
        QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(QString::fromUtf8(header));
    if (!m.hasMatch())
        return {};
    return m.captured(2).isEmpty() ? m.captured(3) : m.captured(2);
}

} // namespace

core::Result<QHash<QString, FormPart>> parseMultipart(const QByteArray &contentType,
                                                      const QByteArray &body)
{
    if (!contentType.toLower().startsWith("multipart/form-data"))
        return Error::make(ErrorKind::UnsupportedMedia, QStringLiteral("multipart_required"),
                           QStringLiteral("send multipart/form-data"));
    const QString boundary = param(contentType, "boundary");
    if (boundary.isEmpty() || boundary.size() > 70)
        return malformed(QStringLiteral("no boundary in the Content-Type"));
    const QByteArray delimiter = "--" + boundary.toLatin1();
    QHash<QString, FormPart> parts;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0)
        return malformed(QStringLiteral("the boundary never occurs"));
    for (;;) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            return parts; // closing delimiter
        if (body.mid(pos, 2) != "\r\n")
            return malformed(QStringLiteral("a delimiter line does not end"));
        pos += 2;
        const qsizetype headEnd = body.indexOf("\r\n\r\n", pos);
        if (headEnd < 0)
            return malformed(QStringLiteral("a part has no end of headers"));
        FormPart part;
        for (const QByteArray &line : body.mid(pos, headEnd - pos).split('\n')) {
            const QByteArray l = line.trimmed();
            const int colon = int(l.indexOf(':'));
            if (colon <= 0)
                continue;
            const QByteArray name = l.left(colon).trimmed().toLower();
            const QByteArray value = l.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = param(value, "name");
                part.fileName = param(value, "filename");
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        const qsizetype dataStart = headEnd + 4;
        const qsizetype next = body.indexOf("\r\n" + delimiter, dataStart);
        if (next < 0)
            return malformed(QStringLiteral("part '%1' is truncated").arg(part.name));
        part.data = body.mid(dataStart, next - dataStart);
        if (part.name.isEmpty())
            return malformed(QStringLiteral("a part has no name"));
        if (parts.contains(part.name))
            return malformed(QStringLiteral("part '%1' occurs twice").arg(part.name));
        parts.insert(part.name, part);
        pos = next + 2;
    }
}

} // namespace lemm::server
