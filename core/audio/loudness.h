#pragma once
// Programme loudness after ITU-R BS.1770-4 (EBU R 128): K-weighting (the two-stage pre-filter
// designed for the clip's own sample rate), mean square over 400 ms blocks overlapping by 75 %,
// an absolute gate at −70 LUFS and a relative gate 10 LU below the ungated mean. Mono input, so
// a full-scale 997 Hz sine reads −3.01 LUFS. Pure functions, any thread.

#include "core/audio/pcm_clip.h"
#include "core/base/result.h"

namespace lemm::core {

// Integrated loudness in LUFS. Errors: "too_short" (less than one 400 ms block), "silent" (every
// block below the absolute gate).
Result<double> integratedLoudness(const float *mono, qsizetype frames, int sampleRate);
Result<double> integratedLoudness(const PcmClip &clip);

// The gain in dB (equal to LU) that brings a programme at `fromLufs` to `toLufs`.
constexpr double loudnessMatchGainDb(double fromLufs, double toLufs)
{
    return toLufs - fromLufs;
}

// Linear factor for a gain in dB.
double dbToGain(double db);

} // namespace lemm::core
