#pragma once
// The reviewer's waveform, never drawing from raw PCM: draws the server's peak envelope (GET
// /tracks/{id}/peaks) with zoom, scroll, a playhead, a loop selection and similarity overlays
// (matched regions in the track's own seconds, coloured by source and score). Drawing reads a
// pyramid of min/max levels built once per track, so a paint touches about one pair per pixel
// column whatever the track length. The coordinate maths is public for tests.
//
// Keys: + / - zoom around the playhead, Left / Right scroll a tenth of the view, Home / End,
// 0 shows the whole track. Mouse: wheel zooms at the cursor (Shift+wheel scrolls), a touchpad
// pinch zooms at the fingers, click seeks, drag selects a loop.

#include "core/audio/review_audio.h"

#include <QColor>
#include <QList>
#include <QWidget>

#include <vector>

namespace lemm::ui {

struct WaveformOverlay {
    double start = 0, end = 0; // seconds in this track
    QColor color;
    QString label; // e.g. "open-corpus 0.93"
};

class WaveformView : public QWidget
{
    Q_OBJECT
public:
    explicit WaveformView(QWidget *parent = nullptr);

    // The full envelope (its own resolution); resets zoom to the whole track.
    void setPeaks(const core::PeakEnvelope &peaks);
    void setOverlays(const QList<WaveformOverlay> &overlays);
    QList<WaveformOverlay> overlays() const { return m_overlays; }
    void setPlayhead(double seconds);
    void setSelection(double start, double end); // end <= start clears it

    double duration() const { return m_duration; }
    double viewStart() const { return m_viewStart; }
    double viewSpan() const { return m_viewSpan; }
    double playhead() const { return m_playhead; }
    std::pair<double, double> selection() const { return {m_selStart, m_selEnd}; }

    // Coordinates (widget pixels <-> track seconds) at the current view.
    double xForSeconds(double seconds) const;
    double secondsForX(double x) const;
    // Zooms by `factor` (> 1 zooms in) keeping `anchorSeconds` at the same x; clamps to the
    // track and to a 0.25 s minimum span.
    void zoomAt(double factor, double anchorSeconds);
    void scrollBySeconds(double seconds);
    void showAll();
    // Shows [start, start + span) (clamped), e.g. to align a reference under a match.
    void setView(double start, double span);
    // Overlay i's rectangle in widget pixels (empty when outside the view).
    QRectF overlayRect(int index) const;
    // The pyramid level a paint uses (0 = the full envelope) and its pairs per second.
    int levelForCurrentView() const;
    int levelCount() const { return int(m_levels.size()); }

signals:
    void seekRequested(double seconds);
    void selectionChanged(double start, double end);
    void viewChanged(double start, double span);

protected:
    bool event(QEvent *) override; // touchpad pinch (native zoom gesture)
    void paintEvent(QPaintEvent *) override;
    void wheelEvent(QWheelEvent *) override;
    void keyPressEvent(QKeyEvent *) override;
    void mousePressEvent(QMouseEvent *) override;
    void mouseMoveEvent(QMouseEvent *) override;
    void mouseReleaseEvent(QMouseEvent *) override;

private:
    void clampView();
    struct Level {
        std::vector<int8_t> mins, maxs;
        double secondsPerPair = 0;
    };
    std::vector<Level> m_levels;
    QList<WaveformOverlay> m_overlays;
    double m_duration = 0;
    double m_viewStart = 0, m_viewSpan = 1;
    double m_playhead = 0;
    double m_selStart = 0, m_selEnd = 0;
    double m_dragFrom = -1;
};

} // namespace lemm::ui
