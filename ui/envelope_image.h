#pragma once
// Draws a min/max envelope as one vertical span per pixel column, written straight into an
// image and blitted once. QPainter::drawLines with a thousand-odd lines goes through the
// rasterizer (and its worker threads) and cost a 1600-pixel lane ~20 ms a frame; this costs
// well under one. Used by WaveformView and OverviewStrip; GUI thread (the scratch image is the
// caller's, reused between paints).

#include <QColor>
#include <QImage>
#include <QPainter>

#include <vector>

namespace lemm::ui {

struct ColumnSpan {
    int top = 0, bottom = -1; // rows inside the area, inclusive; bottom < top draws nothing
};

// Column i of `spans` is drawn at area.left() + i; spans past the area's width are ignored.
void drawEnvelopeColumns(QPainter &p, const QRect &area, const QColor &color,
                         const std::vector<ColumnSpan> &spans, QImage &scratch);

} // namespace lemm::ui
