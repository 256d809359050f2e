#pragma once
// Derived statistics (spec §3.2 "duration, loudness profile"): EBU R128 / ITU-R BS.1770
// loudness and a tempo estimate. Streaming consumer stages, one instance per track.
//
// LoudnessMeter: libebur128 (the same meter as core/audio/loudness.h) over the interleaved
// channels: integrated loudness, loudness range (EBU Tech 3342), sample peak, and short-term
// loudness (3 s windows) once per second as the profile. Channels are weighted 1.0, except a
// six-channel stream, read as FFmpeg's 5.1 and weighted as BS.1770 says. Samples that are not
// finite count as silence.
// TempoEstimator: qm-dsp's tempo tracker (Debian's libqm-dsp, as in Mixxx and Sonic
// Visualiser's QM bar-and-beat tracker): the complex spectral difference onset function every
// 11.6 ms, beat period and beats by TempoTrackV2 over the whole track, the tempo from the
// inter-beat intervals. It replaced our spectral-flux autocorrelation in issue 16, where it
// measured better (docs/benchmarks.md).

#include <memory>
#include <vector>

namespace lemm::core {

struct Loudness {
    double integratedLufs = -70.0;    // -70 when everything is below the absolute gate
    std::vector<float> shortTermLufs; // one value per second (3 s window ending there)
    double peakDbfs = -120.0;         // sample peak
    double rangeLu = 0;               // loudness range (EBU Tech 3342), 0 under 3 s
};

class LoudnessMeter
{
public:
    LoudnessMeter(int sampleRate, int channels);
    ~LoudnessMeter();
    void feed(const float *interleaved, int frames);
    Loudness finish() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

class TempoEstimator
{
public:
    explicit TempoEstimator(int sampleRate);
    ~TempoEstimator();
    void feed(const float *mono, int frames);
    double finish() const; // BPM, 0 when no periodicity was found

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lemm::core
