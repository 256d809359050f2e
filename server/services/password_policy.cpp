#include "server/services/password_policy.h"

#include <QFile>
#include <QHash>
#include <QSet>
#include <QStringList>

#include <algorithm>

namespace lemm::server {

namespace {

// A password of which one code point makes up more than 7/10 is refused.
constexpr qsizetype kMaxShareOfOneTenths = 7;

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

// How often the most frequent code point occurs.
qsizetype mostFrequentCount(const QList<uint> &codePoints)
{
    QHash<uint, qsizetype> counts;
    qsizetype most = 0;
    for (uint c : codePoints)
        most = std::max(most, ++counts[c]);
    return most;
}

// Control characters (tab, NUL, ...) and invisible format characters (zero-width space and
// joiners, bidi marks): a password must be typed the same way on every keyboard.
bool hasControlOrFormat(const QList<uint> &codePoints)
{
    return std::any_of(codePoints.begin(), codePoints.end(), [](uint c) {
        const auto category = QChar::category(char32_t(c));
        return category == QChar::Other_Control || category == QChar::Other_Format;
    });
}

QString withoutWhitespace(const QString &s)
{
    QString out;
    out.reserve(s.size());
    for (QChar c : s)
        if (!c.isSpace())
            out += c;
    return out;
}

qsizetype codePointCount(const QString &s)
{
    return s.toUcs4().size();
}

// Whether `s` (case-folded) is the e-mail address repeated or with only a few characters
// around it, or is mostly the e-mail's local part.
bool isMostlyEmail(const QString &s, const QString &email)
{
    const QString folded = email.trimmed().toCaseFolded();
    if (folded.isEmpty())
        return false;
    const qsizetype total = codePointCount(s);
    if (s.contains(folded)) {
        QString rest = s;
        rest.remove(folded);
        if (codePointCount(withoutWhitespace(rest)) < kMinPasswordCodePoints / 2)
            return true;
    }
    const QString local = folded.section(QLatin1Char('@'), 0, 0);
    if (codePointCount(local) < 3 || !s.contains(local))
        return false;
    QString rest = s;
    rest.remove(local);
    return (total - codePointCount(rest)) * 2 > total;
}

// Keyboard rows and the digit row; a run may go either way and wraps around its row
// ("1234567890123" is a run).
const QStringList &keyboardRows()
{
    static const QStringList rows{QStringLiteral("qwertyuiop"), QStringLiteral("asdfghjkl"),
                                  QStringLiteral("zxcvbnm"), QStringLiteral("1234567890"),
                                  QStringLiteral("qwertyuiopasdfghjklzxcvbnm")};
    return rows;
}

bool isRunAlong(QStringView s, const QString &row, int step)
{
    if (s.size() < 2)
        return false;
    qsizetype at = row.indexOf(s.front());
    if (at < 0)
        return false;
    for (qsizetype i = 1; i < s.size(); ++i) {
        at = (at + step + row.size()) % row.size();
        if (s[i] != row[at])
            return false;
    }
    return true;
}

bool isKeyboardRun(QStringView s)
{
    for (const QString &row : keyboardRows())
        if (isRunAlong(s, row, 1) || isRunAlong(s, row, -1))
            return true;
    return false;
}

// A run along a keyboard row once at most two characters in front and behind are dropped.
bool isKeyboardSequence(const QString &folded)
{
    const QString s = withoutWhitespace(folded);
    constexpr qsizetype kMaxExtra = 2;
    for (qsizetype front = 0; front <= kMaxExtra; ++front)
        for (qsizetype back = 0; front + back <= kMaxExtra; ++back)
            if (s.size() - front - back >= 3 &&
                isKeyboardRun(QStringView(s).mid(front, s.size() - front - back)))
                return true;
    return false;
}

} // namespace

bool isCommonPassword(const QString &password)
{
    const QString folded = password.trimmed().toCaseFolded();
    // "p a s s w o r d" is "password" too.
    return commonPasswords().contains(folded) ||
           commonPasswords().contains(withoutWhitespace(folded));
}

std::optional<QString> passwordProblem(const QString &password, const QString &email)
{
    const QList<uint> codePoints = password.toUcs4();
    if (codePoints.size() < kMinPasswordCodePoints)
        return QStringLiteral("must be at least %1 characters").arg(kMinPasswordCodePoints);
    if (codePoints.size() > kMaxPasswordCodePoints)
        return QStringLiteral("must be at most %1 characters").arg(kMaxPasswordCodePoints);
    if (hasControlOrFormat(codePoints))
        return QStringLiteral("must not contain control or invisible formatting characters");
    if (onlyWhitespace(password))
        return QStringLiteral("must not be only spaces");
    if (distinctCodePoints(codePoints) < 3)
        return QStringLiteral("must not be one or two characters repeated");
    if (mostFrequentCount(codePoints) * 10 > codePoints.size() * kMaxShareOfOneTenths)
        return QStringLiteral("must not be mostly one character repeated");
    const QString folded = password.trimmed().toCaseFolded();
    if (isMostlyEmail(folded, email))
        return QStringLiteral("must not be your e-mail address or mostly its name part");
    if (isKeyboardSequence(folded))
        return QStringLiteral("must not be a run of keys along the keyboard or of digits");
    if (isCommonPassword(password))
        return QStringLiteral("is too common: choose one that is not on lists of popular "
                              "passwords (a few unrelated words work well)");
    return std::nullopt;
}

} // namespace lemm::server
