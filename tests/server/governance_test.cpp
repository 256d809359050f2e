// The governance figures (issue 15, part "gov"): the pure computation over a hand-made history
// whose figures are worked out by hand below, then GET /admin/governance against the real
// server over sockets with a seeded history (accounts, submissions, votes, an appeal, a claim).
#include "support/http_client.h"
#include "support/onboarding.h"
#include "support/server_process.h"
#include "support/test_backend.h"
#include "support/test_signals.h"

#include "server/services/governance.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::test;

namespace {

constexpr int kRate = 22050;
const QDateTime kNow = QDateTime(QDate(2026, 6, 30), QTime(12, 0), Qt::UTC);

QDateTime day(int month, int d, int seconds = 0)
{
    return QDateTime(QDate(2026, month, d), QTime(0, 0), Qt::UTC).addSecs(seconds);
}

void addHistory(GovernanceRows &rows, const QString &track,
                const QList<std::pair<QString, QDateTime>> &states)
{
    QString from;
    for (const auto &[to, at] : states) {
        rows.history << HistoryMove{track, from, to, QStringLiteral("event"), at};
        from = to;
    }
}

// Decisions in the 30-day window (since 2026-05-31 12:00): A accepted after 100 s (flag x),
// C accepted after 200 s (x, y), B rejected after 300 s, E accepted after 400 s, D
// rejected_final after 1000 s (y). F was decided before the window; I and J were rejected
// before it and appealed in it (I still open, J upheld: rejected_final); B appealed and won.
// G and H wait in review for 1 h and 2 h, I in dispute for a day.
GovernanceRows handMadeHistory()
{
    GovernanceRows rows;
    const QString pr = QStringLiteral("pending_review");
    addHistory(rows, QStringLiteral("A"), {{pr, day(6, 1)}, {"accepted", day(6, 1, 100)}});
    addHistory(rows, QStringLiteral("B"),
               {{pr, day(6, 2)},
                {"rejected", day(6, 2, 300)},
                {"dispute_pending", day(6, 3)},
                {"accepted", day(6, 4)}});
    addHistory(rows, QStringLiteral("C"), {{pr, day(6, 5)}, {"accepted", day(6, 5, 200)}});
    addHistory(rows, QStringLiteral("D"),
               {{pr, day(6, 6)},
                {"under_investigation", day(6, 6, 10)},
                {"rejected_final", day(6, 6, 1000)}});
    addHistory(rows, QStringLiteral("E"), {{pr, day(6, 7)}, {"accepted", day(6, 7, 400)}});
    addHistory(rows, QStringLiteral("F"), {{pr, day(5, 1)}, {"accepted", day(5, 2)}});
    addHistory(rows, QStringLiteral("G"), {{pr, kNow.addSecs(-3600)}});
    // A vote that did not move G is a history row too; it must not restart G's age.
    rows.history << HistoryMove{QStringLiteral("G"), pr, pr, QStringLiteral("vote"),
                                kNow.addSecs(-60)};
    addHistory(rows, QStringLiteral("H"), {{pr, kNow.addSecs(-7200)}});
    addHistory(rows, QStringLiteral("I"),
               {{pr, day(5, 20)}, {"rejected", day(5, 21)}, {"dispute_pending", kNow.addDays(-1)}});
    addHistory(rows, QStringLiteral("J"),
               {{pr, day(5, 10)},
                {"rejected", day(5, 11)},
                {"dispute_pending", day(6, 10)},
                {"rejected_final", day(6, 11)}});
    for (const char *t : {"A", "B", "C", "D", "E", "F"})
        rows.statusOf.insert(QString::fromLatin1(t), QStringLiteral("accepted"));
    rows.statusOf.insert(QStringLiteral("D"), QStringLiteral("rejected_final"));
    rows.statusOf.insert(QStringLiteral("J"), QStringLiteral("rejected_final"));
    rows.statusOf.insert(QStringLiteral("G"), pr);
    rows.statusOf.insert(QStringLiteral("H"), pr);
    rows.statusOf.insert(QStringLiteral("I"), QStringLiteral("dispute_pending"));
    rows.flagsOf.insert(QStringLiteral("A"), {QStringLiteral("x")});
    rows.flagsOf.insert(QStringLiteral("C"), {QStringLiteral("x"), QStringLiteral("y")});
    rows.flagsOf.insert(QStringLiteral("D"), {QStringLiteral("y")});
    return rows;
}

// Votes: on A both reviewers approve, on B one rejects and one approves; C has one reviewer
// vote and an admin override (not a rating), D an appeal vote (not the review round), and a
// vote from before the window. Claims: one of each outcome, one before the window.
void addVotesAndClaims(GovernanceRows &rows)
{
    const auto vote = [&](const char *track, const char *who, bool admin, const char *kind,
                          const char *round, const QDateTime &at) {
        rows.votes << VoteRecord{QString::fromLatin1(track), QString::fromLatin1(who),   admin,
                                 QString::fromLatin1(kind),  QString::fromLatin1(round), at};
    };
    vote("A", "r1", false, "approve", "review", day(6, 1, 50));
    vote("A", "r2", false, "approve", "review", day(6, 1, 100));
    vote("B", "r1", false, "reject", "review", day(6, 2, 100));
    vote("B", "r2", false, "approve", "review", day(6, 2, 300));
    vote("C", "r1", false, "approve", "review", day(6, 5, 100));
    vote("C", "adm", true, "reject", "review", day(6, 5, 150));
    vote("D", "r2", false, "needs_more_info", "appeal", day(6, 6, 5));
    vote("F", "r1", false, "approve", "review", day(5, 2));
    rows.reviewers = {{QStringLiteral("r1"), QStringLiteral("Rita")},
                      {QStringLiteral("r2"), QStringLiteral("Ravi")},
                      {QStringLiteral("r3"), QStringLiteral("Rosa")}};
    const auto claim = [&](const char *state, const char *standing, const QDateTime &at) {
        rows.claims << ClaimRecord{QStringLiteral("c%1").arg(rows.claims.size()),
                                   QString::fromLatin1(state),
                                   QString::fromLatin1(standing),
                                   {},
                                   at};
    };
    claim("pending_review", "", day(6, 1));
    claim("dismissed", "", day(6, 2));
    claim("open", "", day(6, 3));
    claim("decided", "", day(6, 4));
    claim("open", "admin", day(6, 5));
    claim("decided", "rights_holder", day(6, 6));
    claim("pending_review", "", day(5, 1));
}

void compareStats(const DurationStats &s, int count, double median, double p90)
{
    QCOMPARE(s.count, count);
    QVERIFY(s.medianSeconds && s.p90Seconds);
    QCOMPARE(*s.medianSeconds, median);
    QCOMPARE(*s.p90Seconds, p90);
}

const DurationStats &keyed(const QList<std::pair<QString, DurationStats>> &list, const QString &key)
{
    for (const auto &p : list)
        if (p.first == key)
            return p.second;
    static const DurationStats kNone{-1, {}, {}}; // fails compareStats() on its count
    return kNone;
}

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

} // namespace

class GovernanceTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin, m_ana, m_rita, m_ravi, m_carl;

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

    void makeReviewer(const QString &token)
    {
        m_http->setToken(token);
        const QString id =
            m_http->get(QStringLiteral("/auth/me")).json().value(QStringLiteral("id")).toString();
        m_http->setToken(m_admin);
        auto r = m_http->put(QStringLiteral("/accounts/%1/roles").arg(id),
                             {{QStringLiteral("roles"), QJsonArray{QStringLiteral("contributor"),
                                                                   QStringLiteral("reviewer")}}});
        if (r.status != 200)
            qFatal("roles: %s", r.body.constData());
    }

    QString pendingTrack(uint32_t seed)
    {
        m_http->setToken(m_ana);
        const QString id = submitOrDie(*m_http, wavFromFloat(melody(8, kRate, seed), kRate),
                                       QStringLiteral("t.wav"));
        const QString status =
            waitForChecks(*m_http, id).value(QStringLiteral("status")).toString();
        if (status != QLatin1String("pending_review"))
            qFatal("checks of %s ended in %s", qPrintable(id), qPrintable(status));
        return id;
    }

    // Votes as `token`; the status the track is in afterwards.
    QString vote(const QString &token, const QString &trackId, const char *kind)
    {
        m_http->setToken(token);
        auto r = m_http->post(QStringLiteral("/review/%1/votes").arg(trackId),
                              {{QStringLiteral("vote"), QString::fromLatin1(kind)},
                               {QStringLiteral("note"), QStringLiteral("governance test")}});
        if (r.status != 200 && r.status != 201)
            qFatal("vote: %d %s", r.status, r.body.constData());
        return r.json().value(QStringLiteral("status")).toString();
    }

private Q_SLOTS:
    void quantilesInterpolate()
    {
        QVERIFY(!quantile({}, 0.5));
        QCOMPARE(*quantile({7}, 0.9), 7.0);
        QCOMPARE(*quantile({4, 1, 3, 2}, 0.5), 2.5);
        QCOMPARE(*quantile({1000, 100, 400, 200, 300}, 0.9), 760.0);
    }

    void kappaOfTwoRatersTwoCategories()
    {
        // 10 items, 2 ratings each: 4 both approve, 3 both reject, 3 split. Observed 7/10;
        // category shares 11/20 and 9/20, chance 202/400; kappa = (0.7 - 0.505) / 0.495 = 13/33.
        QList<QList<int>> items;
        for (int i = 0; i < 4; ++i)
            items << QList<int>{2, 0};
        for (int i = 0; i < 3; ++i)
            items << QList<int>{0, 2} << QList<int>{1, 1};
        const Agreement a = fleissKappa(items);
        QCOMPARE(a.items, 10);
        QCOMPARE(a.ratings, 20);
        QCOMPARE(*a.observed, 0.7);
        QVERIFY(qAbs(*a.expected - 0.505) < 1e-12);
        QVERIFY(qAbs(*a.kappa - 13.0 / 33.0) < 1e-12);
    }

    void kappaOfThreeRatersThreeCategories()
    {
        // Per-item agreement 1, 1, 0, 1/3 (mean 7/12); shares 6/12, 4/12, 2/12 (chance 7/18);
        // kappa = (7/12 - 7/18) / (11/18) = 7/22.
        const Agreement a = fleissKappa({{3, 0, 0}, {0, 3, 0}, {1, 1, 1}, {2, 0, 1}});
        QCOMPARE(a.items, 4);
        QCOMPARE(a.ratings, 12);
        QVERIFY(qAbs(*a.observed - 7.0 / 12.0) < 1e-12);
        QVERIFY(qAbs(*a.kappa - 7.0 / 22.0) < 1e-12);
    }

    void kappaUndefinedWithoutTwoItemsOrWithOneCategory()
    {
        QVERIFY(!fleissKappa({}).kappa);
        QVERIFY(!fleissKappa({{1, 1}}).kappa);         // one item
        QVERIFY(!fleissKappa({{1, 0}, {0, 1}}).kappa); // single ratings do not count
        const Agreement same = fleissKappa({{2, 0}, {3, 0}});
        QCOMPARE(same.items, 2);
        QCOMPARE(*same.observed, 1.0);
        QVERIFY(!same.kappa); // chance agreement 1: undefined
    }

    void handMadeHistoryGivesTheFiguresWorkedOutByHand()
    {
        GovernanceRows rows = handMadeHistory();
        addVotesAndClaims(rows);
        const GovernanceReport r = computeGovernance(rows, kNow, 30);
        QCOMPARE(r.since, QDateTime(QDate(2026, 5, 31), QTime(12, 0), Qt::UTC));
        compareStats(r.decisions, 5, 300, 760);
        QCOMPARE(r.byState.size(), 3);
        compareStats(keyed(r.byState, QStringLiteral("accepted")), 3, 200, 360);
        compareStats(keyed(r.byState, QStringLiteral("rejected")), 1, 300, 300);
        compareStats(keyed(r.byState, QStringLiteral("rejected_final")), 1, 1000, 1000);
        QCOMPARE(r.byFlag.size(), 2);
        compareStats(keyed(r.byFlag, QStringLiteral("x")), 2, 150, 190);
        compareStats(keyed(r.byFlag, QStringLiteral("y")), 2, 600, 920);
        compareStats(r.unflagged, 2, 350, 390);

        QCOMPARE(r.pendingReview.count, 2);
        QCOMPARE(*r.pendingReview.medianAgeSeconds, 5400.0);
        QCOMPARE(*r.pendingReview.oldestAgeSeconds, 7200.0);
        QCOMPARE(r.disputePending.count, 1);
        QCOMPARE(*r.disputePending.oldestAgeSeconds, 86400.0);
        QCOMPARE(r.openItems, 3);

        QCOMPARE(r.disputes.opened, 3);
        QCOMPARE(r.disputes.open, 1);
        QCOMPARE(r.disputes.upheld, 1);
        QCOMPARE(r.disputes.overturned, 1);
        QCOMPARE(r.disputes.withdrawn, 0);

        // A (2, 0, 0) and B (1, 1, 0): observed (1 + 0) / 2, chance (3/4)^2 + (1/4)^2 = 5/8,
        // kappa = (1/2 - 5/8) / (3/8) = -1/3.
        QCOMPARE(r.agreement.items, 2);
        QCOMPARE(r.agreement.ratings, 4);
        QVERIFY(qAbs(*r.agreement.kappa + 1.0 / 3.0) < 1e-12);

        QCOMPARE(r.claims.filed, 6);
        QCOMPARE(r.claims.pendingReview, 1);
        QCOMPARE(r.claims.dismissed, 1);
        QCOMPARE(r.claims.accepted, 2);
        QCOMPARE(r.claims.lockedByStanding, 2);
        QCOMPARE(r.claims.decided, 2);

        QCOMPARE(r.reviewers.size(), 4);
        QCOMPARE(r.reviewers.at(0).displayName, QStringLiteral("Rita"));
        QCOMPARE(r.reviewers.at(0).votes, 3);
        QCOMPARE(r.reviewers.at(0).reject, 1);
        QCOMPARE(r.reviewers.at(1).votes, 3);
        QCOMPARE(r.reviewers.at(1).needsMoreInfo, 1);
        QCOMPARE(r.reviewers.at(2).id, QStringLiteral("adm"));
        QCOMPARE(r.reviewers.at(3).displayName, QStringLiteral("Rosa"));
        QCOMPARE(r.reviewers.at(3).votes, 0);
    }

    void jsonHasNullsForUndefinedFigures()
    {
        const QJsonObject j = governanceJson(computeGovernance({}, kNow, 7));
        QCOMPARE(j.value(QStringLiteral("window_days")).toInt(), 7);
        const QJsonObject overall = j.value(QStringLiteral("time_to_decision"))
                                        .toObject()
                                        .value(QStringLiteral("overall"))
                                        .toObject();
        QCOMPARE(overall.value(QStringLiteral("count")).toInt(), 0);
        QVERIFY(overall.value(QStringLiteral("median_s")).isNull());
        const QJsonObject agreement = j.value(QStringLiteral("agreement")).toObject();
        QVERIFY(agreement.value(QStringLiteral("kappa")).isNull());
        QCOMPARE(agreement.value(QStringLiteral("method")).toString(),
                 QStringLiteral("fleiss_kappa"));
    }

    void endpointOverSocketsCountsASeededHistory();
    void endpointRefusesBadWindowsAndOtherRoles();

private:
    void seedHistory();
    static void checkCounts(const QJsonObject &j);
};

// Over the real binary: accounts, four submissions, votes, an appeal and a claim.
void GovernanceTest::seedHistory()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LEMM_POLL_MS"), QStringLiteral("100"));
    QVERIFY2(m_server.startWithAdmin(m_dir.path(), QStringLiteral("admin@example.org"),
                                     "an admin password", freshDatabaseUrl(), env),
             qPrintable(m_server.error()));
    m_http = std::make_unique<HttpClient>(m_server.baseUrl());
    m_admin = login(QStringLiteral("admin@example.org"), QStringLiteral("an admin password"));
    m_ana = onboard(*m_http, m_dir.path(), QStringLiteral("ana@example.org"));
    m_rita = onboard(*m_http, m_dir.path(), QStringLiteral("rita@example.org"));
    m_ravi = onboard(*m_http, m_dir.path(), QStringLiteral("ravi@example.org"));
    m_carl = onboard(*m_http, m_dir.path(), QStringLiteral("carl@example.org"));
    makeReviewer(m_rita);
    makeReviewer(m_ravi);
    const QString t1 = pendingTrack(21), t2 = pendingTrack(22), t3 = pendingTrack(23);
    pendingTrack(24); // stays in review

    QCOMPARE(vote(m_rita, t1, "needs_more_info"), QStringLiteral("pending_review"));
    QCOMPARE(vote(m_ravi, t1, "approve"), QStringLiteral("accepted"));
    QCOMPARE(vote(m_rita, t2, "needs_more_info"), QStringLiteral("pending_review"));
    QCOMPARE(vote(m_ravi, t2, "needs_more_info"), QStringLiteral("pending_review"));
    QCOMPARE(vote(m_admin, t2, "approve"), QStringLiteral("accepted"));
    QCOMPARE(vote(m_rita, t3, "reject"), QStringLiteral("rejected"));
    m_http->setToken(m_ana);
    QCOMPARE(m_http
                 ->post(QStringLiteral("/tracks/%1/appeal").arg(t3),
                        {{QStringLiteral("reason"), QStringLiteral("I wrote this in 2019")}})
                 .status,
             200);
    QCOMPARE(vote(m_admin, t3, "approve"), QStringLiteral("accepted"));
    m_http->setToken(m_admin);
    QCOMPARE(m_http->post(QStringLiteral("/claims"), claimBody(t1)).status, 201);
}

void GovernanceTest::endpointOverSocketsCountsASeededHistory()
{
    seedHistory();
    m_http->setToken(m_admin);
    const HttpReply reply = m_http->get(QStringLiteral("/admin/governance?days=7"));
    QCOMPARE(reply.status, 200);
    checkCounts(reply.json());
}

void GovernanceTest::checkCounts(const QJsonObject &j)
{
    QCOMPARE(j.value(QStringLiteral("window_days")).toInt(), 7);
    const QJsonObject ttd = j.value(QStringLiteral("time_to_decision")).toObject();
    QCOMPARE(ttd.value(QStringLiteral("overall")).toObject().value("count").toInt(), 3);
    const QJsonArray byState = ttd.value(QStringLiteral("by_state")).toArray();
    QCOMPARE(byState.size(), 2);
    QCOMPARE(byState.at(0).toObject().value("state").toString(), QStringLiteral("accepted"));
    QCOMPARE(byState.at(0).toObject().value("count").toInt(), 2);
    QCOMPARE(byState.at(1).toObject().value("count").toInt(), 1);
    const QJsonObject queue = j.value(QStringLiteral("queue")).toObject();
    QCOMPARE(queue.value("pending_review").toObject().value("count").toInt(), 1);
    QVERIFY(queue.value("pending_review").toObject().value("oldest_age_s").toDouble() >= 0);
    QCOMPARE(queue.value("dispute_pending").toObject().value("count").toInt(), 0);
    QCOMPARE(j.value(QStringLiteral("open_items")).toInt(), 1);
    // t1 (approve, needs_more_info) and t2 (needs_more_info twice): kappa -1/3 (see above).
    const QJsonObject agreement = j.value(QStringLiteral("agreement")).toObject();
    QCOMPARE(agreement.value("items").toInt(), 2);
    QCOMPARE(agreement.value("ratings").toInt(), 4);
    QVERIFY(qAbs(agreement.value("kappa").toDouble() + 1.0 / 3.0) < 1e-9);
    const QJsonObject disputes = j.value(QStringLiteral("disputes")).toObject();
    QCOMPARE(disputes.value("opened").toInt(), 1);
    QCOMPARE(disputes.value("overturned").toInt(), 1);
    const QJsonObject claims = j.value(QStringLiteral("claims")).toObject();
    QCOMPARE(claims.value("filed").toInt(), 1);
    QCOMPARE(claims.value("locked_by_standing").toInt(), 1);
    QHash<QString, int> votesByName;
    for (const QJsonValue &v : j.value(QStringLiteral("reviewers")).toArray())
        votesByName.insert(v.toObject().value("display_name").toString(),
                           v.toObject().value("votes").toInt());
    QCOMPARE(votesByName.value(QStringLiteral("rita")), 3);
    QCOMPARE(votesByName.value(QStringLiteral("ravi")), 2);
}

void GovernanceTest::endpointRefusesBadWindowsAndOtherRoles()
{
    QVERIFY(m_http);
    m_http->setToken(m_admin);
    for (const char *bad : {"0", "-5", "3651", "abc", "1.5", "99999999999999999999"}) {
        const HttpReply r =
            m_http->get(QStringLiteral("/admin/governance?days=") + QString::fromLatin1(bad));
        QCOMPARE(r.status, 400);
    }
    QCOMPARE(m_http->get(QStringLiteral("/admin/governance")).status, 200);
    m_http->setToken(m_rita); // a reviewer, not an admin
    QCOMPARE(m_http->get(QStringLiteral("/admin/governance")).status, 403);
    m_http->setToken(m_carl);
    QCOMPARE(m_http->get(QStringLiteral("/admin/governance")).status, 403);
    m_http->setToken({});
    QCOMPARE(m_http->get(QStringLiteral("/admin/governance")).status, 401);
}

QTEST_GUILESS_MAIN(GovernanceTest)
#include "governance_test.moc"
