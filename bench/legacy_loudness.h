#pragma once
// The hand-written BS.1770-4 meter that core/audio/loudness.cpp carried before issue 16 moved it
// onto libebur128, kept here only so that dsp_compare can measure the two side by side.

#include "core/audio/audio_decoder.h"
#include "core/base/result.h"

#include <cmath>
#include <vector>

namespace lemm::legacy {

using lemm::core::Error;
using lemm::core::ErrorKind;
using lemm::core::kMaxSampleRate;
using lemm::core::Result;

struct BiquadCoefficients {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};
struct KWeighting {
    BiquadCoefficients shelf;
    BiquadCoefficients highPass;
};
KWeighting kWeightingFor(int sampleRate);

namespace {

constexpr double kBlockSec = 0.4;         // gating block
constexpr int kStepsPerBlock = 4;         // 75 % overlap: a new block every 100 ms
constexpr double kAbsoluteGateLufs = -70; // blocks below never count
constexpr double kRelativeGateLu = -10;   // below the mean of the absolute-gated blocks
constexpr double kOffsetDb = -0.691;      // makes the K-weighted 997 Hz sine read its RMS level
constexpr int kMinSampleRate = 4000;

// An analog second-order section normalised to its corner frequency ω0:
// H(s) = (n2 s² + n1 s + n0) / (s² + s / q + 1).
struct AnalogPrototype {
    double n2, n1, n0, q;
};

// Bilinear transform with the corner pre-warped to f0: s = (1 / K) (1 − z⁻¹) / (1 + z⁻¹),
// K = tan(π f0 / fs). With `normaliseNumerator` false the numerator keeps the scale the
// standard publishes for its high-pass (b = 1, −2, 1).
BiquadCoefficients bilinear(const AnalogPrototype &p, double f0, double fs, bool normaliseNumerator)
{
    const double k = std::tan(M_PI * f0 / fs);
    const double a0 = 1 + k / p.q + k * k;
    const double n = normaliseNumerator ? a0 : 1;
    BiquadCoefficients c;
    c.b0 = (p.n2 + p.n1 * k + p.n0 * k * k) / n;
    c.b1 = 2 * (p.n0 * k * k - p.n2) / n;
    c.b2 = (p.n2 - p.n1 * k + p.n0 * k * k) / n;
    c.a1 = 2 * (k * k - 1) / a0;
    c.a2 = (1 - k / p.q + k * k) / a0;
    return c;
}

struct BiquadState {
    BiquadCoefficients c;
    double z1 = 0, z2 = 0;
    double run(double x) // transposed direct form II
    {
        const double y = c.b0 * x + z1;
        z1 = c.b1 * x - c.a1 * y + z2;
        z2 = c.b2 * x - c.a2 * y;
        return y;
    }
};

// Sums of the K-weighted squares over consecutive 100 ms steps (the last partial step dropped).
std::vector<double> stepEnergies(const float *mono, qsizetype frames, int sampleRate,
                                 qsizetype step)
{
    const KWeighting kw = kWeightingFor(sampleRate);
    BiquadState shelf{kw.shelf}, highPass{kw.highPass};
    std::vector<double> steps(size_t(frames / step), 0.0);
    for (size_t s = 0; s < steps.size(); ++s) {
        double sum = 0;
        const float *x = mono + qsizetype(s) * step;
        for (qsizetype i = 0; i < step; ++i) {
            const double in = std::isfinite(x[i]) ? double(x[i]) : 0.0;
            const double y = highPass.run(shelf.run(in));
            sum += y * y;
        }
        steps[s] = sum;
    }
    return steps;
}

double blockLoudness(double meanSquare)
{
    return meanSquare > 0 ? kOffsetDb + 10 * std::log10(meanSquare) : -HUGE_VAL;
}

} // namespace

inline KWeighting kWeightingFor(int sampleRate)
{
    // The head's shelf: +4.0 dB (Vh), the bandwidth term scaled by Vb = Vh^0.49967; the RLB
    // curve a second-order Butterworth-like high-pass. Corner frequencies and q fitted so that
    // the bilinear transform at 48 kHz gives the coefficients printed in BS.1770-4, Table 1/2.
    const double vh = std::pow(10.0, 3.999843853973347 / 20.0);
    const double vb = std::pow(vh, 0.4996667741545416);
    const double qs = 0.7071752369554196;
    const AnalogPrototype shelf{vh, vb / qs, 1, qs};
    const AnalogPrototype highPass{1, 0, 0, 0.5003270373238773};
    return {bilinear(shelf, 1681.974450955533, sampleRate, true),
            bilinear(highPass, 38.13547087602444, sampleRate, false)};
}

inline Result<double> integratedLoudness(const float *mono, qsizetype frames, int sampleRate)
{
    if (sampleRate < kMinSampleRate || sampleRate > kMaxSampleRate)
        return Error::make(
            ErrorKind::InvalidInput, QStringLiteral("bad_sample_rate"),
            QStringLiteral("The sample rate %1 Hz is not supported for loudness.").arg(sampleRate));
    const qsizetype step = qsizetype(std::lround(kBlockSec * sampleRate / kStepsPerBlock));
    if (!mono || frames < step * kStepsPerBlock)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("too_short"),
                           QStringLiteral("Loudness needs at least 400 ms of audio."));
    const std::vector<double> steps = stepEnergies(mono, frames, sampleRate, step);
    std::vector<double> blocks; // mean squares of the blocks above the absolute gate
    blocks.reserve(steps.size());
    const double blockFrames = double(step * kStepsPerBlock);
    for (size_t s = 0; s + kStepsPerBlock <= steps.size(); ++s) {
        const double z = (steps[s] + steps[s + 1] + steps[s + 2] + steps[s + 3]) / blockFrames;
        if (blockLoudness(z) > kAbsoluteGateLufs)
            blocks.push_back(z);
    }
    if (blocks.empty())
        return Error::make(ErrorKind::Unprocessable, QStringLiteral("silent"),
                           QStringLiteral("The audio is silent (below −70 LUFS throughout)."));
    double sum = 0;
    for (double z : blocks)
        sum += z;
    const double relativeGate = blockLoudness(sum / double(blocks.size())) + kRelativeGateLu;
    double gated = 0;
    qsizetype count = 0;
    for (double z : blocks) {
        if (blockLoudness(z) > relativeGate) {
            gated += z;
            ++count;
        }
    }
    return blockLoudness(gated / double(count));
}

} // namespace lemm::legacy
