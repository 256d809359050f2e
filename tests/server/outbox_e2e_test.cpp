// The outbox part of issue 14 over real sockets: the real server delivers outbox events to a
// webhook receiver this test runs (signature and HMAC verified here, independently of the
// product), retries after a 500 with the same Idempotency-Key, turns a row that keeps failing
// into a dead letter visible in GET /admin/outbox and delivers it after POST .../retry; runs
// that used a revoked or claimed track are marked in lineage (affected_by) and a
// training.affected notice names them; repeated safety hits open one alert per subject and
// window (33 hits: 2 alerts, not 62) until an admin acknowledges it.
#include "support/fixtures.h"
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_backend.h"
#include "support/test_signals.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>

#include <memory>

using namespace lemm::test;

namespace {

const QByteArray kHookSecret = "a webhook secret for the test";

// A webhook receiver: records every POST (head fields and body) and answers each with the next
// queued status, or `fallback` when the queue is empty. Lives on the test thread; serves while
// its event loop runs (the HTTP client's waits and QTRY_* run it).
class WebhookReceiver
{
public:
    struct Arrival {
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        int answered = 0;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };
    QList<Arrival> arrivals;
    QList<int> queued; // 0: never answer
    int fallback = 200;

    quint16 start()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                serve(s);
        });
        m_server.listen(QHostAddress::LocalHost, 0);
        return m_server.serverPort();
    }

private:
    void serve(QTcpSocket *s)
    {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
            buffer->append(s->readAll());
            const qsizetype head = buffer->indexOf("\r\n\r\n");
            if (head < 0)
                return;
            Arrival a;
            const QList<QByteArray> lines = buffer->left(head).split('\n');
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    a.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                     lines[i].mid(colon + 1).trimmed());
            }
            const int len = a.headers.value("content-length").toInt();
            if (buffer->size() < head + 4 + len)
                return;
            a.body = buffer->mid(head + 4, len);
            a.answered = queued.isEmpty() ? fallback : queued.takeFirst();
            arrivals << a;
            if (a.answered == 0)
                return; // a hook that never answers
            s->write("HTTP/1.1 " + QByteArray::number(a.answered) +
                     " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            s->disconnectFromHost();
        });
        QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
    }
    QTcpServer m_server;
};

} // namespace

class OutboxEndToEndTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_dbUrl;
    WebhookReceiver m_hook;
    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin, m_trainer, m_generator, m_ana;
    QString m_revoked, m_claimed, m_third, m_reference;
    QByteArray m_referenceWav;
    QByteArray m_publicKey, m_keyId;

    QStringList dbArgs() const
    {
        QStringList a{QStringLiteral("--data-dir"), m_dir.path()};
        if (!m_dbUrl.isEmpty())
            a << QStringLiteral("--database") << m_dbUrl;
        return a;
    }

    QString serviceKey(const QString &name) { return createServiceKey(name, dbArgs()); }

    // Uploads, submits, waits for the checks and has the admin accept it.
    QString acceptedTrack(const QByteArray &wav)
    {
        m_http->setToken(m_ana);
        const Submission s = uploadAndSubmit(*m_http, wav, QStringLiteral("t.wav"), "audio/wav");
        if (s.trackId.isEmpty())
            qFatal("%s", qPrintable(s.failure()));
        const QString status =
            waitForChecks(*m_http, s.trackId).value(QStringLiteral("status")).toString();
        if (status != QLatin1String("pending_review"))
            qFatal("checks of %s ended in %s", qPrintable(s.trackId), qPrintable(status));
        m_http->setToken(m_admin);
        auto v = m_http->post(QStringLiteral("/review/%1/votes").arg(s.trackId),
                              {{QStringLiteral("vote"), QStringLiteral("approve")}});
        if (v.json().value(QStringLiteral("status")).toString() != QLatin1String("accepted"))
            qFatal("accept: %s", v.body.constData());
        return s.trackId;
    }

    // The arrivals from index `from` on whose event type is `type`.
    // The arrival's X-Lemm-Signature is the server key's Ed25519 signature of
    // "<timestamp>.<body>", checked with libsodium directly; the key from GET /audit/public-key.
    bool signedByServer(const WebhookReceiver::Arrival &a, const QByteArray &body) const
    {
        const QByteArray header = a.headers.value("x-lemm-signature");
        if (!header.startsWith("ed25519=") || a.headers.value("x-lemm-key-id") != m_keyId)
            return false;
        const QByteArray sig = QByteArray::fromHex(header.mid(8));
        const QByteArray message = a.headers.value("x-lemm-timestamp") + '.' + body;
        return sig.size() == crypto_sign_BYTES &&
               m_publicKey.size() == crypto_sign_PUBLICKEYBYTES &&
               crypto_sign_verify_detached(
                   reinterpret_cast<const unsigned char *>(sig.constData()),
                   reinterpret_cast<const unsigned char *>(message.constData()),
                   quint64(message.size()),
                   reinterpret_cast<const unsigned char *>(m_publicKey.constData())) == 0;
    }

    QList<WebhookReceiver::Arrival> arrivalsOf(const QString &type, qsizetype from = 0) const
    {
        QList<WebhookReceiver::Arrival> out;
        for (qsizetype i = from; i < m_hook.arrivals.size(); ++i)
            if (m_hook.arrivals[i].json().value(QStringLiteral("event_type")).toString() == type)
                out << m_hook.arrivals[i];
        return out;
    }

    QJsonArray outbox(const QString &state)
    {
        m_http->setToken(m_admin);
        return m_http->get(QStringLiteral("/admin/outbox?state=") + state)
            .json()
            .value(QStringLiteral("events"))
            .toArray();
    }

    qint64 auditSeq(const QString &eventType, const QString &subject)
    {
        m_http->setToken(m_admin);
        const QJsonArray e =
            m_http->get(QStringLiteral("/audit?event_type=%1&subject=%2").arg(eventType, subject))
                .json()
                .value(QStringLiteral("entries"))
                .toArray();
        return e.isEmpty() ? -1 : e.first().toObject().value(QStringLiteral("seq")).toInteger();
    }

    QJsonObject check(const QString &outputId)
    {
        QByteArray type;
        const QByteArray body =
            safetyCheckMultipart(m_referenceWav,
                                 {{QStringLiteral("model_id"), QStringLiteral("gen-1")},
                                  {QStringLiteral("output_id"), outputId},
                                  {QStringLiteral("user_id"), QStringLiteral("user-1")},
                                  {QStringLiteral("prompt"), QStringLiteral("ambient piano")}},
                                 &type);
        m_http->setToken(m_generator);
        return m_http->call("POST", QStringLiteral("/safety/check"), body, type).json();
    }

    QJsonArray alerts()
    {
        m_http->setToken(m_admin);
        return m_http->get(QStringLiteral("/safety/alerts"))
            .json()
            .value(QStringLiteral("alerts"))
            .toArray();
    }

private Q_SLOTS:
    void initTestCase();
    void deliveryIsSignedAndIdempotent();
    void revocationMarksRunsAndModels();
    void failedDeliveryIsRetriedWithTheSameKey();
    void deadLetterIsVisibleAndRetried();
    void repeatedHitsAreDeduplicated();
    void acknowledgedAlertOpensANewOne();
    void badWebhookUrlStopsTheStart();
    void sigtermDoesNotWaitForASilentHook();
};

void OutboxEndToEndTest::initTestCase()
{
    qInfo("backend: %s", qPrintable(backendName()));
    m_dbUrl = freshDatabaseUrl();
    const quint16 port = m_hook.start();
    QFile secret(QDir(m_dir.path()).filePath(QStringLiteral("hook.secret")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write(kHookSecret + "\n");
    secret.close();
    QFile ini(QDir(m_dir.path()).filePath(QStringLiteral("lemm-vault.ini")));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write(QStringLiteral("[webhooks]\nurl=http://127.0.0.1:%1/hook\nevents=*\n"
                             "secret_file=hook.secret\nwebhook_attempts=3\n"
                             "webhook_retry_base_ms=0\noutbox_poll_ms=50\n")
                  .arg(port)
                  .toUtf8());
    ini.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LEMM_POLL_MS"), QStringLiteral("100"));
    env.remove(QStringLiteral("LEMM_WEBHOOK_URL"));
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
    QVERIFY(sodium_init() >= 0);
    const QJsonObject key = m_http->get(QStringLiteral("/audit/public-key")).json();
    m_publicKey =
        QByteArray::fromHex(key.value(QStringLiteral("public_key")).toString().toLatin1());
    m_keyId = key.value(QStringLiteral("key_id")).toString().toUtf8();
    QCOMPARE(m_publicKey.size(), int(crypto_sign_PUBLICKEYBYTES));
    m_trainer = serviceKey(QStringLiteral("trainer"));
    m_generator = serviceKey(QStringLiteral("generator"));
    m_ana = onboard(*m_http, m_dir.path(), QStringLiteral("ana@example.org"));
    m_revoked = acceptedTrack(wavFromFloat(melody(8, 22050, 41), 22050));
    m_claimed = acceptedTrack(wavFromFloat(melody(8, 22050, 42), 22050));
    m_third = acceptedTrack(wavFromFloat(melody(8, 22050, 43), 22050));

    // One pack, one run of model m-1 over the three tracks.
    m_http->setToken(m_admin);
    QCOMPARE(m_http
                 ->post(QStringLiteral("/packs"),
                        {{QStringLiteral("name"), QStringLiteral("core")},
                         {QStringLiteral("description"), QStringLiteral("everything eligible")},
                         {QStringLiteral("allowed_uses"), QJsonArray{QStringLiteral("training")}},
                         {QStringLiteral("clean_compatible"), true}})
                 .status,
             201);
    m_http->setToken(m_trainer);
    auto run = m_http->post(QStringLiteral("/training/runs"),
                            {{QStringLiteral("model_id"), QStringLiteral("m-1")},
                             {QStringLiteral("model_type"), QStringLiteral("symbolic_core")},
                             {QStringLiteral("run_id"), QStringLiteral("run-1")},
                             {QStringLiteral("packs"), QJsonArray{QStringLiteral("core")}},
                             {QStringLiteral("hyperparameters"), QJsonObject{}},
                             {QStringLiteral("clean"), true}});
    QCOMPARE(run.status, 201);
    QCOMPARE(run.json().value(QStringLiteral("track_count")).toInt(), 3);
    // The reference for the safety checks is accepted after the run (not in it).
    m_referenceWav = wavFromFloat(melody(20, 22050, 44), 22050);
    m_reference = acceptedTrack(m_referenceWav);
}

void OutboxEndToEndTest::deliveryIsSignedAndIdempotent()
{
    m_hook.arrivals.clear();
    m_http->setToken(m_ana);
    QCOMPARE(m_http
                 ->post(QStringLiteral("/tracks/%1/revoke").arg(m_revoked),
                        {{QStringLiteral("reason"), QStringLiteral("changed my mind")}})
                 .status,
             200);
    QTRY_VERIFY_WITH_TIMEOUT(!arrivalsOf(QStringLiteral("track.revoked")).isEmpty() &&
                                 !arrivalsOf(QStringLiteral("training.affected")).isEmpty(),
                             20000);
    for (const WebhookReceiver::Arrival &a : m_hook.arrivals) {
        const QJsonObject body = a.json();
        QCOMPARE(a.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(a.headers.value("idempotency-key"),
                 body.value(QStringLiteral("event_id")).toString().toUtf8());
        QCOMPARE(a.headers.value("x-lemm-event"),
                 body.value(QStringLiteral("event_type")).toString().toUtf8());
        const QByteArray ts = a.headers.value("x-lemm-timestamp");
        QVERIFY(qAbs(ts.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 300);
        // HMAC-SHA256 over "<timestamp>.<body>", recomputed here with Qt's implementation.
        const QByteArray mac = QMessageAuthenticationCode::hash(ts + '.' + a.body, kHookSecret,
                                                                QCryptographicHash::Sha256);
        QCOMPARE(a.headers.value("x-lemm-signature-hmac"), "sha256=" + mac.toHex());
        QByteArray tampered = a.body;
        tampered.replace("\"event_type\"", "\"event_typ3\"");
        QVERIFY(signedByServer(a, a.body));
        QVERIFY(!signedByServer(a, tampered));
        QVERIFY(QMessageAuthenticationCode::hash(ts + '.' + tampered, kHookSecret,
                                                 QCryptographicHash::Sha256) != mac);
        QCOMPARE(a.answered, 200);
    }
    const QJsonObject revoked = arrivalsOf(QStringLiteral("track.revoked"))
                                    .first()
                                    .json()
                                    .value(QStringLiteral("payload"))
                                    .toObject();
    QCOMPARE(revoked.value(QStringLiteral("track_id")).toString(), m_revoked);
    // Delivered rows leave the pending list.
    QTRY_VERIFY_WITH_TIMEOUT(outbox(QStringLiteral("pending")).isEmpty(), 10000);
    const QJsonArray delivered = outbox(QStringLiteral("delivered"));
    QVERIFY(delivered.size() >= 2);
    QCOMPARE(delivered.first().toObject().value(QStringLiteral("attempts")).toInt(), 1);
    QVERIFY(!delivered.first().toObject().value(QStringLiteral("delivered_at")).isNull());
}

void OutboxEndToEndTest::revocationMarksRunsAndModels()
{
    const QList<WebhookReceiver::Arrival> notices = arrivalsOf(QStringLiteral("training.affected"));
    QCOMPARE(notices.size(), 1);
    const QJsonObject p = notices.first().json().value(QStringLiteral("payload")).toObject();
    const qint64 seq = auditSeq(QStringLiteral("consent_change"), m_revoked);
    QVERIFY(seq > 0);
    QCOMPARE(p.value(QStringLiteral("track_id")).toString(), m_revoked);
    QCOMPARE(p.value(QStringLiteral("reason")).toString(), QStringLiteral("revoked"));
    QCOMPARE(p.value(QStringLiteral("seq")).toInteger(), seq);
    QCOMPARE(p.value(QStringLiteral("runs")).toArray(), QJsonArray{QStringLiteral("run-1")});
    QCOMPARE(p.value(QStringLiteral("models")).toArray(), QJsonArray{QStringLiteral("m-1")});

    m_http->setToken(m_admin);
    const QJsonObject lineage = m_http->get(QStringLiteral("/models/m-1/lineage")).json();
    const QJsonArray expected{QJsonObject{{QStringLiteral("track_id"), m_revoked},
                                          {QStringLiteral("reason"), QStringLiteral("revoked")},
                                          {QStringLiteral("seq"), seq}}};
    QCOMPARE(lineage.value(QStringLiteral("affected_by")).toArray(), expected);
    QCOMPARE(lineage.value(QStringLiteral("runs"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("affected_by"))
                 .toArray(),
             expected);
    QCOMPARE(m_http->get(QStringLiteral("/training/runs/run-1"))
                 .json()
                 .value(QStringLiteral("affected_by"))
                 .toArray(),
             expected);
}

void OutboxEndToEndTest::failedDeliveryIsRetriedWithTheSameKey()
{
    const qsizetype from = m_hook.arrivals.size();
    m_hook.queued = {500};
    // A claim (filed by the admin: it locks at once) on a track run-1 used.
    m_http->setToken(m_admin);
    auto claim = m_http->post(
        QStringLiteral("/claims"),
        {{QStringLiteral("track_id"), m_claimed},
         {QStringLiteral("claimant"), QStringLiteral("Rights Holder Ltd")},
         {QStringLiteral("contact"), QStringLiteral("legal@example.com")},
         {QStringLiteral("statement"), QStringLiteral("In good faith, this is our recording.")},
         {QStringLiteral("evidence"), QStringLiteral("This is our recording, released 2019.")}});
    QCOMPARE(claim.status, 201);
    QTRY_VERIFY_WITH_TIMEOUT(arrivalsOf(QStringLiteral("claim.filed"), from).size() +
                                     arrivalsOf(QStringLiteral("training.affected"), from).size() ==
                                 3,
                             20000);
    // The row that got the 500 came again with the same Idempotency-Key and was delivered.
    const WebhookReceiver::Arrival first = m_hook.arrivals.at(from);
    QCOMPARE(first.answered, 500);
    QList<WebhookReceiver::Arrival> again;
    for (qsizetype i = from + 1; i < m_hook.arrivals.size(); ++i)
        if (m_hook.arrivals[i].headers.value("idempotency-key") ==
            first.headers.value("idempotency-key"))
            again << m_hook.arrivals[i];
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.first().answered, 200);
    QCOMPARE(again.first().body, first.body);
    QVERIFY(signedByServer(first, first.body));
    QVERIFY(signedByServer(again.first(), again.first().body));

    const QJsonObject notice = arrivalsOf(QStringLiteral("training.affected"), from)
                                   .first()
                                   .json()
                                   .value(QStringLiteral("payload"))
                                   .toObject();
    QCOMPARE(notice.value(QStringLiteral("reason")).toString(), QStringLiteral("claimed"));
    QCOMPARE(notice.value(QStringLiteral("track_id")).toString(), m_claimed);
    const qint64 seq = auditSeq(QStringLiteral("infringement_claim"), m_claimed);
    QCOMPARE(notice.value(QStringLiteral("seq")).toInteger(), seq);
    m_http->setToken(m_admin);
    const QJsonArray affected = m_http->get(QStringLiteral("/models/m-1/lineage"))
                                    .json()
                                    .value(QStringLiteral("affected_by"))
                                    .toArray();
    QCOMPARE(affected.size(), 2);
    QCOMPARE(affected.last().toObject(),
             (QJsonObject{{QStringLiteral("track_id"), m_claimed},
                          {QStringLiteral("reason"), QStringLiteral("claimed")},
                          {QStringLiteral("seq"), seq}}));
}

void OutboxEndToEndTest::deadLetterIsVisibleAndRetried()
{
    QTRY_VERIFY_WITH_TIMEOUT(outbox(QStringLiteral("pending")).isEmpty(), 10000);
    m_hook.fallback = 500;
    const qsizetype from = m_hook.arrivals.size();
    m_http->setToken(m_ana); // run-1 used it: track.revoked and training.affected
    QCOMPARE(m_http
                 ->post(QStringLiteral("/tracks/%1/revoke").arg(m_third),
                        {{QStringLiteral("reason"), QStringLiteral("no longer mine")}})
                 .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(outbox(QStringLiteral("dead")).size(), 2, 20000);
    QCOMPARE(m_hook.arrivals.size() - from, 6); // webhook_attempts = 3, each
    QString revokedId;
    for (const QJsonValue &v : outbox(QStringLiteral("dead"))) {
        const QJsonObject dead = v.toObject();
        QCOMPARE(dead.value(QStringLiteral("subject")).toString(), m_third);
        QCOMPARE(dead.value(QStringLiteral("attempts")).toInt(), 3);
        QVERIFY(dead.value(QStringLiteral("last_error"))
                    .toString()
                    .contains(QStringLiteral("HTTP 500")));
        QVERIFY(dead.value(QStringLiteral("next_attempt_at")).isNull());
        if (dead.value(QStringLiteral("event_type")).toString() == QLatin1String("track.revoked"))
            revokedId = dead.value(QStringLiteral("event_id")).toString();
    }
    QVERIFY(!revokedId.isEmpty());

    // Only admins see or retry; unknown ids and rows that are not dead are refused.
    m_http->setToken(m_ana);
    QCOMPARE(m_http->get(QStringLiteral("/admin/outbox")).status, 403);
    QCOMPARE(m_http->post(QStringLiteral("/admin/outbox/%1/retry").arg(revokedId), {}).status, 403);
    m_http->setToken(m_admin);
    QCOMPARE(m_http->get(QStringLiteral("/admin/outbox?state=lost")).status, 400);
    auto missing = m_http->post(QStringLiteral("/admin/outbox/evt_nope/retry"), {});
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.errorCode(), QStringLiteral("outbox_event_not_found"));

    // The retried dead letter is delivered, with its own id as Idempotency-Key; the other
    // stays dead until it is retried too.
    m_hook.fallback = 200;
    auto retried = m_http->post(QStringLiteral("/admin/outbox/%1/retry").arg(revokedId), {});
    QCOMPARE(retried.status, 200);
    QCOMPARE(retried.json().value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
    QTRY_COMPARE_WITH_TIMEOUT(outbox(QStringLiteral("dead")).size(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(outbox(QStringLiteral("pending")).isEmpty(), 20000);
    QCOMPARE(m_hook.arrivals.size() - from, 7);
    QCOMPARE(m_hook.arrivals.last().headers.value("idempotency-key"), revokedId.toUtf8());
    QCOMPARE(m_hook.arrivals.last().answered, 200);
    auto notDead = m_http->post(QStringLiteral("/admin/outbox/%1/retry").arg(revokedId), {});
    QCOMPARE(notDead.status, 409);
    QCOMPARE(notDead.errorCode(), QStringLiteral("outbox_not_dead"));
    const QString other = outbox(QStringLiteral("dead"))
                              .first()
                              .toObject()
                              .value(QStringLiteral("event_id"))
                              .toString();
    QCOMPARE(m_http->post(QStringLiteral("/admin/outbox/%1/retry").arg(other), {}).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(outbox(QStringLiteral("dead")).isEmpty() &&
                                 outbox(QStringLiteral("pending")).isEmpty(),
                             20000);
}

void OutboxEndToEndTest::repeatedHitsAreDeduplicated()
{
    QTRY_VERIFY_WITH_TIMEOUT(outbox(QStringLiteral("pending")).isEmpty(), 10000);
    const qsizetype from = m_hook.arrivals.size();
    for (int i = 0; i < 33; ++i) {
        const QJsonObject r = check(QStringLiteral("out-%1").arg(i));
        QCOMPARE(r.value(QStringLiteral("decision")).toString(), QStringLiteral("block"));
        // Only the third hit opens alerts (one for the user, one for the model).
        QCOMPARE(r.value(QStringLiteral("alerts")).toArray().size(), i == 2 ? 2 : 0);
    }
    const QJsonArray all = alerts();
    QCOMPARE(all.size(), 2); // 62 before de-duplication
    for (const QJsonValue &a : all) {
        QCOMPARE(a.toObject().value(QStringLiteral("hits")).toInt(), 33);
        QCOMPARE(a.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("open"));
        QCOMPARE(a.toObject().value(QStringLiteral("pattern")).toString(),
                 QStringLiteral("repeated_hits"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(arrivalsOf(QStringLiteral("safety.repeated_hits"), from).size(), 2,
                              20000);
    QTRY_VERIFY_WITH_TIMEOUT(outbox(QStringLiteral("pending")).isEmpty(), 10000);
    QCOMPARE(arrivalsOf(QStringLiteral("safety.repeated_hits"), from).size(), 2);
}

void OutboxEndToEndTest::acknowledgedAlertOpensANewOne()
{
    QString userAlert;
    for (const QJsonValue &a : alerts())
        if (a.toObject().value(QStringLiteral("subject_kind")).toString() == QLatin1String("user"))
            userAlert = a.toObject().value(QStringLiteral("alert_id")).toString();
    QVERIFY(!userAlert.isEmpty());
    m_http->setToken(m_ana);
    QCOMPARE(m_http->post(QStringLiteral("/admin/alerts/%1/acknowledge").arg(userAlert), {}).status,
             403);
    m_http->setToken(m_admin);
    auto ack = m_http->post(QStringLiteral("/admin/alerts/%1/acknowledge").arg(userAlert), {});
    QCOMPARE(ack.status, 200);
    QCOMPARE(ack.json().value(QStringLiteral("state")).toString(), QStringLiteral("acknowledged"));
    auto twice = m_http->post(QStringLiteral("/admin/alerts/%1/acknowledge").arg(userAlert), {});
    QCOMPARE(twice.status, 409);
    QCOMPARE(twice.errorCode(), QStringLiteral("alert_not_open"));
    QCOMPARE(m_http->post(QStringLiteral("/admin/alerts/alert_nope/acknowledge"), {}).status, 404);

    // The next hit: a new alert for the user; the model's open alert counts on.
    const QJsonArray raised =
        check(QStringLiteral("out-after-ack")).value(QStringLiteral("alerts")).toArray();
    QCOMPARE(raised.size(), 1);
    QCOMPARE(raised.first().toObject().value(QStringLiteral("subject_kind")).toString(),
             QStringLiteral("user"));
    const QJsonArray all = alerts();
    QCOMPARE(all.size(), 3);
    int open = 0;
    for (const QJsonValue &a : all) {
        const QJsonObject o = a.toObject();
        if (o.value(QStringLiteral("state")).toString() == QLatin1String("open"))
            ++open;
        if (o.value(QStringLiteral("alert_id")).toString() == userAlert) {
            QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("acknowledged"));
            QCOMPARE(o.value(QStringLiteral("hits")).toInt(), 33);
        }
        if (o.value(QStringLiteral("subject_kind")).toString() == QLatin1String("model"))
            QCOMPARE(o.value(QStringLiteral("hits")).toInt(), 34);
    }
    QCOMPARE(open, 2);
}

void OutboxEndToEndTest::badWebhookUrlStopsTheStart()
{
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LEMM_WEBHOOK_URL"), QStringLiteral("ftp://example.org/hook"));
    QStringList args{QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(),
                     QStringLiteral("--port"), QStringLiteral("0")};
    const QString db = freshDatabaseUrl();
    if (!db.isEmpty())
        args << QStringLiteral("--database") << db;
    const CliResult r = runCli(args, {}, env);
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(QStringLiteral("LEMM_WEBHOOK_URL")) ||
                 r.out.contains(QStringLiteral("LEMM_WEBHOOK_URL")),
             qPrintable(r.err));
}

void OutboxEndToEndTest::sigtermDoesNotWaitForASilentHook()
{
    QTRY_VERIFY_WITH_TIMEOUT(outbox(QStringLiteral("pending")).isEmpty(), 10000);
    const qsizetype from = m_hook.arrivals.size();
    m_hook.queued = {0};
    m_http->setToken(m_admin); // a claim on a track no run used: claim.filed alone
    QCOMPARE(m_http
                 ->post(QStringLiteral("/claims"),
                        {{QStringLiteral("track_id"), m_reference},
                         {QStringLiteral("claimant"), QStringLiteral("Someone Else")},
                         {QStringLiteral("contact"), QStringLiteral("someone@example.com")},
                         {QStringLiteral("statement"), QStringLiteral("In good faith.")},
                         {QStringLiteral("evidence"), QStringLiteral("A hunch, nothing more.")}})
                 .status,
             201);
    QTRY_COMPARE_WITH_TIMEOUT(m_hook.arrivals.size() - from, 1, 20000);
    // The hook holds the POST open (the timeout is 10 s); SIGTERM still ends the server at once.
    QElapsedTimer t;
    t.start();
    m_server.stop();
    QVERIFY(!m_server.isRunning());
    QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
}

QTEST_MAIN(OutboxEndToEndTest)
#include "outbox_e2e_test.moc"
