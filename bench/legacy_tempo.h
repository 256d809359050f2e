#pragma once
// The tempo estimate that core/audio/audio_stats.cpp carried before issue 16 replaced it with
// qm-dsp's tempo tracker (spectral-flux onsets, autocorrelation under a log-normal prior around
// 120 BPM), kept here only so that dsp_compare can measure the two side by side.

#include "core/audio/spectral.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

namespace lemm::legacy {

using lemm::core::StftAnalyzer;

class LegacyTempo
{
public:
    explicit LegacyTempo(int sampleRate);
    ~LegacyTempo();
    void feed(const float *mono, int frames);
    double finish() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

struct LegacyTempo::Impl {
    int rate;
    std::vector<float> prev;
    std::vector<double> onset;
    std::unique_ptr<StftAnalyzer> stft;
};

inline LegacyTempo::LegacyTempo(int sampleRate) : d(std::make_unique<Impl>())
{
    d->rate = sampleRate;
    const int fft = sampleRate > 16000 ? 2048 : 1024;
    const int hop = fft / 4;
    d->stft = std::make_unique<StftAnalyzer>(fft, hop, [this](const float *p, int bins) {
        double flux = 0;
        if (d->prev.size() != size_t(bins))
            d->prev.assign(size_t(bins), 0.0f);
        for (int k = 1; k < bins; ++k) {
            const float v = std::log1p(1000.0f * std::sqrt(p[k]));
            flux += std::max(0.0f, v - d->prev[size_t(k)]);
            d->prev[size_t(k)] = v;
        }
        d->onset.push_back(flux);
    });
}

inline LegacyTempo::~LegacyTempo() = default;

inline void LegacyTempo::feed(const float *mono, int frames)
{
    d->stft->feed(mono, frames);
}

inline double LegacyTempo::finish() const
{
    const double frameRate = double(d->rate) / (d->rate > 16000 ? 512 : 256);
    std::vector<double> o = d->onset;
    if (o.size() < size_t(frameRate * 4))
        return 0.0;
    // Remove the slow trend so that only pulses remain.
    const int w = int(frameRate * 0.5);
    std::vector<double> hp(o.size());
    double run = 0;
    for (size_t i = 0; i < o.size(); ++i) {
        run += o[i];
        if (i >= size_t(w))
            run -= o[i - size_t(w)];
        hp[i] = std::max(0.0, o[i] - run / std::min<double>(double(i + 1), w));
    }
    // Widen the pulses (two passes of a [1 2 1] kernel) so that periods that fall between
    // integer lags still correlate.
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<double> sm(hp.size(), 0.0);
        for (size_t i = 1; i + 1 < hp.size(); ++i)
            sm[i] = 0.25 * hp[i - 1] + 0.5 * hp[i] + 0.25 * hp[i + 1];
        hp.swap(sm);
    }
    const int minLag = int(std::floor(frameRate * 60.0 / 240.0));
    const int maxLag = int(std::ceil(frameRate * 60.0 / 40.0));
    double best = 0, bestLag = 0;
    std::vector<double> ac(size_t(maxLag + 2), 0.0);
    for (int lag = minLag - 1; lag <= maxLag + 1 && lag < int(hp.size()); ++lag) {
        double r = 0;
        for (size_t t = 0; t + size_t(lag) < hp.size(); ++t)
            r += hp[t] * hp[t + size_t(lag)];
        ac[size_t(std::max(0, lag))] = r / double(hp.size() - size_t(lag));
    }
    for (int lag = minLag; lag <= maxLag && lag + 1 < int(ac.size()); ++lag) {
        const double bpm = 60.0 * frameRate / lag;
        const double prior = std::exp(-0.5 * std::pow(std::log2(bpm / 120.0), 2));
        const double score = ac[size_t(lag)] * prior;
        if (score > best && ac[size_t(lag)] >= ac[size_t(lag - 1)] &&
            ac[size_t(lag)] >= ac[size_t(lag + 1)]) {
            best = score;
            // Parabolic refinement of the lag.
            const double a = ac[size_t(lag - 1)], b = ac[size_t(lag)], c = ac[size_t(lag + 1)];
            const double den = a - 2 * b + c;
            bestLag = lag + (den < 0 ? std::clamp(0.5 * (a - c) / den, -0.5, 0.5) : 0.0);
        }
    }
    return bestLag > 0 ? 60.0 * frameRate / bestLag : 0.0;
}

} // namespace lemm::legacy
