#pragma once
// The min/max pyramid a waveform view paints from: level 0 is the peak envelope itself, each
// further level halves the resolution by taking the extremes of two pairs, so a paint reads
// about one pair per pixel column whatever the zoom and the track length. Built once per
// envelope (O(n) time, < 2n memory). Plain value, any thread.

#include "core/audio/review_audio.h"

#include <vector>

namespace lemm::core {

class WaveformPyramid
{
public:
    struct Level {
        std::vector<int8_t> mins, maxs;
        double secondsPerPair = 0;
        int size() const { return int(mins.size()); }
    };

    WaveformPyramid() = default;
    explicit WaveformPyramid(const PeakEnvelope &peaks);

    bool empty() const { return m_levels.empty(); }
    double durationSec() const { return m_duration; }
    int levelCount() const { return int(m_levels.size()); }
    const Level &level(int index) const { return m_levels[size_t(index)]; }
    // The coarsest level that still has at least one pair per `secondsPerPixel` (0 = finest).
    int levelFor(double secondsPerPixel) const;
    // Min and max over [fromSec, toSec) at `levelIndex`; {0, 0} outside the track.
    std::pair<int8_t, int8_t> extremes(int levelIndex, double fromSec, double toSec) const;

private:
    std::vector<Level> m_levels;
    double m_duration = 0;
};

} // namespace lemm::core
