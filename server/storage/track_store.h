#pragma once
// The owner of a track's records (spec §2.2, §3.3, §7.3): the `tracks` row, its rights records
// (one row per consent version), its submission history and its flags. It is the only code in
// server/ that writes them:
// - create() writes a new submission (track, consent version 1, the first history row, the
//   flags and the submission's audit entry);
// - transition() is the one writer of a track's status: it runs the core state machine, writes
//   the new status only if the row still holds the status it read (`UPDATE ... WHERE status =
//   ?`, on SQLite and PostgreSQL alike), appends the history row and the audit entry;
// - revoke() writes a new consent version and moves the track through the same transition;
// - flags are a set, one row per flag (track_flags): adding one is an insert that cannot lose
//   a concurrent writer's flag, as a read-modify-write of a text column could.
// Every write takes a `const Tx &`, so it runs inside the caller's transaction together with
// the change that caused it. Reads return typed rows; no column is read by position outside
// this file. Stateless (it holds only the Database) and thread-safe.
//
// The track states that count as "in the vault" for similarity, and the rule for training
// eligibility, are defined once in core (core::isReferenceState, core::isTrainingEligible);
// the SQL conditions below are generated from them.

#include "server/storage/database.h"

#include "core/domain/submission_state.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace lemm::server {

// A track's flags (core::flags ids): a set, listed in sorted order.
class TrackFlags
{
public:
    TrackFlags() = default;
    static TrackFlags fromList(const QStringList &flags);

    bool has(const QString &flag) const { return m_flags.contains(flag); }
    bool isEmpty() const { return m_flags.isEmpty(); }
    qsizetype size() const { return m_flags.size(); }
    void add(const QString &flag);
    void remove(const QString &flag);
    const QStringList &toList() const { return m_flags; }
    QJsonArray toJson() const { return QJsonArray::fromStringList(m_flags); }
    bool operator==(const TrackFlags &) const = default;

private:
    QStringList m_flags; // sorted, no duplicates
};

// One consent version of a track (rights_records row).
struct RightsRecord {
    QString id;
    QString trackId;
    QString contributorId;
    QString licenseType;
    QString territorialScope;
    QString term;
    QString rightsHolderType;
    bool isOriginal = false;
    bool isCover = false;
    bool hasThirdPartySamples = false;
    bool trainingAllowed = false;
    bool internalDemoOk = false;
    bool allowPerArtistAdapters = false;
    bool revoked = false;
    QString revokedAt;
    QString revocationReason;
    QString revocationScope;
    qint64 consentVersion = 1;
    QString termsVersion;
    QString createdAt;

    core::TrainingConsent consent() const { return {trainingAllowed, revoked}; }
};

// The tracks row.
struct TrackRow {
    QString id;
    QString storageUri;
    QString title;
    QString primaryArtistId;
    QString displayArtistName;
    bool isCollaboration = false;
    QStringList collaboratorNames;
    QStringList collaboratorIds;
    QStringList genreTags;
    QString language;
    double durationSec = 0;
    std::optional<double> bpm;
    QStringList moodTags;
    QString releaseStatus;
    QString originalFilename;
    QString createdAt;
    QString updatedAt;
    QString rightsRecordId;
    QString submissionHistoryId;
    core::SubmissionState status = core::SubmissionState::Submitted;
    TrackFlags flags;
};

// A track with its current consent version.
struct TrackRecord {
    TrackRow track;
    RightsRecord rights;
};

// One submission_history row. `event` is a core::SubmissionEvent name, or "submitted" (the
// first row) or "vote" (a vote that did not move the track).
struct HistoryEntry {
    qint64 seq = 0;
    QString fromState; // empty on the first row
    QString toState;
    QString event;
    QString actorId;
    QString vote;
    QString reason;
    QString at;
};

// What a transition records beside the move itself.
struct TransitionNote {
    QString vote;        // the deciding vote, when a vote moved the track
    QJsonObject details; // added to the audit entry's payload
};

// A track a training run may use now, with what the run's filters look at.
struct EligibleTrack {
    QString trackId;
    double durationSec = 0;
    QStringList genreTags;
    QString language;
    QString createdAt;
    bool allowPerArtistAdapters = false;
};

// A revocation's result.
struct Revocation {
    core::SubmissionState from = core::SubmissionState::Submitted;
    core::SubmissionState to = core::SubmissionState::Removed;
    QString oldRightsRecordId;
    QString newRightsRecordId;
    qint64 consentVersion = 0;
};

class TrackStore
{
public:
    explicit TrackStore(const Database &db) : m_db(db) {}

    // The one answer for a track that does not exist (404 track_not_found).
    static Error notFound();

    // --- reads on this thread's connection (outside a transaction) ---
    Result<TrackRecord> find(const QString &trackId) const;            // NotFound: track_not_found
    Result<QList<TrackRecord>> ownedBy(const QString &artistId) const; // oldest first
    Result<QString> ownerOf(const QString &trackId) const;
    Result<QList<HistoryEntry>> history(const QString &trackId) const;
    Result<QHash<QString, TrackFlags>> flagsOf(const QStringList &trackIds) const;

    // --- inside the caller's transaction ---
    // The track and its consent, locked for the rest of the transaction on PostgreSQL.
    static Result<TrackRecord> lock(const Tx &tx, const QString &trackId);
    static Result<TrackFlags> flags(const Tx &tx, const QString &trackId);
    // Exactly the tracks a training run may use (core::isTrainingEligible), by track id: the
    // selection the training gateway resolves runs from.
    static Result<QList<EligibleTrack>> trainingEligible(const Tx &tx);
    // Tracks not removed, in all and of one contributor (the bulk-hold rule's counts).
    static Result<std::pair<qint64, qint64>> activeCounts(const Tx &tx, const QString &artistId);

    // A new submission in state `submitted` (track.status and track.flags are taken as given),
    // its first history row and its audit entry; `auditPayload` is the entry's payload.
    static Status create(const Tx &tx, const TrackRecord &record, const QString &now,
                         const QJsonObject &auditPayload);
    // Moves the track by `event` if the state machine allows it from the state it is in now.
    // A concurrent move in between is a Conflict (concurrent_change), never a lost update.
    static Result<core::SubmissionState> transition(const Tx &tx, const QString &trackId,
                                                    core::SubmissionEvent event,
                                                    const QString &actorId, const QString &reason,
                                                    const QString &now,
                                                    const TransitionNote &note = {});
    // A vote that did not move the track: a history row with from = to = the current state.
    static Status recordVote(const Tx &tx, const QString &trackId, core::SubmissionState state,
                             const QString &actorId, const QString &vote, const QString &note,
                             const QString &now);
    // Revokes the current consent: a new consent version (a copy marked revoked), the track
    // moved by SubmissionEvent::Revoked, history and a consent_change audit entry.
    // Conflict already_revoked when the consent is revoked already.
    static Result<Revocation> revoke(const Tx &tx, const QString &trackId, const QString &actorId,
                                     const QString &reason, const QString &scope,
                                     const QString &now);

    static Status addFlag(const Tx &tx, const QString &trackId, const QString &flag,
                          const QString &now);
    static Status removeFlag(const Tx &tx, const QString &trackId, const QString &flag);
    // Replaces the flags of one group (e.g. those the automated checks compute) with `wanted`;
    // flags outside the group stay as they are.
    static Status replaceFlags(const Tx &tx, const QString &trackId, const QStringList &group,
                               const TrackFlags &wanted, const QString &now);
    // Removes `flag` from every track of `artistId`; returns how many tracks had it.
    static Result<int> clearFlagOfArtist(const Tx &tx, const QString &artistId,
                                         const QString &flag);
    // What the analysis of the audio measured.
    static Status recordAnalysis(const Tx &tx, const QString &trackId, double durationSec,
                                 std::optional<double> bpm, const QString &now);

    // --- SQL conditions from the core definitions (tracks aliased t, rights_records r) ---
    // "t.status IN (...)" for core::isReferenceState.
    static QString referenceStatesSql();
    // The training-eligibility rule of core::isTrainingEligible (with the track's flags).
    static QString trainingEligibleSql();
    // FROM clause joining a track to its current consent version.
    static QString trackWithConsentSql();

private:
    const Database &m_db;
};

} // namespace lemm::server
