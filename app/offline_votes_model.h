#pragma once
// The votes kept offline (queued, and conflicts the server refused with its reason) as a list
// for the review workspace. Fed by the review controller from ReviewApi::offlineVotes(); a
// conflict is marked by kConflictRole. No widgets. GUI thread.

#include "offline_cache.h"

#include <QAbstractListModel>

namespace lemm::app {

class OfflineVotesModel : public QAbstractListModel
{
    Q_OBJECT
public:
    static constexpr int kConflictRole = Qt::UserRole + 1;

    using QAbstractListModel::QAbstractListModel;

    void setVotes(const QList<QueuedVote> &votes);
    const QList<QueuedVote> &votes() const { return m_votes; }
    QString lineAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

private:
    QList<QueuedVote> m_votes;
};

} // namespace lemm::app
