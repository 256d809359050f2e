#pragma once
// One lane of the reviewer's workspace, never drawing from raw PCM: the server's peak envelope
// (GET /tracks/{id}/peaks) painted from a core::WaveformPyramid built once per track, so a paint
// touches about one min/max pair per pixel column whatever the track length. On it: a time
// ruler (top), an amplitude scale (left), a light grid, an optional spectrogram layer (of a
// preview snippet, drawn only over the seconds it covers), similarity overlays with labels in
// non-overlapping rows, a loop selection, a playhead and a caption naming the lane. Colours
// follow the widget's QPalette (light and dark themes). The coordinate maths is public for
// tests. Owns its pyramid, overlays and the spectrogram's image; GUI thread.
//
// Amplitude scale: the waveform is drawn linear (-1..1, what the envelope stores, so a
// difference track that nulls looks flat), and the ticks are labelled in dBFS (0, -6, -12,
// -20 dB at ±1, ±0.5, ±0.25, ±0.1) because reviewers compare levels in dB and LU, as the A/B
// loudness matching reports them.
//
// Keys: + / - zoom around the playhead, Left / Right scroll a tenth of the view, Home / End,
// 0 shows the whole track. Mouse: wheel zooms at the cursor (Shift+wheel scrolls), a touchpad
// pinch zooms at the fingers, click seeks (or selects the overlay under a label), drag selects
// a loop.

#include "core/audio/review_audio.h"
#include "core/audio/spectrogram.h"
#include "core/audio/waveform_pyramid.h"

#include <QColor>
#include <QImage>
#include <QList>
#include <QWidget>

namespace lemm::ui {

// Where a match comes from; gives its colour (overlayColor) and its legend entry.
enum class OverlayKind { Vault, ExternalCatalog, Other };

struct WaveformOverlay {
    double start = 0, end = 0; // seconds in this track
    QColor color;              // invalid: the kind's colour (overlayColor)
    QString label;             // e.g. "open-corpus 0.93"
    double score = -1;         // 0..1; < 0 unknown. Sets the tint's strength.
    double timeFactor = 1, pitchFactor = 1;
    double refStart = -1, refEnd = -1; // the reference's seconds; refEnd <= refStart: none
    OverlayKind kind = OverlayKind::Vault;
    bool dimmed = false; // drawn faint, e.g. a candidate that is not a real match
};

// The colour of a kind of match in the current palette's lightness (vault warm, external
// catalog cool).
QColor overlayColor(OverlayKind kind, bool darkTheme = false);
// The text of an overlay's tooltip: source, score, factors, reference span, localised.
QString overlayToolTip(const WaveformOverlay &overlay);

class WaveformView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kRulerHeight = 20;
    static constexpr int kScaleWidth = 40;
    static constexpr int kMaxOverlays = 1000; // setOverlays keeps the first this many

    struct RulerTick {
        double seconds = 0;
        QRectF labelRect; // widget pixels
        QString label;
    };

    explicit WaveformView(QWidget *parent = nullptr);

    // A new item: the full envelope (its own resolution), zoom reset to the whole track;
    // starts with clearForNewItem(), so set overlays, selection and spectrogram afterwards.
    void setPeaks(const core::PeakEnvelope &peaks);
    // Playhead, selection, overlays, selected overlay and spectrogram back to nothing (the
    // envelope stays).
    void clearForNewItem();
    // Overlays with a start or end that is not finite are kept (indices stay the caller's) but
    // not drawn.
    void setOverlays(const QList<WaveformOverlay> &overlays);
    QList<WaveformOverlay> overlays() const { return m_overlays; }
    // Emphasises overlay `index` (-1: none).
    void setSelectedOverlay(int index);
    int selectedOverlay() const { return m_selectedOverlay; }
    void setPlayhead(double seconds);
    void setSelection(double start, double end); // end <= start clears it
    void setCaption(const QString &caption);
    QString caption() const { return m_caption; }

    // The spectrogram layer (of a preview snippet): converted to an image once here and once
    // per palette change; drawn only over [startSec, endSec()). Not shown until
    // setSpectrogramVisible(true). A malformed spectrogram (sizes that disagree) is ignored; the
    // same spectrogram set again costs a comparison, not a conversion.
    void setSpectrogram(const core::Spectrogram &spectrogram);
    void clearSpectrogram();
    void setSpectrogramVisible(bool visible);
    bool spectrogramVisible() const { return m_spectrogramVisible; }
    bool hasSpectrogram() const { return !m_spectrogramLevels.isEmpty(); }
    // The image the layer draws at full resolution (rows: log frequency, top = highest).
    QImage spectrogramImage() const
    {
        return m_spectrogramLevels.isEmpty() ? QImage() : m_spectrogramLevels.first();
    }
    // Where the layer is drawn at the current view (empty when hidden or outside the view).
    QRectF spectrogramRect() const;
    // The y of a frequency on the layer's log axis (for its 100 Hz / 1 kHz / 10 kHz labels).
    double spectrogramYForHz(double hz) const;

    double duration() const { return m_pyramid.durationSec(); }
    double viewStart() const { return m_viewStart; }
    double viewSpan() const { return m_viewSpan; }
    double playhead() const { return m_playhead; }
    std::pair<double, double> selection() const { return {m_selStart, m_selEnd}; }
    const core::WaveformPyramid &pyramid() const { return m_pyramid; }

    // The area the track is drawn in (right of the scale, below the ruler).
    QRectF plotRect() const;
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
    // Overlay i's label rectangle (empty when outside the view or when no row had room).
    QRectF overlayLabelRect(int index) const;
    // The index of the overlay at `pos` (its label first, then its span); -1 for none.
    int overlayAt(QPointF pos) const;
    // The ruler's ticks at the current view and width; labels never overlap.
    QList<RulerTick> rulerTicks() const;
    // The smallest step of the 1-2-5 series (0.1 s up) that leaves `minPixels` between ticks.
    static double rulerStep(double secondsPerPixel, double minPixels);
    // The pyramid level a paint uses (0 = the full envelope).
    int levelForCurrentView() const;
    int levelCount() const { return m_pyramid.levelCount(); }

signals:
    void seekRequested(double seconds);
    void selectionChanged(double start, double end);
    void viewChanged(double start, double span);
    void overlayClicked(int index);
    // A new envelope (setPeaks) or cleared item; the overlays changed (e.g. for an OverviewStrip).
    void peaksChanged();
    void overlaysChanged();

protected:
    bool event(QEvent *) override; // pinch, palette and font changes, overlay tooltips
    void paintEvent(QPaintEvent *) override;
    void resizeEvent(QResizeEvent *) override;
    void wheelEvent(QWheelEvent *) override;
    void keyPressEvent(QKeyEvent *) override;
    void mousePressEvent(QMouseEvent *) override;
    void mouseMoveEvent(QMouseEvent *) override;
    void mouseReleaseEvent(QMouseEvent *) override;

private:
    void clampView();
    QList<QRectF> labelRects() const;
    void measureLabels();
    void rebuildSpectrogramImage();
    bool darkTheme() const;
    void paintGrid(QPainter &p, const QList<RulerTick> &ticks) const;
    void paintRuler(QPainter &p, const QList<RulerTick> &ticks) const;
    void paintMinorTicks(QPainter &p, const QList<RulerTick> &ticks) const;
    void paintScale(QPainter &p) const;
    void paintSpectrogram(QPainter &p) const;
    void paintFrequencyLabels(QPainter &p, const QRectF &target) const;
    void paintOverlays(QPainter &p) const;
    void paintOverlayLabels(QPainter &p) const;
    QColor colorOf(const WaveformOverlay &overlay) const;
    void paintEnvelope(QPainter &p) const;
    void paintCursorAndCaption(QPainter &p) const;

    core::WaveformPyramid m_pyramid;
    QList<WaveformOverlay> m_overlays;
    QList<double> m_labelWidths; // per overlay: its label's width in the current font
    int m_selectedOverlay = -1;
    QString m_caption;
    core::Spectrogram m_spectrogram;
    QList<QImage> m_spectrogramLevels; // makeSpectrogramLevels: full resolution, then halves
    bool m_spectrogramVisible = false;
    double m_viewStart = 0, m_viewSpan = 1;
    double m_playhead = 0;
    double m_selStart = 0, m_selEnd = 0;
    double m_dragFrom = -1;
    mutable QImage m_envelopeScratch; // reused by paintEnvelope
};

} // namespace lemm::ui
