// The whole review pipeline over real HTTP (spec §2.1, §3): the real server with ingestion
// workers (in-process on SQLite; `serve --workers 0` plus two `worker` processes on
// PostgreSQL), a reference catalog built by the CLI, and an AcoustID-compatible service
// played by this test (it speaks the documented /v2/lookup format).
#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_backend.h"
#include "support/test_signals.h"
#include "support/test_vault.h"

#include "server/cli/server_root.h"
#include "server/services/training_gateway.h"
#include "server/services/vault_access.h"
#include "server/storage/vault.h"

#include "core/audio/audio_decoder.h"

#include <QDir>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace lemm;
using namespace lemm::test;

namespace {

constexpr int kRate = 44100;

// The AcoustID-compatible lookup service: answers in the documented JSON format.
class FakeAcoustId
{
public:
    enum class Mode { NoMatch, StrongMatch, Down };
    Mode mode = Mode::NoMatch;
    int requests = 0;
    QString lastClient;
    QString lastFingerprint;
    int lastDuration = 0;

    quint16 start()
    {
        m_server.route(QStringLiteral("/v2/lookup"), [this](const QHttpServerRequest &req) {
            ++requests;
            const QUrlQuery form(QString::fromUtf8(req.body()));
            lastClient = form.queryItemValue(QStringLiteral("client"));
            lastFingerprint = form.queryItemValue(QStringLiteral("fingerprint"));
            lastDuration = form.queryItemValue(QStringLiteral("duration")).toInt();
            if (mode == Mode::Down)
                return QHttpServerResponse(QByteArrayLiteral("text/plain"),
                                           QByteArrayLiteral("maintenance"),
                                           QHttpServerResponse::StatusCode::ServiceUnavailable);
            QJsonArray results;
            if (mode == Mode::StrongMatch)
                results.append(QJsonObject{
                    {QStringLiteral("id"), QStringLiteral("9ff43b6a-4f16-427c-93c2-92307ca505e0")},
                    {QStringLiteral("score"), 0.95},
                    {QStringLiteral("recordings"),
                     QJsonArray{QJsonObject{
                         {QStringLiteral("id"),
                          QStringLiteral("cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff")},
                         {QStringLiteral("title"), QStringLiteral("Famous Hit")},
                         {QStringLiteral("duration"), 30},
                         {QStringLiteral("artists"),
                          QJsonArray{QJsonObject{
                              {QStringLiteral("id"), QStringLiteral("a1")},
                              {QStringLiteral("name"), QStringLiteral("Big Label Star")}}}}}}}});
            return QHttpServerResponse(
                QByteArrayLiteral("application/json"),
                QJsonDocument(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                          {QStringLiteral("results"), results}})
                    .toJson(QJsonDocument::Compact));
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }

private:
    QHttpServer m_server;
};

QJsonArray flagsOf(const QJsonObject &status)
{
    return status.value(QStringLiteral("flags")).toArray();
}

} // namespace

class IngestionEndToEndTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QTemporaryDir m_audio;
    QString m_dbUrl;
    FakeAcoustId m_acoustid;
    ServerProcess m_server;
    ServerProcess m_workers[2];
    std::unique_ptr<HttpClient> m_http;
    QString m_admin, m_r1, m_r2, m_ana, m_bob;
    QString m_original, m_edited, m_appealed, m_rejectedByR1;

    QProcessEnvironment env(quint16 acoustidPort) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("LEMM_ACOUSTID_URL"),
                 QStringLiteral("http://127.0.0.1:%1").arg(acoustidPort));
        e.insert(QStringLiteral("LEMM_ACOUSTID_KEY"), QStringLiteral("test-client-key"));
        e.insert(QStringLiteral("LEMM_ACOUSTID_TIMEOUT_MS"), QStringLiteral("3000"));
        e.insert(QStringLiteral("LEMM_ACOUSTID_RETRIES"), QStringLiteral("1"));
        e.insert(QStringLiteral("LEMM_POLL_MS"), QStringLiteral("100"));
        return e;
    }

    QByteArray melodyWav(double seconds, uint32_t seed)
    {
        return wavFromFloat(melody(seconds, kRate, seed), kRate);
    }

    // ffmpeg over a WAV: returns the encoded bytes (the test fails on ffmpeg errors).
    QByteArray transcode(const QByteArray &wav, const QString &name, const QStringList &args)
    {
        const QString path = QDir(m_audio.path()).filePath(name);
        const QString err = encodeWithFfmpeg(wav, path, args);
        if (!err.isEmpty())
            qFatal("ffmpeg: %s", qPrintable(err));
        return readFile(path);
    }

    QString submit(const QString &token, const QByteArray &audio, const QString &fileName)
    {
        m_http->setToken(token);
        return submitOrDie(*m_http, audio, fileName);
    }

    // Polls the status (as `token`) until the automated checks are over (60 s at most).
    QJsonObject waitForChecks(const QString &token, const QString &trackId)
    {
        m_http->setToken(token);
        return lemm::test::waitForChecks(*m_http, trackId);
    }

    QJsonObject vote(const QString &token, const QString &trackId, const QString &kind,
                     const QString &note, int expectStatus = 200)
    {
        m_http->setToken(token);
        QJsonObject body{{QStringLiteral("vote"), kind}};
        if (!note.isEmpty())
            body.insert(QStringLiteral("note"), note);
        auto r = m_http->post(QStringLiteral("/review/%1/votes").arg(trackId), body);
        if (r.status != expectStatus)
            qWarning("vote %s: %d %s", qPrintable(kind), r.status, r.body.constData());
        return r.status == expectStatus ? r.json() : QJsonObject{};
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("backend: %s", qPrintable(backendName()));
        m_dbUrl = freshDatabaseUrl();
        // The open corpus: two reference recordings with metadata.
        const QString catalogDir = QDir(m_audio.path()).filePath(QStringLiteral("corpus"));
        QVERIFY(QDir().mkpath(catalogDir));
        QVERIFY(
            writeFile(QDir(catalogDir).filePath(QStringLiteral("ref_a.wav")), melodyWav(30, 101)));
        QVERIFY(
            writeFile(QDir(catalogDir).filePath(QStringLiteral("ref_b.wav")), melodyWav(30, 202)));
        QVERIFY(writeFile(QDir(catalogDir).filePath(QStringLiteral("notes.txt")), "not audio"));
        const QString meta = QDir(m_audio.path()).filePath(QStringLiteral("meta.json"));
        QVERIFY(writeFile(
            meta,
            QJsonDocument(
                QJsonObject{
                    {QStringLiteral("ref_a.wav"),
                     QJsonObject{{QStringLiteral("title"), QStringLiteral("Reference Song A")},
                                 {QStringLiteral("artist"), QStringLiteral("Open Artist")},
                                 {QStringLiteral("isrc"), QStringLiteral("XX0000000001")}}}})
                .toJson()));
        QStringList dbArgs{QStringLiteral("--data-dir"), m_dir.path()};
        if (!m_dbUrl.isEmpty())
            dbArgs << QStringLiteral("--database") << m_dbUrl;
        auto built =
            runCli(QStringList{QStringLiteral("catalog"), QStringLiteral("build"), catalogDir,
                               QStringLiteral("--name"), QStringLiteral("open-corpus"),
                               QStringLiteral("--metadata"), meta}
                   << dbArgs);
        QVERIFY2(built.exitCode == 0, qPrintable(built.err));
        QVERIFY(built.out.contains(QStringLiteral("2 tracks")));
        auto badName =
            runCli(QStringList{QStringLiteral("catalog"), QStringLiteral("build"), catalogDir,
                               QStringLiteral("--name"), QStringLiteral("../escape")}
                   << dbArgs);
        QCOMPARE(badName.exitCode, 1);
        QVERIFY(badName.err.contains(QStringLiteral("catalog name")));

        const quint16 port = m_acoustid.start();
        QVERIFY(port != 0);
        if (m_dbUrl.isEmpty()) {
            QVERIFY2(m_server.startWithAdmin(m_dir.path(), QStringLiteral("admin@example.org"),
                                             "an admin password", m_dbUrl, env(port)),
                     qPrintable(m_server.error()));
        } else {
            // The scale path: the API without workers, and two worker processes.
            QVERIFY2(m_server.startWithAdmin(m_dir.path(), QStringLiteral("admin@example.org"),
                                             "an admin password", m_dbUrl, env(port),
                                             {QStringLiteral("--workers"), QStringLiteral("0")}),
                     qPrintable(m_server.error()));
            for (auto &w : m_workers)
                QVERIFY2(w.startWorker(m_dir.path(), m_dbUrl, env(port)), qPrintable(w.error()));
        }
        m_http = std::make_unique<HttpClient>(m_server.baseUrl());

        auto login =
            m_http->post(QStringLiteral("/auth/login"),
                         {{QStringLiteral("email"), QStringLiteral("admin@example.org")},
                          {QStringLiteral("password"), QStringLiteral("an admin password")}});
        m_admin = login.json().value(QStringLiteral("token")).toString();
        m_ana = onboard(*m_http, m_dir.path(), QStringLiteral("ana@example.org"));
        m_bob = onboard(*m_http, m_dir.path(), QStringLiteral("bob@example.org"));
        m_r1 = onboard(*m_http, m_dir.path(), QStringLiteral("rita@example.org"), false);
        m_r2 = onboard(*m_http, m_dir.path(), QStringLiteral("ravi@example.org"), false);
        m_http->setToken(m_admin);
        const QJsonArray accounts = m_http->get(QStringLiteral("/accounts"))
                                        .json()
                                        .value(QStringLiteral("accounts"))
                                        .toArray();
        for (const QJsonValue &a : accounts) {
            const QString email = a.toObject().value(QStringLiteral("email")).toString();
            if (email.startsWith(QLatin1String("ri")) || email.startsWith(QLatin1String("ra")))
                QCOMPARE(
                    m_http
                        ->put(QStringLiteral("/accounts/%1/roles")
                                  .arg(a.toObject().value(QStringLiteral("id")).toString()),
                              {{QStringLiteral("roles"), QJsonArray{QStringLiteral("contributor"),
                                                                    QStringLiteral("reviewer")}}})
                        .status,
                    200);
        }
    }

    void cleanOriginalIsAcceptedAfterOneApproval()
    {
        m_original = submit(m_ana, melodyWav(30, 303), QStringLiteral("original.wav"));
        const QJsonObject s = waitForChecks(m_ana, m_original);
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("pending_review"));
        for (const QJsonValue &f : flagsOf(s))
            QVERIFY2(f.toString() == QLatin1String("embedding_similar"), qPrintable(f.toString()));
        QCOMPARE(s.value(QStringLiteral("checks")).toObject().value(QStringLiteral("state")),
                 QJsonValue(QStringLiteral("done")));
        // The lookup service got the Chromaprint fingerprint, the duration and the key.
        QVERIFY(m_acoustid.requests >= 1);
        QCOMPARE(m_acoustid.lastClient, QStringLiteral("test-client-key"));
        QVERIFY(m_acoustid.lastFingerprint.startsWith(QLatin1String("AQ")));
        QCOMPARE(m_acoustid.lastDuration, 30);

        m_http->setToken(m_r1);
        auto queue = m_http->get(QStringLiteral("/review/queue"));
        QCOMPARE(queue.status, 200);
        QJsonObject item;
        for (const QJsonValue &v : queue.json().value(QStringLiteral("items")).toArray())
            if (v.toObject().value(QStringLiteral("track_id")).toString() == m_original)
                item = v.toObject();
        QVERIFY(!item.isEmpty());
        QCOMPARE(item.value(QStringLiteral("review_state"))
                     .toObject()
                     .value(QStringLiteral("required"))
                     .toInt(),
                 1);
        const QJsonArray ext = item.value(QStringLiteral("similarity"))
                                   .toObject()
                                   .value(QStringLiteral("external"))
                                   .toArray();
        QCOMPARE(ext.size(), 2); // acoustid and the catalog, both answered
        for (const QJsonValue &e : ext)
            QCOMPARE(e.toObject().value(QStringLiteral("available")).toBool(), true);

        // The owner cannot review; a reviewer approves once and it is accepted.
        m_http->setToken(m_ana);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/review/%1/votes").arg(m_original),
                            {{QStringLiteral("vote"), QStringLiteral("approve")}})
                     .status,
                 403);
        const QJsonObject r = vote(m_r1, m_original, QStringLiteral("approve"), {});
        QCOMPARE(r.value(QStringLiteral("status")).toString(), QStringLiteral("accepted"));
    }

    void exactReuploadIsAutoRejectedAsDuplicate()
    {
        const QString copy = submit(m_bob, melodyWav(30, 303), QStringLiteral("copy.wav"));
        const QJsonObject s = waitForChecks(m_bob, copy);
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
        QVERIFY(flagsOf(s).contains(QStringLiteral("exact_duplicate")));
        m_http->setToken(m_bob);
        const QJsonArray history = m_http->get(QStringLiteral("/tracks/") + copy)
                                       .json()
                                       .value(QStringLiteral("history"))
                                       .toArray();
        QVERIFY(history.last()
                    .toObject()
                    .value(QStringLiteral("reason"))
                    .toString()
                    .contains(QStringLiteral("exact copy")));
    }

    void editedCatalogExcerptIsFlaggedAndNeedsTwoApprovals()
    {
        // 12 s of catalog track A, EQ'd and re-encoded to MP3: a weak hit (overlap < 15 s).
        const QByteArray mp3 = transcode(
            melodyWav(30, 101), QStringLiteral("edited.mp3"),
            {QStringLiteral("-af"),
             QStringLiteral("atrim=8:20,asetpts=PTS-STARTPTS,equalizer=f=1000:t=q:w=1:g=6"),
             QStringLiteral("-b:a"), QStringLiteral("128k")});
        m_edited = submit(m_bob, mp3, QStringLiteral("edited.mp3"));
        const QJsonObject s = waitForChecks(m_bob, m_edited);
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("pending_review"));
        QVERIFY2(flagsOf(s).contains(QStringLiteral("external_weak_hit")),
                 QJsonDocument(s).toJson().constData());

        m_http->setToken(m_r1);
        auto detail = m_http->get(QStringLiteral("/review/") + m_edited).json();
        const QJsonObject catalog = detail.value(QStringLiteral("similarity"))
                                        .toObject()
                                        .value(QStringLiteral("external"))
                                        .toObject()
                                        .value(QStringLiteral("open-corpus"))
                                        .toObject();
        QCOMPARE(catalog.value(QStringLiteral("verdict")).toString(), QStringLiteral("weak_hit"));
        const QJsonObject best = catalog.value(QStringLiteral("hits")).toArray().first().toObject();
        QCOMPARE(best.value(QStringLiteral("title")).toString(),
                 QStringLiteral("Reference Song A"));
        QCOMPARE(best.value(QStringLiteral("isrc")).toString(), QStringLiteral("XX0000000001"));
        QVERIFY(best.value(QStringLiteral("match_confidence")).toDouble() >= 0.7);
        // The overlap is where the excerpt came from: 0..12 s here, 8..20 s in the reference.
        QVERIFY(best.value(QStringLiteral("overlap_end")).toDouble() -
                    best.value(QStringLiteral("overlap_start")).toDouble() >
                8);
        QVERIFY(std::abs(best.value(QStringLiteral("ref_overlap_start")).toDouble() -
                         (8 + best.value(QStringLiteral("overlap_start")).toDouble())) < 1.0);
        QCOMPARE(detail.value(QStringLiteral("review_state"))
                     .toObject()
                     .value(QStringLiteral("required"))
                     .toInt(),
                 2);

        auto first = vote(m_r1, m_edited, QStringLiteral("approve"),
                          QStringLiteral("sounds original to me"));
        QCOMPARE(first.value(QStringLiteral("status")).toString(),
                 QStringLiteral("pending_review"));
        QCOMPARE(first.value(QStringLiteral("review_state"))
                     .toObject()
                     .value(QStringLiteral("approvals"))
                     .toInt(),
                 1);
        m_http->setToken(m_r1);
        auto twice = m_http->post(QStringLiteral("/review/%1/votes").arg(m_edited),
                                  {{QStringLiteral("vote"), QStringLiteral("approve")}});
        QCOMPARE(twice.status, 409);
        QCOMPARE(twice.errorCode(), QStringLiteral("already_voted"));
        auto noNote = m_http->post(QStringLiteral("/review/%1/votes").arg(m_edited),
                                   {{QStringLiteral("vote"), QStringLiteral("reject")}});
        QCOMPARE(noNote.status, 400);
        auto second = vote(m_r2, m_edited, QStringLiteral("approve"), {});
        QCOMPARE(second.value(QStringLiteral("status")).toString(), QStringLiteral("accepted"));
    }

    void peaksAndPreviewsWithoutRawAudio()
    {
        m_http->setToken(m_r1);
        auto peaks = m_http->get(QStringLiteral("/tracks/%1/peaks?resolution=200").arg(m_edited));
        QCOMPARE(peaks.status, 200);
        QCOMPARE(peaks.json().value(QStringLiteral("max")).toArray().size(), 200);
        QVERIFY(std::abs(peaks.json().value(QStringLiteral("duration_sec")).toDouble() - 12) < 0.5);
        QCOMPARE(m_http->get(QStringLiteral("/tracks/%1/peaks?resolution=0").arg(m_edited)).status,
                 400);

        auto tooLong =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_edited),
                         {{QStringLiteral("start_s"), 0}, {QStringLiteral("duration_s"), 31}});
        QCOMPARE(tooLong.status, 400);
        // Issue 14: the track is accepted now, so reviewers get no previews of it; an admin
        // does (audited).
        auto accepted =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_edited),
                         {{QStringLiteral("start_s"), 2}, {QStringLiteral("duration_s"), 5}});
        QCOMPARE(accepted.status, 409);
        QCOMPARE(accepted.errorCode(), QStringLiteral("not_previewable"));
        m_http->setToken(m_admin);
        auto made =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_edited),
                         {{QStringLiteral("start_s"), 2}, {QStringLiteral("duration_s"), 5}});
        QCOMPARE(made.status, 201);
        const QString url = made.json().value(QStringLiteral("url")).toString();
        QVERIFY(url.startsWith(QLatin1String("/previews/")));
        QVERIFY(!url.contains(QLatin1String("lemm://")));
        m_http->setToken({}); // issue 14: the link alone is not enough
        QCOMPARE(m_http->get(url).status, 401);
        m_http->setToken(m_admin); // the account and session it was made for
        auto mp3 = m_http->get(url);
        QCOMPARE(mp3.status, 200);
        auto decoded = core::decodeAudioBuffer(mp3.body);
        QVERIFY(decoded.ok());
        QVERIFY(std::abs(decoded->stats.decodedSec() - 5.0) < 0.3);
        QCOMPARE(decoded->info.container, QStringLiteral("mp3"));
        QString tampered = url;
        tampered[12] = tampered[12] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QCOMPARE(m_http->get(tampered).status, 401);
        // Contributors get no previews.
        m_http->setToken(m_bob);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/tracks/%1/previews").arg(m_edited),
                            {{QStringLiteral("start_s"), 0}, {QStringLiteral("duration_s"), 5}})
                     .status,
                 403);
        // Every preview fetch is a vault_access entry with purpose "review" naming the reviewer.
        m_http->setToken(m_admin);
        const QJsonArray access =
            m_http->get(QStringLiteral("/audit?event_type=vault_access&subject=") + m_edited)
                .json()
                .value(QStringLiteral("entries"))
                .toArray();
        int review = 0;
        for (const QJsonValue &e : access)
            if (e.toObject()
                    .value(QStringLiteral("payload"))
                    .toObject()
                    .value(QStringLiteral("purpose")) == QJsonValue(QStringLiteral("review")))
                ++review;
        QCOMPARE(review, 1);
    }

    void strongCatalogHitIsRejectedAndTheAppealIsDecidedByAnotherReviewer()
    {
        // The whole of catalog track B, EQ'd and re-encoded: a strong hit.
        const QByteArray ogg =
            transcode(melodyWav(30, 202), QStringLiteral("b.ogg"),
                      {QStringLiteral("-af"), QStringLiteral("equalizer=f=3000:t=q:w=1:g=-6"),
                       QStringLiteral("-c:a"), QStringLiteral("libvorbis")});
        m_appealed = submit(m_ana, ogg, QStringLiteral("b.ogg"));
        QJsonObject s = waitForChecks(m_ana, m_appealed);
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
        QVERIFY(flagsOf(s).contains(QStringLiteral("external_strong_hit")));
        // The contributor is told how to appeal; the admins' dispute queue has the track.
        QVERIFY(s.value(QStringLiteral("notice")).toString().contains(QStringLiteral("appeal")));
        QCOMPARE(s.value(QStringLiteral("appeal")).toString(),
                 QStringLiteral("/tracks/%1/appeal").arg(m_appealed));
        const auto disputeState = [&]() {
            m_http->setToken(m_admin);
            for (const QJsonValue &v : m_http->get(QStringLiteral("/admin/disputes?state=all"))
                                           .json()
                                           .value(QStringLiteral("disputes"))
                                           .toArray())
                if (v.toObject().value(QStringLiteral("track_id")).toString() == m_appealed)
                    return v.toObject();
            return QJsonObject();
        };
        QJsonObject entry = disputeState();
        QCOMPARE(entry.value(QStringLiteral("state")).toString(),
                 QStringLiteral("awaiting_appeal"));
        QVERIFY(!entry.value(QStringLiteral("hits")).toArray().isEmpty());
        m_http->setToken(m_r1); // reviewers do not see the admins' queue
        QCOMPARE(m_http->get(QStringLiteral("/admin/disputes")).status, 403);
        m_http->setToken(m_bob); // not the owner
        QCOMPARE(m_http
                     ->post(QStringLiteral("/tracks/%1/appeal").arg(m_appealed),
                            {{QStringLiteral("reason"), QStringLiteral("mine")}})
                     .status,
                 404);
        m_http->setToken(m_ana);
        auto appeal = m_http->post(
            QStringLiteral("/tracks/%1/appeal").arg(m_appealed),
            {{QStringLiteral("reason"), QStringLiteral("I wrote this melody in 2019")}});
        QCOMPARE(appeal.status, 200);
        QCOMPARE(appeal.json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("dispute_pending"));
        auto again = m_http->post(QStringLiteral("/tracks/%1/appeal").arg(m_appealed),
                                  {{QStringLiteral("reason"), QStringLiteral("again")}});
        QCOMPARE(again.status, 409);
        QCOMPARE(disputeState().value(QStringLiteral("state")).toString(),
                 QStringLiteral("appealed"));
        const QJsonObject d = vote(m_r2, m_appealed, QStringLiteral("reject"),
                                   QStringLiteral("the catalog recording is the same piece"));
        QCOMPARE(d.value(QStringLiteral("status")).toString(), QStringLiteral("rejected_final"));
        QCOMPARE(disputeState().value(QStringLiteral("state")).toString(),
                 QStringLiteral("denied"));
        m_http->setToken(m_admin); // decided: out of the open queue
        for (const QJsonValue &v : m_http->get(QStringLiteral("/admin/disputes"))
                                       .json()
                                       .value(QStringLiteral("disputes"))
                                       .toArray())
            QVERIFY(v.toObject().value(QStringLiteral("track_id")).toString() != m_appealed);

        // A reviewer's rejection, appealed: the same reviewer may not re-evaluate.
        m_rejectedByR1 = submit(m_bob, melodyWav(30, 404), QStringLiteral("second.wav"));
        s = waitForChecks(m_bob, m_rejectedByR1);
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("pending_review"));
        QCOMPARE(vote(m_r1, m_rejectedByR1, QStringLiteral("reject"), QStringLiteral("too quiet"))
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("rejected"));
        m_http->setToken(m_bob);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/tracks/%1/appeal").arg(m_rejectedByR1),
                            {{QStringLiteral("reason"), QStringLiteral("it is mastered quiet")}})
                     .status,
                 200);
        m_http->setToken(m_r1);
        auto same = m_http->post(QStringLiteral("/review/%1/votes").arg(m_rejectedByR1),
                                 {{QStringLiteral("vote"), QStringLiteral("approve")}});
        QCOMPARE(same.status, 409);
        QCOMPARE(same.errorCode(), QStringLiteral("same_reviewer"));
        QCOMPARE(vote(m_r2, m_rejectedByR1, QStringLiteral("approve"), {})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("accepted"));
    }

    void claimLocksAnAcceptedTrackOutOfTraining()
    {
        auto cfg = server::ServerConfig::load(m_dir.path());
        QVERIFY(cfg.ok());
        server::ServerConfig c = cfg.value();
        c.databaseUrl = m_dbUrl;
        auto root = server::ServerRoot::open(c);
        QVERIFY(root.ok());
        server::TrainingGateway &tracks = root.value()->trainingGateway();
        QVERIFY(tracks.eligibleTrackIds()->contains(m_original));

        m_http->setToken(m_bob);
        auto bad =
            m_http->post(QStringLiteral("/claims"), {{QStringLiteral("track_id"), m_original}});
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("fields"))
                    .toObject()
                    .contains(QStringLiteral("evidence")));
        // Issue 14: a claim locks at once only with standing; an admin records Bob as a rights
        // holder (without it the claim waits for review: abuse_e2e_test).
        m_http->setToken(m_bob);
        const QString bobId =
            m_http->get(QStringLiteral("/auth/me")).json().value(QStringLiteral("id")).toString();
        m_http->setToken(m_admin);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/accounts/%1/rights-holder").arg(bobId),
                            {{QStringLiteral("rights_holder"), true},
                             {QStringLiteral("note"), QStringLiteral("label contract on file")}})
                     .status,
                 200);
        m_http->setToken(m_bob);
        auto claim = m_http->post(
            QStringLiteral("/claims"),
            {{QStringLiteral("track_id"), m_original},
             {QStringLiteral("claimant"), QStringLiteral("Label Rights Ltd")},
             {QStringLiteral("contact"), QStringLiteral("legal@example.com")},
             {QStringLiteral("statement"), QStringLiteral("in good faith, this is our recording")},
             {QStringLiteral("evidence"), QStringLiteral("matches our 2015 release, bars 1-16")}});
        QCOMPARE(claim.status, 201);
        QCOMPARE(claim.json().value(QStringLiteral("track_status")).toString(),
                 QStringLiteral("under_investigation"));
        QVERIFY(!tracks.eligibleTrackIds()->contains(m_original));
        const QString claimId = claim.json().value(QStringLiteral("claim_id")).toString();

        m_http->setToken(m_r1);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/claims/%1/decision").arg(claimId),
                            {{QStringLiteral("decision"), QStringLiteral("keep")},
                             {QStringLiteral("note"), QStringLiteral("x")}})
                     .status,
                 403);
        m_http->setToken(m_admin);
        auto open =
            m_http->get(QStringLiteral("/claims")).json().value(QStringLiteral("claims")).toArray();
        QCOMPARE(open.size(), 1);
        // The similarity re-check runs for the claim.
        QDeadlineTimer deadline(60000);
        QString recheck;
        while (!deadline.hasExpired()) {
            recheck = m_http->get(QStringLiteral("/tracks/%1/status").arg(m_original))
                          .json()
                          .value(QStringLiteral("checks"))
                          .toObject()
                          .value(QStringLiteral("kind"))
                          .toString() +
                      QLatin1Char('/') +
                      m_http->get(QStringLiteral("/tracks/%1/status").arg(m_original))
                          .json()
                          .value(QStringLiteral("checks"))
                          .toObject()
                          .value(QStringLiteral("state"))
                          .toString();
            if (recheck == QLatin1String("recheck/done"))
                break;
            QTest::qWait(100);
        }
        QCOMPARE(recheck, QStringLiteral("recheck/done"));
        auto decided = m_http->post(QStringLiteral("/claims/%1/decision").arg(claimId),
                                    {{QStringLiteral("decision"), QStringLiteral("keep")},
                                     {QStringLiteral("note"), QStringLiteral("different melody")}});
        QCOMPARE(decided.status, 200);
        QCOMPARE(decided.json().value(QStringLiteral("track_status")).toString(),
                 QStringLiteral("accepted"));
        QVERIFY(tracks.eligibleTrackIds()->contains(m_original));
        QCOMPARE(m_http
                     ->post(QStringLiteral("/claims/%1/decision").arg(claimId),
                            {{QStringLiteral("decision"), QStringLiteral("remove")},
                             {QStringLiteral("note"), QStringLiteral("again")}})
                     .status,
                 409);
    }

    void externalServiceHitsAndOutages()
    {
        m_acoustid.mode = FakeAcoustId::Mode::StrongMatch;
        const QString hit = submit(m_ana, melodyWav(30, 505), QStringLiteral("hit.wav"));
        QJsonObject s = waitForChecks(m_ana, hit);
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
        QVERIFY(flagsOf(s).contains(QStringLiteral("external_strong_hit")));
        m_http->setToken(m_admin);
        const QJsonObject ext = m_http->get(QStringLiteral("/review/") + hit)
                                    .json()
                                    .value(QStringLiteral("similarity"))
                                    .toObject()
                                    .value(QStringLiteral("external"))
                                    .toObject()
                                    .value(QStringLiteral("acoustid"))
                                    .toObject();
        const QJsonObject best = ext.value(QStringLiteral("hits")).toArray().first().toObject();
        QCOMPARE(best.value(QStringLiteral("title")).toString(), QStringLiteral("Famous Hit"));
        QCOMPARE(best.value(QStringLiteral("artist")).toString(), QStringLiteral("Big Label Star"));

        // The service goes down: policy says review, so the track goes on, flagged.
        m_acoustid.mode = FakeAcoustId::Mode::Down;
        auto policy = m_http->get(QStringLiteral("/policy")).json();
        QJsonObject p = policy.value(QStringLiteral("policy")).toObject();
        p.insert(QStringLiteral("external_unavailable_action"), QStringLiteral("review"));
        auto changed = m_http->put(
            QStringLiteral("/policy"),
            {{QStringLiteral("policy"), p},
             {QStringLiteral("note"), QStringLiteral("lookup outage")},
             {QStringLiteral("base_version"), policy.value(QStringLiteral("version"))}});
        QCOMPARE(changed.status, 200);
        const QString down = submit(m_bob, melodyWav(30, 606), QStringLiteral("down.wav"));
        s = waitForChecks(m_bob, down);
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("pending_review"));
        QVERIFY(flagsOf(s).contains(QStringLiteral("external_check_unavailable")));
        m_acoustid.mode = FakeAcoustId::Mode::NoMatch;
    }

    void brokenAudioEndsInAClearState()
    {
        struct Case {
            const char *name;
            QByteArray audio;
            const char *reason;
        };
        // FLAC announces its length (STREAMINFO); a third of the file is left. (WAV cannot tell:
        // FFmpeg's demuxer trusts the file size over the header.)
        QByteArray truncated = transcode(melodyWav(30, 707), QStringLiteral("cut.flac"), {});
        truncated.truncate(truncated.size() / 3);
        // Three hours of silence (FLAC keeps it small): refused before a full decode.
        const QString longPath = QDir(m_audio.path()).filePath(QStringLiteral("long.flac"));
        QProcess ff;
        ff.start(QStringLiteral("ffmpeg"),
                 {QStringLiteral("-nostdin"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                  QStringLiteral("-y"), QStringLiteral("-f"), QStringLiteral("lavfi"),
                  QStringLiteral("-i"), QStringLiteral("anullsrc=r=16000:cl=mono"),
                  QStringLiteral("-t"), QStringLiteral("10800"), QStringLiteral("-c:a"),
                  QStringLiteral("flac"), longPath});
        QVERIFY(ff.waitForFinished(120000) && ff.exitCode() == 0);
        // A FLAC whose middle is overwritten: the first second probes fine, then frames fail.
        QByteArray corrupt = transcode(melodyWav(30, 909), QStringLiteral("corrupt.flac"), {});
        for (qsizetype i = corrupt.size() / 5; i < corrupt.size() * 4 / 5; ++i)
            corrupt[i] = char((i * 7919) & 0xff);
        const QList<Case> cases{
            {"corrupt.flac", corrupt, "audio sanity"},
            {"truncated.flac", truncated, "audio_truncated"},
            {"three-hours.flac", readFile(longPath), "audio_too_long"},
            {"short.wav", melodyWav(2, 808), "audio_too_short"},
        };
        for (const Case &c : cases) {
            const QString id = submit(m_ana, c.audio, QString::fromLatin1(c.name));
            const QJsonObject s = waitForChecks(m_ana, id);
            QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
            m_http->setToken(m_ana);
            const QJsonArray history = m_http->get(QStringLiteral("/tracks/") + id)
                                           .json()
                                           .value(QStringLiteral("history"))
                                           .toArray();
            QVERIFY2(history.last()
                         .toObject()
                         .value(QStringLiteral("reason"))
                         .toString()
                         .contains(QString::fromLatin1(c.reason)),
                     c.name);
        }
    }

    void audioThatIsNotThereIsRefusedAtUpload()
    {
        m_http->setToken(m_ana);
        for (const QByteArray &body :
             {makeWav(0.0), QByteArray("RIFF\0\0\0\0WAVE"), QByteArray(4096, '\0')}) {
            auto up = m_http->call("POST", QStringLiteral("/uploads?filename=empty.wav"), body,
                                   "audio/wav");
            QVERIFY2(up.status == 415 || up.status == 400, up.body.constData());
        }
    }

    void policyHistoryAndMetrics()
    {
        m_http->setToken(m_ana);
        QCOMPARE(m_http->put(QStringLiteral("/policy"), {{QStringLiteral("policy"), QJsonObject{}}})
                     .status,
                 403);
        QCOMPARE(m_http->get(QStringLiteral("/policy")).status, 200);
        m_http->setToken(m_admin);
        auto invalid = m_http->put(
            QStringLiteral("/policy"),
            {{QStringLiteral("policy"), QJsonObject{{QStringLiteral("external_weak_min"), 3}}}});
        QCOMPARE(invalid.status, 400);
        QVERIFY(invalid.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("fields"))
                    .toObject()
                    .contains(QStringLiteral("external_weak_min")));
        auto history = m_http->get(QStringLiteral("/policy/history"))
                           .json()
                           .value(QStringLiteral("versions"))
                           .toArray();
        QCOMPARE(history.size(), 2);
        const QJsonObject change = history.first().toObject();
        QCOMPARE(change.value(QStringLiteral("changes"))
                     .toObject()
                     .value(QStringLiteral("external_unavailable_action"))
                     .toObject()
                     .value(QStringLiteral("new"))
                     .toString(),
                 QStringLiteral("review"));
        QCOMPARE(m_http->get(QStringLiteral("/audit?event_type=policy_change&subject=policy"))
                     .json()
                     .value(QStringLiteral("entries"))
                     .toArray()
                     .size(),
                 2);
        QCOMPARE(m_http->get(QStringLiteral("/audit/verify"))
                     .json()
                     .value(QStringLiteral("ok"))
                     .toBool(),
                 true);

        m_http->setToken({});
        auto metrics = m_http->get(QStringLiteral("/metrics"));
        QCOMPARE(metrics.status, 200);
        const QString text = QString::fromUtf8(metrics.body);

        QVERIFY(text.contains(QStringLiteral("lemm_jobs_in_state{state=\"queued\"} 0")));
        QVERIFY(text.contains(
            QRegularExpression(QStringLiteral("lemm_jobs_in_state\\{state=\"done\"\\} [1-9]"))));
        if (m_dbUrl.isEmpty()) // the workers run inside the server on SQLite
            QVERIFY(text.contains(
                QStringLiteral("lemm_job_stage_duration_seconds_count{stage=\"features\"}")));
    }

    void cleanupTestCase()
    {
        m_server.stop();
        for (auto &w : m_workers)
            w.stop();
    }
};

QTEST_MAIN(IngestionEndToEndTest)
#include "ingestion_e2e_test.moc"
