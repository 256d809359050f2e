#pragma once
// "My tracks" (spec §2.3): the contributor's tracks in a sortable table (a model from app/, shown
// through ui::makeTableView), Revoke future use — one click and one confirmation whose
// destructive button says so — and Appeal for a rejected track. The model tells what a row
// allows through kCanRevokeRole / kCanAppealRole on column 0. Does not own the model. GUI thread.

#include "table_views.h"

#include <QWidget>

class QAbstractItemModel;
class QDialog;
class QLineEdit;
class QPushButton;
class QTableView;

namespace lemm::ui {

inline constexpr int kCanAppealRole = 0x0100 + 120;
inline constexpr int kCanRevokeRole = 0x0100 + 121;

class MyTracks : public QWidget
{
    Q_OBJECT
public:
    explicit MyTracks(QAbstractItemModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    // The confirmations the buttons open (exec'd by them); public so tests can read them.
    // The reason is read from the dialog's QLineEdit named "reason".
    QDialog *makeRevokeDialog(const QString &title);
    QDialog *makeAppealDialog(const QString &title);

Q_SIGNALS:
    void revokeRequested(const QString &trackId, const QString &reason);
    void appealRequested(const QString &trackId, const QString &reason);

private:
    QDialog *makeReasonDialog(const QString &caption, const QString &text,
                              const QString &confirmText);
    void ask(bool revoke);
    void updateButtons();

    QTableView *m_table;
    QPushButton *m_revoke;
    QPushButton *m_appeal;
};

} // namespace lemm::ui
