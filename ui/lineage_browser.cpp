#include "lineage_browser.h"

#include "admin_roles.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace lemm::ui {

LineageBrowser::LineageBrowser(QAbstractItemModel *lineage, QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("lineageBrowser"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(
        tr("Click a model to see its training runs, a run for its packs and tracks, a track for "
           "every run and model that used it."),
        this));
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("lineageTree"));
    m_tree->setModel(lineage);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    layout->addWidget(m_tree, 1);
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("lineageDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_details);
    auto *row = new QHBoxLayout;
    auto *refresh = new QPushButton(tr("Re&fresh lineage"), this);
    m_proof = new QPushButton(tr("&Export proof of the model…"), this);
    m_proof->setEnabled(false);
    row->addWidget(refresh);
    row->addStretch();
    row->addWidget(m_proof);
    layout->addLayout(row);
    connect(m_tree, &QTreeView::clicked, this, &LineageBrowser::openNode);
    connect(refresh, &QPushButton::clicked, this, &LineageBrowser::refreshRequested);
    connect(m_proof, &QPushButton::clicked, this, [this] {
        if (!m_proofModel.isEmpty())
            Q_EMIT proofRequested(m_proofModel);
    });
}

void LineageBrowser::openNode(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QModelIndex first = index.siblingAtColumn(0);
    m_tree->setCurrentIndex(first);
    QString text = first.data().toString() + QStringLiteral(" — ") +
                   index.siblingAtColumn(1).data().toString();
    if (const QString tip = first.data(Qt::ToolTipRole).toString(); !tip.isEmpty())
        text += QLatin1Char('\n') + tip;
    setDetails(text);
    Q_EMIT nodeOpened(first);
}

void LineageBrowser::reveal(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    m_tree->expand(index);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

void LineageBrowser::setDetails(const QString &text)
{
    m_details->setText(text);
}

QString LineageBrowser::detailsText() const
{
    return m_details->text();
}

void LineageBrowser::setProofModel(const QString &modelId, const QString &name)
{
    m_proofModel = modelId;
    m_proof->setEnabled(!modelId.isEmpty());
    m_proof->setText(modelId.isEmpty() ? tr("&Export proof of the model…")
                                       : tr("&Export proof of %1…").arg(name));
}

} // namespace lemm::ui
