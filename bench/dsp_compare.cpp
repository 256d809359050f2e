// Side by side for issue 16 (dsp): our former hand-written BS.1770 meter against libebur128, and
// our tempo estimate against aubio's and qm-dsp's, on real files. Prints one JSON object per file;
// the scripts bench/tempo_compare.py and bench/loudness_compare.py run it and make the tables. Not
// a test. Usage:
//   dsp_compare loudness FILE...  integrated loudness (LUFS) and ms per minute, both meters
//   dsp_compare tempo FILE...     BPM of the whole file and of each half, and ms per minute,
//                                 for our former estimate ("ours"), aubio and qm-dsp at 11025
//                                 and 44100 Hz, and today's TempoEstimator ("stage")
#include "core/audio/audio_decoder.h"
#include "core/audio/audio_stats.h"
#include "core/audio/loudness.h"

#include "legacy_loudness.h"
#include "legacy_tempo.h"

#include <aubio/aubio.h>
#include <dsp/onsets/DetectionFunction.h>
#include <dsp/tempotracking/TempoTrackV2.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

using namespace lemm::core;

namespace {

std::vector<float> decodeMono(const QString &path, int rate)
{
    AudioDecoder dec;
    std::vector<float> pcm;
    if (!dec.openFile(path))
        return pcm;
    DecodeOptions o;
    o.outputRate = rate;
    o.mono = true;
    auto stats = dec.decode(o, [&](const float *x, int n) { pcm.insert(pcm.end(), x, x + n); });
    if (!stats)
        pcm.clear();
    return pcm;
}

// Runs `work` and returns {its value, milliseconds per minute of `seconds` of audio}.
std::pair<double, double> timed(double seconds, const std::function<double()> &work)
{
    QElapsedTimer t;
    t.start();
    const double v = work();
    return {v, t.nsecsElapsed() / 1e6 / (seconds / 60.0)};
}

QJsonObject loudnessOf(const QString &path)
{
    const int rate = 44100;
    const std::vector<float> x = decodeMono(path, rate);
    const double sec = double(x.size()) / rate;
    const qsizetype n = qsizetype(x.size());
    auto ours = timed(sec, [&] {
        auto l = lemm::legacy::integratedLoudness(x.data(), n, rate);
        return l ? l.value() : NAN;
    });
    auto lib = timed(sec, [&] {
        auto l = integratedLoudness(x.data(), n, rate);
        return l ? l.value() : NAN;
    });
    auto full = timed(sec, [&] {
        auto l = measureLoudness(x.data(), n, rate);
        return l ? l->rangeLu : NAN;
    });
    return {{QStringLiteral("file"), path},
            {QStringLiteral("seconds"), sec},
            {QStringLiteral("ours_lufs"), ours.first},
            {QStringLiteral("ours_ms_per_min"), ours.second},
            {QStringLiteral("ebur128_lufs"), lib.first},
            {QStringLiteral("ebur128_ms_per_min"), lib.second},
            {QStringLiteral("ebur128_lra_lu"), full.first},
            {QStringLiteral("ebur128_tp_lra_ms_per_min"), full.second}};
}

// Before issue 16: our own estimate.
double legacyBpm(const float *x, size_t n)
{
    lemm::legacy::LegacyTempo t(11025);
    t.feed(x, int(n));
    return t.finish();
}

// Since issue 16: TempoEstimator on qm-dsp (qmBpm at 11025 Hz, through the ingestion stage).
double oursBpm(const float *x, size_t n)
{
    TempoEstimator t(11025);
    t.feed(x, int(n));
    return t.finish();
}

// The tempo of beat times (s) from the median inter-beat interval, as aubio's bpm example
// reports it, refined: beats fall on whole hops, so the median alone is quantised (±1.4 % at
// 140 BPM and hop 512 at 44.1 kHz); the mean of the intervals within 10 % of it is not.
double bpmOfBeats(const std::vector<double> &beats)
{
    std::vector<double> ibi;
    for (size_t i = 1; i < beats.size(); ++i)
        if (beats[i] > beats[i - 1])
            ibi.push_back(beats[i] - beats[i - 1]);
    if (ibi.empty())
        return 0;
    std::vector<double> sorted = ibi;
    std::nth_element(sorted.begin(), sorted.begin() + long(sorted.size() / 2), sorted.end());
    const double median = sorted[sorted.size() / 2];
    double sum = 0;
    int count = 0;
    for (double v : ibi)
        if (std::abs(v / median - 1) < 0.1) {
            sum += v;
            ++count;
        }
    return 60.0 * count / sum;
}

// aubio's beat tracker over the clip.
double aubioBpm(const float *x, size_t n, int rate, uint_t win, uint_t hop)
{
    aubio_tempo_t *t = new_aubio_tempo("default", win, hop, uint_t(rate));
    fvec_t *in = new_fvec(hop), *out = new_fvec(1);
    std::vector<double> beats;
    for (size_t at = 0; at + hop <= n; at += hop) {
        std::copy(x + at, x + at + hop, in->data);
        aubio_tempo_do(t, in, out);
        if (out->data[0] != 0)
            beats.push_back(aubio_tempo_get_last_s(t));
    }
    del_fvec(in);
    del_fvec(out);
    del_aubio_tempo(t);
    return bpmOfBeats(beats);
}

// qm-dsp's tempo tracker (TempoTrackV2, as in Mixxx and the QM bar-and-beat tracker): the
// complex spectral difference detection function, then beat period and beats by dynamic
// programming over the whole clip.
double qmBpm(const float *x, size_t n, int rate, unsigned step)
{
    DFConfig config{};
    config.stepSize = step;
    config.frameLength = 2 * step;
    config.DFType = DF_COMPLEXSD;
    config.dbRise = 3;
    config.adaptiveWhitening = false;
    config.whiteningRelaxCoeff = -1;
    config.whiteningFloor = -1;
    DetectionFunction df(config);
    std::vector<double> frame(config.frameLength), values;
    for (size_t at = 0; at + config.frameLength <= n; at += step) {
        std::copy(x + at, x + at + config.frameLength, frame.begin());
        values.push_back(df.processTimeDomain(frame.data()));
    }
    if (values.size() < 3)
        return 0;
    values.erase(values.begin(), values.begin() + 2); // the first two are start-up transients
    TempoTrackV2 tracker(float(rate), step);
    std::vector<double> period(values.size()), tempi, beats;
    tracker.calculateBeatPeriod(values, period, tempi);
    tracker.calculateBeats(values, period, beats);
    for (double &b : beats)
        b = (b + 2) * step / rate;
    return bpmOfBeats(beats);
}

// {whole, first half, second half, ms per minute of the whole} for one estimator.
QJsonArray threeWays(const std::vector<float> &x, int rate,
                     const std::function<double(const float *, size_t)> &bpm)
{
    const double sec = double(x.size()) / rate;
    const auto whole = timed(sec, [&] { return bpm(x.data(), x.size()); });
    const size_t half = x.size() / 2;
    return {whole.first, bpm(x.data(), half), bpm(x.data() + half, x.size() - half), whole.second};
}

QJsonObject tempoOf(const QString &path)
{
    const std::vector<float> low = decodeMono(path, 11025), high = decodeMono(path, 44100);
    return {
        {QStringLiteral("file"), path},
        {QStringLiteral("seconds"), double(low.size()) / 11025},
        {QStringLiteral("ours"), threeWays(low, 11025, legacyBpm)},
        {QStringLiteral("stage"), threeWays(low, 11025, oursBpm)},
        {QStringLiteral("aubio11k"),
         threeWays(low, 11025,
                   [](const float *x, size_t n) { return aubioBpm(x, n, 11025, 256, 128); })},
        {QStringLiteral("aubio44k"),
         threeWays(high, 44100,
                   [](const float *x, size_t n) { return aubioBpm(x, n, 44100, 1024, 512); })},
        {QStringLiteral("qm11k"),
         threeWays(low, 11025, [](const float *x, size_t n) { return qmBpm(x, n, 11025, 128); })},
        {QStringLiteral("qm44k"),
         threeWays(high, 44100, [](const float *x, size_t n) { return qmBpm(x, n, 44100, 512); })}};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3 ||
        (args[1] != QLatin1String("loudness") && args[1] != QLatin1String("tempo"))) {
        std::fprintf(stderr, "usage: dsp_compare loudness|tempo FILE...\n");
        return 2;
    }
    for (qsizetype i = 2; i < args.size(); ++i) {
        const QJsonObject o =
            args[1] == QLatin1String("loudness") ? loudnessOf(args[i]) : tempoOf(args[i]);
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
    }
    return 0;
}
