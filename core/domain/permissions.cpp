#include "core/domain/permissions.h"

#include <algorithm>
#include <array>

namespace lemm::core {

namespace {

enum class Scope { None, Own, Any };

struct Row {
    Action action;
    Scope contributor, reviewer, admin, system;
    bool needsOnboarding; // contributor-side actions that need verified email + affirmation
};

// One row per action; columns are the four roles of §4.3.
constexpr std::array kMatrix{
    //   action                   contributor  reviewer     admin        system       onboarding
    Row{Action::ReadOwnAccount, Scope::Own, Scope::Own, Scope::Own, Scope::Own, false},
    Row{Action::AffirmTerms, Scope::Own, Scope::None, Scope::None, Scope::None, false},
    Row{Action::UploadAudio, Scope::Own, Scope::None, Scope::None, Scope::None, true},
    Row{Action::SubmitTrack, Scope::Own, Scope::None, Scope::None, Scope::None, true},
    Row{Action::ReadTrack, Scope::Own, Scope::Any, Scope::Any, Scope::Any, false},
    Row{Action::ListOwnTracks, Scope::Own, Scope::None, Scope::None, Scope::None, false},
    Row{Action::RevokeTrack, Scope::Own, Scope::None, Scope::None, Scope::None, false},
    Row{Action::ListAccounts, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::ManageRoles, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::ReadAuditLog, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::VerifyAuditLog, Scope::None, Scope::None, Scope::Any, Scope::Any, false},
    Row{Action::ReadRawAudio, Scope::None, Scope::None, Scope::None, Scope::Any, false},
    Row{Action::ReviewQueue, Scope::None, Scope::Any, Scope::Any, Scope::None, false},
    Row{Action::CastVote, Scope::None, Scope::Any, Scope::Any, Scope::None, false},
    Row{Action::ReadPeaks, Scope::Own, Scope::Any, Scope::Any, Scope::None, false},
    Row{Action::PreviewAudio, Scope::None, Scope::Any, Scope::Any, Scope::None, false},
    Row{Action::AppealTrack, Scope::Own, Scope::None, Scope::None, Scope::None, false},
    Row{Action::FileClaim, Scope::Any, Scope::Any, Scope::Any, Scope::None, false},
    Row{Action::DecideClaims, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::ReadPolicy, Scope::Any, Scope::Any, Scope::Any, Scope::Any, false},
    Row{Action::ChangePolicy, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::ApproveBulkSource, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::ManagePacks, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::ListPacks, Scope::None, Scope::None, Scope::Any, Scope::Any, false},
    Row{Action::RunTraining, Scope::None, Scope::None, Scope::None, Scope::Any, false},
    Row{Action::ReadModelLineage, Scope::None, Scope::None, Scope::Any, Scope::Any, false},
    Row{Action::ReadTrackLineage, Scope::Own, Scope::None, Scope::Any, Scope::Any, false},
    Row{Action::CheckOutput, Scope::None, Scope::None, Scope::None, Scope::Any, false},
    Row{Action::ReadModeration, Scope::None, Scope::None, Scope::Any, Scope::Any, false},
    Row{Action::ManageModeration, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::ReadSafetyAlerts, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::ManageLicenses, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::ActForPlatformUser, Scope::None, Scope::None, Scope::None, Scope::Any, false},
    Row{Action::ManageLogin, Scope::Own, Scope::Own, Scope::Own, Scope::None, false},
    Row{Action::ListApiKeys, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::ManageApiKeys, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    // proofs (issue 14)
    Row{Action::ReadTrackReceipt, Scope::Own, Scope::None, Scope::None, Scope::None, false},
    Row{Action::ReviewClaims, Scope::None, Scope::Any, Scope::Any, Scope::None, false},
    // Outbox part (issue 14).
    Row{Action::ManageOutbox, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    Row{Action::AcknowledgeAlerts, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    // Governance dashboard (issue 15, part "gov").
    Row{Action::ReadGovernance, Scope::None, Scope::None, Scope::Any, Scope::None, false},
    // Sharded robust index (issue 16, part "shard").
    Row{Action::QueryIndexShard, Scope::None, Scope::None, Scope::None, Scope::Any, false},
};

// Actions for which every person but an admin must have finished onboarding, whichever role
// allows them (issue 14: claims only from verified accounts).
constexpr std::array kOnboardingUnlessAdmin{Action::FileClaim};

constexpr std::array kActionNames{
    "read_own_account",    "affirm_terms",       "upload_audio",
    "submit_track",        "read_track",         "list_own_tracks",
    "revoke_track",        "list_accounts",      "manage_roles",
    "read_audit_log",      "verify_audit_log",   "read_raw_audio",
    "review_queue",        "cast_vote",          "read_peaks",
    "preview_audio",       "appeal_track",       "file_claim",
    "decide_claims",       "read_policy",        "change_policy",
    "approve_bulk_source", "manage_packs",       "list_packs",
    "run_training",        "read_model_lineage", "read_track_lineage",
    "check_output",        "read_moderation",    "manage_moderation",
    "read_safety_alerts",  "manage_licenses",    "act_for_platform_user",
    "manage_login",        "list_api_keys",      "manage_api_keys",
    "read_track_receipt", // proofs (issue 14)
    "review_claims",       "manage_outbox",      "acknowledge_alerts",
    "read_governance",   // governance dashboard (issue 15)
    "query_index_shard", // sharded robust index (issue 16)
};

Scope scopeFor(const Row &row, Role role)
{
    switch (role) {
    case Role::Contributor: return row.contributor;
    case Role::Reviewer: return row.reviewer;
    case Role::Admin: return row.admin;
    case Role::System: return row.system;
    }
    return Scope::None;
}

} // namespace

QString toString(Role r)
{
    switch (r) {
    case Role::Contributor: return QStringLiteral("contributor");
    case Role::Reviewer: return QStringLiteral("reviewer");
    case Role::Admin: return QStringLiteral("admin");
    case Role::System: return QStringLiteral("system");
    }
    return {};
}

bool parseRole(const QString &s, Role *out)
{
    for (Role r : allRoles())
        if (toString(r) == s) {
            *out = r;
            return true;
        }
    return false;
}

QList<Role> allRoles()
{
    return {Role::Contributor, Role::Reviewer, Role::Admin, Role::System};
}

QStringList roleNames(const RoleSet &roles)
{
    QStringList out;
    for (Role r : allRoles())
        if (roles.contains(r))
            out << toString(r);
    return out;
}

QList<Action> allActions()
{
    QList<Action> out;
    for (const Row &r : kMatrix)
        out << r.action;
    return out;
}

QString toString(Action a)
{
    return QString::fromLatin1(kActionNames.at(size_t(a)));
}

bool mayKnowTrack(const Principal &who, Ownership ownership, bool inVault)
{
    if (inVault || ownership == Ownership::Own)
        return true;
    return decide(who, Action::ReadTrack, ownership) == Decision::Allowed;
}

Decision decide(const Principal &who, Action action, Ownership ownership)
{
    const Row *row = nullptr;
    for (const Row &r : kMatrix)
        if (r.action == action)
            row = &r;
    if (!row)
        return Decision::Forbidden;

    Scope best = Scope::None;
    bool onboardingApplies = false;
    for (Role role : who.roles) {
        const Scope s = scopeFor(*row, role);
        if (s > best) {
            best = s;
            onboardingApplies = row->needsOnboarding && role == Role::Contributor;
        }
    }
    if (std::find(kOnboardingUnlessAdmin.begin(), kOnboardingUnlessAdmin.end(), action) !=
        kOnboardingUnlessAdmin.end())
        onboardingApplies = !who.roles.contains(Role::Admin);
    if (best == Scope::None)
        return Decision::Forbidden;
    if (best == Scope::Own && ownership == Ownership::Other)
        return Decision::HiddenNotFound;
    if (onboardingApplies) {
        if (!who.emailVerified)
            return Decision::NeedsVerifiedEmail;
        if (!who.affirmedCurrentTerms)
            return Decision::NeedsAffirmation;
    }
    return Decision::Allowed;
}

} // namespace lemm::core
