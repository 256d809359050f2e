// Per-stage extraction speed on real files: decoding, fp_robust alone, fp_exact alone, and
// the whole one-pass pipeline, in multiples of real time on one core.
//   feature_speed_bench LIST   (lines: id<TAB>audio_path)
#include "core/audio/audio_decoder.h"
#include "core/similarity/fp_exact.h"
#include "core/similarity/fp_robust.h"
#include "core/similarity/track_features.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <cstdio>

using namespace lemm::core;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: feature_speed_bench LIST\n");
        return 2;
    }
    QFile f(QString::fromLocal8Bit(argv[1]));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return 1;
    QTextStream in(&f);
    double audio = 0, decode = 0, robustSec = 0, exactSec = 0, all = 0;
    while (!in.atEnd()) {
        const QString path = in.readLine().section(QLatin1Char('\t'), 1);
        QElapsedTimer t;
        t.start();
        DecodeOptions o8;
        o8.outputRate = robust::kRate;
        auto d8 = decodeAudioFile(path, o8);
        decode += t.nsecsElapsed() / 1e9;
        if (!d8)
            continue;
        t.restart();
        (void)robustFingerprint(d8->samples);
        robustSec += t.nsecsElapsed() / 1e9;
        DecodeOptions o11;
        o11.outputRate = ExactFingerprinter::kRate;
        auto d11 = decodeAudioFile(path, o11);
        t.restart();
        ExactFingerprinter e;
        e.feed(d11->samples.data(), int(d11->samples.size()));
        (void)e.finish();
        exactSec += t.nsecsElapsed() / 1e9;
        t.restart();
        (void)extractFeatures(path);
        all += t.nsecsElapsed() / 1e9;
        audio += d8->stats.decodedSec();
    }
    std::printf("| stage (one core) | × real time |\n|---|---|\n");
    std::printf("| decode + resample to 8 kHz mono | %.0f |\n", audio / decode);
    std::printf("| fp_robust alone | %.0f |\n", audio / robustSec);
    std::printf("| fp_exact (Chromaprint) alone | %.0f |\n", audio / exactSec);
    std::printf("| whole pipeline, decode included (fp_exact, fp_robust, embedding, loudness, "
                "tempo) | %.0f |\n",
                audio / all);
    std::printf("\n%.2f hours of audio\n", audio / 3600);
    return 0;
}
