#include "server/services/training.h"

#include "server/storage/track_store.h"

#include "server/base/json_util.h"
#include "server/services/contributions.h"
#include "server/storage/audit_log.h"

#include "core/base/ids.h"
#include "core/crypto/crypto.h"
#include "core/crypto/signed_token.h"
#include "core/domain/contribution.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

const QString kTrainingPurpose = QStringLiteral("training");
constexpr int kTokenTtlSec = 3600;

bool matches(const QJsonObject &filter, const QJsonArray &genres, const QString &language,
             const QString &createdAt)
{
    if (filter.contains(QStringLiteral("genre"))) {
        bool any = false;
        for (const QJsonValue &g : filter.value(QStringLiteral("genre")).toArray())
            any = any || genres.contains(g);
        if (!any)
            return false;
    }
    if (filter.contains(QStringLiteral("language")) &&
        !filter.value(QStringLiteral("language")).toArray().contains(QJsonValue(language)))
        return false;
    if (filter.contains(QStringLiteral("submitted_after")) &&
        createdAt < filter.value(QStringLiteral("submitted_after")).toString())
        return false;
    if (filter.contains(QStringLiteral("submitted_before")) &&
        createdAt >= filter.value(QStringLiteral("submitted_before")).toString())
        return false;
    return true;
}

// The one training-eligibility rule (core::isTrainingEligible), as SQL.
const QString kEligible = TrackStore::trainingEligibleSql();

Error runNotFound()
{
    return Error::make(ErrorKind::NotFound, QStringLiteral("run_not_found"),
                       QStringLiteral("no such training run"));
}

// `run` selects requested_by and status first. Only the run's own service account may use it
// (another service's run answers like a missing one), and only while it is open.
Status ownOpenRun(QSqlQuery &run, const Account &who, const QString &closedMessage)
{
    if (!run.next() || run.value(0).toString() != who.id)
        return runNotFound();
    if (run.value(1).toString() != QLatin1String("open"))
        return Error::make(ErrorKind::Conflict, QStringLiteral("run_completed"), closedMessage);
    return okStatus();
}

} // namespace

Result<QJsonObject> TrainingService::createPack(const Account &admin, const PackRequest &pack)
{
    const QString &name = pack.name;
    const QString packId = newId(QStringLiteral("pack"));
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Status {
        auto dup = exec(tx, QStringLiteral("SELECT 1 FROM data_packs WHERE name = ?"), {name});
        if (!dup)
            return dup.error();
        if (dup.value().next())
            return Error::make(ErrorKind::Conflict, QStringLiteral("pack_exists"),
                               QStringLiteral("a pack named '%1' exists; packs are immutable, "
                                              "register a new version under a new name")
                                   .arg(name));
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO data_packs (pack_id, name, description, "
                                       "allowed_uses, license_constraints, clean_compatible, "
                                       "created_at, kind, filter, license, manifest_hash, "
                                       "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        {packId, name, pack.description,
                         compact(QJsonArray::fromStringList(pack.allowedUses)),
                         pack.licenseConstraints, int(pack.cleanCompatible), now,
                         pack.external ? QStringLiteral("external") : QStringLiteral("vault"),
                         compact(pack.filter), pack.license, pack.manifestHash, admin.id});
        if (!ins)
            return ins.error();
        auto logged =
            AuditLog::append(tx, audit::kPolicyChange, admin.id, packId,
                             QJsonObject{{QStringLiteral("change"), QStringLiteral("pack_created")},
                                         {QStringLiteral("name"), name},
                                         {QStringLiteral("new"), pack.asGiven}},
                             now);
        if (!logged)
            return logged.error();
        return okStatus();
    });
    if (!done)
        return done.error();
    auto all = listPacks();
    if (!all)
        return all.error();
    for (const QJsonValue &p : all->value(QStringLiteral("packs")).toArray())
        if (p.toObject().value(QStringLiteral("name")).toString() == name)
            return p.toObject();
    return Error::make(ErrorKind::Internal, QStringLiteral("pack_lost"), name);
}

Result<QStringList> TrainingService::eligibleTrackIds() const
{
    return m_vault.transact([](const Tx &tx) -> Result<QStringList> {
        auto eligible = TrackStore::trainingEligible(tx);
        if (!eligible)
            return eligible.error();
        QStringList ids;
        for (const EligibleTrack &t : eligible.value())
            ids << t.trackId;
        return ids;
    });
}

Result<QJsonObject> TrainingService::listPacks() const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT pack_id, name, description, allowed_uses, license_constraints, "
                       "clean_compatible, created_at, kind, filter, license, manifest_hash FROM "
                       "data_packs ORDER BY name"));
    if (!q)
        return q.error();
    QJsonArray out;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        out.append(QJsonObject{
            {QStringLiteral("pack_id"), r.value(0).toString()},
            {QStringLiteral("name"), r.value(1).toString()},
            {QStringLiteral("description"), r.value(2).toString()},
            {QStringLiteral("allowed_uses"), parsed(r.value(3).toString())},
            {QStringLiteral("license_constraints"), r.value(4).toString()},
            {QStringLiteral("clean_compatible"), r.value(5).toInt() != 0},
            {QStringLiteral("created_at"), r.value(6).toString()},
            {QStringLiteral("external"), r.value(7).toString() == QLatin1String("external")},
            {QStringLiteral("filter"), parsed(r.value(8).toString())},
            {QStringLiteral("license"), r.value(9).toString()},
            {QStringLiteral("manifest_hash"), r.value(10).toString()}});
    }
    return QJsonObject{{QStringLiteral("packs"), out}};
}

Result<QJsonObject> TrainingService::createRun(const Account &who, const RunRequest &run)
{
    const QString &runId = run.runId;
    const QString &modelId = run.modelId;
    const QString &modelType = run.modelType;
    const QStringList &packs = run.packs;
    const QString &configHash = run.configHash;
    const bool clean = run.clean;
    const bool adapter = modelType == QLatin1String("per_artist_adapter");
    const QJsonObject &runFilter = run.filters;
    const QString now = m_vault.nowIso();

    auto done = m_vault.transact([&](const Tx &tx) -> Result<QJsonObject> {
        auto dup =
            exec(tx, QStringLiteral("SELECT 1 FROM model_training_runs WHERE run_id = ?"), {runId});
        if (!dup)
            return dup.error();
        if (dup.value().next())
            return Error::make(ErrorKind::Conflict, QStringLiteral("run_exists"),
                               QStringLiteral("training run '%1' exists").arg(runId));
        struct Pack {
            QString name;
            bool external;
            QJsonObject filter;
        };
        QList<Pack> resolvedPacks;
        for (const QString &name : packs) {
            auto p = exec(tx,
                          QStringLiteral("SELECT allowed_uses, clean_compatible, kind, filter FROM "
                                         "data_packs WHERE name = ?"),
                          {name});
            if (!p)
                return p.error();
            if (!p.value().next())
                return Error::make(ErrorKind::Unprocessable, QStringLiteral("unknown_pack"),
                                   QStringLiteral("pack '%1' is not registered").arg(name),
                                   QJsonObject{{QStringLiteral("packs"), name}});
            const QJsonArray uses = parsed(p.value().value(0).toString()).toArray();
            if (!uses.contains(QJsonValue(QStringLiteral("training"))))
                return Error::make(ErrorKind::Unprocessable,
                                   QStringLiteral("pack_not_for_training"),
                                   QStringLiteral("pack '%1' does not allow training").arg(name),
                                   QJsonObject{{QStringLiteral("packs"), name}});
            if (adapter && !uses.contains(QJsonValue(QStringLiteral("per_artist_adapters"))))
                return Error::make(
                    ErrorKind::Unprocessable, QStringLiteral("pack_not_for_adapters"),
                    QStringLiteral("pack '%1' does not allow per-artist adapters").arg(name),
                    QJsonObject{{QStringLiteral("packs"), name}});
            if (clean && p.value().value(1).toInt() == 0)
                return Error::make(ErrorKind::Unprocessable, QStringLiteral("pack_not_clean"),
                                   QStringLiteral("pack '%1' is not clean-compatible; a model "
                                                  "advertised as clean cannot use it")
                                       .arg(name),
                                   QJsonObject{{QStringLiteral("packs"), name}});
            resolvedPacks << Pack{name, p.value().value(2).toString() == QLatin1String("external"),
                                  parsed(p.value().value(3).toString()).toObject()};
        }
        // Resolution: exactly the eligible tracks of the vault packs.
        auto eligible = TrackStore::trainingEligible(tx);
        if (!eligible)
            return eligible.error();
        struct Item {
            QString track, pack;
            double duration;
        };
        QList<Item> items;
        for (const EligibleTrack &t : eligible.value()) {
            const QJsonArray genres = QJsonArray::fromStringList(t.genreTags);
            if (adapter && !t.allowPerArtistAdapters)
                continue;
            if (!matches(runFilter, genres, t.language, t.createdAt))
                continue;
            for (const Pack &p : resolvedPacks) {
                if (p.external || !matches(p.filter, genres, t.language, t.createdAt))
                    continue;
                items << Item{t.trackId, p.name, t.durationSec};
                break;
            }
        }
        QStringList ids;
        for (const Item &i : items)
            ids << i.track;
        const QString resolvedHash =
            QString::fromLatin1(crypto::genericHash(ids.join(QLatin1Char('\n')).toUtf8()).toHex());
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO model_training_runs (run_id, model_id, "
                                       "model_type, timestamp_start, data_packs, hyperparameters, "
                                       "config_hash, created_at, clean, filters, status, "
                                       "resolved_hash, requested_by, track_count) VALUES (?, ?, ?, "
                                       "?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)"),
                        {runId, modelId, modelType, now, compact(QJsonArray::fromStringList(packs)),
                         compact(run.hyperparameters), configHash, now, int(clean),
                         compact(runFilter), resolvedHash, who.id, int(items.size())});
        if (!ins)
            return ins.error();
        for (int i = 0; i < items.size(); ++i) {
            auto t = exec(tx,
                          QStringLiteral("INSERT INTO training_run_tracks (run_id, seq, track_id, "
                                         "pack_name, duration_sec) VALUES (?, ?, ?, ?, ?)"),
                          {runId, i, items[i].track, items[i].pack, items[i].duration});
            if (!t)
                return t.error();
        }
        auto model = exec(tx, QStringLiteral("SELECT 1 FROM models WHERE model_id = ?"), {modelId});
        if (!model)
            return model.error();
        if (!model.value().next()) {
            auto m = exec(tx,
                          QStringLiteral("INSERT INTO models (model_id, name, model_type, "
                                         "created_at) VALUES (?, ?, ?, ?)"),
                          {modelId, run.modelName, modelType, now});
            if (!m)
                return m.error();
        }
        auto logged = AuditLog::append(
            tx, audit::kTrainingBatch, who.id, runId,
            QJsonObject{{QStringLiteral("run_id"), runId},
                        {QStringLiteral("model_id"), modelId},
                        {QStringLiteral("packs"), QJsonArray::fromStringList(packs)},
                        {QStringLiteral("clean"), clean},
                        {QStringLiteral("config_hash"), configHash},
                        {QStringLiteral("track_count"), int(items.size())},
                        {QStringLiteral("resolved_hash"), resolvedHash}},
            now);
        if (!logged)
            return logged.error();
        return QJsonObject{
            {QStringLiteral("run_id"), runId},
            {QStringLiteral("model_id"), modelId},
            {QStringLiteral("track_count"), int(items.size())},
            {QStringLiteral("resolved_hash"), resolvedHash},
            {QStringLiteral("page_size"), kPageSize},
            {QStringLiteral("manifest_pages"), int((items.size() + kPageSize - 1) / kPageSize)}};
    });
    return done;
}

Result<QJsonObject> TrainingService::manifest(const Account &who, const QString &runId,
                                              int page) const
{
    auto run = m_vault.db().query(
        QStringLiteral("SELECT requested_by, status, track_count FROM model_training_runs WHERE "
                       "run_id = ?"),
        {runId});
    if (!run)
        return run.error();
    if (auto own = ownOpenRun(run.value(), who,
                              QStringLiteral("this run is completed; its manifest is closed"));
        !own)
        return own.error();
    const int total = run.value().value(2).toInt();
    auto q = m_vault.db().query(
        QStringLiteral("SELECT track_id, duration_sec FROM training_run_tracks WHERE run_id = ? "
                       "AND seq >= ? AND seq < ? ORDER BY seq"),
        {runId, page * kPageSize, (page + 1) * kPageSize});
    if (!q)
        return q.error();
    const QDateTime expires = m_vault.now().addSecs(kTokenTtlSec);
    const QByteArray key = m_vault.tokenKey(kTrainingPurpose);
    QJsonArray items;
    while (q.value().next()) {
        const QString track = q.value().value(0).toString();
        const QString token =
            signToken(QJsonObject{{QStringLiteral("purpose"), kTrainingPurpose},
                                  {QStringLiteral("run"), runId},
                                  {QStringLiteral("track"), track},
                                  {QStringLiteral("for"), who.id},
                                  {QStringLiteral("exp"), double(expires.toSecsSinceEpoch())}},
                      key);
        items.append(
            QJsonObject{{QStringLiteral("track_id"), track},
                        {QStringLiteral("duration_sec"), q.value().value(1).toDouble()},
                        {QStringLiteral("url"), QStringLiteral("/training/audio/") + token},
                        {QStringLiteral("expires_at"), toIso(expires)}});
    }
    const bool more = (page + 1) * kPageSize < total;
    return QJsonObject{{QStringLiteral("run_id"), runId},
                       {QStringLiteral("page"), page},
                       {QStringLiteral("items"), items},
                       {QStringLiteral("next_page"), more ? QJsonValue(page + 1) : QJsonValue()}};
}

Result<std::unique_ptr<QIODevice>> TrainingService::audio(const QString &token)
{
    auto claims =
        verifyToken(token, m_vault.tokenKey(kTrainingPurpose), kTrainingPurpose, m_vault.now());
    if (!claims)
        return claims.error();
    const QString runId = claims->value(QStringLiteral("run")).toString();
    const QString trackId = claims->value(QStringLiteral("track")).toString();
    // Eligible now, not only when the manifest was issued.
    auto q = m_vault.db().query(
        QStringLiteral("SELECT mr.status FROM training_run_tracks rt JOIN model_training_runs mr "
                       "ON mr.run_id = rt.run_id JOIN tracks t ON t.track_id = rt.track_id JOIN "
                       "rights_records r ON r.rights_record_id = t.rights_record_id WHERE "
                       "rt.run_id = ? AND rt.track_id = ? AND ") +
            kEligible,
        {runId, trackId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::make(
            ErrorKind::Gone, QStringLiteral("track_not_eligible"),
            QStringLiteral("this track is no longer available for training "
                           "(consent revoked, claim or removal since the manifest)"));
    if (q.value().value(0).toString() != QLatin1String("open"))
        return Error::make(ErrorKind::Gone, QStringLiteral("run_completed"),
                           QStringLiteral("this run is completed"));
    q.value().finish();
    return m_access.openTrackAudio(
        Account::systemService(QStringLiteral("system:training-gateway"),
                               QStringLiteral("training gateway")),
        trackId, QStringLiteral("training"), runId,
        QJsonObject{{QStringLiteral("run_id"), runId},
                    {QStringLiteral("requested_by"), claims->value(QStringLiteral("for"))}});
}

Result<QJsonObject> TrainingService::complete(const Account &who, const QString &runId)
{
    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Status {
        auto r = exec(tx,
                      QStringLiteral("SELECT requested_by, status, resolved_hash, track_count, "
                                     "model_id FROM model_training_runs WHERE run_id = ?"),
                      {runId});
        if (!r)
            return r.error();
        if (auto own = ownOpenRun(r.value(), who, QStringLiteral("this run is already completed"));
            !own)
            return own;
        const QString hash = r.value().value(2).toString();
        const int count = r.value().value(3).toInt();
        const QString model = r.value().value(4).toString();
        r.value().finish();
        auto ids = exec(tx,
                        QStringLiteral("SELECT track_id FROM training_run_tracks WHERE run_id = ? "
                                       "ORDER BY seq"),
                        {runId});
        if (!ids)
            return ids.error();
        QJsonArray list;
        while (ids.value().next())
            list.append(ids.value().value(0).toString());
        auto u = exec(tx,
                      QStringLiteral("UPDATE model_training_runs SET status = 'completed', "
                                     "timestamp_end = ?, track_ids_sampled = ? WHERE run_id = ?"),
                      {now, compact(list), runId});
        if (!u)
            return u.error();
        auto logged =
            AuditLog::append(tx, audit::kTrainingBatch, who.id, runId,
                             QJsonObject{{QStringLiteral("run_id"), runId},
                                         {QStringLiteral("model_id"), model},
                                         {QStringLiteral("change"), QStringLiteral("completed")},
                                         {QStringLiteral("track_count"), count},
                                         {QStringLiteral("resolved_hash"), hash}},
                             now);
        if (!logged)
            return logged.error();
        return okStatus();
    });
    if (!done)
        return done.error();
    auto q = m_vault.db().query(
        QStringLiteral("SELECT model_id FROM model_training_runs WHERE run_id = ?"), {runId});
    if (!q || !q.value().next())
        return runNotFound();
    auto lineage = modelLineage(q.value().value(0).toString());
    if (!lineage)
        return lineage.error();
    for (const QJsonValue &run : lineage->value(QStringLiteral("runs")).toArray())
        if (run.toObject().value(QStringLiteral("run_id")).toString() == runId)
            return run.toObject();
    return runNotFound();
}

Result<QJsonObject> TrainingService::modelLineage(const QString &modelId) const
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
    QStringList packList(packs.begin(), packs.end());
    packList.sort();
    out.insert(QStringLiteral("runs"), runs);
    out.insert(QStringLiteral("packs"), QJsonArray::fromStringList(packList));
    return out;
}

Result<QJsonObject> TrainingService::trackLineage(const QString &trackId) const
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

Result<QJsonObject> TrainingService::revokedImpact() const
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

Result<QJsonObject> TrainingService::listModels() const
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

Result<QJsonObject> TrainingService::runDetail(const QString &runId) const
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
