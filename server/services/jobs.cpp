#include "server/services/jobs.h"

#include "core/base/ids.h"

#include <cmath>

namespace lemm::server {

namespace {

Error leaseLost()
{
    return Error::make(ErrorKind::Conflict, QStringLiteral("lease_lost"),
                       QStringLiteral("this worker no longer owns the job (its lease expired and "
                                      "another worker took it over)"));
}

} // namespace

Status JobQueue::enqueue(const Tx &tx, const QString &kind, const QString &trackId,
                         const QString &now)
{
    auto ins = exec(tx,
                    QStringLiteral("INSERT INTO jobs (job_id, kind, track_id, state, attempts, "
                                   "run_after, created_at, updated_at) VALUES (?, ?, ?, 'queued', "
                                   "0, ?, ?, ?)"),
                    {core::newId(QStringLiteral("job")), kind, trackId, now, now, now});
    if (!ins)
        return ins.error();
    return core::okStatus();
}

Result<std::optional<Job>> JobQueue::claim(const QString &workerId, int leaseSec)
{
    const QDateTime nowT = m_vault.now();
    const QString now = core::toIso(nowT);
    const QString leaseUntil = core::toIso(nowT.addSecs(leaseSec));
    const bool pg = m_vault.db().dialect() == Dialect::Postgres;
    {
        // A read-only look first, so idle workers polling never take the write lock.
        auto any = m_vault.db().query(
            QStringLiteral("SELECT 1 FROM jobs WHERE (state = 'queued' AND (run_after IS NULL OR "
                           "run_after <= ?)) OR (state = 'running' AND lease_until <= ?) LIMIT 1"),
            {now, now});
        if (!any)
            return any.error();
        const bool found = any.value().next();
        any.value().finish();
        if (!found)
            return std::optional<Job>();
    }
    return m_vault.transact([&](const Tx &tx) -> Result<std::optional<Job>> {
        auto q = exec(tx,
                      QStringLiteral("SELECT job_id, kind, track_id, attempts FROM jobs WHERE "
                                     "(state = 'queued' AND (run_after IS NULL OR run_after <= ?)) "
                                     "OR (state = 'running' AND lease_until <= ?) "
                                     "ORDER BY created_at, job_id LIMIT 1") +
                          (pg ? QStringLiteral(" FOR UPDATE SKIP LOCKED") : QString()),
                      {now, now});
        if (!q)
            return q.error();
        if (!q.value().next())
            return std::optional<Job>();
        Job job{q.value().value(0).toString(), q.value().value(1).toString(),
                q.value().value(2).toString(), q.value().value(3).toInt() + 1};
        auto upd = exec(tx,
                        QStringLiteral("UPDATE jobs SET state = 'running', attempts = ?, "
                                       "lease_until = ?, worker_id = ?, started_at = ?, "
                                       "stage = 'claimed', updated_at = ? WHERE job_id = ?"),
                        {job.attempts, leaseUntil, workerId, now, now, job.id});
        if (!upd)
            return upd.error();
        return std::optional<Job>(job);
    });
}

Status JobQueue::heartbeat(const Job &job, const QString &workerId, const QString &stage,
                           int leaseSec)
{
    const QDateTime nowT = m_vault.now();
    auto upd = m_vault.db().query(
        QStringLiteral("UPDATE jobs SET stage = ?, lease_until = ?, updated_at = ? WHERE "
                       "job_id = ? AND worker_id = ? AND state = 'running'"),
        {stage, core::toIso(nowT.addSecs(leaseSec)), core::toIso(nowT), job.id, workerId});
    if (!upd)
        return upd.error();
    if (upd.value().numRowsAffected() != 1)
        return leaseLost();
    return core::okStatus();
}

Status JobQueue::finish(const Tx &tx, const Job &job, const QString &workerId, const QString &state,
                        const QString &now)
{
    auto upd = exec(tx,
                    QStringLiteral("UPDATE jobs SET state = ?, stage = 'done', lease_until = NULL, "
                                   "finished_at = ?, updated_at = ? WHERE job_id = ? AND "
                                   "worker_id = ? AND state = 'running'"),
                    {state, now, now, job.id, workerId});
    if (!upd)
        return upd.error();
    if (upd.value().numRowsAffected() != 1)
        return leaseLost();
    return core::okStatus();
}

Status JobQueue::complete(const Job &job, const QString &workerId)
{
    const QString now = m_vault.nowIso();
    return m_vault.transact(
        [&](const Tx &tx) { return finish(tx, job, workerId, QStringLiteral("done"), now); });
}

Result<bool> JobQueue::fail(const Job &job, const QString &workerId, const QString &error,
                            int maxAttempts, int retryBaseDelaySec)
{
    const QDateTime nowT = m_vault.now();
    const bool final = job.attempts >= maxAttempts;
    const qint64 delay =
        qint64(retryBaseDelaySec) * qint64(std::pow(2.0, std::min(job.attempts - 1, 20)));
    auto upd = m_vault.db().query(
        QStringLiteral("UPDATE jobs SET state = ?, last_error = ?, run_after = ?, "
                       "lease_until = NULL, updated_at = ?, finished_at = ? WHERE job_id = ? "
                       "AND worker_id = ? AND state = 'running'"),
        {final ? QStringLiteral("failed") : QStringLiteral("queued"), error.left(2000),
         core::toIso(nowT.addSecs(delay)), core::toIso(nowT),
         final ? QVariant(core::toIso(nowT)) : QVariant(QString()), job.id, workerId});
    if (!upd)
        return upd.error();
    if (upd.value().numRowsAffected() != 1)
        return leaseLost();
    return final;
}

Result<QHash<QString, qint64>> JobQueue::countsByState() const
{
    auto q = m_vault.db().query(QStringLiteral("SELECT state, COUNT(*) FROM jobs GROUP BY state"));
    if (!q)
        return q.error();
    QHash<QString, qint64> out;
    while (q.value().next())
        out.insert(q.value().value(0).toString(), q.value().value(1).toLongLong());
    return out;
}

Result<QJsonObject> JobQueue::latestForTrack(const QString &trackId) const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT kind, state, stage, attempts, last_error, updated_at FROM jobs "
                       "WHERE track_id = ? ORDER BY created_at DESC, job_id DESC LIMIT 1"),
        {trackId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return QJsonObject{};
    const QSqlQuery &r = q.value();
    QJsonObject o{{QStringLiteral("kind"), r.value(0).toString()},
                  {QStringLiteral("state"), r.value(1).toString()},
                  {QStringLiteral("stage"),
                   r.value(2).isNull() ? QJsonValue() : QJsonValue(r.value(2).toString())},
                  {QStringLiteral("attempts"), r.value(3).toInt()},
                  {QStringLiteral("updated_at"), r.value(5).toString()}};
    if (!r.value(4).toString().isEmpty())
        o.insert(QStringLiteral("last_error"), r.value(4).toString());
    return o;
}

} // namespace lemm::server
