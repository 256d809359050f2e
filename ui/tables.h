#pragma once
// The read-only tables of the client's views: built one way (row selection, no editing, last
// column stretched) and filled from the server's JSON arrays. GUI thread.

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <functional>

class QTableWidget;
class QWidget;

namespace lemm::ui {

QTableWidget *makeTable(QWidget *parent, const QStringList &headers, const QString &objectName);

// Replaces the rows: one per object of `rows`, its cells from `cells`; the first cell carries
// `id(object)` as Qt::UserRole when `id` is given.
void fillTable(QTableWidget *table, const QJsonArray &rows,
               const std::function<QStringList(const QJsonObject &)> &cells,
               const std::function<QString(const QJsonObject &)> &id = {});

// The Qt::UserRole id of the selected row's first cell (empty without a selection).
QString selectedId(const QTableWidget *table);

} // namespace lemm::ui
