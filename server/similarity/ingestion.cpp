#include "server/similarity/ingestion.h"

#include "server/storage/track_store.h"

#include "server/base/json_util.h"
#include "server/services/job_budget.h"
#include "server/services/metrics.h"
#include "server/services/vault_access.h"
#include "server/storage/audit_log.h"
#include "server/storage/dispute_queue.h"

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

IngestionWorker::IngestionWorker(const Deps &deps, SourceSet sources, QString workerId)
    : m_vault(deps.vault), m_access(deps.access), m_metrics(deps.metrics), m_tracks(deps.tracks),
      m_cpu(deps.vault.config().jobCpuSeconds),
      m_pipeline(deps.references, std::move(sources), deps.metrics),
      m_workerId(std::move(workerId)), m_queue(deps.vault)
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
    m_metrics.add(QStringLiteral("lemm_jobs_claimed_total"),
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
    m_metrics.observe(QStringLiteral("lemm_job_duration_seconds"),
                      Metrics::label(QStringLiteral("kind"), job.kind), t.nsecsElapsed() / 1e9);
    if (done)
        return true;
    if (isBudgetError(done.error())) {
        // Another attempt would spend as much again: the job fails now, its reason recorded.
        qWarning("job %s (track %s) over budget: %s", qPrintable(job.id), qPrintable(job.trackId),
                 qPrintable(done.error().message));
        m_metrics.add(QStringLiteral("lemm_jobs_total"),
                      Metrics::label(QStringLiteral("outcome"), QStringLiteral("budget")));
        if (auto g = giveUp(job, done.error().message); !g)
            return g.error();
        return true;
    }
    if (done.error().code == QLatin1String("lease_lost")) {
        m_metrics.add(QStringLiteral("lemm_jobs_total"),
                      Metrics::label(QStringLiteral("outcome"), QStringLiteral("lease_lost")));
        return true;
    }
    qWarning("job %s (track %s) attempt %d failed: %s", qPrintable(job.id), qPrintable(job.trackId),
             job.attempts, qPrintable(done.error().message));
    auto final = m_queue.fail(job, m_workerId, done.error().message, policy->maxCheckAttempts,
                              policy->retryBaseDelaySec);
    if (!final)
        return final.error();
    m_metrics.add(QStringLiteral("lemm_jobs_total"),
                  Metrics::label(QStringLiteral("outcome"), final.value()
                                                                ? QStringLiteral("failed")
                                                                : QStringLiteral("retry")));
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
        m_metrics.add(QStringLiteral("lemm_jobs_total"),
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
    m_metrics.add(QStringLiteral("lemm_jobs_total"),
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

// --- IngestionWorker::process as stages ----------------------------------------------------
//
// read_track → read_audio → sanity (what the container declares) → features (one bounded
// decode, decoded sanity) → checks (the one CheckPipeline) → classify (evidence → flags) →
// retry while a source is unavailable (policy) → decision → record (one transaction). Each
// stage returns true to go on, false when the job already ended (cancelled, rejected for
// sanity), or the error that fails this attempt.

// What one job carries from stage to stage.
struct IngestionWorker::Run {
    const Job &job;
    const Policy &policy;
    QStringList flags; // the track's flags; the checks' own ones recomputed by classify
    QByteArray audio;
    AudioInfo declared;
    TrackFeatures features;
    CheckEvidence evidence;
    QJsonObject external;    // source name -> summary (configured sources)
    QStringList unavailable; // configured sources that did not answer
    QJsonArray internalHits;
};

namespace {

// The job ended in this stage (already recorded): no later stage runs.
Result<bool> ended(const Status &s)
{
    if (!s)
        return s.error();
    return false;
}

// A recheck runs while the track is part of the vault; an ingest only before its review.
bool runnable(const Job &job, SubmissionState status)
{
    if (job.kind == QLatin1String("ingest"))
        return status == SubmissionState::PendingAutomatedChecks;
    return isReferenceState(status);
}

// A permanent decoding failure as the sanity rejection it stands for: {code, message}.
std::pair<QString, QString> sanityRejection(const Error &e, const Policy &policy)
{
    if (e.code == QLatin1String("audio_too_long"))
        return {e.code, QStringLiteral("%1; at most %2 s are accepted")
                            .arg(e.message)
                            .arg(policy.maxDurationSec)};
    const bool empty =
        e.code == QLatin1String("empty_audio") || e.code == QLatin1String("fingerprint_failed");
    return {empty ? QStringLiteral("audio_too_short") : QStringLiteral("audio_undecodable"),
            e.message};
}

// One configured source's evidence as the summary stored on the fingerprint record; raises
// the flag of its worst hit.
QJsonObject sourceSummary(const SourceEvidence &source, const Policy &policy, QStringList &flags)
{
    const bool answered = source.status == SourceStatus::Answered;
    QJsonObject summary{{QStringLiteral("available"), answered},
                        {QStringLiteral("status"), toString(source.status)},
                        {QStringLiteral("elapsed_ms"), round3(source.elapsedMs)}};
    if (!answered)
        summary.insert(QStringLiteral("error"), source.error);
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
    addFlag(flags, flagFor(worst));
    return summary;
}

// The audit entry's short form of the external summaries.
QJsonObject externalBrief(const QJsonObject &external)
{
    QJsonObject brief;
    for (auto it = external.begin(); it != external.end(); ++it) {
        const QJsonObject s = it.value().toObject();
        const QJsonArray hits = s.value(QStringLiteral("hits")).toArray();
        brief.insert(
            it.key(),
            QJsonObject{{QStringLiteral("available"), s.value(QStringLiteral("available"))},
                        {QStringLiteral("verdict"), s.value(QStringLiteral("verdict"))},
                        {QStringLiteral("best_confidence"),
                         hits.isEmpty()
                             ? 0.0
                             : hits.first().toObject().value(QStringLiteral("match_confidence"))}});
    }
    return brief;
}

// The strong hits of the external summaries, in brief (the dispute queue's evidence).
QJsonArray strongHits(const QJsonObject &external)
{
    QJsonArray out;
    for (auto it = external.begin(); it != external.end(); ++it)
        for (const QJsonValue &v : it.value().toObject().value(QStringLiteral("hits")).toArray()) {
            const QJsonObject h = v.toObject();
            if (h.value(QStringLiteral("verdict")).toString() != toString(ExternalVerdict::Strong))
                continue;
            out.append(QJsonObject{
                {QStringLiteral("source"), it.key()},
                {QStringLiteral("reference_id"), h.value(QStringLiteral("reference_id"))},
                {QStringLiteral("match_confidence"), h.value(QStringLiteral("match_confidence"))},
                {QStringLiteral("title"), h.value(QStringLiteral("title"))},
                {QStringLiteral("artist"), h.value(QStringLiteral("artist"))}});
        }
    return out;
}

QString outcomeName(const Job &job, const ChecksDecision &decision)
{
    if (job.kind != QLatin1String("ingest"))
        return QStringLiteral("rechecked");
    if (decision.outcome == ChecksOutcome::AutoReject)
        return QStringLiteral("auto_rejected");
    if (decision.outcome == ChecksOutcome::AutoAccept)
        return QStringLiteral("auto_accepted");
    return QStringLiteral("to_review");
}

} // namespace

Status IngestionWorker::process(const Job &job, const Policy &policy)
{
    m_cpu.restart(m_vault.config().jobCpuSeconds);
    using Stage = Result<bool> (IngestionWorker::*)(Run &);
    // Each stage's time goes to lemm_job_stage_duration_seconds{stage} (the check pipeline
    // adds its own internal/external parts).
    static constexpr std::pair<Stage, const char *> kStages[] = {
        {&IngestionWorker::readTrack, "read_track"},
        {&IngestionWorker::readAudio, "read_audio"},
        {&IngestionWorker::checkDeclared, "sanity"},
        {&IngestionWorker::extract, "features"},
        {&IngestionWorker::runChecks, "checks"},
        {&IngestionWorker::classify, "classify"},
        {&IngestionWorker::retryIfUnavailable, "retry_check"},
        {&IngestionWorker::record, "decision"}};
    Run run{job, policy, {}, {}, {}, {}, {}, {}, {}, {}};
    for (const auto &[stage, name] : kStages) {
        QElapsedTimer t;
        t.start();
        auto next = (this->*stage)(run);
        m_metrics.observe(QStringLiteral("lemm_job_stage_duration_seconds"),
                          Metrics::label(QStringLiteral("stage"), QString::fromLatin1(name)),
                          double(t.nsecsElapsed()) / 1e9);
        if (!next)
            return next.error();
        if (!next.value())
            return okStatus();
    }
    return okStatus();
}

Result<bool> IngestionWorker::readTrack(Run &run)
{
    auto track = m_tracks.find(run.job.trackId);
    if (!track && track.error().kind != ErrorKind::NotFound)
        return track.error();
    if (!track || !runnable(run.job, track->track.status)) {
        // Revoked or decided meanwhile: nothing to check.
        const QString now = m_vault.nowIso();
        return ended(m_vault.transact([&](const Tx &tx) {
            return JobQueue::finish(tx, run.job, m_workerId, QStringLiteral("cancelled"), now);
        }));
    }
    run.flags = track->track.flags.toList();
    return true;
}

// Stage "read_audio": through the one raw-audio path (one vault_access entry).
Result<bool> IngestionWorker::readAudio(Run &run)
{
    if (auto s = stage(run.job, QStringLiteral("read_audio"), run.policy); !s)
        return s.error();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    auto read = m_access.readTrackAudio(
        Account::systemService(QStringLiteral("system:") + m_workerId,
                               QStringLiteral("ingestion worker ") + m_workerId),
        run.job.trackId, QStringLiteral("ingestion"), run.job.id, buffer);
    if (!read)
        return read.error();
    run.audio = buffer.data();
    return true;
}

// Stage "sanity", before the expensive work: what the container declares.
Result<bool> IngestionWorker::checkDeclared(Run &run)
{
    if (auto s = stage(run.job, QStringLiteral("sanity"), run.policy); !s)
        return s.error();
    auto info = probeAudioBuffer(run.audio);
    if (!info) {
        if (!isPermanent(info.error()))
            return info.error();
        return ended(
            rejectForSanity(run.job, QStringLiteral("audio_undecodable"), info.error().message));
    }
    if (info->durationSec > run.policy.maxDurationSec)
        return ended(
            rejectForSanity(run.job, QStringLiteral("audio_too_long"),
                            QStringLiteral("the file declares %1 s; at most %2 s are accepted")
                                .arg(info->durationSec, 0, 'f', 1)
                                .arg(run.policy.maxDurationSec)));
    run.declared = info.value();
    return true;
}

// Stage "features": every feature in one decode, bounded whatever the header said: the
// decoder stops past the policy's maximum duration (or what the memory budget holds) and at
// the CPU budget. Then the sanity of what was decoded.
Result<bool> IngestionWorker::extract(Run &run)
{
    if (auto s = stage(run.job, QStringLiteral("features"), run.policy); !s)
        return s.error();
    auto budget = jobBudget(run.policy, m_vault.config(), run.audio.size());
    if (!budget)
        return budget.error();
    auto features = extractFeatures(run.audio, budget->limits(&m_cpu));
    if (!features) {
        const Error e = budget->explain(features.error());
        if (isBudgetError(e) || !isPermanent(e))
            return e;
        const auto [code, message] = sanityRejection(e, run.policy);
        return ended(rejectForSanity(run.job, code, message));
    }
    run.features = std::move(features).value();
    const TrackFeatures &f = run.features;
    const auto problems = checkAudioSanity(AudioFacts{f.stats.decodedSec(), run.declared.sampleRate,
                                                      run.declared.channels, f.stats.truncated},
                                           run.policy);
    if (!problems.isEmpty()) {
        QStringList messages;
        for (const auto &p : problems)
            messages << p.message;
        return ended(
            rejectForSanity(run.job, problems.first().code, messages.join(QStringLiteral("; "))));
    }
    for (const QString &fl : kCheckFlags)
        run.flags.removeAll(fl);
    return true;
}

// Stage "checks": the one check pipeline, the internal reference set, then the external
// sources (each a heartbeat stage of its own).
Result<bool> IngestionWorker::runChecks(Run &run)
{
    auto evidence = m_pipeline.run(
        run.features, CheckPipeline::Request{run.job.trackId, 5, [&](const QString &name) {
                                                 return stage(run.job, name, run.policy);
                                             }});
    if (!evidence)
        return evidence.error();
    run.evidence = std::move(evidence).value();
    return true;
}

// Stage "classify": evidence → flags and summaries, by the decision tables.
Result<bool> IngestionWorker::classify(Run &run)
{
    const CheckEvidence &ev = run.evidence;
    for (const SourceEvidence &source : ev.sources) {
        if (source.status == SourceStatus::NotConfigured)
            continue;
        if (source.status != SourceStatus::Answered)
            run.unavailable << source.name;
        run.external.insert(source.name, sourceSummary(source, run.policy, run.flags));
    }
    for (const ReferenceHit &h : ev.internal) {
        const InternalVerdict v = classifyInternal(internalEvidence(h, ev.querySec), run.policy);
        if (v == InternalVerdict::None && h.robustScore < 0.05)
            continue;
        addFlag(run.flags, flagFor(v));
        QJsonObject o = internalHitJson(h, ev.querySec);
        o.insert(QStringLiteral("verdict"), toString(v));
        addReferenceMeta(h.trackId, o);
        run.internalHits.append(o);
    }
    if (!run.unavailable.isEmpty())
        addFlag(run.flags, flags::kExternalCheckUnavailable);
    return true;
}

// The matched reference's title, artist, status and owner, for the reviewers' summary.
void IngestionWorker::addReferenceMeta(const QString &trackId, QJsonObject &hit) const
{
    auto meta = m_vault.db().query(
        QStringLiteral("SELECT title, display_artist_name, status, primary_artist_id FROM "
                       "tracks WHERE track_id = ?"),
        {trackId});
    if (!meta || !meta.value().next())
        return;
    hit.insert(QStringLiteral("title"), meta.value().value(0).toString());
    hit.insert(QStringLiteral("artist"), meta.value().value(1).toString());
    hit.insert(QStringLiteral("status"), meta.value().value(2).toString());
    hit.insert(QStringLiteral("owner_id"), meta.value().value(3).toString());
}

// A source that could not answer: retry later (the flags kept so far), or go on flagged.
Result<bool> IngestionWorker::retryIfUnavailable(Run &run)
{
    if (run.unavailable.isEmpty() ||
        run.policy.externalUnavailableAction != QLatin1String("retry_then_review") ||
        run.job.attempts >= run.policy.maxCheckAttempts)
        return true;
    const QString now = m_vault.nowIso();
    auto kept = m_vault.transact([&](const Tx &tx) {
        return TrackStore::replaceFlags(tx, run.job.trackId, kCheckFlags,
                                        TrackFlags::fromList(run.flags), now);
    });
    if (!kept)
        qWarning("ingestion: could not keep the flags of %s before the retry: %s",
                 qUtf8Printable(run.job.trackId), qUtf8Printable(kept.error().message));
    return Error::make(ErrorKind::Unavailable, QStringLiteral("external_unavailable"),
                       QStringLiteral("external source(s) unavailable: %1")
                           .arg(run.unavailable.join(QStringLiteral(", "))));
}

// Stage "decision" and the record: everything written at once. Revoked while we worked: the
// state machine refuses the transition and the job ends cancelled.
Result<bool> IngestionWorker::record(Run &run)
{
    if (auto s = stage(run.job, QStringLiteral("decision"), run.policy); !s)
        return s.error();
    const ChecksDecision decision = decideAfterChecks(run.flags, run.policy);
    const QString outcome = outcomeName(run.job, decision);
    const QString now = m_vault.nowIso();
    auto written = m_vault.transact([&](const Tx &tx) -> Status {
        if (auto fin = JobQueue::finish(tx, run.job, m_workerId, QStringLiteral("done"), now); !fin)
            return fin;
        if (auto w = writeFingerprintRecord(tx, run, now); !w)
            return w;
        if (auto u = recordAnalysis(tx, run, now); !u)
            return u;
        if (auto a = auditChecks(tx, run, outcome, now); !a)
            return a;
        return moveTrack(tx, run, decision, now);
    });
    if (!written) {
        if (written.error().code != QLatin1String("illegal_transition") &&
            written.error().code != QLatin1String("concurrent_change"))
            return written.error();
        const QString later = m_vault.nowIso();
        return ended(m_vault.transact([&](const Tx &tx) {
            return JobQueue::finish(tx, run.job, m_workerId, QStringLiteral("cancelled"), later);
        }));
    }
    m_metrics.add(QStringLiteral("lemm_jobs_total"),
                  Metrics::label(QStringLiteral("outcome"), outcome));
    return true;
}

// In the caller's transaction: the FingerprintRecord, replacing an earlier one.
Status IngestionWorker::writeFingerprintRecord(const Tx &tx, const Run &run,
                                               const QString &now) const
{
    const TrackFeatures &f = run.features;
    const QJsonObject record = fingerprintRecord(run.job.trackId, f);
    const QJsonObject internal{
        {QStringLiteral("checked_against"), run.evidence.checkedInternal},
        {QStringLiteral("matches"), run.internalHits},
        {QStringLiteral("calibration_version"), run.evidence.calibrationVersion}};
    auto del = exec(tx, QStringLiteral("DELETE FROM fingerprint_records WHERE track_id = ?"),
                    {run.job.trackId});
    if (!del)
        return del.error();
    auto ins =
        exec(tx,
             QStringLiteral("INSERT INTO fingerprint_records (track_id, fp_exact, fp_robust, "
                            "embedding_music, external_similarity_summary, updated_at, "
                            "internal_similarity_summary, embedding_windows, exact_keys, derived, "
                            "peaks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
             {run.job.trackId, record.value(QStringLiteral("fp_exact")).toString(),
              record.value(QStringLiteral("fp_robust")).toString(),
              record.value(QStringLiteral("embedding_music")).toString(), compact(run.external),
              now, compact(internal), ReferenceIndex::encodeWindows(f.embeddings),
              compact(record.value(QStringLiteral("exact_keys")).toObject()),
              compact(record.value(QStringLiteral("derived")).toObject()),
              QString::fromLatin1(f.peaks.serialize().toBase64())});
    if (!ins)
        return ins.error();
    return okStatus();
}

// In the caller's transaction: the similarity_check audit entry of this job.
Status IngestionWorker::auditChecks(const Tx &tx, const Run &run, const QString &outcome,
                                    const QString &now) const
{
    const CheckEvidence &ev = run.evidence;
    auto logged = AuditLog::append(
        tx, audit::kSimilarityCheck, QStringLiteral("system:") + m_workerId, run.job.trackId,
        QJsonObject{
            {QStringLiteral("job_id"), run.job.id},
            {QStringLiteral("kind"), run.job.kind},
            {QStringLiteral("checked_against_internal"), ev.checkedInternal},
            {QStringLiteral("checked_against_external_catalogs"), externalBrief(run.external)},
            {QStringLiteral("sources"), ev.sourcesJson()},
            {QStringLiteral("calibration_version"), ev.calibrationVersion},
            {QStringLiteral("internal_matches"), run.internalHits.size()},
            {QStringLiteral("flags"), QJsonArray::fromStringList(run.flags)},
            {QStringLiteral("outcome"), outcome}},
        now);
    if (!logged)
        return logged.error();
    return okStatus();
}

// In the caller's transaction: a first check moves the track by the decision (a re-check
// changes no state).
Status IngestionWorker::moveTrack(const Tx &tx, const Run &run, const ChecksDecision &decision,
                                  const QString &now) const
{
    if (run.job.kind != QLatin1String("ingest"))
        return okStatus();
    const QJsonObject details{{QStringLiteral("flags"), QJsonArray::fromStringList(run.flags)}};
    const auto apply = [&](SubmissionEvent event) -> Status {
        auto m = TrackStore::transition(tx, run.job.trackId, event, QStringLiteral("system"),
                                        decision.reason, now, TransitionNote{{}, details});
        return m ? okStatus() : Status(m.error());
    };
    if (decision.outcome == ChecksOutcome::AutoReject) {
        if (auto rejected = apply(SubmissionEvent::AutoRejected); !rejected)
            return rejected;
        // A strong external hit goes to the dispute queue admins see (issue 14).
        if (!run.flags.contains(flags::kExternalStrongHit))
            return okStatus();
        return DisputeQueue::open(tx, run.job.trackId, decision.reason, strongHits(run.external),
                                  now);
    }
    if (auto passed = apply(SubmissionEvent::ChecksPassed); !passed)
        return passed;
    if (decision.outcome == ChecksOutcome::AutoAccept)
        return apply(SubmissionEvent::Approved);
    return okStatus();
}

// In the caller's transaction: the track's flags (the checks' own ones replaced) and its
// decoded duration and tempo, through the track store.
Status IngestionWorker::recordAnalysis(const Tx &tx, const Run &run, const QString &now) const
{
    if (auto fl = TrackStore::replaceFlags(tx, run.job.trackId, kCheckFlags,
                                           TrackFlags::fromList(run.flags), now);
        !fl)
        return fl;
    const TrackFeatures &f = run.features;
    return TrackStore::recordAnalysis(
        tx, run.job.trackId, f.stats.decodedSec(),
        f.tempoBpm > 0 ? std::optional<double>(f.tempoBpm) : std::nullopt, now);
}

// --- WorkerPool ----------------------------------------------------------------------------

WorkerPool::WorkerPool(const IngestionWorker::Deps &deps, WorkNotifier &notifier, SourceSet sources,
                       int threads, int pollMs)
    : m_deps(deps), m_notifier(notifier), m_sources(std::move(sources)), m_count(threads),
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
            IngestionWorker worker(m_deps, m_sources, id);
            while (!m_stop.load()) {
                // Seen before claiming: a job queued while this claim finds nothing still wakes.
                const quint64 seen = m_notifier.generation();
                auto ran = worker.runOnce();
                if (!ran)
                    qWarning("worker %s: %s", qPrintable(id), qPrintable(ran.error().message));
                if (ran && ran.value())
                    continue;
                m_notifier.wait(seen, m_pollMs, m_stop);
            }
        }));
        m_threads.back()->setObjectName(QStringLiteral("ingest-") + QString::number(i));
        m_threads.back()->start();
    }
}

void WorkerPool::stop()
{
    m_stop.store(true);
    m_notifier.notify();
    for (auto &t : m_threads)
        t->wait();
    m_threads.clear();
}

} // namespace lemm::server
