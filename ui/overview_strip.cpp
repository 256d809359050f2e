#include "overview_strip.h"

#include "envelope_image.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace lemm::ui {

namespace {

constexpr int kBarHeight = 4; // overlays: thin bars along the bottom

} // namespace

OverviewStrip::OverviewStrip(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("Track overview"));
    setToolTip(tr("The whole track; click or drag to move the view"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFixedHeight(36);
}

void OverviewStrip::setPyramid(const core::WaveformPyramid &pyramid)
{
    m_pyramid = pyramid;
    update();
}

void OverviewStrip::setOverlays(const QList<WaveformOverlay> &overlays)
{
    m_overlays = overlays;
    update();
}

void OverviewStrip::setWindow(double start, double span)
{
    m_windowStart = std::isfinite(start) ? start : 0;
    m_windowSpan = std::isfinite(span) ? std::max(0.0, span) : 0;
    update();
}

void OverviewStrip::followView(WaveformView *view)
{
    if (m_view)
        disconnect(m_view, nullptr, this, nullptr);
    m_view = view;
    if (!view)
        return;
    const auto sync = [this] {
        setPyramid(m_view->pyramid());
        setOverlays(m_view->overlays());
        setWindow(m_view->viewStart(), m_view->viewSpan());
    };
    connect(view, &WaveformView::peaksChanged, this, sync);
    connect(view, &WaveformView::overlaysChanged, this,
            [this] { setOverlays(m_view->overlays()); });
    connect(view, &WaveformView::viewChanged, this, &OverviewStrip::setWindow);
    connect(this, &OverviewStrip::windowRequested, view,
            [view](double start) { view->setView(start, view->viewSpan()); });
    sync();
}

double OverviewStrip::xForSeconds(double seconds) const
{
    const double total = duration();
    return total > 0 ? seconds / total * width() : 0;
}

double OverviewStrip::secondsForX(double x) const
{
    return x / std::max(1, width()) * duration();
}

QRectF OverviewStrip::windowRect() const
{
    if (!(duration() > 0))
        return {};
    const double x1 = std::clamp(xForSeconds(m_windowStart), 0.0, double(width()));
    const double x2 = std::clamp(xForSeconds(m_windowStart + m_windowSpan), x1, double(width()));
    return QRectF(x1, 0, std::max(2.0, x2 - x1), height());
}

void OverviewStrip::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.base());
    const bool dark = pal.base().color().lightness() < 128;
    for (const WaveformOverlay &o : m_overlays) {
        QColor c = o.color.isValid() ? o.color : overlayColor(o.kind, dark);
        c.setAlpha(o.dimmed ? 90 : 230);
        const double x1 = xForSeconds(o.start), x2 = xForSeconds(o.end);
        p.fillRect(QRectF(x1, height() - kBarHeight, std::max(1.0, x2 - x1), kBarHeight), c);
    }
    if (!m_pyramid.empty()) {
        const double secondsPerPixel = duration() / std::max(1, width());
        const int level = m_pyramid.levelFor(secondsPerPixel);
        const QRect area(0, 0, width(), height() - kBarHeight);
        const double mid = area.height() / 2.0, scale = (mid - 1) / 127.0;
        std::vector<ColumnSpan> spans(static_cast<size_t>(width()));
        for (int x = 0; x < width(); ++x) {
            const auto [mn, mx] =
                m_pyramid.extremes(level, x * secondsPerPixel, (x + 1) * secondsPerPixel);
            spans[size_t(x)] = {int(std::floor(mid - mx * scale)),
                                int(std::floor(mid - mn * scale))};
        }
        QColor ink = pal.text().color();
        ink.setAlpha(170);
        drawEnvelopeColumns(p, area, ink, spans, m_scratch);
    }
    const QRectF window = windowRect();
    if (window.isEmpty())
        return;
    QColor fill = pal.highlight().color();
    fill.setAlpha(50);
    p.fillRect(window, fill);
    p.setPen(QPen(pal.highlight().color(), 1.5));
    p.drawRect(window.adjusted(0.75, 0.75, -0.75, -0.75));
}

void OverviewStrip::requestAt(double x)
{
    const double total = duration();
    if (!(total > 0))
        return;
    const double pointer = std::clamp(secondsForX(x), 0.0, total);
    const double offset = m_grabOffset >= 0 ? m_grabOffset : m_windowSpan / 2;
    const double start = std::clamp(pointer - offset, 0.0, std::max(0.0, total - m_windowSpan));
    emit windowRequested(start);
}

void OverviewStrip::mousePressEvent(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton)
        return;
    const double x = e->position().x();
    // Inside the window: drag it by where it was taken; elsewhere: centre it at the click.
    m_grabOffset = windowRect().contains(e->position()) ? secondsForX(x) - m_windowStart : -1;
    requestAt(x);
    if (m_grabOffset < 0)
        m_grabOffset = m_windowSpan / 2;
}

void OverviewStrip::mouseMoveEvent(QMouseEvent *e)
{
    if (e->buttons() & Qt::LeftButton)
        requestAt(e->position().x());
}

void OverviewStrip::mouseReleaseEvent(QMouseEvent *)
{
    m_grabOffset = -1;
}

} // namespace lemm::ui
