#pragma once
// "My tracks" as a table model: one row per track of GET /contributors/me/tracks (title, state
// in words, submitted when, the consent flags, how many models used it, revoked). Display text
// goes through ui/format.h and labels.h; ui::kSortRole sorts times and counts as values;
// ui::kIdRole on column 0 is the track id; ui::kCanAppealRole / kCanRevokeRole tell the widget
// what the row allows. Fed by setItems (a reload resets the rows). GUI thread.

#include "contributor_api.h"

#include <QAbstractTableModel>

namespace lemm::app {

class MyTracksModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Title, Status, Submitted, Training, Demos, Adapters, Models, Revoked, Count };

    using QAbstractTableModel::QAbstractTableModel;

    void setItems(QList<MyTrack> tracks);
    // Replaces one track's row in place (e.g. after an appeal); false when it is not listed.
    bool updateItem(const MyTrack &track);
    const QList<MyTrack> &items() const { return m_tracks; }
    // The row of `trackId`, -1 when not listed.
    int rowOf(const QString &trackId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant display(const MyTrack &t, int column) const;
    QVariant sortValue(const MyTrack &t, int column) const;

    QList<MyTrack> m_tracks;
};

} // namespace lemm::app
