#include "accounts_model.h"

#include "ui/admin_roles.h"

namespace lemm::app {

QString AccountsModel::roleName(const QString &role)
{
    if (role == QLatin1String("contributor"))
        return tr("contributor");
    if (role == QLatin1String("reviewer"))
        return tr("reviewer");
    if (role == QLatin1String("admin"))
        return tr("admin");
    if (role == QLatin1String("system"))
        return tr("service");
    return role;
}

QStringList AccountsModel::titles() const
{
    return {tr("E-mail"), tr("Name"), tr("Roles"), tr("Bulk source")};
}

QVariant AccountsModel::cell(const Account &a, int column, int role) const
{
    if (role == ui::kAccountRolesRole)
        return a.roles;
    if (role != Qt::DisplayRole && role != ui::kSortRole && role != Qt::ToolTipRole)
        return {};
    switch (column) {
    case EmailColumn: return a.email;
    case NameColumn: return a.displayName;
    case RolesColumn: {
        QStringList words;
        for (const QString &r : a.roles)
            words << roleName(r);
        return words.join(QStringLiteral(", "));
    }
    case BulkColumn: return a.bulkSourceApproved ? tr("approved") : QString();
    }
    return {};
}

} // namespace lemm::app
