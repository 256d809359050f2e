#include "my_tracks_model.h"

#include "labels.h"

#include "ui/format.h"
#include "ui/my_tracks.h"
#include "ui/table_views.h"

#include <QDateTime>

namespace lemm::app {

namespace {

QString yesNo(bool v)
{
    return v ? MyTracksModel::tr("yes") : MyTracksModel::tr("no");
}

} // namespace

void MyTracksModel::setItems(QList<MyTrack> tracks)
{
    beginResetModel();
    m_tracks = std::move(tracks);
    endResetModel();
}

bool MyTracksModel::updateItem(const MyTrack &track)
{
    const int row = rowOf(track.trackId);
    if (row < 0)
        return false;
    m_tracks[row] = track;
    Q_EMIT dataChanged(index(row, 0), index(row, Count - 1));
    return true;
}

int MyTracksModel::rowOf(const QString &trackId) const
{
    for (int i = 0; i < m_tracks.size(); ++i)
        if (m_tracks.at(i).trackId == trackId)
            return i;
    return -1;
}

int MyTracksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tracks.size());
}

int MyTracksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant MyTracksModel::display(const MyTrack &t, int column) const
{
    switch (column) {
    case Title: return t.title;
    case Status: return statusLabel(t.status);
    case Submitted: return ui::formatTimestamp(t.createdAt);
    case Training: return yesNo(t.trainingAllowed);
    case Demos: return yesNo(t.demoAllowed);
    case Adapters: return yesNo(t.adaptersAllowed);
    case Models: return t.modelsTrained < 0 ? tr("unknown") : ui::formatNumber(t.modelsTrained, 0);
    case Revoked: return yesNo(t.revoked);
    default: return {};
    }
}

QVariant MyTracksModel::sortValue(const MyTrack &t, int column) const
{
    switch (column) {
    case Submitted: return QDateTime::fromString(t.createdAt, Qt::ISODate);
    case Models: return t.modelsTrained;
    case Training: return t.trainingAllowed;
    case Demos: return t.demoAllowed;
    case Adapters: return t.adaptersAllowed;
    case Revoked: return t.revoked;
    default: return display(t, column).toString().toLower();
    }
}

QVariant MyTracksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MyTrack &t = m_tracks.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(t, index.column());
    case Qt::ToolTipRole: return index.column() == Title ? QVariant(t.title) : QVariant();
    case ui::kSortRole: return sortValue(t, index.column());
    case ui::kIdRole: return index.column() == Title ? QVariant(t.trackId) : QVariant();
    case ui::kCanAppealRole: return t.status == QLatin1String("rejected");
    case ui::kCanRevokeRole: return !t.revoked;
    default: return {};
    }
}

QVariant MyTracksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Title: return tr("Title");
    case Status: return tr("Status");
    case Submitted: return tr("Submitted");
    case Training: return tr("Training");
    case Demos: return tr("Demos");
    case Adapters: return tr("Adapters");
    case Models: return tr("Models trained");
    case Revoked: return tr("Revoked");
    default: return {};
    }
}

} // namespace lemm::app
