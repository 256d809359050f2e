// The sharded robust index over real processes (issue 16, part "shard"): two `index-shard`
// processes and one API server of the real binary on one database. Tracks land on both shards
// (by the shard map's hash); a copy of a track of each shard matches with exactly the scores an
// unsharded server gives; a stopped or killed shard makes the check fail closed
// (index_shard_unavailable, 503) instead of "no match"; the internal route refuses absent,
// forged and non-system credentials.
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/scripted_http.h"
#include "support/server_process.h"
#include "support/test_backend.h"
#include "support/test_signals.h"

#include "server/similarity/shard_map.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm::test;

namespace {

constexpr int kSampleRate = 22050;
constexpr double kTrackSec = 30;

// Seconds [from, from + length) of the melody of `seed`, as WAV.
QByteArray excerpt(uint32_t seed, double from, double length)
{
    const std::vector<float> all = melody(kTrackSec, kSampleRate, seed);
    const auto a = all.begin() + qsizetype(from * kSampleRate);
    return wavFromFloat(std::vector<float>(a, a + qsizetype(length * kSampleRate)), kSampleRate);
}

} // namespace

class ShardEndToEndTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_dbUrl;
    ScriptedHttp m_lookup;
    QProcessEnvironment m_env;
    ServerProcess m_api;
    ServerProcess m_shards[2];
    std::unique_ptr<HttpClient> m_http;
    QString m_admin, m_platform, m_ana;
    // Per shard: a vault track it holds and the melody seed of that track.
    QString m_track[2];
    uint32_t m_seed[2] = {0, 0};
    // The unsharded server's answers to the copies of m_track[0] and m_track[1].
    QJsonObject m_unsharded[2];

    QStringList dbArgs() const
    {
        QStringList a{QStringLiteral("--data-dir"), m_dir.path()};
        if (!m_dbUrl.isEmpty())
            a << QStringLiteral("--database") << m_dbUrl;
        return a;
    }

    QJsonObject check(HttpClient &http, const QByteArray &audio, const QString &outputId,
                      int *status = nullptr)
    {
        QByteArray type;
        const QByteArray body =
            safetyCheckMultipart(audio,
                                 {{QStringLiteral("model_id"), QStringLiteral("gen-1")},
                                  {QStringLiteral("output_id"), outputId},
                                  {QStringLiteral("user_id"), QStringLiteral("user-1")},
                                  {QStringLiteral("prompt"), QStringLiteral("ambient piano")}},
                                 &type);
        http.setToken(m_platform);
        auto r = http.call("POST", QStringLiteral("/safety/check"), body, type);
        if (status)
            *status = r.status;
        return r.json();
    }

    // Submits melodies until both shards of 2 hold an accepted track.
    void fillBothShards()
    {
        for (uint32_t seed = 101; seed < 111 && (m_track[0].isEmpty() || m_track[1].isEmpty());
             ++seed) {
            m_http->setToken(m_ana);
            const QString id = submitOrDie(*m_http, excerpt(seed, 0, kTrackSec),
                                           QStringLiteral("t%1.wav").arg(seed), "audio/wav");
            QCOMPARE(waitForChecks(*m_http, id).value(QStringLiteral("status")).toString(),
                     QStringLiteral("pending_review"));
            m_http->setToken(m_admin);
            QCOMPARE(m_http
                         ->post(QStringLiteral("/review/%1/votes").arg(id),
                                {{QStringLiteral("vote"), QStringLiteral("approve")}})
                         .json()
                         .value(QStringLiteral("status"))
                         .toString(),
                     QStringLiteral("accepted"));
            const int k = lemm::server::shardOf(id, 2);
            if (m_track[k].isEmpty()) {
                m_track[k] = id;
                m_seed[k] = seed;
            }
        }
        QVERIFY2(!m_track[0].isEmpty() && !m_track[1].isEmpty(), "both shards hold a track");
    }

    void writeShardedConfig()
    {
        const QString key = createServiceKey(QStringLiteral("index-gatherer"), dbArgs());
        QFile k(QDir(m_dir.path()).filePath(QStringLiteral("shard.key")));
        QVERIFY(k.open(QIODevice::WriteOnly));
        k.write(key.toUtf8() + "\n");
        k.close();
        QFile ini(QDir(m_dir.path()).filePath(QStringLiteral("lemm-vault.ini")));
        QVERIFY(ini.open(QIODevice::Append));
        ini.write("\n[index]\nshards = 2\nshard_key_file = shard.key\nheartbeat_sec = 2\n"
                  "shard_timeout_ms = 10000\n");
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("backend: %s", qPrintable(backendName()));
        m_dbUrl = freshDatabaseUrl();
        m_lookup.script = {{200, R"({"status":"ok","results":[]})"}};
        const quint16 port = m_lookup.start();
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("LEMM_POLL_MS"), QStringLiteral("100"));
        m_env.insert(QStringLiteral("LEMM_ACOUSTID_URL"),
                     QStringLiteral("http://127.0.0.1:%1").arg(port));
        m_env.insert(QStringLiteral("LEMM_ACOUSTID_RETRIES"), QStringLiteral("0"));
        QVERIFY2(m_api.startWithAdmin(m_dir.path(), QStringLiteral("admin@example.org"),
                                      "an admin password", m_dbUrl, m_env),
                 qPrintable(m_api.error()));
        m_http = std::make_unique<HttpClient>(m_api.baseUrl());
        m_admin = m_http
                      ->post(QStringLiteral("/auth/login"),
                             {{QStringLiteral("email"), QStringLiteral("admin@example.org")},
                              {QStringLiteral("password"), QStringLiteral("an admin password")}})
                      .json()
                      .value(QStringLiteral("token"))
                      .toString();
        m_platform = createServiceKey(QStringLiteral("generator"), dbArgs());
        m_ana = onboard(*m_http, m_dir.path(), QStringLiteral("ana@example.org"));
        fillBothShards();
        if (QTest::currentTestFailed())
            return;

        // What the unsharded server answers to a 20 s copy of each shard's track.
        for (int k = 0; k < 2; ++k) {
            m_unsharded[k] =
                check(*m_http, excerpt(m_seed[k], 5, 20), QStringLiteral("unsharded-%1").arg(k));
            QCOMPARE(m_unsharded[k].value(QStringLiteral("decision")).toString(),
                     QStringLiteral("block"));
        }
        m_api.stop();

        writeShardedConfig();
        for (int k = 0; k < 2; ++k)
            QVERIFY2(m_shards[k].startIndexShard(m_dir.path(), m_dbUrl, k, 2, m_env),
                     qPrintable(m_shards[k].error()));
        QVERIFY2(m_api.start(m_dir.path(), m_dbUrl, m_env), qPrintable(m_api.error()));
        m_http = std::make_unique<HttpClient>(m_api.baseUrl());
    }

    void copiesOnEitherShardScoreAsUnsharded()
    {
        for (int k = 0; k < 2; ++k) {
            int status = 0;
            const QJsonObject sharded = check(*m_http, excerpt(m_seed[k], 5, 20),
                                              QStringLiteral("sharded-%1").arg(k), &status);
            QCOMPARE(status, 200);
            const QJsonArray matches = sharded.value(QStringLiteral("matches")).toArray();
            QVERIFY(!matches.isEmpty());
            QCOMPARE(matches.first().toObject().value(QStringLiteral("track_id")).toString(),
                     m_track[k]);
            QCOMPARE(sharded.value(QStringLiteral("decision")).toString(), QStringLiteral("block"));
            QCOMPARE(sharded.value(QStringLiteral("sim_internal_max")).toDouble(),
                     m_unsharded[k].value(QStringLiteral("sim_internal_max")).toDouble());
            QCOMPARE(
                QJsonDocument(matches).toJson(),
                QJsonDocument(m_unsharded[k].value(QStringLiteral("matches")).toArray()).toJson());
        }
    }

    void internalRouteNeedsASystemKey()
    {
        HttpClient shard(m_shards[0].baseUrl());
        const QJsonObject body{{QStringLiteral("fingerprint"), QString()},
                               {QStringLiteral("duration_sec"), 1},
                               {QStringLiteral("max_results"), 5},
                               {QStringLiteral("use"), QStringLiteral("ingestion")}};
        QCOMPARE(shard.post(QStringLiteral("/internal/index/query"), body).status, 401);
        shard.setToken(QStringLiteral("lvk_forged_0123456789abcdef"));
        QCOMPARE(shard.post(QStringLiteral("/internal/index/query"), body).status, 401);
        shard.setToken(m_ana); // a person's session: authenticated, not allowed
        QCOMPARE(shard.post(QStringLiteral("/internal/index/query"), body).status, 403);
        shard.setToken(m_platform); // a system key: the bad fingerprint is the problem
        const HttpReply bad = shard.post(QStringLiteral("/internal/index/query"), body);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("bad_shard_message"));
    }

    void aMissingShardFailsClosed()
    {
        // Killed: its row still says "up", the connection is refused.
        m_shards[1].kill();
        int status = 0;
        QJsonObject r =
            check(*m_http, excerpt(m_seed[0], 5, 20), QStringLiteral("down-1"), &status);
        QCOMPARE(status, 503);
        QJsonObject e = r.value(QStringLiteral("error")).toObject();
        QCOMPARE(e.value(QStringLiteral("code")).toString(),
                 QStringLiteral("index_shard_unavailable"));
        QCOMPARE(
            e.value(QStringLiteral("fields")).toObject().value(QStringLiteral("shard")).toInt(), 1);
        // Stopped: it marked its row "down" on the way out.
        m_shards[0].stop();
        r = check(*m_http, excerpt(m_seed[1], 5, 20), QStringLiteral("down-0"), &status);
        QCOMPARE(status, 503);
        e = r.value(QStringLiteral("error")).toObject();
        QCOMPARE(e.value(QStringLiteral("code")).toString(),
                 QStringLiteral("index_shard_unavailable"));
        QCOMPARE(
            e.value(QStringLiteral("fields")).toObject().value(QStringLiteral("shard")).toInt(), 0);
        QVERIFY(e.value(QStringLiteral("message")).toString().contains(QStringLiteral("down")));
    }

    void cleanupTestCase() { m_api.stop(); }
};

QTEST_MAIN(ShardEndToEndTest)
#include "shard_e2e_test.moc"
