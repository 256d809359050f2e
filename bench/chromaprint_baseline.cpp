// The Chromaprint baseline for bench/similarity_bench.sh, matched the way AcoustID compares
// fingerprints: every reference is a candidate; for each, the alignment with the lowest bit
// error rate, with the shorter fingerprint overlapping whole, wins; score = max(0, 1 - 2 * BER), so
// a random alignment (BER 0.5) scores 0. Prints the same JSON lines as `similarity query`.
//   chromaprint_baseline REFS.txt QUERIES.txt   (lines: id<TAB>audio_path)
#include "core/audio/audio_decoder.h"
#include "core/similarity/fp_exact.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QtConcurrent>

#include <bit>
#include <cstdio>

using namespace lemm::core;

namespace {

struct Item {
    QString id, path;
    std::vector<uint32_t> fp;
    double ms = 0, seconds = 0;
    bool ok = false;
};

QList<Item> readList(const QString &file)
{
    QList<Item> out;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return out;
    QTextStream in(&f);
    while (!in.atEnd()) {
        const QString line = in.readLine();
        const int tab = line.indexOf(QLatin1Char('\t'));
        if (tab > 0)
            out.append({line.left(tab), line.mid(tab + 1), {}, 0, 0, false});
    }
    return out;
}

Item fingerprint(Item it)
{
    QElapsedTimer t;
    t.start();
    AudioDecoder dec;
    if (!dec.openFile(it.path))
        return it;
    ExactFingerprinter fp;
    DecodeOptions o;
    o.outputRate = ExactFingerprinter::kRate;
    auto stats = dec.decode(o, [&](const float *pcm, int n) { fp.feed(pcm, n); });
    auto r = fp.finish();
    if (!stats || !r)
        return it;
    it.fp = r->raw;
    it.seconds = stats->decodedSec();
    it.ms = t.nsecsElapsed() / 1e6;
    it.ok = true;
    return it;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: chromaprint_baseline REFS.txt QUERIES.txt\n");
        return 2;
    }
    QList<Item> refs =
        QtConcurrent::blockingMapped(readList(QString::fromLocal8Bit(argv[1])), fingerprint);
    double audio = 0, cpu = 0;
    for (const Item &r : refs) {
        audio += r.seconds;
        cpu += r.ms / 1000.0;
    }
    std::fprintf(stderr,
                 "chromaprint: %d references, %.0fx real time per core (decode + fingerprint)\n",
                 int(refs.size()), audio / std::max(1e-9, cpu));
    const QList<Item> queries =
        QtConcurrent::blockingMapped(readList(QString::fromLocal8Bit(argv[2])), fingerprint);
    for (const Item &q : queries) {
        QElapsedTimer t;
        t.start();
        struct Best {
            QString id;
            double ber = 1;
            int offset = 0;
        };
        std::vector<Best> best;
        const int nq = int(q.fp.size());
        for (const Item &r : refs) {
            if (!r.ok || !q.ok)
                continue;
            const int nr = int(r.fp.size());
            const int need = std::min(nq, nr); // the shorter fingerprint overlaps whole
            Best b{r.id, 1.0, 0};
            for (int off = -(nq - need); off <= nr - need; ++off) {
                const int a = std::max(0, -off), e = std::min(nq, nr - off);
                if (e - a < need)
                    continue;
                long bits = 0;
                for (int i = a; i < e; ++i)
                    bits += std::popcount(q.fp[size_t(i)] ^ r.fp[size_t(i + off)]);
                const double ber = double(bits) / (32.0 * (e - a));
                if (ber < b.ber)
                    b = {r.id, ber, off};
            }
            best.push_back(b);
        }
        std::sort(best.begin(), best.end(),
                  [](const Best &x, const Best &y) { return x.ber < y.ber; });
        QJsonArray matches;
        for (size_t i = 0; i < std::min<size_t>(5, best.size()); ++i)
            matches.append(QJsonObject{
                {QStringLiteral("id"), best[i].id},
                {QStringLiteral("score"), std::max(0.0, 1.0 - 2.0 * best[i].ber)},
                {QStringLiteral("offset_s"), best[i].offset * ExactFingerprint::kItemSeconds}});
        std::printf("%s\n",
                    QJsonDocument(QJsonObject{{QStringLiteral("query"), q.id},
                                              {QStringLiteral("matches"), matches},
                                              {QStringLiteral("query_ms"), t.nsecsElapsed() / 1e6},
                                              {QStringLiteral("extract_ms"), q.ms}})
                        .toJson(QJsonDocument::Compact)
                        .constData());
    }
    return 0;
}
