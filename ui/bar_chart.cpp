#include "bar_chart.h"

#include "table_views.h"

#include <QAbstractItemModel>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace lemm::ui {

namespace {

constexpr int kRowHeight = 22;
constexpr int kGap = 8;
constexpr int kMaxRows = 200; // more rows are not drawn (a chart of 200 bars is unreadable)

} // namespace

BarChart::BarChart(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void BarChart::setModel(QAbstractItemModel *model, int labelColumn, int valueColumn)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_labelColumn = labelColumn;
    m_valueColumn = valueColumn;
    if (model) {
        const auto changed = [this] {
            updateGeometry();
            update();
        };
        connect(model, &QAbstractItemModel::modelReset, this, changed);
        connect(model, &QAbstractItemModel::rowsInserted, this, changed);
        connect(model, &QAbstractItemModel::rowsRemoved, this, changed);
        connect(model, &QAbstractItemModel::dataChanged, this, changed);
        connect(model, &QAbstractItemModel::layoutChanged, this, changed);
    }
    updateGeometry();
    update();
}

void BarChart::setTitle(const QString &title)
{
    m_title = title;
    setAccessibleName(title);
    update();
}

void BarChart::setEmptyText(const QString &text)
{
    m_emptyText = text;
    update();
}

void BarChart::setBarColor(const QColor &color)
{
    m_barColor = color;
    update();
}

int BarChart::rowCount() const
{
    return m_model ? std::min(m_model->rowCount(), kMaxRows) : 0;
}

double BarChart::valueOf(int row) const
{
    bool ok = false;
    const double v = m_model->index(row, m_valueColumn).data(kSortRole).toDouble(&ok);
    return ok && std::isfinite(v) && v > 0 ? v : 0.0;
}

QString BarChart::labelOf(int row) const
{
    return m_model->index(row, m_labelColumn).data(Qt::DisplayRole).toString();
}

QString BarChart::valueTextOf(int row) const
{
    return m_model->index(row, m_valueColumn).data(Qt::DisplayRole).toString();
}

int BarChart::barCount() const
{
    int n = 0;
    for (int r = 0; r < rowCount(); ++r)
        n += valueOf(r) > 0;
    return n;
}

BarChart::Layout BarChart::layout() const
{
    const QFontMetrics fm(font());
    Layout l;
    l.top = m_title.isEmpty() ? 0 : fm.height() + kGap;
    for (int r = 0; r < rowCount(); ++r) {
        l.labelWidth = std::max(l.labelWidth, fm.horizontalAdvance(labelOf(r)));
        l.valueWidth = std::max(l.valueWidth, fm.horizontalAdvance(valueTextOf(r)));
        l.maxValue = std::max(l.maxValue, valueOf(r));
    }
    l.labelWidth = std::min(l.labelWidth, width() * 2 / 5);
    l.barLeft = l.labelWidth + kGap;
    l.barSpace = std::max(0, width() - l.barLeft - l.valueWidth - 2 * kGap);
    return l;
}

QRect BarChart::rowRect(const Layout &l, int row) const
{
    return QRect(0, l.top + row * kRowHeight, width(), kRowHeight);
}

QRect BarChart::barRect(int row) const
{
    if (!m_model || row < 0 || row >= rowCount() || valueOf(row) <= 0)
        return {};
    const Layout l = layout();
    const QRect r = rowRect(l, row);
    const int length = std::max(1, int(std::lround(l.barSpace * valueOf(row) / l.maxValue)));
    return QRect(l.barLeft, r.top() + 4, length, kRowHeight - 8);
}

void BarChart::paintRow(QPainter &p, const Layout &l, int row) const
{
    const QRect r = rowRect(l, row);
    const QRect labelRect(0, r.top(), l.labelWidth, r.height());
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter,
               fontMetrics().elidedText(labelOf(row), Qt::ElideRight, l.labelWidth));
    const QRect bar = barRect(row);
    if (!bar.isEmpty())
        p.fillRect(bar, m_barColor);
    const int valueLeft = (bar.isEmpty() ? l.barLeft : bar.right()) + kGap;
    p.drawText(QRect(valueLeft, r.top(), l.valueWidth + kGap, r.height()),
               Qt::AlignLeft | Qt::AlignVCenter, valueTextOf(row));
}

void BarChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const Layout l = layout();
    if (!m_title.isEmpty()) {
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(0, 0, width(), l.top), Qt::AlignLeft | Qt::AlignVCenter, m_title);
        p.setFont(font());
    }
    if (barCount() == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(0, l.top, 0, 0), Qt::AlignCenter | Qt::TextWordWrap,
                   m_emptyText);
        return;
    }
    for (int r = 0; r < rowCount(); ++r)
        paintRow(p, l, r);
}

// Tooltips: the whole label and value of the row under the mouse (labels may be elided).
bool BarChart::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip && m_model) {
        const auto *help = static_cast<QHelpEvent *>(e);
        const Layout l = layout();
        const int row = (help->pos().y() - l.top) / kRowHeight;
        if (help->pos().y() >= l.top && row < rowCount())
            QToolTip::showText(help->globalPos(),
                               QStringLiteral("%1: %2").arg(labelOf(row), valueTextOf(row)), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

QSize BarChart::sizeHint() const
{
    const int rows = std::max(rowCount(), 2);
    return QSize(360, layout().top + rows * kRowHeight + kGap);
}

QSize BarChart::minimumSizeHint() const
{
    return QSize(200, layout().top + 2 * kRowHeight);
}

} // namespace lemm::ui
