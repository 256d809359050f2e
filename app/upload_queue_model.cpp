#include "upload_queue_model.h"

#include "ui/table_views.h"
#include "ui/uploader.h"

#include <QFileInfo>

namespace lemm::app {

int UploadQueueModel::addFile(const QString &path)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row{path, QFileInfo(path).fileName(), 0, tr("ready")});
    endInsertRows();
    return row;
}

void UploadQueueModel::setProgress(int row, int percent)
{
    if (row < 0 || row >= m_rows.size())
        return;
    m_rows[row].percent = qBound(0, percent, 100);
    Q_EMIT dataChanged(index(row, Progress), index(row, Progress));
}

void UploadQueueModel::setState(int row, const QString &state)
{
    if (row < 0 || row >= m_rows.size())
        return;
    m_rows[row].state = state;
    Q_EMIT dataChanged(index(row, State), index(row, State));
}

int UploadQueueModel::rowOf(const QString &path) const
{
    for (int i = int(m_rows.size()) - 1; i >= 0; --i)
        if (m_rows.at(i).path == path)
            return i;
    return -1;
}

int UploadQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UploadQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant UploadQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const int column = index.column();
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        if (column == File)
            return role == Qt::ToolTipRole ? r.path : r.fileName;
        if (column == Progress)
            return tr("%1 %").arg(r.percent);
        return r.state;
    }
    if (role == ui::kSortRole)
        return column == Progress ? QVariant(r.percent)
                                  : QVariant(column == File ? r.fileName.toLower() : r.state);
    if (role == ui::kIdRole && column == File)
        return r.path;
    if (role == ui::kProgressRole && column == Progress)
        return r.percent;
    return {};
}

QVariant UploadQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case File: return tr("File");
    case Progress: return tr("Progress");
    case State: return tr("State");
    default: return {};
    }
}

} // namespace lemm::app
