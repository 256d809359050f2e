#pragma once
// Infringement claims (spec §4.3; issue 14): the open claims an admin decides (keep, reject or
// remove the track, each button named after what it does to the track), and the queue of
// claims filed without standing (pending_review), which a reviewer or admin accepts (the claim
// opens and locks the track) or dismisses. "Open in review" asks for the claimed track in the
// review workspace. Both models give kIdRole (claim id) on column 0. Owns its child widgets,
// not the models. GUI thread.

#include <QWidget>

class QAbstractItemModel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace lemm::ui {

enum class ClaimAction { KeepTrack, RejectTrack, RemoveTrack };

class ClaimsPanel : public QWidget
{
    Q_OBJECT
public:
    ClaimsPanel(QAbstractItemModel *open, QAbstractItemModel *pending, QWidget *parent = nullptr);

    QTableView *openView() const { return m_open; }
    QTableView *pendingView() const { return m_pending; }
    QPushButton *actionButton(ClaimAction action) const;
    QPushButton *acceptButton() const { return m_accept; }
    QPushButton *dismissButton() const { return m_dismiss; }
    void clearNotes();
    // The notes each decision keeps (required: the buttons wait for them).
    void setDecisionNote(const QString &note);
    void setReviewNote(const QString &note);

Q_SIGNALS:
    void openTrackRequested(const QString &claimId);
    void decisionRequested(const QString &claimId, lemm::ui::ClaimAction action,
                           const QString &note);
    void reviewRequested(const QString &claimId, bool accept, const QString &note);

private:
    QWidget *buildOpen(QAbstractItemModel *open);
    QWidget *buildPending(QAbstractItemModel *pending);
    void updateButtons();

    QTableView *m_open;
    QTableView *m_pending;
    QLineEdit *m_decisionNote;
    QLineEdit *m_reviewNote;
    QPushButton *m_openInReview;
    QPushButton *m_keep, *m_reject, *m_remove;
    QPushButton *m_accept, *m_dismiss;
};

} // namespace lemm::ui
