// Foundation benchmarks: prints a Markdown table of what the vault's hot paths cost on this
// machine. Not a test; run `build/release/bench/vault_bench [DATA_DIR]`.
#include "bench_util.h"
#include "server/cli/server_root.h"
#include "server/http/api_router.h"
#include "server/storage/audit_log.h"
#include "server/storage/vault.h"

#include "core/audio/audio_decoder.h"
#include "core/crypto/crypto.h"
#include "core/domain/terms.h"

#include "support/fixtures.h"
#include "support/test_audio.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::bench;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir tmp;
    const QString dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : tmp.path();
    std::printf("| measurement | value | unit |\n|---|---|---|\n");

    { // argon2id
        std::vector<double> ms;
        for (int i = 0; i < 10; ++i) {
            QElapsedTimer t;
            t.start();
            (void)core::crypto::hashPassword(QStringLiteral("a long password"));
            ms.push_back(t.nsecsElapsed() / 1e6);
        }
        row("argon2id password hash (interactive), p50", QString::number(stats(ms).p50, 'f', 1),
            "ms");
    }
    { // secretstream
        const QByteArray key = core::crypto::randomBytes(32);
        QByteArray plain = core::crypto::randomBytes(64 << 20), cipher, back;
        QBuffer in(&plain), out(&cipher);
        in.open(QIODevice::ReadOnly);
        out.open(QIODevice::WriteOnly);
        QElapsedTimer t;
        t.start();
        (void)core::crypto::encryptStream(in, out, key);
        const double enc = 64.0 / (t.nsecsElapsed() / 1e9);
        QBuffer in2(&cipher), out2(&back);
        in2.open(QIODevice::ReadOnly);
        out2.open(QIODevice::WriteOnly);
        t.restart();
        (void)core::crypto::decryptStream(in2, out2, key);
        const double dec = 64.0 / (t.nsecsElapsed() / 1e9);
        row("object encryption (secretstream, 64 MiB in memory)", QString::number(enc, 'f', 0),
            "MiB/s");
        row("object decryption", QString::number(dec, 'f', 0), "MiB/s");
    }
    const QByteArray song = test::makeWav(180.0);
    { // probe
        std::vector<double> ms;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer t;
            t.start();
            (void)core::probeAudioBuffer(song);
            ms.push_back(t.nsecsElapsed() / 1e6);
        }
        row("audio probe of a 3-minute 44.1 kHz stereo WAV (30 MiB), p50",
            QString::number(stats(ms).p50, 'f', 2), "ms");
    }

    auto cfg = ServerConfig::load(dir);
    ServerConfig c = cfg.value();
    c.databaseUrl = qEnvironmentVariable("LEMM_BENCH_DATABASE");
    auto vault = Vault::open(c);
    if (!vault) {
        std::fprintf(stderr, "vault: %s\n", qPrintable(vault.error().message));
        return 1;
    }
    ServerRoot root(*vault.value(), sourceSetOrFailing(vault.value()->config()));
    ApiRouter &router = root.router();
    std::fprintf(stderr, "database: %s\n", qPrintable(vault.value()->db().spec().describe()));
    const auto reg = [&](const QString &email) {
        call(router, "POST", QStringLiteral("/auth/register"),
             QJsonDocument(
                 QJsonObject{{QStringLiteral("email"), email},
                             {QStringLiteral("password"), QStringLiteral("a long password")},
                             {QStringLiteral("display_name"), QStringLiteral("Bench")}})
                 .toJson());
        auto conn = vault.value()->db().connection().value();
        (void)exec(
            conn,
            QStringLiteral("UPDATE contributors SET email_verified = 1, rights_holder_affirmed = "
                           "1, affirmed_terms_version = ? WHERE email = ?"),
            {core::currentTerms().version, email});
        return call(router, "POST", QStringLiteral("/auth/login"),
                    QJsonDocument(QJsonObject{{QStringLiteral("email"), email},
                                              {QStringLiteral("password"),
                                               QStringLiteral("a long password")}})
                        .toJson())
            .jsonBody()
            .value(QStringLiteral("token"))
            .toString();
    };
    const QString token = reg(QStringLiteral("bench@example.org"));
    const QByteArray clip = test::makeWav(30.0);
    std::vector<double> upMs, subMs, statusMs;
    const int n = 50;
    for (int i = 0; i < n; ++i) {
        QElapsedTimer t;
        t.start();
        ApiRequest up;
        up.method = QStringLiteral("POST");
        up.path = QStringLiteral("/uploads");
        up.body = clip;
        up.headers.insert("authorization", "Bearer " + token.toUtf8());
        const ApiResponse u = router.handle(up);
        upMs.push_back(t.nsecsElapsed() / 1e6);
        const QString ut = u.jsonBody().value(QStringLiteral("audio_upload_token")).toString();
        const QJsonObject body = test::submissionBody(ut);
        t.restart();
        const ApiResponse s = call(router, "POST", QStringLiteral("/tracks/submit"),
                                   QJsonDocument(body).toJson(), token);
        subMs.push_back(t.nsecsElapsed() / 1e6);
        const QString id = s.jsonBody().value(QStringLiteral("track_id")).toString();
        t.restart();
        call(router, "GET", QStringLiteral("/tracks/%1/status").arg(id), {}, token);
        statusMs.push_back(t.nsecsElapsed() / 1e6);
    }
    const Stats u = stats(upMs), s = stats(subMs), st = stats(statusMs);
    row("POST /uploads, 30 s WAV (5 MiB): probe + encrypt + insert, p50 / p95",
        QStringLiteral("%1 / %2").arg(u.p50, 0, 'f', 1).arg(u.p95, 0, 'f', 1), "ms");
    row("POST /tracks/submit, p50 / p95",
        QStringLiteral("%1 / %2").arg(s.p50, 0, 'f', 1).arg(s.p95, 0, 'f', 1), "ms");
    row("GET /tracks/{id}/status, p50 / p95",
        QStringLiteral("%1 / %2").arg(st.p50, 0, 'f', 2).arg(st.p95, 0, 'f', 2), "ms");

    { // audit
        const int entries = 5000;
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < entries; ++i)
            (void)vault.value()->transact([&](const Tx &tx) {
                return AuditLog::append(tx, QStringLiteral("bench"), QStringLiteral("bench"),
                                        QString::number(i), QJsonObject{{QStringLiteral("i"), i}},
                                        vault.value()->nowIso());
            });
        const double appendRate = entries / (t.nsecsElapsed() / 1e9);
        t.restart();
        auto report = AuditLog::verify(vault.value()->db());
        const double verifyRate = double(report->entries) / (t.nsecsElapsed() / 1e9);
        row("audit append, one entry per transaction", QString::number(appendRate, 'f', 0),
            "entries/s");
        row("verify-audit", QString::number(verifyRate, 'f', 0), "entries/s");
    }
    return 0;
}
