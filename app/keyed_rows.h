#pragma once
// Brings a flat model's rows (a QList<T> it owns) to a new list of the same values, keyed by an
// id, with the smallest set of row signals: rows whose id is gone are removed, new ids are
// inserted, known ids move to their new place and report dataChanged when their value changed.
// So a reload keeps the selection and scroll position of the views on the rows that stay.
// Header-only; GUI thread (the model's).

#include <QAbstractItemModel>
#include <QList>
#include <QSet>

namespace lemm::app {

// The friend a model declares so the helper can emit its protected row signals.
struct KeyedRows {
    template <typename Model, typename T, typename Key>
    static void merge(Model &model, QList<T> &rows, const QList<T> &incoming, Key key)
    {
        QSet<QString> wanted;
        for (const T &t : incoming)
            wanted.insert(key(t));
        for (int i = int(rows.size()) - 1; i >= 0; --i) {
            if (wanted.contains(key(rows.at(i))))
                continue;
            model.beginRemoveRows({}, i, i);
            rows.removeAt(i);
            model.endRemoveRows();
        }
        for (int i = 0; i < incoming.size(); ++i)
            place(model, rows, incoming.at(i), i, key);
        // Duplicated ids in `incoming` leave extra rows at the end.
        if (rows.size() > incoming.size()) {
            model.beginRemoveRows({}, int(incoming.size()), int(rows.size()) - 1);
            rows.erase(rows.begin() + incoming.size(), rows.end());
            model.endRemoveRows();
        }
    }

private:
    template <typename Model, typename T, typename Key>
    static void place(Model &model, QList<T> &rows, const T &value, int i, Key key)
    {
        int at = -1;
        for (int j = i; j < rows.size(); ++j)
            if (key(rows.at(j)) == key(value)) {
                at = j;
                break;
            }
        if (at < 0) {
            model.beginInsertRows({}, i, i);
            rows.insert(i, value);
            model.endInsertRows();
            return;
        }
        if (at != i) {
            model.beginMoveRows({}, at, at, {}, i);
            rows.move(at, i);
            model.endMoveRows();
        }
        if (!(rows.at(i) == value)) {
            rows[i] = value;
            Q_EMIT model.dataChanged(model.index(i, 0), model.index(i, model.columnCount() - 1));
        }
    }
};

} // namespace lemm::app
