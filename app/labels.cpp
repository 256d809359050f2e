#include "labels.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

namespace lemm::app {

QString statusLabel(const QString &status)
{
    struct Entry {
        const char *status;
        const char *label;
    };
    static constexpr Entry kLabels[] = {
        {"submitted", QT_TRANSLATE_NOOP("lemm::app::Labels", "submitted")},
        {"pending_automated_checks", QT_TRANSLATE_NOOP("lemm::app::Labels", "being checked")},
        {"pending_review", QT_TRANSLATE_NOOP("lemm::app::Labels", "in review")},
        {"accepted", QT_TRANSLATE_NOOP("lemm::app::Labels", "accepted")},
        {"rejected", QT_TRANSLATE_NOOP("lemm::app::Labels", "rejected (can appeal)")},
        {"rejected_final", QT_TRANSLATE_NOOP("lemm::app::Labels", "rejected (final)")},
        {"dispute_pending", QT_TRANSLATE_NOOP("lemm::app::Labels", "appeal in review")},
        {"under_investigation",
         QT_TRANSLATE_NOOP("lemm::app::Labels", "under investigation (claim)")},
        {"removed", QT_TRANSLATE_NOOP("lemm::app::Labels", "removed")},
    };
    for (const Entry &e : kLabels)
        if (status == QLatin1String(e.status))
            return QCoreApplication::translate("lemm::app::Labels", e.label);
    return status;
}

QString affectedByText(const QJsonArray &affectedBy)
{
    QStringList lines;
    for (const QJsonValue &v : affectedBy) {
        const QJsonObject a = v.toObject();
        const QString reason = a.value(QStringLiteral("reason")).toString();
        lines << QCoreApplication::translate("lemm::app::Labels", "track %1: %2 (audit entry %3)")
                     .arg(a.value(QStringLiteral("track_id")).toString(),
                          reason == QLatin1String("claimed")
                              ? QCoreApplication::translate("lemm::app::Labels", "claimed")
                          : reason == QLatin1String("revoked")
                              ? QCoreApplication::translate("lemm::app::Labels", "revoked")
                              : reason)
                     .arg(a.value(QStringLiteral("seq")).toInteger());
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace lemm::app
