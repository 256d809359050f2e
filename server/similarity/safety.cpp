#include "server/similarity/safety.h"

#include "server/base/json_util.h"
#include "server/base/multipart.h"
#include "server/services/job_budget.h"
#include "server/services/outbox.h"
#include "server/storage/audit_log.h"

#include "core/base/ids.h"
#include "core/base/json_fields.h"
#include "core/domain/contribution.h"
#include "core/domain/decisions.h"
#include "core/domain/prompt_moderation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryFile>

#include <algorithm>
#include <cmath>
#include <optional>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

bool isId(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"));
    return re.match(s).hasMatch();
}

// The meta part of POST /safety/check: {model_id, output_id, user_id, prompt?}; messages under
// "meta.<key>".
QJsonObject metaProblems(const QJsonObject &meta)
{
    FieldReader r(meta, QStringLiteral("meta"));
    for (const char *k : {"model_id", "output_id", "user_id"})
        if (!isId(r.value(QString::fromLatin1(k)).toString()))
            r.fail(QString::fromLatin1(k),
                   QStringLiteral("is required: 1-128 letters, digits or _.:@-"));
    const QJsonValue prompt = r.value(QStringLiteral("prompt"));
    if (!prompt.isUndefined() && (!prompt.isString() || prompt.toString().size() > 4000))
        r.fail(QStringLiteral("prompt"),
               QStringLiteral("must be a text of at most 4000 characters"));
    r.rejectUnknown();
    return r.errors();
}

const QStringList kRuleKinds{QStringLiteral("song"), QStringLiteral("artist"),
                             QStringLiteral("participating_artist")};

} // namespace

SafetyService::SafetyService(Vault &vault, ReferenceIndex &references, SourceSet sources,
                             Metrics &metrics)
    : m_vault(vault), m_pipeline(references, std::move(sources), metrics)
{
}

// --- POST /safety/check as stages: read -> decode -> check -> thresholds -> decide -> record --

namespace {

CheckPipeline::Request outputCheckRequest()
{
    CheckPipeline::Request r;
    r.use = ReferenceUse::OutputCheck; // revoked tracks kept for safety-only use count here
    return r;
}

// The validated request: the meta fields and the spooled audio part (owned until the check
// ends: the file is removed with its last owner).
struct OutputCheckRequest {
    QString outputId, modelId, userId, prompt;
    std::shared_ptr<QTemporaryFile> audio;
};

// The meta part as a JSON object; nullopt when it is not one.
std::optional<QJsonObject> parseMeta(const QByteArray &part)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(part, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

// Stage "read": the multipart body, the audio part spooled to a file under DATA/tmp while it
// is read in blocks.
Result<OutputCheckRequest> readCheckRequest(const ServerConfig &config,
                                            const QByteArray &contentType, const AudioBody &body)
{
    auto in = body.open();
    if (!in)
        return in.error();
    MultipartOptions options;
    options.fileParts = {QStringLiteral("audio")};
    options.spoolDir = spoolDirectory(config);
    options.maxMemoryPartBytes = config.maxJsonBytes;
    auto parts = parseMultipart(contentType, *in.value(), options);
    if (!parts)
        return parts.error();
    QJsonObject errors;
    if (!parts->contains(QStringLiteral("audio")) ||
        parts->value(QStringLiteral("audio")).size == 0)
        errors.insert(QStringLiteral("audio"), QStringLiteral("is required: the generated audio"));
    const std::optional<QJsonObject> parsed = parseMeta(parts->value(QStringLiteral("meta")).data);
    const QJsonObject meta = parsed.value_or(QJsonObject{});
    if (!parsed)
        errors.insert(QStringLiteral("meta"),
                      QStringLiteral("is required: a JSON object {model_id, output_id, user_id, "
                                     "prompt}"));
    const QJsonObject bad = parsed ? metaProblems(meta) : QJsonObject{};
    for (auto it = bad.begin(); it != bad.end(); ++it)
        errors.insert(it.key(), it.value());
    if (!errors.isEmpty())
        return invalid(errors, QStringLiteral("the safety check has invalid fields"));
    return OutputCheckRequest{meta.value(QStringLiteral("output_id")).toString(),
                              meta.value(QStringLiteral("model_id")).toString(),
                              meta.value(QStringLiteral("user_id")).toString(),
                              meta.value(QStringLiteral("prompt")).toString(QStringLiteral("")),
                              parts->value(QStringLiteral("audio")).file};
}

// Stage "decode": every feature, bounded like an ingestion job: the decode stops past the
// policy's maximum duration (or what the memory budget holds) and at the CPU budget of this
// request's thread. Nothing of the spool file is held in memory but the decoder's blocks.
Result<TrackFeatures> decodeOutput(QTemporaryFile &audio, const Policy &p,
                                   const ServerConfig &config)
{
    auto budget = jobBudget(p, config, 0);
    if (!budget)
        return budget.error();
    const CpuBudget cpu(budget->cpuSeconds);
    auto features = extractFeatures(&audio, budget->limits(&cpu));
    if (!features) // not audio, corrupt, too long, over budget: 4xx with the decoder's message
        return budget->explain(features.error());
    return features;
}

// Stage "thresholds": the policy's, or the stricter ones a moderated prompt set for this output.
struct OutputThresholds {
    double warnMin = 0, blockMin = 0;
    QString source; // "policy" | "stricter:CATEGORY"

    QJsonObject toJson() const
    {
        return {{QStringLiteral("warn_min"), warnMin},
                {QStringLiteral("block_min"), blockMin},
                {QStringLiteral("source"), source}};
    }
};

Result<OutputThresholds> thresholdsFor(const Database &db, const QString &outputId, const Policy &p)
{
    OutputThresholds t{p.outputWarnMin, p.outputBlockMin, QStringLiteral("policy")};
    auto ov = db.query(QStringLiteral("SELECT warn_min, block_min, category FROM "
                                      "output_overrides WHERE output_id = ?"),
                       {outputId});
    if (!ov)
        return ov.error();
    if (ov.value().next()) {
        t.warnMin = ov.value().value(0).toDouble();
        t.blockMin = ov.value().value(1).toDouble();
        t.source = QStringLiteral("stricter:") + ov.value().value(2).toString();
    }
    ov.value().finish();
    return t;
}

// Stage "decide": the evidence as matches and the verdict under the thresholds.
struct OutputCheckOutcome {
    QJsonArray matches;          // every scored match (vault and external), never audio
    QJsonObject checkedExternal; // name -> answered (configured sources only)
    OutputEvidence evidence;
    OutputVerdict verdict;
    OutputThresholds thresholds;
    int checkedInternal = 0;
    QJsonObject sources, sourceErrors;
    QString calibrationVersion;

    // What the answer shows: the matched references for warn/block/unverified only.
    QJsonArray shownMatches() const
    {
        return verdict.decision == OutputDecision::Allow ? QJsonArray() : matches;
    }
    QJsonArray matchedIds() const
    {
        QJsonArray ids;
        for (const QJsonValue &m : matches)
            ids.append(m.toObject().contains(QStringLiteral("track_id"))
                           ? m.toObject().value(QStringLiteral("track_id"))
                           : m.toObject().value(QStringLiteral("reference_id")));
        return ids;
    }
};

OutputCheckOutcome decideOutput(const CheckEvidence &ev, const OutputThresholds &thresholds,
                                const Policy &p)
{
    OutputCheckOutcome o;
    for (const ReferenceHit &h : ev.internal) {
        if (internalScore(h) <= 0)
            continue;
        QJsonObject m = internalHitJson(h, ev.querySec);
        m.insert(QStringLiteral("source"), QStringLiteral("vault"));
        o.matches.append(m);
    }
    for (const SourceEvidence &source : ev.sources) {
        if (source.status == SourceStatus::NotConfigured)
            continue;
        o.checkedExternal.insert(source.name, source.status == SourceStatus::Answered);
        for (const ExternalHit &h : source.hits) {
            QJsonObject m = h.toJson();
            m.insert(QStringLiteral("source"), source.name);
            m.insert(QStringLiteral("score"), round3(h.matchConfidence));
            o.matches.append(m);
        }
    }
    o.evidence = ev.outputEvidence();
    o.verdict = outputVerdict(o.evidence, thresholds.warnMin, thresholds.blockMin, p);
    o.thresholds = thresholds;
    o.checkedInternal = ev.checkedInternal;
    o.sources = ev.sourcesJson();
    o.sourceErrors = ev.sourceErrorsJson();
    o.calibrationVersion = ev.calibrationVersion;
    return o;
}

// Stage "record", in the caller's transaction: the output_checks row and its audit entry.
Status insertOutputCheck(const Tx &tx, const QString &checkId, const Account &who,
                         const OutputCheckRequest &r, const OutputCheckOutcome &o,
                         const QString &now)
{
    auto ins =
        exec(tx,
             QStringLiteral("INSERT INTO output_checks (check_id, output_id, model_id, "
                            "user_id, prompt, decision, sim_internal_max, "
                            "sim_external_max, matches, thresholds, checked_by, "
                            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
             {checkId, r.outputId, r.modelId, r.userId, r.prompt, toString(o.verdict.decision),
              round3(o.evidence.internalMax), round3(o.evidence.externalMax), compact(o.matches),
              compact(o.thresholds.toJson()), who.id, now});
    if (!ins)
        return ins.error();
    auto logged = AuditLog::append(
        tx, audit::kOutputSimilarityCheck, who.id, r.outputId,
        QJsonObject{{QStringLiteral("check_id"), checkId},
                    {QStringLiteral("output_id"), r.outputId},
                    {QStringLiteral("model_id"), r.modelId},
                    {QStringLiteral("user_id"), r.userId},
                    {QStringLiteral("decision"), toString(o.verdict.decision)},
                    {QStringLiteral("sim_internal_max"), round3(o.evidence.internalMax)},
                    {QStringLiteral("sim_external_max"), round3(o.evidence.externalMax)},
                    {QStringLiteral("checked_against_internal"), o.checkedInternal},
                    {QStringLiteral("checked_against_external_catalogs"), o.checkedExternal},
                    {QStringLiteral("sources"), o.sources},
                    {QStringLiteral("source_errors"), o.sourceErrors},
                    {QStringLiteral("calibration_version"), o.calibrationVersion},
                    {QStringLiteral("action"), toString(o.verdict.action)},
                    {QStringLiteral("matched"), o.matchedIds()},
                    {QStringLiteral("thresholds"), o.thresholds.toJson()}},
        now);
    if (!logged)
        return logged.error();
    return okStatus();
}

// Stage "record", in the caller's transaction: an alert (and its outbox event) for `subject`
// when its warn/block checks within the window reached the policy's count. An open alert of
// the same subject and pattern last seen within alert_dedup_window_hours is updated instead
// (hits + 1, last check, last_seen_at) and no event is written. Returns the new alert's event,
// or an empty object when none was opened.
struct AlertSubject {
    QString kind;   // "user" | "model"
    QString column; // output_checks column
    QString id;
};

const QString kRepeatedHits = QStringLiteral("repeated_hits");

// The open alert of `subject` seen within the de-dup window, updated; false when none.
Result<bool> updateOpenAlert(const Tx &tx, const AlertSubject &subject, const QString &checkId,
                             const Policy &p, const QDateTime &nowT)
{
    auto u = exec(tx,
                  QStringLiteral("UPDATE safety_alerts SET hits = hits + 1, last_check_id = ?, "
                                 "last_seen_at = ? WHERE subject_kind = ? AND subject_id = ? AND "
                                 "pattern = ? AND state = 'open' AND last_seen_at >= ?"),
                  {checkId, toIso(nowT), subject.kind, subject.id, kRepeatedHits,
                   toIso(nowT.addSecs(-3600ll * p.alertDedupWindowHours))});
    if (!u)
        return u.error();
    return u.value().numRowsAffected() > 0;
}

Result<QJsonObject> raiseAlertIfRepeated(const Tx &tx, const AlertSubject &subject,
                                         const QString &checkId, const Policy &p,
                                         const QDateTime &nowT)
{
    const QString now = toIso(nowT);
    auto n = exec(tx,
                  QStringLiteral("SELECT COUNT(*) FROM output_checks WHERE %1 = ? AND decision "
                                 "IN ('warn', 'block') AND created_at >= ?")
                      .arg(subject.column),
                  {subject.id, toIso(nowT.addSecs(-p.alertWindowSec))});
    if (!n)
        return n.error();
    n.value().next();
    const qint64 hits = n.value().value(0).toLongLong();
    n.value().finish();
    if (hits < p.alertHits)
        return QJsonObject{};
    auto repeat = updateOpenAlert(tx, subject, checkId, p, nowT);
    if (!repeat)
        return repeat.error();
    if (repeat.value())
        return QJsonObject{};
    const QString alertId = newId(QStringLiteral("alert"));
    auto a = exec(tx,
                  QStringLiteral("INSERT INTO safety_alerts (alert_id, subject_kind, subject_id, "
                                 "hits, window_sec, last_check_id, created_at, pattern, state, "
                                 "last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)"),
                  {alertId, subject.kind, subject.id, hits, p.alertWindowSec, checkId, now,
                   kRepeatedHits, now});
    if (!a)
        return a.error();
    const QJsonObject event{{QStringLiteral("alert_id"), alertId},
                            {QStringLiteral("subject_kind"), subject.kind},
                            {QStringLiteral("subject_id"), subject.id},
                            {QStringLiteral("pattern"), kRepeatedHits},
                            {QStringLiteral("hits"), hits},
                            {QStringLiteral("window_sec"), p.alertWindowSec}};
    auto o = Outbox::enqueue(tx, QStringLiteral("safety.repeated_hits"), subject.id, event, now);
    if (!o)
        return o.error();
    return event;
}

// The answer of POST /safety/check.
QJsonObject outputCheckJson(const QString &checkId, const OutputCheckRequest &r,
                            const OutputCheckOutcome &o, const QJsonArray &alerts)
{
    QJsonObject out{{QStringLiteral("check_id"), checkId},
                    {QStringLiteral("output_id"), r.outputId},
                    {QStringLiteral("decision"), toString(o.verdict.decision)},
                    {QStringLiteral("sim_internal_max"), round3(o.evidence.internalMax)},
                    {QStringLiteral("sim_external_max"), round3(o.evidence.externalMax)},
                    {QStringLiteral("matches"), o.shownMatches()},
                    {QStringLiteral("message"), o.verdict.message},
                    {QStringLiteral("action"), toString(o.verdict.action)},
                    {QStringLiteral("thresholds"), o.thresholds.toJson()},
                    {QStringLiteral("checked_against_internal"), o.checkedInternal},
                    {QStringLiteral("checked_against_external_catalogs"), o.checkedExternal},
                    {QStringLiteral("sources"), o.sources},
                    {QStringLiteral("calibration_version"), o.calibrationVersion}};
    if (!o.sourceErrors.isEmpty())
        out.insert(QStringLiteral("source_errors"), o.sourceErrors);
    if (!alerts.isEmpty())
        out.insert(QStringLiteral("alerts"), alerts);
    return out;
}

// Stage "record": the check, its audit entry and any alerts in one transaction; the answer.
Result<QJsonObject> recordOutputCheck(Vault &vault, const Account &who, const OutputCheckRequest &r,
                                      const OutputCheckOutcome &o, const Policy &p)
{
    const QString checkId = newId(QStringLiteral("chk"));
    const QDateTime nowT = vault.now();
    return vault.transact([&](const Tx &tx) -> Result<QJsonObject> {
        if (auto s = insertOutputCheck(tx, checkId, who, r, o, toIso(nowT)); !s)
            return s.error();
        // Repeated hits by one user or one model within the window raise an alert.
        QJsonArray alerts;
        const OutputDecision d = o.verdict.decision;
        if (d == OutputDecision::Warn || d == OutputDecision::Block) {
            for (const AlertSubject &subject :
                 {AlertSubject{QStringLiteral("user"), QStringLiteral("user_id"), r.userId},
                  AlertSubject{QStringLiteral("model"), QStringLiteral("model_id"), r.modelId}}) {
                auto alert = raiseAlertIfRepeated(tx, subject, checkId, p, nowT);
                if (!alert)
                    return alert.error();
                if (!alert->isEmpty())
                    alerts.append(alert.value());
            }
        }
        return outputCheckJson(checkId, r, o, alerts);
    });
}

} // namespace

Result<QJsonObject> SafetyService::check(const Account &who, const QByteArray &contentType,
                                         const AudioBody &body)
{
    auto request = readCheckRequest(m_vault.config(), contentType, body);
    if (!request)
        return request.error();
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto features = decodeOutput(*request->audio, policy.value(), m_vault.config());
    if (!features)
        return features.error();
    // The one check pipeline: the vault, then every external source.
    auto evidence = m_pipeline.run(features.value(), outputCheckRequest());
    if (!evidence)
        return evidence.error();
    auto thresholds = thresholdsFor(m_vault.db(), request->outputId, policy.value());
    if (!thresholds)
        return thresholds.error();
    const OutputCheckOutcome outcome =
        decideOutput(evidence.value(), thresholds.value(), policy.value());
    return recordOutputCheck(m_vault, who, request.value(), outcome, policy.value());
}

Result<PromptRequest> parsePromptRequest(const QJsonObject &body)
{
    FieldReader r(body);
    const QJsonValue prompt = r.value(QStringLiteral("prompt"));
    if (!prompt.isString() || prompt.toString().size() > 4000)
        r.fail(QStringLiteral("prompt"),
               QStringLiteral("is required: a text of at most 4000 characters"));
    const QJsonValue output = r.value(QStringLiteral("output_id"));
    if (!output.isUndefined() && !isId(output.toString()))
        r.fail(QStringLiteral("output_id"),
               QStringLiteral("must be 1-128 letters, digits or _.:@-"));
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the prompt request has invalid fields")); !ok)
        return ok.error();
    return PromptRequest{prompt.toString(), output.toString()};
}

Result<QJsonObject> SafetyService::classifyPrompt(const PromptRequest &request)
{
    const QString &prompt = request.prompt;
    const QString &outputId = request.outputId;
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto q = m_vault.db().query(QStringLiteral("SELECT kind, phrase FROM moderation_rules"));
    if (!q)
        return q.error();
    QList<PromptRule> rules;
    while (q.value().next())
        rules << PromptRule{q.value().value(0).toString(), q.value().value(1).toString()};
    const PromptVerdict v = core::classifyPrompt(prompt, rules);
    QString action = QStringLiteral("accept");
    if (v.category == QLatin1String("explicit_song_reference"))
        action = policy->promptSongAction;
    else if (v.category == QLatin1String("named_artist"))
        action = policy->promptArtistAction;
    QJsonArray spans;
    for (const PromptSpan &s : v.spans)
        spans.append(QJsonObject{{QStringLiteral("start"), s.start},
                                 {QStringLiteral("length"), s.length},
                                 {QStringLiteral("kind"), s.kind},
                                 {QStringLiteral("text"), prompt.mid(s.start, s.length)}});
    QJsonObject out{{QStringLiteral("category"), v.category},
                    {QStringLiteral("spans"), spans},
                    {QStringLiteral("action"), action}};
    const QString now = m_vault.nowIso();
    if (action == QLatin1String("stricter")) {
        out.insert(QStringLiteral("thresholds"),
                   QJsonObject{{QStringLiteral("warn_min"), policy->stricterWarnMin},
                               {QStringLiteral("block_min"), policy->stricterBlockMin}});
    }
    if (action != QLatin1String("accept")) {
        auto done = m_vault.transact([&](const Tx &tx) -> Status {
            if (action == QLatin1String("stricter") && !outputId.isEmpty()) {
                auto del =
                    exec(tx, QStringLiteral("DELETE FROM output_overrides WHERE output_id = ?"),
                         {outputId});
                if (!del)
                    return del.error();
                auto ins = exec(
                    tx,
                    QStringLiteral("INSERT INTO output_overrides (output_id, category, "
                                   "warn_min, block_min, created_at) VALUES (?, ?, ?, ?, "
                                   "?)"),
                    {outputId, v.category, policy->stricterWarnMin, policy->stricterBlockMin, now});
                if (!ins)
                    return ins.error();
            }
            auto logged = AuditLog::append(tx, audit::kPromptModeration, QStringLiteral("system"),
                                           outputId.isEmpty() ? QStringLiteral("prompt") : outputId,
                                           QJsonObject{{QStringLiteral("category"), v.category},
                                                       {QStringLiteral("action"), action},
                                                       {QStringLiteral("spans"), spans}},
                                           now);
            if (!logged)
                return logged.error();
            return okStatus();
        });
        if (!done)
            return done.error();
    }
    return out;
}

Result<RuleRequest> parseRuleRequest(const QJsonObject &body)
{
    FieldReader r(body);
    RuleRequest rule;
    rule.kind = r.value(QStringLiteral("kind")).toString();
    if (!kRuleKinds.contains(rule.kind))
        r.fail(QStringLiteral("kind"),
               QStringLiteral("must be one of: %1").arg(kRuleKinds.join(QStringLiteral(", "))));
    const QJsonValue phrase = r.value(QStringLiteral("phrase"));
    if (!phrase.isString() || foldForMatching(phrase.toString()).isEmpty() ||
        phrase.toString().size() > 200)
        r.fail(QStringLiteral("phrase"),
               QStringLiteral("is required: 1-200 characters with a letter or digit"));
    rule.phrase = phrase.toString();
    const QJsonValue note = r.value(QStringLiteral("note"));
    if (!note.isUndefined() && (!note.isString() || !checkText(note.toString(), 1000).isEmpty()))
        r.fail(QStringLiteral("note"), QStringLiteral("must be a short text"));
    rule.note = note.toString();
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the rule has invalid fields")); !ok)
        return ok.error();
    return rule;
}

Result<QJsonObject> SafetyService::addRule(const Account &admin, const RuleRequest &rule)
{
    const QString &kind = rule.kind;
    const QString phrase = rule.phrase.trimmed();
    const QString id = newId(QStringLiteral("rule"));
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Status {
        auto dup =
            exec(tx, QStringLiteral("SELECT 1 FROM moderation_rules WHERE kind = ? AND phrase = ?"),
                 {kind, phrase});
        if (!dup)
            return dup.error();
        if (dup.value().next())
            return Error::make(ErrorKind::Conflict, QStringLiteral("rule_exists"),
                               QStringLiteral("this rule exists"));
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO moderation_rules (rule_id, kind, phrase, note, "
                                       "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)"),
                        {id, kind, phrase, rule.note, admin.id, now});
        if (!ins)
            return ins.error();
        auto logged = AuditLog::append(
            tx, audit::kPolicyChange, admin.id, id,
            QJsonObject{{QStringLiteral("change"), QStringLiteral("moderation_rule_added")},
                        {QStringLiteral("kind"), kind},
                        {QStringLiteral("phrase"), rule.phrase}},
            now);
        if (!logged)
            return logged.error();
        return okStatus();
    });
    if (!done)
        return done.error();
    return QJsonObject{{QStringLiteral("rule_id"), id},
                       {QStringLiteral("kind"), kind},
                       {QStringLiteral("phrase"), phrase}};
}

Result<QJsonObject> SafetyService::listRules() const
{
    auto q = m_vault.db().query(QStringLiteral("SELECT rule_id, kind, phrase, note, created_at "
                                               "FROM moderation_rules ORDER BY kind, phrase"));
    if (!q)
        return q.error();
    QJsonArray out;
    while (q.value().next())
        out.append(QJsonObject{{QStringLiteral("rule_id"), q.value().value(0).toString()},
                               {QStringLiteral("kind"), q.value().value(1).toString()},
                               {QStringLiteral("phrase"), q.value().value(2).toString()},
                               {QStringLiteral("note"), q.value().value(3).toString()},
                               {QStringLiteral("created_at"), q.value().value(4).toString()}});
    return QJsonObject{{QStringLiteral("rules"), out}};
}

Result<QJsonObject> SafetyService::listAlerts() const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT alert_id, subject_kind, subject_id, hits, window_sec, "
                       "last_check_id, created_at, pattern, state, last_seen_at, "
                       "acknowledged_by, acknowledged_at FROM safety_alerts ORDER BY created_at "
                       "DESC LIMIT 500"));
    if (!q)
        return q.error();
    QJsonArray out;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        QJsonObject alert{{QStringLiteral("alert_id"), r.value(0).toString()},
                          {QStringLiteral("subject_kind"), r.value(1).toString()},
                          {QStringLiteral("subject_id"), r.value(2).toString()},
                          {QStringLiteral("hits"), r.value(3).toLongLong()},
                          {QStringLiteral("window_sec"), r.value(4).toLongLong()},
                          {QStringLiteral("last_check_id"), r.value(5).toString()},
                          {QStringLiteral("created_at"), r.value(6).toString()},
                          {QStringLiteral("pattern"), r.value(7).toString()},
                          {QStringLiteral("state"), r.value(8).toString()},
                          {QStringLiteral("last_seen_at"), r.value(9).toString()}};
        if (!r.value(10).isNull()) {
            alert.insert(QStringLiteral("acknowledged_by"), r.value(10).toString());
            alert.insert(QStringLiteral("acknowledged_at"), r.value(11).toString());
        }
        out.append(alert);
    }
    return QJsonObject{{QStringLiteral("alerts"), out}};
}

Result<QJsonObject> SafetyService::acknowledgeAlert(const Account &admin, const QString &alertId)
{
    const QString now = m_vault.nowIso();
    auto u = m_vault.db().query(
        QStringLiteral("UPDATE safety_alerts SET state = 'acknowledged', acknowledged_by = ?, "
                       "acknowledged_at = ? WHERE alert_id = ? AND state = 'open'"),
        {admin.id, now, alertId});
    if (!u)
        return u.error();
    const bool changed = u.value().numRowsAffected() == 1;
    u.value().finish();
    auto q = m_vault.db().query(
        QStringLiteral("SELECT state, acknowledged_by, acknowledged_at FROM safety_alerts WHERE "
                       "alert_id = ?"),
        {alertId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::make(ErrorKind::NotFound, QStringLiteral("alert_not_found"),
                           QStringLiteral("no such alert"));
    if (!changed)
        return Error::make(
            ErrorKind::Conflict, QStringLiteral("alert_not_open"),
            QStringLiteral("the alert is already '%1'").arg(q.value().value(0).toString()));
    return QJsonObject{{QStringLiteral("alert_id"), alertId},
                       {QStringLiteral("state"), q.value().value(0).toString()},
                       {QStringLiteral("acknowledged_by"), q.value().value(1).toString()},
                       {QStringLiteral("acknowledged_at"), q.value().value(2).toString()}};
}

Result<LicenseRequest> parseLicenseRequest(const QJsonObject &body)
{
    FieldReader r(body);
    LicenseRequest l;
    l.asGiven = body;
    l.version = r.value(QStringLiteral("version")).toString();
    if (!isId(l.version))
        r.fail(QStringLiteral("version"), QStringLiteral("is required, e.g. 2026-11-v1"));
    const QJsonValue summary = r.value(QStringLiteral("summary"));
    if (!summary.isString() || !checkText(summary.toString(), 5000).isEmpty())
        r.fail(QStringLiteral("summary"), QStringLiteral("is required (plain words)"));
    l.summary = summary.toString();
    l.termsUrl = r.value(QStringLiteral("terms_url")).toString();
    if (!l.termsUrl.startsWith(QLatin1String("https://")) &&
        !l.termsUrl.startsWith(QLatin1String("http://")))
        r.fail(QStringLiteral("terms_url"),
               QStringLiteral("is required: where the full terms are published"));
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the licence has invalid fields")); !ok)
        return ok.error();
    return l;
}

Result<QJsonObject> SafetyService::createLicense(const Account &admin,
                                                 const LicenseRequest &license)
{
    const QString &version = license.version;
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Status {
        auto dup =
            exec(tx, QStringLiteral("SELECT 1 FROM license_versions WHERE version = ?"), {version});
        if (!dup)
            return dup.error();
        if (dup.value().next())
            return Error::make(ErrorKind::Conflict, QStringLiteral("license_exists"),
                               QStringLiteral("licence version '%1' exists").arg(version));
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO license_versions (version, summary, terms_url, "
                                       "created_by, created_at) VALUES (?, ?, ?, ?, ?)"),
                        {version, license.summary, license.termsUrl, admin.id, now});
        if (!ins)
            return ins.error();
        auto logged = AuditLog::append(
            tx, audit::kPolicyChange, admin.id, version,
            QJsonObject{{QStringLiteral("change"), QStringLiteral("output_license")},
                        {QStringLiteral("new"), license.asGiven}},
            now);
        if (!logged)
            return logged.error();
        return okStatus();
    });
    if (!done)
        return done.error();
    return currentLicense();
}

Result<QJsonObject> SafetyService::currentLicense() const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT version, summary, terms_url, created_at FROM license_versions "
                       "ORDER BY created_at DESC, version DESC LIMIT 1"));
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::make(ErrorKind::NotFound, QStringLiteral("no_license"),
                           QStringLiteral("no output licence has been published yet"));
    return QJsonObject{{QStringLiteral("version"), q.value().value(0).toString()},
                       {QStringLiteral("summary"), q.value().value(1).toString()},
                       {QStringLiteral("terms_url"), q.value().value(2).toString()},
                       {QStringLiteral("published_at"), q.value().value(3).toString()}};
}

Result<QString> parseLicenseAcceptance(const QJsonObject &body)
{
    FieldReader r(body);
    const QString userId = r.value(QStringLiteral("user_id")).toString();
    if (!isId(userId))
        r.fail(QStringLiteral("user_id"),
               QStringLiteral("is required: the platform's id of the end user"));
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the acceptance has invalid fields")); !ok)
        return ok.error();
    return userId;
}

Result<QJsonObject> SafetyService::acceptLicense(const Account &platform, const QString &version,
                                                 const QString &userId)
{
    auto current = currentLicense();
    if (!current)
        return current.error();
    if (current->value(QStringLiteral("version")).toString() != version)
        return Error::make(ErrorKind::Conflict, QStringLiteral("license_outdated"),
                           QStringLiteral("only the current licence (%1) can be accepted")
                               .arg(current->value(QStringLiteral("version")).toString()));
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Status {
        auto dup = exec(tx,
                        QStringLiteral("SELECT 1 FROM license_acceptances WHERE user_id = ? AND "
                                       "version = ?"),
                        {userId, version});
        if (!dup)
            return dup.error();
        if (dup.value().next())
            return okStatus(); // accepting again changes nothing
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO license_acceptances (user_id, version, "
                                       "platform_account, accepted_at) VALUES (?, ?, ?, ?)"),
                        {userId, version, platform.id, now});
        if (!ins)
            return ins.error();
        return okStatus();
    });
    if (!done)
        return done.error();
    return QJsonObject{{QStringLiteral("user_id"), userId},
                       {QStringLiteral("version"), version},
                       {QStringLiteral("accepted"), true}};
}

Result<ExportRequest> parseExportRequest(const QJsonObject &body)
{
    FieldReader r(body);
    ExportRequest e{r.value(QStringLiteral("output_id")).toString(),
                    r.value(QStringLiteral("user_id")).toString()};
    if (!isId(e.outputId))
        r.fail(QStringLiteral("output_id"), QStringLiteral("is required"));
    if (!isId(e.userId))
        r.fail(QStringLiteral("user_id"), QStringLiteral("is required"));
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the export has invalid fields")); !ok)
        return ok.error();
    return e;
}

Result<QJsonObject> SafetyService::exportOutput(const Account &platform,
                                                const ExportRequest &request)
{
    const QString &outputId = request.outputId;
    const QString &userId = request.userId;
    auto current = currentLicense();
    if (!current)
        return current.error();
    const QString version = current->value(QStringLiteral("version")).toString();
    const QString now = m_vault.nowIso();
    const QString exportId = newId(QStringLiteral("exp"));
    return m_vault.transact([&](const Tx &tx) -> Result<QJsonObject> {
        auto c =
            exec(tx,
                 QStringLiteral("SELECT check_id, decision, model_id FROM output_checks WHERE "
                                "output_id = ? ORDER BY created_at DESC, check_id DESC LIMIT 1"),
                 {outputId});
        if (!c)
            return c.error();
        if (!c.value().next())
            return Error::make(ErrorKind::Conflict, QStringLiteral("output_not_checked"),
                               QStringLiteral("this output has no safety check; check it first"));
        const QString checkId = c.value().value(0).toString();
        const QString modelId = c.value().value(2).toString();
        if (c.value().value(1).toString() == QLatin1String("block"))
            return Error::make(ErrorKind::Conflict, QStringLiteral("output_blocked"),
                               QStringLiteral("this output was blocked as too similar to existing "
                                              "music; it cannot be exported"));
        if (c.value().value(1).toString() == toString(OutputDecision::Unverified))
            return Error::make(ErrorKind::Conflict, QStringLiteral("output_unverified"),
                               QStringLiteral("the latest check of this output could not reach "
                                              "every configured external catalog (check %1); "
                                              "check it again before exporting")
                                   .arg(c.value().value(0).toString()));
        auto a = exec(tx,
                      QStringLiteral("SELECT 1 FROM license_acceptances WHERE user_id = ? AND "
                                     "version = ?"),
                      {userId, version});
        if (!a)
            return a.error();
        if (!a.value().next())
            return Error::make(ErrorKind::Conflict, QStringLiteral("license_not_accepted"),
                               QStringLiteral("the user has not accepted the current output "
                                              "licence (%1)")
                                   .arg(version));
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO exports (export_id, output_id, user_id, "
                                       "model_id, license_version, check_id, platform_account, "
                                       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                        {exportId, outputId, userId, modelId, version, checkId, platform.id, now});
        if (!ins)
            return ins.error();
        const QJsonObject record{{QStringLiteral("export_id"), exportId},
                                 {QStringLiteral("output_id"), outputId},
                                 {QStringLiteral("user_id"), userId},
                                 {QStringLiteral("model_id"), modelId},
                                 {QStringLiteral("license_version_accepted"), version},
                                 {QStringLiteral("check_id"), checkId}};
        auto logged =
            AuditLog::append(tx, audit::kOutputExport, platform.id, outputId, record, now);
        if (!logged)
            return logged.error();
        return record;
    });
}

} // namespace lemm::server
