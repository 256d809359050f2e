#include "server/similarity/ingestion.h"

#include "server/storage/track_store.h"

#include "server/base/json_util.h"
#include "server/services/contributions.h"
#include "server/services/job_budget.h"
#include "server/services/metrics.h"
#include "server/storage/audit_log.h"

#include "core/audio/audio_decoder.h"
#include "core/base/ids.h"
#include "core/domain/decisions.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSysInfo>

#include <cmath>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

// Flags the checks compute; everything else on a track (rights_review, bulk_hold, ...) is kept
// when the checks run again.
const QStringList kCheckFlags{
    flags::kExactDuplicate,       flags::kDuplicateOfPending,       flags::kNearDuplicate,
    flags::kInternalPartialMatch, flags::kEmbeddingSimilar,         flags::kExternalWeakHit,
    flags::kExternalStrongHit,    flags::kExternalCheckUnavailable, flags::kFailedChecks};

void addFlag(QStringList &list, const QString &flag)
{
    if (!flag.isEmpty() && !list.contains(flag))
        list << flag;
}

// Decoding failures that another attempt cannot fix.
bool isPermanent(const Error &e)
{
    return e.kind == ErrorKind::InvalidInput || e.kind == ErrorKind::UnsupportedMedia ||
           e.kind == ErrorKind::Unprocessable || e.code == QLatin1String("corrupt_audio") ||
           e.code == QLatin1String("empty_audio") || e.code == QLatin1String("not_audio") ||
           e.code == QLatin1String("fingerprint_failed");
}

} // namespace

IngestionWorker::IngestionWorker(Vault &vault, ReferenceIndex &references, SourceSet sources,
                                 QString workerId)
    : m_vault(vault), m_cpu(vault.config().jobCpuSeconds),
      m_pipeline(references, std::move(sources)), m_workerId(std::move(workerId)), m_queue(vault)
{
}

Status IngestionWorker::stage(const Job &job, const QString &name, const Policy &policy)
{
    if (auto spent = m_cpu.check(name); !spent)
        return spent;
    return m_queue.heartbeat(job, m_workerId, name, policy.jobLeaseSec);
}

Result<bool> IngestionWorker::runOnce()
{
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto claimed = m_queue.claim(m_workerId, policy->jobLeaseSec);
    if (!claimed)
        return claimed.error();
    if (!claimed.value())
        return false;
    const Job job = *claimed.value();
    Metrics::instance().add(QStringLiteral("lemm_jobs_claimed_total"),
                            Metrics::label(QStringLiteral("kind"), job.kind));
    if (job.attempts > policy->maxCheckAttempts) {
        // An earlier attempt never finished (its worker stopped or was killed).
        if (auto g = giveUp(job, QStringLiteral("%1 attempts did not finish; the last worker "
                                                "stopped or was killed mid-job")
                                     .arg(job.attempts - 1));
            !g)
            return g.error();
        return true;
    }
    QElapsedTimer t;
    t.start();
    auto done = process(job, policy.value());
    Metrics::instance().observe(QStringLiteral("lemm_job_seconds"),
                                Metrics::label(QStringLiteral("kind"), job.kind),
                                t.nsecsElapsed() / 1e9);
    if (done)
        return true;
    if (isBudgetError(done.error())) {
        // Another attempt would spend as much again: the job fails now, its reason recorded.
        qWarning("job %s (track %s) over budget: %s", qPrintable(job.id), qPrintable(job.trackId),
                 qPrintable(done.error().message));
        Metrics::instance().add(
            QStringLiteral("lemm_jobs_total"),
            Metrics::label(QStringLiteral("outcome"), QStringLiteral("budget")));
        if (auto g = giveUp(job, done.error().message); !g)
            return g.error();
        return true;
    }
    if (done.error().code == QLatin1String("lease_lost")) {
        Metrics::instance().add(
            QStringLiteral("lemm_jobs_total"),
            Metrics::label(QStringLiteral("outcome"), QStringLiteral("lease_lost")));
        return true;
    }
    qWarning("job %s (track %s) attempt %d failed: %s", qPrintable(job.id), qPrintable(job.trackId),
             job.attempts, qPrintable(done.error().message));
    auto final = m_queue.fail(job, m_workerId, done.error().message, policy->maxCheckAttempts,
                              policy->retryBaseDelaySec);
    if (!final)
        return final.error();
    Metrics::instance().add(
        QStringLiteral("lemm_jobs_total"),
        Metrics::label(QStringLiteral("outcome"),
                       final.value() ? QStringLiteral("failed") : QStringLiteral("retry")));
    if (final.value())
        if (auto g = giveUp(job, done.error().message); !g)
            return g.error();
    return true;
}

Status IngestionWorker::giveUp(const Job &job, const QString &error)
{
    const QString now = m_vault.nowIso();
    return m_vault.transact([&](const Tx &tx) -> Status {
        // The job may still be ours (exhausted attempts) or already marked failed by fail().
        auto j = exec(tx,
                      QStringLiteral("UPDATE jobs SET state = 'failed', last_error = ?, "
                                     "finished_at = ?, updated_at = ?, lease_until = NULL WHERE "
                                     "job_id = ? AND state IN ('running', 'failed')"),
                      {error.left(2000), now, now, job.id});
        if (!j)
            return j.error();
        auto track = TrackStore::lock(tx, job.trackId);
        if (!track && track.error().kind == ErrorKind::NotFound)
            return okStatus();
        if (!track)
            return track.error();
        TrackFlags fl = track->track.flags;
        fl.add(flags::kFailedChecks);
        if (auto u = TrackStore::addFlag(tx, job.trackId, flags::kFailedChecks, now); !u)
            return u.error();
        Metrics::instance().add(
            QStringLiteral("lemm_jobs_total"),
            Metrics::label(QStringLiteral("outcome"), QStringLiteral("failed_checks")));
        if (track->track.status != SubmissionState::PendingAutomatedChecks)
            return okStatus();
        auto moved = TrackStore::transition(
            tx, job.trackId, SubmissionEvent::ChecksFailed, QStringLiteral("system"),
            QStringLiteral("automated checks failed after %1 attempts: %2")
                .arg(job.attempts)
                .arg(error.left(500)),
            now, TransitionNote{{}, QJsonObject{{QStringLiteral("flags"), fl.toJson()}}});
        if (!moved)
            return moved.error();
        return okStatus();
    });
}

Status IngestionWorker::rejectForSanity(const Job &job, const QString &code, const QString &message)
{
    const QString now = m_vault.nowIso();
    Metrics::instance().add(QStringLiteral("lemm_jobs_total"),
                            Metrics::label(QStringLiteral("outcome"), QStringLiteral("sanity")));
    return m_vault.transact([&](const Tx &tx) -> Status {
        if (auto f = JobQueue::finish(tx, job, m_workerId, QStringLiteral("done"), now); !f)
            return f;
        if (job.kind != QLatin1String("ingest"))
            return okStatus();
        auto moved = TrackStore::transition(
            tx, job.trackId, SubmissionEvent::AutoRejected, QStringLiteral("system"),
            QStringLiteral("audio sanity (%1): %2").arg(code, message), now,
            TransitionNote{{}, QJsonObject{{QStringLiteral("sanity"), code}}});
        if (!moved)
            return moved.error();
        return okStatus();
    });
}

Status IngestionWorker::process(const Job &job, const Policy &policy)
{
    m_cpu.restart(m_vault.config().jobCpuSeconds);
    auto track = TrackStore(m_vault.db()).find(job.trackId);
    if (!track && track.error().kind != ErrorKind::NotFound)
        return track.error();
    // A recheck runs while the track is part of the vault; an ingest only before its review.
    const bool runnable =
        track && (job.kind == QLatin1String("ingest")
                      ? track->track.status == SubmissionState::PendingAutomatedChecks
                      : isReferenceState(track->track.status));
    if (!runnable) {
        // Revoked or decided meanwhile: nothing to check.
        const QString now = m_vault.nowIso();
        return m_vault.transact([&](const Tx &tx) {
            return JobQueue::finish(tx, job, m_workerId, QStringLiteral("cancelled"), now);
        });
    }
    QStringList trackFlags = track->track.flags.toList();

    // 1. Audio, through the one raw-audio path.
    if (auto s = stage(job, QStringLiteral("read_audio"), policy); !s)
        return s;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    auto read = VaultAccess(m_vault).readTrackAudio(
        Account::systemService(QStringLiteral("system:") + m_workerId,
                               QStringLiteral("ingestion worker ") + m_workerId),
        job.trackId, QStringLiteral("ingestion"), job.id, buffer);
    if (!read)
        return read.error();
    const QByteArray audio = buffer.data();

    // 2. Sanity before the expensive work: what the container declares.
    if (auto s = stage(job, QStringLiteral("sanity"), policy); !s)
        return s;
    auto info = probeAudioBuffer(audio);
    if (!info)
        return isPermanent(info.error())
                   ? rejectForSanity(job, QStringLiteral("audio_undecodable"), info.error().message)
                   : info.error();
    if (info->durationSec > policy.maxDurationSec)
        return rejectForSanity(job, QStringLiteral("audio_too_long"),
                               QStringLiteral("the file declares %1 s; at most %2 s are accepted")
                                   .arg(info->durationSec, 0, 'f', 1)
                                   .arg(policy.maxDurationSec));

    // 3. Every feature in one decode, bounded whatever the header said: the decoder stops past
    // the policy's maximum duration (or what the memory budget holds) and at the CPU budget.
    if (auto s = stage(job, QStringLiteral("features"), policy); !s)
        return s;
    auto budget = jobBudget(policy, m_vault.config(), audio.size());
    if (!budget)
        return budget.error();
    QElapsedTimer t;
    t.start();
    auto features = extractFeatures(audio, budget->limits(&m_cpu));
    Metrics::instance().observe(QStringLiteral("lemm_stage_seconds"),
                                Metrics::label(QStringLiteral("stage"), QStringLiteral("features")),
                                t.nsecsElapsed() / 1e9);
    if (!features) {
        const Error e = budget->explain(features.error());
        if (isBudgetError(e) || !isPermanent(e))
            return e;
        if (e.code == QLatin1String("audio_too_long"))
            return rejectForSanity(job, e.code,
                                   QStringLiteral("%1; at most %2 s are accepted")
                                       .arg(e.message)
                                       .arg(policy.maxDurationSec));
        const bool empty =
            e.code == QLatin1String("empty_audio") || e.code == QLatin1String("fingerprint_failed");
        return rejectForSanity(
            job, empty ? QStringLiteral("audio_too_short") : QStringLiteral("audio_undecodable"),
            e.message);
    }
    const TrackFeatures &f = features.value();
    const auto problems = checkAudioSanity(
        AudioFacts{f.stats.decodedSec(), info->sampleRate, info->channels, f.stats.truncated},
        policy);
    if (!problems.isEmpty()) {
        QStringList messages;
        for (const auto &p : problems)
            messages << p.message;
        return rejectForSanity(job, problems.first().code, messages.join(QStringLiteral("; ")));
    }

    for (const QString &fl : kCheckFlags)
        trackFlags.removeAll(fl);

    // 4. The one check pipeline: the internal reference set, then the external sources.
    auto evidence =
        m_pipeline.run(f, CheckPipeline::Request{job.trackId, 5, [&](const QString &name) {
                                                     return stage(job, name, policy);
                                                 }});
    if (!evidence)
        return evidence.error();
    const CheckEvidence &ev = evidence.value();

    // 5. Evidence -> flags, by the decision tables.
    QJsonObject external;
    QStringList unavailable;
    for (const SourceEvidence &source : ev.sources) {
        if (source.status == SourceStatus::NotConfigured)
            continue;
        const bool answered = source.status == SourceStatus::Answered;
        QJsonObject summary{{QStringLiteral("available"), answered},
                            {QStringLiteral("status"), toString(source.status)},
                            {QStringLiteral("elapsed_ms"), round3(source.elapsedMs)}};
        if (!answered) {
            unavailable << source.name;
            summary.insert(QStringLiteral("error"), source.error);
        }
        ExternalVerdict worst = ExternalVerdict::NoHit;
        QJsonArray hits;
        for (const ExternalHit &h : source.hits) {
            const ExternalVerdict v =
                classifyExternal(h.matchConfidence, h.decisionOverlapSec(), policy);
            if (int(v) > int(worst))
                worst = v;
            QJsonObject o = h.toJson();
            o.insert(QStringLiteral("verdict"), toString(v));
            hits.append(o);
        }
        summary.insert(QStringLiteral("verdict"), toString(worst));
        summary.insert(QStringLiteral("hits"), hits);
        addFlag(trackFlags, flagFor(worst));
        external.insert(source.name, summary);
    }
    QJsonArray internalHits;
    for (const ReferenceHit &h : ev.internal) {
        const InternalVerdict v = classifyInternal(internalEvidence(h, ev.querySec), policy);
        if (v == InternalVerdict::None && h.robustScore < 0.05)
            continue;
        addFlag(trackFlags, flagFor(v));
        auto meta = m_vault.db().query(
            QStringLiteral("SELECT title, display_artist_name, status, primary_artist_id FROM "
                           "tracks WHERE track_id = ?"),
            {h.trackId});
        QJsonObject o = internalHitJson(h, ev.querySec);
        o.insert(QStringLiteral("verdict"), toString(v));
        if (meta && meta.value().next()) {
            o.insert(QStringLiteral("title"), meta.value().value(0).toString());
            o.insert(QStringLiteral("artist"), meta.value().value(1).toString());
            o.insert(QStringLiteral("status"), meta.value().value(2).toString());
            o.insert(QStringLiteral("owner_id"), meta.value().value(3).toString());
        }
        internalHits.append(o);
    }
    const QJsonObject internal{{QStringLiteral("checked_against"), ev.checkedInternal},
                               {QStringLiteral("matches"), internalHits},
                               {QStringLiteral("calibration_version"), ev.calibrationVersion}};

    // 6. A source that could not answer: retry later, or go on flagged (policy).
    if (!unavailable.isEmpty()) {
        addFlag(trackFlags, flags::kExternalCheckUnavailable);
        if (policy.externalUnavailableAction == QLatin1String("retry_then_review") &&
            job.attempts < policy.maxCheckAttempts) {
            const QString now = m_vault.nowIso();
            auto kept = m_vault.transact([&](const Tx &tx) {
                return TrackStore::replaceFlags(tx, job.trackId, kCheckFlags,
                                                TrackFlags::fromList(trackFlags), now);
            });
            if (!kept)
                qWarning("ingestion: could not keep the flags of %s before the retry: %s",
                         qUtf8Printable(job.trackId), qUtf8Printable(kept.error().message));
            return Error::make(ErrorKind::Unavailable, QStringLiteral("external_unavailable"),
                               QStringLiteral("external source(s) unavailable: %1")
                                   .arg(unavailable.join(QStringLiteral(", "))));
        }
    }

    // 7. Decide and write everything at once.
    if (auto s = stage(job, QStringLiteral("decision"), policy); !s)
        return s;
    const ChecksDecision decision = decideAfterChecks(trackFlags, policy);
    const QJsonObject record = fingerprintRecord(job.trackId, f);
    const QString now = m_vault.nowIso();
    const QString outcome =
        job.kind != QLatin1String("ingest")             ? QStringLiteral("rechecked")
        : decision.outcome == ChecksOutcome::AutoReject ? QStringLiteral("auto_rejected")
        : decision.outcome == ChecksOutcome::AutoAccept ? QStringLiteral("auto_accepted")
                                                        : QStringLiteral("to_review");
    auto written = m_vault.transact([&](const Tx &tx) -> Status {
        if (auto fin = JobQueue::finish(tx, job, m_workerId, QStringLiteral("done"), now); !fin)
            return fin;
        auto del = exec(tx, QStringLiteral("DELETE FROM fingerprint_records WHERE track_id = ?"),
                        {job.trackId});
        if (!del)
            return del.error();
        auto ins = exec(
            tx,
            QStringLiteral("INSERT INTO fingerprint_records (track_id, fp_exact, fp_robust, "
                           "embedding_music, external_similarity_summary, updated_at, "
                           "internal_similarity_summary, embedding_windows, exact_keys, derived, "
                           "peaks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {job.trackId, record.value(QStringLiteral("fp_exact")).toString(),
             record.value(QStringLiteral("fp_robust")).toString(),
             record.value(QStringLiteral("embedding_music")).toString(), compact(external), now,
             compact(internal), ReferenceIndex::encodeWindows(f.embeddings),
             compact(record.value(QStringLiteral("exact_keys")).toObject()),
             compact(record.value(QStringLiteral("derived")).toObject()),
             QString::fromLatin1(f.peaks.serialize().toBase64())});
        if (!ins)
            return ins.error();
        if (auto fl = TrackStore::replaceFlags(tx, job.trackId, kCheckFlags,
                                               TrackFlags::fromList(trackFlags), now);
            !fl)
            return fl;
        if (auto a = TrackStore::recordAnalysis(
                tx, job.trackId, f.stats.decodedSec(),
                f.tempoBpm > 0 ? std::optional<double>(f.tempoBpm) : std::nullopt, now);
            !a)
            return a;
        QJsonObject externalBrief;
        for (auto it = external.begin(); it != external.end(); ++it) {
            const QJsonObject s = it.value().toObject();
            const QJsonArray hits = s.value(QStringLiteral("hits")).toArray();
            externalBrief.insert(
                it.key(),
                QJsonObject{{QStringLiteral("available"), s.value(QStringLiteral("available"))},
                            {QStringLiteral("verdict"), s.value(QStringLiteral("verdict"))},
                            {QStringLiteral("best_confidence"),
                             hits.isEmpty() ? 0.0
                                            : hits.first().toObject().value(
                                                  QStringLiteral("match_confidence"))}});
        }
        auto logged = AuditLog::append(
            tx, audit::kSimilarityCheck, QStringLiteral("system:") + m_workerId, job.trackId,
            QJsonObject{{QStringLiteral("job_id"), job.id},
                        {QStringLiteral("kind"), job.kind},
                        {QStringLiteral("checked_against_internal"), ev.checkedInternal},
                        {QStringLiteral("checked_against_external_catalogs"), externalBrief},
                        {QStringLiteral("sources"), ev.sourcesJson()},
                        {QStringLiteral("calibration_version"), ev.calibrationVersion},
                        {QStringLiteral("internal_matches"), internalHits.size()},
                        {QStringLiteral("flags"), QJsonArray::fromStringList(trackFlags)},
                        {QStringLiteral("outcome"), outcome}},
            now);
        if (!logged)
            return logged.error();
        if (job.kind != QLatin1String("ingest"))
            return okStatus();
        const QJsonObject details{
            {QStringLiteral("flags"), QJsonArray::fromStringList(trackFlags)}};
        if (decision.outcome == ChecksOutcome::AutoReject) {
            auto m = TrackStore::transition(tx, job.trackId, SubmissionEvent::AutoRejected,
                                            QStringLiteral("system"), decision.reason, now,
                                            TransitionNote{{}, details});
            return m ? okStatus() : Status(m.error());
        }
        auto m = TrackStore::transition(tx, job.trackId, SubmissionEvent::ChecksPassed,
                                        QStringLiteral("system"), decision.reason, now,
                                        TransitionNote{{}, details});
        if (!m)
            return m.error();
        if (decision.outcome == ChecksOutcome::AutoAccept) {
            auto a = TrackStore::transition(tx, job.trackId, SubmissionEvent::Approved,
                                            QStringLiteral("system"), decision.reason, now,
                                            TransitionNote{{}, details});
            if (!a)
                return a.error();
        }
        return okStatus();
    });
    if (!written) {
        // Revoked while we worked: the state machine refuses; the job ends cancelled.
        if (written.error().code == QLatin1String("illegal_transition") ||
            written.error().code == QLatin1String("concurrent_change")) {
            const QString later = m_vault.nowIso();
            return m_vault.transact([&](const Tx &tx) {
                return JobQueue::finish(tx, job, m_workerId, QStringLiteral("cancelled"), later);
            });
        }
        return written;
    }
    Metrics::instance().add(QStringLiteral("lemm_jobs_total"),
                            Metrics::label(QStringLiteral("outcome"), outcome));
    return okStatus();
}

// --- WorkerPool ----------------------------------------------------------------------------

WorkerPool::WorkerPool(Vault &vault, SourceSet sources, int threads, int pollMs)
    : m_vault(vault), m_references(vault.db()), m_sources(std::move(sources)), m_count(threads),
      m_pollMs(pollMs)
{
}

WorkerPool::~WorkerPool()
{
    stop();
}

void WorkerPool::start()
{
    const QString host = QSysInfo::machineHostName().left(40);
    for (int i = 0; i < m_count; ++i) {
        const QString id =
            QStringLiteral("%1-%2-%3").arg(host).arg(QCoreApplication::applicationPid()).arg(i);
        m_threads.emplace_back(QThread::create([this, id] {
            IngestionWorker worker(m_vault, m_references, m_sources, id);
            while (!m_stop.load()) {
                auto ran = worker.runOnce();
                if (!ran)
                    qWarning("worker %s: %s", qPrintable(id), qPrintable(ran.error().message));
                if (ran && ran.value())
                    continue;
                JobQueue::waitForWork(m_pollMs, m_stop);
            }
        }));
        m_threads.back()->setObjectName(QStringLiteral("ingest-") + QString::number(i));
        m_threads.back()->start();
    }
}

void WorkerPool::stop()
{
    m_stop.store(true);
    JobQueue::wakeWorkers();
    for (auto &t : m_threads)
        t->wait();
    m_threads.clear();
}

} // namespace lemm::server
