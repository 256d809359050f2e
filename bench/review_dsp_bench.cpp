// The reviewer's workspace signal processing on 30 s preview snippets (22050 Hz mono, as the
// client decodes them): prints a Markdown table of p50 / worst wall-clock milliseconds. Not a
// test; run `build/release/bench/review_dsp_bench [RUNS]` (default 20).
#include "core/audio/difference_track.h"
#include "core/audio/loudness.h"
#include "core/audio/review_audio.h"
#include "core/audio/spectrogram.h"

#include "support/test_signals.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

using namespace lemm::core;

namespace {

constexpr int kRate = 22050;

PcmClip previewOf(const std::vector<float> &x, double startSec)
{
    auto mp3 = encodeMp3(x, kRate, 64);
    if (!mp3)
        qFatal("encodeMp3: %s", qPrintable(mp3.error().message));
    auto clip = decodeClip(mp3.value(), startSec);
    if (!clip)
        qFatal("decodeClip: %s", qPrintable(clip.error().message));
    return clip.value();
}

void measure(const char *what, int runs, const std::function<void()> &work)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("| %s | %.1f / %.1f | ms |\n", what, ms[ms.size() / 2], ms.back());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 20;
    const std::vector<float> music = lemm::test::melody(45, kRate, 15);
    const PcmClip ref = previewOf(std::vector<float>(music.begin(), music.begin() + 35 * kRate), 0);
    const PcmClip sub =
        previewOf(std::vector<float>(music.begin() + 2 * kRate, music.begin() + 32 * kRate), 10);
    const SegmentAlignment same{10, 2, 1, 1};
    const SegmentAlignment faster{10, 2, 1.03, 1.03};
    const SegmentAlignment repitched{10, 2, 1, 1.0595};
    std::printf("| step (30 s preview, 22050 Hz mono, %d runs) | p50 / worst | unit |\n", runs);
    std::printf("|---|---|---|\n");
    volatile double sink = 0;
    measure("spectrogram (1024-point FFT, hop 256, dB)", runs,
            [&] { sink = sink + computeSpectrogram(sub)->peakDb; });
    measure("integrated loudness (BS.1770-4, libebur128)", runs,
            [&] { sink = sink + integratedLoudness(sub).value(); });
    measure("loudness, true peak and LRA (libebur128, the A/B match)", runs,
            [&] { sink = sink + measureLoudness(sub)->truePeakDbtp; });
    measure("alignReference, time = pitch factor 1.03 (resampling)", runs,
            [&] { sink = sink + double(alignReference(ref, faster, kRate)->mono.size()); });
    measure("differenceTrack, factors 1 (lag search, time domain, both loudnesses)", runs,
            [&] { sink = sink + differenceTrack(sub, ref, same)->reductionDb; });
    measure("differenceTrack, time = pitch 1.03", runs,
            [&] { sink = sink + differenceTrack(sub, ref, faster)->reductionDb; });
    measure("differenceTrack, pitch 1.0595, time 1 (grains, spectral subtraction)", runs,
            [&] { sink = sink + differenceTrack(sub, ref, repitched)->reductionDb; });
    auto d = differenceTrack(sub, ref, same);
    std::printf(
        "| null of the re-encoded pair above (independent encodes of one melody) | %.1f | dB |\n",
        d->reductionDb);
    return 0;
}
