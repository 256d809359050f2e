#pragma once
// The one way the client's views show a model as a table: whole-row single selection, no
// editing, sortable by clicking a header (through a QSortFilterProxyModel that sorts by
// kSortRole, so numbers and times sort as values, not as text), columns sized to their content
// when rows first arrive, and column widths remembered per table in QSettings. Models in app/
// give kSortRole for every cell whose display text does not sort (scores, times, counts) and
// kIdRole on column 0 for the row's stable id. GUI thread.

#include <QString>

class QAbstractItemModel;
class QModelIndex;
class QSortFilterProxyModel;
class QTableView;
class QWidget;

namespace lemm::ui {

inline constexpr int kSortRole = 0x0100 + 100; // Qt::UserRole + 100
inline constexpr int kIdRole = 0x0100 + 101;

// A table view named `objectName` showing `model` through a sorting proxy (owned by the view).
// `settingsKey` (e.g. "review/queue") is where its column widths are kept; empty: not kept.
QTableView *makeTableView(QWidget *parent, QAbstractItemModel *model, const QString &objectName,
                          const QString &settingsKey);

// The proxy makeTableView put between the view and the model.
QSortFilterProxyModel *sortProxy(const QTableView *view);
// The source model's row of the selected row (-1 without a selection), and its kIdRole.
int selectedSourceRow(const QTableView *view);
QString selectedRowId(const QTableView *view);
// Selects the row whose kIdRole is `id` (after a reload); false when no row has it.
bool selectRowById(QTableView *view, const QString &id);

} // namespace lemm::ui
