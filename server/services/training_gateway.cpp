#include "server/services/training_gateway.h"

#include "server/base/json_util.h"
#include "server/storage/audit_log.h"
#include "server/storage/track_store.h"

#include "core/base/ids.h"
#include "core/crypto/crypto.h"
#include "core/crypto/signed_token.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace lemm::server {

using namespace lemm::core;
using namespace lemm::server::json;

namespace {

const QString kTrainingPurpose = QStringLiteral("training");

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

// A pack a run draws from, as resolved when the run is created.
struct RunPack {
    QString name;
    bool external;
    QJsonObject filter;
};

// A track of the run's resolved set, with the pack it came through.
struct RunItem {
    QString track, pack;
    double duration;
};

bool isAdapterRun(const RunRequest &run)
{
    return run.modelType == QLatin1String("per_artist_adapter");
}

Error packRefused(const QString &code, const QString &message, const QString &name)
{
    return Error::make(ErrorKind::Unprocessable, code, message.arg(name),
                       QJsonObject{{QStringLiteral("packs"), name}});
}

// Step 1a: the run id is not taken.
Status checkRunIsNew(const Tx &tx, const QString &runId)
{
    auto dup =
        exec(tx, QStringLiteral("SELECT 1 FROM model_training_runs WHERE run_id = ?"), {runId});
    if (!dup)
        return dup.error();
    if (dup.value().next())
        return Error::make(ErrorKind::Conflict, QStringLiteral("run_exists"),
                           QStringLiteral("training run '%1' exists").arg(runId));
    return okStatus();
}

// Step 1b: a registered pack allows what the run is (training, adapters, clean).
Status checkPackUses(const RunRequest &run, const QString &name, const QJsonArray &uses,
                     bool cleanCompatible)
{
    if (!uses.contains(QJsonValue(QStringLiteral("training"))))
        return packRefused(QStringLiteral("pack_not_for_training"),
                           QStringLiteral("pack '%1' does not allow training"), name);
    if (isAdapterRun(run) && !uses.contains(QJsonValue(QStringLiteral("per_artist_adapters"))))
        return packRefused(QStringLiteral("pack_not_for_adapters"),
                           QStringLiteral("pack '%1' does not allow per-artist adapters"), name);
    if (run.clean && !cleanCompatible)
        return packRefused(QStringLiteral("pack_not_clean"),
                           QStringLiteral("pack '%1' is not clean-compatible; a model "
                                          "advertised as clean cannot use it"),
                           name);
    return okStatus();
}

// Step 1: the run's packs, each registered and allowing this run.
Result<QList<RunPack>> validatePacks(const Tx &tx, const RunRequest &run)
{
    QList<RunPack> resolved;
    for (const QString &name : run.packs) {
        auto p = exec(tx,
                      QStringLiteral("SELECT allowed_uses, clean_compatible, kind, filter FROM "
                                     "data_packs WHERE name = ?"),
                      {name});
        if (!p)
            return p.error();
        if (!p.value().next())
            return packRefused(QStringLiteral("unknown_pack"),
                               QStringLiteral("pack '%1' is not registered"), name);
        const QJsonArray uses = parsed(p.value().value(0).toString()).toArray();
        if (auto allowed = checkPackUses(run, name, uses, p.value().value(1).toInt() != 0);
            !allowed)
            return allowed.error();
        resolved << RunPack{name, p.value().value(2).toString() == QLatin1String("external"),
                            parsed(p.value().value(3).toString()).toObject()};
    }
    return resolved;
}

// Step 2, resolution: exactly the eligible tracks of the vault packs, each with the first
// vault pack whose filter it matches.
Result<QList<RunItem>> resolveTracks(const Tx &tx, const RunRequest &run,
                                     const QList<RunPack> &packs)
{
    auto eligible = TrackStore::trainingEligible(tx);
    if (!eligible)
        return eligible.error();
    const bool adapter = isAdapterRun(run);
    QList<RunItem> items;
    for (const EligibleTrack &t : eligible.value()) {
        const QJsonArray genres = QJsonArray::fromStringList(t.genreTags);
        if (adapter && !t.allowPerArtistAdapters)
            continue;
        if (!matches(run.filters, genres, t.language, t.createdAt))
            continue;
        for (const RunPack &p : packs) {
            if (p.external || !matches(p.filter, genres, t.language, t.createdAt))
                continue;
            items << RunItem{t.trackId, p.name, t.durationSec};
            break;
        }
    }
    return items;
}

QString resolvedHashOf(const QList<RunItem> &items)
{
    QStringList ids;
    for (const RunItem &i : items)
        ids << i.track;
    return QString::fromLatin1(crypto::genericHash(ids.join(QLatin1Char('\n')).toUtf8()).toHex());
}

// The model_registered audit entry: the first link of the model's chain (proofs, issue 14).
Status auditModel(const Tx &tx, const Account &who, const RunRequest &run, const QString &now)
{
    auto logged = AuditLog::append(tx, audit::kModelRegistered, who.id, run.modelId,
                                   QJsonObject{{QStringLiteral("model_id"), run.modelId},
                                               {QStringLiteral("name"), run.modelName},
                                               {QStringLiteral("model_type"), run.modelType}},
                                   now);
    if (!logged)
        return logged.error();
    return okStatus();
}

// Step 1c: a run of an existing model comes from the service that registered it (admins
// never start runs: the route is for system keys only) and is of the model's type.
Status checkModel(const Tx &tx, const Account &who, const RunRequest &run)
{
    auto model = exec(tx,
                      QStringLiteral("SELECT model_type, registered_by FROM models WHERE "
                                     "model_id = ?"),
                      {run.modelId});
    if (!model)
        return model.error();
    if (!model.value().next())
        return okStatus();
    const QString type = model.value().value(0).toString();
    if (model.value().value(1).toString() != who.id && !who.roles.contains(core::Role::Admin))
        return Error::make(ErrorKind::Forbidden, QStringLiteral("model_not_yours"),
                           QStringLiteral("model '%1' was registered by another service; only "
                                          "that service adds runs to it")
                               .arg(run.modelId));
    if (type != run.modelType)
        return Error::make(ErrorKind::Unprocessable, QStringLiteral("model_type_mismatch"),
                           QStringLiteral("model '%1' is a %2 model, not %3")
                               .arg(run.modelId, type, run.modelType),
                           QJsonObject{{QStringLiteral("model_type"), type}});
    return okStatus();
}

// Step 1d: the config hash is the gateway's own; a supplied one must agree with it.
Result<QString> checkConfigHash(const RunRequest &run)
{
    const QString computed = TrainingGateway::configHashOf(run.hyperparameters);
    if (!run.configHash.isEmpty() && run.configHash != computed)
        return Error::make(ErrorKind::Unprocessable, QStringLiteral("config_hash_mismatch"),
                           QStringLiteral("config_hash is not the hash of the hyperparameters "
                                          "given (expected %1)")
                               .arg(computed),
                           QJsonObject{{QStringLiteral("config_hash"), computed}});
    return computed;
}

// Step 3b: the model row, registered by its first run and owned by that run's service.
Status registerModel(const Tx &tx, const Account &who, const RunRequest &run, const QString &now)
{
    auto model = exec(tx, QStringLiteral("SELECT 1 FROM models WHERE model_id = ?"), {run.modelId});
    if (!model)
        return model.error();
    if (model.value().next())
        return okStatus();
    auto m = exec(tx,
                  QStringLiteral("INSERT INTO models (model_id, name, model_type, created_at, "
                                 "registered_by) VALUES (?, ?, ?, ?, ?)"),
                  {run.modelId, run.modelName, run.modelType, now, who.id});
    if (!m)
        return m.error();
    return auditModel(tx, who, run, now);
}

// Step 3: the run (open), its resolved tracks in order, and its model when new.
Status storeRun(const Tx &tx, const Account &who, const RunRequest &run,
                const QList<RunItem> &items, const QString &resolvedHash, const QString &now)
{
    auto ins = exec(tx,
                    QStringLiteral("INSERT INTO model_training_runs (run_id, model_id, "
                                   "model_type, timestamp_start, data_packs, hyperparameters, "
                                   "config_hash, created_at, clean, filters, status, "
                                   "resolved_hash, requested_by, track_count) VALUES (?, ?, ?, "
                                   "?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)"),
                    {run.runId, run.modelId, run.modelType, now,
                     compact(QJsonArray::fromStringList(run.packs)), compact(run.hyperparameters),
                     run.configHash, now, int(run.clean), compact(run.filters), resolvedHash,
                     who.id, int(items.size())});
    if (!ins)
        return ins.error();
    for (int i = 0; i < items.size(); ++i) {
        auto t = exec(tx,
                      QStringLiteral("INSERT INTO training_run_tracks (run_id, seq, track_id, "
                                     "pack_name, duration_sec) VALUES (?, ?, ?, ?, ?)"),
                      {run.runId, i, items[i].track, items[i].pack, items[i].duration});
        if (!t)
            return t.error();
    }
    return registerModel(tx, who, run, now);
}

// Step 4: the training_batch audit entry of the new run.
Status auditRun(const Tx &tx, const Account &who, const RunRequest &run,
                const QList<RunItem> &items, const QString &resolvedHash, const QString &now)
{
    // The track ids, in order: resolved_hash commits to them, and each track's receipt links
    // to this entry (proofs, issue 14).
    QJsonArray trackIds;
    for (const RunItem &i : items)
        trackIds.append(i.track);
    auto logged = AuditLog::append(
        tx, audit::kTrainingBatch, who.id, run.runId,
        QJsonObject{{QStringLiteral("run_id"), run.runId},
                    {QStringLiteral("model_id"), run.modelId},
                    {QStringLiteral("packs"), QJsonArray::fromStringList(run.packs)},
                    {QStringLiteral("clean"), run.clean},
                    {QStringLiteral("config_hash"), run.configHash},
                    {QStringLiteral("track_count"), int(items.size())},
                    {QStringLiteral("resolved_hash"), resolvedHash},
                    {QStringLiteral("track_ids"), trackIds}},
        now);
    if (!logged)
        return logged.error();
    return okStatus();
}

} // namespace

Result<QStringList> TrainingGateway::eligibleTrackIds() const
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

QString TrainingGateway::configHashOf(const QJsonObject &config)
{
    // QJsonObject keeps its keys sorted; the compact form has no whitespace.
    const QByteArray canonical = QJsonDocument(config).toJson(QJsonDocument::Compact);
    return QStringLiteral("sha256:") +
           QString::fromLatin1(
               QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex());
}

Result<QJsonObject> TrainingGateway::createRun(const Account &who, const RunRequest &request)
{
    auto hash = checkConfigHash(request);
    if (!hash)
        return hash.error();
    RunRequest run = request;
    run.configHash = hash.value();
    const QString now = m_vault.nowIso();
    return m_vault.transact([&](const Tx &tx) -> Result<QJsonObject> {
        if (auto isNew = checkRunIsNew(tx, run.runId); !isNew)
            return isNew.error();
        if (auto model = checkModel(tx, who, run); !model)
            return model.error();
        auto packs = validatePacks(tx, run);
        if (!packs)
            return packs.error();
        auto items = resolveTracks(tx, run, packs.value());
        if (!items)
            return items.error();
        const QString resolvedHash = resolvedHashOf(items.value());
        const int count = int(items->size());
        if (auto stored = storeRun(tx, who, run, items.value(), resolvedHash, now); !stored)
            return stored.error();
        if (auto logged = auditRun(tx, who, run, items.value(), resolvedHash, now); !logged)
            return logged.error();
        return QJsonObject{{QStringLiteral("run_id"), run.runId},
                           {QStringLiteral("model_id"), run.modelId},
                           {QStringLiteral("track_count"), count},
                           {QStringLiteral("resolved_hash"), resolvedHash},
                           {QStringLiteral("config_hash"), run.configHash},
                           {QStringLiteral("page_size"), kPageSize},
                           {QStringLiteral("manifest_pages"), (count + kPageSize - 1) / kPageSize}};
    });
}

Result<QJsonObject> TrainingGateway::manifest(const Account &who, const QString &runId,
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
    run.value().finish();
    // Before the page's query: on PostgreSQL a query on the same connection would end it.
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto q = m_vault.db().query(
        QStringLiteral("SELECT track_id, duration_sec FROM training_run_tracks WHERE run_id = ? "
                       "AND seq >= ? AND seq < ? ORDER BY seq"),
        {runId, page * kPageSize, (page + 1) * kPageSize});
    if (!q)
        return q.error();
    const QDateTime expires = m_vault.now().addSecs(policy->trainingLinkTtlSec);
    const QByteArray key = m_vault.tokenKey(kTrainingPurpose);
    QJsonArray items;
    while (q.value().next()) {
        const QString track = q.value().value(0).toString();
        // "link" makes every link single-use (training_link_uses); "for" binds it to the key's
        // service, which must present itself on the fetch.
        const QString token =
            signToken(QJsonObject{{QStringLiteral("purpose"), kTrainingPurpose},
                                  {QStringLiteral("run"), runId},
                                  {QStringLiteral("track"), track},
                                  {QStringLiteral("for"), who.id},
                                  {QStringLiteral("link"), core::newId(QStringLiteral("tlk"))},
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

Result<std::unique_ptr<QIODevice>> TrainingGateway::audio(const Account &who, const QString &token)
{
    auto claims =
        verifyToken(token, m_vault.tokenKey(kTrainingPurpose), kTrainingPurpose, m_vault.now());
    if (!claims)
        return claims.error();
    const FetchLink link{claims->value(QStringLiteral("run")).toString(),
                         claims->value(QStringLiteral("track")).toString(),
                         claims->value(QStringLiteral("link")).toString()};
    // Another service's link answers like a missing run (the manifest's rule).
    if (claims->value(QStringLiteral("for")).toString() != who.id || link.id.isEmpty())
        return runNotFound();
    if (auto usable = checkFetchable(who, link); !usable)
        return usable.error();
    if (auto counted = consumeLink(link); !counted)
        return counted.error();
    return m_access.openTrackAudio(Account::systemService(QStringLiteral("system:training-gateway"),
                                                          QStringLiteral("training gateway")),
                                   link.track, QStringLiteral("training"), link.run,
                                   QJsonObject{{QStringLiteral("run_id"), link.run},
                                               {QStringLiteral("requested_by"), who.id}});
}

Status TrainingGateway::checkFetchable(const Account &who, const FetchLink &link) const
{
    // Eligible now, not only when the manifest was issued.
    auto q = m_vault.db().query(
        QStringLiteral("SELECT mr.status, mr.requested_by FROM training_run_tracks rt JOIN "
                       "model_training_runs mr ON mr.run_id = rt.run_id JOIN tracks t ON "
                       "t.track_id = rt.track_id JOIN rights_records r ON r.rights_record_id = "
                       "t.rights_record_id WHERE rt.run_id = ? AND rt.track_id = ? AND ") +
            kEligible,
        {link.run, link.track});
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::make(
            ErrorKind::Gone, QStringLiteral("track_not_eligible"),
            QStringLiteral("this track is no longer available for training "
                           "(consent revoked, claim or removal since the manifest)"));
    if (q.value().value(1).toString() != who.id)
        return runNotFound();
    if (q.value().value(0).toString() != QLatin1String("open"))
        return Error::make(ErrorKind::Gone, QStringLiteral("run_completed"),
                           QStringLiteral("this run is completed"));
    return okStatus();
}

Status TrainingGateway::consumeLink(const FetchLink &link)
{
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    const int limit = policy->trainingFetchLimit;
    const QString now = m_vault.nowIso();
    // Both rows in the database, so that every server process sharing it agrees.
    return m_vault.transact([&](const Tx &tx) -> Status {
        auto used = exec(tx,
                         QStringLiteral("INSERT INTO training_link_uses (link_id, run_id, "
                                        "track_id, used_at) VALUES (?, ?, ?, ?) ON CONFLICT "
                                        "(link_id) DO NOTHING"),
                         {link.id, link.run, link.track, now});
        if (!used)
            return used.error();
        if (used.value().numRowsAffected() != 1)
            return Error::make(ErrorKind::Gone, QStringLiteral("link_used"),
                               QStringLiteral("this training link was used already; fetch the "
                                              "manifest page again for a new one"));
        auto row = exec(tx,
                        QStringLiteral("INSERT INTO training_fetch_counts (run_id, track_id, "
                                       "fetches) VALUES (?, ?, 0) ON CONFLICT (run_id, "
                                       "track_id) DO NOTHING"),
                        {link.run, link.track});
        if (!row)
            return row.error();
        auto counted = exec(tx,
                            QStringLiteral("UPDATE training_fetch_counts SET fetches = fetches + "
                                           "1 WHERE run_id = ? AND track_id = ? AND fetches < ?"),
                            {link.run, link.track, limit});
        if (!counted)
            return counted.error();
        if (counted.value().numRowsAffected() != 1)
            return Error::make(ErrorKind::TooManyRequests, QStringLiteral("fetch_limit_reached"),
                               QStringLiteral("this run fetched this track %1 times already "
                                              "(policy training_fetch_limit)")
                                   .arg(limit));
        return okStatus();
    });
}

Result<QJsonObject> TrainingGateway::complete(const Account &who, const QString &runId)
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
    auto lineage = m_lineage.modelLineage(q.value().value(0).toString());
    if (!lineage)
        return lineage.error();
    for (const QJsonValue &run : lineage->value(QStringLiteral("runs")).toArray())
        if (run.toObject().value(QStringLiteral("run_id")).toString() == runId)
            return run.toObject();
    return runNotFound();
}

} // namespace lemm::server
