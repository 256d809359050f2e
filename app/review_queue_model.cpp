#include "review_queue_model.h"

#include "ui/format.h"
#include "ui/table_views.h"

namespace lemm::app {

QString describeReviewState(const ReviewState &s)
{
    if (s.outcome == QLatin1String("accept"))
        return ReviewQueueModel::tr("Decided: accepted");
    if (s.outcome == QLatin1String("reject"))
        return ReviewQueueModel::tr("Decided: rejected");
    if (s.round == QLatin1String("appeal"))
        return ReviewQueueModel::tr("Dispute: one vote by a reviewer new to this track decides");
    if (!s.flagged && s.required <= 1)
        return ReviewQueueModel::tr("Not flagged: the first vote decides");
    return ReviewQueueModel::tr("Flagged: %1 of %2 approvals, %3 of %2 rejections")
        .arg(s.approvals)
        .arg(s.required)
        .arg(s.rejections);
}

void ReviewQueueModel::setItems(const QList<ReviewQueueItem> &items, const QDateTime &now)
{
    beginResetModel();
    m_items = items;
    m_now = now;
    endResetModel();
}

int ReviewQueueModel::rowOf(const QString &trackId) const
{
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items.at(i).trackId == trackId)
            return i;
    return -1;
}

int ReviewQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ReviewQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

double ReviewQueueModel::ageSeconds(const ReviewQueueItem &item) const
{
    const QDateTime at = QDateTime::fromString(item.submittedAt, Qt::ISODateWithMs);
    return at.isValid() ? std::max<qint64>(0, at.secsTo(m_now)) : 0;
}

QVariant ReviewQueueModel::display(const ReviewQueueItem &item, int column) const
{
    switch (column) {
    case Title:
        return item.status == QLatin1String("dispute_pending") ? tr("%1 (dispute)").arg(item.title)
                                                               : item.title;
    case Artist: return item.artist;
    case Age: return item.submittedAt.isEmpty() ? QString() : ui::formatDuration(ageSeconds(item));
    case Flags: {
        QStringList words;
        for (const QString &f : item.flags)
            words << ui::flagName(f);
        return words.isEmpty() ? tr("none") : words.join(QStringLiteral(", "));
    }
    case Score: return ui::formatScore(item.bestScore);
    case Decision: return describeReviewState(item.state);
    default: return {};
    }
}

QVariant ReviewQueueModel::sortValue(const ReviewQueueItem &item, int column) const
{
    switch (column) {
    case Age: return ageSeconds(item);
    case Flags: return int(item.flags.size());
    case Score: return item.bestScore;
    case Decision: return item.state.approvals - item.state.rejections;
    default: return display(item, column).toString().toLower();
    }
}

QVariant ReviewQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReviewQueueItem &item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(item, index.column());
    case Qt::ToolTipRole:
        return index.column() == Flags || index.column() == Decision || index.column() == Title
                   ? display(item, index.column())
                   : QVariant();
    case ui::kSortRole: return sortValue(item, index.column());
    case ui::kIdRole: return index.column() == 0 ? QVariant(item.trackId) : QVariant();
    default: return {};
    }
}

QVariant ReviewQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Title: return tr("Title");
    case Artist: return tr("Artist");
    case Age: return tr("Waiting");
    case Flags: return tr("Flags");
    case Score: return tr("Best score");
    case Decision: return tr("Decision");
    default: return {};
    }
}

} // namespace lemm::app
