#pragma once
// The accounts an admin manages (GET /accounts): e-mail, name, roles in words, bulk-source
// approval. kIdRole is the account id. Owns its rows; GUI thread.

#include "admin_api.h"
#include "row_list_model.h"

namespace lemm::app {

class AccountsModel : public RowListModel<Account>
{
    Q_OBJECT
public:
    enum Column { EmailColumn, NameColumn, RolesColumn, BulkColumn };
    using RowListModel::RowListModel;

    static QString roleName(const QString &role);

protected:
    QString id(const Account &a) const override { return a.id; }
    QStringList titles() const override;
    QVariant cell(const Account &a, int column, int role) const override;
};

} // namespace lemm::app
