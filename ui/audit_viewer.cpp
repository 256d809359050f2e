#include "audit_viewer.h"

#include "admin_roles.h"
#include "table_views.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace lemm::ui {

AuditViewer::AuditViewer(QAbstractItemModel *entries, QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("auditViewer"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildFilters());
    m_verification = new QLabel(this);
    m_verification->setObjectName(QStringLiteral("auditVerify"));
    m_verification->setWordWrap(true);
    layout->addWidget(m_verification);
    m_view =
        makeTableView(this, entries, QStringLiteral("auditTable"), QStringLiteral("admin/audit"));
    layout->addWidget(m_view, 3);
    m_more = new QPushButton(tr("&Older entries"), this);
    m_more->setEnabled(false);
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(m_more);
    layout->addLayout(row);
    // The selected entry in full, with the hashes that chain it (what a proof quotes).
    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(QStringLiteral("auditDetail"));
    layout->addWidget(m_detail, 1);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AuditViewer::showSelected);
    connect(entries, &QAbstractItemModel::modelReset, this, &AuditViewer::showSelected);
    connect(m_more, &QPushButton::clicked, this, &AuditViewer::moreRequested);
}

QWidget *AuditViewer::buildFilters()
{
    auto *box = new QWidget(this);
    auto *filters = new QHBoxLayout(box);
    filters->setContentsMargins(0, 0, 0, 0);
    m_type = new QComboBox(box);
    m_type->setObjectName(QStringLiteral("auditType"));
    m_type->addItem(tr("Any event"), QString());
    m_actor = new QLineEdit(box);
    m_actor->setPlaceholderText(tr("Actor"));
    m_subject = new QLineEdit(box);
    m_subject->setPlaceholderText(tr("Track or subject"));
    m_since = new QLineEdit(box);
    m_since->setPlaceholderText(tr("From (e.g. 2026-11-01)"));
    m_until = new QLineEdit(box);
    m_until->setPlaceholderText(tr("Until (not included)"));
    auto *search = new QPushButton(tr("&Search"), box);
    m_verify = new QPushButton(tr("&Verify chain"), box);
    for (QWidget *w : {static_cast<QWidget *>(m_type), static_cast<QWidget *>(m_actor),
                       static_cast<QWidget *>(m_subject), static_cast<QWidget *>(m_since),
                       static_cast<QWidget *>(m_until), static_cast<QWidget *>(search),
                       static_cast<QWidget *>(m_verify)})
        filters->addWidget(w);
    const auto run = [this] { Q_EMIT searchRequested(filter()); };
    connect(search, &QPushButton::clicked, this, run);
    for (QLineEdit *e : {m_actor, m_subject, m_since, m_until})
        connect(e, &QLineEdit::returnPressed, this, run);
    connect(m_verify, &QPushButton::clicked, this, &AuditViewer::verifyRequested);
    return box;
}

void AuditViewer::setEventTypes(const QList<QPair<QString, QString>> &types)
{
    const QString current = m_type->currentData().toString();
    while (m_type->count() > 1)
        m_type->removeItem(1);
    for (const auto &[id, words] : types)
        m_type->addItem(words, id);
    m_type->setCurrentIndex(qMax(0, m_type->findData(current)));
}

AuditFilter AuditViewer::filter() const
{
    return AuditFilter{m_type->currentData().toString(), m_actor->text().trimmed(),
                       m_subject->text().trimmed(), m_since->text().trimmed(),
                       m_until->text().trimmed()};
}

void AuditViewer::setFilter(const AuditFilter &f)
{
    int type = m_type->findData(f.eventType);
    if (type < 0 && !f.eventType.isEmpty()) {
        m_type->addItem(f.eventType, f.eventType);
        type = m_type->count() - 1;
    }
    m_type->setCurrentIndex(qMax(0, type));
    m_actor->setText(f.actor);
    m_subject->setText(f.subject);
    m_since->setText(f.since);
    m_until->setText(f.until);
}

void AuditViewer::setVerification(bool ok, const QString &text)
{
    m_verification->setText(text);
    m_verification->setStyleSheet(ok ? QString()
                                     : QStringLiteral("color: #b00000; font-weight: bold;"));
}

QString AuditViewer::verificationText() const
{
    return m_verification->text();
}

void AuditViewer::setMoreAvailable(bool more)
{
    m_more->setEnabled(more);
}

void AuditViewer::showSelected()
{
    const int row = selectedSourceRow(m_view);
    const QAbstractItemModel *model = sortProxy(m_view)->sourceModel();
    m_detail->setPlainText(row < 0 ? QString()
                                   : model->index(row, 0).data(kAuditDetailRole).toString());
}

QString AuditViewer::detailText() const
{
    return m_detail->toPlainText();
}

} // namespace lemm::ui
