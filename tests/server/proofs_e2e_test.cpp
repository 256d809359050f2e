// Proofs that prove (issue 14) against the real binary and a real SQLite vault: an honest model
// proof, output proof and track receipt pass `proof check` with no data directory, pinned to
// the server's public key; every kind of forgery fails, naming why (statement rewritten, runs
// and packs rewritten, an entry dropped from the middle or the end, an entry edited, the head
// forged, a head checked against another key, the document signature removed). A contributor
// with only the public key and her receipt sees which models used her track.
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_signals.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace lemm::test;

namespace {

QJsonObject statementOf(const QJsonObject &doc)
{
    return doc.value(QStringLiteral("statement")).toObject();
}

// A document changed one way; `reason` must appear in what `proof check` says.
using Forgery = std::function<void(QJsonObject &doc)>;

void editEntries(QJsonObject &doc, const std::function<void(QJsonArray &)> &edit)
{
    QJsonArray entries = doc.value(QStringLiteral("entries")).toArray();
    edit(entries);
    doc.insert(QStringLiteral("entries"), entries);
}

void editStatement(QJsonObject &doc, const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject s = statementOf(doc);
    edit(s);
    doc.insert(QStringLiteral("statement"), s);
}

} // namespace

Q_DECLARE_METATYPE(Forgery)

class ProofsEndToEndTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin, m_gateway, m_ana, m_bob;
    QString m_trackA, m_trackB, m_publicKeyFile;
    QMap<QString, QJsonObject> m_docs; // "model", "output", "receipt"

    QStringList dataArgs() const { return {QStringLiteral("--data-dir"), m_dir.path()}; }

    QString acceptedTrack(int seed)
    {
        m_http->setToken(m_ana);
        const Submission s = uploadAndSubmit(*m_http, wavFromFloat(melody(8, 22050, seed), 22050),
                                             QStringLiteral("t.wav"), "audio/wav", true);
        if (s.trackId.isEmpty())
            qFatal("%s", qPrintable(s.failure()));
        const QString status =
            waitForChecks(*m_http, s.trackId).value(QStringLiteral("status")).toString();
        if (status != QLatin1String("pending_review"))
            qFatal("checks did not end in pending_review: %s", qPrintable(status));
        m_http->setToken(m_admin);
        auto v = m_http->post(QStringLiteral("/review/%1/votes").arg(s.trackId),
                              {{QStringLiteral("vote"), QStringLiteral("approve")}});
        if (v.json().value(QStringLiteral("status")).toString() != QLatin1String("accepted"))
            qFatal("accept: %s", v.body.constData());
        return s.trackId;
    }

    QString serviceKey(const QString &name) { return createServiceKey(name, dataArgs()); }

    void createRun(const QString &runId)
    {
        m_http->setToken(m_gateway);
        auto r = m_http->post(
            QStringLiteral("/training/runs"),
            {{QStringLiteral("model_id"), QStringLiteral("lemm-core-1")},
             {QStringLiteral("model_type"), QStringLiteral("symbolic_core")},
             {QStringLiteral("run_id"), runId},
             {QStringLiteral("packs"), QJsonArray{QStringLiteral("core")}},
             {QStringLiteral("hyperparameters"), QJsonObject{{QStringLiteral("lr"), 0.001}}},
             {QStringLiteral("clean"), true}});
        if (r.status != 201)
            qFatal("run: %s", r.body.constData());
    }

    void checkOutput()
    {
        QByteArray type;
        const QByteArray body =
            safetyCheckMultipart(wavFromFloat(melody(20, 22050, 4242), 22050),
                                 {{QStringLiteral("model_id"), QStringLiteral("lemm-core-1")},
                                  {QStringLiteral("output_id"), QStringLiteral("out-1")},
                                  {QStringLiteral("user_id"), QStringLiteral("user-1")}},
                                 &type);
        m_http->setToken(m_gateway);
        auto r = m_http->call("POST", QStringLiteral("/safety/check"), body, type);
        if (r.status != 200)
            qFatal("check: %d %s", r.status, r.body.constData());
    }

    QJsonObject cliDocument(const QStringList &args)
    {
        const CliResult r = runCli(QStringList{QStringLiteral("proof")} << args << dataArgs());
        if (r.exitCode != 0)
            qFatal("proof %s: %s", qPrintable(args.join(QLatin1Char(' '))), qPrintable(r.err));
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

    // `proof check FILE` with no data directory, pinned to `keyFile` unless it is empty.
    CliResult check(const QJsonObject &doc, const QString &keyFile)
    {
        const QString file = m_dir.filePath(QStringLiteral("checked.json"));
        if (!writeFile(file, QJsonDocument(doc).toJson()))
            qFatal("cannot write %s", qPrintable(file));
        QStringList args{QStringLiteral("proof"), QStringLiteral("check"), file};
        if (!keyFile.isEmpty())
            args << QStringLiteral("--public-key") << keyFile;
        return runCli(args);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LEMM_POLL_MS"), QStringLiteral("100"));
        QVERIFY2(m_server.startWithAdmin(m_dir.path(), QStringLiteral("admin@example.org"),
                                         "an admin password", {}, env),
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
        m_ana = onboard(*m_http, m_dir.path(), QStringLiteral("ana@example.org"));
        m_bob = onboard(*m_http, m_dir.path(), QStringLiteral("bob@example.org"));
        m_trackA = acceptedTrack(1);
        m_trackB = acceptedTrack(2);
        m_http->setToken(m_admin);
        QCOMPARE(
            m_http
                ->post(QStringLiteral("/packs"),
                       {{QStringLiteral("name"), QStringLiteral("core")},
                        {QStringLiteral("description"), QStringLiteral("all eligible")},
                        {QStringLiteral("allowed_uses"), QJsonArray{QStringLiteral("training")}},
                        {QStringLiteral("clean_compatible"), true}})
                .status,
            201);
        createRun(QStringLiteral("run-1"));
        QCOMPARE(
            m_http->post(QStringLiteral("/training/runs/run-1/complete"), QJsonObject{}).status,
            200);
        createRun(QStringLiteral("run-2"));
        // B is revoked after both runs used it: both runs are affected.
        m_http->setToken(m_ana);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/tracks/%1/revoke").arg(m_trackB),
                            {{QStringLiteral("reason"), QStringLiteral("changed my mind")}})
                     .status,
                 200);
        checkOutput();
        checkOutput(); // checked twice: a chain of two entries
        m_docs.insert(QStringLiteral("model"),
                      cliDocument({QStringLiteral("model"), QStringLiteral("lemm-core-1")}));
        m_docs.insert(QStringLiteral("output"),
                      cliDocument({QStringLiteral("output"), QStringLiteral("out-1")}));
        m_http->setToken(m_ana);
        auto receipt = m_http->get(QStringLiteral("/tracks/%1/receipt").arg(m_trackB));
        QCOMPARE(receipt.status, 200);
        m_docs.insert(QStringLiteral("receipt"), receipt.json());
        // The server's public key, as a contributor would keep it.
        const CliResult key = runCli(
            QStringList{QStringLiteral("audit"), QStringLiteral("public-key")} << dataArgs());
        QCOMPARE(key.exitCode, 0);
        m_publicKeyFile = m_dir.filePath(QStringLiteral("server.pub"));
        QVERIFY(writeFile(m_publicKeyFile, key.out.toUtf8()));
    }

    void honestDocumentsPassWithoutADataDir_data()
    {
        QTest::addColumn<QString>("kind");
        for (const char *k : {"model", "output", "receipt"})
            QTest::addRow("%s", k) << QString::fromLatin1(k);
    }

    void honestDocumentsPassWithoutADataDir()
    {
        QFETCH(QString, kind);
        const CliResult pinned = check(m_docs.value(kind), m_publicKeyFile);
        QVERIFY2(pinned.exitCode == 0, qPrintable(pinned.err));
        QVERIFY(pinned.out.contains(QStringLiteral("proof OK")));
        QVERIFY(!pinned.out.contains(QStringLiteral("not pinned")));
        const CliResult unpinned = check(m_docs.value(kind), {});
        QCOMPARE(unpinned.exitCode, 0);
        QVERIFY(unpinned.out.contains(QStringLiteral("not pinned")));
    }

    void modelProofStatesRunsPacksAndAffectedBy()
    {
        const QJsonObject s = statementOf(m_docs.value(QStringLiteral("model")));
        QCOMPARE(s.value(QStringLiteral("model_id")).toString(), QStringLiteral("lemm-core-1"));
        QVERIFY(s.value(QStringLiteral("registered")).toBool());
        const QJsonArray runs = s.value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs.at(0).toObject().value(QStringLiteral("completed")).toBool(), true);
        QCOMPARE(runs.at(1).toObject().value(QStringLiteral("completed")).toBool(), false);
        QCOMPARE(runs.at(0).toObject().value(QStringLiteral("track_count")).toInt(), 2);
        QCOMPARE(runs.at(0).toObject().value(QStringLiteral("track_list")).toString(),
                 QStringLiteral("matches_resolved_hash"));
        QCOMPARE(s.value(QStringLiteral("packs")).toArray(), QJsonArray{QStringLiteral("core")});
        QVERIFY(s.value(QStringLiteral("all_clean")).toBool());
        const QJsonArray affected = s.value(QStringLiteral("affected_by")).toArray();
        QCOMPARE(affected.size(), 1);
        QCOMPARE(affected.first().toObject().value(QStringLiteral("track_id")).toString(),
                 m_trackB);
        QCOMPARE(affected.first().toObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("revoked"));
        for (const QJsonValue &run : runs)
            QCOMPARE(run.toObject().value(QStringLiteral("affected_by")).toArray(), affected);
    }

    // The contributor has only the server's public key and the receipt file.
    void receiptShowsWhichModelsUsedTheTrack()
    {
        const QJsonObject doc = m_docs.value(QStringLiteral("receipt"));
        const CliResult r = check(doc, m_publicKeyFile);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject s = statementOf(doc);
        QCOMPARE(s.value(QStringLiteral("track_id")).toString(), m_trackB);
        QCOMPARE(s.value(QStringLiteral("models")).toArray(),
                 QJsonArray{QStringLiteral("lemm-core-1")});
        QCOMPARE(s.value(QStringLiteral("training_runs")).toArray().size(), 2);
        QVERIFY(s.value(QStringLiteral("revocation")).isObject());
        const QJsonArray versions = s.value(QStringLiteral("consent_versions")).toArray();
        QCOMPARE(versions.size(), 2);
        const QJsonObject first = versions.first()
                                      .toObject()
                                      .value(QStringLiteral("cawg"))
                                      .toObject()
                                      .value(QStringLiteral("entries"))
                                      .toObject();
        QCOMPARE(first.value(QStringLiteral("cawg.ai_training"))
                     .toObject()
                     .value(QStringLiteral("use"))
                     .toString(),
                 QStringLiteral("constrained"));
        const QJsonObject now = s.value(QStringLiteral("current_consent")).toObject();
        QCOMPARE(now.value(QStringLiteral("label")).toString(),
                 QStringLiteral("cawg.training-mining"));
        for (const char *k : {"cawg.ai_training", "cawg.ai_generative_training",
                              "cawg.ai_inference", "cawg.data_mining"})
            QCOMPARE(now.value(QStringLiteral("entries"))
                         .toObject()
                         .value(QLatin1String(k))
                         .toObject()
                         .value(QStringLiteral("use"))
                         .toString(),
                     QStringLiteral("notAllowed"));
        // The CLI gives the same receipt; track A's shows the model too and is not revoked.
        const QJsonObject a = cliDocument({QStringLiteral("receipt"), m_trackA});
        QCOMPARE(statementOf(a).value(QStringLiteral("models")).toArray(),
                 QJsonArray{QStringLiteral("lemm-core-1")});
        QVERIFY(statementOf(a).value(QStringLiteral("revocation")).isNull());
        QCOMPARE(check(a, m_publicKeyFile).exitCode, 0);
    }

    // Only the owner: other contributors get the track's usual 404, other roles 403.
    void receiptIsTheOwnersOnly()
    {
        m_http->setToken(m_bob);
        auto other = m_http->get(QStringLiteral("/tracks/%1/receipt").arg(m_trackA));
        QCOMPARE(other.status, 404);
        auto missing = m_http->get(QStringLiteral("/tracks/trk_00000000000000000000/receipt"));
        QCOMPARE(missing.status, 404);
        QCOMPARE(other.errorCode(), missing.errorCode());
        m_http->setToken(m_admin); // a receipt is not the admin's to download
        QCOMPARE(m_http->get(QStringLiteral("/tracks/%1/receipt").arg(m_trackA)).status, 403);
        m_http->setToken({});
        QCOMPARE(m_http->get(QStringLiteral("/tracks/%1/receipt").arg(m_trackA)).status, 401);
    }

    void forgeriesFailNamingWhy_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("otherKey");
        QTest::addColumn<Forgery>("forge");
        for (const char *k : {"model", "output", "receipt"}) {
            const QString kind = QString::fromLatin1(k);
            QTest::addRow("%s: entry dropped from the middle", k)
                << kind << QStringLiteral("which is missing") << false
                << Forgery([](QJsonObject &d) {
                       editEntries(d, [](QJsonArray &e) { e.removeAt(e.size() - 2); });
                   });
            QTest::addRow("%s: entry dropped from the end", k)
                << kind << QStringLiteral("the newest entry about") << false
                << Forgery([](QJsonObject &d) {
                       editEntries(d, [](QJsonArray &e) { e.removeLast(); });
                   });
            QTest::addRow("%s: tail cut and chain rewound", k)
                << kind << QStringLiteral("document signature does not verify") << false
                << Forgery([](QJsonObject &d) {
                       editEntries(d, [](QJsonArray &e) { e.removeLast(); });
                       QJsonObject c = d.value(QStringLiteral("chain")).toObject();
                       const QJsonArray e = d.value(QStringLiteral("entries")).toArray();
                       c.insert(QStringLiteral("newest_seq"),
                                e.last().toObject().value(QStringLiteral("seq")));
                       d.insert(QStringLiteral("chain"), c);
                   });
            QTest::addRow("%s: entry edited", k)
                << kind << QStringLiteral("does not match its hash") << false
                << Forgery([](QJsonObject &d) {
                       editEntries(d, [](QJsonArray &e) {
                           QJsonObject o = e.first().toObject();
                           o.insert(QStringLiteral("at"), QStringLiteral("2001-01-01T00:00:00Z"));
                           e.replace(0, o);
                       });
                   });
            QTest::addRow("%s: head forged", k)
                << kind << QStringLiteral("tree head does not verify") << false
                << Forgery([](QJsonObject &d) {
                       QJsonObject h = d.value(QStringLiteral("tree_head")).toObject();
                       h.insert(QStringLiteral("tree_size"),
                                h.value(QStringLiteral("tree_size")).toInt() + 1);
                       d.insert(QStringLiteral("tree_head"), h);
                   });
            QTest::addRow("%s: head checked against another key", k)
                << kind << QStringLiteral("tree head does not verify") << true
                << Forgery([](QJsonObject &) {});
            QTest::addRow("%s: signature removed", k)
                << kind << QStringLiteral("document signature missing") << false
                << Forgery([](QJsonObject &d) { d.remove(QStringLiteral("signature")); });
        }
        QTest::addRow("model: statement rewritten")
            << QStringLiteral("model") << QStringLiteral("field 'packs[0]' differs") << false
            << Forgery([](QJsonObject &d) {
                   editStatement(d, [](QJsonObject &s) {
                       s.insert(QStringLiteral("packs"), QJsonArray{QStringLiteral("SECRET")});
                   });
               });
        QTest::addRow("model: runs and packs rewritten")
            << QStringLiteral("model") << QStringLiteral("field 'runs[0].packs[0]' differs")
            << false << Forgery([](QJsonObject &d) {
                   editStatement(d, [](QJsonObject &s) {
                       QJsonArray runs = s.value(QStringLiteral("runs")).toArray();
                       QJsonObject r = runs.first().toObject();
                       r.insert(QStringLiteral("packs"), QJsonArray{QStringLiteral("other")});
                       runs.replace(0, r);
                       s.insert(QStringLiteral("runs"), runs);
                   });
               });
        QTest::addRow("model: affected_by hidden")
            << QStringLiteral("model") << QStringLiteral("field 'affected_by' differs") << false
            << Forgery([](QJsonObject &d) {
                   editStatement(d, [](QJsonObject &s) {
                       s.insert(QStringLiteral("affected_by"), QJsonArray{});
                   });
               });
        QTest::addRow("output: decision rewritten")
            << QStringLiteral("output") << QStringLiteral("field 'decision' differs") << false
            << Forgery([](QJsonObject &d) {
                   editStatement(d, [](QJsonObject &s) {
                       s.insert(QStringLiteral("decision"), QStringLiteral("allow_with_warning"));
                   });
               });
        QTest::addRow("receipt: models rewritten")
            << QStringLiteral("receipt") << QStringLiteral("field 'models' differs") << false
            << Forgery([](QJsonObject &d) {
                   editStatement(
                       d, [](QJsonObject &s) { s.insert(QStringLiteral("models"), QJsonArray{}); });
               });
    }

    void forgeriesFailNamingWhy()
    {
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        QFETCH(bool, otherKey);
        QFETCH(Forgery, forge);
        QJsonObject doc = m_docs.value(kind);
        QVERIFY(doc.value(QStringLiteral("entries")).toArray().size() >= 2);
        forge(doc);
        QString keyFile = m_publicKeyFile;
        if (otherKey) {
            keyFile = m_dir.filePath(QStringLiteral("other.pub"));
            QVERIFY(writeFile(keyFile, QByteArray(32, '\x11').toHex()));
        }
        const CliResult r = check(doc, keyFile);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(reason), qPrintable(r.err));
    }

    void cleanupTestCase() { m_server.stop(); }
};

QTEST_MAIN(ProofsEndToEndTest)
#include "proofs_e2e_test.moc"
