#include "offline_votes_model.h"

#include "ui/format.h"
#include "ui/table_views.h"

namespace lemm::app {

namespace {

QString voteWord(const QString &vote)
{
    if (vote == QLatin1String("approve"))
        return OfflineVotesModel::tr("approve");
    if (vote == QLatin1String("reject"))
        return OfflineVotesModel::tr("reject");
    if (vote == QLatin1String("needs_more_info"))
        return OfflineVotesModel::tr("needs more info");
    return vote;
}

} // namespace

void OfflineVotesModel::setVotes(const QList<QueuedVote> &votes)
{
    beginResetModel();
    m_votes = votes;
    endResetModel();
}

QString OfflineVotesModel::lineAt(int row) const
{
    const QueuedVote &v = m_votes.at(row);
    return v.state == QLatin1String("conflict")
               ? tr("CONFLICT %1 on %2: %3").arg(voteWord(v.vote), v.trackId, v.problem)
               : tr("queued %1 on %2 (%3)")
                     .arg(voteWord(v.vote), v.trackId, ui::formatTimestamp(v.queuedAt));
}

int OfflineVotesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_votes.size());
}

QVariant OfflineVotesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: return lineAt(index.row());
    case kConflictRole: return m_votes.at(index.row()).state == QLatin1String("conflict");
    case ui::kIdRole: return QString::number(m_votes.at(index.row()).id);
    default: return {};
    }
}

} // namespace lemm::app
