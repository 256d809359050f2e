#include "server/services/submissions.h"

#include "server/base/json_util.h"
#include "server/services/jobs.h"
#include "server/storage/audit_log.h"

#include "core/base/ids.h"
#include "core/crypto/crypto.h"
#include "core/domain/contribution.h"
#include "core/domain/decisions.h"
#include "core/domain/terms.h"

#include <QJsonArray>

#include <optional>
#include <utility>

namespace lemm::server {

using core::SubmissionEvent;
using core::SubmissionState;
namespace crypto = core::crypto;

namespace {

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
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

// What the contributor is told about a track the checks rejected for a strong external hit
// (issue 14): how to appeal, and where the appeal stands. Empty for every other track.
QString strongHitNotice(const TrackRecord &r)
{
    if (!r.track.flags.has(core::flags::kExternalStrongHit))
        return {};
    if (r.track.status == core::SubmissionState::Rejected)
        return QStringLiteral("Rejected automatically: a strong match with a track of an external "
                              "catalog. If you hold the rights to this recording, appeal with "
                              "POST /tracks/%1/appeal {\"reason\": \"...\"}; the track then "
                              "goes to the dispute queue and an admin or a second reviewer "
                              "decides.")
            .arg(r.track.id);
    if (r.track.status == core::SubmissionState::DisputePending)
        return QStringLiteral("Your appeal is in the dispute queue; an admin or a second "
                              "reviewer decides.");
    return {};
}

QJsonObject statusJsonOf(const TrackRecord &r)
{
    QJsonObject out{
        {QStringLiteral("track_id"), r.track.id},
        {QStringLiteral("status"), core::toString(r.track.status)},
        {QStringLiteral("consent"), consentJson(r.rights)},
        {QStringLiteral("flags"), r.track.flags.toJson()},
    };
    if (const QString notice = strongHitNotice(r); !notice.isEmpty()) {
        out.insert(QStringLiteral("notice"), notice);
        if (r.track.status == core::SubmissionState::Rejected)
            out.insert(QStringLiteral("appeal"),
                       QStringLiteral("/tracks/%1/appeal").arg(r.track.id));
    }
    return out;
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

// The ids a new submission's rows get.
struct SubmissionIds {
    QString track = core::newId(QStringLiteral("trk"));
    QString rights = core::newId(QStringLiteral("rights"));
    QString history = core::newId(QStringLiteral("subm"));
};

// What a consumed upload hands to the submission made from it.
struct ConsumedUpload {
    ObjectUri from; // the upload's object
    ObjectUri to;   // the track's object the audio moves to
    double durationSec = 0;
    QString fileName;
};

Error tokenUsed()
{
    return Error::make(ErrorKind::Gone, QStringLiteral("upload_token_used"),
                       QStringLiteral("this upload token was already used for a submission"));
}

// Step 1: the caller's unused, unexpired upload of `token`, marked consumed by `trackId`.
Result<ConsumedUpload> consumeUpload(const Tx &tx, const Account &who, const QString &token,
                                     const QString &trackId, const QString &now)
{
    auto up = exec(tx,
                   QStringLiteral("SELECT upload_id, contributor_id, object_uri, expires_at, "
                                  "consumed_at, duration_sec, original_filename FROM uploads "
                                  "WHERE token_hash = ?"),
                   {crypto::tokenDigest(token)});
    if (!up)
        return up.error();
    // Another contributor's token is reported exactly like an unknown one.
    if (!up.value().next() || up.value().value(1).toString() != who.id)
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_upload_token"),
                           QStringLiteral("the audio upload token is not valid"),
                           QJsonObject{{QStringLiteral("audio_upload_token"),
                                        QStringLiteral("unknown token; upload the audio first")}});
    const QString uploadId = up.value().value(0).toString();
    if (!up.value().value(4).toString().isEmpty())
        return tokenUsed();
    if (up.value().value(3).toString() <= now)
        return Error::make(ErrorKind::Gone, QStringLiteral("upload_token_expired"),
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
        return tokenUsed();
    return ConsumedUpload{from.value(), to.value(), duration, fileName};
}

// Step 2: the track's rows, with the rights-review flags and the bulk hold when it applies.
Result<TrackRecord> buildRecord(const Tx &tx, const core::SubmitRequest &req, const Account &who,
                                const core::Policy &policy, const SubmissionIds &ids,
                                const ConsumedUpload &upload, const QString &now)
{
    auto counts = TrackStore::activeCounts(tx, who.id);
    if (!counts)
        return counts.error();
    TrackFlags flags = TrackFlags::fromList(core::rightsReviewFlags(req.rights));
    if (!who.bulkSourceApproved && core::isBulkHold(counts->second, counts->first, policy))
        flags.add(core::flags::kBulkHold);
    return newTrackRecord(req, who, ids.track, ids.rights, ids.history, upload.to.toString(),
                          upload.durationSec, upload.fileName, flags, now);
}

// Step 3: the track created (submitted), its ingest job queued and its checks started.
Status createAndQueue(const Tx &tx, const TrackRecord &record, const QString &now)
{
    const QString &trackId = record.track.id;
    auto created = TrackStore::create(
        tx, record, now,
        QJsonObject{
            {QStringLiteral("decision"), QStringLiteral("submitted")},
            {QStringLiteral("rights_record_id"), record.rights.id},
            {QStringLiteral("consent_version"), 1},
            {QStringLiteral("training_allowed"), record.rights.trainingAllowed},
            {QStringLiteral("internal_demo_ok"), record.rights.internalDemoOk},
            {QStringLiteral("allow_per_artist_adapters"), record.rights.allowPerArtistAdapters},
            {QStringLiteral("flags"), record.track.flags.toJson()}});
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
    return core::okStatus();
}

} // namespace

Result<QJsonObject> SubmissionService::submit(const Account &who, const QJsonObject &body)
{
    auto policy = m_vault.policy();
    if (!policy)
        return policy.error();
    auto req = core::parseSubmitRequest(body, policy.value());
    if (!req)
        return req.error();
    const QString now = m_vault.nowIso();
    const SubmissionIds ids;
    std::optional<std::pair<ObjectUri, ObjectUri>> moved;

    auto result = m_vault.transact([&](const Tx &tx) -> Status {
        auto upload = consumeUpload(tx, who, req->audioUploadToken, ids.track, now);
        if (!upload)
            return upload.error();
        auto record = buildRecord(tx, req.value(), who, policy.value(), ids, upload.value(), now);
        if (!record)
            return record.error();
        if (auto queued = createAndQueue(tx, record.value(), now); !queued)
            return queued;
        // Step 4: the audio moves last; a failed commit moves it back below.
        if (auto mv = m_vault.store().move(upload->from, upload->to); !mv)
            return mv.error();
        moved = std::make_pair(upload->from, upload->to);
        return core::okStatus();
    });
    if (!result) {
        if (moved)
            if (auto back = m_vault.store().move(moved->second, moved->first); !back)
                qWarning("track %s: moving the audio back after the failed submission failed "
                         "(the upload's object is now at %s): %s",
                         qPrintable(ids.track), qPrintable(moved->second.toString()),
                         qPrintable(back.error().message));
        return result.error();
    }
    m_notifier.notify();
    return statusJson(ids.track);
}

Result<QString> SubmissionService::ownerOf(const QString &trackId) const
{
    return m_tracks.ownerOf(trackId);
}

Result<QJsonObject> SubmissionService::statusJson(const QString &trackId) const
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

Result<QJsonObject> SubmissionService::trackJson(const QString &trackId) const
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

Result<QJsonObject> SubmissionService::listOwn(const Account &who) const
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

} // namespace lemm::server
