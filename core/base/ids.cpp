#include "core/base/ids.h"

#include <QRandomGenerator>
#include <QRegularExpression>

namespace lemm::core {

QString newId(const QString &prefix)
{
    // 80 bits from the operating system's secure generator (core/base includes nothing of
    // core/crypto).
    quint32 words[3];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray bytes(reinterpret_cast<const char *>(words), 10);
    return prefix + QLatin1Char('_') + QString::fromLatin1(bytes.toHex());
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
