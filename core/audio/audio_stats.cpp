#include "core/audio/audio_stats.h"

#include "core/audio/spectral.h"

#include <ebur128.h>

#include <algorithm>
#include <cmath>

namespace lemm::core {

namespace {

struct StateFreer {
    void operator()(ebur128_state *s) const { ebur128_destroy(&s); }
};

constexpr int kShortTermFirstSec = 3; // the first 3 s window ends here

double clampedLufs(double lufs)
{
    return std::isfinite(lufs) ? std::max(-70.0, lufs) : -70.0;
}

} // namespace

struct LoudnessMeter::Impl {
    int rate = 0, channels = 1;
    std::unique_ptr<ebur128_state, StateFreer> state;
    std::vector<float> shortTerm;
    long long fed = 0;        // frames
    std::vector<float> clean; // a block with non-finite samples zeroed
};

LoudnessMeter::LoudnessMeter(int sampleRate, int channels) : d(std::make_unique<Impl>())
{
    d->rate = std::max(1, sampleRate);
    d->channels = std::clamp(channels, 1, 64);
    d->state.reset(ebur128_init(unsigned(d->channels), unsigned(d->rate),
                                EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_SAMPLE_PEAK));
    // Every channel weighted 1.0 unless the layout is FFmpeg's 5.1 (FL FR FC LFE BL BR), which
    // libebur128's default map weights as BS.1770 says (LFE out, surrounds +1.5 dB).
    if (d->state && d->channels != 6)
        for (int c = 0; c < d->channels; ++c)
            ebur128_set_channel(d->state.get(), unsigned(c), EBUR128_LEFT);
}

LoudnessMeter::~LoudnessMeter() = default;

void LoudnessMeter::feed(const float *x, int frames)
{
    if (!d->state)
        return;
    const size_t ch = size_t(d->channels);
    int done = 0;
    while (done < frames) {
        // Up to the next whole second, where the short-term profile takes a value.
        const long long toSecond = d->rate - d->fed % d->rate;
        const int n = int(std::min<long long>(toSecond, frames - done));
        d->clean.assign(x + size_t(done) * ch, x + size_t(done + n) * ch);
        for (float &v : d->clean)
            v = std::isfinite(v) ? v : 0.0f;
        ebur128_add_frames_float(d->state.get(), d->clean.data(), size_t(n));
        d->fed += n;
        done += n;
        double st = -HUGE_VAL;
        if (d->fed % d->rate == 0 && d->fed / d->rate >= kShortTermFirstSec &&
            ebur128_loudness_shortterm(d->state.get(), &st) == EBUR128_SUCCESS)
            d->shortTerm.push_back(float(clampedLufs(st)));
    }
}

Loudness LoudnessMeter::finish() const
{
    Loudness out;
    out.shortTermLufs = d->shortTerm;
    if (!d->state)
        return out;
    double global = -HUGE_VAL, range = 0, peak = 0;
    if (ebur128_loudness_global(d->state.get(), &global) == EBUR128_SUCCESS)
        out.integratedLufs = clampedLufs(global);
    if (ebur128_loudness_range(d->state.get(), &range) == EBUR128_SUCCESS && std::isfinite(range))
        out.rangeLu = range;
    for (int c = 0; c < d->channels; ++c) {
        double p = 0;
        if (ebur128_sample_peak(d->state.get(), unsigned(c), &p) == EBUR128_SUCCESS)
            peak = std::max(peak, p);
    }
    out.peakDbfs = peak > 0 ? std::max(-120.0, 20.0 * std::log10(peak)) : -120.0;
    return out;
}

struct TempoEstimator::Impl {
    int rate;
    std::vector<float> prev;
    std::vector<double> onset;
    std::unique_ptr<StftAnalyzer> stft;
};

TempoEstimator::TempoEstimator(int sampleRate) : d(std::make_unique<Impl>())
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

TempoEstimator::~TempoEstimator() = default;

void TempoEstimator::feed(const float *mono, int frames)
{
    d->stft->feed(mono, frames);
}

double TempoEstimator::finish() const
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

} // namespace lemm::core
