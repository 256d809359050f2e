// Generation-time safety over real HTTP (spec §6, §8.1): a re-encoded excerpt of a vault track
// is blocked, a mild external match warned, unrelated audio allowed; each check is logged;
// prompts naming songs or artists are moderated (stricter thresholds follow the output id);
// repeated hits raise an alert; exports need a check that did not block and the current
// licence accepted.
#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/scripted_http.h"
#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_backend.h"
#include "support/test_signals.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm::test;

class SafetyEndToEndTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir, m_audio;
    QString m_dbUrl;
    ScriptedHttp m_lookup;
    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin, m_platform, m_ana;
    QString m_vaultTrack;

    QStringList dbArgs() const
    {
        QStringList a{QStringLiteral("--data-dir"), m_dir.path()};
        if (!m_dbUrl.isEmpty())
            a << QStringLiteral("--database") << m_dbUrl;
        return a;
    }

    QJsonObject check(const QByteArray &audio, const QString &outputId,
                      const QString &user = QStringLiteral("user-1"))
    {
        QByteArray type;
        const QByteArray body =
            safetyCheckMultipart(audio,
                                 {{QStringLiteral("model_id"), QStringLiteral("gen-1")},
                                  {QStringLiteral("output_id"), outputId},
                                  {QStringLiteral("user_id"), user},
                                  {QStringLiteral("prompt"), QStringLiteral("ambient piano")}},
                                 &type);
        m_http->setToken(m_platform);
        auto r = m_http->call("POST", QStringLiteral("/safety/check"), body, type);
        if (r.status != 200)
            qWarning("check %s: %d %s", qPrintable(outputId), r.status, r.body.constData());
        return r.json();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("backend: %s", qPrintable(backendName()));
        m_dbUrl = freshDatabaseUrl();
        m_lookup.script = {{200, R"({"status":"ok","results":[]})"}};
        const quint16 port = m_lookup.start();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LEMM_POLL_MS"), QStringLiteral("100"));
        env.insert(QStringLiteral("LEMM_ACOUSTID_URL"),
                   QStringLiteral("http://127.0.0.1:%1").arg(port));
        env.insert(QStringLiteral("LEMM_ACOUSTID_RETRIES"), QStringLiteral("0"));
        QVERIFY2(m_server.startWithAdmin(m_dir.path(), QStringLiteral("admin@example.org"),
                                         "an admin password", m_dbUrl, env),
                 qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.baseUrl());
        m_admin = m_http
                      ->post(QStringLiteral("/auth/login"),
                             {{QStringLiteral("email"), QStringLiteral("admin@example.org")},
                              {QStringLiteral("password"), QStringLiteral("an admin password")}})
                      .json()
                      .value(QStringLiteral("token"))
                      .toString();
        auto key = runCli(QStringList{QStringLiteral("create-service-account"),
                                      QStringLiteral("--name"), QStringLiteral("generator")}
                          << dbArgs());
        QCOMPARE(key.exitCode, 0);
        m_platform = key.out.trimmed();
        m_ana = onboard(*m_http, m_dir.path(), QStringLiteral("ana@example.org"));

        // One accepted vault track.
        m_http->setToken(m_ana);
        const Submission vault =
            uploadAndSubmit(*m_http, wavFromFloat(melody(45, 22050, 31), 22050),
                            QStringLiteral("v.wav"), "audio/wav");
        QCOMPARE(vault.upload.status, 201);
        m_vaultTrack = vault.submit.json().value(QStringLiteral("track_id")).toString();
        QTRY_COMPARE_WITH_TIMEOUT(m_http->get(QStringLiteral("/tracks/%1/status").arg(m_vaultTrack))
                                      .json()
                                      .value(QStringLiteral("status"))
                                      .toString(),
                                  QStringLiteral("pending_review"), 60000);
        m_http->setToken(m_admin);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/review/%1/votes").arg(m_vaultTrack),
                            {{QStringLiteral("vote"), QStringLiteral("approve")}})
                     .json()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("accepted"));
        QCOMPARE(m_http
                     ->post(QStringLiteral("/licenses"),
                            {{QStringLiteral("version"), QStringLiteral("out-2026-11")},
                             {QStringLiteral("summary"),
                              QStringLiteral("You may use this output commercially; it was "
                                             "checked against the LEMM Vault.")},
                             {QStringLiteral("terms_url"),
                              QStringLiteral("https://example.org/output-terms")}})
                     .status,
                 201);
    }

    void outputsAreBlockedWarnedOrAllowed()
    {
        // A re-encoded 30 s excerpt of the vault track.
        const QString mp3Path = QDir(m_audio.path()).filePath(QStringLiteral("copy.mp3"));
        QVERIFY(encodeWithFfmpeg(wavFromFloat(melody(45, 22050, 31), 22050), mp3Path,
                                 {QStringLiteral("-af"),
                                  QStringLiteral("atrim=10:40,asetpts=PTS-STARTPTS"),
                                  QStringLiteral("-b:a"), QStringLiteral("96k")})
                    .isEmpty());
        const QJsonObject blocked = check(readFile(mp3Path), QStringLiteral("out-blocked"));
        QCOMPARE(blocked.value(QStringLiteral("decision")).toString(), QStringLiteral("block"));
        QVERIFY(blocked.value(QStringLiteral("sim_internal_max")).toDouble() >= 0.7);
        const QJsonObject match =
            blocked.value(QStringLiteral("matches")).toArray().first().toObject();
        QCOMPARE(match.value(QStringLiteral("track_id")).toString(), m_vaultTrack);
        QVERIFY(std::abs(match.value(QStringLiteral("ref_overlap_start")).toDouble() -
                         (10 + match.value(QStringLiteral("overlap_start")).toDouble())) < 1.0);
        QVERIFY(blocked.value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("regenerate")));
        QVERIFY(!QJsonDocument(blocked).toJson().contains("lemm://"));

        // Unrelated audio with a medium-confidence answer from the lookup service: warned.
        m_lookup.script = {
            {200,
             R"({"status":"ok","results":[{"id":"r1","score":0.55,"recordings":[{"id":"x","title":"Some Song","artists":[{"name":"Someone"}]}]}]})"}};
        const QJsonObject warned =
            check(wavFromFloat(melody(20, 22050, 77), 22050), QStringLiteral("out-warned"));
        QCOMPARE(warned.value(QStringLiteral("decision")).toString(), QStringLiteral("warn"));
        QCOMPARE(warned.value(QStringLiteral("sim_external_max")).toDouble(), 0.55);
        QVERIFY(warned.value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("commercial use")));

        // Unrelated audio, nothing anywhere: allowed, no references shown.
        m_lookup.script = {{200, R"({"status":"ok","results":[]})"}};
        const QJsonObject allowed =
            check(wavFromFloat(melody(20, 22050, 78), 22050), QStringLiteral("out-allowed"));
        QCOMPARE(allowed.value(QStringLiteral("decision")).toString(), QStringLiteral("allow"));
        QVERIFY(allowed.value(QStringLiteral("matches")).toArray().isEmpty());
        QCOMPARE(allowed.value(QStringLiteral("checked_against_internal")).toInt(), 1);

        // Each check is an output_similarity_check entry.
        m_http->setToken(m_admin);
        for (const char *out : {"out-blocked", "out-warned", "out-allowed"}) {
            const QJsonArray e =
                m_http
                    ->get(QStringLiteral("/audit?event_type=output_similarity_check&subject=") +
                          QString::fromLatin1(out))
                    .json()
                    .value(QStringLiteral("entries"))
                    .toArray();
            QCOMPARE(e.size(), 1);
            const QJsonObject p = e.first().toObject().value(QStringLiteral("payload")).toObject();
            QVERIFY(p.contains(QStringLiteral("checked_against_internal")));
            QVERIFY(p.value(QStringLiteral("checked_against_external_catalogs"))
                        .toObject()
                        .contains(QStringLiteral("acoustid")));
        }
        // A third warned or blocked output of user-1 within the hour raises an alert
        // (alert_hits = 3).
        check(readFile(mp3Path), QStringLiteral("out-blocked-2"));
        m_http->setToken(m_admin);
        auto alerts = m_http->get(QStringLiteral("/safety/alerts"))
                          .json()
                          .value(QStringLiteral("alerts"))
                          .toArray();
        QVERIFY(!alerts.isEmpty());
        QCOMPARE(alerts.first().toObject().value(QStringLiteral("hits")).toInt(), 3);

        // Bad input: not multipart, no audio, not audio.
        m_http->setToken(m_platform);
        QCOMPARE(m_http->post(QStringLiteral("/safety/check"), QJsonObject{}).status, 415);
        QByteArray type;
        QCOMPARE(
            m_http
                ->call("POST", QStringLiteral("/safety/check"),
                       safetyCheckMultipart(
                           QByteArray(),
                           QJsonObject{{QStringLiteral("model_id"), QStringLiteral("m")}}, &type),
                       type)
                .status,
            400);
        QCOMPARE(
            m_http
                ->call("POST", QStringLiteral("/safety/check"),
                       safetyCheckMultipart("not audio at all",
                                            {{QStringLiteral("model_id"), QStringLiteral("m")},
                                             {QStringLiteral("output_id"), QStringLiteral("o")},
                                             {QStringLiteral("user_id"), QStringLiteral("u")}},
                                            &type),
                       type)
                .status,
            415);
    }

    // The one check pipeline: the same audio gets the same evidence through ingestion and
    // /safety/check, and consistent decisions (a copy of the vault track is flagged at ingestion
    // and blocked at the gate; unrelated audio is neither).
    void ingestionAndOutputCheckAgree()
    {
        m_lookup.script = {{200, R"({"status":"ok","results":[]})"}};
        const QString mp3Path = QDir(m_audio.path()).filePath(QStringLiteral("copy.mp3"));
        QVERIFY(QFileInfo::exists(mp3Path)); // made by outputsAreBlockedWarnedOrAllowed
        struct Case {
            QString name;
            QByteArray audio;
        };
        const QList<Case> cases{
            {QStringLiteral("copy"), readFile(mp3Path)},
            {QStringLiteral("unrelated"), wavFromFloat(melody(25, 22050, 79), 22050)}};
        QStringList submitted;
        for (const Case &c : cases) {
            m_http->setToken(m_ana);
            auto up = m_http->call("POST", QStringLiteral("/uploads?filename=%1.bin").arg(c.name),
                                   c.audio, "application/octet-stream");
            QCOMPARE(up.status, 201);
            const QString track =
                m_http
                    ->post(QStringLiteral("/tracks/submit"),
                           submissionBody(
                               up.json().value(QStringLiteral("audio_upload_token")).toString()))
                    .json()
                    .value(QStringLiteral("track_id"))
                    .toString();
            QVERIFY(!track.isEmpty());
            submitted << track;
            QJsonObject status;
            QTRY_VERIFY_WITH_TIMEOUT(
                (status = m_http->get(QStringLiteral("/tracks/%1/status").arg(track)).json())
                        .value(QStringLiteral("status"))
                        .toString() != QLatin1String("pending_automated_checks"),
                60000);
            const QJsonArray flags = status.value(QStringLiteral("flags")).toArray();
            const bool flaggedInternal = flags.contains(QStringLiteral("near_duplicate")) ||
                                         flags.contains(QStringLiteral("internal_partial_match"));
            QVERIFY(!flags.contains(QStringLiteral("embedding_similar"))); // a hint, no flag
            const QJsonObject out =
                check(c.audio, QStringLiteral("out-agree-") + c.name, QStringLiteral("user-agree"));
            const QString decision = out.value(QStringLiteral("decision")).toString();
            QCOMPARE(out.value(QStringLiteral("sources")).toObject(),
                     QJsonObject({{QStringLiteral("acoustid"), QStringLiteral("answered")}}));
            QVERIFY(!out.value(QStringLiteral("calibration_version")).toString().isEmpty());
            if (c.name == QLatin1String("copy")) {
                QVERIFY2(flaggedInternal, QJsonDocument(status).toJson().constData());
                QCOMPARE(decision, QStringLiteral("block"));
                // The gate's match is the vault track (the submission itself is in review and a
                // reference too, but the copy's first match is the original).
                bool sawVault = false;
                for (const QJsonValue &m : out.value(QStringLiteral("matches")).toArray()) {
                    const QJsonObject o = m.toObject();
                    if (o.value(QStringLiteral("track_id")) != QJsonValue(m_vaultTrack))
                        continue;
                    sawVault = true;
                    // Localised: the excerpt is the reference's 10..40 s.
                    const QJsonArray segs = o.value(QStringLiteral("segments")).toArray();
                    QVERIFY2(!segs.isEmpty(), QJsonDocument(o).toJson().constData());
                    const QJsonObject s0 = segs.first().toObject();
                    QVERIFY(std::abs(s0.value(QStringLiteral("ref_start")).toDouble() -
                                     (10 + s0.value(QStringLiteral("query_start")).toDouble())) <
                            1.0);
                    QVERIFY(s0.value(QStringLiteral("score")).toDouble() >= 0.7);
                }
                QVERIFY(sawVault);
            } else {
                QVERIFY2(!flaggedInternal, QJsonDocument(status).toJson().constData());
                // The unrelated submission is a reference itself now: its own audio is an exact
                // copy of it. The output check of the same audio therefore blocks; what must
                // agree is that the vault's track is matched by neither path.
                for (const QJsonValue &m : out.value(QStringLiteral("matches")).toArray())
                    QVERIFY(m.toObject().value(QStringLiteral("track_id")) !=
                            QJsonValue(m_vaultTrack));
            }
        }
        // Out of the reference set again for the suites that follow.
        m_http->setToken(m_admin);
        for (const QString &track : submitted)
            QCOMPARE(m_http
                         ->post(QStringLiteral("/review/%1/votes").arg(track),
                                {{QStringLiteral("vote"), QStringLiteral("reject")},
                                 {QStringLiteral("note"), QStringLiteral("test submission")}})
                         .status,
                     200);
        // With both rejected, the unrelated audio is allowed at the gate: same as ingestion saw.
        QCOMPARE(check(cases.last().audio, QStringLiteral("out-agree-unrelated-2"),
                       QStringLiteral("user-agree"))
                     .value(QStringLiteral("decision"))
                     .toString(),
                 QStringLiteral("allow"));
    }

    void promptsAreModerated()
    {
        m_http->setToken(m_admin);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/safety/rules"),
                            {{QStringLiteral("kind"), QStringLiteral("song")},
                             {QStringLiteral("phrase"), QStringLiteral("Bohemian Rhapsody")}})
                     .status,
                 201);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/safety/rules"),
                            {{QStringLiteral("kind"), QStringLiteral("artist")},
                             {QStringLiteral("phrase"), QStringLiteral("Adele")}})
                     .status,
                 201);
        m_http->setToken(m_platform);
        auto song = m_http
                        ->post(QStringLiteral("/safety/prompt"),
                               {{QStringLiteral("prompt"),
                                 QStringLiteral("make it exactly like bohemian rhapsody")}})
                        .json();
        QCOMPARE(song.value(QStringLiteral("category")).toString(),
                 QStringLiteral("explicit_song_reference"));
        QCOMPARE(song.value(QStringLiteral("action")).toString(), QStringLiteral("reject"));
        QCOMPARE(song.value(QStringLiteral("spans"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("text"))
                     .toString(),
                 QStringLiteral("bohemian rhapsody"));
        auto artist = m_http
                          ->post(QStringLiteral("/safety/prompt"),
                                 {{QStringLiteral("prompt"),
                                   QStringLiteral("a ballad in the style of ADELE")},
                                  {QStringLiteral("output_id"), QStringLiteral("out-adele")}})
                          .json();
        QCOMPARE(artist.value(QStringLiteral("category")).toString(),
                 QStringLiteral("named_artist"));
        QCOMPARE(artist.value(QStringLiteral("action")).toString(), QStringLiteral("stricter"));
        auto generic =
            m_http
                ->post(QStringLiteral("/safety/prompt"),
                       {{QStringLiteral("prompt"), QStringLiteral("80s synthwave, nostalgic")}})
                .json();
        QCOMPARE(generic.value(QStringLiteral("action")).toString(), QStringLiteral("accept"));
        // That output is checked with the stricter thresholds.
        const QJsonObject strict = check(wavFromFloat(melody(20, 22050, 79), 22050),
                                         QStringLiteral("out-adele"), QStringLiteral("user-2"));
        QCOMPARE(strict.value(QStringLiteral("thresholds"))
                     .toObject()
                     .value(QStringLiteral("source"))
                     .toString(),
                 QStringLiteral("stricter:named_artist"));
        QCOMPARE(strict.value(QStringLiteral("thresholds"))
                     .toObject()
                     .value(QStringLiteral("block_min"))
                     .toDouble(),
                 0.5);
    }

    void exportsNeedACleanCheckAndTheLicence()
    {
        m_http->setToken(m_platform);
        auto blocked = m_http->post(QStringLiteral("/exports"),
                                    {{QStringLiteral("output_id"), QStringLiteral("out-blocked")},
                                     {QStringLiteral("user_id"), QStringLiteral("user-1")}});
        QCOMPARE(blocked.status, 409);
        QCOMPARE(blocked.errorCode(), QStringLiteral("output_blocked"));
        auto unchecked = m_http->post(QStringLiteral("/exports"),
                                      {{QStringLiteral("output_id"), QStringLiteral("never-seen")},
                                       {QStringLiteral("user_id"), QStringLiteral("user-1")}});
        QCOMPARE(unchecked.errorCode(), QStringLiteral("output_not_checked"));
        auto early = m_http->post(QStringLiteral("/exports"),
                                  {{QStringLiteral("output_id"), QStringLiteral("out-allowed")},
                                   {QStringLiteral("user_id"), QStringLiteral("user-1")}});
        QCOMPARE(early.errorCode(), QStringLiteral("license_not_accepted"));
        auto current = m_http->get(QStringLiteral("/licenses/current")).json();
        QCOMPARE(current.value(QStringLiteral("version")).toString(),
                 QStringLiteral("out-2026-11"));
        QCOMPARE(m_http
                     ->post(QStringLiteral("/licenses/old-version/accept"),
                            {{QStringLiteral("user_id"), QStringLiteral("user-1")}})
                     .status,
                 409);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/licenses/out-2026-11/accept"),
                            {{QStringLiteral("user_id"), QStringLiteral("user-1")}})
                     .status,
                 200);
        auto ok = m_http->post(QStringLiteral("/exports"),
                               {{QStringLiteral("output_id"), QStringLiteral("out-allowed")},
                                {QStringLiteral("user_id"), QStringLiteral("user-1")}});
        QCOMPARE(ok.status, 201);
        QCOMPARE(ok.json().value(QStringLiteral("license_version_accepted")).toString(),
                 QStringLiteral("out-2026-11"));
        QCOMPARE(ok.json().value(QStringLiteral("model_id")).toString(), QStringLiteral("gen-1"));
        m_http->setToken(m_admin);
        QCOMPARE(m_http->get(QStringLiteral("/audit?event_type=output_export&subject=out-allowed"))
                     .json()
                     .value(QStringLiteral("entries"))
                     .toArray()
                     .size(),
                 1);
        QCOMPARE(m_http->get(QStringLiteral("/audit/verify"))
                     .json()
                     .value(QStringLiteral("ok"))
                     .toBool(),
                 true);
    }

    void outputProofChecksAgainstTheChain()
    {
        auto proof = runCli(QStringList{QStringLiteral("proof"), QStringLiteral("output"),
                                        QStringLiteral("out-blocked")}
                            << dbArgs());
        QCOMPARE(proof.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(proof.out.toUtf8()).object();
        QVERIFY2(
            doc.value(QStringLiteral("summary")).toString().contains(QStringLiteral("'block'")),
            qPrintable(proof.out));
        QVERIFY(
            doc.value(QStringLiteral("summary")).toString().contains(QStringLiteral("acoustid")));
        const QString file = m_dir.filePath(QStringLiteral("output-proof.json"));
        QVERIFY(writeFile(file, proof.out.toUtf8()));
        QCOMPARE(
            runCli(QStringList{QStringLiteral("proof"), QStringLiteral("check"), file} << dbArgs())
                .exitCode,
            0);
        QCOMPARE(runCli(QStringList{QStringLiteral("proof"), QStringLiteral("output"),
                                    QStringLiteral("never-checked")}
                        << dbArgs())
                     .exitCode,
                 1);
    }

    void revokedTracksStayReferencesOnlyWhenPolicySaysSo()
    {
        const QString mp3Path = QDir(m_audio.path()).filePath(QStringLiteral("copy.mp3"));
        m_http->setToken(m_ana);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/tracks/%1/revoke").arg(m_vaultTrack),
                            {{QStringLiteral("reason"), QStringLiteral("leaving")}})
                     .status,
                 200);
        // Default policy: a revoked track is no reference any more.
        QCOMPARE(
            check(readFile(mp3Path), QStringLiteral("out-after-revoke"), QStringLiteral("user-3"))
                .value(QStringLiteral("decision"))
                .toString(),
            QStringLiteral("allow"));
        m_http->setToken(m_admin);
        auto policy = m_http->get(QStringLiteral("/policy")).json();
        QJsonObject p = policy.value(QStringLiteral("policy")).toObject();
        p.insert(QStringLiteral("revoked_tracks_in_safety_checks"), QStringLiteral("safety_only"));
        QCOMPARE(m_http->put(QStringLiteral("/policy"), {{QStringLiteral("policy"), p}}).status,
                 200);
        QCOMPARE(
            check(readFile(mp3Path), QStringLiteral("out-safety-only"), QStringLiteral("user-3"))
                .value(QStringLiteral("decision"))
                .toString(),
            QStringLiteral("block"));
    }

    void cleanupTestCase() { m_server.stop(); }
};

QTEST_MAIN(SafetyEndToEndTest)
#include "safety_e2e_test.moc"
