#pragma once
// Programme loudness after ITU-R BS.1770-4 (EBU R 128): K-weighting (the two-stage pre-filter
// designed for the clip's own sample rate), mean square over 400 ms blocks overlapping by 75 %,
// an absolute gate at −70 LUFS and a relative gate 10 LU below the ungated mean. Mono input, so
// a full-scale 997 Hz sine reads −3.01 LUFS. Pure functions, any thread.

#include "core/audio/pcm_clip.h"
#include "core/base/result.h"

namespace lemm::core {

// Integrated loudness in LUFS. Errors: "too_short" (less than one 400 ms block), "silent" (every
// block below the absolute gate), "bad_sample_rate" (outside 4 kHz..kMaxSampleRate). Samples
// that are not finite count as silence.
Result<double> integratedLoudness(const float *mono, qsizetype frames, int sampleRate);
Result<double> integratedLoudness(const PcmClip &clip);

// The gain in dB (equal to LU) that brings a programme at `fromLufs` to `toLufs`.
constexpr double loudnessMatchGainDb(double fromLufs, double toLufs)
{
    return toLufs - fromLufs;
}

// Linear factor for a gain in dB.
double dbToGain(double db);

// One second-order section, y = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²) x.
struct BiquadCoefficients {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};
struct KWeighting {
    BiquadCoefficients shelf;    // stage 1: the head's high shelf (+4 dB above ~1.7 kHz)
    BiquadCoefficients highPass; // stage 2: the RLB high-pass (~38 Hz)
};
// The BS.1770 pre-filter for `sampleRate`, by bilinear transform of its analog prototypes (at
// 48 kHz the standard's published coefficients). The rate must be above 3.4 kHz.
KWeighting kWeightingFor(int sampleRate);

} // namespace lemm::core
