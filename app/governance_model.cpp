#include "governance_model.h"

#include "ui/format.h"
#include "ui/table_views.h"

#include <QSet>

namespace lemm::app {

namespace {

QList<std::optional<double>> timesValues(const DecisionTimes &t)
{
    return {double(t.count), t.medianSeconds, t.p90Seconds};
}

FigureRow queueRow(const QString &id, const QString &label, const QueueAge &q)
{
    return FigureRow{id, label, {double(q.count), q.medianAgeSeconds, q.oldestAgeSeconds}};
}

// The decided states in words (rejected_final: rejected with no appeal left).
QString stateLabel(const QString &state)
{
    if (state == QLatin1String("accepted"))
        return GovernanceModel::tr("Accepted");
    if (state == QLatin1String("rejected"))
        return GovernanceModel::tr("Rejected");
    if (state == QLatin1String("rejected_final"))
        return GovernanceModel::tr("Rejected, final");
    return state;
}

} // namespace

GovernanceTableModel::GovernanceTableModel(QStringList headers, QList<FigureKind> kinds,
                                           QObject *parent)
    : QAbstractTableModel(parent), m_headers(std::move(headers)), m_kinds(std::move(kinds))
{
}

int GovernanceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GovernanceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_kinds.size()) + 1;
}

QVariant GovernanceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return m_headers.value(section);
}

QVariant GovernanceTableModel::valueData(const FigureRow &row, int column, int role) const
{
    const std::optional<double> v = row.values.value(column - 1);
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == ui::kSortRole)
        return v ? *v : -1.0;
    if (role != Qt::DisplayRole)
        return {};
    if (!v)
        return QStringLiteral("–");
    return m_kinds.value(column - 1) == FigureKind::Duration ? ui::formatDuration(*v)
                                                             : ui::formatNumber(*v, 0);
}

QVariant GovernanceTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FigureRow &row = m_rows.at(index.row());
    if (index.column() > 0)
        return valueData(row, index.column(), role);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case ui::kSortRole: return row.label;
    case ui::kIdRole: return row.id;
    default: return {};
    }
}

void GovernanceTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

bool GovernanceTableModel::sameOrder(const QList<FigureRow> &rows) const
{
    QSet<QString> ids;
    for (const FigureRow &r : rows)
        ids.insert(r.id);
    QStringList kept, wanted;
    for (const FigureRow &r : m_rows)
        if (ids.contains(r.id))
            kept << r.id;
    QSet<QString> old;
    for (const FigureRow &r : m_rows)
        old.insert(r.id);
    for (const FigureRow &r : rows)
        if (old.contains(r.id))
            wanted << r.id;
    return kept == wanted && ids.size() == rows.size();
}

void GovernanceTableModel::removeVanished(const QList<FigureRow> &rows)
{
    QSet<QString> ids;
    for (const FigureRow &r : rows)
        ids.insert(r.id);
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (ids.contains(m_rows.at(i).id))
            continue;
        beginRemoveRows({}, i, i);
        m_rows.removeAt(i);
        endRemoveRows();
    }
}

// Rows whose ids keep their relative order are updated in place; any other change resets.
void GovernanceTableModel::setRows(QList<FigureRow> rows)
{
    if (!sameOrder(rows)) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        return;
    }
    removeVanished(rows);
    for (int i = 0; i < int(rows.size()); ++i) {
        if (i < m_rows.size() && m_rows.at(i).id == rows.at(i).id) {
            if (m_rows.at(i).label == rows.at(i).label && m_rows.at(i).values == rows.at(i).values)
                continue;
            m_rows[i] = rows.at(i);
            Q_EMIT dataChanged(index(i, 0), index(i, columnCount() - 1));
            continue;
        }
        beginInsertRows({}, i, i);
        m_rows.insert(i, rows.at(i));
        endInsertRows();
    }
}

GovernanceModel::GovernanceModel(QObject *parent)
    : QObject(parent), m_byFlag({tr("Flag"), tr("Decisions"), tr("Median"), tr("90th percentile")},
                                {FigureKind::Count, FigureKind::Duration, FigureKind::Duration}),
      m_byState({tr("Outcome"), tr("Decisions"), tr("Median"), tr("90th percentile")},
                {FigureKind::Count, FigureKind::Duration, FigureKind::Duration}),
      m_queue({tr("Queue"), tr("Items"), tr("Median age"), tr("Oldest")},
              {FigureKind::Count, FigureKind::Duration, FigureKind::Duration}),
      m_reviewers({tr("Reviewer"), tr("Votes"), tr("Approve"), tr("Reject"), tr("Needs more info")},
                  {FigureKind::Count, FigureKind::Count, FigureKind::Count, FigureKind::Count})
{
}

void GovernanceModel::setSnapshot(const GovernanceSnapshot &s)
{
    m_snapshot = s;
    QList<FigureRow> byFlag, byState, reviewers;
    for (const DecisionTimes &t : s.byFlag)
        byFlag << FigureRow{t.key, ui::flagName(t.key), timesValues(t)};
    if (s.unflagged.count > 0)
        byFlag << FigureRow{QStringLiteral("*unflagged"), tr("No flags"), timesValues(s.unflagged)};
    for (const DecisionTimes &t : s.byState)
        byState << FigureRow{t.key, stateLabel(t.key), timesValues(t)};
    for (const ReviewerLoadEntry &r : s.reviewers)
        reviewers << FigureRow{
            r.id,
            r.displayName.isEmpty() ? tr("(no name)") : r.displayName,
            {double(r.votes), double(r.approve), double(r.reject), double(r.needsMoreInfo)}};
    m_byFlag.setRows(byFlag);
    m_byState.setRows(byState);
    m_queue.setRows(
        {queueRow(QStringLiteral("pending_review"), tr("Waiting for review"), s.pendingReview),
         queueRow(QStringLiteral("dispute_pending"), tr("In dispute"), s.disputePending)});
    m_reviewers.setRows(reviewers);
    Q_EMIT changed();
}

} // namespace lemm::app
