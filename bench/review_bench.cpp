// Ingestion and review benchmarks: prints a Markdown table. Not a test; run
// `build/release/bench/review_bench [AUDIO_DIR]` (AUDIO_DIR: real music to ingest, e.g. the
// similarity benchmark's corpus; default: synthetic 30 s melodies). LEMM_BENCH_DATABASE picks
// PostgreSQL; LEMM_BENCH_TRACKS the number of submissions (default 60).
#include "bench_util.h"
#include "server/cli/server_root.h"
#include "server/http/api_router.h"
#include "server/services/metrics.h"
#include "server/services/submissions.h"
#include "server/similarity/ingestion.h"
#include "server/storage/vault.h"

#include "core/domain/terms.h"

#include "support/fixtures.h"
#include "support/test_audio.h"
#include "support/test_signals.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::bench;

namespace {

QString pair(const Stats &s, int decimals = 1)
{
    return QStringLiteral("%1 / %2").arg(s.p50, 0, 'f', decimals).arg(s.p95, 0, 'f', decimals);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir tmp;
    const int n = qEnvironmentVariableIsSet("LEMM_BENCH_TRACKS")
                      ? qEnvironmentVariableIntValue("LEMM_BENCH_TRACKS")
                      : 60;
    QList<QByteArray> audio;
    if (argc > 1) {
        QDirIterator it(QString::fromLocal8Bit(argv[1]),
                        {QStringLiteral("*.ogg"), QStringLiteral("*.flac"), QStringLiteral("*.mp3"),
                         QStringLiteral("*.wav")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext() && audio.size() < n)
            audio << test::readFile(it.next());
    }
    for (int i = int(audio.size()); i < n; ++i)
        audio << test::wavFromFloat(test::melody(30, 44100, uint32_t(1000 + i)), 44100);

    auto cfg = ServerConfig::load(tmp.path());
    ServerConfig c = cfg.value();
    c.databaseUrl = qEnvironmentVariable("LEMM_BENCH_DATABASE");
    auto vault = Vault::open(c);
    if (!vault) {
        std::fprintf(stderr, "vault: %s\n", qPrintable(vault.error().message));
        return 1;
    }
    Vault &v = *vault.value();
    std::fprintf(stderr, "database: %s; %d submissions\n", qPrintable(v.db().spec().describe()), n);
    ServerRoot root(v, sourceSetOrFailing(v.config()));
    ApiRouter &router = root.router();
    auto person = [&](const QString &email, const QString &roles) {
        call(router, "POST", QStringLiteral("/auth/register"),
             QJsonDocument(
                 QJsonObject{{QStringLiteral("email"), email},
                             {QStringLiteral("password"), QStringLiteral("a long password")},
                             {QStringLiteral("display_name"), email}})
                 .toJson(),
             {});
        auto conn = v.db().connection().value();
        (void)exec(conn,
                   QStringLiteral("UPDATE contributors SET email_verified = 1, roles = ?, "
                                  "rights_holder_affirmed = 1, affirmed_terms_version = ? WHERE "
                                  "email = ?"),
                   {roles, core::currentTerms().version, email});
        return call(router, "POST", QStringLiteral("/auth/login"),
                    QJsonDocument(QJsonObject{{QStringLiteral("email"), email},
                                              {QStringLiteral("password"),
                                               QStringLiteral("a long password")}})
                        .toJson(),
                    {})
            .jsonBody()
            .value(QStringLiteral("token"))
            .toString();
    };
    const QString ana = person(QStringLiteral("ana@example.org"), QStringLiteral("contributor"));
    const QString rev =
        person(QStringLiteral("rev@example.org"), QStringLiteral("contributor,reviewer"));
    QStringList ids;
    double audioSec = 0;
    auto submit = [&](const QByteArray &bytes) {
        const ApiResponse u = call(router, "POST", QStringLiteral("/uploads"), bytes, ana);
        const QString token = u.jsonBody().value(QStringLiteral("audio_upload_token")).toString();
        audioSec += u.jsonBody()
                        .value(QStringLiteral("audio"))
                        .toObject()
                        .value(QStringLiteral("duration_sec"))
                        .toDouble();
        return call(router, "POST", QStringLiteral("/tracks/submit"),
                    QJsonDocument(test::submissionBody(token)).toJson(), ana)
            .jsonBody()
            .value(QStringLiteral("track_id"))
            .toString();
    };
    for (const QByteArray &a : audio)
        ids << submit(a);

    // One worker thread, job by job.
    auto worker = root.makeWorker(QStringLiteral("bench"));
    std::vector<double> jobMs;
    QElapsedTimer all;
    all.start();
    for (;;) {
        QElapsedTimer t;
        t.start();
        auto ran = worker->runOnce();
        if (!ran) {
            std::fprintf(stderr, "worker: %s\n", qPrintable(ran.error().message));
            return 1;
        }
        if (!ran.value())
            break;
        jobMs.push_back(t.nsecsElapsed() / 1e6);
    }
    const double wall = all.nsecsElapsed() / 1e9;
    row("ingestion job (decode, all features, internal checks, one transaction), p50 / p95",
        pair(stats(jobMs), 0), "ms");
    row("ingestion throughput, one worker thread",
        QStringLiteral("%1 (%2 tracks/min)")
            .arg(audioSec / wall, 0, 'f', 0)
            .arg(double(jobMs.size()) / wall * 60, 0, 'f', 0),
        "x real time");
    const QString metrics = QString::fromUtf8(root.metrics().render());
    for (const char *stage : {"features", "internal_refresh", "internal"}) {
        const QRegularExpression sum(
            QStringLiteral("lemm_stage_seconds_sum\\{stage=\"%1\"\\} ([0-9.e+-]+)")
                .arg(QLatin1String(stage)));
        const QRegularExpression cnt(
            QStringLiteral("lemm_stage_seconds_count\\{stage=\"%1\"\\} ([0-9]+)")
                .arg(QLatin1String(stage)));
        const double s = sum.match(metrics).captured(1).toDouble();
        const double k = cnt.match(metrics).captured(1).toDouble();
        row(qPrintable(QStringLiteral("  stage '%1', mean").arg(QLatin1String(stage))),
            QString::number(k > 0 ? s / k * 1000 : 0, 'f', 1), "ms");
    }

    { // Which flags the checks raised (on unrelated music, every one is a false positive).
        QMap<QString, int> counts;
        for (const QString &id : ids) {
            const QJsonObject st = root.submissions().statusJson(id).value();
            for (const QJsonValue &f : st.value(QStringLiteral("flags")).toArray())
                counts[f.toString()] += 1;
            counts[QStringLiteral("status:") + st.value(QStringLiteral("status")).toString()] += 1;
        }
        QStringList parts;
        for (auto it = counts.begin(); it != counts.end(); ++it)
            parts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
        row("outcomes and flags of the submissions", parts.join(QStringLiteral(", ")), "tracks");
    }

    // Review API with n submissions pending.
    std::vector<double> queueMs, detailMs, peaksMs, previewMs, fetchMs;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer t;
        t.start();
        const ApiResponse q =
            call(router, "GET", QStringLiteral("/review/queue?sort=score"), {}, rev);
        queueMs.push_back(t.nsecsElapsed() / 1e6);
        if (q.status != 200) {
            std::fprintf(stderr, "queue: %s\n", q.body.constData());
            return 1;
        }
        const QString id = ids.at(i % ids.size());
        t.restart();
        const ApiResponse d = call(router, "GET", QStringLiteral("/review/") + id, {}, rev);
        detailMs.push_back(t.nsecsElapsed() / 1e6);
        t.restart();
        const ApiResponse pk = call(
            router, "GET", QStringLiteral("/tracks/%1/peaks?resolution=2000").arg(id), {}, rev);
        peaksMs.push_back(t.nsecsElapsed() / 1e6);
        if (d.status != 200 || pk.status != 200) {
            std::fprintf(stderr, "detail/peaks: %s %s\n", d.body.constData(), pk.body.constData());
            return 1;
        }
        t.restart();
        const ApiResponse p = call(router, "POST", QStringLiteral("/tracks/%1/previews").arg(id),
                                   QJsonDocument(QJsonObject{{QStringLiteral("start_s"), 0},
                                                             {QStringLiteral("duration_s"), 15}})
                                       .toJson(),
                                   rev);
        previewMs.push_back(t.nsecsElapsed() / 1e6);
        t.restart();
        const ApiResponse mp3 =
            call(router, "GET", p.jsonBody().value(QStringLiteral("url")).toString(), {}, rev);
        fetchMs.push_back(t.nsecsElapsed() / 1e6);
        if (mp3.status != 200) {
            std::fprintf(stderr, "preview: %s %s\n", p.body.constData(), mp3.body.constData());
            return 1;
        }
    }
    row(qPrintable(QStringLiteral("GET /review/queue with %1 pending, p50 / p95").arg(n)),
        pair(stats(queueMs)), "ms");
    row("GET /review/{id}, p50 / p95", pair(stats(detailMs)), "ms");
    row("GET /tracks/{id}/peaks?resolution=2000, p50 / p95", pair(stats(peaksMs)), "ms");
    row("POST /tracks/{id}/previews (sign), p50 / p95", pair(stats(previewMs), 2), "ms");
    row("GET /previews/{token}: decrypt, decode, 15 s MP3 at 64 kbit/s, p50 / p95",
        pair(stats(fetchMs)), "ms");
    std::vector<double> voteMs;
    for (const QString &id : ids) {
        QElapsedTimer t;
        t.start();
        call(router, "POST", QStringLiteral("/review/%1/votes").arg(id),
             QJsonDocument(QJsonObject{{QStringLiteral("vote"), QStringLiteral("approve")}})
                 .toJson(),
             rev);
        voteMs.push_back(t.nsecsElapsed() / 1e6);
    }
    row("POST /review/{id}/votes (decides the track), p50 / p95", pair(stats(voteMs)), "ms");
    return 0;
}
