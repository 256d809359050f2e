#include "password_policy.h"

#include <QFile>
#include <QSet>

#include <algorithm>

namespace lemm::server {

namespace {

const QString kListResource = QStringLiteral(":/lemm/security/common-passwords.txt");

QSet<QString> loadList()
{
    QSet<QString> out;
    QFile f(kListResource);
    if (!f.open(QIODevice::ReadOnly)) {
        // A build without the resource must not silently accept every password.
        qFatal("password policy: %s is missing from this build", qPrintable(kListResource));
    }
    for (const QByteArray &raw : f.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
            out.insert(line.toCaseFolded());
    }
    return out;
}

const QSet<QString> &commonPasswords()
{
    static const QSet<QString> list = loadList();
    return list;
}

bool onlyWhitespace(const QString &s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) { return c.isSpace(); });
}

qsizetype distinctCodePoints(const QList<uint> &codePoints)
{
    return QSet<uint>(codePoints.begin(), codePoints.end()).size();
}

} // namespace

bool isCommonPassword(const QString &password)
{
    return commonPasswords().contains(password.trimmed().toCaseFolded());
}

std::optional<QString> passwordProblem(const QString &password, const QString &email)
{
    const QList<uint> codePoints = password.toUcs4();
    if (codePoints.size() < kMinPasswordCodePoints)
        return QStringLiteral("must be at least %1 characters").arg(kMinPasswordCodePoints);
    if (codePoints.size() > kMaxPasswordCodePoints)
        return QStringLiteral("must be at most %1 characters").arg(kMaxPasswordCodePoints);
    if (onlyWhitespace(password))
        return QStringLiteral("must not be only spaces");
    if (distinctCodePoints(codePoints) < 3)
        return QStringLiteral("must not be one or two characters repeated");
    if (!email.isEmpty() && password.trimmed().compare(email.trimmed(), Qt::CaseInsensitive) == 0)
        return QStringLiteral("must not be your e-mail address");
    if (isCommonPassword(password))
        return QStringLiteral("is too common: choose one that is not on lists of popular "
                              "passwords (a few unrelated words work well)");
    return std::nullopt;
}

} // namespace lemm::server
