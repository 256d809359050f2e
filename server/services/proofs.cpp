#include "server/services/proofs.h"

#include "server/storage/audit_log.h"

#include "core/base/ids.h"
#include "core/crypto/audit_chain.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace lemm::server {

using namespace lemm::core;

namespace {

QJsonObject entryJson(const QSqlQuery &q)
{
    return QJsonObject{{QStringLiteral("seq"), q.value(0).toLongLong()},
                       {QStringLiteral("at"), q.value(1).toString()},
                       {QStringLiteral("event_type"), q.value(2).toString()},
                       {QStringLiteral("actor"), q.value(3).toString()},
                       {QStringLiteral("subject"), q.value(4).toString()},
                       {QStringLiteral("payload"), q.value(5).toString()},
                       {QStringLiteral("prev_hash"), q.value(6).toString()},
                       {QStringLiteral("hash"), q.value(7).toString()}};
}

Result<QJsonArray> entries(const Database &db, const QString &eventType,
                           const QStringList &subjects)
{
    QJsonArray out;
    for (const QString &subject : subjects) {
        auto q = db.query(QStringLiteral("SELECT seq, at, event_type, actor, subject, payload, "
                                         "prev_hash, hash FROM audit_log WHERE event_type = ? AND "
                                         "subject = ? ORDER BY seq"),
                          {eventType, subject});
        if (!q)
            return q.error();
        while (q.value().next())
            out.append(entryJson(q.value()));
    }
    return out;
}

Result<QJsonObject> head(const Database &db)
{
    auto q = db.query(QStringLiteral("SELECT seq, hash FROM audit_head WHERE id = 1"));
    if (!q)
        return q.error();
    q.value().next();
    return QJsonObject{{QStringLiteral("seq"), q.value().value(0).toLongLong()},
                       {QStringLiteral("hash"), q.value().value(1).toString()}};
}

QJsonValue parsed(const QString &text)
{
    const QJsonDocument d = QJsonDocument::fromJson(text.toUtf8());
    return d.isArray() ? QJsonValue(d.array()) : QJsonValue(d.object());
}

const QString kHowToCheck = QStringLiteral(
    "Recompute each audit entry's hash: BLAKE2b-256 over \"lemm-audit-v1\" followed by prev_hash, "
    "seq, at, event_type, actor, subject and payload, each as a big-endian u32 byte length and "
    "its UTF-8 bytes; compare with 'hash'. Then check the vault's chain holds these entries "
    "unchanged: `lemm-vault-server verify-audit` and `lemm-vault-server proof check FILE`.");

} // namespace

namespace {

// The model's registry entry.
Result<QJsonObject> modelEntry(const Database &db, const QString &modelId)
{
    auto m = db.query(QStringLiteral("SELECT name, model_type, created_at FROM models WHERE "
                                     "model_id = ?"),
                      {modelId});
    if (!m)
        return m.error();
    if (!m.value().next())
        return Error::make(ErrorKind::NotFound, QStringLiteral("model_not_found"),
                           QStringLiteral("no model '%1' in the registry").arg(modelId));
    return QJsonObject{{QStringLiteral("model_id"), modelId},
                       {QStringLiteral("name"), m.value().value(0).toString()},
                       {QStringLiteral("model_type"), m.value().value(1).toString()},
                       {QStringLiteral("created_at"), m.value().value(2).toString()}};
}

// A model's training runs, in order, with the ids of the runs and the packs they used.
struct ModelRuns {
    QJsonArray runs;
    QStringList runIds;
    QStringList packNames; // sorted
};

QJsonObject runJson(const QSqlQuery &x, const QJsonArray &packs)
{
    return QJsonObject{{QStringLiteral("run_id"), x.value(0).toString()},
                       {QStringLiteral("timestamp_start"), x.value(1).toString()},
                       {QStringLiteral("timestamp_end"), x.value(2).toString()},
                       {QStringLiteral("packs"), packs},
                       {QStringLiteral("config_hash"), x.value(4).toString()},
                       {QStringLiteral("clean"), x.value(5).toInt() != 0},
                       {QStringLiteral("status"), x.value(6).toString()},
                       {QStringLiteral("resolved_hash"), x.value(7).toString()},
                       {QStringLiteral("track_count"), x.value(8).toInt()}};
}

// Each run's track_ids, in the order the run used them.
Status addRunTracks(const Database &db, ModelRuns &out)
{
    for (int i = 0; i < out.runs.size(); ++i) {
        auto t = db.query(QStringLiteral("SELECT track_id FROM training_run_tracks WHERE run_id "
                                         "= ? ORDER BY seq"),
                          {out.runIds.at(i)});
        if (!t)
            return t.error();
        QJsonArray ids;
        while (t.value().next())
            ids.append(t.value().value(0).toString());
        QJsonObject run = out.runs.at(i).toObject();
        run.insert(QStringLiteral("track_ids"), ids);
        out.runs.replace(i, run);
    }
    return okStatus();
}

Result<ModelRuns> modelRuns(const Database &db, const QString &modelId)
{
    auto r = db.query(QStringLiteral("SELECT run_id, timestamp_start, timestamp_end, data_packs, "
                                     "config_hash, clean, status, resolved_hash, track_count "
                                     "FROM model_training_runs WHERE model_id = ? ORDER BY "
                                     "timestamp_start, run_id"),
                      {modelId});
    if (!r)
        return r.error();
    ModelRuns out;
    while (r.value().next()) {
        const QSqlQuery &x = r.value();
        const QJsonArray packs = parsed(x.value(3).toString()).toArray();
        for (const QJsonValue &p : packs)
            if (!out.packNames.contains(p.toString()))
                out.packNames << p.toString();
        out.runIds << x.value(0).toString();
        out.runs.append(runJson(x, packs));
    }
    if (auto tracks = addRunTracks(db, out); !tracks)
        return tracks.error();
    out.packNames.sort();
    return out;
}

// The registry entries of the named packs (names not in the registry are left out).
struct ProofPacks {
    QJsonArray packs;
    QStringList packIds;
};

Result<ProofPacks> proofPacks(const Database &db, const QStringList &packNames)
{
    ProofPacks out;
    for (const QString &name : packNames) {
        auto p = db.query(QStringLiteral("SELECT pack_id, allowed_uses, clean_compatible, kind, "
                                         "license, manifest_hash, filter FROM data_packs WHERE "
                                         "name = ?"),
                          {name});
        if (!p)
            return p.error();
        if (!p.value().next())
            continue;
        out.packIds << p.value().value(0).toString();
        out.packs.append(
            QJsonObject{{QStringLiteral("name"), name},
                        {QStringLiteral("pack_id"), p.value().value(0).toString()},
                        {QStringLiteral("allowed_uses"), parsed(p.value().value(1).toString())},
                        {QStringLiteral("clean_compatible"), p.value().value(2).toInt() != 0},
                        {QStringLiteral("external"),
                         p.value().value(3).toString() == QLatin1String("external")},
                        {QStringLiteral("license"), p.value().value(4).toString()},
                        {QStringLiteral("manifest_hash"), p.value().value(5).toString()},
                        {QStringLiteral("filter"), parsed(p.value().value(6).toString())}});
    }
    return out;
}

// The runs' training_batch entries, then the packs' policy_change entries.
Result<QJsonArray> supportingEntries(const Database &db, const QStringList &runIds,
                                     const QStringList &packIds)
{
    auto batch = entries(db, audit::kTrainingBatch, runIds);
    if (!batch)
        return batch.error();
    auto packEntries = entries(db, audit::kPolicyChange, packIds);
    if (!packEntries)
        return packEntries.error();
    QJsonArray all = batch.value();
    for (const QJsonValue &e : packEntries.value())
        all.append(e);
    return all;
}

QString proofStatement(const QString &modelId, const ModelRuns &r)
{
    bool allClean = !r.runs.isEmpty();
    for (const QJsonValue &run : r.runs)
        allClean = allClean && run.toObject().value(QStringLiteral("clean")).toBool();
    return QStringLiteral("model %1 was trained only on the packs %2 in %3 recorded run(s)%4")
        .arg(modelId, r.packNames.join(QStringLiteral(", ")))
        .arg(r.runs.size())
        .arg(allClean ? QStringLiteral(", each declared clean and validated against "
                                       "clean-compatible packs")
                      : QString());
}

} // namespace

Result<QJsonObject> modelProof(const Database &db, const QString &modelId)
{
    auto model = modelEntry(db, modelId);
    if (!model)
        return model.error();
    auto runs = modelRuns(db, modelId);
    if (!runs)
        return runs.error();
    auto packs = proofPacks(db, runs->packNames);
    if (!packs)
        return packs.error();
    auto all = supportingEntries(db, runs->runIds, packs->packIds);
    if (!all)
        return all.error();
    auto h = head(db);
    if (!h)
        return h.error();
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("lemm-model-proof-1")},
                       {QStringLiteral("statement"), proofStatement(modelId, runs.value())},
                       {QStringLiteral("model"), model.value()},
                       {QStringLiteral("runs"), runs->runs},
                       {QStringLiteral("packs"), packs->packs},
                       {QStringLiteral("audit_entries"), all.value()},
                       {QStringLiteral("audit_head"), h.value()},
                       {QStringLiteral("generated_at"), toIso(QDateTime::currentDateTimeUtc())},
                       {QStringLiteral("how_to_check"), kHowToCheck}};
}

Result<QJsonObject> outputProof(const Database &db, const QString &outputId)
{
    auto checks = entries(db, audit::kOutputSimilarityCheck, {outputId});
    if (!checks)
        return checks.error();
    if (checks->isEmpty())
        return Error::make(
            ErrorKind::NotFound, QStringLiteral("output_not_checked"),
            QStringLiteral("no safety check of output '%1' is recorded").arg(outputId));
    auto exports = entries(db, audit::kOutputExport, {outputId});
    if (!exports)
        return exports.error();
    const QJsonObject last =
        parsed(checks->last().toObject().value(QStringLiteral("payload")).toString()).toObject();
    // The sources by what they did. Older entries have no "sources": there only the catalogs
    // whose value is true answered; the others failed.
    QStringList answered, failed, notConfigured;
    const QJsonObject sources = last.value(QStringLiteral("sources")).toObject();
    if (!sources.isEmpty()) {
        for (auto it = sources.begin(); it != sources.end(); ++it) {
            const QString status = it.value().toString();
            (status == QLatin1String("answered")         ? answered
             : status == QLatin1String("not_configured") ? notConfigured
                                                         : failed)
                << it.key();
        }
    } else {
        const QJsonObject legacy =
            last.value(QStringLiteral("checked_against_external_catalogs")).toObject();
        for (auto it = legacy.begin(); it != legacy.end(); ++it)
            (it.value().toBool() ? answered : failed) << it.key();
    }
    const QString calibration = last.value(QStringLiteral("calibration_version")).toString();
    const QJsonObject errors = last.value(QStringLiteral("source_errors")).toObject();
    QStringList failedWhy;
    for (const QString &name : failed)
        failedWhy << (errors.contains(name)
                          ? QStringLiteral("%1 (%2)").arg(name, errors.value(name).toString())
                          : name);
    const auto list = [](const QStringList &l) {
        return l.isEmpty() ? QStringLiteral("none") : l.join(QStringLiteral(", "));
    };
    QJsonArray all = checks.value();
    for (const QJsonValue &e : exports.value())
        all.append(e);
    auto h = head(db);
    if (!h)
        return h.error();
    return QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("lemm-output-proof-1")},
        {QStringLiteral("statement"),
         QStringLiteral("output %1 was checked %2 time(s); the last check compared it with %3 "
                        "vault track(s) and the catalogs [%4] and decided '%5'; catalogs that "
                        "failed to answer: [%6]; not configured: [%7]; score calibration: %8")
             .arg(outputId)
             .arg(checks->size())
             .arg(last.value(QStringLiteral("checked_against_internal")).toInt())
             .arg(answered.join(QStringLiteral(", ")),
                  last.value(QStringLiteral("decision")).toString(), list(failedWhy),
                  list(notConfigured),
                  calibration.isEmpty() ? QStringLiteral("not recorded") : calibration)},
        {QStringLiteral("output_id"), outputId},
        {QStringLiteral("decision"), last.value(QStringLiteral("decision"))},
        {QStringLiteral("sources_answered"), QJsonArray::fromStringList(answered)},
        {QStringLiteral("sources_failed"), QJsonArray::fromStringList(failed)},
        {QStringLiteral("sources_not_configured"), QJsonArray::fromStringList(notConfigured)},
        {QStringLiteral("calibration_version"), calibration},
        {QStringLiteral("audit_entries"), all},
        {QStringLiteral("audit_head"), h.value()},
        {QStringLiteral("generated_at"), toIso(QDateTime::currentDateTimeUtc())},
        {QStringLiteral("how_to_check"), kHowToCheck}};
}

Result<int> checkProof(const Database &db, const QJsonObject &proof)
{
    int n = 0;
    for (const QJsonValue &v : proof.value(QStringLiteral("audit_entries")).toArray()) {
        const QJsonObject o = v.toObject();
        AuditEntry e;
        e.seq = qint64(o.value(QStringLiteral("seq")).toDouble());
        e.at = o.value(QStringLiteral("at")).toString();
        e.eventType = o.value(QStringLiteral("event_type")).toString();
        e.actor = o.value(QStringLiteral("actor")).toString();
        e.subject = o.value(QStringLiteral("subject")).toString();
        e.payload = o.value(QStringLiteral("payload")).toString();
        e.prevHash = o.value(QStringLiteral("prev_hash")).toString();
        e.hash = o.value(QStringLiteral("hash")).toString();
        if (entryHash(e) != e.hash)
            return Error::make(
                ErrorKind::Conflict, QStringLiteral("proof_entry_altered"),
                QStringLiteral("entry %1 of the proof does not match its hash").arg(e.seq));
        auto q = db.query(QStringLiteral("SELECT hash FROM audit_log WHERE seq = ?"), {e.seq});
        if (!q)
            return q.error();
        if (!q.value().next() || q.value().value(0).toString() != e.hash)
            return Error::make(ErrorKind::Conflict, QStringLiteral("proof_entry_not_in_chain"),
                               QStringLiteral("entry %1 of the proof is not in the vault's audit "
                                              "chain")
                                   .arg(e.seq));
        ++n;
    }
    if (n == 0)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("empty_proof"),
                           QStringLiteral("the document holds no audit entries"));
    return n;
}

} // namespace lemm::server
