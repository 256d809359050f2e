#pragma once
// Infringement claims of one state (GET /claims?state=…): the open ones an admin decides and
// the pending_review ones (issue 14) a reviewer or admin accepts or dismisses. Track, claimant,
// standing, evidence, track status, filed; kIdRole is the claim id. Owns its rows; GUI thread.

#include "admin_api.h"
#include "row_list_model.h"

namespace lemm::app {

class ClaimsModel : public RowListModel<Claim>
{
    Q_OBJECT
public:
    enum Column {
        TrackColumn,
        ClaimantColumn,
        StandingColumn,
        EvidenceColumn,
        TrackStatusColumn,
        FiledColumn
    };
    using RowListModel::RowListModel;

protected:
    QString id(const Claim &c) const override { return c.id; }
    QStringList titles() const override;
    QVariant cell(const Claim &c, int column, int role) const override;
};

} // namespace lemm::app
