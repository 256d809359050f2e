#include "accounts_panel.h"

#include "admin_roles.h"
#include "table_views.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace lemm::ui {

AccountsPanel::AccountsPanel(QAbstractItemModel *accounts, QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("accountsPanel"));
    auto *layout = new QVBoxLayout(this);
    m_view = makeTableView(this, accounts, QStringLiteral("accountsTable"),
                           QStringLiteral("admin/accounts"));
    // E-mail addresses are how admins tell accounts apart: always whole.
    m_view->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    layout->addWidget(m_view, 1);
    auto *row = new QHBoxLayout;
    m_contributor = new QCheckBox(tr("Con&tributor"), this);
    m_reviewer = new QCheckBox(tr("Re&viewer"), this);
    m_admin = new QCheckBox(tr("A&dmin"), this);
    m_apply = new QPushButton(tr("A&pply roles"), this);
    m_bulk = new QPushButton(tr("Approve as &bulk source"), this);
    for (QWidget *w : {static_cast<QWidget *>(m_contributor), static_cast<QWidget *>(m_reviewer),
                       static_cast<QWidget *>(m_admin)})
        row->addWidget(w);
    row->addStretch();
    row->addWidget(m_bulk);
    row->addWidget(m_apply);
    layout->addLayout(row);
    m_apply->setEnabled(false);
    m_bulk->setEnabled(false);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AccountsPanel::showSelected);
    connect(accounts, &QAbstractItemModel::dataChanged, this, &AccountsPanel::showSelected);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        const QString id = selectedRowId(m_view);
        if (!id.isEmpty())
            Q_EMIT rolesRequested(id, checkedRoles());
    });
    connect(m_bulk, &QPushButton::clicked, this, [this] {
        const QString id = selectedRowId(m_view);
        if (!id.isEmpty())
            Q_EMIT bulkSourceRequested(id);
    });
}

void AccountsPanel::showSelected()
{
    const int row = selectedSourceRow(m_view);
    m_apply->setEnabled(row >= 0);
    m_bulk->setEnabled(row >= 0);
    if (row < 0)
        return;
    const QAbstractItemModel *model = sortProxy(m_view)->sourceModel();
    setCheckedRoles(model->index(row, 0).data(kAccountRolesRole).toStringList());
}

QStringList AccountsPanel::checkedRoles() const
{
    QStringList roles;
    if (m_contributor->isChecked())
        roles << QStringLiteral("contributor");
    if (m_reviewer->isChecked())
        roles << QStringLiteral("reviewer");
    if (m_admin->isChecked())
        roles << QStringLiteral("admin");
    return roles;
}

void AccountsPanel::setCheckedRoles(const QStringList &roles)
{
    m_contributor->setChecked(roles.contains(QLatin1String("contributor")));
    m_reviewer->setChecked(roles.contains(QLatin1String("reviewer")));
    m_admin->setChecked(roles.contains(QLatin1String("admin")));
}

} // namespace lemm::ui
