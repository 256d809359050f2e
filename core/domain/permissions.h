#pragma once
// The permission matrix of spec §4.3, decided in one place. Every HTTP endpoint and every
// service-level access to raw audio names an Action and asks decide(); nothing else in the
// code base compares roles. Pure: values in, a Decision out.

#include <QList>
#include <QSet>
#include <QString>

namespace lemm::core {

enum class Role { Contributor, Reviewer, Admin, System };
using RoleSet = QSet<Role>;

QString toString(Role r);
bool parseRole(const QString &s, Role *out);
QStringList roleNames(const RoleSet &roles);
QList<Role> allRoles();

enum class Action {
    ReadOwnAccount,     // GET /auth/me
    AffirmTerms,        // POST /contributors/me/affirm
    UploadAudio,        // POST /uploads
    SubmitTrack,        // POST /tracks/submit
    ReadTrack,          // GET /tracks/{id}, /tracks/{id}/status
    ListOwnTracks,      // GET /contributors/me/tracks
    RevokeTrack,        // POST /tracks/{id}/revoke
    ListAccounts,       // GET /accounts
    ManageRoles,        // PUT /accounts/{id}/roles
    ReadAuditLog,       // GET /audit
    VerifyAuditLog,     // GET /audit/verify
    ReadRawAudio,       // VaultAccessService (never an HTTP route returning bytes to people)
    ReviewQueue,        // GET /review/queue, GET /review/{id}
    CastVote,           // POST /review/{id}/votes
    ReadPeaks,          // GET /tracks/{id}/peaks (waveform envelope, not audio)
    PreviewAudio,       // POST /tracks/{id}/previews (short low-bitrate snippets for review)
    AppealTrack,        // POST /tracks/{id}/appeal
    FileClaim,          // POST /claims
    DecideClaims,       // GET /claims, POST /claims/{id}/decision
    ReadPolicy,         // GET /policy, GET /policy/history
    ChangePolicy,       // PUT /policy
    ApproveBulkSource,  // POST /accounts/{id}/bulk-source
    ManagePacks,        // POST /packs
    ListPacks,          // GET /packs
    RunTraining,        // /training/runs... (system services only)
    ReadModelLineage,   // GET /models/{id}/lineage
    ReadTrackLineage,   // GET /tracks/{id}/lineage (contributors: own tracks, spec §8.3)
    CheckOutput,        // POST /safety/check, POST /safety/prompt (inference hosts)
    ReadModeration,     // GET /safety/rules
    ManageModeration,   // POST /safety/rules
    ReadSafetyAlerts,   // GET /safety/alerts
    ManageLicenses,     // POST /licenses
    ActForPlatformUser, // POST /licenses/{v}/accept, POST /exports (generation platform)
    ManageLogin,        // POST /auth/password, POST /auth/logout-all (people, not services)
    ListApiKeys,        // GET /admin/api-keys
    ManageApiKeys,      // POST /admin/api-keys/{name}/revoke, .../rotate
    // proofs (issue 14)
    ReadTrackReceipt, // GET /tracks/{id}/receipt (the track's contributor only)
    ReviewClaims,     // GET /claims, POST /claims/{id}/review (claims without standing)
    // Outbox part (issue 14).
    ManageOutbox,      // GET /admin/outbox, POST /admin/outbox/{id}/retry
    AcknowledgeAlerts, // POST /admin/alerts/{id}/acknowledge
    // Governance dashboard (issue 15, part "gov").
    ReadGovernance, // GET /admin/governance
    // Sharded robust index (issue 16, part "shard").
    QueryIndexShard, // POST /internal/index/query (API nodes and workers, system keys only)
};
QList<Action> allActions();
QString toString(Action a);

// Whose resource the request touches.
enum class Ownership { NotApplicable, Own, Other };

// The acting account as the matrix sees it.
struct Principal {
    RoleSet roles;
    bool emailVerified = false;
    bool affirmedCurrentTerms = false;
};

enum class Decision {
    Allowed,
    Forbidden,      // the role may never do this: 403
    HiddenNotFound, // the role may do this only on its own resources: answer 404 so that
                    // another account's resource does not leak its existence
    NeedsVerifiedEmail,
    NeedsAffirmation, // rights-holder affirmation + current terms (spec §2.1) missing
};

Decision decide(const Principal &who, Action action,
                Ownership ownership = Ownership::NotApplicable);

// Whether `who` may learn that a track exists (issue 14): its owner, the roles that read any
// track, and anyone for a track in the vault (accepted or under investigation: what claims
// concern). Every route that takes a track id from a body answers the same 404
// (TrackStore::notFound) for a track that does not exist and for one this refuses.
bool mayKnowTrack(const Principal &who, Ownership ownership, bool inVault);

} // namespace lemm::core
