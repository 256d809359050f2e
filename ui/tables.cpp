#include "tables.h"

#include <QHeaderView>
#include <QTableWidget>

namespace lemm::ui {

QTableWidget *makeTable(QWidget *parent, const QStringList &headers, const QString &objectName)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels(headers);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return t;
}

void fillTable(QTableWidget *table, const QJsonArray &rows,
               const std::function<QStringList(const QJsonObject &)> &cells,
               const std::function<QString(const QJsonObject &)> &id)
{
    table->setRowCount(0);
    table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const QJsonObject o = rows.at(r).toObject();
        const QStringList texts = cells(o);
        for (int c = 0; c < texts.size() && c < table->columnCount(); ++c)
            table->setItem(r, c, new QTableWidgetItem(texts.at(c)));
        if (id && table->item(r, 0))
            table->item(r, 0)->setData(Qt::UserRole, id(o));
    }
}

QString selectedId(const QTableWidget *table)
{
    const auto rows = table->selectionModel()->selectedRows();
    if (rows.isEmpty() || !table->item(rows.first().row(), 0))
        return {};
    return table->item(rows.first().row(), 0)->data(Qt::UserRole).toString();
}

} // namespace lemm::ui
