#include "spectrogram_image.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace lemm::ui {

namespace {

double lowestHz(const core::Spectrogram &s)
{
    return std::max(kSpectrogramMinHz, s.hzForBin(1));
}

// Bin ranges [first, last] per row, top row first.
std::vector<std::pair<int, int>> rowBins(const core::Spectrogram &s, int rows)
{
    const double low = lowestHz(s), ratio = s.maxHz / low;
    const double binHz = s.maxHz / std::max(1, s.bins - 1);
    std::vector<std::pair<int, int>> out(static_cast<size_t>(rows));
    for (int r = 0; r < rows; ++r) {
        const double top = low * std::pow(ratio, double(rows - r) / rows);
        const double bottom = low * std::pow(ratio, double(rows - r - 1) / rows);
        const int first = std::clamp(int(std::floor(bottom / binHz)), 0, s.bins - 1);
        const int last = std::clamp(int(std::ceil(top / binHz)), first, s.bins - 1);
        out[size_t(r)] = {first, last};
    }
    return out;
}

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

std::array<QRgb, 256> colorTable(const SpectrogramColors &c)
{
    std::array<QRgb, 256> table{};
    for (int i = 0; i < 256; ++i) {
        const double t = i / 255.0;
        table[size_t(i)] =
            (t < 0.5 ? mix(c.low, c.mid, t * 2) : mix(c.mid, c.high, (t - 0.5) * 2)).rgb();
    }
    return table;
}

// The loudest value of frames [from, to) in `bins` [first, last].
float loudest(const core::Spectrogram &s, int from, int to, std::pair<int, int> bins)
{
    float best = s.floorDb;
    for (int f = from; f < to; ++f)
        for (int b = bins.first; b <= bins.second; ++b) {
            const float v = s.at(f, b);
            if (v > best) // NaN compares false: it never wins
                best = v;
        }
    return best;
}

} // namespace

bool isWellFormed(const core::Spectrogram &s)
{
    return s.frames > 0 && s.bins > 1 && s.secondsPerFrame > 0 && s.maxHz > 0 &&
           std::isfinite(s.startSec) && std::isfinite(s.secondsPerFrame) &&
           std::isfinite(s.maxHz) && s.db.size() == size_t(s.frames) * size_t(s.bins) &&
           s.maxHz > lowestHz(s);
}

double spectrogramRowHz(const core::Spectrogram &s, int row, int rows)
{
    const double low = lowestHz(s);
    return low * std::pow(s.maxHz / low, (rows - row - 0.5) / rows);
}

namespace {

// Loudest dB per (column, row), column after column.
struct LevelGrid {
    int columns = 0, rows = 0;
    std::vector<float> db;
};

LevelGrid baseGrid(const core::Spectrogram &s, int rows)
{
    LevelGrid g;
    g.columns = std::min(s.frames, kSpectrogramMaxColumns);
    g.rows = rows;
    g.db.resize(size_t(g.columns) * size_t(rows));
    const auto bins = rowBins(s, rows);
    for (int c = 0; c < g.columns; ++c) {
        const int from = int(qint64(c) * s.frames / g.columns);
        const int to = std::max(from + 1, int(qint64(c + 1) * s.frames / g.columns));
        for (int r = 0; r < rows; ++r)
            g.db[size_t(c) * size_t(rows) + size_t(r)] = loudest(s, from, to, bins[size_t(r)]);
    }
    return g;
}

LevelGrid halved(const LevelGrid &g)
{
    LevelGrid next;
    next.columns = (g.columns + 1) / 2;
    next.rows = g.rows;
    next.db.resize(size_t(next.columns) * size_t(g.rows));
    for (int c = 0; c < next.columns; ++c) {
        const int a = 2 * c, b = std::min(g.columns - 1, 2 * c + 1);
        for (int r = 0; r < g.rows; ++r)
            next.db[size_t(c) * size_t(g.rows) + size_t(r)] =
                std::max(g.db[size_t(a) * size_t(g.rows) + size_t(r)],
                         g.db[size_t(b) * size_t(g.rows) + size_t(r)]);
    }
    return next;
}

QImage colorize(const LevelGrid &g, const std::array<QRgb, 256> &table, float bottom, float range)
{
    QImage image(g.columns, g.rows, QImage::Format_RGB32);
    for (int r = 0; r < g.rows; ++r) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(r));
        for (int c = 0; c < g.columns; ++c) {
            const float v = g.db[size_t(c) * size_t(g.rows) + size_t(r)];
            line[c] = table[size_t(std::clamp((v - bottom) / range, 0.f, 1.f) * 255.f)];
        }
    }
    return image;
}

} // namespace

QList<QImage> makeSpectrogramLevels(const core::Spectrogram &s, const SpectrogramColors &colors,
                                    int rows)
{
    if (!isWellFormed(s) || rows < 1)
        return {};
    const auto table = colorTable(colors);
    // The level range: the loudest 90 dB above the floor (or whatever the floor leaves).
    const float top = std::isfinite(s.peakDb) ? s.peakDb : 0.f;
    const float bottom = std::max(std::isfinite(s.floorDb) ? s.floorDb : top - 90.f, top - 90.f);
    const float range = std::max(1.f, top - bottom);
    QList<QImage> levels;
    LevelGrid grid = baseGrid(s, rows);
    levels << colorize(grid, table, bottom, range);
    while (grid.columns > kSpectrogramMinColumns) {
        grid = halved(grid);
        levels << colorize(grid, table, bottom, range);
    }
    return levels;
}

QImage makeSpectrogramImage(const core::Spectrogram &s, const SpectrogramColors &colors, int rows)
{
    const QList<QImage> levels = makeSpectrogramLevels(s, colors, rows);
    return levels.isEmpty() ? QImage() : levels.first();
}

} // namespace lemm::ui
