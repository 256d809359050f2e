#pragma once
// A spectrogram of a preview snippet for the reviewer's spectrogram layer (never of raw audio):
// Hann-windowed short-time power spectra in dB, computed with the shared StftAnalyzer. Plain
// values and a pure function, any thread.

#include "core/audio/pcm_clip.h"
#include "core/base/result.h"

#include <vector>

namespace lemm::core {

struct SpectrogramParams {
    int fftSize = 1024;
    int hop = 256;
    float floorDb = -100; // values below are clamped here
};

struct Spectrogram {
    double startSec = 0;        // track seconds of the first frame's centre
    double secondsPerFrame = 0; // hop / sample rate
    double maxHz = 0;           // the top bin's frequency (sample rate / 2)
    int frames = 0;
    int bins = 0; // fftSize / 2 + 1
    float floorDb = -100, peakDb = -100;
    std::vector<float> db; // frames × bins, frame after frame; dB relative to full scale

    float at(int frame, int bin) const { return db[size_t(frame) * size_t(bins) + size_t(bin)]; }
    double endSec() const { return startSec + frames * secondsPerFrame; }
    double hzForBin(int bin) const { return bins > 1 ? maxHz * bin / (bins - 1) : 0; }
};

// Errors: "empty_clip"; "bad_parameters" for an fftSize that is not a power of two in
// [64, 16384] or a hop outside [1, fftSize].
Result<Spectrogram> computeSpectrogram(const PcmClip &clip, const SpectrogramParams &params = {});

} // namespace lemm::core
