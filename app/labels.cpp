#include "labels.h"

#include <QCoreApplication>

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

} // namespace lemm::app
