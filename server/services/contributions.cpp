#include "server/services/contributions.h"

#include "server/base/json_util.h"
#include "server/services/jobs.h"
#include "server/storage/audit_log.h"

#include "core/audio/audio_decoder.h"
#include "core/base/ids.h"
#include "core/crypto/crypto.h"
#include "core/domain/contribution.h"
#include "core/domain/terms.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>

namespace lemm::server {

using core::SubmissionEvent;
using core::SubmissionState;
namespace crypto = core::crypto;

namespace {

const QString kUploadPrefix = QStringLiteral("lvu_");

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

Error trackNotFound()
{
    return Error::make(ErrorKind::NotFound, QStringLiteral("track_not_found"),
                       QStringLiteral("no such track"));
}

const QString kTrackSelect = QStringLiteral(
    "SELECT t.track_id, t.status, t.flags, t.title, t.primary_artist_id, t.display_artist_name, "
    "t.is_collaboration, t.collaborator_names, t.collaborator_ids, t.genre_tags, t.language, "
    "t.duration_sec, t.bpm, t.mood_tags, t.release_status, t.created_at, t.updated_at, "
    "t.rights_record_id, t.submission_history_id, "
    "r.consent_version, r.training_allowed, r.internal_demo_ok, r.allow_per_artist_adapters, "
    "r.revoked, r.revoked_at, r.revocation_reason, r.revocation_scope, r.license_type, "
    "r.territorial_scope, r.term, r.rights_holder_type, r.is_original, r.is_cover, "
    "r.has_third_party_samples, r.terms_version "
    "FROM tracks t JOIN rights_records r ON r.rights_record_id = t.rights_record_id ");

QJsonObject consentFrom(const QSqlQuery &q)
{
    return QJsonObject{
        {QStringLiteral("version"), q.value(19).toLongLong()},
        {QStringLiteral("training_allowed"), q.value(20).toInt() != 0},
        {QStringLiteral("internal_demo_ok"), q.value(21).toInt() != 0},
        {QStringLiteral("allow_per_artist_adapters"), q.value(22).toInt() != 0},
        {QStringLiteral("revoked"), q.value(23).toInt() != 0},
        {QStringLiteral("revoked_at"), orNull(q.value(24).toString())},
        {QStringLiteral("revocation_reason"), orNull(q.value(25).toString())},
    };
}

QJsonObject statusFrom(const QSqlQuery &q)
{
    return QJsonObject{
        {QStringLiteral("track_id"), q.value(0).toString()},
        {QStringLiteral("status"), q.value(1).toString()},
        {QStringLiteral("consent"), consentFrom(q)},
        {QStringLiteral("flags"), json::parsed(q.value(2).toString()).toArray()},
    };
}

} // namespace

Result<QJsonObject> ContributionService::createUpload(const Account &who, const AudioBody &body,
                                                      const QString &contentType,
                                                      const QString &fileName)
{
    if (!fileName.isNull()) {
        const QString why = core::checkFileName(fileName);
        if (!why.isEmpty())
            return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_filename"),
                               QStringLiteral("the file name is not acceptable: %1").arg(why),
                               QJsonObject{{QStringLiteral("filename"), why}});
    }
    const qint64 size = body.size();
    if (size > m_vault.config().maxUploadBytes)
        return Error::make(
            ErrorKind::PayloadTooLarge, QStringLiteral("upload_too_large"),
            QStringLiteral("uploads are limited to %1 bytes").arg(m_vault.config().maxUploadBytes));
    if (size == 0)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("empty_upload"),
                           QStringLiteral("the upload is empty; send the audio file as the body"));
    auto info = body.probe();
    if (!info)
        return info.error();
    if (auto swept = sweepExpiredUploads(); !swept)
        qWarning("sweeping expired uploads before an upload failed: %s",
                 qPrintable(swept.error().message));

    // Two passes over the body, each in blocks: its digest, then the encrypted copy.
    auto hashInput = body.open();
    if (!hashInput)
        return hashInput.error();
    auto digest = crypto::genericHashStream(*hashInput.value());
    if (!digest)
        return digest.error();
    const QString uploadId = core::newId(QStringLiteral("upl"));
    auto uri = ObjectUri::make(QStringLiteral("uploads"), uploadId);
    if (!uri)
        return uri.error();
    auto plain = body.open();
    if (!plain)
        return plain.error();
    if (auto put = m_vault.store().put(uri.value(), *plain.value()); !put)
        return put.error();

    const QString token = kUploadPrefix + crypto::randomToken();
    const QString now = m_vault.nowIso();
    const QString expires = core::toIso(m_vault.now().addSecs(m_vault.config().uploadTokenTtlSec));
    auto ins = m_vault.db().query(
        QStringLiteral("INSERT INTO uploads (upload_id, token_hash, contributor_id, "
                       "object_uri, original_filename, content_type, size_bytes, "
                       "content_hash, container, codec, sample_rate, channels, "
                       "duration_sec, created_at, expires_at) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {uploadId, crypto::tokenDigest(token), who.id, uri->toString(),
         fileName.isNull() ? QVariant(QString()) : fileName, contentType, size,
         QString::fromLatin1(digest->toHex()), info->container, info->codec, info->sampleRate,
         info->channels, info->durationSec, now, expires});
    if (!ins) {
        if (auto rm = m_vault.store().remove(uri.value()); !rm)
            qWarning("upload %s: removing the stored audio after the failed insert failed "
                     "(an orphaned object): %s",
                     qPrintable(uploadId), qPrintable(rm.error().message));
        return ins.error();
    }
    return QJsonObject{
        {QStringLiteral("audio_upload_token"), token},
        {QStringLiteral("expires_at"), expires},
        {QStringLiteral("audio"), QJsonObject{{QStringLiteral("container"), info->container},
                                              {QStringLiteral("codec"), info->codec},
                                              {QStringLiteral("sample_rate"), info->sampleRate},
                                              {QStringLiteral("channels"), info->channels},
                                              {QStringLiteral("duration_sec"), info->durationSec},
                                              {QStringLiteral("size_bytes"), size}}},
    };
}

Result<QJsonObject> ContributionService::submit(const Account &who, const QJsonObject &body)
{
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto req = core::parseSubmitRequest(body, policy.value());
    if (!req)
        return req.error();
    const QString now = m_vault.nowIso();
    const QString trackId = core::newId(QStringLiteral("trk"));
    const QString rightsId = core::newId(QStringLiteral("rights"));
    const QString historyId = core::newId(QStringLiteral("subm"));
    const auto &md = req->metadata;
    const auto &rd = req->rights;
    std::optional<std::pair<ObjectUri, ObjectUri>> moved;

    auto result = m_vault.transact([&](QSqlDatabase &db) -> Result<QJsonObject> {
        auto up = exec(db,
                       QStringLiteral("SELECT upload_id, contributor_id, object_uri, expires_at, "
                                      "consumed_at, duration_sec, original_filename FROM uploads "
                                      "WHERE token_hash = ?"),
                       {crypto::tokenDigest(req->audioUploadToken)});
        if (!up)
            return up.error();
        // Another contributor's token is reported exactly like an unknown one.
        if (!up.value().next() || up.value().value(1).toString() != who.id)
            return Error::make(
                ErrorKind::InvalidInput, QStringLiteral("invalid_upload_token"),
                QStringLiteral("the audio upload token is not valid"),
                QJsonObject{{QStringLiteral("audio_upload_token"),
                             QStringLiteral("unknown token; upload the audio first")}});
        const QString uploadId = up.value().value(0).toString();
        if (!up.value().value(4).toString().isEmpty())
            return Error::make(
                ErrorKind::Gone, QStringLiteral("upload_token_used"),
                QStringLiteral("this upload token was already used for a submission"));
        if (up.value().value(3).toString() <= now)
            return Error::make(
                ErrorKind::Gone, QStringLiteral("upload_token_expired"),
                QStringLiteral("this upload token has expired; upload the audio again"));
        const double duration = up.value().value(5).toDouble();
        const QString fileName = up.value().value(6).toString();
        auto from = ObjectUri::parse(up.value().value(2).toString());
        if (!from)
            return from.error();
        auto to = ObjectUri::make(QStringLiteral("audio"), trackId);
        if (!to)
            return to.error();

        auto consume = exec(db,
                            QStringLiteral("UPDATE uploads SET consumed_at = ?, track_id = ? WHERE "
                                           "upload_id = ? AND consumed_at IS NULL"),
                            {now, trackId, uploadId});
        if (!consume)
            return consume.error();
        if (consume.value().numRowsAffected() != 1)
            return Error::make(
                ErrorKind::Gone, QStringLiteral("upload_token_used"),
                QStringLiteral("this upload token was already used for a submission"));

        auto counts =
            exec(db,
                 QStringLiteral("SELECT COUNT(*), SUM(CASE WHEN primary_artist_id = ? "
                                "THEN 1 ELSE 0 END) FROM tracks WHERE status <> 'removed'"),
                 {who.id});
        if (!counts)
            return counts.error();
        counts.value().next();
        const qint64 total = counts.value().value(0).toLongLong();
        const qint64 mine = counts.value().value(1).toLongLong();

        QStringList flags = core::rightsReviewFlags(rd);
        if (!who.bulkSourceApproved && core::isBulkHold(mine, total, policy.value()))
            flags << QStringLiteral("bulk_hold");

        auto insTrack =
            exec(db,
                 QStringLiteral(
                     "INSERT INTO tracks (track_id, storage_uri, title, primary_artist_id, "
                     "display_artist_name, is_collaboration, collaborator_names, "
                     "collaborator_ids, genre_tags, language, duration_sec, bpm, mood_tags, "
                     "release_status, original_filename, created_at, updated_at, "
                     "rights_record_id, status, flags, submission_history_id) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, NULL, '[]', ?, ?, ?, ?, ?, ?, ?, ?)"),
                 {trackId, to->toString(), md.title, who.id, md.artistDisplayName,
                  int(md.isCollaboration),
                  json::compact(QJsonArray::fromStringList(md.collaboratorNames)),
                  json::compact(QJsonArray::fromStringList(md.genreTags)), md.language, duration,
                  md.releaseStatus, fileName, now, now, rightsId,
                  core::toString(SubmissionState::Submitted),
                  json::compact(QJsonArray::fromStringList(flags)), historyId});
        if (!insTrack)
            return insTrack.error();
        auto insRights =
            exec(db,
                 QStringLiteral(
                     "INSERT INTO rights_records (rights_record_id, track_id, contributor_id, "
                     "license_type, territorial_scope, term, rights_holder_type, is_original, "
                     "is_cover, has_third_party_samples, training_allowed, internal_demo_ok, "
                     "allow_per_artist_adapters, revoked, consent_version, terms_version, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?)"),
                 {rightsId, trackId, who.id, rd.licenseType, rd.territorialScope, rd.term,
                  rd.rightsHolderType, int(rd.isOriginal), int(rd.isCover),
                  int(rd.hasThirdPartySamples), int(rd.trainingAllowed), int(rd.internalDemoOk),
                  int(rd.allowPerArtistAdapters), who.affirmedTermsVersion, now});
        if (!insRights)
            return insRights.error();
        auto hist =
            exec(db,
                 QStringLiteral("INSERT INTO submission_history (submission_history_id, seq, "
                                "track_id, from_state, to_state, event, actor_id, reason, at) "
                                "VALUES (?, 1, ?, NULL, 'submitted', 'submitted', ?, ?, ?)"),
                 {historyId, trackId, who.id,
                  flags.isEmpty() ? QString() : flags.join(QLatin1Char(',')), now});
        if (!hist)
            return hist.error();
        auto job = JobQueue::enqueue(db, QStringLiteral("ingest"), trackId, now);
        if (!job)
            return job.error();
        auto logged = AuditLog::append(
            db, audit::kSubmissionDecision, who.id, trackId,
            QJsonObject{{QStringLiteral("decision"), QStringLiteral("submitted")},
                        {QStringLiteral("rights_record_id"), rightsId},
                        {QStringLiteral("consent_version"), 1},
                        {QStringLiteral("training_allowed"), rd.trainingAllowed},
                        {QStringLiteral("flags"), QJsonArray::fromStringList(flags)}},
            now);
        if (!logged)
            return logged.error();
        auto started =
            applyEventIn(db, trackId, SubmissionEvent::ChecksStarted, QStringLiteral("system"),
                         QStringLiteral("audio stored; automated checks queued"), {}, now);
        if (!started)
            return started.error();
        if (auto mv = m_vault.store().move(from.value(), to.value()); !mv)
            return mv.error();
        moved = std::make_pair(from.value(), to.value());
        return QJsonObject{};
    });
    if (!result) {
        if (moved)
            if (auto back = m_vault.store().move(moved->second, moved->first); !back)
                qWarning("track %s: moving the audio back after the failed submission failed "
                         "(the upload's object is now at %s): %s",
                         qPrintable(trackId), qPrintable(moved->second.toString()),
                         qPrintable(back.error().message));
        return result.error();
    }
    JobQueue::wakeWorkers();
    return statusJson(trackId);
}

Result<QString> ContributionService::ownerOf(const QString &trackId) const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT primary_artist_id FROM tracks WHERE track_id = ?"), {trackId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return trackNotFound();
    return q.value().value(0).toString();
}

Result<QSqlQuery> ContributionService::selectTrack(const QString &trackId) const
{
    auto q = m_vault.db().query(kTrackSelect + QStringLiteral("WHERE t.track_id = ?"), {trackId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return trackNotFound();
    return q;
}

Result<QJsonObject> ContributionService::statusJson(const QString &trackId) const
{
    auto q = selectTrack(trackId);
    if (!q)
        return q.error();
    QJsonObject out = statusFrom(q.value());
    auto checks = JobQueue(m_vault).latestForTrack(trackId);
    if (!checks)
        return checks.error();
    out.insert(QStringLiteral("checks"), checks.value());
    return out;
}

Result<QJsonObject> ContributionService::trackJson(const QString &trackId) const
{
    auto q = selectTrack(trackId);
    if (!q)
        return q.error();
    const QSqlQuery &r = q.value();
    QJsonObject out = statusFrom(r);
    out.insert(
        QStringLiteral("metadata"),
        QJsonObject{
            {QStringLiteral("title"), r.value(3).toString()},
            {QStringLiteral("primary_artist_id"), r.value(4).toString()},
            {QStringLiteral("display_artist_name"), r.value(5).toString()},
            {QStringLiteral("is_collaboration"), r.value(6).toInt() != 0},
            {QStringLiteral("collaborator_names"), json::parsed(r.value(7).toString()).toArray()},
            {QStringLiteral("collaborator_ids"), json::parsed(r.value(8).toString()).toArray()},
            {QStringLiteral("genre_tags"), json::parsed(r.value(9).toString()).toArray()},
            {QStringLiteral("language"), r.value(10).toString()},
            {QStringLiteral("duration_sec"), r.value(11).toDouble()},
            {QStringLiteral("bpm"),
             r.value(12).isNull() ? QJsonValue() : QJsonValue(r.value(12).toDouble())},
            {QStringLiteral("mood_tags"), json::parsed(r.value(13).toString()).toArray()},
            {QStringLiteral("release_status"), r.value(14).toString()},
            {QStringLiteral("created_at"), r.value(15).toString()},
            {QStringLiteral("updated_at"), r.value(16).toString()},
        });
    out.insert(QStringLiteral("rights_record_id"), r.value(17).toString());
    out.insert(QStringLiteral("submission_history_id"), r.value(18).toString());
    out.insert(QStringLiteral("rights"),
               QJsonObject{
                   {QStringLiteral("license_type"), r.value(27).toString()},
                   {QStringLiteral("territorial_scope"), r.value(28).toString()},
                   {QStringLiteral("term"), r.value(29).toString()},
                   {QStringLiteral("rights_holder_type"), r.value(30).toString()},
                   {QStringLiteral("is_original"), r.value(31).toInt() != 0},
                   {QStringLiteral("is_cover"), r.value(32).toInt() != 0},
                   {QStringLiteral("has_third_party_samples"), r.value(33).toInt() != 0},
                   {QStringLiteral("terms_version"), r.value(34).toString()},
                   {QStringLiteral("revocation_scope"), orNull(r.value(26).toString())},
               });
    auto h = m_vault.db().query(
        QStringLiteral("SELECT seq, from_state, to_state, event, actor_id, vote, reason, at "
                       "FROM submission_history WHERE track_id = ? ORDER BY seq"),
        {trackId});
    if (!h)
        return h.error();
    QJsonArray history;
    while (h.value().next()) {
        const QSqlQuery &x = h.value();
        history.append(QJsonObject{
            {QStringLiteral("seq"), x.value(0).toLongLong()},
            {QStringLiteral("from_state"), orNull(x.value(1).toString())},
            {QStringLiteral("to_state"), x.value(2).toString()},
            {QStringLiteral("event"), x.value(3).toString()},
            {QStringLiteral("actor_id"), x.value(4).toString()},
            {QStringLiteral("vote"), orNull(x.value(5).toString())},
            {QStringLiteral("reason"), orNull(x.value(6).toString())},
            {QStringLiteral("at"), x.value(7).toString()},
        });
    }
    out.insert(QStringLiteral("history"), history);
    return out;
}

Result<QJsonObject> ContributionService::listOwn(const Account &who) const
{
    // One query for the whole list: the track columns (same positions as kTrackSelect) and, per
    // track, how many distinct models were trained on it (what GET /tracks/{id}/lineage counts).
    auto q = m_vault.db().query(
        QStringLiteral("SELECT own.*, (SELECT COUNT(DISTINCT mr.model_id) FROM "
                       "training_run_tracks rt JOIN model_training_runs mr ON mr.run_id = "
                       "rt.run_id WHERE rt.track_id = own.track_id) FROM (") +
            kTrackSelect +
            QStringLiteral("WHERE t.primary_artist_id = ?) own ORDER BY own.created_at, "
                           "own.track_id"),
        {who.id});
    if (!q)
        return q.error();
    constexpr int kModelsTrainedColumn = 35; // after kTrackSelect's 35 columns
    QJsonArray tracks;
    while (q.value().next()) {
        QJsonObject o = statusFrom(q.value());
        o.insert(QStringLiteral("title"), q.value().value(3).toString());
        o.insert(QStringLiteral("created_at"), q.value().value(15).toString());
        o.insert(QStringLiteral("models_trained"), q.value().value(kModelsTrainedColumn).toInt());
        tracks.append(o);
    }
    return QJsonObject{{QStringLiteral("tracks"), tracks}};
}

Result<SubmissionState> ContributionService::applyEvent(const QString &trackId,
                                                        SubmissionEvent event,
                                                        const QString &actorId,
                                                        const QString &reason, const QString &vote)
{
    const QString now = m_vault.nowIso();
    return m_vault.transact([&](QSqlDatabase &db) {
        return applyEventIn(db, trackId, event, actorId, reason, vote, now);
    });
}

Result<SubmissionState> ContributionService::applyEventIn(
    const QSqlDatabase &db, const QString &trackId, SubmissionEvent event, const QString &actorId,
    const QString &reason, const QString &vote, const QString &now, const QJsonObject &details)
{
    auto q = exec(
        db, QStringLiteral("SELECT status, submission_history_id FROM tracks WHERE track_id = ?"),
        {trackId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return trackNotFound();
    auto from = core::parseSubmissionState(q.value().value(0).toString());
    if (!from)
        return from.error();
    const QString historyId = q.value().value(1).toString();
    auto to = core::transition(from.value(), event);
    if (!to)
        return to.error();
    auto upd =
        exec(db,
             QStringLiteral("UPDATE tracks SET status = ?, updated_at = ? WHERE track_id = ? "
                            "AND status = ?"),
             {core::toString(to.value()), now, trackId, core::toString(from.value())});
    if (!upd)
        return upd.error();
    if (upd.value().numRowsAffected() != 1)
        return Error::make(ErrorKind::Conflict, QStringLiteral("concurrent_change"),
                           QStringLiteral("the track changed state meanwhile; retry"));
    auto hist =
        exec(db,
             QStringLiteral("INSERT INTO submission_history (submission_history_id, seq, "
                            "track_id, from_state, to_state, event, actor_id, vote, reason, at) "
                            "SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? "
                            "FROM submission_history WHERE submission_history_id = ?"),
             {historyId, trackId, core::toString(from.value()), core::toString(to.value()),
              core::toString(event), actorId, vote.isEmpty() ? QVariant(QString()) : vote, reason,
              now, historyId});
    if (!hist)
        return hist.error();
    QJsonObject payload{{QStringLiteral("event"), core::toString(event)},
                        {QStringLiteral("from"), core::toString(from.value())},
                        {QStringLiteral("to"), core::toString(to.value())},
                        {QStringLiteral("reason"), reason}};
    for (auto it = details.begin(); it != details.end(); ++it)
        payload.insert(it.key(), it.value());
    auto logged = AuditLog::append(db, audit::kSubmissionDecision, actorId, trackId, payload, now);
    if (!logged)
        return logged.error();
    return to.value();
}

Result<QJsonObject> ContributionService::revoke(const Account &who, const QString &trackId,
                                                const QJsonObject &body)
{
    QJsonObject errors;
    const QJsonValue reasonV = body.value(QStringLiteral("reason"));
    QString reason;
    if (!reasonV.isString())
        errors.insert(QStringLiteral("reason"), QStringLiteral("is required (a short text)"));
    else if (const QString why = core::checkText(reasonV.toString(), 500); !why.isEmpty())
        errors.insert(QStringLiteral("reason"), why);
    else
        reason = reasonV.toString().trimmed();
    QString scope = QStringLiteral("all_future_use");
    const QJsonValue scopeV = body.value(QStringLiteral("scope"));
    if (!scopeV.isUndefined() && !scopeV.isNull()) {
        if (!scopeV.isString() || scopeV.toString() != scope)
            errors.insert(QStringLiteral("scope"),
                          QStringLiteral("v0 supports only 'all_future_use' (future training; "
                                         "models already trained are recorded, not retrained)"));
    }
    for (auto it = body.begin(); it != body.end(); ++it)
        if (it.key() != QLatin1String("reason") && it.key() != QLatin1String("scope"))
            errors.insert(it.key(), QStringLiteral("is not a known field"));
    if (!errors.isEmpty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_fields"),
                           QStringLiteral("the revocation has invalid fields"), errors);

    const QString now = m_vault.nowIso();
    const QString newRightsId = core::newId(QStringLiteral("rights"));
    auto done = m_vault.transact([&](QSqlDatabase &db) -> Result<QString> {
        auto q =
            exec(db,
                 QStringLiteral("SELECT t.status, t.submission_history_id, r.rights_record_id, "
                                "r.consent_version, r.revoked FROM tracks t JOIN rights_records r "
                                "ON r.rights_record_id = t.rights_record_id WHERE t.track_id = ?"),
                 {trackId});
        if (!q)
            return q.error();
        if (!q.value().next())
            return trackNotFound();
        if (q.value().value(4).toInt() != 0)
            return Error::make(ErrorKind::Conflict, QStringLiteral("already_revoked"),
                               QStringLiteral("this track's consent is already revoked"));
        auto from = core::parseSubmissionState(q.value().value(0).toString());
        if (!from)
            return from.error();
        auto to = core::transition(from.value(), SubmissionEvent::Revoked);
        if (!to)
            return to.error();
        const QString historyId = q.value().value(1).toString();
        const QString oldRightsId = q.value().value(2).toString();
        const qint64 version = q.value().value(3).toLongLong() + 1;

        // New consent version: a copy of the current record with the revocation; the old
        // version stays as it was.
        auto ins =
            exec(db,
                 QStringLiteral("INSERT INTO rights_records (rights_record_id, track_id, "
                                "contributor_id, license_type, territorial_scope, term, "
                                "rights_holder_type, is_original, is_cover, "
                                "has_third_party_samples, training_allowed, internal_demo_ok, "
                                "allow_per_artist_adapters, revoked, revoked_at, "
                                "revocation_reason, revocation_scope, consent_version, "
                                "terms_version, created_at) "
                                "SELECT ?, track_id, contributor_id, license_type, "
                                "territorial_scope, term, rights_holder_type, is_original, "
                                "is_cover, has_third_party_samples, training_allowed, "
                                "internal_demo_ok, allow_per_artist_adapters, 1, ?, ?, ?, ?, "
                                "terms_version, ? FROM rights_records WHERE rights_record_id = ?"),
                 {newRightsId, now, reason, scope, version, now, oldRightsId});
        if (!ins)
            return ins.error();
        auto upd = exec(
            db,
            QStringLiteral("UPDATE tracks SET rights_record_id = ?, status = ?, updated_at = ? "
                           "WHERE track_id = ?"),
            {newRightsId, core::toString(to.value()), now, trackId});
        if (!upd)
            return upd.error();
        auto hist =
            exec(db,
                 QStringLiteral("INSERT INTO submission_history (submission_history_id, seq, "
                                "track_id, from_state, to_state, event, actor_id, reason, at) "
                                "SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, 'revoked', ?, ?, ? "
                                "FROM submission_history WHERE submission_history_id = ?"),
                 {historyId, trackId, core::toString(from.value()), core::toString(to.value()),
                  who.id, reason, now, historyId});
        if (!hist)
            return hist.error();
        auto cancel =
            exec(db,
                 QStringLiteral("UPDATE jobs SET state = 'cancelled', updated_at = ? WHERE "
                                "track_id = ? AND state = 'queued'"),
                 {now, trackId});
        if (!cancel)
            return cancel.error();
        const QJsonObject event{
            {QStringLiteral("track_id"), trackId}, {QStringLiteral("contributor_id"), who.id},
            {QStringLiteral("revoked_at"), now},   {QStringLiteral("reason"), reason},
            {QStringLiteral("scope"), scope},      {QStringLiteral("consent_version"), version}};
        auto outbox =
            exec(db,
                 QStringLiteral("INSERT INTO outbox (event_id, event_type, subject, payload, "
                                "created_at) VALUES (?, 'track.revoked', ?, ?, ?)"),
                 {core::newId(QStringLiteral("evt")), trackId,
                  QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact)), now});
        if (!outbox)
            return outbox.error();
        auto logged =
            AuditLog::append(db, audit::kConsentChange, who.id, trackId,
                             QJsonObject{{QStringLiteral("change"), QStringLiteral("revoked")},
                                         {QStringLiteral("old_rights_record_id"), oldRightsId},
                                         {QStringLiteral("new_rights_record_id"), newRightsId},
                                         {QStringLiteral("consent_version"), version},
                                         {QStringLiteral("scope"), scope},
                                         {QStringLiteral("from"), core::toString(from.value())},
                                         {QStringLiteral("to"), core::toString(to.value())}},
                             now);
        if (!logged)
            return logged.error();
        return trackId;
    });
    if (!done)
        return done.error();
    return statusJson(trackId);
}

Result<QStringList> ContributionService::trainingEligibleTrackIds() const
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT t.track_id FROM tracks t JOIN rights_records r ON "
                       "r.rights_record_id = t.rights_record_id WHERE t.status = 'accepted' "
                       "AND r.training_allowed = 1 AND r.revoked = 0 ORDER BY t.track_id"));
    if (!q)
        return q.error();
    QStringList out;
    while (q.value().next())
        out << q.value().value(0).toString();
    return out;
}

Result<int> ContributionService::sweepExpiredUploads()
{
    auto q = m_vault.db().query(
        QStringLiteral("SELECT upload_id, object_uri FROM uploads WHERE consumed_at IS NULL "
                       "AND expires_at <= ?"),
        {m_vault.nowIso()});
    if (!q)
        return q.error();
    QList<std::pair<QString, QString>> expired;
    while (q.value().next())
        expired.append({q.value().value(0).toString(), q.value().value(1).toString()});
    int removed = 0;
    for (const auto &[uploadId, objectUri] : expired) {
        // Delete the row first (only if still unconsumed), then its object.
        auto del = m_vault.db().query(
            QStringLiteral("DELETE FROM uploads WHERE upload_id = ? AND consumed_at IS NULL"),
            {uploadId});
        if (!del || del.value().numRowsAffected() != 1)
            continue;
        if (auto uri = ObjectUri::parse(objectUri))
            if (auto rm = m_vault.store().remove(uri.value()); !rm)
                qWarning("expired upload %s: removing its stored audio failed (an orphaned "
                         "object): %s",
                         qPrintable(uploadId), qPrintable(rm.error().message));
        ++removed;
    }
    return removed;
}

Result<qint64> VaultAccess::readTrackAudio(const Account &who, const QString &trackId,
                                           const QString &purpose, const QString &jobId,
                                           QIODevice &out, const QJsonObject &context)
{
    auto uri = authorizeRead(who, trackId, purpose, jobId, context);
    if (!uri)
        return uri.error();
    return m_vault.store().read(uri.value(), out);
}

Result<std::unique_ptr<QIODevice>>
VaultAccess::openTrackAudio(const Account &who, const QString &trackId, const QString &purpose,
                            const QString &jobId, const QJsonObject &context)
{
    auto uri = authorizeRead(who, trackId, purpose, jobId, context);
    if (!uri)
        return uri.error();
    return m_vault.store().openReader(uri.value());
}

Result<ObjectUri> VaultAccess::authorizeRead(const Account &who, const QString &trackId,
                                             const QString &purpose, const QString &jobId,
                                             const QJsonObject &context)
{
    if (core::decide(who.principal(), core::Action::ReadRawAudio) != core::Decision::Allowed)
        return Error::make(ErrorKind::Forbidden, QStringLiteral("raw_audio_forbidden"),
                           QStringLiteral("raw audio is available to system services only"));
    if (core::checkText(purpose, 200).size() > 0)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("purpose_required"),
                           QStringLiteral("every raw-audio read must state its purpose"));
    const QString now = m_vault.nowIso();
    auto uri = m_vault.transact([&](QSqlDatabase &db) -> Result<QString> {
        auto q = exec(db, QStringLiteral("SELECT storage_uri FROM tracks WHERE track_id = ?"),
                      {trackId});
        if (!q)
            return q.error();
        if (!q.value().next())
            return trackNotFound();
        QJsonObject payload{
            {QStringLiteral("service"), who.displayName},
            {QStringLiteral("role"), core::roleNames(who.roles).join(QLatin1Char(','))},
            {QStringLiteral("purpose"), purpose},
            {QStringLiteral("job_id"), jobId},
            {QStringLiteral("track_id"), trackId}};
        for (auto it = context.begin(); it != context.end(); ++it)
            payload.insert(it.key(), it.value());
        auto logged = AuditLog::append(db, audit::kVaultAccess, who.id, trackId, payload, now);
        if (!logged)
            return logged.error();
        return q.value().value(0).toString();
    });
    if (!uri)
        return uri.error();
    return ObjectUri::parse(uri.value());
}

} // namespace lemm::server
