#pragma once
// The reviewer's voting row: a note field, Approve / Reject / Needs more info, the decision
// rule's state in words, and the undo bar. A vote is not sent at once: it waits `undoDelay`
// ("Approve sent in 5 s — Undo (Ctrl+Z)") and is confirmed when the delay ends (or
// commitPending() is called, e.g. by a test); undo() drops it. Only one vote waits at a time; a
// second one replaces it. The delay is injectable so tests never sleep. GUI thread; owns its
// child widgets and the timer.

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace lemm::ui {

class VoteBar : public QWidget
{
    Q_OBJECT
public:
    explicit VoteBar(QWidget *parent = nullptr);

    void setUndoDelay(int milliseconds);
    int undoDelay() const;
    void setCanVote(bool canVote);
    void setStateText(const QString &text);
    QString stateText() const;
    QString note() const;
    void clearNote();
    void focusNote();

    // vote: approve | reject | needs_more_info. Starts the undo delay.
    void requestVote(const QString &vote);
    bool hasPending() const { return !m_pendingVote.isEmpty(); }
    QString pendingVote() const { return m_pendingVote; }
    QString pendingText() const;
    // Sends the waiting vote now (voteConfirmed) / drops it (voteUndone).
    void commitPending();
    void undo();

Q_SIGNALS:
    void voteConfirmed(const QString &vote, const QString &note);
    void voteUndone(const QString &vote);

private:
    void updatePending();
    static QString voteWord(const QString &vote);

    QLineEdit *m_note;
    QPushButton *m_approve, *m_reject, *m_moreInfo, *m_undo;
    QLabel *m_state, *m_pending;
    QTimer *m_timer, *m_countdown;
    QString m_pendingVote, m_pendingNote;
};

} // namespace lemm::ui
