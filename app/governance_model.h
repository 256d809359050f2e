#pragma once
// The governance dashboard's models (issue 15, part "gov"). GovernanceTableModel is a table of
// named figures (time to decision per flag or state, queue age, reviewer load) fed with rows;
// setRows() keeps rows whose id stays (updated in place), removes the others and inserts new
// ones, so views and charts keep their selection. GovernanceModel owns one table per figure
// and fills them from a GovernanceSnapshot. GUI thread; no widget code.

#include "governance_api.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

#include <optional>

namespace lemm::app {

enum class FigureKind { Count, Duration };

struct FigureRow {
    QString id;    // stable key (flag id, state, reviewer id)
    QString label; // for people
    QList<std::optional<double>> values;
};

class GovernanceTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // `headers`: the label column's then one per value; `kinds`: one per value column.
    GovernanceTableModel(QStringList headers, QList<FigureKind> kinds, QObject *parent = nullptr);

    void setRows(QList<FigureRow> rows);
    void clear();
    const QList<FigureRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    bool sameOrder(const QList<FigureRow> &rows) const;
    void removeVanished(const QList<FigureRow> &rows);
    QVariant valueData(const FigureRow &row, int column, int role) const;

    QStringList m_headers;
    QList<FigureKind> m_kinds;
    QList<FigureRow> m_rows;
};

class GovernanceModel : public QObject
{
    Q_OBJECT

public:
    explicit GovernanceModel(QObject *parent = nullptr);

    void setSnapshot(const GovernanceSnapshot &snapshot);
    const GovernanceSnapshot &snapshot() const { return m_snapshot; }

    // Group (flag or "no flags"), decisions, median, p90.
    GovernanceTableModel *decisionsByFlag() { return &m_byFlag; }
    // State reached, decisions, median, p90.
    GovernanceTableModel *decisionsByState() { return &m_byState; }
    // Queue, items, median age, oldest.
    GovernanceTableModel *queue() { return &m_queue; }
    // Reviewer, votes, approve, reject, needs more info.
    GovernanceTableModel *reviewers() { return &m_reviewers; }

Q_SIGNALS:
    void changed();

private:
    GovernanceSnapshot m_snapshot;
    GovernanceTableModel m_byFlag;
    GovernanceTableModel m_byState;
    GovernanceTableModel m_queue;
    GovernanceTableModel m_reviewers;
};

} // namespace lemm::app
