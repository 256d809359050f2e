#include "lineage_model.h"

#include "ui/format.h"
#include "ui/table_views.h"

#include <QBrush>
#include <QSet>

namespace lemm::app {

struct LineageModel::Node {
    ui::LineageNode kind = ui::LineageNode::Model;
    QString id;
    QString ref; // a track run's model
    QString text;
    QString details;
    QString tooltip;
    int affected = 0;
    Node *parent = nullptr;
    Children children;
};

namespace {

QString affectedText(const QList<AffectedTrack> &affected)
{
    QStringList lines;
    for (const AffectedTrack &a : affected)
        lines << LineageModel::tr("track %1: %2 (audit entry %3)")
                     .arg(a.trackId,
                          a.reason == QLatin1String("claimed")   ? LineageModel::tr("claimed")
                          : a.reason == QLatin1String("revoked") ? LineageModel::tr("revoked")
                                                                 : a.reason)
                     .arg(a.seq);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

LineageModel::LineageModel(QObject *parent) : QAbstractItemModel(parent), m_root(new Node) {}

LineageModel::~LineageModel() = default;

std::unique_ptr<LineageModel::Node> LineageModel::modelNode(const ModelSummary &m)
{
    auto n = std::make_unique<Node>();
    n->kind = ui::LineageNode::Model;
    n->id = m.id;
    n->ref = m.id;
    n->text = m.modelType.isEmpty() ? m.name : tr("%1 (%2)").arg(m.name, m.modelType);
    n->details = tr("%n training run(s)", nullptr, m.runCount);
    n->tooltip = tr("Model %1, created %2").arg(m.id, ui::formatTimestamp(m.createdAt));
    return n;
}

std::unique_ptr<LineageModel::Node> LineageModel::runNode(const RunSummary &r)
{
    auto n = std::make_unique<Node>();
    n->kind = ui::LineageNode::Run;
    n->id = r.id;
    n->text = tr("Run %1").arg(r.id);
    QStringList details{ui::flagName(r.status), tr("%n track(s)", nullptr, r.trackCount),
                        r.packs.join(QStringLiteral(", "))};
    if (!r.startedAt.isEmpty())
        details << ui::formatTimestamp(r.startedAt);
    if (!r.affectedBy.isEmpty())
        details.prepend(tr("affected by %n track(s)", nullptr, int(r.affectedBy.size())));
    n->details = details.join(QStringLiteral(" · "));
    n->affected = int(r.affectedBy.size());
    n->tooltip = affectedText(r.affectedBy);
    return n;
}

LineageModel::Children LineageModel::packNodes(const RunDetail &run)
{
    QStringList packs = run.run.packs;
    for (const RunTrack &t : run.tracks)
        if (!packs.contains(t.pack))
            packs << t.pack;
    Children out;
    for (const QString &pack : std::as_const(packs)) {
        auto p = std::make_unique<Node>();
        p->kind = ui::LineageNode::Pack;
        p->id = pack;
        p->text = pack;
        for (const RunTrack &t : run.tracks) {
            if (t.pack != pack)
                continue;
            auto track = std::make_unique<Node>();
            track->kind = ui::LineageNode::Track;
            track->id = t.trackId;
            track->text = tr("%1 – %2").arg(t.artist, t.title);
            track->details = pack;
            track->parent = p.get();
            p->children.push_back(std::move(track));
        }
        p->details = tr("%n track(s)", nullptr, int(p->children.size()));
        out.push_back(std::move(p));
    }
    return out;
}

LineageModel::Children LineageModel::trackRunNodes(const TrackLineage &lineage)
{
    Children out;
    for (const TrackRunUse &u : lineage.runs) {
        auto n = std::make_unique<Node>();
        n->kind = ui::LineageNode::TrackRun;
        n->id = u.runId;
        n->ref = u.modelId;
        n->text = tr("model %1 · run %2").arg(u.modelId, u.runId);
        n->details = QStringList{u.pack, ui::flagName(u.status)}.join(QStringLiteral(" · "));
        n->tooltip = tr("Click to open the model %1").arg(u.modelId);
        out.push_back(std::move(n));
    }
    return out;
}

void LineageModel::setModels(const QList<ModelSummary> &models)
{
    QSet<QString> wanted;
    for (const ModelSummary &m : models)
        wanted.insert(m.id);
    for (int i = int(m_root->children.size()) - 1; i >= 0; --i) {
        if (wanted.contains(m_root->children[size_t(i)]->id))
            continue;
        beginRemoveRows({}, i, i);
        m_root->children.erase(m_root->children.begin() + i);
        endRemoveRows();
    }
    Children &top = m_root->children;
    for (int i = 0; i < models.size(); ++i) {
        std::unique_ptr<Node> fresh = modelNode(models.at(i));
        int at = -1;
        for (int j = i; j < int(top.size()); ++j)
            if (top[size_t(j)]->id == fresh->id) {
                at = j;
                break;
            }
        if (at < 0) {
            beginInsertRows({}, i, i);
            fresh->parent = m_root.get();
            top.insert(top.begin() + i, std::move(fresh));
            endInsertRows();
            continue;
        }
        if (at != i) {
            beginMoveRows({}, at, at, {}, i);
            std::unique_ptr<Node> moved = std::move(top[size_t(at)]);
            top.erase(top.begin() + at);
            top.insert(top.begin() + i, std::move(moved));
            endMoveRows();
        }
        Node *n = top[size_t(i)].get();
        if (n->text != fresh->text || n->details != fresh->details) {
            n->text = fresh->text;
            n->details = fresh->details;
            n->tooltip = fresh->tooltip;
            Q_EMIT dataChanged(indexOf(n), indexOf(n, DetailsColumn));
        }
    }
    // Repeated ids leave extra nodes at the end.
    if (top.size() > size_t(models.size())) {
        beginRemoveRows({}, int(models.size()), int(top.size()) - 1);
        top.erase(top.begin() + models.size(), top.end());
        endRemoveRows();
    }
}

bool LineageModel::setModelLineage(const ModelLineage &lineage)
{
    bool any = false;
    for (Node *model : all(ui::LineageNode::Model, lineage.modelId)) {
        if (model->parent != m_root.get())
            continue;
        Children runs;
        for (const RunSummary &r : lineage.runs)
            runs.push_back(runNode(r));
        replaceChildren(model, std::move(runs));
        any = true;
    }
    return any;
}

bool LineageModel::setRun(const RunDetail &run)
{
    const QList<Node *> nodes = all(ui::LineageNode::Run, run.run.id);
    for (Node *n : nodes)
        replaceChildren(n, packNodes(run));
    return !nodes.isEmpty();
}

bool LineageModel::setTrackLineage(const TrackLineage &lineage)
{
    const QList<Node *> nodes = all(ui::LineageNode::Track, lineage.trackId);
    for (Node *n : nodes)
        replaceChildren(n, trackRunNodes(lineage));
    return !nodes.isEmpty();
}

void LineageModel::replaceChildren(Node *node, Children fresh)
{
    const QModelIndex at = indexOf(node);
    if (!node->children.empty()) {
        beginRemoveRows(at, 0, int(node->children.size()) - 1);
        node->children.clear();
        endRemoveRows();
    }
    if (fresh.empty())
        return;
    beginInsertRows(at, 0, int(fresh.size()) - 1);
    for (auto &child : fresh) {
        child->parent = node;
        node->children.push_back(std::move(child));
    }
    endInsertRows();
}

void LineageModel::collect(Node *from, ui::LineageNode kind, const QString &id,
                           QList<Node *> *out) const
{
    for (const auto &child : from->children) {
        if (child->kind == kind && child->id == id)
            out->append(child.get());
        collect(child.get(), kind, id, out);
    }
}

QList<LineageModel::Node *> LineageModel::all(ui::LineageNode kind, const QString &id) const
{
    QList<Node *> out;
    collect(m_root.get(), kind, id, &out);
    return out;
}

QModelIndex LineageModel::find(ui::LineageNode kind, const QString &id) const
{
    const QList<Node *> nodes = all(kind, id);
    return nodes.isEmpty() ? QModelIndex() : indexOf(nodes.first());
}

LineageModel::Node *LineageModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

int LineageModel::rowOf(const Node *node) const
{
    if (!node || !node->parent)
        return -1;
    const Children &siblings = node->parent->children;
    for (size_t i = 0; i < siblings.size(); ++i)
        if (siblings[i].get() == node)
            return int(i);
    return -1;
}

QModelIndex LineageModel::indexOf(const Node *node, int column) const
{
    const int row = rowOf(node);
    return row < 0 ? QModelIndex() : createIndex(row, column, const_cast<Node *>(node));
}

ui::LineageNode LineageModel::kind(const QModelIndex &index) const
{
    return nodeOf(index)->kind;
}

QString LineageModel::nodeId(const QModelIndex &index) const
{
    return index.isValid() ? nodeOf(index)->id : QString();
}

QString LineageModel::modelOf(const QModelIndex &index) const
{
    return index.isValid() ? nodeOf(index)->ref : QString();
}

QModelIndex LineageModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, nodeOf(parent)->children[size_t(row)].get());
}

QModelIndex LineageModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *p = nodeOf(child)->parent;
    return p == m_root.get() ? QModelIndex() : indexOf(p);
}

int LineageModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int LineageModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant LineageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
    case ui::kSortRole: return index.column() == ItemColumn ? n->text : n->details;
    case Qt::ToolTipRole: return n->tooltip.isEmpty() ? QVariant() : QVariant(n->tooltip);
    case Qt::ForegroundRole:
        return n->affected > 0 ? QVariant(QBrush(QColor(0xb0, 0x40, 0x00))) : QVariant();
    case ui::kIdRole: return n->id;
    case ui::kLineageNodeRole: return int(n->kind);
    case ui::kAffectedRole: return n->affected > 0 ? QVariant(n->affected) : QVariant();
    }
    return {};
}

QVariant LineageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == ItemColumn      ? tr("Lineage")
           : section == DetailsColumn ? tr("Details")
                                      : QVariant();
}

} // namespace lemm::app
