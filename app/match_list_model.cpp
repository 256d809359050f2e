#include "match_list_model.h"

#include "ui/format.h"
#include "ui/table_views.h"

#include <QColor>

#include <cmath>

namespace lemm::app {

namespace {

bool isIdentity(double factor)
{
    return std::abs(factor - 1.0) < 0.0005;
}

} // namespace

void MatchListModel::setRegions(const QList<MatchRegion> &regions)
{
    beginResetModel();
    m_regions.clear();
    for (const MatchRegion &m : regions)
        if (m.isRealMatch())
            m_regions << m;
    m_real = int(m_regions.size());
    for (const MatchRegion &m : regions)
        if (!m.isRealMatch())
            m_regions << m;
    endResetModel();
}

QList<MatchRegion> MatchListModel::realMatches() const
{
    return m_regions.mid(0, m_real);
}

int MatchListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_regions.size());
}

int MatchListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MatchListModel::spanText(double start, double end)
{
    return tr("%1–%2 s").arg(ui::formatNumber(start, 1), ui::formatNumber(end, 1));
}

QString MatchListModel::factorsText(const MatchRegion &m)
{
    QStringList parts;
    if (!isIdentity(m.timeFactor) || !isIdentity(m.pitchFactor))
        parts << tr("time %1").arg(ui::formatFactor(m.timeFactor))
              << tr("pitch %1").arg(ui::formatFactor(m.pitchFactor));
    if (m.segmentCount > 1)
        parts << tr("segment %1 of %2").arg(m.segment + 1).arg(m.segmentCount);
    if (m.segment == 0 && m.ignoredSegments > 0)
        parts << tr("%n unusable segment(s) ignored", nullptr, m.ignoredSegments);
    return parts.join(QStringLiteral(" · "));
}

QVariant MatchListModel::display(const MatchRegion &m, int column) const
{
    switch (column) {
    case Match: return m.isRealMatch() ? m.label : tr("Candidate, not a match: %1").arg(m.label);
    case Score: return ui::formatScore(m.score);
    case Here: return spanText(m.start, m.end);
    case Reference: return spanText(m.refStart, m.refEnd);
    case Factors: return factorsText(m);
    default: return {};
    }
}

QVariant MatchListModel::sortValue(const MatchRegion &m, int column) const
{
    switch (column) {
    case Score: return m.score;
    case Here: return m.start;
    case Reference: return m.refStart;
    case Factors: return m.pitchFactor;
    default: return display(m, column).toString().toLower();
    }
}

QVariant MatchListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MatchRegion &m = m_regions.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(m, index.column());
    case Qt::ToolTipRole:
        return QStringList{display(m, Match).toString(), display(m, Here).toString(),
                           display(m, Reference).toString(), factorsText(m)}
            .join(QStringLiteral(" · "));
    case Qt::ForegroundRole: return m.isRealMatch() ? QVariant() : QVariant(QColor(Qt::gray));
    case kCandidateRole: return !m.isRealMatch();
    case ui::kSortRole: return sortValue(m, index.column());
    case ui::kIdRole:
        return index.column() == 0 ? QVariant(QStringLiteral("%1/%2").arg(m.hit).arg(m.segment))
                                   : QVariant();
    default: return {};
    }
}

QVariant MatchListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Match: return tr("Match");
    case Score: return tr("Score");
    case Here: return tr("In the submission");
    case Reference: return tr("In the reference");
    case Factors: return tr("Factors");
    default: return {};
    }
}

} // namespace lemm::app
