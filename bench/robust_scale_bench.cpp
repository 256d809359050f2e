// Scale run for the fp_robust index (issue 16): the real references of bench/similarity_bench.sh
// padded with synthetic tracks up to 1, 100, 1,000 and 10,000 hours (or --max-hours), each
// size written by the streaming builder into the mapped file format, loaded back (mapped) and
// queried with real 10 s excerpts on one thread.
//
// Generator: synthetic tracks of 4 minutes with the real references' anchor density (anchor
// peaks per second) and triplets per anchor; each triplet's key is drawn from the real key
// histogram (so bucket sizes grow the way they would with more music of the same kind), the
// anchor's frame uniformly within the track, its pitch from the real anchors' pitch histogram
// (so the pitch windows the sorted buckets are read by hold what they would with real music).
// Seeded per track, so the builder's two passes see the same tracks. Reproducible.
//   robust_scale_bench REFS.txt QUERIES.txt [--truth TRUTH.tsv] [--max-hours H] [--work DIR]
//                      [--budgets POSTINGS,...] [--sizes 1,100,1000,10000]
//                      [--modes window,whole] [--keep]
// --keep leaves each size's file in the work directory (scale-HOURS.lvri) and reuses it when
// it is there (the 10,000-hour file takes minutes to write and 12 GB of disk).
// Modes: `window` reads each sorted bucket's pitch window (the index as it is); `whole` reads
// whole buckets (the LVRI2 index), side by side on the same file.
// REFS.txt and QUERIES.txt: id<TAB>path lines (the similarity benchmark's refs.txt and its
// clean 10 s queries); TRUTH.tsv: its truth.tsv (query id, reference id, ...), for the share of
// queries whose best answer is their reference. Run it under `taskset -c 1` for one core.
#include "core/similarity/robust_index.h"
#include "core/similarity/track_features.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QTextStream>
#include <QtConcurrent>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <numeric>

using namespace lemm::core;

namespace {

long statusMiB(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(strlen(field))).trimmed().split(' ').first().toLong() / 1024;
    return -1;
}

// Resets VmHWM to the current RSS (Linux: "5" to clear_refs), so the peak is per size.
void resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

QList<QPair<QString, QString>> readList(const QString &path)
{
    QList<QPair<QString, QString>> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return out;
    QTextStream in(&f);
    while (!in.atEnd()) {
        const QString line = in.readLine();
        if (line.contains(QLatin1Char('\t')))
            out.append({line.section(QLatin1Char('\t'), 0, 0), line.section(QLatin1Char('\t'), 1)});
    }
    return out;
}

struct Options {
    QString refs, queries, truth, work = QStringLiteral("/tmp/lemm-robust-scale");
    std::vector<double> sizes{1, 100, 1000, 10000};
    double maxHours = 10000;
    std::vector<qint64> budgets{RobustIndex::kDefaultProbeBudget};
    QList<QByteArray> modes{"window", "whole"};
    bool keep = false;
};

// splitmix64: a small, fast, well-mixed generator (the builder draws billions of values).
struct SplitMix {
    uint64_t state;
    uint64_t next()
    {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    uint32_t below(uint32_t n) { return uint32_t((next() >> 32) * n >> 32); }
    double unit() { return double(next() >> 11) * 0x1.0p-53; }
};

// Walker's alias table (Vose's construction): draws key k with probability hist[k] / total
// in constant time.
struct AliasTable {
    std::vector<double> prob;
    std::vector<uint32_t> alias;
    explicit AliasTable(const std::vector<uint32_t> &hist)
    {
        const size_t n = hist.size();
        const double total = std::accumulate(hist.begin(), hist.end(), 0.0);
        prob.resize(n);
        alias.resize(n);
        std::vector<double> scaled(n);
        std::vector<uint32_t> small, large;
        for (size_t i = 0; i < n; ++i) {
            scaled[i] = hist[i] * double(n) / total;
            (scaled[i] < 1 ? small : large).push_back(uint32_t(i));
        }
        while (!small.empty() && !large.empty()) {
            const uint32_t s = small.back(), l = large.back();
            small.pop_back();
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] -= 1 - scaled[s];
            if (scaled[l] < 1) {
                large.pop_back();
                small.push_back(l);
            }
        }
        for (uint32_t i : large)
            prob[i] = 1, alias[i] = i;
        for (uint32_t i : small)
            prob[i] = 1, alias[i] = i;
    }
    uint32_t draw(SplitMix &rng) const
    {
        const uint32_t i = rng.below(uint32_t(prob.size()));
        return rng.unit() < prob[i] ? i : alias[i];
    }
};

// The synthetic corpus: real density, real key histogram, seeded per track.
struct Generator {
    std::shared_ptr<AliasTable> keys, pitches;
    double anchorsPerSecond = 0, tripletsPerAnchor = 0;
    static constexpr double kTrackSec = 240.0;

    std::vector<Triplet> track(uint64_t n) const
    {
        SplitMix rng{0x1e552026ull ^ (n * 0x9e3779b97f4a7c15ull)};
        const uint32_t frames = uint32_t(kTrackSec / robust::kHopSeconds);
        const int anchors = int(anchorsPerSecond * kTrackSec);
        std::vector<Triplet> out;
        out.reserve(size_t(anchors * (tripletsPerAnchor + 1)));
        for (int a = 0; a < anchors; ++a) {
            const uint32_t t1 = rng.below(frames), f1 = pitches->draw(rng);
            const int whole = int(tripletsPerAnchor);
            const int k = whole + (rng.unit() < tripletsPerAnchor - whole);
            for (int i = 0; i < k; ++i) {
                Triplet t;
                t.key = keys->draw(rng);
                t.t1 = t1;
                t.f1 = uint16_t(f1);
                out.push_back(t);
            }
        }
        return out;
    }
};

struct Real {
    std::vector<QString> ids;
    std::vector<RobustFingerprint> fps;
    double seconds = 0;
};

struct Row {
    double hours = 0;
    int tracks = 0;
    qint64 postings = 0, fileBytes = 0;
    double buildSec = 0, loadMs = 0, p50 = 0, p95 = 0, coldP95 = 0, found = 0;
    double cpuP50 = 0, cpuP95 = 0, wantedP50 = 0, readP50 = 0;
    int bound = 0; // queries whose probes hold more postings than the budget
    long rss = 0, hwm = 0, anon = 0, fileBacked = 0;
};

Status build(const QString &file, const Real &real, const Generator &gen, uint64_t synthetic)
{
    RobustIndexBuilder b;
    for (size_t i = 0; i < real.fps.size(); ++i)
        b.count(real.ids[i], real.fps[i].durationSec, real.fps[i].triplets);
    for (uint64_t n = 0; n < synthetic; ++n)
        b.count(QStringLiteral("synthetic_%1").arg(n), Generator::kTrackSec, gen.track(n));
    if (auto s = b.open(file); !s)
        return s;
    uint32_t t = 0;
    for (const RobustFingerprint &fp : real.fps)
        if (auto s = b.place(t++, fp.triplets); !s)
            return s;
    for (uint64_t n = 0; n < synthetic; ++n)
        if (auto s = b.place(t++, gen.track(n)); !s)
            return s;
    return b.finish();
}

// This thread's CPU time in ms (the machine is shared: wall time includes other work).
double cpuMs()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(double(v.size()) * p))];
}

Row measure(const QString &file, const std::vector<RobustFingerprint> &queries,
            const std::vector<QString> &expected, qint64 budget, bool window)
{
    Row r;
    resetPeak();
    QElapsedTimer timer;
    timer.start();
    auto loaded = RobustIndex::load(file);
    r.loadMs = timer.nsecsElapsed() / 1e6;
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error().message));
        return r;
    }
    RobustIndex index = std::move(loaded).value();
    index.setProbeBudget(budget);
    index.setPitchWindow(window);
    std::vector<double> cold, warm, cpu;
    int found = 0;
    for (int rep = 0; rep < 4; ++rep)
        for (size_t i = 0; i < queries.size(); ++i) {
            timer.restart();
            const double c0 = cpuMs();
            const auto m = index.query(queries[i], 5);
            (rep == 0 ? cold : warm).push_back(timer.nsecsElapsed() / 1e6);
            if (rep > 0)
                cpu.push_back(cpuMs() - c0);
            if (rep == 0 && !m.empty() && m.front().trackId == expected[i])
                ++found;
        }
    // What the queries' probes hold (stop-words skipped) and what the budget let them read.
    std::vector<double> wanted, read;
    for (const RobustFingerprint &q : queries) {
        const RobustIndex::ProbeCost c = index.probeCost(q);
        wanted.push_back(double(c.wanted));
        read.push_back(double(c.read));
        r.bound += c.read < c.wanted;
    }
    r.wantedP50 = percentile(wanted, 0.5);
    r.readP50 = percentile(read, 0.5);
    r.hours = index.indexedSeconds() / 3600.0;
    r.tracks = index.trackCount();
    r.postings = index.postingCount();
    r.fileBytes = QFileInfo(file).size();
    r.coldP95 = percentile(cold, 0.95);
    r.p50 = percentile(warm, 0.5);
    r.p95 = percentile(warm, 0.95);
    r.cpuP50 = percentile(cpu, 0.5);
    r.cpuP95 = percentile(cpu, 0.95);
    r.found = queries.empty() ? 0 : double(found) / double(queries.size());
    r.rss = statusMiB("VmRSS:");
    r.hwm = statusMiB("VmHWM:");
    r.anon = statusMiB("RssAnon:");
    r.fileBacked = statusMiB("RssFile:");
    return r;
}

Options parse(int argc, char **argv)
{
    Options o;
    o.refs = QString::fromLocal8Bit(argv[1]);
    o.queries = QString::fromLocal8Bit(argv[2]);
    for (int i = 3; i < argc; i += 2) {
        const QByteArray k(argv[i]);
        if (k == "--keep") {
            o.keep = true;
            --i;
            continue;
        }
        if (i + 1 >= argc)
            break;
        const QByteArray v(argv[i + 1]);
        if (k == "--max-hours")
            o.maxHours = v.toDouble();
        else if (k == "--truth")
            o.truth = QString::fromLocal8Bit(v);
        else if (k == "--work")
            o.work = QString::fromLocal8Bit(v);
        else if (k == "--budgets") {
            o.budgets.clear();
            for (const QByteArray &b : v.split(','))
                o.budgets.push_back(b.toLongLong());
        } else if (k == "--modes") {
            o.modes = v.split(',');
        } else if (k == "--sizes") {
            o.sizes.clear();
            for (const QByteArray &s : v.split(','))
                o.sizes.push_back(s.toDouble());
        }
    }
    return o;
}

Real extractAll(const QList<QPair<QString, QString>> &list)
{
    Real real;
    QStringList paths;
    for (const auto &[id, path] : list)
        paths << path;
    const auto features =
        QtConcurrent::blockingMapped(paths, [](const QString &p) { return extractFeatures(p); });
    for (qsizetype i = 0; i < list.size(); ++i)
        if (features[i]) {
            real.ids.push_back(list[i].first);
            real.fps.push_back(features[i]->robust);
            real.seconds += features[i]->robust.durationSec;
        }
    return real;
}

Generator generatorOf(const Real &real)
{
    RobustIndex index;
    size_t triplets = 0, anchors = 0;
    std::vector<uint32_t> pitchHist(1024, 0);
    for (size_t i = 0; i < real.fps.size(); ++i) {
        index.add(real.ids[i], real.fps[i]);
        triplets += real.fps[i].triplets.size();
        std::vector<uint32_t> a;
        for (const Triplet &t : real.fps[i].triplets)
            a.push_back(t.t1 << 10 | t.f1);
        std::sort(a.begin(), a.end());
        a.erase(std::unique(a.begin(), a.end()), a.end());
        anchors += a.size();
        for (uint32_t packed : a)
            ++pitchHist[packed & 1023u];
    }
    const std::vector<uint32_t> hist = index.keyHistogram();
    Generator g;
    g.keys = std::make_shared<AliasTable>(hist);
    g.pitches = std::make_shared<AliasTable>(pitchHist);
    g.anchorsPerSecond = double(anchors) / real.seconds;
    g.tripletsPerAnchor = double(triplets) / double(std::max<size_t>(1, anchors));
    return g;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: robust_scale_bench REFS.txt QUERIES.txt [--truth TRUTH.tsv] "
                             "[--max-hours H] [--work DIR] [--budgets N,...] [--sizes 1,100] "
                             "[--modes window,whole] [--keep]\n");
        return 2;
    }
    const Options o = parse(argc, argv);
    QDir().mkpath(o.work);
    const Real real = extractAll(readList(o.refs));
    QHash<QString, QString> truth;
    for (const auto &[id, ref] : readList(o.truth))
        truth.insert(id, ref.section(QLatin1Char('\t'), 0, 0));
    std::vector<RobustFingerprint> queries;
    std::vector<QString> expected;
    const auto qlist = readList(o.queries);
    const Real q = extractAll(qlist);
    for (size_t i = 0; i < q.fps.size(); ++i) {
        queries.push_back(q.fps[i]);
        expected.push_back(truth.value(q.ids[i]));
    }
    const Generator gen = generatorOf(real);
    std::fprintf(stderr, "%zu queries; real %.2f h, %.1f anchors/s, %.2f triplets/anchor\n",
                 queries.size(), real.seconds / 3600, gen.anchorsPerSecond, gen.tripletsPerAnchor);
    std::printf("| buckets read | probe budget | indexed hours | tracks | postings | file (MiB) | "
                "bytes per hour "
                "| build (s) | "
                "load (ms) | VmRSS (MiB) | anon / file (MiB) | VmHWM (MiB) | p50 (ms) | p95 (ms) | "
                "CPU p50 (ms) | CPU p95 (ms) | cold p95 (ms) | top-1 own | probed p50 | read p50 | "
                "budget binds |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
                "---|\n");
    for (double target : o.sizes) {
        if (target > o.maxHours)
            break;
        const uint64_t synthetic = uint64_t(
            std::max(0.0, std::ceil((target * 3600 - real.seconds) / Generator::kTrackSec)));
        const QString file = o.work + QStringLiteral("/scale-%1.lvri").arg(target);
        QElapsedTimer t;
        t.start();
        if (o.keep && QFileInfo::exists(file))
            std::fprintf(stderr, "reusing %s\n", qPrintable(file));
        else if (auto s = build(file, real, gen, synthetic); !s) {
            std::fprintf(stderr, "%s\n", qPrintable(s.error().message));
            return 1;
        }
        const double buildSec = t.nsecsElapsed() / 1e9;
        for (const QByteArray &mode : o.modes)
            for (qint64 budget : o.budgets) {
                Row r = measure(file, queries, expected, budget, mode != "whole");
                r.buildSec = buildSec;
                std::printf("| %s | %lld ", mode.constData(), budget);
                std::printf("| %.0f | %d | %lld | %.0f | %.2f MB | %.0f | %.0f | %ld | %ld / %ld | "
                            "%ld | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f %% | %.0f | %.0f | "
                            "%d of %zu |\n",
                            r.hours, r.tracks, r.postings, r.fileBytes / 1048576.0,
                            r.fileBytes / std::max(1e-9, r.hours) / 1e6, r.buildSec, r.loadMs,
                            r.rss, r.anon, r.fileBacked, r.hwm, r.p50, r.p95, r.cpuP50, r.cpuP95,
                            r.coldP95, 100 * r.found, r.wantedP50, r.readP50, r.bound,
                            queries.size());
                std::fflush(stdout);
            }
        if (!o.keep)
            QFile::remove(file);
    }
    return 0;
}
