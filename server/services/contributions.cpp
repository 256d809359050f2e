#include "server/services/contributions.h"

#include "server/base/json_util.h"
#include "server/services/jobs.h"
#include "server/storage/audit_log.h"

#include "core/audio/audio_decoder.h"
#include "core/base/ids.h"
#include "core/crypto/crypto.h"
#include "core/domain/contribution.h"
#include "core/domain/decisions.h"
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

QJsonObject consentJson(const RightsRecord &r)
{
    return QJsonObject{
        {QStringLiteral("version"), r.consentVersion},
        {QStringLiteral("training_allowed"), r.trainingAllowed},
        {QStringLiteral("internal_demo_ok"), r.internalDemoOk},
        {QStringLiteral("allow_per_artist_adapters"), r.allowPerArtistAdapters},
        {QStringLiteral("revoked"), r.revoked},
        {QStringLiteral("revoked_at"), orNull(r.revokedAt)},
        {QStringLiteral("revocation_reason"), orNull(r.revocationReason)},
    };
}

QJsonObject statusJsonOf(const TrackRecord &r)
{
    return QJsonObject{
        {QStringLiteral("track_id"), r.track.id},
        {QStringLiteral("status"), core::toString(r.track.status)},
        {QStringLiteral("consent"), consentJson(r.rights)},
        {QStringLiteral("flags"), r.track.flags.toJson()},
    };
}

QJsonObject metadataJson(const TrackRow &t)
{
    return QJsonObject{
        {QStringLiteral("title"), t.title},
        {QStringLiteral("primary_artist_id"), t.primaryArtistId},
        {QStringLiteral("display_artist_name"), t.displayArtistName},
        {QStringLiteral("is_collaboration"), t.isCollaboration},
        {QStringLiteral("collaborator_names"), QJsonArray::fromStringList(t.collaboratorNames)},
        {QStringLiteral("collaborator_ids"), QJsonArray::fromStringList(t.collaboratorIds)},
        {QStringLiteral("genre_tags"), QJsonArray::fromStringList(t.genreTags)},
        {QStringLiteral("language"), t.language},
        {QStringLiteral("duration_sec"), t.durationSec},
        {QStringLiteral("bpm"), t.bpm ? QJsonValue(*t.bpm) : QJsonValue()},
        {QStringLiteral("mood_tags"), QJsonArray::fromStringList(t.moodTags)},
        {QStringLiteral("release_status"), t.releaseStatus},
        {QStringLiteral("created_at"), t.createdAt},
        {QStringLiteral("updated_at"), t.updatedAt},
    };
}

QJsonObject rightsJson(const RightsRecord &r)
{
    return QJsonObject{
        {QStringLiteral("license_type"), r.licenseType},
        {QStringLiteral("territorial_scope"), r.territorialScope},
        {QStringLiteral("term"), r.term},
        {QStringLiteral("rights_holder_type"), r.rightsHolderType},
        {QStringLiteral("is_original"), r.isOriginal},
        {QStringLiteral("is_cover"), r.isCover},
        {QStringLiteral("has_third_party_samples"), r.hasThirdPartySamples},
        {QStringLiteral("terms_version"), r.termsVersion},
        {QStringLiteral("revocation_scope"), orNull(r.revocationScope)},
    };
}

QJsonObject historyJson(const HistoryEntry &e)
{
    return QJsonObject{
        {QStringLiteral("seq"), e.seq},
        {QStringLiteral("from_state"), orNull(e.fromState)},
        {QStringLiteral("to_state"), e.toState},
        {QStringLiteral("event"), e.event},
        {QStringLiteral("actor_id"), e.actorId},
        {QStringLiteral("vote"), orNull(e.vote)},
        {QStringLiteral("reason"), orNull(e.reason)},
        {QStringLiteral("at"), e.at},
    };
}

// The new submission's rows as the track store takes them.
TrackRecord newTrackRecord(const core::SubmitRequest &req, const Account &who,
                           const QString &trackId, const QString &rightsId,
                           const QString &historyId, const QString &storageUri, double duration,
                           const QString &fileName, const TrackFlags &flags, const QString &now)
{
    const auto &md = req.metadata;
    const auto &rd = req.rights;
    TrackRecord rec;
    TrackRow &t = rec.track;
    t.id = trackId;
    t.storageUri = storageUri;
    t.title = md.title;
    t.primaryArtistId = who.id;
    t.displayArtistName = md.artistDisplayName;
    t.isCollaboration = md.isCollaboration;
    t.collaboratorNames = md.collaboratorNames;
    t.genreTags = md.genreTags;
    t.language = md.language;
    t.durationSec = duration;
    t.releaseStatus = md.releaseStatus;
    t.originalFilename = fileName;
    t.createdAt = now;
    t.updatedAt = now;
    t.rightsRecordId = rightsId;
    t.submissionHistoryId = historyId;
    t.status = SubmissionState::Submitted;
    t.flags = flags;
    RightsRecord &r = rec.rights;
    r.id = rightsId;
    r.trackId = trackId;
    r.contributorId = who.id;
    r.licenseType = rd.licenseType;
    r.territorialScope = rd.territorialScope;
    r.term = rd.term;
    r.rightsHolderType = rd.rightsHolderType;
    r.isOriginal = rd.isOriginal;
    r.isCover = rd.isCover;
    r.hasThirdPartySamples = rd.hasThirdPartySamples;
    r.trainingAllowed = rd.trainingAllowed;
    r.internalDemoOk = rd.internalDemoOk;
    r.allowPerArtistAdapters = rd.allowPerArtistAdapters;
    r.consentVersion = 1;
    r.termsVersion = who.affirmedTermsVersion;
    r.createdAt = now;
    return rec;
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
    std::optional<std::pair<ObjectUri, ObjectUri>> moved;

    auto result = m_vault.transact([&](const Tx &tx) -> Result<QJsonObject> {
        auto up = exec(tx,
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

        auto consume = exec(tx,
                            QStringLiteral("UPDATE uploads SET consumed_at = ?, track_id = ? WHERE "
                                           "upload_id = ? AND consumed_at IS NULL"),
                            {now, trackId, uploadId});
        if (!consume)
            return consume.error();
        if (consume.value().numRowsAffected() != 1)
            return Error::make(
                ErrorKind::Gone, QStringLiteral("upload_token_used"),
                QStringLiteral("this upload token was already used for a submission"));

        auto counts = TrackStore::activeCounts(tx, who.id);
        if (!counts)
            return counts.error();
        TrackFlags flags = TrackFlags::fromList(core::rightsReviewFlags(req->rights));
        if (!who.bulkSourceApproved &&
            core::isBulkHold(counts->second, counts->first, policy.value()))
            flags.add(core::flags::kBulkHold);
        const TrackRecord record = newTrackRecord(req.value(), who, trackId, rightsId, historyId,
                                                  to->toString(), duration, fileName, flags, now);
        auto created = TrackStore::create(
            tx, record, now,
            QJsonObject{{QStringLiteral("decision"), QStringLiteral("submitted")},
                        {QStringLiteral("rights_record_id"), rightsId},
                        {QStringLiteral("consent_version"), 1},
                        {QStringLiteral("training_allowed"), req->rights.trainingAllowed},
                        {QStringLiteral("flags"), flags.toJson()}});
        if (!created)
            return created.error();
        auto job = JobQueue::enqueue(tx, QStringLiteral("ingest"), trackId, now);
        if (!job)
            return job.error();
        auto started = TrackStore::transition(
            tx, trackId, SubmissionEvent::ChecksStarted, QStringLiteral("system"),
            QStringLiteral("audio stored; automated checks queued"), now);
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
    m_notifier.notify();
    return statusJson(trackId);
}

Result<QString> ContributionService::ownerOf(const QString &trackId) const
{
    return m_tracks.ownerOf(trackId);
}

Result<QJsonObject> ContributionService::statusJson(const QString &trackId) const
{
    auto rec = m_tracks.find(trackId);
    if (!rec)
        return rec.error();
    QJsonObject out = statusJsonOf(rec.value());
    auto checks = m_jobs.latestForTrack(trackId);
    if (!checks)
        return checks.error();
    out.insert(QStringLiteral("checks"), checks.value());
    return out;
}

Result<QJsonObject> ContributionService::trackJson(const QString &trackId) const
{
    auto rec = m_tracks.find(trackId);
    if (!rec)
        return rec.error();
    QJsonObject out = statusJsonOf(rec.value());
    out.insert(QStringLiteral("metadata"), metadataJson(rec->track));
    out.insert(QStringLiteral("rights_record_id"), rec->track.rightsRecordId);
    out.insert(QStringLiteral("submission_history_id"), rec->track.submissionHistoryId);
    out.insert(QStringLiteral("rights"), rightsJson(rec->rights));
    auto entries = m_tracks.history(trackId);
    if (!entries)
        return entries.error();
    QJsonArray history;
    for (const HistoryEntry &e : entries.value())
        history.append(historyJson(e));
    out.insert(QStringLiteral("history"), history);
    return out;
}

Result<QJsonObject> ContributionService::listOwn(const Account &who) const
{
    auto own = m_tracks.ownedBy(who.id);
    if (!own)
        return own.error();
    // Per track, how many distinct models were trained on it (what GET /tracks/{id}/lineage
    // counts), in one query for the whole list.
    auto q = m_vault.db().query(
        QStringLiteral("SELECT rt.track_id, COUNT(DISTINCT mr.model_id) FROM training_run_tracks "
                       "rt JOIN model_training_runs mr ON mr.run_id = rt.run_id JOIN tracks t ON "
                       "t.track_id = rt.track_id WHERE t.primary_artist_id = ? GROUP BY "
                       "rt.track_id"),
        {who.id});
    if (!q)
        return q.error();
    QHash<QString, int> modelsTrained;
    while (q.value().next())
        modelsTrained.insert(q.value().value(0).toString(), q.value().value(1).toInt());
    QJsonArray tracks;
    for (const TrackRecord &r : own.value()) {
        QJsonObject o = statusJsonOf(r);
        o.insert(QStringLiteral("title"), r.track.title);
        o.insert(QStringLiteral("created_at"), r.track.createdAt);
        o.insert(QStringLiteral("models_trained"), modelsTrained.value(r.track.id));
        tracks.append(o);
    }
    return QJsonObject{{QStringLiteral("tracks"), tracks}};
}

Result<QJsonObject> ContributionService::revoke(const Account &who, const QString &trackId,
                                                const QJsonObject &body)
{
    auto request = core::parseRevokeRequest(body);
    if (!request)
        return request.error();
    const QString &reason = request->reason;
    const QString &scope = request->scope;

    const QString now = m_vault.nowIso();
    auto done = m_vault.transact([&](const Tx &tx) -> Result<QString> {
        auto revoked = TrackStore::revoke(tx, trackId, who.id, reason, scope, now);
        if (!revoked)
            return revoked.error();
        const qint64 version = revoked->consentVersion;
        auto cancel =
            exec(tx,
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
            exec(tx,
                 QStringLiteral("INSERT INTO outbox (event_id, event_type, subject, payload, "
                                "created_at) VALUES (?, 'track.revoked', ?, ?, ?)"),
                 {core::newId(QStringLiteral("evt")), trackId,
                  QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact)), now});
        if (!outbox)
            return outbox.error();
        return trackId;
    });
    if (!done)
        return done.error();
    return statusJson(trackId);
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
    auto uri = m_vault.transact([&](const Tx &tx) -> Result<QString> {
        auto q = exec(tx, QStringLiteral("SELECT storage_uri FROM tracks WHERE track_id = ?"),
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
        auto logged = AuditLog::append(tx, audit::kVaultAccess, who.id, trackId, payload, now);
        if (!logged)
            return logged.error();
        return q.value().value(0).toString();
    });
    if (!uri)
        return uri.error();
    return ObjectUri::parse(uri.value());
}

} // namespace lemm::server
