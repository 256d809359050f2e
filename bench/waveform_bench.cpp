// Frame times of the reviewer's waveform on a 10-minute track (the goal: no frame over 100 ms,
// so the UI never freezes): paints at 1600x200 while zooming from the whole track to 1 s and
// scrolling. Prints a Markdown table. Run offscreen: `QT_QPA_PLATFORM=offscreen
// build/ci/bench/waveform_bench`.
#include "app/review_view.h"
#include "bench_util.h"
#include "core/audio/review_audio.h"
#include "ui/snippet_player.h"
#include "ui/waveform_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPixmap>

#include <cmath>

using namespace lemm;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    core::PeakEnvelope e;
    e.sampleRate = 11025;
    e.block = 256;
    const size_t n = size_t(600.0 / e.secondsPerPeak());
    for (size_t i = 0; i < n; ++i) {
        const int8_t a = int8_t(20 + (i * 2654435761u >> 27));
        e.mins.push_back(int8_t(-a));
        e.maxs.push_back(a);
    }
    ui::WaveformView v;
    v.resize(1600, 200);
    v.setPeaks(e);
    v.setOverlays({{60, 90, Qt::red, QStringLiteral("catalog 0.93")},
                   {300, 330, Qt::blue, QStringLiteral("vault 0.71")}});
    QPixmap target(v.size());
    std::vector<double> ms;
    for (int frame = 0; frame < 400; ++frame) {
        if (frame < 200)
            v.zoomAt(1.03, 300); // whole track -> ~1.5 s
        else
            v.scrollBySeconds(frame % 2 ? 0.2 : -0.1);
        QElapsedTimer t;
        t.start();
        v.render(&target);
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    // Opening a submission: the whole envelope arrives as the server's JSON (one min/max pair
    // per 23 ms, ~300 KB) and is parsed, converted and turned into the pyramid on the GUI thread.
    QJsonArray mins, maxs;
    for (size_t i = 0; i < n; ++i) {
        mins.append(e.mins[i]);
        maxs.append(e.maxs[i]);
    }
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("seconds_per_peak"), e.secondsPerPeak()},
                                  {QStringLiteral("min"), mins},
                                  {QStringLiteral("max"), maxs}})
            .toJson(QJsonDocument::Compact);
    std::vector<double> openMs;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer t;
        t.start();
        ui::WaveformView fresh;
        fresh.setPeaks(app::peaksFromJson(QJsonDocument::fromJson(body).object()));
        openMs.push_back(t.nsecsElapsed() / 1e6);
    }
    // Playing a preview: the 30 s MP3 snippet (64 kbit/s, as the server sends it) decoded into
    // memory on the GUI thread.
    std::vector<float> tone(size_t(30 * 22050));
    for (size_t i = 0; i < tone.size(); ++i)
        tone[i] = 0.3f * float(std::sin(2 * M_PI * 440.0 * double(i) / 22050.0));
    const QByteArray mp3 = core::encodeMp3(tone, 22050, 64).value();
    std::vector<double> decodeMs;
    ui::SnippetPlayer player;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer t;
        t.start();
        QString problem;
        if (!player.load(mp3, &problem))
            qFatal("snippet: %s", qPrintable(problem));
        decodeMs.push_back(t.nsecsElapsed() / 1e6);
    }
    const bench::Stats s = bench::stats(ms);
    std::printf("| measurement | value | unit |\n|---|---|---|\n");
    bench::row("waveform paint, 10-minute track, 1600x200, 400 frames: p50 / p95",
               QStringLiteral("%1 / %2").arg(s.p50, 0, 'f', 2).arg(s.p95, 0, 'f', 2), "ms");
    bench::row("waveform paint, worst frame",
               QString::number(*std::max_element(ms.begin(), ms.end()), 'f', 2), "ms");
    const bench::Stats o = bench::stats(openMs);
    const QString openWhat = QStringLiteral("opening a submission: envelope JSON (%1 KB) parsed, "
                                            "converted, pyramid built: p50 / worst")
                                 .arg(body.size() / 1024);
    bench::row(qPrintable(openWhat),
               QStringLiteral("%1 / %2")
                   .arg(o.p50, 0, 'f', 2)
                   .arg(*std::max_element(openMs.begin(), openMs.end()), 0, 'f', 2),
               "ms");
    const bench::Stats d = bench::stats(decodeMs);
    bench::row("playing a preview: 30 s MP3 snippet decoded into memory: p50 / worst",
               QStringLiteral("%1 / %2")
                   .arg(d.p50, 0, 'f', 2)
                   .arg(*std::max_element(decodeMs.begin(), decodeMs.end()), 0, 'f', 2),
               "ms");
    return 0;
}
