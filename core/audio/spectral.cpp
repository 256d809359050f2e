#include "core/audio/spectral.h"

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/tx.h>
}

#include <cmath>

namespace lemm::core {

namespace {
struct TxFreer {
    void operator()(AVTXContext *c) const { av_tx_uninit(&c); }
};
struct AvFreer {
    void operator()(void *p) const { av_free(p); }
};
// av_tx needs buffers aligned for SIMD, which av_malloc provides and std::vector does not.
using AlignedComplex = std::unique_ptr<AVComplexFloat[], AvFreer>;
AlignedComplex alignedComplex(int n)
{
    return AlignedComplex(
        static_cast<AVComplexFloat *>(av_malloc(sizeof(AVComplexFloat) * size_t(n))));
}
} // namespace

struct StftAnalyzer::Impl {
    std::unique_ptr<AVTXContext, TxFreer> tx;
    av_tx_fn fft = nullptr;
    AlignedComplex in, out;
    std::vector<float> window, pending, power;
    FrameSink sink;
};

StftAnalyzer::StftAnalyzer(int fftSize, int hop, FrameSink sink)
    : d(std::make_unique<Impl>()), m_fft(fftSize), m_hop(hop)
{
    AVTXContext *ctx = nullptr;
    const float scale = 1.0f;
    if (av_tx_init(&ctx, &d->fft, AV_TX_FLOAT_FFT, 0, fftSize, &scale, 0) == 0)
        d->tx.reset(ctx);
    d->in = alignedComplex(fftSize);
    d->out = alignedComplex(fftSize);
    d->window.resize(size_t(fftSize));
    for (int i = 0; i < fftSize; ++i)
        d->window[size_t(i)] = float(0.5 - 0.5 * std::cos(2 * M_PI * i / fftSize));
    d->power.resize(size_t(bins()));
    d->sink = std::move(sink);
}

StftAnalyzer::~StftAnalyzer() = default;

bool StftAnalyzer::ok() const
{
    return d->tx && d->in && d->out;
}

void StftAnalyzer::feed(const float *mono, int frames)
{
    if (!ok() || frames <= 0)
        return;
    d->pending.insert(d->pending.end(), mono, mono + frames);
    size_t pos = 0;
    while (d->pending.size() - pos >= size_t(m_fft)) {
        const float *x = d->pending.data() + pos;
        for (int i = 0; i < m_fft; ++i)
            d->in[i] = {x[i] * d->window[size_t(i)], 0.0f};
        d->fft(d->tx.get(), d->out.get(), d->in.get(), sizeof(AVComplexFloat));
        for (int k = 0; k < bins(); ++k)
            d->power[size_t(k)] = d->out[k].re * d->out[k].re + d->out[k].im * d->out[k].im;
        d->sink(d->power.data(), bins());
        ++m_framesDone;
        pos += size_t(m_hop);
    }
    d->pending.erase(d->pending.begin(), d->pending.begin() + long(pos));
}

} // namespace lemm::core
