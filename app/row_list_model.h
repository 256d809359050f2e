#pragma once
// The shape every flat admin model shares: a QAbstractTableModel over a QList<T> it owns, one
// row per value, fed with setItems() (a keyed merge, keyed_rows.h: reloads insert, remove, move
// and update rows instead of resetting, so selections survive) or reset(). Subclasses say what
// a cell shows (cell()), the column titles, and each value's id (kIdRole on column 0).
// GUI thread.

#include "keyed_rows.h"

#include "ui/table_views.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace lemm::app {

template <typename T> class RowListModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setItems(const QList<T> &items)
    {
        KeyedRows::merge(*this, m_items, items, [this](const T &t) { return id(t); });
    }
    void reset(const QList<T> &items)
    {
        beginResetModel();
        m_items = items;
        endResetModel();
    }
    // Adds the values whose id is not shown yet at the end (the next page of a paged list);
    // returns how many were added.
    int appendItems(const QList<T> &more)
    {
        QList<T> fresh;
        for (const T &t : more)
            if (rowOfId(id(t)) < 0)
                fresh << t;
        if (fresh.isEmpty())
            return 0;
        beginInsertRows({}, int(m_items.size()), int(m_items.size() + fresh.size()) - 1);
        m_items << fresh;
        endInsertRows();
        return int(fresh.size());
    }
    const QList<T> &items() const { return m_items; }
    const T *itemAt(int row) const
    {
        return row >= 0 && row < m_items.size() ? &m_items.at(row) : nullptr;
    }
    int rowOfId(const QString &itemId) const
    {
        for (int i = 0; i < m_items.size(); ++i)
            if (id(m_items.at(i)) == itemId)
                return i;
        return -1;
    }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_items.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(titles().size());
    }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        const T &item = m_items.at(index.row());
        if (role == ui::kIdRole && index.column() == 0)
            return id(item);
        return cell(item, index.column(), role);
    }
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
            section >= titles().size())
            return {};
        return titles().at(section);
    }

protected:
    virtual QString id(const T &item) const = 0;
    virtual QStringList titles() const = 0;
    // DisplayRole, kSortRole (falls back to the display text), ToolTipRole…
    virtual QVariant cell(const T &item, int column, int role) const = 0;

private:
    friend struct KeyedRows;
    QList<T> m_items;
};

} // namespace lemm::app
