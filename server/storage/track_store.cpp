#include "server/storage/track_store.h"

#include "server/base/json_util.h"
#include "server/storage/audit_log.h"

#include "core/base/ids.h"
#include "core/domain/decisions.h"

#include <QSqlRecord>

#include <algorithm>

namespace lemm::server {

using core::SubmissionEvent;
using core::SubmissionState;

namespace {

QString orEmpty(const QVariant &v)
{
    return v.isNull() ? QString() : v.toString();
}

QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant(QString()) : QVariant(s);
}

QStringList stringList(const QVariant &jsonText)
{
    QStringList out;
    for (const QJsonValue &v : json::parsed(jsonText.toString()).toArray())
        out << v.toString();
    return out;
}

// The columns of a track with its consent, named so rows are read by name.
const QString kTrackColumns = QStringLiteral(
    "t.track_id, t.storage_uri, t.title, t.primary_artist_id, t.display_artist_name, "
    "t.is_collaboration, t.collaborator_names, t.collaborator_ids, t.genre_tags, t.language, "
    "t.duration_sec, t.bpm, t.mood_tags, t.release_status, t.original_filename, t.created_at, "
    "t.updated_at, t.rights_record_id, t.submission_history_id, t.status, "
    "r.contributor_id AS r_contributor_id, r.license_type AS r_license_type, "
    "r.territorial_scope AS r_territorial_scope, r.term AS r_term, "
    "r.rights_holder_type AS r_rights_holder_type, r.is_original AS r_is_original, "
    "r.is_cover AS r_is_cover, r.has_third_party_samples AS r_has_third_party_samples, "
    "r.training_allowed AS r_training_allowed, r.internal_demo_ok AS r_internal_demo_ok, "
    "r.allow_per_artist_adapters AS r_allow_per_artist_adapters, r.revoked AS r_revoked, "
    "r.revoked_at AS r_revoked_at, r.revocation_reason AS r_revocation_reason, "
    "r.revocation_scope AS r_revocation_scope, r.consent_version AS r_consent_version, "
    "r.terms_version AS r_terms_version, r.created_at AS r_created_at ");

// Reads a row of kTrackColumns by column name.
class RowReader
{
public:
    explicit RowReader(const QSqlQuery &q) : m_q(q), m_rec(q.record()) {}
    QVariant operator[](const char *name) const
    {
        return m_q.value(m_rec.indexOf(QLatin1String(name)));
    }

private:
    const QSqlQuery &m_q;
    QSqlRecord m_rec;
};

RightsRecord rightsFrom(const RowReader &r)
{
    RightsRecord x;
    x.id = r["rights_record_id"].toString();
    x.trackId = r["track_id"].toString();
    x.contributorId = r["r_contributor_id"].toString();
    x.licenseType = r["r_license_type"].toString();
    x.territorialScope = r["r_territorial_scope"].toString();
    x.term = r["r_term"].toString();
    x.rightsHolderType = r["r_rights_holder_type"].toString();
    x.isOriginal = r["r_is_original"].toInt() != 0;
    x.isCover = r["r_is_cover"].toInt() != 0;
    x.hasThirdPartySamples = r["r_has_third_party_samples"].toInt() != 0;
    x.trainingAllowed = r["r_training_allowed"].toInt() != 0;
    x.internalDemoOk = r["r_internal_demo_ok"].toInt() != 0;
    x.allowPerArtistAdapters = r["r_allow_per_artist_adapters"].toInt() != 0;
    x.revoked = r["r_revoked"].toInt() != 0;
    x.revokedAt = orEmpty(r["r_revoked_at"]);
    x.revocationReason = orEmpty(r["r_revocation_reason"]);
    x.revocationScope = orEmpty(r["r_revocation_scope"]);
    x.consentVersion = r["r_consent_version"].toLongLong();
    x.termsVersion = orEmpty(r["r_terms_version"]);
    x.createdAt = r["r_created_at"].toString();
    return x;
}

Result<TrackRecord> recordFrom(const QSqlQuery &q)
{
    const RowReader r(q);
    TrackRecord rec;
    TrackRow &t = rec.track;
    t.id = r["track_id"].toString();
    t.storageUri = r["storage_uri"].toString();
    t.title = r["title"].toString();
    t.primaryArtistId = r["primary_artist_id"].toString();
    t.displayArtistName = r["display_artist_name"].toString();
    t.isCollaboration = r["is_collaboration"].toInt() != 0;
    t.collaboratorNames = stringList(r["collaborator_names"]);
    t.collaboratorIds = stringList(r["collaborator_ids"]);
    t.genreTags = stringList(r["genre_tags"]);
    t.language = r["language"].toString();
    t.durationSec = r["duration_sec"].toDouble();
    if (const QVariant bpm = r["bpm"]; !bpm.isNull())
        t.bpm = bpm.toDouble();
    t.moodTags = stringList(r["mood_tags"]);
    t.releaseStatus = r["release_status"].toString();
    t.originalFilename = orEmpty(r["original_filename"]);
    t.createdAt = r["created_at"].toString();
    t.updatedAt = r["updated_at"].toString();
    t.rightsRecordId = r["rights_record_id"].toString();
    t.submissionHistoryId = r["submission_history_id"].toString();
    auto status = core::parseSubmissionState(r["status"].toString());
    if (!status)
        return status.error();
    t.status = status.value();
    rec.rights = rightsFrom(r);
    return rec;
}

// Reads every row of `q` (kTrackColumns) and attaches each track's flags.
Result<QList<TrackRecord>> recordsFrom(Result<QSqlQuery> q, const TrackStore &store)
{
    if (!q)
        return q.error();
    QList<TrackRecord> out;
    QStringList ids;
    while (q.value().next()) {
        auto rec = recordFrom(q.value());
        if (!rec)
            return rec.error();
        ids << rec->track.id;
        out << rec.value();
    }
    q.value().finish();
    auto flags = store.flagsOf(ids);
    if (!flags)
        return flags.error();
    for (TrackRecord &r : out)
        r.track.flags = flags->value(r.track.id);
    return out;
}

QString inList(const QList<SubmissionState> &states)
{
    QStringList quoted;
    for (SubmissionState s : states)
        quoted << QLatin1Char('\'') + core::toString(s) + QLatin1Char('\'');
    return QLatin1Char('(') + quoted.join(QStringLiteral(", ")) + QLatin1Char(')');
}

Status appendHistory(const Tx &tx, const QString &historyId, const QString &trackId,
                     const HistoryEntry &e)
{
    auto hist = exec(tx,
                     QStringLiteral("INSERT INTO submission_history (submission_history_id, seq, "
                                    "track_id, from_state, to_state, event, actor_id, vote, "
                                    "reason, at) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, "
                                    "?, ?, ?, ? FROM submission_history WHERE "
                                    "submission_history_id = ?"),
                     {historyId, trackId, nullIfEmpty(e.fromState), e.toState, e.event, e.actorId,
                      nullIfEmpty(e.vote), nullIfEmpty(e.reason), e.at, historyId});
    if (!hist)
        return hist.error();
    return core::okStatus();
}

// The state the track is in now and its history id, or NotFound.
struct Current {
    SubmissionState state;
    QString historyId;
};

Result<Current> currentState(const Tx &tx, const QString &trackId)
{
    auto q = exec(tx,
                  QStringLiteral("SELECT status, submission_history_id FROM tracks WHERE "
                                 "track_id = ?") +
                      tx.forUpdate(),
                  {trackId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return TrackStore::notFound();
    auto state = core::parseSubmissionState(q.value().value(0).toString());
    if (!state)
        return state.error();
    return Current{state.value(), q.value().value(1).toString()};
}

// The status write every move shares: only from the state that was read (a concurrent move
// makes it touch no row), optionally pointing the track at a new consent version.
Status moveStatus(const Tx &tx, const QString &trackId, SubmissionState from, SubmissionState to,
                  const QString &now, const QString &newRightsId = {})
{
    auto upd = newRightsId.isEmpty()
                   ? exec(tx,
                          QStringLiteral("UPDATE tracks SET status = ?, updated_at = ? WHERE "
                                         "track_id = ? AND status = ?"),
                          {core::toString(to), now, trackId, core::toString(from)})
                   : exec(tx,
                          QStringLiteral("UPDATE tracks SET status = ?, updated_at = ?, "
                                         "rights_record_id = ? WHERE track_id = ? AND status = ?"),
                          {core::toString(to), now, newRightsId, trackId, core::toString(from)});
    if (!upd)
        return upd.error();
    if (upd.value().numRowsAffected() != 1)
        return Error::make(ErrorKind::Conflict, QStringLiteral("concurrent_change"),
                           QStringLiteral("the track changed state meanwhile; retry"));
    return core::okStatus();
}

Status insertFlags(const Tx &tx, const QString &trackId, const QStringList &flags,
                   const QString &now)
{
    for (const QString &flag : flags) {
        auto ins = exec(tx,
                        QStringLiteral("INSERT INTO track_flags (track_id, flag, added_at) "
                                       "VALUES (?, ?, ?) ON CONFLICT (track_id, flag) DO NOTHING"),
                        {trackId, flag, now});
        if (!ins)
            return ins.error();
    }
    return core::okStatus();
}

Status insertRights(const Tx &tx, const RightsRecord &r)
{
    auto ins = exec(
        tx,
        QStringLiteral("INSERT INTO rights_records (rights_record_id, track_id, contributor_id, "
                       "license_type, territorial_scope, term, rights_holder_type, is_original, "
                       "is_cover, has_third_party_samples, training_allowed, internal_demo_ok, "
                       "allow_per_artist_adapters, revoked, revoked_at, revocation_reason, "
                       "revocation_scope, consent_version, terms_version, created_at) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {r.id,
         r.trackId,
         r.contributorId,
         r.licenseType,
         r.territorialScope,
         r.term,
         r.rightsHolderType,
         int(r.isOriginal),
         int(r.isCover),
         int(r.hasThirdPartySamples),
         int(r.trainingAllowed),
         int(r.internalDemoOk),
         int(r.allowPerArtistAdapters),
         int(r.revoked),
         nullIfEmpty(r.revokedAt),
         nullIfEmpty(r.revocationReason),
         nullIfEmpty(r.revocationScope),
         r.consentVersion,
         r.termsVersion,
         r.createdAt});
    if (!ins)
        return ins.error();
    return core::okStatus();
}

Status insertTrack(const Tx &tx, const TrackRow &t)
{
    auto ins =
        exec(tx,
             QStringLiteral("INSERT INTO tracks (track_id, storage_uri, title, primary_artist_id, "
                            "display_artist_name, is_collaboration, collaborator_names, "
                            "collaborator_ids, genre_tags, language, duration_sec, bpm, mood_tags, "
                            "release_status, original_filename, created_at, updated_at, "
                            "rights_record_id, status, submission_history_id) VALUES "
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
             {t.id,
              t.storageUri,
              t.title,
              t.primaryArtistId,
              t.displayArtistName,
              int(t.isCollaboration),
              json::compact(QJsonArray::fromStringList(t.collaboratorNames)),
              json::compact(QJsonArray::fromStringList(t.collaboratorIds)),
              json::compact(QJsonArray::fromStringList(t.genreTags)),
              t.language,
              t.durationSec,
              t.bpm ? QVariant(*t.bpm) : QVariant(),
              json::compact(QJsonArray::fromStringList(t.moodTags)),
              t.releaseStatus,
              nullIfEmpty(t.originalFilename),
              t.createdAt,
              t.updatedAt,
              t.rightsRecordId,
              core::toString(t.status),
              t.submissionHistoryId});
    if (!ins)
        return ins.error();
    return core::okStatus();
}

} // namespace

Error TrackStore::notFound()
{
    return Error::make(ErrorKind::NotFound, QStringLiteral("track_not_found"),
                       QStringLiteral("no such track"));
}

// --- TrackFlags ---

TrackFlags TrackFlags::fromList(const QStringList &flags)
{
    TrackFlags f;
    for (const QString &flag : flags)
        f.add(flag);
    return f;
}

void TrackFlags::add(const QString &flag)
{
    if (flag.isEmpty())
        return;
    const auto at = std::lower_bound(m_flags.begin(), m_flags.end(), flag);
    if (at == m_flags.end() || *at != flag)
        m_flags.insert(at, flag);
}

void TrackFlags::remove(const QString &flag)
{
    m_flags.removeAll(flag);
}

// --- reads ---

QString TrackStore::trackWithConsentSql()
{
    return QStringLiteral(
        "tracks t JOIN rights_records r ON r.rights_record_id = t.rights_record_id ");
}

QString TrackStore::referenceStatesSql()
{
    return QStringLiteral("t.status IN ") + inList(core::referenceStates());
}

QString TrackStore::trainingEligibleSql()
{
    // core::isTrainingEligible: an eligible state, training allowed, not revoked.
    QList<SubmissionState> states;
    for (SubmissionState s : core::allSubmissionStates())
        if (core::isTrainingEligibleState(s))
            states << s;
    // ... and no training hold among the track's flags (core::flags::trainingHolds).
    QStringList holds;
    for (const QString &flag : core::flags::trainingHolds())
        holds << QLatin1Char('\'') + flag + QLatin1Char('\'');
    return QStringLiteral("(t.status IN ") + inList(states) +
           QStringLiteral(" AND r.training_allowed = 1 AND r.revoked = 0 AND NOT EXISTS (SELECT "
                          "1 FROM track_flags hf WHERE hf.track_id = t.track_id AND hf.flag IN (") +
           holds.join(QStringLiteral(", ")) + QStringLiteral(")))");
}

Result<TrackRecord> TrackStore::find(const QString &trackId) const
{
    auto rows =
        recordsFrom(m_db.query(QStringLiteral("SELECT ") + kTrackColumns + QStringLiteral("FROM ") +
                                   trackWithConsentSql() + QStringLiteral("WHERE t.track_id = ?"),
                               {trackId}),
                    *this);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return TrackStore::notFound();
    return rows->first();
}

Result<QList<TrackRecord>> TrackStore::ownedBy(const QString &artistId) const
{
    return recordsFrom(m_db.query(QStringLiteral("SELECT ") + kTrackColumns +
                                      QStringLiteral("FROM ") + trackWithConsentSql() +
                                      QStringLiteral("WHERE t.primary_artist_id = ? ORDER BY "
                                                     "t.created_at, t.track_id"),
                                  {artistId}),
                       *this);
}

Result<QString> TrackStore::ownerOf(const QString &trackId) const
{
    auto q = m_db.query(QStringLiteral("SELECT primary_artist_id FROM tracks WHERE track_id = ?"),
                        {trackId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return TrackStore::notFound();
    return q.value().value(0).toString();
}

Result<QList<HistoryEntry>> TrackStore::history(const QString &trackId) const
{
    auto q = m_db.query(
        QStringLiteral("SELECT seq, from_state, to_state, event, actor_id, vote, reason, at "
                       "FROM submission_history WHERE track_id = ? ORDER BY seq"),
        {trackId});
    if (!q)
        return q.error();
    QList<HistoryEntry> out;
    while (q.value().next()) {
        const RowReader r(q.value());
        out << HistoryEntry{r["seq"].toLongLong(),    orEmpty(r["from_state"]),
                            r["to_state"].toString(), r["event"].toString(),
                            r["actor_id"].toString(), orEmpty(r["vote"]),
                            orEmpty(r["reason"]),     r["at"].toString()};
    }
    return out;
}

Result<QHash<QString, TrackFlags>> TrackStore::flagsOf(const QStringList &trackIds) const
{
    QHash<QString, TrackFlags> out;
    // In chunks, to stay far below any engine's limit on bound parameters.
    constexpr qsizetype kChunk = 200;
    for (qsizetype i = 0; i < trackIds.size(); i += kChunk) {
        const QStringList chunk = trackIds.mid(i, kChunk);
        QStringList marks(chunk.size(), QStringLiteral("?"));
        QVariantList binds;
        for (const QString &id : chunk)
            binds << id;
        auto q = m_db.query(QStringLiteral("SELECT track_id, flag FROM track_flags WHERE "
                                           "track_id IN (") +
                                marks.join(QLatin1Char(',')) + QLatin1Char(')'),
                            binds);
        if (!q)
            return q.error();
        while (q.value().next())
            out[q.value().value(0).toString()].add(q.value().value(1).toString());
    }
    return out;
}

// --- inside a transaction ---

Result<TrackRecord> TrackStore::lock(const Tx &tx, const QString &trackId)
{
    // The tracks row alone first: a locking read of the join would, on PostgreSQL, re-check
    // the join after waiting for a concurrent revocation and drop the row whose consent
    // version just changed (answering "no such track"). Once the lock is held, the next
    // statement sees the latest committed version of both rows.
    auto locked =
        exec(tx, QStringLiteral("SELECT track_id FROM tracks WHERE track_id = ?") + tx.forUpdate(),
             {trackId});
    if (!locked)
        return locked.error();
    if (!locked.value().next())
        return TrackStore::notFound();
    auto q = exec(tx,
                  QStringLiteral("SELECT ") + kTrackColumns + QStringLiteral("FROM ") +
                      trackWithConsentSql() + QStringLiteral("WHERE t.track_id = ?"),
                  {trackId});
    if (!q)
        return q.error();
    if (!q.value().next())
        return TrackStore::notFound();
    auto rec = recordFrom(q.value());
    if (!rec)
        return rec.error();
    auto fl = flags(tx, trackId);
    if (!fl)
        return fl.error();
    rec->track.flags = fl.value();
    return rec;
}

Result<TrackFlags> TrackStore::flags(const Tx &tx, const QString &trackId)
{
    auto q = exec(tx, QStringLiteral("SELECT flag FROM track_flags WHERE track_id = ?"), {trackId});
    if (!q)
        return q.error();
    TrackFlags out;
    while (q.value().next())
        out.add(q.value().value(0).toString());
    return out;
}

Result<QList<EligibleTrack>> TrackStore::trainingEligible(const Tx &tx)
{
    auto q = exec(tx, QStringLiteral("SELECT t.track_id, t.duration_sec, t.genre_tags, t.language, "
                                     "t.created_at, r.allow_per_artist_adapters AS "
                                     "r_allow_per_artist_adapters FROM ") +
                          trackWithConsentSql() + QStringLiteral("WHERE ") + trainingEligibleSql() +
                          QStringLiteral(" ORDER BY t.track_id"));
    if (!q)
        return q.error();
    QList<EligibleTrack> out;
    while (q.value().next()) {
        const RowReader r(q.value());
        out << EligibleTrack{
            r["track_id"].toString(),    r["duration_sec"].toDouble(),
            stringList(r["genre_tags"]), r["language"].toString(),
            r["created_at"].toString(),  r["r_allow_per_artist_adapters"].toInt() != 0};
    }
    return out;
}

Result<std::pair<qint64, qint64>> TrackStore::activeCounts(const Tx &tx, const QString &artistId)
{
    auto q = exec(tx,
                  QStringLiteral("SELECT COUNT(*), SUM(CASE WHEN primary_artist_id = ? THEN 1 "
                                 "ELSE 0 END) FROM tracks WHERE status <> ?"),
                  {artistId, core::toString(SubmissionState::Removed)});
    if (!q)
        return q.error();
    q.value().next();
    return std::make_pair(q.value().value(0).toLongLong(), q.value().value(1).toLongLong());
}

Status TrackStore::create(const Tx &tx, const TrackRecord &record, const QString &now,
                          const QJsonObject &auditPayload)
{
    const TrackRow &t = record.track;
    if (auto s = insertTrack(tx, t); !s)
        return s;
    if (auto s = insertRights(tx, record.rights); !s)
        return s;
    if (auto s = insertFlags(tx, t.id, t.flags.toList(), now); !s)
        return s;
    auto hist =
        exec(tx,
             QStringLiteral("INSERT INTO submission_history (submission_history_id, seq, "
                            "track_id, from_state, to_state, event, actor_id, reason, at) "
                            "VALUES (?, 1, ?, NULL, ?, 'submitted', ?, ?, ?)"),
             {t.submissionHistoryId, t.id, core::toString(t.status), t.primaryArtistId,
              t.flags.isEmpty() ? QString() : t.flags.toList().join(QLatin1Char(',')), now});
    if (!hist)
        return hist.error();
    auto logged = AuditLog::append(tx, audit::kSubmissionDecision, t.primaryArtistId, t.id,
                                   auditPayload, now);
    if (!logged)
        return logged.error();
    return core::okStatus();
}

Result<SubmissionState> TrackStore::transition(const Tx &tx, const QString &trackId,
                                               SubmissionEvent event, const QString &actorId,
                                               const QString &reason, const QString &now,
                                               const TransitionNote &note)
{
    auto cur = currentState(tx, trackId);
    if (!cur)
        return cur.error();
    auto to = core::transition(cur->state, event);
    if (!to)
        return to.error();
    if (auto s = moveStatus(tx, trackId, cur->state, to.value(), now); !s)
        return s.error();
    const HistoryEntry entry{0,
                             core::toString(cur->state),
                             core::toString(to.value()),
                             core::toString(event),
                             actorId,
                             note.vote,
                             reason,
                             now};
    if (auto s = appendHistory(tx, cur->historyId, trackId, entry); !s)
        return s.error();
    QJsonObject payload{{QStringLiteral("event"), core::toString(event)},
                        {QStringLiteral("from"), core::toString(cur->state)},
                        {QStringLiteral("to"), core::toString(to.value())},
                        {QStringLiteral("reason"), reason}};
    for (auto it = note.details.begin(); it != note.details.end(); ++it)
        payload.insert(it.key(), it.value());
    auto logged = AuditLog::append(tx, audit::kSubmissionDecision, actorId, trackId, payload, now);
    if (!logged)
        return logged.error();
    return to.value();
}

Status TrackStore::recordVote(const Tx &tx, const QString &trackId, SubmissionState state,
                              const QString &actorId, const QString &vote, const QString &note,
                              const QString &now)
{
    auto cur = currentState(tx, trackId);
    if (!cur)
        return cur.error();
    if (cur->state != state)
        return Error::make(ErrorKind::Conflict, QStringLiteral("concurrent_change"),
                           QStringLiteral("the track changed state meanwhile; retry"));
    const QString s = core::toString(state);
    return appendHistory(tx, cur->historyId, trackId,
                         HistoryEntry{0, s, s, QStringLiteral("vote"), actorId, vote, note, now});
}

Result<Revocation> TrackStore::revoke(const Tx &tx, const QString &trackId, const QString &actorId,
                                      const QString &reason, const QString &scope,
                                      const QString &now)
{
    auto rec = lock(tx, trackId);
    if (!rec)
        return rec.error();
    if (rec->rights.revoked)
        return Error::make(ErrorKind::Conflict, QStringLiteral("already_revoked"),
                           QStringLiteral("this track's consent is already revoked"));
    const SubmissionState from = rec->track.status;
    auto to = core::transition(from, SubmissionEvent::Revoked);
    if (!to)
        return to.error();
    // The new consent version is a copy of the current one with the revocation; the old
    // version stays as it was.
    RightsRecord next = rec->rights;
    next.id = core::newId(QStringLiteral("rights"));
    next.revoked = true;
    next.revokedAt = now;
    next.revocationReason = reason;
    next.revocationScope = scope;
    next.consentVersion = rec->rights.consentVersion + 1;
    next.createdAt = now;
    if (auto s = insertRights(tx, next); !s)
        return s.error();
    if (auto s = moveStatus(tx, trackId, from, to.value(), now, next.id); !s)
        return s.error();
    const HistoryEntry entry{0,
                             core::toString(from),
                             core::toString(to.value()),
                             core::toString(SubmissionEvent::Revoked),
                             actorId,
                             QString(),
                             reason,
                             now};
    if (auto s = appendHistory(tx, rec->track.submissionHistoryId, trackId, entry); !s)
        return s.error();
    auto logged =
        AuditLog::append(tx, audit::kConsentChange, actorId, trackId,
                         QJsonObject{{QStringLiteral("change"), QStringLiteral("revoked")},
                                     {QStringLiteral("old_rights_record_id"), rec->rights.id},
                                     {QStringLiteral("new_rights_record_id"), next.id},
                                     {QStringLiteral("consent_version"), next.consentVersion},
                                     {QStringLiteral("scope"), scope},
                                     {QStringLiteral("from"), core::toString(from)},
                                     {QStringLiteral("to"), core::toString(to.value())}},
                         now);
    if (!logged)
        return logged.error();
    return Revocation{from, to.value(), rec->rights.id, next.id, next.consentVersion};
}

Status TrackStore::addFlag(const Tx &tx, const QString &trackId, const QString &flag,
                           const QString &now)
{
    return insertFlags(tx, trackId, {flag}, now);
}

Status TrackStore::removeFlag(const Tx &tx, const QString &trackId, const QString &flag)
{
    auto del = exec(tx, QStringLiteral("DELETE FROM track_flags WHERE track_id = ? AND flag = ?"),
                    {trackId, flag});
    if (!del)
        return del.error();
    return core::okStatus();
}

Status TrackStore::replaceFlags(const Tx &tx, const QString &trackId, const QStringList &group,
                                const TrackFlags &wanted, const QString &now)
{
    for (const QString &flag : group)
        if (!wanted.has(flag))
            if (auto s = removeFlag(tx, trackId, flag); !s)
                return s;
    QStringList add;
    for (const QString &flag : wanted.toList())
        if (group.contains(flag))
            add << flag;
    return insertFlags(tx, trackId, add, now);
}

Result<int> TrackStore::clearFlagOfArtist(const Tx &tx, const QString &artistId,
                                          const QString &flag)
{
    auto del = exec(tx,
                    QStringLiteral("DELETE FROM track_flags WHERE flag = ? AND track_id IN "
                                   "(SELECT track_id FROM tracks WHERE primary_artist_id = ?)"),
                    {flag, artistId});
    if (!del)
        return del.error();
    return del.value().numRowsAffected();
}

Status TrackStore::recordAnalysis(const Tx &tx, const QString &trackId, double durationSec,
                                  std::optional<double> bpm, const QString &now)
{
    auto upd = exec(tx,
                    QStringLiteral("UPDATE tracks SET duration_sec = ?, bpm = ?, updated_at = ? "
                                   "WHERE track_id = ?"),
                    {durationSec, bpm ? QVariant(*bpm) : QVariant(), now, trackId});
    if (!upd)
        return upd.error();
    return core::okStatus();
}

} // namespace lemm::server
