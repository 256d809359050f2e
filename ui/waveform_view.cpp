#include "waveform_view.h"

#include "envelope_image.h"
#include "format.h"
#include "spectrogram_image.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lemm::ui {

namespace {

constexpr double kMinSpan = 0.25;
constexpr int kMarkerStrip = 6; // the plot's bottom strip: overlays drawn solid, nothing else
constexpr int kLabelGap = 4;

// The amplitude ticks: linear positions labelled in dBFS.
struct AmplitudeTick {
    double amplitude;
    int db;
};
constexpr AmplitudeTick kAmplitudeTicks[] = {{1.0, 0}, {0.5, -6}, {0.25, -12}, {0.1, -20}};

QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QString overlayText(const WaveformOverlay &o)
{
    return o.label.isEmpty() && o.score >= 0 ? formatScore(o.score) : o.label;
}

int tintAlpha(const WaveformOverlay &o)
{
    if (o.dimmed)
        return 28;
    return o.score >= 0 ? 40 + int(60 * std::clamp(o.score, 0.0, 1.0)) : 70;
}

} // namespace

QColor overlayColor(OverlayKind kind, bool darkTheme)
{
    switch (kind) {
    case OverlayKind::Vault: return darkTheme ? QColor(255, 120, 90) : QColor(205, 60, 40);
    case OverlayKind::ExternalCatalog:
        return darkTheme ? QColor(110, 170, 255) : QColor(40, 100, 200);
    case OverlayKind::Other: break;
    }
    return darkTheme ? QColor(150, 210, 120) : QColor(60, 140, 60);
}

QString overlayToolTip(const WaveformOverlay &o)
{
    QStringList lines;
    if (!o.label.isEmpty())
        lines << o.label;
    lines << WaveformView::tr("%1 – %2 in this track")
                 .arg(formatSeconds(o.start), formatSeconds(o.end));
    if (o.refEnd > o.refStart)
        lines << WaveformView::tr("%1 – %2 in the reference")
                     .arg(formatSeconds(o.refStart), formatSeconds(o.refEnd));
    if (o.score >= 0)
        lines << WaveformView::tr("score %1").arg(formatScore(o.score));
    if (std::abs(o.timeFactor - 1) > 0.0005)
        lines << WaveformView::tr("time %1").arg(formatFactor(o.timeFactor));
    if (std::abs(o.pitchFactor - 1) > 0.0005)
        lines << WaveformView::tr("pitch %1").arg(formatFactor(o.pitchFactor));
    if (o.dimmed)
        lines << WaveformView::tr("not a match (listed only)");
    return lines.join(QLatin1Char('\n'));
}

WaveformView::WaveformView(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMinimumHeight(80);
    setMouseTracking(false);
    setAccessibleName(tr("Waveform"));
}

void WaveformView::setPeaks(const core::PeakEnvelope &peaks)
{
    clearForNewItem();
    m_pyramid = core::WaveformPyramid(peaks);
    showAll();
    emit peaksChanged();
}

void WaveformView::clearForNewItem()
{
    m_playhead = 0;
    m_dragFrom = -1;
    m_overlays.clear();
    m_labelWidths.clear();
    m_selectedOverlay = -1;
    clearSpectrogram();
    if (m_selEnd > m_selStart) {
        m_selStart = m_selEnd = 0;
        emit selectionChanged(0, 0);
    }
    emit overlaysChanged();
    update();
}

void WaveformView::setOverlays(const QList<WaveformOverlay> &overlays)
{
    // Bounded cost: a paint touches every overlay; more than this is a broken answer.
    m_overlays = overlays.mid(0, kMaxOverlays);
    measureLabels();
    if (m_selectedOverlay >= m_overlays.size())
        m_selectedOverlay = -1;
    emit overlaysChanged();
    update();
}

void WaveformView::setSelectedOverlay(int index)
{
    m_selectedOverlay = index >= 0 && index < m_overlays.size() ? index : -1;
    update();
}

void WaveformView::setPlayhead(double seconds)
{
    m_playhead = std::isfinite(seconds) ? std::clamp(seconds, 0.0, duration()) : 0.0;
    update();
}

void WaveformView::setSelection(double start, double end)
{
    if (!(end > start)) {
        m_selStart = m_selEnd = 0;
    } else {
        m_selStart = std::clamp(start, 0.0, duration());
        m_selEnd = std::clamp(end, 0.0, duration());
    }
    emit selectionChanged(m_selStart, m_selEnd);
    update();
}

void WaveformView::setCaption(const QString &caption)
{
    m_caption = caption;
    setAccessibleName(caption.isEmpty() ? tr("Waveform") : tr("Waveform: %1").arg(caption));
    update();
}

void WaveformView::setSpectrogram(const core::Spectrogram &spectrogram)
{
    if (!isWellFormed(spectrogram)) {
        clearSpectrogram();
        return;
    }
    const core::Spectrogram &had = m_spectrogram;
    if (!m_spectrogramLevels.isEmpty() && had.startSec == spectrogram.startSec &&
        had.secondsPerFrame == spectrogram.secondsPerFrame && had.maxHz == spectrogram.maxHz &&
        had.bins == spectrogram.bins && had.peakDb == spectrogram.peakDb &&
        had.floorDb == spectrogram.floorDb && had.db == spectrogram.db)
        return; // the same layer again (e.g. toggled back on): its images are still good
    m_spectrogram = spectrogram;
    rebuildSpectrogramImage();
    update();
}

void WaveformView::clearSpectrogram()
{
    m_spectrogram = {};
    m_spectrogramLevels.clear();
    update();
}

void WaveformView::setSpectrogramVisible(bool visible)
{
    m_spectrogramVisible = visible;
    update();
}

void WaveformView::rebuildSpectrogramImage()
{
    if (m_spectrogram.frames == 0)
        return;
    // Silence a shade off the plot's background, so the span the layer covers is visible.
    const QPalette &pal = palette();
    const QColor low = blend(pal.base().color(), pal.highlight().color(), 0.1);
    m_spectrogramLevels =
        makeSpectrogramLevels(m_spectrogram, {low, pal.highlight().color(), pal.text().color()});
}

bool WaveformView::darkTheme() const
{
    return palette().base().color().lightness() < 128;
}

QRectF WaveformView::plotRect() const
{
    return QRectF(kScaleWidth, kRulerHeight, std::max(1, width() - kScaleWidth),
                  std::max(1, height() - kRulerHeight));
}

QRectF WaveformView::spectrogramRect() const
{
    if (!m_spectrogramVisible || m_spectrogramLevels.isEmpty())
        return {};
    const QRectF plot = plotRect();
    const double x1 = std::max(plot.left(), xForSeconds(m_spectrogram.startSec));
    const double x2 = std::min(plot.right(), xForSeconds(m_spectrogram.endSec()));
    if (x2 <= x1)
        return {};
    return QRectF(x1, plot.top(), x2 - x1, plot.height() - kMarkerStrip);
}

double WaveformView::xForSeconds(double seconds) const
{
    const QRectF plot = plotRect();
    return plot.left() + (seconds - m_viewStart) / m_viewSpan * plot.width();
}

double WaveformView::secondsForX(double x) const
{
    const QRectF plot = plotRect();
    return m_viewStart + (x - plot.left()) / plot.width() * m_viewSpan;
}

void WaveformView::clampView()
{
    const double total = std::max(duration(), kMinSpan);
    if (!std::isfinite(m_viewSpan))
        m_viewSpan = total;
    if (!std::isfinite(m_viewStart))
        m_viewStart = 0;
    m_viewSpan = std::clamp(m_viewSpan, kMinSpan, total);
    m_viewStart = std::clamp(m_viewStart, 0.0, std::max(0.0, total - m_viewSpan));
    emit viewChanged(m_viewStart, m_viewSpan);
    update();
}

void WaveformView::zoomAt(double factor, double anchorSeconds)
{
    if (!(factor > 0) || !std::isfinite(factor) || !std::isfinite(anchorSeconds))
        return;
    const double share = (anchorSeconds - m_viewStart) / m_viewSpan;
    m_viewSpan /= factor;
    m_viewSpan = std::clamp(m_viewSpan, kMinSpan, std::max(duration(), kMinSpan));
    m_viewStart = anchorSeconds - share * m_viewSpan;
    clampView();
}

void WaveformView::scrollBySeconds(double seconds)
{
    if (!std::isfinite(seconds))
        return;
    m_viewStart += seconds;
    clampView();
}

void WaveformView::showAll()
{
    m_viewStart = 0;
    m_viewSpan = std::max(duration(), kMinSpan);
    clampView();
}

void WaveformView::setView(double start, double span)
{
    m_viewStart = start;
    m_viewSpan = span;
    clampView();
}

QRectF WaveformView::overlayRect(int index) const
{
    if (index < 0 || index >= m_overlays.size())
        return {};
    const WaveformOverlay &o = m_overlays[index];
    if (!std::isfinite(o.start) || !std::isfinite(o.end)) // a broken region is not drawn
        return {};
    const QRectF plot = plotRect();
    const double x1 = std::max(plot.left(), xForSeconds(o.start));
    const double x2 = std::min(plot.right(), xForSeconds(o.end));
    if (!(x2 > x1))
        return {};
    return QRectF(x1, plot.top(), x2 - x1, plot.height());
}

QRectF WaveformView::overlayLabelRect(int index) const
{
    const QList<QRectF> rects = labelRects();
    return index >= 0 && index < rects.size() ? rects[index] : QRectF();
}

// Greedy rows: labels sorted by their left edge, each put in the first row whose last label
// ends before it; a label that finds no row is not drawn (its tooltip still is). Widths come
// from m_labelWidths (measured once per overlay list and font), so a paint shapes no text here.
QList<QRectF> WaveformView::labelRects() const
{
    QList<QRectF> out(m_overlays.size());
    const QRectF plot = plotRect();
    const double rowHeight = QFontMetricsF(font()).height() + 2;
    const int rows = std::max(1, int((plot.height() - kMarkerStrip) / 2 / rowHeight));
    std::vector<std::pair<QRectF, int>> wanted; // rect at row 0, overlay index
    for (int i = 0; i < m_overlays.size(); ++i) {
        const QRectF span = overlayRect(i);
        const double w = std::min(m_labelWidths.value(i), plot.width());
        if (span.isEmpty() || !(w > 0))
            continue;
        const double left = std::clamp(span.left() + 1, plot.left(), plot.right() - w);
        wanted.push_back({QRectF(left, plot.top() + 2, w, rowHeight), i});
    }
    std::stable_sort(wanted.begin(), wanted.end(),
                     [](const auto &a, const auto &b) { return a.first.left() < b.first.left(); });
    std::vector<double> rowEnd(size_t(rows), -1e300);
    for (const auto &[rect, i] : wanted) {
        for (int r = 0; r < rows; ++r) {
            if (rowEnd[size_t(r)] + kLabelGap > rect.left())
                continue;
            rowEnd[size_t(r)] = rect.right();
            out[i] = rect.translated(0, r * rowHeight);
            break;
        }
    }
    return out;
}

void WaveformView::measureLabels()
{
    const QFontMetricsF fm(font());
    m_labelWidths.clear();
    for (const WaveformOverlay &o : m_overlays) {
        const QString text = overlayText(o);
        m_labelWidths << (text.isEmpty() ? 0.0 : fm.horizontalAdvance(text) + 6);
    }
}

int WaveformView::overlayAt(QPointF pos) const
{
    const QList<QRectF> labels = labelRects();
    for (int i = int(m_overlays.size()) - 1; i >= 0; --i)
        if (labels[i].contains(pos))
            return i;
    int best = -1;
    for (int i = 0; i < m_overlays.size(); ++i) {
        const QRectF r = overlayRect(i);
        if (r.contains(pos) && (best < 0 || r.width() < overlayRect(best).width()))
            best = i;
    }
    return best;
}

double WaveformView::rulerStep(double secondsPerPixel, double minPixels)
{
    if (!(secondsPerPixel > 0) || !std::isfinite(secondsPerPixel))
        return 1;
    for (double decade = 0.1; decade < 1e7; decade *= 10)
        for (const double k : {1.0, 2.0, 5.0})
            if (k * decade / secondsPerPixel >= minPixels)
                return k * decade;
    return 1e7;
}

QList<WaveformView::RulerTick> WaveformView::rulerTicks() const
{
    const QFontMetricsF fm(font());
    const QRectF plot = plotRect();
    const double widest =
        fm.horizontalAdvance(formatSeconds(std::max(duration(), m_viewStart + m_viewSpan)));
    const double step = rulerStep(m_viewSpan / plot.width(), widest + 12);
    QList<RulerTick> ticks;
    double lastRight = -1e300;
    const QRectF captionBox =
        m_caption.isEmpty() ? QRectF()
                            : QRectF(0, 0, fm.horizontalAdvance(m_caption) + 12, kRulerHeight);
    for (double n = std::ceil(m_viewStart / step); n * step <= m_viewStart + m_viewSpan; n += 1) {
        const double s = n * step;
        const QString label = formatSeconds(s);
        const double w = fm.horizontalAdvance(label);
        const double x = xForSeconds(s);
        QRectF rect(std::clamp(x - w / 2, plot.left(), plot.right() - w), 0, w, kRulerHeight - 4);
        // Safety net for fonts whose digits differ in width: never overlap the previous label.
        if (rect.left() < lastRight + kLabelGap || rect.intersects(captionBox))
            rect = QRectF();
        else
            lastRight = rect.right();
        ticks.append({s, rect, rect.isNull() ? QString() : label});
    }
    return ticks;
}

int WaveformView::levelForCurrentView() const
{
    return m_pyramid.levelFor(m_viewSpan / plotRect().width());
}

void WaveformView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.window());
    p.fillRect(plotRect(), pal.base());
    const QList<RulerTick> ticks = rulerTicks();
    paintSpectrogram(p);
    paintGrid(p, ticks);
    paintOverlays(p);
    paintEnvelope(p);
    paintOverlayLabels(p);
    paintRuler(p, ticks);
    paintScale(p);
    paintCursorAndCaption(p);
}

void WaveformView::paintGrid(QPainter &p, const QList<RulerTick> &ticks) const
{
    const QRectF plot = plotRect();
    const QColor grid = blend(palette().base().color(), palette().text().color(), 0.12);
    p.setPen(QPen(grid, 1));
    const double bottom = plot.bottom() - kMarkerStrip;
    for (const RulerTick &t : ticks) {
        const double x = std::floor(xForSeconds(t.seconds)) + 0.5;
        p.drawLine(QPointF(x, plot.top()), QPointF(x, bottom));
    }
    const double mid = plot.top() + (plot.height() - kMarkerStrip) / 2;
    const double half = (plot.height() - kMarkerStrip) / 2 - 2;
    p.drawLine(QPointF(plot.left(), mid), QPointF(plot.right(), mid));
    for (const AmplitudeTick &a : kAmplitudeTicks) {
        if (a.db == 0)
            continue;
        for (const double sign : {-1.0, 1.0}) {
            const double y = std::floor(mid - sign * a.amplitude * half) + 0.5;
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        }
    }
}

void WaveformView::paintRuler(QPainter &p, const QList<RulerTick> &ticks) const
{
    const QRectF plot = plotRect();
    const QColor text = palette().windowText().color();
    p.setPen(blend(palette().window().color(), text, 0.5));
    p.drawLine(QPointF(plot.left(), kRulerHeight - 0.5), QPointF(plot.right(), kRulerHeight - 0.5));
    for (const RulerTick &t : ticks) {
        const double x = std::floor(xForSeconds(t.seconds)) + 0.5;
        p.drawLine(QPointF(x, kRulerHeight - 5), QPointF(x, kRulerHeight));
    }
    paintMinorTicks(p, ticks);
    p.setPen(text);
    for (const RulerTick &t : ticks)
        if (!t.label.isEmpty())
            p.drawText(t.labelRect, Qt::AlignCenter, t.label);
}

// Between the labelled ticks: fifths of a 1 or 5 step, quarters of a 2 step.
void WaveformView::paintMinorTicks(QPainter &p, const QList<RulerTick> &ticks) const
{
    if (ticks.size() < 2)
        return;
    const double step = ticks[1].seconds - ticks[0].seconds;
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    const double minor = step / (std::abs(mantissa - 2) < 1e-6 ? 4 : 5);
    const double from = std::ceil(m_viewStart / minor), to = (m_viewStart + m_viewSpan) / minor;
    for (double n = from; n <= to; n += 1) {
        const double x = std::floor(xForSeconds(n * minor)) + 0.5;
        p.drawLine(QPointF(x, kRulerHeight - 3), QPointF(x, kRulerHeight));
    }
}

// Labels from full scale down towards the centre, each mirrored below it; a label that would
// touch the one above (a short lane) or the centre is left out, its tick stays.
void WaveformView::paintScale(QPainter &p) const
{
    const QRectF plot = plotRect();
    const double lh = QFontMetricsF(font()).height();
    const double top = plot.top(), bottom = plot.bottom() - kMarkerStrip;
    const double mid = (top + bottom) / 2, half = (bottom - top) / 2 - 2;
    p.setPen(palette().windowText().color());
    double lastBottom = -1e300;
    for (const AmplitudeTick &a : kAmplitudeTicks) {
        const double y = mid - a.amplitude * half;
        const double boxTop = std::max(top, y - lh / 2);
        const bool room = boxTop >= lastBottom && boxTop + lh <= mid - lh / 2;
        const QString label = a.db == 0 ? tr("0 dB") : formatNumber(a.db, 0);
        for (const double sign : {1.0, -1.0}) {
            const double ty = std::floor(mid - sign * a.amplitude * half) + 0.5;
            p.drawLine(QPointF(kScaleWidth - 4, ty), QPointF(kScaleWidth, ty));
            if (!room)
                continue;
            const double at = sign > 0 ? boxTop : std::min(bottom - lh, 2 * mid - boxTop - lh);
            p.drawText(QRectF(0, at, kScaleWidth - 7, lh), Qt::AlignRight | Qt::AlignVCenter,
                       label);
        }
        if (room)
            lastBottom = boxTop + lh;
    }
}

void WaveformView::paintSpectrogram(QPainter &p) const
{
    const QRectF target = spectrogramRect();
    if (target.isEmpty())
        return;
    const double span = m_spectrogram.endSec() - m_spectrogram.startSec;
    const double shown = (secondsForX(target.right()) - secondsForX(target.left())) / span;
    // The coarsest level that still has a column per pixel.
    int level = 0;
    while (level + 1 < m_spectrogramLevels.size() &&
           m_spectrogramLevels[level + 1].width() * shown >= target.width())
        ++level;
    const QImage &image = m_spectrogramLevels[level];
    const double columns = image.width();
    const double from = (secondsForX(target.left()) - m_spectrogram.startSec) / span * columns;
    p.drawImage(target, image, QRectF(from, 0, std::max(shown * columns, 1e-3), image.height()));
    paintFrequencyLabels(p, target);
}

double WaveformView::spectrogramYForHz(double hz) const
{
    const QRectF plot = plotRect();
    const double low = std::max(kSpectrogramMinHz, m_spectrogram.hzForBin(1));
    const double high = m_spectrogram.maxHz;
    if (!(hz > 0) || !(high > low))
        return plot.top();
    const double share = std::log(hz / low) / std::log(high / low); // 0 at the bottom
    return plot.top() + (1 - share) * (plot.height() - kMarkerStrip);
}

// 100 Hz, 1 kHz, 10 kHz at the layer's right edge, where they fit.
void WaveformView::paintFrequencyLabels(QPainter &p, const QRectF &target) const
{
    const QFontMetricsF fm(font());
    QColor back = palette().base().color();
    back.setAlpha(200);
    for (const double hz : {100.0, 1000.0, 10000.0}) {
        const double y = spectrogramYForHz(hz);
        const QString label = hz < 1000 ? tr("%1 Hz").arg(formatNumber(hz, 0))
                                        : tr("%1 kHz").arg(formatNumber(hz / 1000, 0));
        const double w = fm.horizontalAdvance(label) + 6;
        const QRectF box(target.right() - w - 2, y - fm.height() / 2, w, fm.height());
        if (w + 4 > target.width() || box.top() < target.top() || box.bottom() > target.bottom())
            continue;
        p.fillRect(box, back);
        p.setPen(palette().text().color());
        p.drawText(box, Qt::AlignCenter, label);
    }
}

QColor WaveformView::colorOf(const WaveformOverlay &o) const
{
    return o.color.isValid() ? o.color : overlayColor(o.kind, darkTheme());
}

void WaveformView::paintOverlays(QPainter &p) const
{
    const QRectF plot = plotRect();
    for (int i = 0; i < m_overlays.size(); ++i) {
        const QRectF r = overlayRect(i);
        if (r.isEmpty())
            continue;
        const WaveformOverlay &o = m_overlays[i];
        const QColor base = colorOf(o);
        QColor tint = base;
        tint.setAlpha(tintAlpha(o));
        p.fillRect(r.adjusted(0, 0, 0, -kMarkerStrip), tint);
        QColor solid = base;
        solid.setAlpha(o.dimmed ? 90 : 230);
        p.fillRect(QRectF(r.left(), plot.bottom() - kMarkerStrip, r.width(), kMarkerStrip), solid);
        const bool selected = i == m_selectedOverlay;
        QPen edge(selected ? palette().highlight().color() : base, selected ? 2.5 : 1,
                  o.dimmed ? Qt::DashLine : Qt::SolidLine);
        p.setPen(edge);
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5 - kMarkerStrip));
    }
}

// After the spans and the envelope, so no edge or peak crosses a label.
void WaveformView::paintOverlayLabels(QPainter &p) const
{
    const QList<QRectF> labels = labelRects();
    const QFontMetricsF fm(font());
    const bool dark = darkTheme();
    for (int i = 0; i < m_overlays.size(); ++i) {
        const QRectF &label = labels[i];
        if (label.isEmpty())
            continue;
        const WaveformOverlay &o = m_overlays[i];
        const QColor base = colorOf(o);
        const bool selected = i == m_selectedOverlay;
        QColor back = palette().base().color();
        back.setAlpha(selected ? 255 : 225);
        p.fillRect(label, back);
        p.setPen(QPen(selected ? palette().highlight().color() : base, selected ? 1.5 : 1));
        p.drawRect(label.adjusted(0.5, 0.5, -0.5, -0.5));
        const QColor faint = blend(palette().base().color(), palette().text().color(), 0.55);
        p.setPen(o.dimmed ? faint : (dark ? base.lighter(120) : base.darker(140)));
        p.drawText(label, Qt::AlignCenter,
                   fm.elidedText(overlayText(o), Qt::ElideRight, label.width() - 2));
    }
}

void WaveformView::paintEnvelope(QPainter &p) const
{
    if (m_pyramid.empty())
        return;
    const QRect area = plotRect().adjusted(0, 0, 0, -kMarkerStrip).toAlignedRect();
    const double mid = area.height() / 2.0;
    const double scale = (mid - 2) / 127.0;
    const int level = levelForCurrentView();
    std::vector<ColumnSpan> spans(size_t(std::max(0, area.width())));
    for (int i = 0; i < area.width(); ++i) {
        const double s0 = secondsForX(area.left() + i), s1 = secondsForX(area.left() + i + 1);
        if (s1 <= 0 || s0 >= duration())
            continue;
        const auto [mn, mx] = m_pyramid.extremes(level, s0, s1);
        spans[size_t(i)] = {int(std::floor(mid - mx * scale)), int(std::floor(mid - mn * scale))};
    }
    QColor ink = palette().text().color();
    if (!spectrogramRect().isEmpty())
        ink.setAlpha(120); // the spectrogram shows through
    drawEnvelopeColumns(p, area, ink, spans, m_envelopeScratch);
}

void WaveformView::paintCursorAndCaption(QPainter &p) const
{
    const QRectF plot = plotRect();
    if (m_selEnd > m_selStart) {
        const double x1 = std::max(plot.left(), xForSeconds(m_selStart));
        const double x2 = std::min(plot.right(), xForSeconds(m_selEnd));
        QColor c = palette().highlight().color();
        c.setAlpha(60);
        if (x2 > x1)
            p.fillRect(QRectF(x1, plot.top(), x2 - x1, plot.height()), c);
    }
    const double px = xForSeconds(m_playhead);
    if (px >= plot.left() && px <= plot.right()) {
        p.setPen(QPen(palette().highlight().color(), 2));
        p.drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom()));
    }
    if (m_caption.isEmpty())
        return;
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    const QRectF box(0, 0, QFontMetricsF(bold).horizontalAdvance(m_caption) + 12, kRulerHeight);
    p.fillRect(box, palette().window());
    p.setPen(palette().windowText().color());
    p.drawText(box, Qt::AlignCenter, m_caption);
    p.setFont(font());
}

bool WaveformView::event(QEvent *e)
{
    switch (e->type()) {
    case QEvent::NativeGesture: {
        auto *g = static_cast<QNativeGestureEvent *>(e);
        if (g->gestureType() != Qt::ZoomNativeGesture)
            break;
        // value(): the pinch's relative scale change since the last event.
        zoomAt(1.0 + g->value(), secondsForX(g->position().x()));
        e->accept();
        return true;
    }
    case QEvent::ToolTip: {
        auto *help = static_cast<QHelpEvent *>(e);
        const int i = overlayAt(help->pos());
        if (i >= 0)
            QToolTip::showText(help->globalPos(), overlayToolTip(m_overlays[i]), this);
        else
            QToolTip::hideText();
        return true;
    }
    case QEvent::PaletteChange:
    case QEvent::StyleChange: rebuildSpectrogramImage(); break;
    case QEvent::FontChange: measureLabels(); break;
    default: break;
    }
    return QWidget::event(e);
}

void WaveformView::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    emit viewChanged(m_viewStart, m_viewSpan);
}

void WaveformView::wheelEvent(QWheelEvent *e)
{
    const double steps = e->angleDelta().y() / 120.0;
    if (e->modifiers() & Qt::ShiftModifier)
        scrollBySeconds(-steps * m_viewSpan / 10);
    else
        zoomAt(std::pow(1.25, steps), secondsForX(e->position().x()));
    e->accept();
}

void WaveformView::keyPressEvent(QKeyEvent *e)
{
    switch (e->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomAt(1.5, m_playhead); break;
    case Qt::Key_Minus: zoomAt(1 / 1.5, m_playhead); break;
    case Qt::Key_Left: scrollBySeconds(-m_viewSpan / 10); break;
    case Qt::Key_Right: scrollBySeconds(m_viewSpan / 10); break;
    case Qt::Key_Home: scrollBySeconds(-duration()); break;
    case Qt::Key_End: scrollBySeconds(duration()); break;
    case Qt::Key_0: showAll(); break;
    default: QWidget::keyPressEvent(e); return;
    }
    e->accept();
}

void WaveformView::mousePressEvent(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton)
        return;
    m_dragFrom = std::clamp(secondsForX(e->position().x()), 0.0, duration());
}

void WaveformView::mouseMoveEvent(QMouseEvent *e)
{
    if (m_dragFrom < 0)
        return;
    const double now = std::clamp(secondsForX(e->position().x()), 0.0, duration());
    setSelection(std::min(m_dragFrom, now), std::max(m_dragFrom, now));
}

void WaveformView::mouseReleaseEvent(QMouseEvent *e)
{
    if (m_dragFrom < 0)
        return;
    const QPointF pos = e->position();
    const double at = std::clamp(secondsForX(pos.x()), 0.0, duration());
    const bool click = std::abs(xForSeconds(at) - xForSeconds(m_dragFrom)) < 3;
    m_dragFrom = -1;
    if (!click)
        return;
    // A click on a label or on the marker strip picks that overlay; elsewhere it seeks.
    const int hit = overlayAt(pos);
    const bool onMarker = pos.y() >= plotRect().bottom() - kMarkerStrip;
    if (hit >= 0 && (onMarker || overlayLabelRect(hit).contains(pos))) {
        setSelectedOverlay(hit);
        emit overlayClicked(hit);
        return;
    }
    setPlayhead(at);
    emit seekRequested(at);
}

} // namespace lemm::ui
