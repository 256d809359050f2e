#pragma once
// The policy's versions, newest first (GET /policy/history): version, author, when, note, and
// the changes in words ("output_warn_min: 0,4 → 0,45"). Owns its rows; GUI thread.

#include "admin_api.h"
#include "row_list_model.h"

namespace lemm::app {

class PolicyHistoryModel : public RowListModel<PolicyHistoryEntry>
{
    Q_OBJECT
public:
    enum Column { VersionColumn, AuthorColumn, WhenColumn, NoteColumn, ChangesColumn };
    using RowListModel::RowListModel;

    static QString changesText(const QList<PolicyFieldChange> &changes);

protected:
    QString id(const PolicyHistoryEntry &e) const override { return QString::number(e.version); }
    QStringList titles() const override;
    QVariant cell(const PolicyHistoryEntry &e, int column, int role) const override;
};

} // namespace lemm::app
