#pragma once
// The difference ("null") track of a review: what is left of the submission's snippet when the
// matched reference is removed from it. The reference snippet is aligned to the submission
// through a match segment's mapping (its start in both tracks, time factor and pitch factor),
// refined to the best lag, level-matched (the least-squares gain, reported in dB) and
// subtracted. A pure re-encode of the reference leaves little (the reduction is large); an
// unrelated track leaves about all of the submission. Works on preview snippets (decoded in
// memory) only, never on raw audio. Pure function, any thread; bounded by the snippets' length.

#include "core/audio/pcm_clip.h"
#include "core/base/result.h"

namespace lemm::core {

// Where the reference sits under the submission: submission time t maps to reference time
// refStart + (t − queryStart) × timeFactor; pitchFactor > 1 means the submission sounds higher
// than the reference. The same fields as a detection segment.
struct SegmentAlignment {
    double queryStart = 0;
    double refStart = 0;
    double timeFactor = 1;
    double pitchFactor = 1;
};

// How the aligned reference is removed. Automatic: in the time domain when the mapping is a
// pure speed change (time factor = pitch factor, resampling reproduces the waveform); when the
// factors differ, both the STFT-domain subtraction under the segment's factors (the re-pitched
// reference is only magnitude-faithful) and the time-domain one under a pure speed change at
// the time factor (the detector's pitch estimate can be off for a plain copy) are tried, and
// the one that removes more of the submission is kept.
enum class Subtraction { Automatic, TimeDomain, Spectral };

// Inputs longer than this are refused ("clip_too_long"): previews are seconds, not minutes.
constexpr double kMaxDifferenceClipSec = 120;

struct DifferenceOptions {
    // The fine alignment searches ± this around the segment's mapping: the detection's timing
    // error and one MP3 encoder delay (1105 samples, 50 ms at 22050 Hz) between the snippets.
    double maxLagSec = 0.1;
    Subtraction subtraction = Subtraction::Automatic;
};

struct DifferenceTrack {
    PcmClip residual;           // submission − gain × aligned reference, over the overlap
    double referenceGainDb = 0; // applied to the aligned reference before subtracting
    double lagSec = 0;          // fine alignment found on top of the segment's mapping
    double copyLufs = 0;        // loudness of the submission over the overlap (−inf: silent)
    double referenceLufs = 0;   // of the aligned reference over the overlap, before the gain
    double reductionDb = 0; // energy of the submission over the overlap ÷ the residual's, in dB
    bool spectral = false;  // the residual came from magnitude subtraction in the STFT domain
};

// Errors: "no_overlap" when the aligned reference does not cover any of the submission's clip,
// "bad_alignment" for a non-finite or non-positive factor (or one outside 0.25..4),
// "empty_clip" for an empty input, "clip_too_long" for an input over kMaxDifferenceClipSec,
// "bad_samples" for a sample that is not finite, "bad_sample_rate" above kMaxSampleRate.
Result<DifferenceTrack> differenceTrack(const PcmClip &submission, const PcmClip &reference,
                                        const SegmentAlignment &alignment,
                                        const DifferenceOptions &options = {});

// The reference clip re-timed and re-pitched to play under the submission from `alignment`
// (also used for loudness-matched A/B); sample rate of the submission.
Result<PcmClip> alignReference(const PcmClip &reference, const SegmentAlignment &alignment,
                               int sampleRate);

} // namespace lemm::core
