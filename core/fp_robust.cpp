#include "fp_robust.h"

#include "spectral.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>
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

struct RobustFingerprinter::Impl {
    std::vector<std::vector<float>> spec; // log power, bins lo..hi
    qint64 samples = 0;
    const int lo = std::max(1, kMinBin - kMeanDf);
    const int hi = std::min(kBins - 2, kMaxBin + kMeanDf);
    StftAnalyzer stft{kFftSize, kHop, [this](const float *power, int) {
                          std::vector<float> col(size_t(hi - lo + 1));
                          for (int k = lo; k <= hi; ++k)
                              col[size_t(k - lo)] = std::log(power[k] + 1e-9f);
                          spec.push_back(std::move(col));
                      }};

    std::vector<SpectralPeak> peaks() const
    {
        const int T = int(spec.size());
        const int B = hi - lo + 1;
        if (T == 0)
            return {};
        // Summed-area table for the local means.
        std::vector<double> sat(size_t(T + 1) * size_t(B + 1), 0.0);
        auto S = [&](int t, int b) -> double & {
            return sat[size_t(t) * size_t(B + 1) + size_t(b)];
        };
        for (int t = 0; t < T; ++t)
            for (int b = 0; b < B; ++b)
                S(t + 1, b + 1) = spec[size_t(t)][size_t(b)] + S(t, b + 1) + S(t + 1, b) - S(t, b);
        auto mean = [&](int t, int b) {
            const int t0 = std::max(0, t - kMeanDt), t1 = std::min(T - 1, t + kMeanDt);
            const int b0 = std::max(0, b - kMeanDf), b1 = std::min(B - 1, b + kMeanDf);
            const double sum = S(t1 + 1, b1 + 1) - S(t0, b1 + 1) - S(t1 + 1, b0) + S(t0, b0);
            return float(sum / double((t1 - t0 + 1) * (b1 - b0 + 1)));
        };
        std::vector<SpectralPeak> cands;
        for (int t = 0; t < T; ++t) {
            const auto &col = spec[size_t(t)];
            for (int k = kMinBin; k <= kMaxBin; ++k) {
                const int b = k - lo;
                const float v = col[size_t(b)];
                bool isMax = true;
                for (int dt = -kPeakDt; dt <= kPeakDt && isMax; ++dt) {
                    const int tt = t + dt;
                    if (tt < 0 || tt >= T)
                        continue;
                    for (int df = -kPeakDf; df <= kPeakDf; ++df) {
                        if ((dt || df) && spec[size_t(tt)][size_t(b + df)] >= v) {
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
                cands.push_back({uint32_t(t), float(12.0 * std::log2(hz / kMinHz)), prom});
            }
        }
        // Keep the most prominent peaks of each second.
        const int perBlock = kPeaksPerSecond;
        const int blockFrames = int(std::lround(1.0 / kHopSeconds));
        std::vector<SpectralPeak> kept;
        size_t i = 0;
        while (i < cands.size()) {
            const uint32_t block = cands[i].frame / uint32_t(blockFrames);
            size_t j = i;
            while (j < cands.size() && cands[j].frame / uint32_t(blockFrames) == block)
                ++j;
            std::vector<SpectralPeak> blk(cands.begin() + long(i), cands.begin() + long(j));
            std::sort(blk.begin(), blk.end(),
                      [](const auto &x, const auto &y) { return x.prominence > y.prominence; });
            if (int(blk.size()) > perBlock)
                blk.resize(size_t(perBlock));
            kept.insert(kept.end(), blk.begin(), blk.end());
            i = j;
        }
        std::sort(kept.begin(), kept.end(), [](const auto &x, const auto &y) {
            return x.frame != y.frame ? x.frame < y.frame : x.semitone < y.semitone;
        });
        return kept;
    }
};

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
    fp.peaks = d->peaks();
    const auto &P = fp.peaks;
    const uint32_t minSpan = uint32_t(std::ceil(kMinSpanSec / kHopSeconds));
    const uint32_t maxSpan = uint32_t(std::floor(kMaxSpanSec / kHopSeconds));
    for (size_t i = 0; i < P.size(); ++i) {
        // The next peaks in time within reach of the anchor.
        std::vector<size_t> next;
        for (size_t j = i + 1; j < P.size() && next.size() < size_t(kFanOut); ++j) {
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
                fp.triplets.push_back(t);
            }
    }
    return fp;
}

RobustFingerprint robustFingerprint(const std::vector<float> &mono8k)
{
    RobustFingerprinter fp;
    fp.feed(mono8k.data(), int(mono8k.size()));
    return fp.finish();
}

} // namespace lemm::core
