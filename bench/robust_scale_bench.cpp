// Scale run for the fp_robust index: pads a real index (from bench/similarity_bench.sh) with
// synthetic tracks up to 1, 10, 100, 1,000 and 10,000 hours (or --max-hours) and times
// real queries against it.
//
// Generator: synthetic tracks of 4 minutes with the real index's triplet density (postings per
// second); each triplet's key is drawn from the real index's key histogram (so bucket sizes
// grow the way they would with more music of the same kind), its anchor frame uniformly
// within the track, its pitch uniformly over the analysed range. Seeded, reproducible.
//   robust_scale_bench INDEXDIR QUERIES.txt [--max-hours H]
#include "core/similarity/robust_index.h"
#include "core/similarity/track_features.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTextStream>
#include <QtConcurrent>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>

using namespace lemm::core;

namespace {

long rssMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong() / 1024;
    return -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: robust_scale_bench INDEXDIR QUERIES.txt [--max-hours H]\n");
        return 2;
    }
    double maxHours = 10000;
    for (int i = 3; i + 1 < argc; ++i)
        if (QByteArray(argv[i]) == "--max-hours")
            maxHours = QByteArray(argv[i + 1]).toDouble();
    auto loaded =
        RobustIndex::load(QString::fromLocal8Bit(argv[1]) + QStringLiteral("/robust.lvri"));
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error().message));
        return 1;
    }
    RobustIndex index = std::move(loaded).value();
    const double realHours = index.indexedSeconds() / 3600.0;
    const double perSecond = double(index.postingCount()) / index.indexedSeconds();

    // Queries: 10 s excerpts listed in QUERIES.txt (the benchmark's clean 10 s queries).
    QStringList paths;
    QFile qf(QString::fromLocal8Bit(argv[2]));
    qf.open(QIODevice::ReadOnly | QIODevice::Text);
    QTextStream in(&qf);
    while (!in.atEnd()) {
        const QString line = in.readLine();
        if (line.contains(QLatin1Char('\t')))
            paths << line.section(QLatin1Char('\t'), 1);
    }
    std::vector<RobustFingerprint> queries;
    for (const auto &r :
         QtConcurrent::blockingMapped(paths, [](const QString &p) { return extractFeatures(p); }))
        if (r)
            queries.push_back(r->robust);
    std::fprintf(stderr, "%zu queries; real index %.2f h, %.1f postings/s\n", queries.size(),
                 realHours, perSecond);

    const std::vector<uint32_t> hist = index.keyHistogram();
    std::discrete_distribution<uint32_t> keyDist(hist.begin(), hist.end());
    std::mt19937_64 rng(2026);
    std::uniform_int_distribution<uint32_t> pitch(0, 47 * 16);
    constexpr double kTrackSec = 240.0;
    const uint32_t frames = uint32_t(kTrackSec / robust::kHopSeconds);
    std::uniform_int_distribution<uint32_t> frame(0, frames - 1);
    const int perTrack = int(perSecond * kTrackSec);

    std::printf("| indexed hours | tracks | postings | index memory (MiB) | process RSS (MiB) | "
                "query p50 (ms) | query p95 (ms) |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    int synthetic = 0;
    for (double target : {1.0, 10.0, 100.0, 1000.0, 10000.0}) {
        if (target > maxHours)
            break;
        // Reserve each bucket's expected growth first, so that vectors do not double past
        // their final size (which would not fit at 10,000 hours).
        const double addPostings =
            std::max(0.0, (target * 3600.0 - index.indexedSeconds()) * perSecond);
        const double histTotal = std::accumulate(hist.begin(), hist.end(), 0.0);
        std::vector<size_t> extra(hist.size());
        for (size_t k = 0; k < hist.size(); ++k)
            extra[k] = size_t(addPostings * hist[k] / histTotal * 1.01) + 16;
        index.reserve(extra);
        while (index.indexedSeconds() / 3600.0 < target) {
            std::vector<Triplet> t(static_cast<size_t>(perTrack));
            for (Triplet &x : t) {
                x.key = keyDist(rng);
                x.t1 = frame(rng);
                x.f1 = uint16_t(pitch(rng));
            }
            index.addRaw(QStringLiteral("synthetic_%1").arg(synthetic++), kTrackSec, t);
        }
        std::vector<double> ms;
        for (int rep = 0; rep < 3; ++rep)
            for (const RobustFingerprint &q : queries) {
                QElapsedTimer timer;
                timer.start();
                (void)index.query(q, 5);
                ms.push_back(timer.nsecsElapsed() / 1e6);
            }
        std::sort(ms.begin(), ms.end());
        std::printf("| %.0f | %d | %lld | %.0f | %ld | %.1f | %.1f |\n",
                    index.indexedSeconds() / 3600.0, index.trackCount(), index.postingCount(),
                    index.memoryBytes() / 1048576.0, rssMiB(), ms[ms.size() / 2],
                    ms[std::min(ms.size() - 1, size_t(ms.size() * 0.95))]);
        std::fflush(stdout);
    }
    return 0;
}
