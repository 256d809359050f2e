#include "policy_history_model.h"

#include "policy_fields_model.h"

#include "ui/format.h"

namespace lemm::app {

QString PolicyHistoryModel::changesText(const QList<PolicyFieldChange> &changes)
{
    QStringList parts;
    for (const PolicyFieldChange &c : changes)
        parts << tr("%1: %2 → %3")
                     .arg(c.field, policyValueText(c.oldValue), policyValueText(c.newValue));
    return parts.join(QStringLiteral("; "));
}

QStringList PolicyHistoryModel::titles() const
{
    return {tr("Version"), tr("Author"), tr("When"), tr("Note"), tr("Changes")};
}

QVariant PolicyHistoryModel::cell(const PolicyHistoryEntry &e, int column, int role) const
{
    if (role == ui::kSortRole) {
        if (column == VersionColumn)
            return e.version;
        if (column == WhenColumn)
            return e.createdAt; // ISO 8601 sorts as time
    }
    if (role != Qt::DisplayRole && role != ui::kSortRole && role != Qt::ToolTipRole)
        return {};
    switch (column) {
    case VersionColumn: return QString::number(e.version);
    case AuthorColumn: return e.author;
    case WhenColumn: return ui::formatTimestamp(e.createdAt);
    case NoteColumn: return e.note;
    case ChangesColumn: return changesText(e.changes);
    }
    return {};
}

} // namespace lemm::app
