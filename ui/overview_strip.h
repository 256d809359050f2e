#pragma once
// The whole track small, under or over a WaveformView: the envelope from the same
// core::WaveformPyramid, overlays as thin bars, and the view's visible window as a rectangle.
// A click centres the window there, a drag inside the window moves it; both ask through
// windowRequested(start) (followView() wires that to the view). Holds a copy of the pyramid (a
// few hundred KB for an hour); GUI thread.

#include "waveform_view.h"

#include <QPointer>
#include <QWidget>

namespace lemm::ui {

class OverviewStrip : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewStrip(QWidget *parent = nullptr);

    void setPyramid(const core::WaveformPyramid &pyramid);
    void setOverlays(const QList<WaveformOverlay> &overlays);
    // The window [start, start + span) in track seconds.
    void setWindow(double start, double span);
    // Follows `view` (its envelope, overlays and visible window) and moves it on a click or drag.
    void followView(WaveformView *view);

    double duration() const { return m_pyramid.durationSec(); }
    double windowStart() const { return m_windowStart; }
    double windowSpan() const { return m_windowSpan; }
    // The window's rectangle in widget pixels.
    QRectF windowRect() const;
    double xForSeconds(double seconds) const;
    double secondsForX(double x) const;

    QSize sizeHint() const override { return {400, 36}; }
    QSize minimumSizeHint() const override { return {60, 24}; }

signals:
    void windowRequested(double start);

protected:
    void paintEvent(QPaintEvent *) override;
    void mousePressEvent(QMouseEvent *) override;
    void mouseMoveEvent(QMouseEvent *) override;
    void mouseReleaseEvent(QMouseEvent *) override;

private:
    void requestAt(double x);

    core::WaveformPyramid m_pyramid;
    QList<WaveformOverlay> m_overlays;
    QPointer<WaveformView> m_view;
    double m_windowStart = 0, m_windowSpan = 0;
    QImage m_scratch;         // reused by paintEvent
    double m_grabOffset = -1; // seconds from the window's start to the pointer while dragging
};

} // namespace lemm::ui
