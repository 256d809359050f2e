// Mutation fuzzing of the decoder entry point (decodeAudioBuffer) for a fixed time: seed files
// are mutated (bit flips, overwritten blocks, spliced halves, truncations, repeated chunks)
// and decoded with a 10 s deadline. A crash aborts the run; a decode that needs more than the
// deadline is reported as "decode_timeout" by the decoder itself. Prints a summary table.
//   decoder_fuzz SECONDS SEED_FILE...
#include "core/audio/audio_decoder.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QRandomGenerator>

#include <cstdio>

using namespace lemm::core;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: decoder_fuzz SECONDS SEED_FILE...\n");
        return 2;
    }
    const double seconds = QByteArray(argv[1]).toDouble();
    QList<QByteArray> seeds;
    for (int i = 2; i < argc; ++i) {
        QFile f(QString::fromLocal8Bit(argv[i]));
        if (f.open(QIODevice::ReadOnly))
            seeds << f.readAll();
    }
    if (seeds.isEmpty())
        return 1;
    QRandomGenerator rng(20261123);
    QElapsedTimer total;
    total.start();
    long runs = 0;
    double slowest = 0;
    QHash<QString, long> outcomes;
    while (total.elapsed() < seconds * 1000) {
        QByteArray x = seeds[int(rng.bounded(seeds.size()))];
        const int kind = int(rng.bounded(5));
        switch (kind) {
        case 0:
            for (int k = 0, n = 1 + int(rng.bounded(64)); k < n; ++k)
                x[int(rng.bounded(x.size()))] ^= char(1 << rng.bounded(8));
            break;
        case 1: {
            const int at = int(rng.bounded(x.size()));
            for (int k = at; k < qMin(x.size(), at + 1 + int(rng.bounded(4096))); ++k)
                x[k] = char(rng.bounded(256));
            break;
        }
        case 2: {
            const QByteArray &other = seeds[int(rng.bounded(seeds.size()))];
            x = x.left(int(rng.bounded(x.size()))) + other.mid(int(rng.bounded(other.size())));
            break;
        }
        case 3: x.truncate(int(rng.bounded(x.size()))); break;
        default: {
            const int at = int(rng.bounded(x.size())),
                      len = int(rng.bounded(qMin(8192, x.size() - at) + 1));
            x.insert(at, x.mid(at, len).repeated(1 + int(rng.bounded(8))));
        }
        }
        DecodeOptions o;
        o.outputRate = 11025;
        o.timeoutMs = 10000;
        QElapsedTimer t;
        t.start();
        auto r = decodeAudioBuffer(x, o);
        slowest = qMax(slowest, t.nsecsElapsed() / 1e6);
        ++outcomes[r.ok() ? QStringLiteral("decoded") : r.error().code];
        ++runs;
    }
    std::printf("| outcome | inputs |\n|---|---|\n");
    for (auto it = outcomes.begin(); it != outcomes.end(); ++it)
        std::printf("| %s | %ld |\n", qPrintable(it.key()), it.value());
    std::printf("\n%ld mutated inputs in %.0f s, no crash; slowest decode %.0f ms\n", runs,
                total.elapsed() / 1000.0, slowest);
    return 0;
}
