#pragma once
// fp_robust (spec §3.2): our landmark fingerprint, built to survive re-encoding, EQ, noise,
// cropping and also time-stretch and pitch-shift.
//
// Method. Mono audio at 8 kHz; STFT (1024-point Hann window, hop 256 = 32 ms); spectral peaks
// between 250 Hz and 3.8 kHz that are local maxima of the log spectrum and stand out from
// their neighbourhood (prominence, which EQ barely changes), at most kPeaksPerSecond per
// second. Peak frequencies are refined by parabolic interpolation and expressed in semitones,
// so a pitch shift moves every peak by the same amount. Each peak (anchor) forms triplets
// with pairs of the next peaks in time. A triplet's hash uses only quantities that neither a
// time-stretch nor a pitch-shift changes:
//   - the time ratio r = (t2 - t1) / (t3 - t1), 16 levels;
//   - the intervals f2 - f1 and f3 - f2 in half semitones, 49 levels each (±12 semitones);
//   - the coarse logarithm of the span t3 - t1 (bins of 0.15 in ln), which a stretch of up to
//     ±15 % moves by at most one bin; queries probe the neighbouring bins.
// Matching votes, per candidate track, on a time factor (25 hypotheses over ±16 %) and an
// offset; the pitch factor is the median frequency shift of the agreeing triplets.
// This follows the published idea of ratio-invariant triplet hashing (Panako); the code is
// ours.
//
// A streaming consumer stage: feed() mono float PCM at kRate in blocks, then finish().

#include "core/base/result.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace lemm::core {

struct SpectralPeak {
    uint32_t frame = 0;   // STFT frame index (kHopSeconds each)
    float semitone = 0;   // 12 * log2(f / kMinHz)
    float prominence = 0; // log-magnitude above the local mean
};

struct Triplet {
    uint32_t key = 0;  // invariant hash, < kKeySpace
    uint32_t t1 = 0;   // frame of the first peak
    uint16_t span = 0; // frames from the first to the third peak
    uint16_t f1 = 0;   // first peak's pitch in 1/16 semitone above kMinHz
    // Fractional positions of r, the two intervals and the log-span inside their
    // quantisation cells (0..1), used by queries to probe neighbouring cells.
    float rFrac = 0.5f, d12Frac = 0.5f, d23Frac = 0.5f;
};

struct RobustFingerprint {
    std::vector<SpectralPeak> peaks;
    // Up to kDensePeaksPerSecond of the most prominent candidates per second, in (frame,
    // semitone) order: a reference's quieter peaks survive here when other music covers them
    // (verification looks the reference's peaks up among these). Not stored.
    std::vector<SpectralPeak> densePeaks;
    std::vector<Triplet> triplets;
    double durationSec = 0;
};

namespace robust {
constexpr int kRate = 8000;
constexpr int kFftSize = 1024;
constexpr int kHop = 256;
constexpr double kHopSeconds = double(kHop) / kRate;
constexpr double kMinHz = 250.0;
constexpr double kMaxHz = 3800.0;
constexpr int kPeaksPerSecond = 12;
constexpr int kDensePeaksPerSecond = 48;
constexpr int kRatioLevels = 16;
constexpr int kIntervalRange = 24;    // interval levels either way (half semitones: ±12 semitones)
constexpr double kIntervalStep = 0.5; // semitones per interval level
constexpr int kIntervalLevels = 2 * kIntervalRange + 1;
constexpr double kMinSpanSec = 0.3;
constexpr double kMaxSpanSec = 1.2;
constexpr double kSpanBinLn = 0.15;
constexpr int kSpanLevels = 10;
constexpr uint32_t kKeySpace =
    uint32_t(kRatioLevels) * kIntervalLevels * kIntervalLevels * kSpanLevels;

uint32_t makeKey(int ratioLevel, int interval12, int interval23, int spanLevel);
// The keys a query triplet must look up: its own cell, the neighbouring span bins, and the
// neighbouring ratio/interval cells when it lies near a cell boundary.
std::vector<uint32_t> probeKeys(const Triplet &t);
// The triplets of a peak list (time order): each peak with pairs of its next `fanOut` peaks.
std::vector<Triplet> tripletsOf(const std::vector<SpectralPeak> &peaks, int fanOut);
// The `perSecond` most prominent of `peaks` in each second, in time order.
std::vector<SpectralPeak> strongestPerSecond(const std::vector<SpectralPeak> &peaks, int perSecond);
} // namespace robust

class RobustFingerprinter
{
public:
    RobustFingerprinter();
    ~RobustFingerprinter();
    RobustFingerprinter(const RobustFingerprinter &) = delete;
    RobustFingerprinter &operator=(const RobustFingerprinter &) = delete;

    void feed(const float *mono, int frames);
    RobustFingerprint finish();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// Convenience for tests and tools: fingerprint a whole mono buffer at robust::kRate.
RobustFingerprint robustFingerprint(const std::vector<float> &mono8k);

} // namespace lemm::core
