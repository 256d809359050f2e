#pragma once
// Lineage, walked with single clicks (spec §7): a tree of models → training runs → packs →
// tracks → the runs and models that used a track (the model reads its roles from admin_roles.h:
// kLineageNodeRole, kIdRole, kAffectedRole). A click on a node asks for its children
// (nodeOpened); a run marked affected (issue 14: it used a track revoked or claimed since)
// shows how many tracks and, in its tooltip and the details line, which and why. "Export proof"
// exports the selected model's proof. Owns its child widgets, not the model. GUI thread.

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QModelIndex;
class QPushButton;
class QTreeView;

namespace lemm::ui {

class LineageBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit LineageBrowser(QAbstractItemModel *lineage, QWidget *parent = nullptr);

    QTreeView *tree() const { return m_tree; }
    // Opens `index` as a click does: selects it and emits nodeOpened.
    void openNode(const QModelIndex &index);
    // Expands and selects `index` once its children arrived.
    void reveal(const QModelIndex &index);
    void setDetails(const QString &text);
    QString detailsText() const;
    // The model the proof export is for (set by the controller when a model is opened).
    void setProofModel(const QString &modelId, const QString &name);

Q_SIGNALS:
    void nodeOpened(const QModelIndex &index);
    void refreshRequested();
    void proofRequested(const QString &modelId);

private:
    QTreeView *m_tree;
    QLabel *m_details;
    QPushButton *m_proof;
    QString m_proofModel;
};

} // namespace lemm::ui
