#include "claims_model.h"

#include "ui/format.h"

namespace lemm::app {

namespace {

QString standingText(const QString &standing)
{
    if (standing == QLatin1String("admin"))
        return ClaimsModel::tr("filed by an admin");
    if (standing == QLatin1String("rights_holder"))
        return ClaimsModel::tr("verified rights holder");
    return ClaimsModel::tr("none yet");
}

} // namespace

QStringList ClaimsModel::titles() const
{
    return {tr("Track"),    tr("Claimant"),     tr("Standing"),
            tr("Evidence"), tr("Track status"), tr("Filed")};
}

QVariant ClaimsModel::cell(const Claim &c, int column, int role) const
{
    if (role == ui::kSortRole && column == FiledColumn)
        return c.createdAt;
    if (role == Qt::ToolTipRole && column == EvidenceColumn)
        return c.statement.isEmpty() ? c.evidence
                                     : tr("%1\n\nStatement: %2").arg(c.evidence, c.statement);
    if (role != Qt::DisplayRole && role != ui::kSortRole && role != Qt::ToolTipRole)
        return {};
    switch (column) {
    case TrackColumn: return tr("%1 – %2").arg(c.trackArtist, c.trackTitle);
    case ClaimantColumn: return c.claimant;
    case StandingColumn: return standingText(c.standing);
    case EvidenceColumn: return c.evidence;
    case TrackStatusColumn: return ui::flagName(c.trackStatus);
    case FiledColumn: return ui::formatTimestamp(c.createdAt);
    }
    return {};
}

} // namespace lemm::app
