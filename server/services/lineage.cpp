#include "server/services/lineage.h"

#include "server/base/json_util.h"
#include "server/services/stale_marking.h"

#include <QJsonArray>
#include <QSet>

namespace lemm::server {

using namespace lemm::server::json;

namespace {

Error runNotFound()
{
    return Error::make(ErrorKind::NotFound, QStringLiteral("run_not_found"),
                       QStringLiteral("no such training run"));
}

} // namespace

Result<QJsonObject> LineageService::modelLineage(const QString &modelId) const
{
    auto m = m_vault.db().query(
        QStringLiteral("SELECT name, model_type, created_at FROM models WHERE model_id = ?"),
        {modelId});
    if (!m)
        return m.error();
    if (!m.value().next())
        return Error::make(ErrorKind::NotFound, QStringLiteral("model_not_found"),
                           QStringLiteral("no such model"));
    QJsonObject out{{QStringLiteral("model_id"), modelId},
                    {QStringLiteral("name"), m.value().value(0).toString()},
                    {QStringLiteral("model_type"), m.value().value(1).toString()},
                    {QStringLiteral("created_at"), m.value().value(2).toString()}};
    auto q = m_vault.db().query(
        QStringLiteral("SELECT run_id, timestamp_start, timestamp_end, data_packs, "
                       "hyperparameters, config_hash, clean, filters, status, resolved_hash, "
                       "track_count FROM model_training_runs WHERE model_id = ? ORDER BY "
                       "timestamp_start, run_id"),
        {modelId});
    if (!q)
        return q.error();
    QJsonArray runs;
    QSet<QString> packs;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        const QJsonArray p = parsed(r.value(3).toString()).toArray();
        for (const QJsonValue &x : p)
            packs.insert(x.toString());
        runs.append(QJsonObject{{QStringLiteral("run_id"), r.value(0).toString()},
                                {QStringLiteral("timestamp_start"), r.value(1).toString()},
                                {QStringLiteral("timestamp_end"), r.value(2).toString()},
                                {QStringLiteral("packs"), p},
                                {QStringLiteral("hyperparameters"), parsed(r.value(4).toString())},
                                {QStringLiteral("config_hash"), r.value(5).toString()},
                                {QStringLiteral("clean"), r.value(6).toInt() != 0},
                                {QStringLiteral("filters"), parsed(r.value(7).toString())},
                                {QStringLiteral("status"), r.value(8).toString()},
                                {QStringLiteral("resolved_hash"), r.value(9).toString()},
                                {QStringLiteral("track_count"), r.value(10).toInt()}});
    }
    q.value().finish();
    // Stale marking (outbox part): affected_by on each run and on the model.
    for (qsizetype i = 0; i < runs.size(); ++i) {
        QJsonObject run = runs.at(i).toObject();
        auto affected =
            StaleMarking::affectedRun(m_vault.db(), run.value(QStringLiteral("run_id")).toString());
        if (!affected)
            return affected.error();
        run.insert(QStringLiteral("affected_by"), affected.value());
        runs.replace(i, run);
    }
    auto modelAffected = StaleMarking::affectedModel(m_vault.db(), modelId);
    if (!modelAffected)
        return modelAffected.error();
    out.insert(QStringLiteral("affected_by"), modelAffected.value());
    QStringList packList(packs.begin(), packs.end());
    packList.sort();
    out.insert(QStringLiteral("runs"), runs);
    out.insert(QStringLiteral("packs"), QJsonArray::fromStringList(packList));
    return out;
}

Result<QJsonObject> LineageService::trackLineage(const QString &trackId) const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT rt.run_id, mr.model_id, rt.pack_name, mr.timestamp_start, "
                       "mr.status FROM training_run_tracks rt JOIN model_training_runs mr ON "
                       "mr.run_id = rt.run_id WHERE rt.track_id = ? ORDER BY mr.timestamp_start, "
                       "rt.run_id"),
        {trackId});
    if (!q)
        return q.error();
    QJsonArray runs;
    QSet<QString> models;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        models.insert(r.value(1).toString());
        runs.append(QJsonObject{{QStringLiteral("run_id"), r.value(0).toString()},
                                {QStringLiteral("model_id"), r.value(1).toString()},
                                {QStringLiteral("pack"), r.value(2).toString()},
                                {QStringLiteral("timestamp_start"), r.value(3).toString()},
                                {QStringLiteral("status"), r.value(4).toString()}});
    }
    QStringList modelList(models.begin(), models.end());
    modelList.sort();
    return QJsonObject{{QStringLiteral("track_id"), trackId},
                       {QStringLiteral("training_runs_included"), runs},
                       {QStringLiteral("models"), QJsonArray::fromStringList(modelList)},
                       {QStringLiteral("model_count"), int(modelList.size())}};
}

Result<QJsonObject> LineageService::revokedImpact() const
{
    auto q = m_vault.db().query(QStringLiteral(
        "SELECT rt.track_id, t.title, r.revoked_at, rt.run_id, mr.model_id FROM "
        "training_run_tracks rt JOIN model_training_runs mr ON mr.run_id = rt.run_id JOIN tracks "
        "t ON t.track_id = rt.track_id JOIN rights_records r ON r.rights_record_id = "
        "t.rights_record_id WHERE r.revoked = 1 ORDER BY r.revoked_at, rt.track_id, rt.run_id"));
    if (!q)
        return q.error();
    QJsonArray tracks;
    QJsonObject current;
    QSet<QString> models;
    QJsonArray runs;
    auto flush = [&] {
        if (current.isEmpty())
            return;
        QStringList m(models.begin(), models.end());
        m.sort();
        current.insert(QStringLiteral("runs"), runs);
        current.insert(QStringLiteral("models"), QJsonArray::fromStringList(m));
        tracks.append(current);
    };
    while (q.value().next()) {
        const QString track = q.value().value(0).toString();
        if (current.value(QStringLiteral("track_id")).toString() != track) {
            flush();
            current = QJsonObject{{QStringLiteral("track_id"), track},
                                  {QStringLiteral("title"), q.value().value(1).toString()},
                                  {QStringLiteral("revoked_at"), q.value().value(2).toString()}};
            models.clear();
            runs = QJsonArray();
        }
        runs.append(q.value().value(3).toString());
        models.insert(q.value().value(4).toString());
    }
    flush();
    return QJsonObject{{QStringLiteral("tracks"), tracks}};
}

Result<QJsonObject> LineageService::listModels() const
{
    auto q = m_vault.db().query(QStringLiteral(
        "SELECT m.model_id, m.name, m.model_type, m.created_at, (SELECT COUNT(*) FROM "
        "model_training_runs r WHERE r.model_id = m.model_id) FROM models m ORDER BY "
        "m.created_at DESC, m.model_id"));
    if (!q)
        return q.error();
    QJsonArray models;
    while (q.value().next())
        models.append(QJsonObject{{QStringLiteral("model_id"), q.value().value(0).toString()},
                                  {QStringLiteral("name"), q.value().value(1).toString()},
                                  {QStringLiteral("model_type"), q.value().value(2).toString()},
                                  {QStringLiteral("created_at"), q.value().value(3).toString()},
                                  {QStringLiteral("run_count"), q.value().value(4).toInt()}});
    return QJsonObject{{QStringLiteral("models"), models}};
}

Result<QJsonObject> LineageService::runDetail(const QString &runId) const
{
    auto m = m_vault.db().query(
        QStringLiteral("SELECT model_id FROM model_training_runs WHERE run_id = ?"), {runId});
    if (!m)
        return m.error();
    if (!m.value().next())
        return runNotFound();
    const QString modelId = m.value().value(0).toString();
    m.value().finish();
    auto lineage = modelLineage(modelId);
    if (!lineage)
        return lineage.error();
    QJsonObject run;
    for (const QJsonValue &r : lineage->value(QStringLiteral("runs")).toArray())
        if (r.toObject().value(QStringLiteral("run_id")).toString() == runId)
            run = r.toObject();
    auto q = m_vault.db().query(
        QStringLiteral("SELECT rt.track_id, t.title, t.display_artist_name, rt.pack_name FROM "
                       "training_run_tracks rt JOIN tracks t ON t.track_id = rt.track_id WHERE "
                       "rt.run_id = ? ORDER BY rt.track_id"),
        {runId});
    if (!q)
        return q.error();
    QJsonArray tracks;
    while (q.value().next())
        tracks.append(QJsonObject{{QStringLiteral("track_id"), q.value().value(0).toString()},
                                  {QStringLiteral("title"), q.value().value(1).toString()},
                                  {QStringLiteral("artist"), q.value().value(2).toString()},
                                  {QStringLiteral("pack"), q.value().value(3).toString()}});
    run.insert(QStringLiteral("model_id"), modelId);
    run.insert(QStringLiteral("tracks"), tracks);
    return run;
}

} // namespace lemm::server
