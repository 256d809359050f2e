#pragma once
// Lineage as a tree an admin walks with single clicks (spec §7): models at the top; under a
// model its training runs; under a run its packs; under a pack the run's tracks from it; under
// a track the runs (and models) that used it, which lead back to a model. Children arrive as
// the controller loads them (setModelLineage, setRun, setTrackLineage replace the children of
// every node they belong to: rows removed, then inserted). A run that used a track revoked or
// claimed since (issue 14) carries kAffectedRole (the count), a warning colour and a tooltip
// naming the tracks. Owns its nodes; GUI thread.

#include "admin_api.h"

#include "ui/admin_roles.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace lemm::app {

class LineageModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { ItemColumn, DetailsColumn, ColumnCount };

    explicit LineageModel(QObject *parent = nullptr);
    ~LineageModel() override;

    // The top level: kept models keep their loaded children; gone ones are removed.
    void setModels(const QList<ModelSummary> &models);
    // Each returns false when no node it belongs to is shown (nothing changes then).
    bool setModelLineage(const ModelLineage &lineage);
    bool setRun(const RunDetail &run);
    bool setTrackLineage(const TrackLineage &lineage);

    // The first node of `kind` with `id` (depth first), or an invalid index.
    QModelIndex find(ui::LineageNode kind, const QString &id) const;
    ui::LineageNode kind(const QModelIndex &index) const;
    QString nodeId(const QModelIndex &index) const;
    // The model a node leads to: a model's own id, a track run's model; else empty.
    QString modelOf(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Node;
    using Children = std::vector<std::unique_ptr<Node>>;

    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(const Node *node, int column = 0) const;
    int rowOf(const Node *node) const;
    void replaceChildren(Node *node, Children fresh);
    void collect(Node *from, ui::LineageNode kind, const QString &id, QList<Node *> *out) const;
    QList<Node *> all(ui::LineageNode kind, const QString &id) const;
    static std::unique_ptr<Node> modelNode(const ModelSummary &m);
    static std::unique_ptr<Node> runNode(const RunSummary &r);
    static Children packNodes(const RunDetail &run);
    static Children trackRunNodes(const TrackLineage &lineage);

    std::unique_ptr<Node> m_root;
};

} // namespace lemm::app
