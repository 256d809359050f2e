#include "core/audio/difference_track.h"

#include "core/audio/audio_decoder.h"
#include "core/audio/loudness.h"

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/tx.h>
}

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

namespace lemm::core {

namespace {

constexpr double kMinFactor = 0.25, kMaxFactor = 4;
constexpr double kSameFactor = 1e-3; // |pitch / time − 1| below this: a pure speed change
constexpr int kPhases = 256;         // interpolation table rows per sample
constexpr int kLanes = 8;            // partial sums per dot product (one AVX register)
constexpr int kHalfTaps = 16;        // sinc taps each side at full bandwidth
constexpr double kCutoff = 0.97;     // anti-alias corner ÷ step when reading faster than 1:1
constexpr double kKaiserBeta = 8.6;  // about 90 dB stop band
constexpr double kGrainSec = 0.093;  // re-pitching grains (2048 samples at 22050 Hz)
// FFmpeg 5.1's av_tx has fast power-of-two FFTs up to 2^17 and falls back to an O(n²) DFT
// above (a 2^18 transform did not finish in minutes), so no transform here is larger.
constexpr int kMaxFft = 1 << 17;
constexpr int kMaxLagFrames = kMaxFft / 8; // the lag search reads the middle ~5 s (22050 Hz)
constexpr double kMaxReductionDb = 120;    // a residual of exact zeros

Error dspError(ErrorKind kind, const char *code, const QString &message)
{
    return Error::make(kind, QString::fromLatin1(code), message);
}

// ---- FFT (FFmpeg av_tx) with RAII and SIMD-aligned buffers ----------------------------------
struct TxFreer {
    void operator()(AVTXContext *c) const { av_tx_uninit(&c); }
};
struct AvFreer {
    void operator()(void *p) const { av_free(p); }
};
using ComplexBuffer = std::unique_ptr<AVComplexFloat[], AvFreer>;

ComplexBuffer complexBuffer(int n)
{
    auto *p = static_cast<AVComplexFloat *>(av_mallocz(sizeof(AVComplexFloat) * size_t(n)));
    return ComplexBuffer(p);
}

class ComplexFft
{
public:
    ComplexFft(int n, bool inverse) : m_n(n)
    {
        AVTXContext *ctx = nullptr;
        const float scale = 1.0f; // ignored for FFTs: they stay unscaled
        if (av_tx_init(&ctx, &m_fn, AV_TX_FLOAT_FFT, inverse ? 1 : 0, n, &scale, 0) == 0)
            m_tx.reset(ctx);
    }
    bool ok() const { return bool(m_tx); }
    int size() const { return m_n; }
    void run(AVComplexFloat *out, AVComplexFloat *in) const
    {
        m_fn(m_tx.get(), out, in, sizeof(AVComplexFloat));
    }

private:
    std::unique_ptr<AVTXContext, TxFreer> m_tx;
    av_tx_fn m_fn = nullptr;
    int m_n;
};

int nextPowerOfTwo(qint64 n)
{
    int p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

// ---- Band-limited interpolation ------------------------------------------------------------
double besselI0(double x)
{
    double sum = 1, term = 1;
    for (int k = 1; k < 40; ++k) {
        term *= (x / (2 * k)) * (x / (2 * k));
        sum += term;
    }
    return sum;
}

// Windowed-sinc (Kaiser) interpolation of a sampled signal at fractional positions: full band
// for a step up to 1 (whole-sample positions return the samples themselves), low-passed at
// kCutoff / step when reading faster so it does not alias. A table of kPhases + 1 rows of
// taps, each row normalised to unit DC gain; between rows, linear.
class SincInterpolator
{
public:
    explicit SincInterpolator(double step)
    {
        const double cutoff = step <= 1 ? 1.0 : kCutoff / step;
        m_half = int(std::ceil(kHalfTaps / cutoff));
        m_taps = (2 * m_half + kLanes - 1) / kLanes * kLanes; // the taps past 2 × half are zero
        m_table.resize(size_t(kPhases + 1) * size_t(m_taps));
        const double norm = besselI0(kKaiserBeta);
        for (int p = 0; p <= kPhases; ++p) {
            float *row = &m_table[size_t(p) * size_t(m_taps)];
            double sum = 0;
            for (int t = 0; t < m_taps; ++t) {
                const double d = double(p) / kPhases + m_half - 1 - t; // in (−half, half]
                const double u = d / m_half;
                const double w =
                    std::abs(u) < 1 ? besselI0(kKaiserBeta * std::sqrt(1 - u * u)) / norm : 0;
                const double x = M_PI * cutoff * d;
                const double sinc = std::abs(x) < 1e-12 ? 1 : std::sin(x) / x;
                row[t] = float(cutoff * sinc * w);
                sum += row[t];
            }
            for (int t = 0; t < m_taps; ++t)
                row[t] = float(row[t] / sum);
        }
    }

    // x at fractional index `pos`; samples outside [0, n) are zero.
    float at(const float *x, qsizetype n, double pos) const
    {
        const double base = std::floor(pos);
        const qsizetype first = qsizetype(base) - m_half + 1;
        if (first + m_taps <= 0 || first >= n)
            return 0;
        const double phase = (pos - base) * kPhases;
        const int p = std::min(kPhases - 1, int(phase));
        const float fr = float(phase - p);
        const float *r0 = &m_table[size_t(p) * size_t(m_taps)];
        const float *r1 = r0 + m_taps;
        const float *src = x + first;
        float a0 = 0, a1 = 0;
        if (first >= 0 && first + m_taps <= n) { // inside: lanes of partial sums that vectorise
            float l0[kLanes] = {}, l1[kLanes] = {};
            for (int t = 0; t < m_taps; t += kLanes) {
                for (int j = 0; j < kLanes; ++j) {
                    l0[j] += r0[t + j] * src[t + j];
                    l1[j] += r1[t + j] * src[t + j];
                }
            }
            for (int j = 0; j < kLanes; ++j) {
                a0 += l0[j];
                a1 += l1[j];
            }
            return a0 + fr * (a1 - a0);
        }
        const int t0 = int(std::max<qsizetype>(0, -first));
        const int t1 = int(std::min<qsizetype>(m_taps, n - first));
        for (int t = t0; t < t1; ++t) {
            a0 += r0[t] * src[t];
            a1 += r1[t] * src[t];
        }
        return a0 + fr * (a1 - a0);
    }

    // Reading at a whole-sample step of one: every output has the same fractional phase, so one
    // interpolated row of taps filters the whole run (the common case of factors 1).
    void constantPhase(const float *x, qsizetype n, double pos0, float *out, qsizetype count) const
    {
        const double base = std::floor(pos0);
        const double phase = (pos0 - base) * kPhases;
        const int p = std::min(kPhases - 1, int(phase));
        const float fr = float(phase - p);
        std::vector<float> row(static_cast<size_t>(m_taps));
        for (int t = 0; t < m_taps; ++t) {
            const float a = m_table[size_t(p) * size_t(m_taps) + size_t(t)];
            const float b = m_table[size_t(p + 1) * size_t(m_taps) + size_t(t)];
            row[size_t(t)] = a + fr * (b - a);
        }
        for (qsizetype k = 0; k < count; ++k) {
            const qsizetype first = qsizetype(base) + k - m_half + 1;
            if (first < 0 || first + m_taps > n) {
                out[k] = at(x, n, pos0 + double(k));
                continue;
            }
            const float *src = x + first;
            float acc = 0;
            for (int t = 0; t < m_taps; ++t)
                acc += row[size_t(t)] * src[t];
            out[k] = acc;
        }
    }

private:
    int m_half = 0, m_taps = 0;
    std::vector<float> m_table;
};

// ---- The time map --------------------------------------------------------------------------
// Submission time t → the reference's fractional sample index.
struct TimeMap {
    const PcmClip &ref;
    SegmentAlignment a;
    double refIndex(double t) const
    {
        return (a.refStart + (t - a.queryStart) * a.timeFactor - ref.startSec) * ref.sampleRate;
    }
    // The submission times [from, to) under which the reference clip sits.
    double coverFrom() const { return a.queryStart + (ref.startSec - a.refStart) / a.timeFactor; }
    double coverTo() const { return a.queryStart + (ref.endSec() - a.refStart) / a.timeFactor; }
    bool pureSpeedChange() const
    {
        return std::abs(a.pitchFactor / a.timeFactor - 1) < kSameFactor;
    }
};

// Reading the reference along the time map: a resampling by time factor × rate ratio. The
// pitch follows the speed, as when a record is played faster.
void renderResampled(const TimeMap &map, int rate, double t0, float *out, qsizetype count)
{
    const double step = map.a.timeFactor * map.ref.sampleRate / rate;
    const SincInterpolator interp(step);
    const double pos0 = map.refIndex(t0);
    const float *x = map.ref.mono.data();
    const qsizetype n = qsizetype(map.ref.mono.size());
    if (step == 1) {
        interp.constantPhase(x, n, pos0, out, count);
        return;
    }
    for (qsizetype k = 0; k < count; ++k)
        out[k] = interp.at(x, n, pos0 + double(k) * step);
}

// Pitch and tempo apart: overlap-added Hann grains (50 %, which sum to one), each read at the
// pitch factor's rate from where the time map puts the grain's centre. The pitch is right and
// the timing follows the time map to within a grain; the phase across grain joins is not the
// original's, so this is for magnitude (spectral) subtraction.
void renderGrains(const TimeMap &map, int rate, double t0, float *out, qsizetype count)
{
    const int grain = std::max(64, 2 * int(std::lround(kGrainSec * rate / 2)));
    const int hop = grain / 2;
    std::vector<float> window(static_cast<size_t>(grain));
    for (int i = 0; i < grain; ++i)
        window[size_t(i)] = float(0.5 - 0.5 * std::cos(2 * M_PI * i / grain));
    const double step = map.a.pitchFactor * map.ref.sampleRate / rate;
    const SincInterpolator interp(step);
    const float *x = map.ref.mono.data();
    const qsizetype n = qsizetype(map.ref.mono.size());
    std::fill(out, out + count, 0.0f);
    for (qsizetype start = -hop; start < count; start += hop) {
        const double centre = map.refIndex(t0 + double(start + hop) / rate);
        for (int i = 0; i < grain; ++i) {
            const qsizetype k = start + i;
            if (k < 0 || k >= count)
                continue;
            out[k] += window[size_t(i)] * interp.at(x, n, centre + double(i - hop) * step);
        }
    }
}

// The reference as heard under the submission at times t0 + k / rate, k in [0, count).
std::vector<float> render(const TimeMap &map, int rate, double t0, qsizetype count)
{
    std::vector<float> out(size_t(std::max<qsizetype>(0, count)), 0.0f);
    if (map.pureSpeedChange())
        renderResampled(map, rate, t0, out.data(), count);
    else
        renderGrains(map, rate, t0, out.data(), count);
    return out;
}

// ---- Validation ----------------------------------------------------------------------------
Status checkClip(const PcmClip &clip, const char *which)
{
    const QString name = QString::fromLatin1(which);
    if (clip.empty())
        return dspError(ErrorKind::InvalidInput, "empty_clip",
                        QStringLiteral("The %1 clip is empty.").arg(name));
    if (clip.sampleRate > kMaxSampleRate)
        return dspError(ErrorKind::InvalidInput, "bad_sample_rate",
                        QStringLiteral("The %1 clip's sample rate is not supported.").arg(name));
    if (clip.durationSec() > kMaxDifferenceClipSec)
        return dspError(ErrorKind::PayloadTooLarge, "clip_too_long",
                        QStringLiteral("The %1 clip is longer than %2 s.")
                            .arg(name)
                            .arg(kMaxDifferenceClipSec));
    for (float v : clip.mono)
        if (!std::isfinite(v))
            return dspError(
                ErrorKind::InvalidInput, "bad_samples",
                QStringLiteral("The %1 clip holds samples that are not numbers.").arg(name));
    if (!std::isfinite(clip.startSec))
        return dspError(ErrorKind::InvalidInput, "bad_samples",
                        QStringLiteral("The %1 clip's start is not a number.").arg(name));
    return okStatus();
}

Status checkAlignment(const SegmentAlignment &a, int rate)
{
    auto factorOk = [](double f) { return std::isfinite(f) && f >= kMinFactor && f <= kMaxFactor; };
    if (!factorOk(a.timeFactor) || !factorOk(a.pitchFactor) || !std::isfinite(a.queryStart) ||
        !std::isfinite(a.refStart))
        return dspError(
            ErrorKind::InvalidInput, "bad_alignment",
            QStringLiteral("The segment's mapping is not usable (factors must be 0.25 to 4)."));
    if (rate <= 0 || rate > kMaxSampleRate)
        return dspError(ErrorKind::InvalidInput, "bad_sample_rate",
                        QStringLiteral("The output sample rate is not supported."));
    return okStatus();
}

Error noOverlap()
{
    return dspError(
        ErrorKind::Unprocessable, "no_overlap",
        QStringLiteral("The reference does not play under any of the submission's clip."));
}

// ---- Difference track steps ----------------------------------------------------------------
struct Span {
    qsizetype from = 0, to = 0; // submission sample indices
    qsizetype size() const { return to - from; }
};

Span overlap(const PcmClip &sub, const TimeMap &map)
{
    const double rate = sub.sampleRate;
    const double from = std::ceil((map.coverFrom() - sub.startSec) * rate - 1e-9);
    const double to = std::floor((map.coverTo() - sub.startSec) * rate + 1e-9);
    Span s;
    s.from = qsizetype(std::clamp(from, 0.0, double(sub.mono.size())));
    s.to = qsizetype(std::clamp(to, 0.0, double(sub.mono.size())));
    s.to = std::max(s.to, s.from);
    return s;
}

// The overlap less `margin` samples at each end where it is long enough (four margins): at a
// clip's edges the codec's start-up delay (50 ms for MP3) is silence in one clip while the
// other plays, which would swamp the residual of a good null.
Span trimmed(Span s, int margin)
{
    if (s.size() >= 4 * qsizetype(margin)) {
        s.from += margin;
        s.to -= margin;
    }
    return s;
}

// Σ x[i] y[i + s] for s in [0, count) by FFT; x has n samples, y n + count − 1.
std::vector<double> crossCorrelation(const float *x, qsizetype n, const float *y, int count)
{
    const int size = nextPowerOfTwo(n + count);
    if (size > kMaxFft)
        return {};
    const ComplexFft forward(size, false), inverse(size, true);
    ComplexBuffer a = complexBuffer(size), b = complexBuffer(size), fa = complexBuffer(size),
                  fb = complexBuffer(size);
    if (!forward.ok() || !inverse.ok() || !a || !b || !fa || !fb)
        return {};
    for (qsizetype i = 0; i < n; ++i)
        a[i].re = x[i];
    for (qsizetype i = 0; i < n + count - 1; ++i)
        b[i].re = y[i];
    forward.run(fa.get(), a.get());
    forward.run(fb.get(), b.get());
    for (int k = 0; k < size; ++k) { // conj(X) · Y
        const AVComplexFloat p = fa[k], q = fb[k];
        fa[k] = {p.re * q.re + p.im * q.im, p.re * q.im - p.im * q.re};
    }
    inverse.run(a.get(), fa.get());
    std::vector<double> c(static_cast<size_t>(count));
    for (int s = 0; s < count; ++s)
        c[size_t(s)] = a[s].re;
    return c;
}

// Seconds to add to the mapping's query start so that the reference lines up best: the peak of
// the cross-correlation within ± maxLag samples over (the middle of) the overlap, refined to a
// fraction of a sample by the parabola through the peak and its neighbours.
double refineLag(const PcmClip &sub, const TimeMap &map, Span span, int lagLimit)
{
    const int maxLag = std::min(lagLimit, kMaxLagFrames);
    if (maxLag <= 0 || span.size() < 2)
        return 0;
    const int count = 2 * maxLag + 1;
    const qsizetype n = std::min<qsizetype>(span.size(), kMaxFft - count);
    const qsizetype from = span.from + (span.size() - n) / 2;
    const double t0 = sub.startSec + double(from - maxLag) / sub.sampleRate;
    const std::vector<float> y = render(map, sub.sampleRate, t0, n + count - 1);
    const std::vector<double> c = crossCorrelation(sub.mono.data() + from, n, y.data(), count);
    if (c.empty())
        return 0;
    const int best = int(std::max_element(c.begin(), c.end()) - c.begin());
    double frac = 0;
    if (best > 0 && best < count - 1) {
        const double l = c[size_t(best - 1)], m = c[size_t(best)], r = c[size_t(best + 1)];
        const double curve = l - 2 * m + r;
        if (curve < 0)
            frac = std::clamp(0.5 * (l - r) / curve, -0.5, 0.5);
    }
    return (maxLag - (best + frac)) / sub.sampleRate;
}

double energy(const float *x, qsizetype n)
{
    double e = 0;
    for (qsizetype i = 0; i < n; ++i)
        e += double(x[i]) * x[i];
    return e;
}

double leastSquaresGain(const float *x, const float *y, qsizetype n)
{
    double xy = 0, yy = 0;
    for (qsizetype i = 0; i < n; ++i) {
        xy += double(x[i]) * y[i];
        yy += double(y[i]) * y[i];
    }
    return yy > 0 ? xy / yy : 0;
}

struct Subtracted {
    std::vector<float> residual;
    double gain = 0;
};

Subtracted subtractInTime(const float *x, const std::vector<float> &y)
{
    Subtracted s;
    const qsizetype n = qsizetype(y.size());
    s.gain = leastSquaresGain(x, y.data(), n);
    s.residual.resize(y.size());
    for (qsizetype i = 0; i < n; ++i)
        s.residual[size_t(i)] = float(x[i] - s.gain * y[size_t(i)]);
    return s;
}

// Fills out[0, size) with the reference under span samples [start, start + size) (zero where
// there is none).
using FrameSource = std::function<void(qsizetype start, int size, float *out)>;

FrameSource framesOf(const std::vector<float> &y)
{
    return [&y](qsizetype start, int size, float *out) {
        const qsizetype n = qsizetype(y.size());
        for (int i = 0; i < size; ++i) {
            const qsizetype k = start + i;
            out[i] = k >= 0 && k < n ? y[size_t(k)] : 0.0f;
        }
    };
}

// Pitch and tempo apart: each analysis frame reads its own grain of the reference at the pitch
// factor's rate, centred where the time map puts the frame's centre, so no two grains overlap
// (and interfere) inside one spectrum.
FrameSource repitchedFrames(const TimeMap &map, int rate, double t0)
{
    const double step = map.a.pitchFactor * map.ref.sampleRate / rate;
    auto interp = std::make_shared<const SincInterpolator>(step);
    return [map, rate, t0, step, interp](qsizetype start, int size, float *out) {
        const double centre = map.refIndex(t0 + double(start + size / 2) / rate);
        const float *x = map.ref.mono.data();
        const qsizetype n = qsizetype(map.ref.mono.size());
        for (int i = 0; i < size; ++i)
            out[i] = interp->at(x, n, centre + double(i - size / 2) * step);
    };
}

// Short-time spectra of the submission and the reference for magnitude subtraction: Hann
// frames of about 93 ms advancing by a quarter, zero outside the span; weighted overlap-add
// resynthesis.
class FramePair
{
public:
    FramePair(const float *x, qsizetype n, FrameSource y, int rate)
        : m_x(x), m_n(n), m_y(std::move(y)), m_size(nextPowerOfTwo(qint64(kGrainSec * rate))),
          m_forward(m_size, false), m_inverse(m_size, true), m_window(size_t(m_size)),
          m_raw(size_t(m_size))
    {
        for (int i = 0; i < m_size; ++i)
            m_window[size_t(i)] = float(0.5 - 0.5 * std::cos(2 * M_PI * i / m_size));
        for (ComplexBuffer *b : {&m_in, &m_fx, &m_fy})
            *b = complexBuffer(m_size);
    }
    bool ok() const { return m_forward.ok() && m_inverse.ok() && m_in && m_fx && m_fy; }
    int size() const { return m_size; }
    int hop() const { return m_size / 4; }
    qsizetype firstStart() const { return -(m_size - hop()); }
    AVComplexFloat *x() { return m_fx.get(); }
    AVComplexFloat *y() { return m_fy.get(); }

    void analyse(qsizetype start)
    {
        for (int i = 0; i < m_size; ++i) {
            const qsizetype k = start + i;
            m_raw[size_t(i)] = k >= 0 && k < m_n ? m_x[k] : 0.0f;
        }
        spectrum(m_fx.get());
        m_y(start, m_size, m_raw.data());
        spectrum(m_fy.get());
    }
    // Inverse of `spec` (overwritten), windowed, added into out[start ...] (length n).
    void synthesise(AVComplexFloat *spec, qsizetype start, float *out, float *weight)
    {
        m_inverse.run(m_in.get(), spec);
        const float unscale = 1.0f / float(m_size); // av_tx leaves its FFTs unscaled
        for (int i = 0; i < m_size; ++i) {
            const qsizetype k = start + i;
            if (k >= 0 && k < m_n) {
                out[k] += m_in[i].re * unscale * m_window[size_t(i)];
                weight[k] += m_window[size_t(i)] * m_window[size_t(i)];
            }
        }
    }

private:
    void spectrum(AVComplexFloat *out) // of m_raw, windowed
    {
        for (int i = 0; i < m_size; ++i)
            m_in[i] = {m_raw[size_t(i)] * m_window[size_t(i)], 0.0f};
        m_forward.run(out, m_in.get());
    }

    const float *m_x;
    qsizetype m_n;
    FrameSource m_y;
    int m_size;
    ComplexFft m_forward, m_inverse;
    std::vector<float> m_window, m_raw;
    ComplexBuffer m_in, m_fx, m_fy;
};

float magnitude(const AVComplexFloat &c)
{
    return std::sqrt(c.re * c.re + c.im * c.im);
}

// The least-squares gain between the magnitude spectra (a first pass over every fourth frame:
// frames that do not overlap).
double spectralGain(FramePair &frames, qsizetype n)
{
    double xy = 0, yy = 0;
    for (qsizetype start = frames.firstStart(); start < n; start += 4 * frames.hop()) {
        frames.analyse(start);
        for (int k = 0; k < frames.size(); ++k) {
            const double my = magnitude(frames.y()[k]);
            xy += magnitude(frames.x()[k]) * my;
            yy += my * my;
        }
    }
    return yy > 0 ? xy / yy : 0;
}

// |R| = max(|X| − g |Y|, 0) with the submission's phase, resynthesised.
Subtracted subtractInSpectrum(const float *x, qsizetype n, FrameSource y, int rate)
{
    FramePair frames(x, n, std::move(y), rate);
    Subtracted s;
    s.residual.assign(size_t(n), 0.0f);
    if (!frames.ok())
        return s; // no FFT: an empty residual rather than a wrong one
    s.gain = spectralGain(frames, n);
    std::vector<float> weight(size_t(n), 0.0f);
    for (qsizetype start = frames.firstStart(); start < n; start += frames.hop()) {
        frames.analyse(start);
        AVComplexFloat *fx = frames.x();
        for (int k = 0; k < frames.size(); ++k) {
            const float mx = magnitude(fx[k]);
            const float left = std::max(0.0f, mx - float(s.gain) * magnitude(frames.y()[k]));
            const float keep = mx > 0 ? left / mx : 0.0f;
            fx[k] = {fx[k].re * keep, fx[k].im * keep};
        }
        frames.synthesise(fx, start, s.residual.data(), weight.data());
    }
    for (size_t i = 0; i < weight.size(); ++i)
        s.residual[i] = weight[i] > 1e-6f ? s.residual[i] / weight[i] : 0.0f;
    return s;
}

double lufsOr(const float *x, qsizetype n, int rate)
{
    auto l = integratedLoudness(x, n, rate);
    return l ? l.value() : -HUGE_VAL;
}

// The aligned reference's loudness over the span. With differing factors the grains' joins
// modulate the level (about 1.5 LU at a semitone), so the reference's own samples under the
// span are measured instead (re-pitching alone moves the K-weighted level by far less).
double referenceLoudness(const TimeMap &map, const std::vector<float> &y, double t0, int rate)
{
    if (map.pureSpeedChange())
        return lufsOr(y.data(), qsizetype(y.size()), rate);
    const qsizetype n = qsizetype(map.ref.mono.size());
    const double t1 = t0 + double(y.size()) / rate;
    const qsizetype from = std::clamp<qsizetype>(qsizetype(map.refIndex(t0)), 0, n);
    const qsizetype to = std::clamp<qsizetype>(qsizetype(map.refIndex(t1)), from, n);
    return lufsOr(map.ref.mono.data() + from, to - from, map.ref.sampleRate);
}

} // namespace

Result<PcmClip> alignReference(const PcmClip &reference, const SegmentAlignment &alignment,
                               int sampleRate)
{
    if (auto ok = checkClip(reference, "reference"); !ok)
        return ok.error();
    if (auto ok = checkAlignment(alignment, sampleRate); !ok)
        return ok.error();
    const TimeMap map{reference, alignment};
    const double from = std::ceil(map.coverFrom() * sampleRate - 1e-9);
    const double to = std::floor(map.coverTo() * sampleRate + 1e-9);
    if (to - from < 1)
        return noOverlap();
    PcmClip out;
    out.sampleRate = sampleRate;
    out.startSec = from / sampleRate;
    out.mono = render(map, sampleRate, out.startSec, qsizetype(to - from));
    return out;
}

namespace {

// One subtraction under one mapping (`spectral` chosen by the caller); the inputs are checked.
Result<DifferenceTrack> subtractUnder(const PcmClip &submission, const PcmClip &reference,
                                      const SegmentAlignment &alignment, double maxLagSec,
                                      bool spectral)
{
    const int rate = submission.sampleRate;
    const TimeMap coarse{reference, alignment};
    const Span first = overlap(submission, coarse);
    if (first.size() < 1)
        return noOverlap();
    const double lagLimit = std::isfinite(maxLagSec) ? std::clamp(maxLagSec, 0.0, 1.0) : 0;
    SegmentAlignment fine = alignment;
    fine.queryStart += refineLag(submission, coarse, first, int(std::lround(lagLimit * rate)));
    const TimeMap map{reference, fine};
    const Span span = trimmed(overlap(submission, map), int(std::lround(lagLimit * rate)));
    if (span.size() < 1)
        return noOverlap();

    DifferenceTrack d;
    d.lagSec = fine.queryStart - alignment.queryStart;
    const double t0 = submission.startSec + double(span.from) / rate;
    const std::vector<float> y = render(map, rate, t0, span.size());
    const float *x = submission.mono.data() + span.from;
    d.spectral = spectral;
    Subtracted s = !d.spectral ? subtractInTime(x, y)
                   : map.pureSpeedChange()
                       ? subtractInSpectrum(x, span.size(), framesOf(y), rate)
                       : subtractInSpectrum(x, span.size(), repitchedFrames(map, rate, t0), rate);
    d.referenceGainDb = s.gain != 0 ? 20 * std::log10(std::abs(s.gain)) : -HUGE_VAL;
    d.copyLufs = lufsOr(x, span.size(), rate);
    d.referenceLufs = referenceLoudness(map, y, t0, rate);
    const double ex = energy(x, span.size());
    const double er = energy(s.residual.data(), span.size());
    d.reductionDb = ex <= 0 ? 0 : er <= ex * 1e-12 ? kMaxReductionDb : 10 * std::log10(ex / er);
    d.residual.mono = std::move(s.residual);
    d.residual.sampleRate = rate;
    d.residual.startSec = t0;
    return d;
}

} // namespace

Result<DifferenceTrack> differenceTrack(const PcmClip &submission, const PcmClip &reference,
                                        const SegmentAlignment &alignment,
                                        const DifferenceOptions &options)
{
    for (const Status &ok : {checkClip(submission, "submission"), checkClip(reference, "reference"),
                             checkAlignment(alignment, submission.sampleRate)})
        if (!ok)
            return ok.error();
    const bool pureSpeed = TimeMap{reference, alignment}.pureSpeedChange();
    if (options.subtraction != Subtraction::Automatic || pureSpeed)
        return subtractUnder(submission, reference, alignment, options.maxLagSec,
                             options.subtraction == Subtraction::Spectral ||
                                 (options.subtraction == Subtraction::Automatic && !pureSpeed));
    // Factors that differ: the segment's pitch estimate may be the detector's error on a plain
    // copy (or a speed change). Both readings are tried and the one that removes more is kept:
    // a wrong hypothesis can only leave more of the submission behind.
    Result<DifferenceTrack> asGiven =
        subtractUnder(submission, reference, alignment, options.maxLagSec, true);
    SegmentAlignment speed = alignment;
    speed.pitchFactor = alignment.timeFactor;
    Result<DifferenceTrack> asSpeed =
        subtractUnder(submission, reference, speed, options.maxLagSec, false);
    if (!asSpeed || (asGiven && asGiven->reductionDb >= asSpeed->reductionDb))
        return asGiven;
    return asSpeed;
}

} // namespace lemm::core
