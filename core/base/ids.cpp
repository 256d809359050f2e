#include "core/base/ids.h"

#include "core/crypto/crypto.h"

#include <QRegularExpression>

namespace lemm::core {

QString newId(const QString &prefix)
{
    return prefix + QLatin1Char('_') + QString::fromLatin1(crypto::randomBytes(10).toHex());
}

bool hasIdShape(const QString &id, const QString &prefix)
{
    static const QRegularExpression re(QStringLiteral("^[a-z]+_[0-9a-f]{20}$"));
    return id.startsWith(prefix + QLatin1Char('_')) && re.match(id).hasMatch();
}

QString toIso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QString &s)
{
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(s, Qt::ISODate);
    return t.toUTC();
}

} // namespace lemm::core
