#pragma once
// The matches of the open submission as a table: one row per segment of a real match (source
// and reference, score, span in the submission, span in the reference, time and pitch factors),
// then the candidates whose verdict is "none" as a group of their own (dimmed, marked by
// kCandidateRole): they are listed, never drawn as overlays. Fed by the review controller with
// the detail's MatchRegions (setRegions); regionAt(row) gives the value back. No widgets. GUI
// thread.

#include "match_regions.h"

#include <QAbstractTableModel>

namespace lemm::app {

class MatchListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Match, Score, Here, Reference, Factors, ColumnCount };
    static constexpr int kCandidateRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    // Real matches first (in the order given), then candidates; a reset.
    void setRegions(const QList<MatchRegion> &regions);
    void clear() { setRegions({}); }
    const QList<MatchRegion> &regions() const { return m_regions; }
    // The real matches (the overlays drawn), in row order.
    QList<MatchRegion> realMatches() const;
    int realMatchCount() const { return m_real; }
    const MatchRegion &regionAt(int row) const { return m_regions.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "2.0–80.0 s" (localised).
    static QString spanText(double start, double end);
    // "time ×1.050 · pitch ×1.059 · segment 1 of 2" (empty for an unchanged single region).
    static QString factorsText(const MatchRegion &m);

private:
    QVariant display(const MatchRegion &m, int column) const;
    QVariant sortValue(const MatchRegion &m, int column) const;

    QList<MatchRegion> m_regions;
    int m_real = 0;
};

} // namespace lemm::app
