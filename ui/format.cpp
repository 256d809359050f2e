#include "format.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace lemm::ui {

QString formatTimestamp(const QString &isoUtc)
{
    QDateTime t = QDateTime::fromString(isoUtc, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(isoUtc, Qt::ISODate);
    return t.isValid() ? formatDateTime(t) : isoUtc;
}

QString formatDateTime(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

QString formatSeconds(double seconds)
{
    if (!std::isfinite(seconds))
        return QStringLiteral("–");
    const bool negative = seconds < 0;
    const double s = std::abs(seconds);
    const int whole = int(s);
    const int tenths = int((s - whole) * 10);
    QString text;
    if (whole >= 3600)
        text = QStringLiteral("%1:%2:%3")
                   .arg(whole / 3600)
                   .arg(whole / 60 % 60, 2, 10, QLatin1Char('0'))
                   .arg(whole % 60, 2, 10, QLatin1Char('0'));
    else
        text = QStringLiteral("%1:%2%3%4")
                   .arg(whole / 60)
                   .arg(whole % 60, 2, 10, QLatin1Char('0'))
                   .arg(QLocale().decimalPoint())
                   .arg(tenths);
    return negative ? QStringLiteral("−") + text : text;
}

QString formatDuration(double seconds)
{
    if (seconds < 90)
        return QCoreApplication::translate("lemm::ui::Format", "%1 s")
            .arg(QLocale().toString(seconds, 'f', 0));
    if (seconds < 90 * 60)
        return QCoreApplication::translate("lemm::ui::Format", "%1 min")
            .arg(QLocale().toString(seconds / 60, 'f', 0));
    if (seconds < 48 * 3600)
        return QCoreApplication::translate("lemm::ui::Format", "%1 h")
            .arg(QLocale().toString(seconds / 3600, 'f', 1));
    return QCoreApplication::translate("lemm::ui::Format", "%1 days")
        .arg(QLocale().toString(seconds / 86400, 'f', 1));
}

QString formatScore(double score)
{
    return QLocale().toString(score, 'f', 2);
}

QString formatNumber(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals);
}

QString formatFactor(double factor)
{
    return QStringLiteral("×") + QLocale().toString(factor, 'f', 3);
}

QString formatLu(double lu)
{
    const QString n = QLocale().toString(std::abs(lu), 'f', 1);
    return QCoreApplication::translate("lemm::ui::Format", "%1%2 LU")
        .arg(lu < 0 ? QStringLiteral("−") : QStringLiteral("+"), n);
}

QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString flagName(const QString &flagId)
{
    struct Entry {
        const char *id;
        const char *name;
    };
    // The ids of core/domain/decisions.h (namespace flags).
    static constexpr Entry kNames[] = {
        {"exact_duplicate", QT_TRANSLATE_NOOP("lemm::ui::Format", "exact duplicate in the vault")},
        {"duplicate_of_pending",
         QT_TRANSLATE_NOOP("lemm::ui::Format", "duplicate of a submission in review")},
        {"near_duplicate", QT_TRANSLATE_NOOP("lemm::ui::Format", "near duplicate in the vault")},
        {"internal_partial_match",
         QT_TRANSLATE_NOOP("lemm::ui::Format", "part of it matches a vault track")},
        {"embedding_similar",
         QT_TRANSLATE_NOOP("lemm::ui::Format", "sounds similar to a vault track")},
        {"external_weak_hit", QT_TRANSLATE_NOOP("lemm::ui::Format", "weak external catalog hit")},
        {"external_strong_hit",
         QT_TRANSLATE_NOOP("lemm::ui::Format", "strong external catalog hit")},
        {"external_check_unavailable",
         QT_TRANSLATE_NOOP("lemm::ui::Format", "external check unavailable")},
        {"failed_checks", QT_TRANSLATE_NOOP("lemm::ui::Format", "failed the audio checks")},
        {"rights_review", QT_TRANSLATE_NOOP("lemm::ui::Format", "rights need review")},
        {"bulk_hold", QT_TRANSLATE_NOOP("lemm::ui::Format", "held: bulk source not approved")},
        {"needs_more_info", QT_TRANSLATE_NOOP("lemm::ui::Format", "more information asked")},
        {"infringement_claim", QT_TRANSLATE_NOOP("lemm::ui::Format", "infringement claim")},
    };
    for (const Entry &e : kNames)
        if (flagId == QLatin1String(e.id))
            return QCoreApplication::translate("lemm::ui::Format", e.name);
    return flagId;
}

} // namespace lemm::ui
