// Sharding the robust index (issue 16): the same total index size served by 1 and by N shard
// processes on this machine, queried end to end through ShardGatherer (libcurl multi over
// loopback HTTP, the shard map in a throwaway SQLite) as an API node does.
//
// Each shard process indexes the reference tracks of MUSIC.txt that shardOf() gives it (real
// fingerprints) and pads itself with synthetic tracks up to HOURS / N, with the generator of
// bench/robust_scale_bench.cpp: 4-minute tracks with the real tracks' triplet density, keys
// drawn from their key histogram, pitches from their anchors' pitches, anchors uniform in time
// (seeded per shard); then compacted into a sorted base, as a replica's first load is
// (ReferenceIndex::compactIfWorthIt). The queries
// are real 10 s excerpts (QUERIES.txt, one path a line). A shard answers the internal route's
// wire form (shard_protocol.h) without authentication: a bench, not a server.
//   shard_bench run N HOURS MUSIC.txt QUERIES.txt
//   shard_bench serve K N HOURS MUSIC.txt        (started by `run`)
#include "server/similarity/shard_client.h"
#include "server/storage/migrations.h"

#include "core/similarity/robust_index.h"
#include "core/similarity/track_features.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <microhttpd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>

using namespace lemm::core;
using namespace lemm::server;

namespace {

QStringList lines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList out;
    for (const QByteArray &l : f.readAll().split('\n'))
        if (!l.trimmed().isEmpty())
            out << QString::fromUtf8(l.trimmed());
    return out;
}

long rssMiB(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong() / 1024;
    return -1;
}

// The shard's index: its real tracks, then synthetic padding to `hours`.
RobustIndex buildShard(int shard, int of, double hours, const QStringList &music)
{
    RobustIndex all;
    std::vector<uint16_t> pitches;
    for (const QString &path : music)
        if (auto f = extractFeatures(path)) {
            all.add(path, f->robust);
            for (const Triplet &t : f->robust.triplets)
                pitches.push_back(t.f1);
        }
    const double perSecond = double(all.postingCount()) / std::max(1.0, all.indexedSeconds());
    const std::vector<uint32_t> hist = all.keyHistogram();
    if (pitches.empty())
        pitches.push_back(24 * 16);
    for (const QString &path : music)
        if (shardOf(path, of) != shard)
            all.remove(path);
    all.compact();
    std::discrete_distribution<uint32_t> keyDist(hist.begin(), hist.end());
    std::mt19937_64 rng(2026 + uint64_t(shard));
    std::uniform_int_distribution<size_t> pitch(0, pitches.size() - 1);
    constexpr double kTrackSec = 240.0;
    std::uniform_int_distribution<uint32_t> frame(0, uint32_t(kTrackSec / robust::kHopSeconds) - 1);
    const int perTrack = int(perSecond * kTrackSec);
    int synthetic = 0;
    while (all.indexedSeconds() / 3600.0 < hours) {
        std::vector<Triplet> t(static_cast<size_t>(perTrack));
        for (Triplet &x : t) {
            x.key = keyDist(rng);
            x.t1 = frame(rng);
            x.f1 = pitches[pitch(rng)];
        }
        all.addRaw(QStringLiteral("synthetic_%1_%2").arg(shard).arg(synthetic++), kTrackSec, t);
    }
    all.compact();
    return all;
}

struct ShardServer {
    RobustIndex index;
    int shard = 0, of = 1;
};

MHD_Result answer(void *cls, MHD_Connection *c, const char *, const char *, const char *,
                  const char *upload, size_t *uploadSize, void **state)
{
    auto *body = static_cast<QByteArray *>(*state);
    if (!body) {
        *state = new QByteArray;
        return MHD_YES;
    }
    if (*uploadSize) {
        body->append(upload, qsizetype(*uploadSize));
        *uploadSize = 0;
        return MHD_YES;
    }
    const auto *s = static_cast<const ShardServer *>(cls);
    auto q = shardQueryFromJson(QJsonDocument::fromJson(*body).object());
    delete body;
    *state = nullptr;
    QByteArray out = "{}";
    if (q) {
        ShardAnswer a{s->shard, s->of, s->index.indexedSeconds(), {}};
        for (RobustMatch &m : s->index.query(q->fingerprint, q->maxResults + 1, 0.0))
            a.hits.append(ShardHit{std::move(m), true, 0});
        out = QJsonDocument(toJson(a)).toJson(QJsonDocument::Compact);
    }
    MHD_Response *r =
        MHD_create_response_from_buffer(size_t(out.size()), out.data(), MHD_RESPMEM_MUST_COPY);
    const MHD_Result ok = MHD_queue_response(c, q ? 200 : 400, r);
    MHD_destroy_response(r);
    return ok;
}

int serve(int shard, int of, double hours, const QString &musicList)
{
    ShardServer s{buildShard(shard, of, hours / of, lines(musicList)), shard, of};
    MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, nullptr, nullptr, &answer,
                                     &s, MHD_OPTION_END);
    if (!d)
        return 1;
    std::printf("port %d tracks %d postings %lld\n",
                int(MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port), s.index.trackCount(),
                s.index.postingCount());
    std::fflush(stdout);
    char c;
    while (std::fread(&c, 1, 1, stdin) == 1) { // until `run` closes our stdin
    }
    MHD_stop_daemon(d);
    return 0;
}

// Starts the N shard processes; their base URLs (empty on failure).
QStringList startShards(std::vector<std::unique_ptr<QProcess>> &procs, int n, double hours,
                        const QString &music)
{
    QStringList urls;
    for (int k = 0; k < n; ++k) {
        procs.push_back(std::make_unique<QProcess>());
        procs.back()->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        procs.back()->start(QCoreApplication::applicationFilePath(),
                            {QStringLiteral("serve"), QString::number(k), QString::number(n),
                             QString::number(hours), music});
    }
    for (auto &p : procs) {
        if (!p->waitForReadyRead(-1))
            return {};
        const QList<QByteArray> f = p->readLine().trimmed().split(' ');
        std::fprintf(stderr, "shard up: %s\n", f.join(' ').constData());
        urls << QStringLiteral("http://127.0.0.1:%1").arg(QString::fromLatin1(f.value(1)));
    }
    return urls;
}

int run(int n, double hours, const QString &music, const QString &queryList)
{
    std::vector<RobustFingerprint> queries;
    for (const QString &p : lines(queryList))
        if (auto f = extractFeatures(p))
            queries.push_back(f->robust);
    QElapsedTimer load;
    load.start();
    std::vector<std::unique_ptr<QProcess>> procs;
    const QStringList urls = startShards(procs, n, hours, music);
    if (urls.size() != n)
        return 1;
    const double loadSec = load.elapsed() / 1000.0;
    QTemporaryDir dir;
    auto spec = DatabaseSpec::parse({}, dir.path());
    Database db(spec.value());
    if (!migrate(db))
        return 1;
    for (int k = 0; k < n; ++k)
        (void)ShardMap(db).announce(k, n, urls[k], QDateTime::currentDateTimeUtc());
    ShardGatherer gatherer(db, {n, "bench", 60000, 3600});
    std::vector<double> ms;
    int failed = 0;
    for (int rep = 0; rep < 3; ++rep)
        for (const RobustFingerprint &q : queries) {
            QElapsedTimer t;
            t.start();
            failed += gatherer.query(ShardQuery{q, {}, 5, ReferenceUse::Ingestion}) ? 0 : 1;
            ms.push_back(t.nsecsElapsed() / 1e6);
        }
    std::sort(ms.begin(), ms.end());
    QStringList rss;
    for (auto &p : procs)
        rss << QString::number(rssMiB(p->processId()));
    std::printf("| %d | %.0f | %zu | %.1f | %.1f | %.1f | %s | %d |\n", n, hours, ms.size(),
                ms[ms.size() / 2], ms[std::min(ms.size() - 1, size_t(ms.size() * 0.95))], loadSec,
                qPrintable(rss.join(QStringLiteral(" / "))), failed);
    for (auto &p : procs) {
        p->closeWriteChannel();
        p->waitForFinished(-1);
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    if (a.value(1) == QLatin1String("serve") && a.size() == 6)
        return serve(a[2].toInt(), a[3].toInt(), a[4].toDouble(), a[5]);
    if (a.value(1) == QLatin1String("run") && a.size() == 6)
        return run(a[2].toInt(), a[3].toDouble(), a[4], a[5]);
    std::fprintf(stderr, "usage: shard_bench run N HOURS MUSIC.txt QUERIES.txt\n");
    return 2;
}
