#pragma once
// Programme loudness after ITU-R BS.1770-4 / EBU R 128, measured by libebur128 (Debian's
// libebur128): K-weighting for the clip's own sample rate, 400 ms blocks every 100 ms, an
// absolute gate at −70 LUFS and a relative gate 10 LU below. Mono input, so a full-scale 997 Hz
// sine reads −3.01 LUFS. Besides the integrated loudness: the true peak (4× oversampled below
// 96 kHz, in dBTP) and the loudness range (EBU Tech 3342, LU). Pure functions, any thread.

#include "core/audio/pcm_clip.h"
#include "core/base/result.h"

namespace lemm::core {

// One programme's loudness figures.
struct LoudnessReading {
    double integratedLufs = 0; // gated programme loudness
    double truePeakDbtp = 0;   // inter-sample peak; −inf when every sample is zero
    double samplePeakDbfs = 0; // largest |sample|; −inf when every sample is zero
    double rangeLu = 0;        // loudness range (short-term distribution 10th..95th percentile)
};

// Integrated loudness in LUFS. Errors: "too_short" (less than one 400 ms block), "silent" (every
// block below the absolute gate), "bad_sample_rate" (outside 4 kHz..kMaxSampleRate). Samples
// that are not finite count as silence. Cheaper than measureLoudness (no oversampling).
Result<double> integratedLoudness(const float *mono, qsizetype frames, int sampleRate);
Result<double> integratedLoudness(const PcmClip &clip);

// Integrated loudness, true peak, sample peak and loudness range; the same errors.
Result<LoudnessReading> measureLoudness(const float *mono, qsizetype frames, int sampleRate);
Result<LoudnessReading> measureLoudness(const PcmClip &clip);

// The gain in dB (equal to LU) that brings a programme at `fromLufs` to `toLufs`.
constexpr double loudnessMatchGainDb(double fromLufs, double toLufs)
{
    return toLufs - fromLufs;
}

// The reviewer's A/B matching keeps the matched side's true peak at or below this.
constexpr double kMatchCeilingDbtp = -1.0;

struct LoudnessMatch {
    double gainDb = 0;
    bool limitedByTruePeak = false; // the gain is less than the loudness difference
};

// The gain that brings `from` to `toLufs`, lowered when it would lift `from`'s true peak above
// `ceilingDbtp` (a `from` already above the ceiling is not raised at all). Turning down is never
// limited.
LoudnessMatch matchLoudness(const LoudnessReading &from, double toLufs,
                            double ceilingDbtp = kMatchCeilingDbtp);

// Linear factor for a gain in dB.
double dbToGain(double db);

} // namespace lemm::core
