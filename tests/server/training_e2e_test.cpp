// The training gateway over real HTTP (spec §5, §7): packs, a run that receives exactly the
// eligible tracks, refusals (unclean pack under a clean model, unknown pack, ad-hoc track
// lists), per-track signed fetches re-checked at fetch time, completion and lineage; the fetch
// bound to the run's key, single-use and counted, models owned by their service, the config
// hash computed by the gateway, and the bulk-hold gate (issue 14).
#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_backend.h"
#include "support/test_signals.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace lemm::test;

class TrainingEndToEndTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_dbUrl;
    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin, m_gateway, m_otherService, m_ana, m_bob;

    QStringList dbArgs() const
    {
        QStringList a{QStringLiteral("--data-dir"), m_dir.path()};
        if (!m_dbUrl.isEmpty())
            a << QStringLiteral("--database") << m_dbUrl;
        return a;
    }

    // Uploads, submits, waits for the checks and has the admin accept it.
    QString acceptedTrack(const QByteArray &wav, const QStringList &genres, bool trainingAllowed,
                          bool accept = true)
    {
        m_http->setToken(m_ana);
        const Submission s = uploadAndSubmit(
            *m_http, wav, QStringLiteral("t.wav"), "audio/wav", trainingAllowed,
            [&](QJsonObject &body) {
                QJsonObject md = body.value(QStringLiteral("metadata")).toObject();
                md.insert(QStringLiteral("genre_tags"), QJsonArray::fromStringList(genres));
                body.insert(QStringLiteral("metadata"), md);
            });
        if (s.trackId.isEmpty())
            qFatal("%s", qPrintable(s.failure()));
        const QString id = s.trackId;
        // The checks end in pending_review (a clean track) or not at all within 60 s.
        const QString status =
            waitForChecks(*m_http, id).value(QStringLiteral("status")).toString();
        if (status != QLatin1String("pending_review"))
            qFatal("checks of %s did not finish in pending_review: %s", qPrintable(id),
                   qPrintable(status));
        if (accept) {
            m_http->setToken(m_admin);
            auto v = m_http->post(QStringLiteral("/review/%1/votes").arg(id),
                                  {{QStringLiteral("vote"), QStringLiteral("approve")}});
            if (v.json().value(QStringLiteral("status")).toString() != QLatin1String("accepted"))
                qFatal("accept: %s", v.body.constData());
        }
        return id;
    }

    QString serviceKey(const QString &name) { return createServiceKey(name, dbArgs()); }

    // Issue 14: a training link needs the run's own key (no key 401, a person 403, another
    // service 404), works once, and one run fetches one track at most training_fetch_limit
    // (2) times, counted in the database over every server process sharing it.
    void checkKeyBoundCountedFetches(const QString &url, const QString &track,
                                     const QByteArray &wav)
    {
        m_http->setToken({});
        QCOMPARE(m_http->get(url).status, 401);
        m_http->setToken(m_otherService);
        QCOMPARE(m_http->get(url).errorCode(), QStringLiteral("run_not_found"));
        m_http->setToken(m_admin);
        QCOMPARE(m_http->get(url).status, 403);
        m_http->setToken(m_gateway);
        auto fetched = m_http->get(url);
        QCOMPARE(fetched.status, 200);
        QCOMPARE(fetched.body, wav);
        auto replayed = m_http->get(url);
        QCOMPARE(replayed.status, 410);
        QCOMPARE(replayed.errorCode(), QStringLiteral("link_used"));
        // A second server process on the same database agrees: the link is used there too, and
        // a fresh link fetches again, up to training_fetch_limit (2) fetches per track and run
        // counted over both processes.
        ServerProcess second;
        QProcessEnvironment secondEnv = QProcessEnvironment::systemEnvironment();
        secondEnv.insert(QStringLiteral("LEMM_WORKERS"), QStringLiteral("0"));
        QVERIFY2(second.start(m_dir.path(), m_dbUrl, secondEnv), qPrintable(second.error()));
        HttpClient other(second.baseUrl());
        other.setToken(m_gateway);
        QCOMPARE(other.get(url).errorCode(), QStringLiteral("link_used"));
        const auto freshLink = [&](const QString &id) {
            for (const QJsonValue &v : m_http->get(QStringLiteral("/training/runs/run-1/manifest"))
                                           .json()
                                           .value(QStringLiteral("items"))
                                           .toArray())
                if (v.toObject().value(QStringLiteral("track_id")).toString() == id)
                    return v.toObject().value(QStringLiteral("url")).toString();
            return QString();
        };
        QCOMPARE(other.get(freshLink(track)).body, wav);
        second.stop();
        auto limited = m_http->get(freshLink(track));
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.errorCode(), QStringLiteral("fetch_limit_reached"));
    }

    // Issue 14: only the service that registered a model adds runs to it, of its type only.
    void checkModelOwnership(const QJsonObject &run)
    {
        QJsonObject foreign = run;
        foreign.insert(QStringLiteral("run_id"), QStringLiteral("run-foreign"));
        foreign.insert(QStringLiteral("clean"), false);
        m_http->setToken(m_otherService);
        auto notYours = m_http->post(QStringLiteral("/training/runs"), foreign);
        QCOMPARE(notYours.status, 403);
        QCOMPARE(notYours.errorCode(), QStringLiteral("model_not_yours"));
        m_http->setToken(m_gateway);
        QJsonObject otherType = foreign;
        otherType.insert(QStringLiteral("model_type"), QStringLiteral("per_artist_adapter"));
        auto mismatch = m_http->post(QStringLiteral("/training/runs"), otherType);
        QCOMPARE(mismatch.status, 422);
        QCOMPARE(mismatch.errorCode(), QStringLiteral("model_type_mismatch"));
    }

    // A run of model lemm-bulk-1 from the ambient pack: the ids of its manifest's first page.
    QSet<QString> runTracks(const QString &runId)
    {
        m_http->setToken(m_gateway);
        QJsonObject run{{QStringLiteral("model_id"), QStringLiteral("lemm-bulk-1")},
                        {QStringLiteral("model_type"), QStringLiteral("symbolic_core")},
                        {QStringLiteral("run_id"), runId},
                        {QStringLiteral("packs"), QJsonArray{QStringLiteral("LEMM_ambient")}},
                        {QStringLiteral("hyperparameters"), QJsonObject{}},
                        {QStringLiteral("clean"), true}};
        const auto created = m_http->post(QStringLiteral("/training/runs"), run);
        if (created.status != 201)
            qFatal("run: %s", created.body.constData());
        QSet<QString> ids;
        for (const QJsonValue &v :
             m_http->get(QStringLiteral("/training/runs/%1/manifest").arg(runId))
                 .json()
                 .value(QStringLiteral("items"))
                 .toArray())
            ids.insert(v.toObject().value(QStringLiteral("track_id")).toString());
        return ids;
    }

    // Sets bulk_max_tracks to 1 (every further track of Ana is held) and returns the session
    // tokens of two new reviewers.
    QStringList heldSourceWithTwoReviewers()
    {
        m_http->setToken(m_admin);
        const QJsonObject current = m_http->get(QStringLiteral("/policy")).json();
        QJsonObject policy = current.value(QStringLiteral("policy")).toObject();
        policy.insert(QStringLiteral("bulk_max_tracks"), 1);
        const auto put = m_http->put(
            QStringLiteral("/policy"),
            {{QStringLiteral("policy"), policy},
             {QStringLiteral("base_version"), current.value(QStringLiteral("version"))}});
        if (put.status != 200)
            qFatal("policy: %s", put.body.constData());
        const QStringList reviewers{
            onboard(*m_http, m_dir.path(), QStringLiteral("rita@example.org"), false),
            onboard(*m_http, m_dir.path(), QStringLiteral("ravi@example.org"), false)};
        for (const QString &token : reviewers) {
            m_http->setToken(token);
            const QString id = m_http->get(QStringLiteral("/auth/me"))
                                   .json()
                                   .value(QStringLiteral("id"))
                                   .toString();
            m_http->setToken(m_admin);
            const auto roles =
                m_http->put(QStringLiteral("/accounts/%1/roles").arg(id),
                            {{QStringLiteral("roles"), QJsonArray{QStringLiteral("contributor"),
                                                                  QStringLiteral("reviewer")}}});
            if (roles.status != 200)
                qFatal("roles: %s", roles.body.constData());
        }
        return reviewers;
    }

private Q_SLOTS:
    void gatewayServesExactlyTheEligibleTracks()
    {
        qInfo("backend: %s", qPrintable(backendName()));
        m_dbUrl = freshDatabaseUrl();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LEMM_POLL_MS"), QStringLiteral("100"));
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
        m_gateway = serviceKey(QStringLiteral("trainer"));
        m_otherService = serviceKey(QStringLiteral("other-trainer"));
        m_ana = onboard(*m_http, m_dir.path(), QStringLiteral("ana@example.org"));
        m_bob = onboard(*m_http, m_dir.path(), QStringLiteral("bob@example.org"));

        const QByteArray wavA = wavFromFloat(melody(8, 22050, 1), 22050);
        const QString a = acceptedTrack(wavA, {QStringLiteral("ambient")}, true);
        const QString b =
            acceptedTrack(wavFromFloat(melody(8, 22050, 2), 22050), {QStringLiteral("rock")}, true);
        const QString noConsent = acceptedTrack(wavFromFloat(melody(8, 22050, 3), 22050),
                                                {QStringLiteral("ambient")}, false);
        const QString laterRevoked = acceptedTrack(wavFromFloat(melody(8, 22050, 4), 22050),
                                                   {QStringLiteral("ambient")}, true);
        const QString pending = acceptedTrack(wavFromFloat(melody(8, 22050, 5), 22050),
                                              {QStringLiteral("ambient")}, true, false);

        // Packs (admin only).
        m_http->setToken(m_admin);
        auto core =
            m_http->post(QStringLiteral("/packs"),
                         {{QStringLiteral("name"), QStringLiteral("LEMM_Vault_v1_core")},
                          {QStringLiteral("description"), QStringLiteral("everything eligible")},
                          {QStringLiteral("allowed_uses"),
                           QJsonArray{QStringLiteral("training"), QStringLiteral("evaluation")}},
                          {QStringLiteral("clean_compatible"), true}});
        QCOMPARE(core.status, 201);
        QCOMPARE(
            m_http
                ->post(QStringLiteral("/packs"),
                       {{QStringLiteral("name"), QStringLiteral("LEMM_ambient")},
                        {QStringLiteral("description"), QStringLiteral("ambient only")},
                        {QStringLiteral("allowed_uses"), QJsonArray{QStringLiteral("training")}},
                        {QStringLiteral("clean_compatible"), true},
                        {QStringLiteral("filter"),
                         QJsonObject{
                             {QStringLiteral("status"), QJsonArray{QStringLiteral("accepted")}},
                             {QStringLiteral("genre"), QJsonArray{QStringLiteral("ambient")}}}}})
                .status,
            201);
        QCOMPARE(
            m_http
                ->post(QStringLiteral("/packs"),
                       {{QStringLiteral("name"), QStringLiteral("NC_SCRAPE_v1")},
                        {QStringLiteral("description"), QStringLiteral("external, non-commercial")},
                        {QStringLiteral("allowed_uses"), QJsonArray{QStringLiteral("training")}},
                        {QStringLiteral("clean_compatible"), false},
                        {QStringLiteral("external"), true},
                        {QStringLiteral("license"), QStringLiteral("CC-BY-NC-4.0")},
                        {QStringLiteral("manifest_hash"), QString(64, QLatin1Char('a'))}})
                .status,
            201);
        QCOMPARE(
            m_http
                ->post(QStringLiteral("/packs"),
                       {{QStringLiteral("name"), QStringLiteral("LEMM_Vault_v1_core")},
                        {QStringLiteral("description"), QStringLiteral("again")},
                        {QStringLiteral("allowed_uses"), QJsonArray{QStringLiteral("training")}},
                        {QStringLiteral("clean_compatible"), true}})
                .status,
            409);
        m_http->setToken(m_ana);
        QCOMPARE(
            m_http->post(QStringLiteral("/packs"), {{QStringLiteral("name"), QStringLiteral("x")}})
                .status,
            403);

        // Refusals name the problem.
        m_http->setToken(m_gateway);
        QJsonObject run{
            {QStringLiteral("model_id"), QStringLiteral("lemm-core-1")},
            {QStringLiteral("model_type"), QStringLiteral("symbolic_core")},
            {QStringLiteral("run_id"), QStringLiteral("run-1")},
            {QStringLiteral("packs"),
             QJsonArray{QStringLiteral("LEMM_Vault_v1_core"), QStringLiteral("NC_SCRAPE_v1")}},
            {QStringLiteral("hyperparameters"), QJsonObject{{QStringLiteral("lr"), 0.001}}},
            {QStringLiteral("clean"), true}};
        auto unclean = m_http->post(QStringLiteral("/training/runs"), run);
        QCOMPARE(unclean.status, 422);
        QCOMPARE(unclean.errorCode(), QStringLiteral("pack_not_clean"));
        QVERIFY(QString::fromUtf8(unclean.body).contains(QStringLiteral("NC_SCRAPE_v1")));
        QJsonObject unknown = run;
        unknown.insert(QStringLiteral("packs"), QJsonArray{QStringLiteral("NOPE")});
        QCOMPARE(m_http->post(QStringLiteral("/training/runs"), unknown).errorCode(),
                 QStringLiteral("unknown_pack"));
        QJsonObject adhoc = run;
        adhoc.insert(QStringLiteral("track_ids"), QJsonArray{a});
        QCOMPARE(m_http->post(QStringLiteral("/training/runs"), adhoc).status, 400);
        m_http->setToken(m_admin); // people never drive the gateway
        QCOMPARE(m_http->post(QStringLiteral("/training/runs"), run).status, 403);

        // The config hash is the gateway's: a hash that is not the config's is refused.
        m_http->setToken(m_gateway);
        run.insert(QStringLiteral("packs"), QJsonArray{QStringLiteral("LEMM_Vault_v1_core")});
        const QString configHash =
            QStringLiteral("sha256:") +
            QString::fromLatin1(
                QCryptographicHash::hash(R"({"lr":0.001})", QCryptographicHash::Sha256).toHex());
        QJsonObject trusted = run;
        trusted.insert(QStringLiteral("config_hash"), QStringLiteral("sha256:abc"));
        auto untrusted = m_http->post(QStringLiteral("/training/runs"), trusted);
        QCOMPARE(untrusted.status, 422);
        QCOMPARE(untrusted.errorCode(), QStringLiteral("config_hash_mismatch"));

        // The run: exactly the eligible tracks.
        run.insert(QStringLiteral("config_hash"), configHash);
        auto created = m_http->post(QStringLiteral("/training/runs"), run);
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value(QStringLiteral("track_count")).toInt(), 3);
        QCOMPARE(created.json().value(QStringLiteral("config_hash")).toString(), configHash);
        QCOMPARE(m_http->post(QStringLiteral("/training/runs"), run).status,
                 409); // run ids are unique
        auto page = m_http->get(QStringLiteral("/training/runs/run-1/manifest?page=0"));
        QCOMPARE(page.status, 200);
        QHash<QString, QString> urls;
        for (const QJsonValue &v : page.json().value(QStringLiteral("items")).toArray())
            urls.insert(v.toObject().value(QStringLiteral("track_id")).toString(),
                        v.toObject().value(QStringLiteral("url")).toString());
        QCOMPARE(QSet<QString>(urls.keyBegin(), urls.keyEnd()),
                 (QSet<QString>{a, b, laterRevoked}));
        QVERIFY(!urls.contains(noConsent) && !urls.contains(pending));
        QVERIFY(page.json().value(QStringLiteral("next_page")).isNull());
        m_http->setToken(m_otherService); // cannot see another service's run
        QCOMPARE(m_http->get(QStringLiteral("/training/runs/run-1/manifest")).status, 404);

        // Fetches: only with the run's own key, each link once, counted; then re-checked at
        // fetch time and tamper-evident.
        checkKeyBoundCountedFetches(urls.value(a), a, wavA);
        if (QTest::currentTestFailed())
            return;
        m_http->setToken(m_ana);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/tracks/%1/revoke").arg(laterRevoked),
                            {{QStringLiteral("reason"), QStringLiteral("changed my mind")}})
                     .status,
                 200);
        m_http->setToken(m_gateway);
        auto refused = m_http->get(urls.value(laterRevoked));
        QCOMPARE(refused.status, 410);
        QCOMPARE(refused.errorCode(), QStringLiteral("track_not_eligible"));
        QString tampered = urls.value(b);
        tampered.replace(tampered.indexOf(QLatin1Char('.')) - 3, 1, QLatin1Char('Q'));
        QCOMPARE(m_http->get(tampered).status, 401);

        checkModelOwnership(run);
        if (QTest::currentTestFailed())
            return;

        // A pack filter narrows the set; the ambient pack has only A.
        QJsonObject ambient = run;
        ambient.insert(QStringLiteral("run_id"), QStringLiteral("run-2"));
        ambient.insert(QStringLiteral("packs"), QJsonArray{QStringLiteral("LEMM_ambient")});
        QCOMPARE(m_http->post(QStringLiteral("/training/runs"), ambient)
                     .json()
                     .value(QStringLiteral("track_count"))
                     .toInt(),
                 1);

        // Completion closes the run; lineage both ways.
        auto done = m_http->post(QStringLiteral("/training/runs/run-1/complete"), QJsonObject{});
        QCOMPARE(done.status, 200);
        QCOMPARE(done.json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("completed"));
        QCOMPARE(
            m_http->post(QStringLiteral("/training/runs/run-1/complete"), QJsonObject{}).status,
            409);
        QCOMPARE(m_http->get(urls.value(b)).errorCode(), QStringLiteral("run_completed"));
        m_http->setToken(m_admin);
        auto lineage = m_http->get(QStringLiteral("/models/lemm-core-1/lineage")).json();
        QCOMPARE(lineage.value(QStringLiteral("runs")).toArray().size(), 2);
        QCOMPARE(
            lineage.value(QStringLiteral("packs")).toArray(),
            (QJsonArray{QStringLiteral("LEMM_Vault_v1_core"), QStringLiteral("LEMM_ambient")}));
        // Navigation down: models → runs → tracks, and the proof document for export.
        const QJsonArray models =
            m_http->get(QStringLiteral("/models")).json().value(QStringLiteral("models")).toArray();
        QCOMPARE(models.size(), 1);
        QCOMPARE(models.first().toObject().value(QStringLiteral("run_count")).toInt(), 2);
        auto runDoc = m_http->get(QStringLiteral("/training/runs/run-1")).json();
        QCOMPARE(runDoc.value(QStringLiteral("model_id")).toString(),
                 QStringLiteral("lemm-core-1"));
        QCOMPARE(runDoc.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        const QJsonArray runTracks = runDoc.value(QStringLiteral("tracks")).toArray();
        QCOMPARE(runTracks.size(), runDoc.value(QStringLiteral("track_count")).toInt());
        QVERIFY(std::any_of(runTracks.begin(), runTracks.end(), [&](const QJsonValue &t) {
            return t.toObject().value(QStringLiteral("track_id")).toString() == a;
        }));
        QCOMPARE(m_http->get(QStringLiteral("/training/runs/run-nope")).status, 404);
        auto proofDoc = m_http->get(QStringLiteral("/proofs/models/lemm-core-1"));
        QCOMPARE(proofDoc.status, 200);
        QVERIFY(!proofDoc.json().value(QStringLiteral("entries")).toArray().isEmpty());
        m_http->setToken(m_ana);
        auto mine = m_http->get(QStringLiteral("/tracks/%1/lineage").arg(a)).json();
        QCOMPARE(mine.value(QStringLiteral("model_count")).toInt(), 1);
        QCOMPARE(mine.value(QStringLiteral("training_runs_included")).toArray().size(), 2);
        // Her list counts the same models for every track in its one answer: A was in two runs
        // of one model, the revoked one still counts its past run, unused tracks count 0.
        QMap<QString, int> trained;
        for (const QJsonValue &v : m_http->get(QStringLiteral("/contributors/me/tracks"))
                                       .json()
                                       .value(QStringLiteral("tracks"))
                                       .toArray())
            trained.insert(v.toObject().value(QStringLiteral("track_id")).toString(),
                           v.toObject().value(QStringLiteral("models_trained")).toInt(-1));
        QCOMPARE(trained, (QMap<QString, int>{
                              {a, 1}, {b, 1}, {noConsent, 0}, {laterRevoked, 1}, {pending, 0}}));
        m_http->setToken(m_bob);
        QCOMPARE(m_http->get(QStringLiteral("/tracks/%1/lineage").arg(a)).status, 404);

        // The audit log has the batch, the completion and each fetch with its run.
        m_http->setToken(m_admin);
        QCOMPARE(m_http->get(QStringLiteral("/audit?event_type=training_batch&subject=run-1"))
                     .json()
                     .value(QStringLiteral("entries"))
                     .toArray()
                     .size(),
                 2);
        const QJsonArray access =
            m_http->get(QStringLiteral("/audit?event_type=vault_access&subject=") + a)
                .json()
                .value(QStringLiteral("entries"))
                .toArray();
        bool training = false;
        for (const QJsonValue &e : access) {
            const QJsonObject p = e.toObject().value(QStringLiteral("payload")).toObject();
            training =
                training ||
                (p.value(QStringLiteral("purpose")).toString() == QLatin1String("training") &&
                 p.value(QStringLiteral("run_id")).toString() == QLatin1String("run-1"));
        }
        QVERIFY(training);
        QCOMPARE(m_http->get(QStringLiteral("/audit/verify"))
                     .json()
                     .value(QStringLiteral("ok"))
                     .toBool(),
                 true);

        // The admin sees which models already trained on a track revoked since.
        m_http->setToken(m_admin);
        const QJsonArray impact = m_http->get(QStringLiteral("/lineage/revoked"))
                                      .json()
                                      .value(QStringLiteral("tracks"))
                                      .toArray();
        QCOMPARE(impact.size(), 1);
        QCOMPARE(impact.first().toObject().value(QStringLiteral("track_id")).toString(),
                 laterRevoked);
        QCOMPARE(impact.first().toObject().value(QStringLiteral("models")).toArray(),
                 QJsonArray{QStringLiteral("lemm-core-1")});

        // The proof: self-contained, checkable against the chain, tamper-evident.
        auto proof = runCli(QStringList{QStringLiteral("proof"), QStringLiteral("model"),
                                        QStringLiteral("lemm-core-1")}
                            << dbArgs());
        QCOMPARE(proof.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(proof.out.toUtf8()).object();
        QVERIFY(doc.value(QStringLiteral("summary"))
                    .toString()
                    .contains(QStringLiteral("LEMM_Vault_v1_core, LEMM_ambient")));
        QCOMPARE(doc.value(QStringLiteral("statement"))
                     .toObject()
                     .value(QStringLiteral("runs"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("track_count"))
                     .toInt(),
                 3);
        // Registration, two runs and one completion.
        QCOMPARE(doc.value(QStringLiteral("entries")).toArray().size(), 4);
        const QString file = m_dir.filePath(QStringLiteral("proof.json"));
        QVERIFY(writeFile(file, proof.out.toUtf8()));
        auto checked =
            runCli(QStringList{QStringLiteral("proof"), QStringLiteral("check"), file} << dbArgs());
        QVERIFY2(checked.exitCode == 0, qPrintable(checked.err));
        QJsonObject forged = doc;
        QJsonArray entries = forged.value(QStringLiteral("entries")).toArray();
        QJsonObject first = entries.at(1).toObject();
        first.insert(QStringLiteral("payload"), first.value(QStringLiteral("payload"))
                                                    .toString()
                                                    .replace(QStringLiteral("LEMM_Vault_v1_core"),
                                                             QStringLiteral("SECRET_PACK")));
        entries.replace(1, first);
        forged.insert(QStringLiteral("entries"), entries);
        QVERIFY(writeFile(file, QJsonDocument(forged).toJson()));
        auto forgedCheck =
            runCli(QStringList{QStringLiteral("proof"), QStringLiteral("check"), file} << dbArgs());
        QCOMPARE(forgedCheck.exitCode, 1);
        QVERIFY(forgedCheck.err.contains(QStringLiteral("does not match")));
        QCOMPARE(runCli(QStringList{QStringLiteral("verify-audit")} << dbArgs()).exitCode, 0);
    }

    // On the server of the test above: a held bulk source's track, accepted by two ordinary
    // reviewers, stays out of every run until an admin approves the source.
    void bulkHeldTrackTrainsOnlyAfterTheAdminApprovesTheSource()
    {
        QVERIFY(m_server.isRunning());
        const QStringList reviewers = heldSourceWithTwoReviewers();
        const QString held = acceptedTrack(wavFromFloat(melody(8, 22050, 6), 22050),
                                           {QStringLiteral("ambient")}, true, false);
        for (const QString &token : reviewers) {
            m_http->setToken(token);
            QCOMPARE(m_http
                         ->post(QStringLiteral("/review/%1/votes").arg(held),
                                {{QStringLiteral("vote"), QStringLiteral("approve")}})
                         .status,
                     200);
        }
        m_http->setToken(m_ana);
        const QJsonObject status =
            m_http->get(QStringLiteral("/tracks/%1/status").arg(held)).json();
        QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("accepted"));
        QVERIFY(
            status.value(QStringLiteral("flags")).toArray().contains(QStringLiteral("bulk_hold")));
        const QString ana =
            m_http->get(QStringLiteral("/auth/me")).json().value(QStringLiteral("id")).toString();

        // Accepted by two reviewers, still held: no run resolves it.
        const QSet<QString> before = runTracks(QStringLiteral("run-bulk-1"));
        QVERIFY(!before.isEmpty());
        QVERIFY(!before.contains(held));

        // The admin approves the source (audited): from now on the track trains.
        m_http->setToken(m_admin);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/accounts/%1/bulk-source").arg(ana),
                            {{QStringLiteral("approved"), true}})
                     .status,
                 200);
        const QJsonArray approvals =
            m_http->get(QStringLiteral("/audit?event_type=policy_change&subject=") + ana)
                .json()
                .value(QStringLiteral("entries"))
                .toArray();
        QCOMPARE(approvals.size(), 1);
        QCOMPARE(runTracks(QStringLiteral("run-bulk-2")), before + QSet<QString>{held});
        m_server.stop();
    }
};

QTEST_MAIN(TrainingEndToEndTest)
#include "training_e2e_test.moc"
