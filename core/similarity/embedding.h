#pragma once
// embed_music (spec §3.2): a 512-dimensional, L2-normalised description of how a track (and
// each 5-second window of it) sounds, for nearest-neighbour search. Callers use the Embedder
// interface only, so a learned model can replace the DSP embedder without touching them.
//
// DspEmbedder (version "dsp-v1") at 11025 Hz, 2048-point frames every 512 samples (46 ms),
// aggregates per window:
//   [  0, 256) 64-band log-mel: mean, standard deviation, 10th and 90th percentile
//              (mean, p10 and p90 centred across bands, so overall level does not count)
//   [256, 320) mean absolute change of each log-mel band between frames
//   [320, 344) chroma (12 pitch classes): mean and standard deviation
//   [344, 422) chroma covariance (upper triangle with diagonal, 78)
//   [422, 462) 20 cepstral coefficients (DCT of log-mel, c1..c20): mean and deviation
//   [462, 502) autocorrelation of the onset envelope at lags 0.23-2.04 s (rhythm)
//   [502, 512) spectral centroid, bandwidth, flatness, roll-off (mean, deviation),
//              onset strength and level variation
// Each block is centred where noted, scaled to unit length and weighted, then the whole
// vector is L2-normalised; cosine similarity is the dot product.

#include <QString>

#include <memory>
#include <vector>

namespace lemm::core {

constexpr int kEmbeddingDim = 512;

struct Embeddings {
    QString model;                           // e.g. "dsp-v1"
    std::vector<float> track;                // kEmbeddingDim, unit length (empty: too short)
    std::vector<std::vector<float>> windows; // one per window
    double windowSec = 5.0;
    double hopSec = 2.5;
};

class Embedder
{
public:
    virtual ~Embedder() = default;
    virtual QString model() const = 0;
    virtual int sampleRate() const = 0;
    virtual void feed(const float *mono, int frames) = 0;
    virtual Embeddings finish() = 0;
};

std::unique_ptr<Embedder> makeEmbedder(); // the current default (DspEmbedder)

float cosine(const std::vector<float> &a, const std::vector<float> &b);

} // namespace lemm::core
