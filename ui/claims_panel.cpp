#include "claims_panel.h"

#include "table_views.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace lemm::ui {

ClaimsPanel::ClaimsPanel(QAbstractItemModel *open, QAbstractItemModel *pending, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("claimsPanel"));
    auto *layout = new QVBoxLayout(this);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(buildOpen(open));
    split->addWidget(buildPending(pending));
    layout->addWidget(split);
    updateButtons();
}

QWidget *ClaimsPanel::buildOpen(QAbstractItemModel *open)
{
    auto *box = new QGroupBox(tr("Open claims (the track is locked until you decide)"), this);
    auto *layout = new QVBoxLayout(box);
    m_open =
        makeTableView(box, open, QStringLiteral("claimsTable"), QStringLiteral("admin/claims"));
    layout->addWidget(m_open, 1);
    auto *row = new QHBoxLayout;
    m_openInReview = new QPushButton(tr("&Open in review"), box);
    m_decisionNote = new QLineEdit(box);
    m_decisionNote->setObjectName(QStringLiteral("claimDecisionNote"));
    m_decisionNote->setPlaceholderText(tr("Why (required, kept with the decision)"));
    m_keep = new QPushButton(tr("&Keep the track"), box);
    m_reject = new QPushButton(tr("Re&ject the track"), box);
    m_remove = new QPushButton(tr("Re&move the track"), box);
    row->addWidget(m_openInReview);
    row->addWidget(m_decisionNote, 1);
    row->addWidget(m_keep);
    row->addWidget(m_reject);
    row->addWidget(m_remove);
    layout->addLayout(row);
    connect(m_open->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ClaimsPanel::updateButtons);
    connect(open, &QAbstractItemModel::rowsRemoved, this, &ClaimsPanel::updateButtons);
    connect(m_decisionNote, &QLineEdit::textChanged, this, &ClaimsPanel::updateButtons);
    connect(m_openInReview, &QPushButton::clicked, this, [this] {
        if (const QString id = selectedRowId(m_open); !id.isEmpty())
            Q_EMIT openTrackRequested(id);
    });
    const auto decide = [this](ClaimAction action) {
        if (const QString id = selectedRowId(m_open); !id.isEmpty())
            Q_EMIT decisionRequested(id, action, m_decisionNote->text().trimmed());
    };
    connect(m_keep, &QPushButton::clicked, this, [decide] { decide(ClaimAction::KeepTrack); });
    connect(m_reject, &QPushButton::clicked, this, [decide] { decide(ClaimAction::RejectTrack); });
    connect(m_remove, &QPushButton::clicked, this, [decide] { decide(ClaimAction::RemoveTrack); });
    return box;
}

QWidget *ClaimsPanel::buildPending(QAbstractItemModel *pending)
{
    auto *box = new QGroupBox(
        tr("Claims waiting for review (filed without standing; the track is not locked yet)"),
        this);
    auto *layout = new QVBoxLayout(box);
    m_pending = makeTableView(box, pending, QStringLiteral("pendingClaimsTable"),
                              QStringLiteral("admin/pendingClaims"));
    layout->addWidget(m_pending, 1);
    auto *row = new QHBoxLayout;
    m_reviewNote = new QLineEdit(box);
    m_reviewNote->setObjectName(QStringLiteral("claimReviewNote"));
    m_reviewNote->setPlaceholderText(tr("Why (required, kept with the claim)"));
    m_accept = new QPushButton(tr("&Accept claim and lock the track"), box);
    m_dismiss = new QPushButton(tr("D&ismiss claim"), box);
    row->addWidget(m_reviewNote, 1);
    row->addWidget(m_accept);
    row->addWidget(m_dismiss);
    layout->addLayout(row);
    connect(m_pending->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ClaimsPanel::updateButtons);
    connect(pending, &QAbstractItemModel::rowsRemoved, this, &ClaimsPanel::updateButtons);
    connect(m_reviewNote, &QLineEdit::textChanged, this, &ClaimsPanel::updateButtons);
    const auto review = [this](bool accept) {
        if (const QString id = selectedRowId(m_pending); !id.isEmpty())
            Q_EMIT reviewRequested(id, accept, m_reviewNote->text().trimmed());
    };
    connect(m_accept, &QPushButton::clicked, this, [review] { review(true); });
    connect(m_dismiss, &QPushButton::clicked, this, [review] { review(false); });
    return box;
}

void ClaimsPanel::updateButtons()
{
    // The server keeps a reason with every decision: the buttons wait for the note.
    const bool open = selectedSourceRow(m_open) >= 0;
    const bool decisionNote = !m_decisionNote->text().trimmed().isEmpty();
    m_openInReview->setEnabled(open);
    for (QPushButton *b : {m_keep, m_reject, m_remove})
        b->setEnabled(open && decisionNote);
    const bool pending = selectedSourceRow(m_pending) >= 0;
    const bool reviewNote = !m_reviewNote->text().trimmed().isEmpty();
    m_accept->setEnabled(pending && reviewNote);
    m_dismiss->setEnabled(pending && reviewNote);
}

QPushButton *ClaimsPanel::actionButton(ClaimAction action) const
{
    switch (action) {
    case ClaimAction::KeepTrack: return m_keep;
    case ClaimAction::RejectTrack: return m_reject;
    case ClaimAction::RemoveTrack: return m_remove;
    }
    return nullptr;
}

void ClaimsPanel::setDecisionNote(const QString &note)
{
    m_decisionNote->setText(note);
}

void ClaimsPanel::setReviewNote(const QString &note)
{
    m_reviewNote->setText(note);
}

void ClaimsPanel::clearNotes()
{
    m_decisionNote->clear();
    m_reviewNote->clear();
}

} // namespace lemm::ui
