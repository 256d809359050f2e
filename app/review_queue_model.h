#pragma once
// The review queue as a table (spec §3.4): title (disputes marked), artist, age, flags in words,
// best similarity score and the decision rule's state in words. Fed with ReviewQueueItem values
// by the review controller (setItems); kSortRole gives the age, flag count and score as numbers,
// kIdRole the track id on column 0. No widgets. GUI thread.

#include "review_api.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace lemm::app {

// The decision rule's state in words ("Flagged: 1 of 2 approvals needed, 0 rejections",
// "Dispute: the next vote decides"), never the server's summary string.
QString describeReviewState(const ReviewState &state);

class ReviewQueueModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Title, Artist, Age, Flags, Score, Decision, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    // Replaces the rows (a reset); `now` is the reference for the age column.
    void setItems(const QList<ReviewQueueItem> &items,
                  const QDateTime &now = QDateTime::currentDateTimeUtc());
    const QList<ReviewQueueItem> &items() const { return m_items; }
    // The row of a track (-1: not listed).
    int rowOf(const QString &trackId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const ReviewQueueItem &item, int column) const;
    QVariant sortValue(const ReviewQueueItem &item, int column) const;
    double ageSeconds(const ReviewQueueItem &item) const;

    QList<ReviewQueueItem> m_items;
    QDateTime m_now;
};

} // namespace lemm::app
