#include "core/similarity/fp_robust.h"

#include "core/audio/spectral.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>

namespace lemm::core {

namespace robust {

uint32_t makeKey(int ratioLevel, int interval12, int interval23, int spanLevel)
{
    return ((uint32_t(ratioLevel) * kIntervalLevels + uint32_t(interval12 + kIntervalRange)) *
                kIntervalLevels +
            uint32_t(interval23 + kIntervalRange)) *
               kSpanLevels +
           uint32_t(spanLevel);
}

namespace {
struct Cells {
    int r, d12, d23, span;
};

Cells cellsOf(uint32_t key)
{
    Cells c;
    c.span = int(key % kSpanLevels);
    key /= kSpanLevels;
    c.d23 = int(key % kIntervalLevels) - kIntervalRange;
    key /= kIntervalLevels;
    c.d12 = int(key % kIntervalLevels) - kIntervalRange;
    c.r = int(key / kIntervalLevels);
    return c;
}

// The cell itself and, within `margin` of a boundary, the neighbour on that side.
std::vector<int> around(int cell, float frac, int lo, int hi, float margin = 0.2f)
{
    std::vector<int> out{cell};
    if (frac < margin && cell - 1 >= lo)
        out.push_back(cell - 1);
    if (frac > 1.0f - margin && cell + 1 <= hi)
        out.push_back(cell + 1);
    return out;
}
} // namespace

std::vector<uint32_t> probeKeys(const Triplet &t)
{
    const Cells c = cellsOf(t.key);
    std::vector<uint32_t> keys;
    for (int r : around(c.r, t.rFrac, 0, kRatioLevels - 1))
        for (int a : around(c.d12, t.d12Frac, -kIntervalRange, kIntervalRange))
            for (int b : around(c.d23, t.d23Frac, -kIntervalRange, kIntervalRange))
                for (int s = std::max(0, c.span - 1); s <= std::min(kSpanLevels - 1, c.span + 1);
                     ++s)
                    keys.push_back(makeKey(r, a, b, s));
    return keys;
}

} // namespace robust

using namespace robust;

namespace {

constexpr int kBins = kFftSize / 2 + 1;
const int kMinBin = int(std::floor(kMinHz * kFftSize / kRate));
const int kMaxBin = int(std::ceil(kMaxHz * kFftSize / kRate));

// Local-maximum neighbourhood and the window of the local mean for prominence.
constexpr int kPeakDt = 2, kPeakDf = 4;
constexpr int kMeanDt = 8, kMeanDf = 24;
constexpr float kMinProminence = 1.0f; // natural-log units (~4.3 dB)
constexpr int kFanOut = 4;

} // namespace

// Peak picking streams: a frame is judged once the frames its neighbourhoods reach have
// arrived (kMeanDt later), so only a window of log spectra and of summed-area-table rows is
// held, never the whole spectrogram. The summed-area table is built row by row with the same
// arithmetic as a whole-track table would be, so peaks and prominences are bit-identical to
// a whole-track computation; only which rows are held differs.
struct RobustFingerprinter::Impl {
    qint64 samples = 0;
    const int lo = std::max(1, kMinBin - kMeanDf);
    const int hi = std::min(kBins - 2, kMaxBin + kMeanDf);
    const int B = hi - lo + 1;
    const uint32_t blockFrames = uint32_t(std::lround(1.0 / kHopSeconds));

    // Log power rows [specFirst, specFirst + spec.size()), bins lo..hi.
    std::deque<std::vector<float>> spec;
    long specFirst = 0;
    // Summed-area rows [satFirst, satFirst + sat.size()); row r sums spectrum rows < r.
    std::deque<std::vector<double>> sat{std::vector<double>(size_t(B + 1), 0.0)};
    long satFirst = 0;
    long rows = 0; // spectrum rows seen
    long next = 0; // next frame to judge

    std::vector<SpectralPeak> block; // candidates of the current second, in frame order
    uint32_t blockIndex = 0;
    std::vector<SpectralPeak> kept;  // the most prominent peaks of each finished second
    std::vector<SpectralPeak> dense; // the same, kDensePeaksPerSecond of them

    StftAnalyzer stft{kFftSize, kHop, [this](const float *power, int) { onFrame(power); }};

    const std::vector<float> &specRow(long t) const { return spec[size_t(t - specFirst)]; }
    const std::vector<double> &satRow(long r) const { return sat[size_t(r - satFirst)]; }

    void onFrame(const float *power)
    {
        std::vector<float> col(static_cast<size_t>(B));
        for (int k = lo; k <= hi; ++k)
            col[size_t(k - lo)] = std::log(power[k] + 1e-9f);
        const std::vector<double> &prev = sat.back();
        std::vector<double> row(static_cast<size_t>(B + 1), 0.0);
        for (int b = 0; b < B; ++b)
            row[size_t(b + 1)] =
                col[size_t(b)] + prev[size_t(b + 1)] + row[size_t(b)] - prev[size_t(b)];
        sat.push_back(std::move(row));
        spec.push_back(std::move(col));
        ++rows;
        // Frame t needs spectrum rows up to t + kMeanDt (and t + kPeakDt).
        while (next + kMeanDt < rows)
            judge(next++, -1);
        trim();
    }

    // Drops rows no frame from `next` on will look at.
    void trim()
    {
        while (specFirst < next - kPeakDt) {
            spec.pop_front();
            ++specFirst;
        }
        while (satFirst < next - kMeanDt) {
            sat.pop_front();
            ++satFirst;
        }
    }

    // Judges frame t; T is the number of frames when the end is known, else -1 (then every
    // frame t's neighbourhood lies inside what has arrived).
    void judge(long t, long T)
    {
        const long last = T < 0 ? rows - 1 : T - 1;
        auto mean = [&](long tt, int b) {
            const long t0 = std::max(0l, tt - kMeanDt), t1 = std::min(last, tt + kMeanDt);
            const int b0 = std::max(0, b - kMeanDf), b1 = std::min(B - 1, b + kMeanDf);
            const auto &top = satRow(t1 + 1), &bottom = satRow(t0);
            const double sum =
                top[size_t(b1 + 1)] - bottom[size_t(b1 + 1)] - top[size_t(b0)] + bottom[size_t(b0)];
            return float(sum / double((t1 - t0 + 1) * (b1 - b0 + 1)));
        };
        const auto &col = specRow(t);
        for (int k = kMinBin; k <= kMaxBin; ++k) {
            const int b = k - lo;
            const float v = col[size_t(b)];
            bool isMax = true;
            for (int dt = -kPeakDt; dt <= kPeakDt && isMax; ++dt) {
                const long tt = t + dt;
                if (tt < 0 || tt > last)
                    continue;
                const auto &other = specRow(tt);
                for (int df = -kPeakDf; df <= kPeakDf; ++df) {
                    if ((dt || df) && other[size_t(b + df)] >= v) {
                        isMax = false;
                        break;
                    }
                }
            }
            if (!isMax)
                continue;
            const float prom = v - mean(t, b);
            if (prom < kMinProminence)
                continue;
            // Parabolic interpolation of the peak's bin.
            const float a = col[size_t(b - 1)], c = col[size_t(b + 1)];
            const float den = a - 2 * v + c;
            const float delta = den < 0 ? std::clamp(0.5f * (a - c) / den, -0.5f, 0.5f) : 0.0f;
            const double hz = (k + delta) * double(kRate) / kFftSize;
            addCandidate({uint32_t(t), float(12.0 * std::log2(hz / kMinHz)), prom});
        }
    }

    void addCandidate(const SpectralPeak &p)
    {
        if (p.frame / blockFrames != blockIndex)
            closeBlock();
        blockIndex = p.frame / blockFrames;
        block.push_back(p);
    }

    // Keeps the most prominent peaks of the second that just ended.
    void closeBlock()
    {
        std::sort(block.begin(), block.end(),
                  [](const auto &x, const auto &y) { return x.prominence > y.prominence; });
        dense.insert(dense.end(), block.begin(),
                     block.begin() + std::min<long>(long(block.size()), kDensePeaksPerSecond));
        if (int(block.size()) > kPeaksPerSecond)
            block.resize(size_t(kPeaksPerSecond));
        kept.insert(kept.end(), block.begin(), block.end());
        block.clear();
    }

    std::vector<SpectralPeak> finishPeaks()
    {
        while (next < rows)
            judge(next++, rows);
        if (!block.empty())
            closeBlock();
        // Peaks of one frame are at least kPeakDf bins apart, so (frame, semitone) orders
        // them totally.
        const auto byTime = [](const auto &x, const auto &y) {
            return x.frame != y.frame ? x.frame < y.frame : x.semitone < y.semitone;
        };
        std::sort(kept.begin(), kept.end(), byTime);
        std::sort(dense.begin(), dense.end(), byTime);
        return std::move(kept);
    }
};

namespace robust {

std::vector<Triplet> tripletsOf(const std::vector<SpectralPeak> &P, int fanOut)
{
    std::vector<Triplet> out;
    const uint32_t minSpan = uint32_t(std::ceil(kMinSpanSec / kHopSeconds));
    const uint32_t maxSpan = uint32_t(std::floor(kMaxSpanSec / kHopSeconds));
    for (size_t i = 0; i < P.size(); ++i) {
        // The next peaks in time within reach of the anchor.
        std::vector<size_t> next;
        for (size_t j = i + 1; j < P.size() && next.size() < size_t(fanOut); ++j) {
            const uint32_t dt = P[j].frame - P[i].frame;
            if (dt == 0)
                continue;
            if (dt > maxSpan)
                break;
            if (std::abs(P[j].semitone - P[i].semitone) <= kIntervalRange * kIntervalStep)
                next.push_back(j);
        }
        for (size_t a = 0; a < next.size(); ++a)
            for (size_t b = a + 1; b < next.size(); ++b) {
                const SpectralPeak &p1 = P[i], &p2 = P[next[a]], &p3 = P[next[b]];
                const uint32_t span = p3.frame - p1.frame;
                if (span < minSpan || p3.frame == p2.frame)
                    continue;
                const double r = double(p2.frame - p1.frame) / span;
                const double d12 = (p2.semitone - p1.semitone) / kIntervalStep;
                const double d23 = (p3.semitone - p2.semitone) / kIntervalStep;
                if (std::abs(d23) > kIntervalRange + 0.49)
                    continue;
                const double rq = r * kRatioLevels;
                const int rl = std::clamp(int(rq), 0, kRatioLevels - 1);
                const int q12 = std::clamp(int(std::lround(d12)), -kIntervalRange, kIntervalRange);
                const int q23 = std::clamp(int(std::lround(d23)), -kIntervalRange, kIntervalRange);
                const double sq = std::log(span * kHopSeconds / kMinSpanSec) / kSpanBinLn;
                const int sl = std::clamp(int(sq), 0, kSpanLevels - 1);
                Triplet t;
                t.key = makeKey(rl, q12, q23, sl);
                t.t1 = p1.frame;
                t.span = uint16_t(span);
                t.f1 = uint16_t(std::clamp(std::lround(p1.semitone * 16.0), 0l, 65535l));
                t.rFrac = float(rq - std::floor(rq));
                t.d12Frac = float(d12 - std::floor(d12 + 0.5) + 0.5);
                t.d23Frac = float(d23 - std::floor(d23 + 0.5) + 0.5);
                out.push_back(t);
            }
    }
    return out;
}

std::vector<SpectralPeak> strongestPerSecond(const std::vector<SpectralPeak> &peaks, int perSecond)
{
    const uint32_t blockFrames = uint32_t(std::lround(1.0 / kHopSeconds));
    std::vector<SpectralPeak> out, block;
    auto close = [&] {
        std::sort(block.begin(), block.end(),
                  [](const auto &x, const auto &y) { return x.prominence > y.prominence; });
        if (int(block.size()) > perSecond)
            block.resize(size_t(perSecond));
        out.insert(out.end(), block.begin(), block.end());
        block.clear();
    };
    uint32_t current = 0;
    for (const SpectralPeak &p : peaks) {
        if (p.frame / blockFrames != current)
            close();
        current = p.frame / blockFrames;
        block.push_back(p);
    }
    close();
    std::sort(out.begin(), out.end(), [](const auto &x, const auto &y) {
        return x.frame != y.frame ? x.frame < y.frame : x.semitone < y.semitone;
    });
    return out;
}

} // namespace robust

RobustFingerprinter::RobustFingerprinter() : d(std::make_unique<Impl>()) {}
RobustFingerprinter::~RobustFingerprinter() = default;

void RobustFingerprinter::feed(const float *mono, int frames)
{
    if (frames <= 0)
        return;
    d->samples += frames;
    d->stft.feed(mono, frames);
}

RobustFingerprint RobustFingerprinter::finish()
{
    RobustFingerprint fp;
    fp.durationSec = double(d->samples) / kRate;
    fp.peaks = d->finishPeaks();
    fp.densePeaks = std::move(d->dense);
    fp.triplets = robust::tripletsOf(fp.peaks, kFanOut);
    return fp;
}

RobustFingerprint robustFingerprint(const std::vector<float> &mono8k)
{
    RobustFingerprinter fp;
    fp.feed(mono8k.data(), int(mono8k.size()));
    return fp.finish();
}

} // namespace lemm::core
