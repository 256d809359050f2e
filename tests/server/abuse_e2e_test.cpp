// The abuse cases of issue 14 against the real server over sockets: claims only from verified
// accounts, throttled, queued for review without standing and answering the same 404 for
// tracks the claimant may not know of; previews only in review, for the reviewer and session
// that asked, within a budget, with bounded replays, revoked with the role; reviewers do not
// see the review of their own track.
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/server_process.h"
#include "support/test_backend.h"
#include "support/test_signals.h"

#include "core/audio/audio_decoder.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm;
using namespace lemm::test;

namespace {

constexpr int kRate = 22050;
const QString kMissingTrack = QStringLiteral("trk_00000000000000000000");

QJsonObject claimBody(const QString &trackId)
{
    return QJsonObject{
        {QStringLiteral("track_id"), trackId},
        {QStringLiteral("claimant"), QStringLiteral("Label Rights Ltd")},
        {QStringLiteral("contact"), QStringLiteral("legal@example.com")},
        {QStringLiteral("statement"),
         QStringLiteral("I believe in good faith that this recording infringes our rights.")},
        {QStringLiteral("evidence"), QStringLiteral("matches our 2015 release, bars 1-16")}};
}

QJsonObject previewBody(double start, double duration)
{
    return QJsonObject{{QStringLiteral("start_s"), start},
                       {QStringLiteral("duration_s"), duration}};
}

} // namespace

class AbuseEndToEndTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_dbUrl;
    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin, m_ana, m_rita, m_ravi, m_carl;
    QString m_accepted, m_pending, m_long, m_ritasOwn;

    QString login(const QString &email, const QString &password)
    {
        m_http->setToken({});
        return m_http
            ->post(QStringLiteral("/auth/login"),
                   {{QStringLiteral("email"), email}, {QStringLiteral("password"), password}})
            .json()
            .value(QStringLiteral("token"))
            .toString();
    }

    QString accountId(const QString &token)
    {
        m_http->setToken(token);
        return m_http->get(QStringLiteral("/auth/me"))
            .json()
            .value(QStringLiteral("id"))
            .toString();
    }

    void setRoles(const QString &token, const QStringList &roles)
    {
        const QString id = accountId(token);
        m_http->setToken(m_admin);
        auto r = m_http->put(QStringLiteral("/accounts/%1/roles").arg(id),
                             {{QStringLiteral("roles"), QJsonArray::fromStringList(roles)}});
        if (r.status != 200)
            qFatal("roles: %s", r.body.constData());
    }

    // Submits as `token` and waits for the checks (pending_review); `accept`: an admin approves.
    QString track(const QString &token, double seconds, uint32_t seed, bool accept)
    {
        m_http->setToken(token);
        const QString id = submitOrDie(*m_http, wavFromFloat(melody(seconds, kRate, seed), kRate),
                                       QStringLiteral("t.wav"));
        const QString status =
            waitForChecks(*m_http, id).value(QStringLiteral("status")).toString();
        if (status != QLatin1String("pending_review"))
            qFatal("checks of %s ended in %s", qPrintable(id), qPrintable(status));
        if (accept) {
            m_http->setToken(m_admin);
            auto v = m_http->post(QStringLiteral("/review/%1/votes").arg(id),
                                  {{QStringLiteral("vote"), QStringLiteral("approve")}});
            if (v.json().value(QStringLiteral("status")).toString() != QLatin1String("accepted"))
                qFatal("accept: %s", v.body.constData());
        }
        return id;
    }

    QString statusOf(const QString &trackId)
    {
        m_http->setToken(m_admin);
        return m_http->get(QStringLiteral("/tracks/%1/status").arg(trackId))
            .json()
            .value(QStringLiteral("status"))
            .toString();
    }

    void changePolicy(const QJsonObject &changes)
    {
        m_http->setToken(m_admin);
        const QJsonObject current = m_http->get(QStringLiteral("/policy")).json();
        QJsonObject p = current.value(QStringLiteral("policy")).toObject();
        for (auto it = changes.begin(); it != changes.end(); ++it)
            p.insert(it.key(), it.value());
        auto r = m_http->put(QStringLiteral("/policy"),
                             {{QStringLiteral("policy"), p},
                              {QStringLiteral("note"), QStringLiteral("abuse test")},
                              {QStringLiteral("base_version"), current.value("version")}});
        if (r.status != 200)
            qFatal("policy: %s", r.body.constData());
    }

    int claimCount(const QString &state)
    {
        m_http->setToken(m_admin);
        return int(m_http->get(QStringLiteral("/claims?state=") + state)
                       .json()
                       .value(QStringLiteral("claims"))
                       .toArray()
                       .size());
    }

    // The vault_access audit entries of a track (every preview made reads it once).
    int previewReads(const QString &trackId)
    {
        m_http->setToken(m_admin);
        const QJsonArray entries =
            m_http
                ->get(QStringLiteral("/audit?event_type=vault_access&limit=500&subject=") + trackId)
                .json()
                .value(QStringLiteral("entries"))
                .toArray();
        return int(entries.size());
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("backend: %s", qPrintable(backendName()));
        m_dbUrl = freshDatabaseUrl();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LEMM_POLL_MS"), QStringLiteral("100"));
        QVERIFY2(m_server.startWithAdmin(m_dir.path(), QStringLiteral("admin@example.org"),
                                         "an admin password", m_dbUrl, env),
                 qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.baseUrl());
        m_admin = login(QStringLiteral("admin@example.org"), QStringLiteral("an admin password"));
        m_ana = onboard(*m_http, m_dir.path(), QStringLiteral("ana@example.org"));
        m_carl = onboard(*m_http, m_dir.path(), QStringLiteral("carl@example.org"));
        m_rita = onboard(*m_http, m_dir.path(), QStringLiteral("rita@example.org"));
        m_ravi = onboard(*m_http, m_dir.path(), QStringLiteral("ravi@example.org"), false);
        setRoles(m_rita, {QStringLiteral("contributor"), QStringLiteral("reviewer")});
        setRoles(m_ravi, {QStringLiteral("reviewer")});
        m_pending = track(m_ana, 8, 12, false);
        m_long = track(m_ana, 70, 13, false);
        m_ritasOwn = track(m_rita, 8, 14, false);
        // Accepted last: no track in review was checked against it, so it is nobody's A/B
        // reference.
        m_accepted = track(m_ana, 8, 11, true);
    }

    void claimsNeedAVerifiedAccount()
    {
        // Registered, never verified: before issue 14 this claim was accepted and locked the
        // track.
        m_http->setToken({});
        QCOMPARE(m_http
                     ->post(QStringLiteral("/auth/register"),
                            {{QStringLiteral("email"), QStringLiteral("uma@example.org")},
                             {QStringLiteral("password"), QStringLiteral("a long password")},
                             {QStringLiteral("display_name"), QStringLiteral("uma")}})
                     .status,
                 201);
        const QString uma = login(QStringLiteral("uma@example.org"), "a long password");
        QVERIFY(!uma.isEmpty());
        m_http->setToken(uma);
        auto unverified = m_http->post(QStringLiteral("/claims"), claimBody(m_accepted));
        QCOMPARE(unverified.status, 403);
        QCOMPARE(unverified.errorCode(), QStringLiteral("email_not_verified"));
        // Verified, terms not affirmed.
        m_http->setToken(m_ravi);
        auto unaffirmed = m_http->post(QStringLiteral("/claims"), claimBody(m_accepted));
        QCOMPARE(unaffirmed.status, 403);
        QCOMPARE(unaffirmed.errorCode(), QStringLiteral("terms_not_affirmed"));
        QCOMPARE(statusOf(m_accepted), QStringLiteral("accepted"));
        QCOMPARE(claimCount(QStringLiteral("all")), 0);
    }

    void claimsNeedStatementAndContactWithinBounds()
    {
        m_http->setToken(m_carl);
        QJsonObject noContact = claimBody(m_accepted);
        noContact.remove(QStringLiteral("contact"));
        noContact.insert(QStringLiteral("statement"), QString(5001, QLatin1Char('x')));
        auto bad = m_http->post(QStringLiteral("/claims"), noContact);
        QCOMPARE(bad.status, 400);
        const QJsonObject fields =
            bad.json().value("error").toObject().value(QStringLiteral("fields")).toObject();
        QVERIFY(fields.contains(QStringLiteral("contact")));
        QVERIFY(fields.contains(QStringLiteral("statement")));
    }

    void spamClaimsAreThrottledAndDoNotLock()
    {
        // 50 claims by one verified account without standing: before, all 50 were accepted and
        // the first pulled the track out of training.
        m_http->setToken(m_carl);
        int filed = 0, throttled = 0;
        QByteArray retryAfter;
        for (int i = 0; i < 50; ++i) {
            auto r = m_http->post(QStringLiteral("/claims"), claimBody(m_accepted));
            if (r.status == 201) {
                ++filed;
                QCOMPARE(r.json().value(QStringLiteral("state")).toString(),
                         QStringLiteral("pending_review"));
            } else if (r.status == 429) {
                ++throttled;
                QCOMPARE(r.errorCode(), QStringLiteral("claims_throttled"));
                retryAfter = r.header("Retry-After");
            }
        }
        QCOMPARE(filed, 5); // claims_per_account
        QCOMPARE(throttled, 45);
        QVERIFY(retryAfter.toInt() > 0);
        QCOMPARE(statusOf(m_accepted), QStringLiteral("accepted"));
        QCOMPARE(claimCount(QStringLiteral("pending_review")), 5);
        QCOMPARE(claimCount(QStringLiteral("open")), 0);

        // Per address: another account from the same address is throttled once the address's
        // limit is reached.
        changePolicy({{QStringLiteral("claims_per_address"), 6}});
        const QString dora = onboard(*m_http, m_dir.path(), QStringLiteral("dora@example.org"));
        m_http->setToken(dora);
        QCOMPARE(m_http->post(QStringLiteral("/claims"), claimBody(m_accepted)).status, 201);
        auto more = m_http->post(QStringLiteral("/claims"), claimBody(m_accepted));
        QCOMPARE(more.status, 429);
        QCOMPARE(more.errorCode(), QStringLiteral("claims_throttled"));
        changePolicy({{QStringLiteral("claims_per_address"), 10000},
                      {QStringLiteral("claims_per_account"), 1000}});
    }

    void hiddenTracksAnswerTheSame404()
    {
        m_http->setToken(m_carl);
        // Before: 409 claim_not_applicable for someone else's pending track, 404 for a missing
        // one, so the answer told which track ids exist.
        auto pending = m_http->post(QStringLiteral("/claims"), claimBody(m_pending));
        auto missing = m_http->post(QStringLiteral("/claims"), claimBody(kMissingTrack));
        QCOMPARE(pending.status, 404);
        QCOMPARE(missing.status, 404);
        QCOMPARE(pending.body, missing.body);
        // The other routes with a track id give the same answer.
        for (const QString &route :
             {QStringLiteral("/tracks/%1/status"), QStringLiteral("/tracks/%1"),
              QStringLiteral("/tracks/%1/peaks")}) {
            auto a = m_http->get(route.arg(m_pending));
            auto b = m_http->get(route.arg(kMissingTrack));
            QCOMPARE(a.status, 404);
            QCOMPARE(a.body, b.body);
            QCOMPARE(a.body, missing.body);
        }
        // The owner and reviewers know the track: for them it is not claimable (409).
        m_http->setToken(m_ana);
        QCOMPARE(m_http->post(QStringLiteral("/claims"), claimBody(m_pending)).errorCode(),
                 QStringLiteral("claim_not_applicable"));
        m_http->setToken(m_rita);
        QCOMPARE(m_http->post(QStringLiteral("/claims"), claimBody(m_pending)).errorCode(),
                 QStringLiteral("claim_not_applicable"));
    }

    void queuedClaimLocksOnlyWhenAccepted()
    {
        m_http->setToken(m_ravi);
        const QJsonArray queued = m_http->get(QStringLiteral("/claims?state=pending_review"))
                                      .json()
                                      .value(QStringLiteral("claims"))
                                      .toArray();
        QVERIFY(queued.size() >= 2);
        const QString first = queued.at(0).toObject().value(QStringLiteral("claim_id")).toString();
        const QString second = queued.at(1).toObject().value(QStringLiteral("claim_id")).toString();
        QCOMPARE(queued.at(0).toObject().value(QStringLiteral("contact")).toString(),
                 QStringLiteral("legal@example.com"));
        // Contributors do not review claims; an open claim is decided only by an admin.
        m_http->setToken(m_carl);
        QCOMPARE(m_http->get(QStringLiteral("/claims")).status, 403);
        m_http->setToken(m_ravi);
        auto dismissed = m_http->post(QStringLiteral("/claims/%1/review").arg(first),
                                      {{QStringLiteral("decision"), QStringLiteral("dismiss")},
                                       {QStringLiteral("note"), QStringLiteral("no evidence")}});
        QCOMPARE(dismissed.status, 200);
        QCOMPARE(dismissed.json().value(QStringLiteral("track_status")).toString(),
                 QStringLiteral("accepted"));
        QCOMPARE(m_http
                     ->post(QStringLiteral("/claims/%1/review").arg(first),
                            {{QStringLiteral("decision"), QStringLiteral("accept")},
                             {QStringLiteral("note"), QStringLiteral("again")}})
                     .errorCode(),
                 QStringLiteral("claim_not_pending"));
        auto accepted = m_http->post(QStringLiteral("/claims/%1/review").arg(second),
                                     {{QStringLiteral("decision"), QStringLiteral("accept")},
                                      {QStringLiteral("note"), QStringLiteral("plausible")}});
        QCOMPARE(accepted.status, 200);
        QCOMPARE(accepted.json().value(QStringLiteral("track_status")).toString(),
                 QStringLiteral("under_investigation"));
        m_http->setToken(m_admin);
        auto kept = m_http->post(QStringLiteral("/claims/%1/decision").arg(second),
                                 {{QStringLiteral("decision"), QStringLiteral("keep")},
                                  {QStringLiteral("note"), QStringLiteral("different melody")}});
        QCOMPARE(kept.status, 200);
        QCOMPARE(kept.json().value(QStringLiteral("track_status")).toString(),
                 QStringLiteral("accepted"));
    }

    void rightsHolderClaimLocksAtOnce()
    {
        const QString carlId = accountId(m_carl);
        m_http->setToken(m_ravi);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/accounts/%1/rights-holder").arg(carlId),
                            {{QStringLiteral("rights_holder"), true},
                             {QStringLiteral("note"), QStringLiteral("x")}})
                     .status,
                 403);
        m_http->setToken(m_admin);
        auto granted = m_http->post(QStringLiteral("/accounts/%1/rights-holder").arg(carlId),
                                    {{QStringLiteral("rights_holder"), true},
                                     {QStringLiteral("note"), QStringLiteral("label contract")}});
        QCOMPARE(granted.status, 200);
        QCOMPARE(m_http->get(QStringLiteral("/audit?event_type=claim_standing&subject=") + carlId)
                     .json()
                     .value(QStringLiteral("entries"))
                     .toArray()
                     .size(),
                 1);
        m_http->setToken(m_carl);
        auto claim = m_http->post(QStringLiteral("/claims"), claimBody(m_accepted));
        QCOMPARE(claim.status, 201);
        QCOMPARE(claim.json().value(QStringLiteral("state")).toString(), QStringLiteral("open"));
        QCOMPARE(claim.json().value(QStringLiteral("standing")).toString(),
                 QStringLiteral("rights_holder"));
        QCOMPARE(claim.json().value(QStringLiteral("track_status")).toString(),
                 QStringLiteral("under_investigation"));
        m_http->setToken(m_admin);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/claims/%1/decision")
                                .arg(claim.json().value(QStringLiteral("claim_id")).toString()),
                            {{QStringLiteral("decision"), QStringLiteral("keep")},
                             {QStringLiteral("note"), QStringLiteral("licensed")}})
                     .json()
                     .value(QStringLiteral("track_status"))
                     .toString(),
                 QStringLiteral("accepted"));
    }

    void previewsCannotRebuildATrack()
    {
        // A 70 s track in review. Before: back-to-back 30 s previews covered all of it.
        m_http->setToken(m_rita);
        QCOMPARE(m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_long), previewBody(0, 30))
                     .status,
                 201);
        auto next =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_long), previewBody(30, 30));
        QCOMPARE(next.status, 429);
        QCOMPARE(next.errorCode(), QStringLiteral("preview_coverage_exhausted"));
        // Up to max(0.5 x 70 s, 30 s) = 35 s distinct.
        auto tail =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_long), previewBody(30, 4));
        QCOMPARE(tail.status, 201);
        QVERIFY(tail.json().value(QStringLiteral("coverage_remaining_s")).toDouble() < 1.5);
        QCOMPARE(m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_long), previewBody(40, 5))
                     .errorCode(),
                 QStringLiteral("preview_coverage_exhausted"));
        // Repeating a region costs budget: 30 + 4 + 30 = 64 s of 90, then 94 > 90.
        QCOMPARE(m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_long), previewBody(0, 30))
                     .status,
                 201);
        auto over =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_long), previewBody(0, 30));
        QCOMPARE(over.status, 429);
        QCOMPARE(over.errorCode(), QStringLiteral("preview_budget_exhausted"));
        // Another reviewer has a budget of their own.
        m_http->setToken(m_ravi);
        QCOMPARE(
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_long), previewBody(40, 20))
                .status,
            201);
    }

    void previewsOnlyInReviewOrForAdmins()
    {
        // Before: reviewers could preview accepted tracks at will.
        m_http->setToken(m_ravi);
        auto accepted =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_accepted), previewBody(0, 5));
        QCOMPARE(accepted.status, 409);
        QCOMPARE(accepted.errorCode(), QStringLiteral("not_previewable"));
        m_http->setToken(m_admin);
        auto admin =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_accepted), previewBody(0, 5));
        QCOMPARE(admin.status, 201);
        QCOMPARE(
            m_http->get(QStringLiteral("/audit?event_type=admin_preview&subject=") + m_accepted)
                .json()
                .value(QStringLiteral("entries"))
                .toArray()
                .size(),
            1);
        QCOMPARE(m_http->get(admin.json().value(QStringLiteral("url")).toString()).status, 200);
    }

    void previewLinksAreBoundToTheirSession()
    {
        m_http->setToken(m_ravi);
        auto made =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_pending), previewBody(1, 5));
        QCOMPARE(made.status, 201);
        const QString url = made.json().value(QStringLiteral("url")).toString();
        // Before: the link alone was enough.
        m_http->setToken({});
        QCOMPARE(m_http->get(url).status, 401);
        m_http->setToken(m_rita);
        auto other = m_http->get(url);
        QCOMPARE(other.status, 403);
        QCOMPARE(other.errorCode(), QStringLiteral("preview_not_yours"));
        m_http->setToken(login(QStringLiteral("ravi@example.org"), "a long password"));
        auto otherSession = m_http->get(url);
        QCOMPARE(otherSession.status, 403);
        QCOMPARE(otherSession.errorCode(), QStringLiteral("preview_session_mismatch"));
        m_http->setToken(m_ravi);
        auto mp3 = m_http->get(url);
        QCOMPARE(mp3.status, 200);
        auto decoded = core::decodeAudioBuffer(mp3.body);
        QVERIFY(decoded.ok());
        QVERIFY(std::abs(decoded->stats.decodedSec() - 5.0) < 0.3);
    }

    void replaysAreBoundedAndCached()
    {
        m_http->setToken(m_ravi);
        // Fresh links: each fetch is a decrypt and a transcode.
        QElapsedTimer t;
        qint64 freshMs = 0;
        for (int i = 0; i < 3; ++i) {
            m_http->setToken(m_ravi);
            const QString url =
                m_http
                    ->post(QStringLiteral("/tracks/%1/previews").arg(m_pending), previewBody(i, 2))
                    .json()
                    .value(QStringLiteral("url"))
                    .toString();
            t.start();
            QCOMPARE(m_http->get(url).status, 200);
            freshMs += t.elapsed();
        }
        m_http->setToken(m_ravi);
        const QString url =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_pending), previewBody(0, 5))
                .json()
                .value(QStringLiteral("url"))
                .toString();
        const int readsBefore = previewReads(m_pending);
        m_http->setToken(m_ravi);
        QCOMPARE(m_http->get(url).status, 200);
        // Before: 270 replays in 9 s, each a full decrypt and transcode. Now two more fetches
        // come from the cache (no new vault read) and then the link is used up.
        int ok = 0, gone = 0;
        qint64 cachedMs = 0;
        for (int i = 0; i < 270; ++i) {
            t.start();
            auto r = m_http->get(url);
            if (r.status == 200) {
                ++ok;
                cachedMs += t.elapsed();
            } else if (r.status == 410) {
                ++gone;
                QCOMPARE(r.errorCode(), QStringLiteral("preview_used_up"));
            }
        }
        QCOMPARE(ok, 2);
        QCOMPARE(gone, 268);
        QCOMPARE(previewReads(m_pending), readsBefore + 1);
        qInfo("preview fetch: %.1f ms fresh (decrypt+transcode), %.1f ms cached", freshMs / 3.0,
              cachedMs / 2.0);
    }

    void previewsEndWithTheRole()
    {
        m_http->setToken(m_ravi);
        const QString url =
            m_http->post(QStringLiteral("/tracks/%1/previews").arg(m_pending), previewBody(0, 3))
                .json()
                .value(QStringLiteral("url"))
                .toString();
        QVERIFY(!url.isEmpty());
        setRoles(m_ravi, {QStringLiteral("contributor")});
        m_http->setToken(m_ravi);
        // Before: the link outlived the demotion.
        QCOMPARE(m_http->get(url).status, 403);
        setRoles(m_ravi, {QStringLiteral("reviewer")});
        m_http->setToken(m_ravi);
        QCOMPARE(m_http->get(url).status, 200);
    }

    void reviewersDoNotSeeTheReviewOfTheirOwnTrack()
    {
        m_http->setToken(m_ravi);
        QCOMPARE(m_http
                     ->post(QStringLiteral("/review/%1/votes").arg(m_ritasOwn),
                            {{QStringLiteral("vote"), QStringLiteral("needs_more_info")},
                             {QStringLiteral("note"), QStringLiteral("private reviewer note")}})
                     .status,
                 200);
        const auto inQueue = [&](const QString &token) {
            m_http->setToken(token);
            for (const QJsonValue &v : m_http->get(QStringLiteral("/review/queue"))
                                           .json()
                                           .value(QStringLiteral("items"))
                                           .toArray())
                if (v.toObject().value(QStringLiteral("track_id")).toString() == m_ritasOwn)
                    return true;
            return false;
        };
        QVERIFY(inQueue(m_ravi));
        QVERIFY(!inQueue(m_rita));
        // Before: 200 with the votes and notes.
        m_http->setToken(m_rita);
        auto detail = m_http->get(QStringLiteral("/review/") + m_ritasOwn);
        QCOMPARE(detail.status, 403);
        QCOMPARE(detail.errorCode(), QStringLiteral("own_track"));
        QVERIFY(!detail.body.contains("private reviewer note"));
        auto own = m_http->get(QStringLiteral("/tracks/") + m_ritasOwn);
        QCOMPARE(own.status, 200);
        QVERIFY(!own.body.contains("private reviewer note"));
        m_http->setToken(m_ravi);
        QVERIFY(m_http->get(QStringLiteral("/review/") + m_ritasOwn)
                    .body.contains("private reviewer note"));
        m_http->setToken(m_admin);
        QVERIFY(m_http->get(QStringLiteral("/tracks/") + m_ritasOwn)
                    .body.contains("private reviewer note"));
    }

    void cleanupTestCase() { m_server.stop(); }
};

QTEST_MAIN(AbuseEndToEndTest)
#include "abuse_e2e_test.moc"
