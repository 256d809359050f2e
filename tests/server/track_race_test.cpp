// Concurrent writers of one track, through the real services on the backend under test (SQLite,
// and PostgreSQL in the _pg run): a deciding vote against a revocation, a claim against a
// deciding vote, and writers of different flags at the same time. Each race starts both writers
// at one barrier and is repeated, so both orders and true overlap occur. Whatever the order,
// exactly the outcomes the state machine allows happen, the history is one unbroken chain that
// ends in the track's status, every state change has its one audit entry, and no flag is lost.

#include "server/services/accounts.h"
#include "server/services/review.h"
#include "server/services/revocation.h"
#include "server/services/submissions.h"
#include "server/services/uploads.h"
#include "server/storage/audit_log.h"
#include "server/storage/track_store.h"

#include "support/fixtures.h"
#include "support/test_audio.h"
#include "support/test_vault.h"

#include "core/domain/decisions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <functional>
#include <latch>
#include <thread>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::test;

namespace {

constexpr int kRounds = 20;

// Runs `a` and `b` on two threads released together; returns when both have finished.
void race(const std::function<void()> &a, const std::function<void()> &b)
{
    std::latch start(2);
    std::thread ta([&] {
        start.arrive_and_wait();
        a();
    });
    std::thread tb([&] {
        start.arrive_and_wait();
        b();
    });
    ta.join();
    tb.join();
}

qint64 count(Vault &v, const QString &sql, const QVariantList &binds)
{
    auto q = v.db().query(sql, binds);
    if (!q || !q.value().next())
        qFatal("count failed: %s", qPrintable(sql));
    return q.value().value(0).toLongLong();
}

struct Move {
    QString from;
    QString to;
};

// The state changes a track's history records, in order, after checking that the history is
// one chain: seq 1..n, each row starting where the previous one ended, ending in `status`.
QList<Move> historyMoves(Vault &v, const QString &trackId, const QString &status)
{
    auto h = TrackStore(v.db()).history(trackId);
    if (!h)
        qFatal("history: %s", qPrintable(h.error().message));
    QList<Move> moves;
    QString at;
    qint64 seq = 0;
    for (const HistoryEntry &e : h.value()) {
        if (e.seq != ++seq)
            qFatal("history of %s skips seq %lld", qPrintable(trackId), seq);
        if (e.seq > 1 && e.fromState != at)
            qFatal("history of %s: row %lld starts at %s, previous ended at %s",
                   qPrintable(trackId), e.seq, qPrintable(e.fromState), qPrintable(at));
        if (e.seq > 1 && e.fromState != e.toState)
            moves << Move{e.fromState, e.toState};
        at = e.toState;
    }
    if (at != status)
        qFatal("history of %s ends at %s, the track is %s", qPrintable(trackId), qPrintable(at),
               qPrintable(status));
    return moves;
}

// The state changes the audit log records for the track, in order.
QList<Move> auditMoves(Vault &v, const QString &trackId)
{
    AuditLog::Filter f;
    f.subject = trackId;
    f.limit = 1000;
    auto entries = AuditLog::list(v.db(), f);
    if (!entries)
        qFatal("audit: %s", qPrintable(entries.error().message));
    QList<Move> moves;
    for (const core::AuditEntry &e : entries.value()) {
        const QJsonObject payload = QJsonDocument::fromJson(e.payload.toUtf8()).object();
        const QString from = payload.value(QStringLiteral("from")).toString();
        const QString to = payload.value(QStringLiteral("to")).toString();
        if ((e.eventType == audit::kSubmissionDecision || e.eventType == audit::kConsentChange) &&
            !from.isEmpty())
            moves.prepend(Move{from, to}); // the query answers newest first
    }
    return moves;
}

bool sameMoves(const QList<Move> &a, const QList<Move> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a[i].from != b[i].from || a[i].to != b[i].to)
            return false;
    return true;
}

} // namespace

class TrackRaceTest : public QObject
{
    Q_OBJECT

private:
    // A submitted tone, moved to pending_review as the checks would.
    QString pendingTrack(TestVault &tv, const Account &who)
    {
        auto up = tv.root().uploads().createUpload(
            who, makeWav(1.0, 330), QStringLiteral("audio/wav"), QStringLiteral("tone.wav"));
        if (!up)
            qFatal("upload: %s", qPrintable(up.error().message));
        auto sub = tv.root().submissions().submit(
            who, submissionBody(up->value(QStringLiteral("audio_upload_token")).toString()));
        if (!sub)
            qFatal("submit: %s", qPrintable(sub.error().message));
        const QString id = sub->value(QStringLiteral("track_id")).toString();
        const QString now = tv->nowIso();
        auto moved = tv->transact([&](const Tx &tx) {
            return TrackStore::transition(tx, id, core::SubmissionEvent::ChecksPassed,
                                          QStringLiteral("system"), QStringLiteral("clean"), now);
        });
        if (!moved)
            qFatal("checks passed: %s", qPrintable(moved.error().message));
        return id;
    }

    QString statusOf(TestVault &tv, const QString &id)
    {
        auto rec = TrackStore(tv->db()).find(id);
        if (!rec)
            qFatal("find: %s", qPrintable(rec.error().message));
        return core::toString(rec->track.status);
    }

    void checkChain(TestVault &tv, const QString &id)
    {
        const QList<Move> history = historyMoves(*tv, id, statusOf(tv, id));
        QVERIFY2(sameMoves(history, auditMoves(*tv, id)),
                 qPrintable(QStringLiteral("history and audit disagree for ") + id));
    }

    // A complete claim body (issue 14: with contact and statement).
    static QJsonObject claimBody(const QString &trackId)
    {
        return QJsonObject{{QStringLiteral("track_id"), trackId},
                           {QStringLiteral("claimant"), QStringLiteral("Label X")},
                           {QStringLiteral("contact"), QStringLiteral("x@label.example")},
                           {QStringLiteral("statement"), QStringLiteral("in good faith")},
                           {QStringLiteral("evidence"), QStringLiteral("race")}};
    }

    static QJsonObject approve()
    {
        return QJsonObject{{QStringLiteral("vote"), QStringLiteral("approve")}};
    }

private Q_SLOTS:
    void decidingVoteAgainstRevoke()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        Account rev = tv.person(QStringLiteral("rev@example.org"),
                                {core::Role::Contributor, core::Role::Reviewer});
        int voteWon = 0, revokeFirst = 0;
        for (int round = 0; round < kRounds; ++round) {
            const QString id = pendingTrack(tv, ana);
            Result<QJsonObject> vote = Error::make(ErrorKind::Internal, {}, {});
            Result<QJsonObject> revoke = Error::make(ErrorKind::Internal, {}, {});
            race([&] { vote = tv.root().review().vote(rev, id, approve()); },
                 [&] {
                     revoke = tv.root().revocation().revoke(
                         ana, id, QJsonObject{{QStringLiteral("reason"), QStringLiteral("race")}});
                 });
            // The revocation always succeeds (from pending_review or from accepted); the vote
            // only if it came first, and then it decided.
            QVERIFY2(revoke.ok(), qPrintable(revoke.ok() ? QString() : revoke.error().message));
            QCOMPARE(statusOf(tv, id), QStringLiteral("removed"));
            if (vote.ok()) {
                QCOMPARE(vote->value(QStringLiteral("status")).toString(),
                         QStringLiteral("accepted"));
                ++voteWon;
            } else {
                QCOMPARE(vote.error().code, QStringLiteral("not_reviewable"));
                ++revokeFirst;
            }
            const QList<Move> moves = historyMoves(*tv, id, QStringLiteral("removed"));
            // checks started, checks passed, [approved,] revoked
            QCOMPARE(moves.size(), vote.ok() ? 4 : 3);
            checkChain(tv, id);
            QCOMPARE(count(*tv,
                           QStringLiteral("SELECT COUNT(*) FROM rights_records WHERE track_id = ? "
                                          "AND revoked = 1"),
                           {id}),
                     qint64(1));
        }
        QCOMPARE(voteWon + revokeFirst, kRounds);
        QVERIFY(AuditLog::verify(tv->db())->ok);
        qInfo("vote first: %d, revoke first: %d", voteWon, revokeFirst);
    }

    void claimAgainstDecidingVote()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        Account rev = tv.person(QStringLiteral("rev@example.org"),
                                {core::Role::Contributor, core::Role::Reviewer});
        // An admin's claim has standing: it locks at once (issue 14).
        Account cla = tv.person(QStringLiteral("claimant@example.org"), {core::Role::Admin});
        int claimLanded = 0;
        for (int round = 0; round < kRounds; ++round) {
            const QString id = pendingTrack(tv, ana);
            Result<QJsonObject> vote = Error::make(ErrorKind::Internal, {}, {});
            Result<QJsonObject> claim = Error::make(ErrorKind::Internal, {}, {});
            race([&] { vote = tv.root().review().vote(rev, id, approve()); },
                 [&] { claim = tv.root().claims().fileClaim(cla, claimBody(id)); });
            // The vote always decides; the claim lands only on the accepted track.
            QVERIFY2(vote.ok(), qPrintable(vote.ok() ? QString() : vote.error().message));
            auto rec = TrackStore(tv->db()).find(id);
            QVERIFY(rec.ok());
            if (claim.ok()) {
                ++claimLanded;
                QCOMPARE(core::toString(rec->track.status), QStringLiteral("under_investigation"));
                QVERIFY(rec->track.flags.has(core::flags::kUnderClaim));
            } else {
                QCOMPARE(claim.error().code, QStringLiteral("claim_not_applicable"));
                QCOMPARE(core::toString(rec->track.status), QStringLiteral("accepted"));
                QVERIFY(!rec->track.flags.has(core::flags::kUnderClaim));
            }
            checkChain(tv, id);
        }
        QVERIFY(AuditLog::verify(tv->db())->ok);
        qInfo("claims that landed: %d of %d", claimLanded, kRounds);
    }

    // Two writers of different flags of one track at once: a reviewer's needs_more_info vote
    // and the admin's release of the contributor's bulk hold; then a claim against a recheck
    // that rewrites the checks' flags. Neither may erase the other's flag.
    void concurrentFlagWritersLoseNothing()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        Account rev = tv.person(QStringLiteral("rev@example.org"),
                                {core::Role::Contributor, core::Role::Reviewer});
        Account admin = tv.person(QStringLiteral("admin@example.org"),
                                  {core::Role::Contributor, core::Role::Admin});
        // An admin's claim has standing: it locks at once (issue 14).
        Account cla = tv.person(QStringLiteral("claimant@example.org"), {core::Role::Admin});
        const QStringList checkFlags{core::flags::kExternalWeakHit,
                                     core::flags::kInternalPartialMatch};
        for (int round = 0; round < kRounds; ++round) {
            const QString id = pendingTrack(tv, ana);
            const QString now = tv->nowIso();
            QVERIFY(tv->transact([&](const Tx &tx) {
                          return TrackStore::addFlag(tx, id, core::flags::kBulkHold, now);
                      }).ok());
            Result<QJsonObject> vote = Error::make(ErrorKind::Internal, {}, {});
            Result<Account> release = Error::make(ErrorKind::Internal, {}, {});
            race(
                [&] {
                    vote = tv.root().review().vote(
                        rev, id,
                        QJsonObject{{QStringLiteral("vote"), QStringLiteral("needs_more_info")},
                                    {QStringLiteral("note"), QStringLiteral("which stems?")}});
                },
                [&] {
                    release = AccountService(*tv).setBulkSource(
                        admin, ana.id, QJsonObject{{QStringLiteral("approved"), true}});
                });
            QVERIFY2(vote.ok(), qPrintable(vote.ok() ? QString() : vote.error().message));
            QVERIFY(release.ok());
            auto flags = TrackStore(tv->db()).find(id)->track.flags;
            QVERIFY(flags.has(core::flags::kNeedsMoreInfo));
            QVERIFY(!flags.has(core::flags::kBulkHold));
            QVERIFY(
                AccountService(*tv)
                    .setBulkSource(admin, ana.id, QJsonObject{{QStringLiteral("approved"), false}})
                    .ok());

            // Accepted by an admin's vote, then a recheck's flags against a claim.
            QVERIFY(tv.root().review().vote(admin, id, approve()).ok());
            QVERIFY(tv->transact([&](const Tx &tx) {
                          return TrackStore::addFlag(tx, id, core::flags::kInternalPartialMatch,
                                                     now);
                      }).ok());
            Status recheck = core::okStatus();
            Result<QJsonObject> claim = Error::make(ErrorKind::Internal, {}, {});
            race(
                [&] {
                    recheck = tv->transact([&](const Tx &tx) {
                        return TrackStore::replaceFlags(
                            tx, id, checkFlags,
                            TrackFlags::fromList({core::flags::kExternalWeakHit}), now);
                    });
                },
                [&] { claim = tv.root().claims().fileClaim(cla, claimBody(id)); });
            QVERIFY(recheck.ok());
            QVERIFY2(claim.ok(), qPrintable(claim.ok() ? QString() : claim.error().message));
            flags = TrackStore(tv->db()).find(id)->track.flags;
            QVERIFY(flags.has(core::flags::kUnderClaim));
            QVERIFY(flags.has(core::flags::kExternalWeakHit));
            QVERIFY(!flags.has(core::flags::kInternalPartialMatch));
            checkChain(tv, id);
        }
        QVERIFY(AuditLog::verify(tv->db())->ok);
    }
};

QTEST_GUILESS_MAIN(TrackRaceTest)
#include "track_race_test.moc"
