// The ingestion job queue and worker at service level, on SQLite and PostgreSQL: no job is
// claimed twice under racing workers, a dead worker's lease expires and the job is taken
// over (its stale writes refused), failures back off and end in a visible failed_checks flag.
#include "server/services/jobs.h"
#include "server/services/revocation.h"
#include "server/services/submissions.h"
#include "server/services/uploads.h"
#include "server/services/work_notifier.h"
#include "server/similarity/ingestion.h"
#include "server/storage/policy_store.h"

#include "support/fixtures.h"
#include "support/test_backend.h"
#include "support/test_signals.h"
#include "support/test_vault.h"

#include "core/base/ids.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QMutex>
#include <QSet>
#include <QTest>
#include <QtConcurrent>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::test;

namespace {

QString submitTrack(TestVault &tv, const Account &who, uint32_t seed)
{
    auto up =
        tv.root().uploads().createUpload(who, wavFromFloat(melody(12, 22050, seed), 22050),
                                         QStringLiteral("audio/wav"), QStringLiteral("m.wav"));
    if (!up)
        qFatal("upload: %s", qPrintable(up.error().message));
    auto sub = tv.root().submissions().submit(
        who, submissionBody(up->value(QStringLiteral("audio_upload_token")).toString()));
    if (!sub)
        qFatal("submit: %s", qPrintable(sub.error().message));
    return sub->value(QStringLiteral("track_id")).toString();
}

QString jobState(TestVault &tv, const QString &jobId, int *attempts = nullptr)
{
    auto q = tv->db().query(QStringLiteral("SELECT state, attempts FROM jobs WHERE job_id = ?"),
                            {jobId});
    q.value().next();
    if (attempts)
        *attempts = q.value().value(1).toInt();
    return q.value().value(0).toString();
}

void setPolicy(TestVault &tv, const std::function<void(core::Policy &)> &edit)
{
    core::Policy p = tv->policy().value();
    edit(p);
    auto r = PolicyStore::update(tv->db(), QStringLiteral("test"), p.toJson(), {}, 0, tv->nowIso());
    if (!r)
        qFatal("policy: %s", qPrintable(r.error().message));
}

} // namespace

class JobsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qInfo("backend: %s", qPrintable(backendName())); }

    void racingWorkersNeverShareAJob()
    {
        TestVault tv;
        const QString now = tv->nowIso();
        auto ok = tv->transact([&](const Tx &tx) -> core::Status {
            for (int i = 0; i < 40; ++i)
                if (auto s = JobQueue::enqueue(tx, QStringLiteral("ingest"),
                                               QStringLiteral("trk_%1").arg(i), now);
                    !s)
                    return s;
            return core::okStatus();
        });
        QVERIFY(ok.ok());
        QMutex lock;
        QStringList claimed;
        auto work = [&](int w) {
            JobQueue q(*tv);
            for (;;) {
                auto j = q.claim(QStringLiteral("w%1").arg(w), 600);
                if (!j)
                    qFatal("claim: %s", qPrintable(j.error().message));
                if (!j.value())
                    return;
                QMutexLocker l(&lock);
                claimed << j.value()->id;
            }
        };
        QList<QFuture<void>> futures;
        for (int w = 0; w < 4; ++w)
            futures << QtConcurrent::run(work, w);
        for (auto &f : futures)
            f.waitForFinished();
        QCOMPARE(claimed.size(), 40);
        QCOMPARE(QSet<QString>(claimed.begin(), claimed.end()).size(), 40);
        auto running = tv->db().query(
            QStringLiteral("SELECT COUNT(*) FROM jobs WHERE state = 'running' AND attempts = 1"));
        running.value().next();
        QCOMPARE(running.value().value(0).toInt(), 40);
    }

    void deadWorkersLeaseExpiresAndTheJobIsTakenOver()
    {
        TestVault tv;
        auto ok = tv->transact([&](const Tx &tx) {
            return JobQueue::enqueue(tx, QStringLiteral("ingest"), QStringLiteral("trk_x"),
                                     tv->nowIso());
        });
        QVERIFY(ok.ok());
        JobQueue q(*tv);
        auto a = q.claim(QStringLiteral("dead"), 60);
        QVERIFY(a.ok() && a.value());
        const Job job = *a.value();
        QVERIFY(!q.claim(QStringLiteral("alive"), 60).value()); // leased
        tv.advance(59);
        QVERIFY(!q.claim(QStringLiteral("alive"), 60).value());
        tv.advance(2);
        auto b = q.claim(QStringLiteral("alive"), 60);
        QVERIFY(b.ok() && b.value());
        QCOMPARE(b.value()->id, job.id);
        QCOMPARE(b.value()->attempts, 2);
        // The first worker's late writes are refused; the owner's go through.
        QCOMPARE(q.heartbeat(job, QStringLiteral("dead"), QStringLiteral("x"), 60).error().code,
                 QStringLiteral("lease_lost"));
        QCOMPARE(q.complete(job, QStringLiteral("dead")).error().code,
                 QStringLiteral("lease_lost"));
        QVERIFY(
            q.heartbeat(*b.value(), QStringLiteral("alive"), QStringLiteral("features"), 60).ok());
        QCOMPARE(q.latestForTrack(QStringLiteral("trk_x"))->value(QStringLiteral("stage")),
                 QJsonValue(QStringLiteral("features")));
        QVERIFY(q.complete(*b.value(), QStringLiteral("alive")).ok());
        QCOMPARE(jobState(tv, job.id), QStringLiteral("done"));
        QVERIFY(!q.claim(QStringLiteral("alive"), 60).value());
    }

    void failuresBackOffThenFail()
    {
        TestVault tv;
        auto ok = tv->transact([&](const Tx &tx) {
            return JobQueue::enqueue(tx, QStringLiteral("ingest"), QStringLiteral("trk_y"),
                                     tv->nowIso());
        });
        QVERIFY(ok.ok());
        JobQueue q(*tv);
        int expectedDelay = 30;
        for (int attempt = 1; attempt <= 3; ++attempt) {
            auto j = q.claim(QStringLiteral("w"), 600);
            QVERIFY(j.ok() && j.value());
            QCOMPARE(j.value()->attempts, attempt);
            auto final = q.fail(*j.value(), QStringLiteral("w"), QStringLiteral("boom"), 3, 30);
            QVERIFY(final.ok());
            QCOMPARE(final.value(), attempt == 3);
            if (attempt == 3)
                break;
            tv.advance(expectedDelay - 1);
            QVERIFY(!q.claim(QStringLiteral("w"), 600).value()); // still backing off
            tv.advance(1);
            expectedDelay *= 2;
        }
        auto state = q.latestForTrack(QStringLiteral("trk_y"));
        QCOMPARE(state->value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
        QCOMPARE(state->value(QStringLiteral("last_error")).toString(), QStringLiteral("boom"));
        tv.advance(100000);
        QVERIFY(!q.claim(QStringLiteral("w"), 600).value());
    }

    void workerProcessesASubmissionOnce()
    {
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        const QString id = submitTrack(tv, ana, 11);
        ReferenceIndex &refs = tv.root().references();
        auto worker = tv.root().makeWorker(QStringLiteral("t1"));
        auto ran = worker->runOnce();
        QVERIFY2(ran.ok(), ran.ok() ? "" : qPrintable(ran.error().message));
        QVERIFY(ran.value());
        QVERIFY(!worker->runOnce().value()); // nothing left
        QCOMPARE(tv.root().submissions().statusJson(id)->value(QStringLiteral("status")).toString(),
                 QStringLiteral("pending_review"));
        auto fp = tv->db().query(
            QStringLiteral("SELECT COUNT(*) FROM fingerprint_records WHERE track_id = ? AND "
                           "peaks IS NOT NULL AND fp_robust IS NOT NULL"),
            {id});
        fp.value().next();
        QCOMPARE(fp.value().value(0).toInt(), 1);
        // One vault_access entry (purpose ingestion) and one similarity_check.
        auto audit = tv->db().query(
            QStringLiteral("SELECT event_type, COUNT(*) FROM audit_log WHERE subject = ? AND "
                           "event_type IN ('vault_access', 'similarity_check') GROUP BY "
                           "event_type ORDER BY event_type"),
            {id});
        QStringList seen;
        while (audit.value().next())
            seen << audit.value().value(0).toString() + QLatin1Char('=') +
                        audit.value().value(1).toString();
        QCOMPARE(seen, (QStringList{QStringLiteral("similarity_check=1"),
                                    QStringLiteral("vault_access=1")}));
        QVERIFY(refs.refresh().ok());
        QCOMPARE(refs.size(), 1); // the track in review is now a reference

        // A revoked submission's job ends cancelled, untouched.
        const QString revoked = submitTrack(tv, ana, 12);
        QVERIFY(tv.root()
                    .revocation()
                    .revoke(ana, revoked, {{QStringLiteral("reason"), QStringLiteral("oops")}})
                    .ok());
        QVERIFY(!worker->runOnce().value()); // revocation cancelled the queued job
    }

    void queuedJobWakesAWaitingWorker()
    {
        // The wait is 60 s (the longest poll interval): only the notifier can end it sooner.
        TestVault tv;
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        WorkNotifier &notifier = tv.root().notifier();
        const std::atomic<bool> stop{false};
        const quint64 seen = notifier.generation();
        QElapsedTimer waited;
        auto woken = QtConcurrent::run([&] {
            waited.start();
            return notifier.wait(seen, 60000, stop);
        });
        const QString id = submitTrack(tv, ana, 14); // enqueues in its transaction, then wakes
        woken.waitForFinished();
        QVERIFY(woken.result());
        QVERIFY2(waited.elapsed() < 30000, qPrintable(QString::number(waited.elapsed())));
        QCOMPARE(notifier.generation(), seen + 1);
        QVERIFY(!id.isEmpty());

        // A wake that comes before the wait is not lost either.
        const quint64 before = notifier.generation();
        notifier.notify();
        QVERIFY(notifier.wait(before, 60000, stop));
    }

    void poolWorkerRunsAJobQueuedWhileItWaits()
    {
        TestVault tv([](ServerConfig &c) { c.workerPollMs = 60000; });
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        tv.root().startWorkers(1);
        QCOMPARE(tv.root().workerCount(), 1);
        QElapsedTimer t;
        t.start();
        const QString id = submitTrack(tv, ana, 15);
        // Well inside the 60 s poll interval: the submission woke the idle worker.
        QTRY_COMPARE_WITH_TIMEOUT(
            tv.root().submissions().statusJson(id)->value(QStringLiteral("status")),
            QJsonValue(QStringLiteral("pending_review")), 30000);
        QVERIFY(t.elapsed() < 30000);
    }

    void oneIndexServesIngestionAndOutputChecks()
    {
        // The process's one ReferenceIndex: a revoked track the policy keeps for safety-only
        // use is seen by output checks and never by ingestion.
        TestVault tv;
        setPolicy(tv, [](core::Policy &p) {
            p.revokedTracksInSafetyChecks = QStringLiteral("safety_only");
        });
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        const QString id = submitTrack(tv, ana, 16);
        QVERIFY(tv.root().makeWorker(QStringLiteral("t3"))->runOnce().value());
        QVERIFY(tv.root()
                    .revocation()
                    .revoke(ana, id, {{QStringLiteral("reason"), QStringLiteral("mine")}})
                    .ok());
        ReferenceIndex &refs = tv.root().references();
        QVERIFY(refs.refresh().ok());
        QCOMPARE(refs.size(ReferenceUse::Ingestion), 0);
        QCOMPARE(refs.size(ReferenceUse::OutputCheck), 1);
        auto f = core::extractFeatures(wavFromFloat(melody(12, 22050, 16), 22050));
        QVERIFY(f.ok());
        QVERIFY(refs.query(f.value(), {}, 5, ReferenceUse::Ingestion).value().isEmpty());
        const QList<ReferenceHit> seen =
            refs.query(f.value(), {}, 5, ReferenceUse::OutputCheck).value();
        QCOMPARE(seen.size(), 1);
        QCOMPARE(seen.first().trackId, id);
        QVERIFY(seen.first().exact);
    }

    void abandonedJobEndsFlaggedFailedChecks()
    {
        TestVault tv;
        setPolicy(tv, [](core::Policy &p) {
            p.maxCheckAttempts = 1;
            p.jobLeaseSec = 60;
        });
        Account ana = tv.person(QStringLiteral("ana@example.org"));
        const QString id = submitTrack(tv, ana, 13);
        JobQueue q(*tv);
        QVERIFY(q.claim(QStringLiteral("killed"), 60).value()); // then SIGKILL: no more writes
        tv.advance(61);
        auto worker = tv.root().makeWorker(QStringLiteral("t2"));
        QVERIFY(worker->runOnce().value());
        auto status = tv.root().submissions().statusJson(id);
        QCOMPARE(status->value(QStringLiteral("status")).toString(),
                 QStringLiteral("pending_review"));
        QVERIFY(status->value(QStringLiteral("flags"))
                    .toArray()
                    .contains(QStringLiteral("failed_checks")));
        QCOMPARE(status->value(QStringLiteral("checks"))
                     .toObject()
                     .value(QStringLiteral("state"))
                     .toString(),
                 QStringLiteral("failed"));
    }
};

QTEST_GUILESS_MAIN(JobsTest)
#include "jobs_test.moc"
