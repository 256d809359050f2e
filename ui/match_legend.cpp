#include "match_legend.h"

#include <QEvent>
#include <QLinearGradient>
#include <QPainter>

namespace lemm::ui {

namespace {

constexpr int kSwatch = 12, kSpacing = 14, kScaleWidth = 60;

} // namespace

MatchLegend::MatchLegend(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("Legend"));
    m_entries = defaultEntries(palette().base().color().lightness() < 128);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

QList<LegendEntry> MatchLegend::defaultEntries(bool dark)
{
    return {{overlayColor(OverlayKind::Vault, dark), tr("vault match")},
            {overlayColor(OverlayKind::ExternalCatalog, dark), tr("external catalog")},
            {overlayColor(OverlayKind::Other, dark), tr("other source")},
            {overlayColor(OverlayKind::Vault, dark), tr("candidate, not a match"), true}};
}

void MatchLegend::setEntries(const QList<LegendEntry> &entries)
{
    m_entries = entries;
    m_custom = true;
    updateGeometry();
    update();
}

void MatchLegend::setScaleShown(bool shown)
{
    m_scaleShown = shown;
    updateGeometry();
    update();
}

QSize MatchLegend::sizeHint() const
{
    const QFontMetrics fm(font());
    int w = 0;
    for (const LegendEntry &e : m_entries)
        w += kSwatch + 4 + fm.horizontalAdvance(e.text) + kSpacing;
    if (m_scaleShown)
        w += fm.horizontalAdvance(tr("score")) + 4 + kScaleWidth + 4 +
             fm.horizontalAdvance(QStringLiteral("1")) * 2 + 8;
    return {w, std::max(kSwatch, fm.height()) + 6};
}

void MatchLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QFontMetrics fm(font());
    const int cy = height() / 2;
    int x = 2;
    for (const LegendEntry &e : m_entries) {
        QColor fill = e.color;
        fill.setAlpha(e.dimmed ? 60 : 200);
        const QRect swatch(x, cy - kSwatch / 2, kSwatch, kSwatch);
        p.fillRect(swatch, fill);
        p.setPen(QPen(e.color, 1, e.dimmed ? Qt::DashLine : Qt::SolidLine));
        p.drawRect(swatch.adjusted(0, 0, -1, -1));
        x += kSwatch + 4;
        p.setPen(palette().windowText().color());
        const int w = fm.horizontalAdvance(e.text);
        p.drawText(QRect(x, 0, w + 2, height()), Qt::AlignVCenter | Qt::AlignLeft, e.text);
        x += w + kSpacing;
    }
    if (!m_scaleShown)
        return;
    const QString caption = tr("score");
    p.drawText(QRect(x, 0, fm.horizontalAdvance(caption) + 2, height()), Qt::AlignVCenter, caption);
    x += fm.horizontalAdvance(caption) + 4;
    p.drawText(QRect(x, 0, fm.horizontalAdvance(QStringLiteral("0")) + 2, height()),
               Qt::AlignVCenter, QStringLiteral("0"));
    x += fm.horizontalAdvance(QStringLiteral("0")) + 3;
    QColor weak = overlayColor(OverlayKind::Vault, palette().base().color().lightness() < 128);
    QColor strong = weak;
    weak.setAlpha(40);
    strong.setAlpha(100);
    QLinearGradient ramp(x, 0, x + kScaleWidth, 0);
    ramp.setColorAt(0, weak);
    ramp.setColorAt(1, strong);
    p.fillRect(QRect(x, cy - kSwatch / 2, kScaleWidth, kSwatch), ramp);
    x += kScaleWidth + 3;
    p.drawText(QRect(x, 0, fm.horizontalAdvance(QStringLiteral("1")) + 2, height()),
               Qt::AlignVCenter, QStringLiteral("1"));
}

bool MatchLegend::event(QEvent *e)
{
    if (e->type() == QEvent::PaletteChange && !m_custom)
        m_entries = defaultEntries(palette().base().color().lightness() < 128);
    return QWidget::event(e);
}

} // namespace lemm::ui
