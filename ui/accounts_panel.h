#pragma once
// Roles and bulk-ingest sources (spec §2.3, §4.3): the accounts table (e-mail addresses shown
// whole, never cut), check boxes for the selected account's roles, "Apply roles" and "Approve as
// bulk source". The model gives kIdRole (account id) on column 0 and kAccountRolesRole (role
// ids). Owns its child widgets, not the model. GUI thread.

#include <QWidget>

class QAbstractItemModel;
class QCheckBox;
class QPushButton;
class QTableView;

namespace lemm::ui {

class AccountsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AccountsPanel(QAbstractItemModel *accounts, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    // The roles ticked now ("contributor", "reviewer", "admin").
    QStringList checkedRoles() const;
    void setCheckedRoles(const QStringList &roles);
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *bulkButton() const { return m_bulk; }

Q_SIGNALS:
    void rolesRequested(const QString &accountId, const QStringList &roles);
    void bulkSourceRequested(const QString &accountId);

private:
    void showSelected();

    QTableView *m_view;
    QCheckBox *m_contributor, *m_reviewer, *m_admin;
    QPushButton *m_apply, *m_bulk;
};

} // namespace lemm::ui
