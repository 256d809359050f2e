#include "my_tracks.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace lemm::ui {

MyTracks::MyTracks(QAbstractItemModel *model, QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_table = makeTableView(this, model, QStringLiteral("tracksTable"),
                            QStringLiteral("contributor/my_tracks"));
    layout->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    m_appeal = new QPushButton(tr("A&ppeal the rejection…"), this);
    m_appeal->setObjectName(QStringLiteral("appealButton"));
    m_revoke = new QPushButton(tr("&Revoke future use…"), this);
    m_revoke->setObjectName(QStringLiteral("revokeButton"));
    m_revoke->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Delete));
    buttons->addWidget(m_appeal);
    buttons->addWidget(m_revoke);
    layout->addLayout(buttons);
    connect(m_revoke, &QPushButton::clicked, this, [this] { ask(true); });
    connect(m_appeal, &QPushButton::clicked, this, [this] { ask(false); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MyTracks::updateButtons);
    connect(m_table->model(), &QAbstractItemModel::modelReset, this, &MyTracks::updateButtons);
    connect(m_table->model(), &QAbstractItemModel::dataChanged, this, &MyTracks::updateButtons);
    updateButtons();
}

void MyTracks::updateButtons()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const QModelIndex row = rows.isEmpty() ? QModelIndex() : rows.first();
    m_revoke->setEnabled(row.isValid() && row.data(kCanRevokeRole).toBool());
    // Only a rejected track can be appealed (the server says so too).
    m_appeal->setEnabled(row.isValid() && row.data(kCanAppealRole).toBool());
}

QDialog *MyTracks::makeReasonDialog(const QString &caption, const QString &text,
                                    const QString &confirmText)
{
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("reasonDialog"));
    dialog->setWindowTitle(caption);
    auto *layout = new QVBoxLayout(dialog);
    auto *label = new QLabel(text, dialog);
    label->setWordWrap(true);
    layout->addWidget(label);
    auto *reason = new QLineEdit(dialog);
    reason->setObjectName(QStringLiteral("reason"));
    reason->setPlaceholderText(tr("Reason (required)"));
    layout->addWidget(reason);
    auto *box = new QDialogButtonBox(dialog);
    QPushButton *confirm = box->addButton(confirmText, QDialogButtonBox::AcceptRole);
    confirm->setObjectName(QStringLiteral("confirmButton"));
    box->addButton(QDialogButtonBox::Cancel);
    confirm->setEnabled(false);
    connect(reason, &QLineEdit::textChanged, confirm,
            [confirm](const QString &t) { confirm->setEnabled(!t.trimmed().isEmpty()); });
    connect(box, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(box);
    return dialog;
}

QDialog *MyTracks::makeRevokeDialog(const QString &title)
{
    return makeReasonDialog(
        tr("Revoke future use"),
        tr("Revoke all future use of \"%1\"? It will not be used to train any new model. Models "
           "already trained on it stay recorded.")
            .arg(title),
        tr("Revoke future use"));
}

QDialog *MyTracks::makeAppealDialog(const QString &title)
{
    return makeReasonDialog(
        tr("Appeal the rejection"),
        tr("Why should \"%1\" be reviewed again? A different reviewer decides.").arg(title),
        tr("Send the appeal"));
}

void MyTracks::ask(bool revoke)
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const QString id = rows.first().data(kIdRole).toString();
    const QString title = rows.first().data(Qt::DisplayRole).toString();
    QPointer<QDialog> dialog = revoke ? makeRevokeDialog(title) : makeAppealDialog(title);
    const bool accepted = dialog->exec() == QDialog::Accepted;
    if (!dialog)
        return; // this widget went away while the dialog was open
    const QString reason = dialog->findChild<QLineEdit *>(QStringLiteral("reason"))->text();
    dialog->deleteLater();
    if (!accepted || reason.trimmed().isEmpty())
        return;
    if (revoke)
        Q_EMIT revokeRequested(id, reason.trimmed());
    else
        Q_EMIT appealRequested(id, reason.trimmed());
}

} // namespace lemm::ui
