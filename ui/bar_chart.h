#pragma once
// A horizontal bar chart painted with QPainter (no Qt Charts): one bar per row of a model, the
// label from `labelColumn`'s DisplayRole, the length from `valueColumn`'s kSortRole (a number;
// rows without a positive value get no bar) and the value text from its DisplayRole. Repaints
// when the model changes. Borrows the model (it must outlive the chart); GUI thread.

#include <QColor>
#include <QPointer>
#include <QWidget>

class QAbstractItemModel;

namespace lemm::ui {

class BarChart : public QWidget
{
    Q_OBJECT

public:
    explicit BarChart(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model, int labelColumn, int valueColumn);
    void setTitle(const QString &title);
    // Shown instead of the bars while no row has a positive value.
    void setEmptyText(const QString &text);
    void setBarColor(const QColor &color);

    QString title() const { return m_title; }
    QString emptyText() const { return m_emptyText; }
    QColor barColor() const { return m_barColor; }
    // Rows with a bar, and the rectangle of row `row`'s bar (empty when it has none): the
    // geometry paintEvent() draws, for tests and tooltips.
    int barCount() const;
    QRect barRect(int row) const;
    bool showsEmptyText() const { return barCount() == 0; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Layout {
        int top = 0;
        int labelWidth = 0;
        int valueWidth = 0;
        int barLeft = 0;
        int barSpace = 0;
        double maxValue = 0;
    };
    Layout layout() const;
    double valueOf(int row) const;
    QString labelOf(int row) const;
    QString valueTextOf(int row) const;
    int rowCount() const;
    QRect rowRect(const Layout &l, int row) const;
    void paintRow(QPainter &p, const Layout &l, int row) const;

    QPointer<QAbstractItemModel> m_model;
    int m_labelColumn = 0;
    int m_valueColumn = 1;
    QString m_title;
    QString m_emptyText;
    QColor m_barColor{0x3b, 0x6e, 0xa8};
};

} // namespace lemm::ui
