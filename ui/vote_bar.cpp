#include "vote_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace lemm::ui {

VoteBar::VoteBar(QWidget *parent)
    : QWidget(parent), m_note(new QLineEdit(this)), m_approve(new QPushButton(tr("Approve"), this)),
      m_reject(new QPushButton(tr("Reject"), this)),
      m_moreInfo(new QPushButton(tr("Needs more info"), this)),
      m_undo(new QPushButton(tr("Undo"), this)), m_state(new QLabel(this)),
      m_pending(new QLabel(this)), m_timer(new QTimer(this)), m_countdown(new QTimer(this))
{
    m_note->setObjectName(QStringLiteral("voteNote"));
    m_note->setPlaceholderText(tr("Note (required to reject or ask for more information)"));
    m_state->setObjectName(QStringLiteral("reviewState"));
    m_state->setWordWrap(true);
    m_pending->setObjectName(QStringLiteral("pendingVote"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_note, 1);
    row->addWidget(m_approve);
    row->addWidget(m_reject);
    row->addWidget(m_moreInfo);
    auto *pendingRow = new QHBoxLayout;
    pendingRow->addWidget(m_pending, 1);
    pendingRow->addWidget(m_undo);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addLayout(pendingRow);
    layout->addWidget(m_state);
    m_timer->setSingleShot(true);
    m_timer->setInterval(5000);
    m_countdown->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, &VoteBar::commitPending);
    connect(m_countdown, &QTimer::timeout, this, &VoteBar::updatePending);
    connect(m_undo, &QPushButton::clicked, this, &VoteBar::undo);
    connect(m_approve, &QPushButton::clicked, this,
            [this] { requestVote(QStringLiteral("approve")); });
    connect(m_reject, &QPushButton::clicked, this,
            [this] { requestVote(QStringLiteral("reject")); });
    connect(m_moreInfo, &QPushButton::clicked, this,
            [this] { requestVote(QStringLiteral("needs_more_info")); });
    updatePending();
}

void VoteBar::setUndoDelay(int milliseconds)
{
    m_timer->setInterval(std::max(0, milliseconds));
}

int VoteBar::undoDelay() const
{
    return m_timer->interval();
}

void VoteBar::setCanVote(bool canVote)
{
    for (QPushButton *b : {m_approve, m_reject, m_moreInfo})
        b->setEnabled(canVote);
}

void VoteBar::setStateText(const QString &text)
{
    m_state->setText(text);
}

QString VoteBar::stateText() const
{
    return m_state->text();
}

QString VoteBar::note() const
{
    return m_note->text();
}

void VoteBar::clearNote()
{
    m_note->clear();
}

void VoteBar::focusNote()
{
    m_note->setFocus();
}

QString VoteBar::voteWord(const QString &vote)
{
    if (vote == QLatin1String("approve"))
        return tr("Approval");
    if (vote == QLatin1String("reject"))
        return tr("Rejection");
    return tr("“Needs more info”");
}

void VoteBar::requestVote(const QString &vote)
{
    m_pendingVote = vote;
    m_pendingNote = m_note->text();
    m_timer->start();
    m_countdown->start();
    updatePending();
}

QString VoteBar::pendingText() const
{
    return m_pending->text();
}

void VoteBar::commitPending()
{
    if (m_pendingVote.isEmpty())
        return;
    const QString vote = std::exchange(m_pendingVote, QString());
    const QString note = std::exchange(m_pendingNote, QString());
    m_timer->stop();
    m_countdown->stop();
    updatePending();
    Q_EMIT voteConfirmed(vote, note);
}

void VoteBar::undo()
{
    if (m_pendingVote.isEmpty())
        return;
    const QString vote = std::exchange(m_pendingVote, QString());
    m_pendingNote.clear();
    m_timer->stop();
    m_countdown->stop();
    updatePending();
    Q_EMIT voteUndone(vote);
}

void VoteBar::updatePending()
{
    const bool pending = !m_pendingVote.isEmpty();
    m_undo->setVisible(pending);
    m_pending->setVisible(pending);
    if (!pending)
        return;
    const int left = m_timer->isActive() ? int(std::ceil(m_timer->remainingTime() / 1000.0)) : 0;
    m_pending->setText(
        tr("%1 sent in %2 s — Undo (Ctrl+Z)").arg(voteWord(m_pendingVote)).arg(left));
}

} // namespace lemm::ui
