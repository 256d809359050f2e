// Frame times of the reviewer's waveform lane on a 10-minute track (the goal: no frame over
// 100 ms, so the UI never freezes): a 1600x200 WaveformView with its ruler, amplitude scale,
// grid, 20 dense overlays with labels and a visible 30 s spectrogram layer, plus the 1600x36
// overview strip that follows it, painted while zooming from the whole track to ~1.5 s and
// scrolling (400 frames). Also: building the pyramid, converting the spectrogram to its image,
// opening a submission's envelope JSON, decoding a preview. Prints a Markdown table. Run
// offscreen: `QT_QPA_PLATFORM=offscreen build/ci/bench/waveform_bench`.
#include "bench_util.h"
#include "core/audio/review_audio.h"
#include "core/audio/spectrogram.h"
#include "core/audio/waveform_pyramid.h"
#include "ui/overview_strip.h"
#include "ui/snippet_player.h"
#include "ui/waveform_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPixmap>

#include <cmath>
#include <functional>

using namespace lemm;

namespace {

core::PeakEnvelope tenMinutes()
{
    core::PeakEnvelope e;
    e.sampleRate = 11025;
    e.block = 256;
    const size_t n = size_t(600.0 / e.secondsPerPeak());
    for (size_t i = 0; i < n; ++i) {
        const int8_t a = int8_t(20 + (i * 2654435761u >> 27));
        e.mins.push_back(int8_t(-a));
        e.maxs.push_back(a);
    }
    return e;
}

// 20 overlays packed into two minutes, overlapping, of both kinds, a few dimmed.
QList<ui::WaveformOverlay> denseOverlays()
{
    QList<ui::WaveformOverlay> out;
    for (int i = 0; i < 20; ++i) {
        ui::WaveformOverlay o{240.0 + i * 6,
                              252.0 + i * 6,
                              {},
                              QStringLiteral("open-corpus %1").arg(0.5 + i / 40.0, 0, 'f', 2)};
        o.score = 0.5 + i / 40.0;
        o.timeFactor = 1.05;
        o.pitchFactor = 1.059;
        o.refStart = 30 + i;
        o.refEnd = 42 + i;
        o.kind = i % 3 ? ui::OverlayKind::Vault : ui::OverlayKind::ExternalCatalog;
        o.dimmed = i % 7 == 0;
        out << o;
    }
    return out;
}

// A 30 s spectrogram as computeSpectrogram makes it of a 22050 Hz preview (1024 / 256):
// 2583 frames x 513 bins of changing partials.
core::Spectrogram thirtySeconds(double startSec)
{
    core::Spectrogram s;
    s.startSec = startSec;
    s.secondsPerFrame = 256.0 / 22050;
    s.maxHz = 11025;
    s.bins = 513;
    s.frames = int(30 / s.secondsPerFrame);
    s.db.resize(size_t(s.frames) * size_t(s.bins));
    for (int f = 0; f < s.frames; ++f)
        for (int b = 0; b < s.bins; ++b)
            s.db[size_t(f) * size_t(s.bins) + size_t(b)] =
                float(-100 + 90 * std::exp(-std::abs(b - (20 + f % 200)) / 3.0));
    s.peakDb = -10;
    return s;
}

double worst(const std::vector<double> &v)
{
    return *std::max_element(v.begin(), v.end());
}

std::vector<double> timeRuns(int runs, const std::function<void()> &what)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        what();
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    return ms;
}

void rowOf(const char *what, const std::vector<double> &ms)
{
    const bench::Stats s = bench::stats(ms);
    bench::row(what,
               QStringLiteral("%1 / %2 / %3")
                   .arg(s.p50, 0, 'f', 2)
                   .arg(s.p95, 0, 'f', 2)
                   .arg(worst(ms), 0, 'f', 2),
               "ms");
}

// The server's envelope JSON parsed and converted as the client does on opening a submission.
core::PeakEnvelope envelopeFromJson(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    core::PeakEnvelope e;
    e.sampleRate = 11025;
    e.block = int(std::lround(o.value(QStringLiteral("seconds_per_peak")).toDouble() * 11025));
    const QJsonArray mins = o.value(QStringLiteral("min")).toArray();
    const QJsonArray maxs = o.value(QStringLiteral("max")).toArray();
    for (qsizetype i = 0; i < std::min(mins.size(), maxs.size()); ++i) {
        e.mins.push_back(int8_t(std::clamp(mins[i].toInt(), -127, 127)));
        e.maxs.push_back(int8_t(std::clamp(maxs[i].toInt(), -127, 127)));
    }
    return e;
}

QByteArray envelopeJson(const core::PeakEnvelope &e)
{
    QJsonArray mins, maxs;
    for (size_t i = 0; i < e.mins.size(); ++i) {
        mins.append(e.mins[i]);
        maxs.append(e.maxs[i]);
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("seconds_per_peak"), e.secondsPerPeak()},
                                     {QStringLiteral("min"), mins},
                                     {QStringLiteral("max"), maxs}})
        .toJson(QJsonDocument::Compact);
}

// 400 frames: zooming from the whole track to ~1.5 s at the overlays, then scrolling; each
// frame paints the lane and the overview strip.
std::vector<double> paintFrames(ui::WaveformView &v, ui::OverviewStrip &strip)
{
    QPixmap lane(v.size()), overview(strip.size());
    std::vector<double> ms;
    for (int frame = 0; frame < 400; ++frame) {
        if (frame < 200)
            v.zoomAt(1.03, 300);
        else
            v.scrollBySeconds(frame % 2 ? 0.2 : -0.1);
        QElapsedTimer t;
        t.start();
        v.render(&lane);
        strip.render(&overview);
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    return ms;
}

std::vector<double> decodePreviews()
{
    std::vector<float> tone(size_t(30 * 22050));
    for (size_t i = 0; i < tone.size(); ++i)
        tone[i] = 0.3f * float(std::sin(2 * M_PI * 440.0 * double(i) / 22050.0));
    const QByteArray mp3 = core::encodeMp3(tone, 22050, 64).value();
    ui::SnippetPlayer player;
    return timeRuns(20, [&] {
        QString problem;
        if (!player.load(mp3, &problem))
            qFatal("snippet: %s", qPrintable(problem));
    });
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const core::PeakEnvelope e = tenMinutes();
    const core::Spectrogram spectrogram = thirtySeconds(255);
    ui::WaveformView v;
    v.resize(1600, 200);
    v.setPeaks(e);
    v.setCaption(QStringLiteral("Submission"));
    v.setOverlays(denseOverlays());
    v.setSelectedOverlay(3);
    v.setSpectrogram(spectrogram);
    v.setSpectrogramVisible(true);
    ui::OverviewStrip strip;
    strip.resize(1600, 36);
    strip.followView(&v);
    const std::vector<double> frames = paintFrames(v, strip);
    const std::vector<double> pyramid = timeRuns(20, [&] { core::WaveformPyramid p(e); });
    const std::vector<double> image = timeRuns(20, [&] { v.setSpectrogram(spectrogram); });
    const QByteArray body = envelopeJson(e);
    const std::vector<double> open = timeRuns(20, [&] {
        ui::WaveformView fresh;
        fresh.setPeaks(envelopeFromJson(body));
    });
    const std::vector<double> decode = decodePreviews();

    std::printf("| measurement (p50 / p95 / worst) | value | unit |\n|---|---|---|\n");
    rowOf("waveform lane 1600x200 (ruler, scale, grid, 20 overlays, 30 s spectrogram) + "
          "overview strip 1600x36, 10-minute track, 400 frames of zoom and scroll",
          frames);
    rowOf("pyramid built from the 10-minute envelope (25 839 pairs)", pyramid);
    rowOf("30 s spectrogram (2583 x 513) converted to the layer's image", image);
    const QString openWhat = QStringLiteral("opening a submission: envelope JSON (%1 KB) parsed, "
                                            "converted, pyramid built")
                                 .arg(body.size() / 1024);
    rowOf(qPrintable(openWhat), open);
    rowOf("playing a preview: 30 s MP3 snippet decoded into memory", decode);
    const double worstFrame = worst(frames);
    std::printf("\nworst paint frame: %.2f ms (target: no frame over 100 ms) — %s\n", worstFrame,
                worstFrame <= 100 ? "met" : "MISSED");
    return worstFrame <= 100 ? 0 : 1;
}
