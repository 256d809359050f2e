#include "envelope_image.h"

#include <algorithm>

namespace lemm::ui {

void drawEnvelopeColumns(QPainter &p, const QRect &area, const QColor &color,
                         const std::vector<ColumnSpan> &spans, QImage &scratch)
{
    if (area.isEmpty())
        return;
    if (scratch.size() != area.size() || scratch.format() != QImage::Format_ARGB32_Premultiplied)
        scratch = QImage(area.size(), QImage::Format_ARGB32_Premultiplied);
    scratch.fill(Qt::transparent);
    const QRgb ink = qPremultiply(color.rgba());
    const int columns = std::min(int(spans.size()), area.width());
    const qsizetype stride = scratch.bytesPerLine() / qsizetype(sizeof(QRgb));
    auto *bits = reinterpret_cast<QRgb *>(scratch.bits());
    for (int x = 0; x < columns; ++x) {
        const int top = std::max(0, spans[size_t(x)].top);
        const int bottom = std::min(area.height() - 1, spans[size_t(x)].bottom);
        for (int y = top; y <= bottom; ++y)
            bits[y * stride + x] = ink;
    }
    p.drawImage(area.topLeft(), scratch);
}

} // namespace lemm::ui
