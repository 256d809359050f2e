#pragma once
// The key to a waveform lane's colours: one swatch per kind of match with its meaning, a faint
// swatch for candidates that are listed but not drawn as matches, and the score scale (a
// stronger tint is a higher score). Paints itself in one row; GUI thread.

#include "waveform_view.h"

#include <QWidget>

namespace lemm::ui {

struct LegendEntry {
    QColor color;
    QString text;
    bool dimmed = false;
};

class MatchLegend : public QWidget
{
    Q_OBJECT
public:
    explicit MatchLegend(QWidget *parent = nullptr);

    // The entries for the overlay kinds (vault, external catalog, other) and a dimmed candidate,
    // in the colours overlayColor gives for this palette.
    static QList<LegendEntry> defaultEntries(bool darkTheme);
    void setEntries(const QList<LegendEntry> &entries);
    QList<LegendEntry> entries() const { return m_entries; }
    void setScaleShown(bool shown);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *) override;
    bool event(QEvent *) override; // palette changes recolour the default entries

private:
    QList<LegendEntry> m_entries;
    bool m_custom = false;
    bool m_scaleShown = true;
};

} // namespace lemm::ui
