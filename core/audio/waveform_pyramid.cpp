#include "core/audio/waveform_pyramid.h"

#include <algorithm>
#include <cmath>

namespace lemm::core {

namespace {

// Levels stop halving once they are this small: a paint never needs fewer pairs than this.
constexpr size_t kCoarsestPairs = 64;

WaveformPyramid::Level halved(const WaveformPyramid::Level &prev)
{
    WaveformPyramid::Level next;
    next.secondsPerPair = prev.secondsPerPair * 2;
    const size_t count = prev.mins.size();
    const size_t n = (count + 1) / 2;
    next.mins.resize(n);
    next.maxs.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const size_t a = 2 * i, b = std::min(count - 1, 2 * i + 1);
        next.mins[i] = std::min(prev.mins[a], prev.mins[b]);
        next.maxs[i] = std::max(prev.maxs[a], prev.maxs[b]);
    }
    return next;
}

} // namespace

WaveformPyramid::WaveformPyramid(const PeakEnvelope &peaks)
{
    const double secondsPerPair = peaks.secondsPerPeak();
    // A broken envelope (no rate, or min and max of different lengths) keeps its common part.
    const size_t count = std::min(peaks.mins.size(), peaks.maxs.size());
    if (!(secondsPerPair > 0) || !std::isfinite(secondsPerPair) || count == 0)
        return;
    Level base;
    base.mins.assign(peaks.mins.begin(), peaks.mins.begin() + qsizetype(count));
    base.maxs.assign(peaks.maxs.begin(), peaks.maxs.begin() + qsizetype(count));
    base.secondsPerPair = secondsPerPair;
    m_duration = double(count) * secondsPerPair;
    m_levels.push_back(std::move(base));
    while (m_levels.back().mins.size() > kCoarsestPairs)
        m_levels.push_back(halved(m_levels.back()));
}

int WaveformPyramid::levelFor(double secondsPerPixel) const
{
    int index = 0;
    while (index + 1 < levelCount() &&
           m_levels[size_t(index + 1)].secondsPerPair <= secondsPerPixel)
        ++index;
    return index;
}

std::pair<int8_t, int8_t> WaveformPyramid::extremes(int levelIndex, double fromSec,
                                                    double toSec) const
{
    if (levelIndex < 0 || levelIndex >= levelCount() || !(toSec > fromSec))
        return {0, 0};
    const Level &lv = m_levels[size_t(levelIndex)];
    const double a = std::floor(std::max(0.0, fromSec) / lv.secondsPerPair);
    const double b = std::ceil(std::min(m_duration, toSec) / lv.secondsPerPair);
    if (!(b > a))
        return {0, 0};
    const size_t from = size_t(std::min(a, double(lv.size())));
    const size_t to = size_t(std::min(b, double(lv.size())));
    if (to <= from)
        return {0, 0};
    const auto mn =
        std::min_element(lv.mins.begin() + qsizetype(from), lv.mins.begin() + qsizetype(to));
    const auto mx =
        std::max_element(lv.maxs.begin() + qsizetype(from), lv.maxs.begin() + qsizetype(to));
    return {*mn, *mx};
}

} // namespace lemm::core
