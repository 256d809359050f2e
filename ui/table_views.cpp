#include "table_views.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace lemm::ui {

namespace {

QString widthsKey(const QString &settingsKey)
{
    return QStringLiteral("tables/%1/columns").arg(settingsKey);
}

// Restores saved widths, or sizes the columns to their content once rows exist.
void sizeColumns(QTableView *view, const QString &settingsKey, bool *sized)
{
    if (*sized || view->model()->rowCount() == 0)
        return;
    *sized = true;
    QHeaderView *header = view->horizontalHeader();
    const QByteArray saved = settingsKey.isEmpty()
                                 ? QByteArray()
                                 : QSettings().value(widthsKey(settingsKey)).toByteArray();
    if (!saved.isEmpty() && header->restoreState(saved))
        return;
    view->resizeColumnsToContents();
    // Keeps a long text column from pushing the others out of sight.
    for (int c = 0; c < header->count(); ++c)
        header->resizeSection(c, qMin(header->sectionSize(c), 480));
}

} // namespace

QTableView *makeTableView(QWidget *parent, QAbstractItemModel *model, const QString &objectName,
                          const QString &settingsKey)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    auto *proxy = new QSortFilterProxyModel(view);
    proxy->setObjectName(QStringLiteral("sortProxy"));
    proxy->setSortRole(kSortRole);
    proxy->setSourceModel(model);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(-1, Qt::AscendingOrder); // the model's order until a header is clicked
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    QHeaderView *header = view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->setSectionsMovable(true);
    auto *sized = new bool(false);
    QObject::connect(view, &QObject::destroyed, [sized] { delete sized; });
    const auto trySize = [view, settingsKey, sized] { sizeColumns(view, settingsKey, sized); };
    QObject::connect(proxy, &QAbstractItemModel::modelReset, view, trySize);
    QObject::connect(proxy, &QAbstractItemModel::rowsInserted, view, trySize);
    trySize();
    if (!settingsKey.isEmpty()) {
        const auto save = [header, settingsKey] {
            QSettings().setValue(widthsKey(settingsKey), header->saveState());
        };
        QObject::connect(header, &QHeaderView::sectionResized, view, save);
        QObject::connect(header, &QHeaderView::sectionMoved, view, save);
        QObject::connect(header, &QHeaderView::sortIndicatorChanged, view, save);
    }
    return view;
}

QSortFilterProxyModel *sortProxy(const QTableView *view)
{
    return qobject_cast<QSortFilterProxyModel *>(view->model());
}

int selectedSourceRow(const QTableView *view)
{
    const QModelIndexList rows =
        view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty())
        return -1;
    const QSortFilterProxyModel *proxy = sortProxy(view);
    return proxy ? proxy->mapToSource(rows.first()).row() : rows.first().row();
}

QString selectedRowId(const QTableView *view)
{
    const QModelIndexList rows =
        view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
    return rows.isEmpty() ? QString() : rows.first().data(kIdRole).toString();
}

bool selectRowById(QTableView *view, const QString &id)
{
    QAbstractItemModel *m = view->model();
    for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex index = m->index(r, 0);
        if (index.data(kIdRole).toString() == id) {
            view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
            view->setCurrentIndex(index);
            return true;
        }
    }
    return false;
}

} // namespace lemm::ui
