#include "waveform_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace lemm::ui {

namespace {

constexpr double kMinSpan = 0.25;

} // namespace

WaveformView::WaveformView(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMinimumHeight(80);
    setAccessibleName(tr("Waveform"));
}

void WaveformView::setPeaks(const core::PeakEnvelope &peaks)
{
    m_levels.clear();
    Level base;
    base.mins = peaks.mins;
    base.maxs = peaks.maxs;
    base.secondsPerPair = peaks.secondsPerPeak();
    m_duration = peaks.durationSec();
    m_levels.push_back(std::move(base));
    // Each level halves the previous one, keeping extremes, down to a few pairs.
    while (m_levels.back().mins.size() > 64) {
        const Level &prev = m_levels.back();
        Level next;
        next.secondsPerPair = prev.secondsPerPair * 2;
        const size_t n = (prev.mins.size() + 1) / 2;
        next.mins.resize(n);
        next.maxs.resize(n);
        for (size_t i = 0; i < n; ++i) {
            const size_t a = 2 * i, b = std::min(prev.mins.size() - 1, 2 * i + 1);
            next.mins[i] = std::min(prev.mins[a], prev.mins[b]);
            next.maxs[i] = std::max(prev.maxs[a], prev.maxs[b]);
        }
        m_levels.push_back(std::move(next));
    }
    showAll();
}

void WaveformView::setOverlays(const QList<WaveformOverlay> &overlays)
{
    m_overlays = overlays;
    update();
}

void WaveformView::setPlayhead(double seconds)
{
    m_playhead = std::clamp(seconds, 0.0, m_duration);
    update();
}

void WaveformView::setSelection(double start, double end)
{
    if (end <= start) {
        m_selStart = m_selEnd = 0;
    } else {
        m_selStart = std::clamp(start, 0.0, m_duration);
        m_selEnd = std::clamp(end, 0.0, m_duration);
    }
    emit selectionChanged(m_selStart, m_selEnd);
    update();
}

double WaveformView::xForSeconds(double seconds) const
{
    return (seconds - m_viewStart) / m_viewSpan * width();
}

double WaveformView::secondsForX(double x) const
{
    return m_viewStart + x / std::max(1, width()) * m_viewSpan;
}

void WaveformView::clampView()
{
    const double total = std::max(m_duration, kMinSpan);
    m_viewSpan = std::clamp(m_viewSpan, kMinSpan, total);
    m_viewStart = std::clamp(m_viewStart, 0.0, std::max(0.0, total - m_viewSpan));
    emit viewChanged(m_viewStart, m_viewSpan);
    update();
}

void WaveformView::zoomAt(double factor, double anchorSeconds)
{
    if (factor <= 0)
        return;
    const double share = (anchorSeconds - m_viewStart) / m_viewSpan;
    m_viewSpan /= factor;
    m_viewSpan = std::clamp(m_viewSpan, kMinSpan, std::max(m_duration, kMinSpan));
    m_viewStart = anchorSeconds - share * m_viewSpan;
    clampView();
}

void WaveformView::scrollBySeconds(double seconds)
{
    m_viewStart += seconds;
    clampView();
}

void WaveformView::showAll()
{
    m_viewStart = 0;
    m_viewSpan = std::max(m_duration, kMinSpan);
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
    const double x1 = std::max(0.0, xForSeconds(o.start));
    const double x2 = std::min(double(width()), xForSeconds(o.end));
    if (x2 <= x1)
        return {};
    return QRectF(x1, 0, x2 - x1, height());
}

int WaveformView::levelForCurrentView() const
{
    if (m_levels.empty())
        return 0;
    // The coarsest level that still has at least one pair per pixel column.
    const double secondsPerPixel = m_viewSpan / std::max(1, width());
    int level = 0;
    while (level + 1 < int(m_levels.size()) &&
           m_levels[size_t(level + 1)].secondsPerPair <= secondsPerPixel)
        ++level;
    return level;
}

void WaveformView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const double mid = height() / 2.0;
    for (int i = 0; i < m_overlays.size(); ++i) {
        const QRectF r = overlayRect(i);
        if (r.isEmpty())
            continue;
        QColor c = m_overlays[i].color;
        c.setAlpha(70);
        p.fillRect(r, c);
        p.setPen(m_overlays[i].color.darker(130));
        p.drawText(r.adjusted(3, 2, -3, -2), Qt::AlignLeft | Qt::AlignTop, m_overlays[i].label);
    }
    if (m_selEnd > m_selStart) {
        const QRectF sel(xForSeconds(m_selStart), 0,
                         xForSeconds(m_selEnd) - xForSeconds(m_selStart), height());
        QColor c = palette().highlight().color();
        c.setAlpha(60);
        p.fillRect(sel, c);
    }
    if (!m_levels.empty()) {
        const Level &lv = m_levels[size_t(levelForCurrentView())];
        p.setPen(palette().text().color());
        const int w = width();
        const double scale = mid / 127.0;
        for (int x = 0; x < w; ++x) {
            const double s0 = secondsForX(x), s1 = secondsForX(x + 1);
            qsizetype a = qsizetype(std::floor(s0 / lv.secondsPerPair));
            qsizetype b = qsizetype(std::ceil(s1 / lv.secondsPerPair));
            a = std::clamp<qsizetype>(a, 0, qsizetype(lv.mins.size()));
            b = std::clamp<qsizetype>(b, a, qsizetype(lv.mins.size()));
            if (a == b)
                continue;
            int8_t mn = 127, mx = -127;
            for (qsizetype i = a; i < b; ++i) {
                mn = std::min(mn, lv.mins[size_t(i)]);
                mx = std::max(mx, lv.maxs[size_t(i)]);
            }
            p.drawLine(QPointF(x + 0.5, mid - mx * scale), QPointF(x + 0.5, mid - mn * scale));
        }
    }
    const double px = xForSeconds(m_playhead);
    if (px >= 0 && px <= width()) {
        p.setPen(QPen(palette().highlight().color(), 2));
        p.drawLine(QPointF(px, 0), QPointF(px, height()));
    }
}

bool WaveformView::event(QEvent *e)
{
    if (e->type() == QEvent::NativeGesture) {
        auto *g = static_cast<QNativeGestureEvent *>(e);
        if (g->gestureType() == Qt::ZoomNativeGesture) {
            // value(): the pinch's relative scale change since the last event.
            zoomAt(1.0 + g->value(), secondsForX(g->position().x()));
            e->accept();
            return true;
        }
    }
    return QWidget::event(e);
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
    case Qt::Key_Home: scrollBySeconds(-m_duration); break;
    case Qt::Key_End: scrollBySeconds(m_duration); break;
    case Qt::Key_0: showAll(); break;
    default: QWidget::keyPressEvent(e); return;
    }
    e->accept();
}

void WaveformView::mousePressEvent(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton)
        return;
    m_dragFrom = std::clamp(secondsForX(e->position().x()), 0.0, m_duration);
}

void WaveformView::mouseMoveEvent(QMouseEvent *e)
{
    if (m_dragFrom < 0)
        return;
    const double now = std::clamp(secondsForX(e->position().x()), 0.0, m_duration);
    setSelection(std::min(m_dragFrom, now), std::max(m_dragFrom, now));
}

void WaveformView::mouseReleaseEvent(QMouseEvent *e)
{
    if (m_dragFrom < 0)
        return;
    const double at = std::clamp(secondsForX(e->position().x()), 0.0, m_duration);
    if (std::abs(xForSeconds(at) - xForSeconds(m_dragFrom)) < 3) {
        setPlayhead(at);
        emit seekRequested(at);
    }
    m_dragFrom = -1;
}

} // namespace lemm::ui
