// Output-safety latency (spec §6.1; it sits in the generation path): POST /safety/check
// against a vault of LEMM_BENCH_TRACKS accepted tracks (default 300 synthetic 30 s melodies,
// or the audio files of AUDIO_DIR), for 10 s and 30 s outputs that copy a vault track or are
// unrelated. Prints a Markdown table. Not a test; run `build/ci/bench/safety_bench [AUDIO_DIR]`.
#include "bench_util.h"
#include "server/cli/server_root.h"
#include "server/http/api_router.h"
#include "server/services/accounts.h"
#include "server/similarity/ingestion.h"
#include "server/storage/vault.h"

#include "core/audio/audio_decoder.h"
#include "core/domain/terms.h"

#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/test_audio.h"
#include "support/test_signals.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::bench;

namespace {

// The /safety/check body for one output (tests/support's one multipart builder).
QByteArray multipart(const QByteArray &audio, const QString &outputId, QByteArray *type)
{
    const QJsonObject meta{{QStringLiteral("model_id"), QStringLiteral("bench-model")},
                           {QStringLiteral("output_id"), outputId},
                           {QStringLiteral("user_id"), QStringLiteral("bench-user")}};
    return test::safetyCheckMultipart(audio, meta, type);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir tmp;
    const int n = qEnvironmentVariableIsSet("LEMM_BENCH_TRACKS")
                      ? qEnvironmentVariableIntValue("LEMM_BENCH_TRACKS")
                      : 300;
    constexpr int kRate = 22050;
    // The vault's audio as mono PCM (to cut outputs from) and as uploads.
    std::vector<std::vector<float>> pcm;
    if (argc > 1) {
        QDirIterator it(QString::fromLocal8Bit(argv[1]),
                        {QStringLiteral("*.ogg"), QStringLiteral("*.flac"), QStringLiteral("*.mp3"),
                         QStringLiteral("*.wav")},
                        QDir::Files, QDirIterator::Subdirectories);
        core::DecodeOptions o;
        o.outputRate = kRate;
        while (it.hasNext() && int(pcm.size()) < n)
            if (auto d = core::decodeAudioFile(it.next(), o); d && d->stats.decodedSec() > 35)
                pcm.push_back(d->samples);
    }
    for (int i = int(pcm.size()); i < n; ++i)
        pcm.push_back(test::melody(30, kRate, uint32_t(5000 + i)));

    auto cfg = ServerConfig::load(tmp.path());
    ServerConfig c = cfg.value();
    c.databaseUrl = qEnvironmentVariable("LEMM_BENCH_DATABASE");
    auto vault = Vault::open(c);
    if (!vault) {
        std::fprintf(stderr, "vault: %s\n", qPrintable(vault.error().message));
        return 1;
    }
    Vault &v = *vault.value();
    ServerRoot root(v, sourceSetOrFailing(v.config()));
    ApiRouter &router = root.router();
    AccountService accounts(v);
    auto person = [&](const QString &email, const QString &roles) {
        call(router, "POST", QStringLiteral("/auth/register"),
             QJsonDocument(
                 QJsonObject{{QStringLiteral("email"), email},
                             {QStringLiteral("password"), QStringLiteral("a long password")},
                             {QStringLiteral("display_name"), email}})
                 .toJson());
        auto conn = v.db().connection().value();
        (void)exec(conn,
                   QStringLiteral("UPDATE contributors SET email_verified = 1, roles = ?, "
                                  "rights_holder_affirmed = 1, affirmed_terms_version = ?, "
                                  "bulk_source_approved = 1 WHERE email = ?"),
                   {roles, core::currentTerms().version, email});
        return call(router, "POST", QStringLiteral("/auth/login"),
                    QJsonDocument(QJsonObject{{QStringLiteral("email"), email},
                                              {QStringLiteral("password"),
                                               QStringLiteral("a long password")}})
                        .toJson())
            .jsonBody()
            .value(QStringLiteral("token"))
            .toString();
    };
    const QString ana = person(QStringLiteral("ana@example.org"), QStringLiteral("contributor"));
    const QString admin = person(QStringLiteral("admin@example.org"), QStringLiteral("admin"));
    const QString platform = accounts.createServiceAccount(QStringLiteral("generator")).value();
    QStringList ids;
    double audioSec = 0;
    for (const auto &x : pcm) {
        const ApiResponse u =
            call(router, "POST", QStringLiteral("/uploads"), test::wavFromFloat(x, kRate), ana);
        const QString token = u.jsonBody().value(QStringLiteral("audio_upload_token")).toString();
        if (token.isEmpty()) {
            std::fprintf(stderr, "upload refused: %d %s\n", u.status, u.body.constData());
            return 1;
        }
        ids << call(router, "POST", QStringLiteral("/tracks/submit"),
                    QJsonDocument(test::submissionBody(token)).toJson(), ana)
                   .jsonBody()
                   .value(QStringLiteral("track_id"))
                   .toString();
        audioSec += double(x.size()) / kRate;
    }
    auto worker = root.makeWorker(QStringLiteral("bench"));
    while (worker->runOnce().value()) {
    }
    for (const QString &id : ids)
        call(router, "POST", QStringLiteral("/review/%1/votes").arg(id),
             QJsonDocument(QJsonObject{{QStringLiteral("vote"), QStringLiteral("approve")}})
                 .toJson(),
             admin);
    // What the vault really holds (an upload or a check the policy refused is not in it).
    int accepted = 0;
    if (auto q =
            v.db().query(QStringLiteral("SELECT status, COUNT(*) FROM tracks GROUP BY status"))) {
        while (q.value().next()) {
            std::fprintf(stderr, "  %s: %d\n", qPrintable(q.value().value(0).toString()),
                         q.value().value(1).toInt());
            if (q.value().value(0).toString() == QLatin1String("accepted"))
                accepted = q.value().value(1).toInt();
        }
    }
    std::fprintf(stderr, "vault: %d of %d tracks accepted, %.1f h submitted (%s)\n", accepted,
                 int(ids.size()), audioSec / 3600, qPrintable(v.db().spec().describe()));

    std::printf("| output | n | p50 ms | p95 ms | decisions |\n|---|---|---|---|---|\n");
    for (int seconds : {10, 30}) {
        for (const char *kind : {"copy of a vault track", "unrelated"}) {
            std::vector<double> ms;
            QMap<QString, int> decisions;
            const bool copy = QLatin1String(kind).startsWith(QLatin1String("copy"));
            for (int i = 0; i < 20; ++i) {
                std::vector<float> out;
                if (copy) {
                    const auto &src = pcm[size_t(i * 7) % pcm.size()];
                    const size_t start = size_t(kRate) * 2;
                    out.assign(src.begin() + qsizetype(start),
                               src.begin() + qsizetype(std::min(src.size(),
                                                                start + size_t(seconds) * kRate)));
                } else {
                    out = test::melody(seconds, kRate, uint32_t(90000 + i));
                }
                QByteArray type;
                const QByteArray body =
                    multipart(test::wavFromFloat(out, kRate),
                              QStringLiteral("o-%1-%2-%3").arg(seconds).arg(copy).arg(i), &type);
                ApiRequest q;
                q.method = QStringLiteral("POST");
                q.path = QStringLiteral("/safety/check");
                q.body = body;
                q.headers.insert("authorization", "Bearer " + platform.toUtf8());
                q.headers.insert("content-type", type);
                QElapsedTimer t;
                t.start();
                const ApiResponse r = router.handle(q);
                ms.push_back(t.nsecsElapsed() / 1e6);
                decisions[r.jsonBody()
                              .value(QStringLiteral("decision"))
                              .toString(QStringLiteral("error"))] += 1;
            }
            QStringList d;
            for (auto it = decisions.begin(); it != decisions.end(); ++it)
                d << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
            const Stats s = stats(ms);
            std::printf("| %d s, %s | %d | %.0f | %.0f | %s |\n", seconds, kind, int(ms.size()),
                        s.p50, s.p95, qPrintable(d.join(QStringLiteral(", "))));
            std::fflush(stdout);
        }
    }
    return 0;
}
