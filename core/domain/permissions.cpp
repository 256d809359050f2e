#include "core/domain/permissions.h"

#include <array>

namespace lemm::core {

namespace {

enum class Scope { None, Own, Any };

// Who must have finished onboarding (verified e-mail + current terms affirmed) first.
enum class Onboarding {
    No,
    Contributor, // contributor-side writes: when the contributor role is what allows them
    NonAdmin,    // every person but an admin (claims: issue 14, part "abuse")
};
constexpr Onboarding N = Onboarding::No, C = Onboarding::Contributor, P = Onboarding::NonAdmin;

struct Row {
    Action action;
    Scope contributor, reviewer, admin, system;
    Onboarding onboarding;
};

// One row per action; columns are the four roles of §4.3.
constexpr std::array kMatrix{
    //   action                   contributor  reviewer     admin        system       onboarding
    Row{Action::ReadOwnAccount, Scope::Own, Scope::Own, Scope::Own, Scope::Own, N},
    Row{Action::AffirmTerms, Scope::Own, Scope::None, Scope::None, Scope::None, N},
    Row{Action::UploadAudio, Scope::Own, Scope::None, Scope::None, Scope::None, C},
    Row{Action::SubmitTrack, Scope::Own, Scope::None, Scope::None, Scope::None, C},
    Row{Action::ReadTrack, Scope::Own, Scope::Any, Scope::Any, Scope::Any, N},
    Row{Action::ListOwnTracks, Scope::Own, Scope::None, Scope::None, Scope::None, N},
    Row{Action::RevokeTrack, Scope::Own, Scope::None, Scope::None, Scope::None, N},
    Row{Action::ListAccounts, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ManageRoles, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ReadAuditLog, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::VerifyAuditLog, Scope::None, Scope::None, Scope::Any, Scope::Any, N},
    Row{Action::ReadRawAudio, Scope::None, Scope::None, Scope::None, Scope::Any, N},
    Row{Action::ReviewQueue, Scope::None, Scope::Any, Scope::Any, Scope::None, N},
    Row{Action::CastVote, Scope::None, Scope::Any, Scope::Any, Scope::None, N},
    Row{Action::ReadPeaks, Scope::Own, Scope::Any, Scope::Any, Scope::None, N},
    Row{Action::PreviewAudio, Scope::None, Scope::Any, Scope::Any, Scope::None, N},
    Row{Action::AppealTrack, Scope::Own, Scope::None, Scope::None, Scope::None, N},
    Row{Action::FileClaim, Scope::Any, Scope::Any, Scope::Any, Scope::None, P},
    Row{Action::DecideClaims, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ReadPolicy, Scope::Any, Scope::Any, Scope::Any, Scope::Any, N},
    Row{Action::ChangePolicy, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ApproveBulkSource, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ManagePacks, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ListPacks, Scope::None, Scope::None, Scope::Any, Scope::Any, N},
    Row{Action::RunTraining, Scope::None, Scope::None, Scope::None, Scope::Any, N},
    Row{Action::ReadModelLineage, Scope::None, Scope::None, Scope::Any, Scope::Any, N},
    Row{Action::ReadTrackLineage, Scope::Own, Scope::None, Scope::Any, Scope::Any, N},
    Row{Action::CheckOutput, Scope::None, Scope::None, Scope::None, Scope::Any, N},
    Row{Action::ReadModeration, Scope::None, Scope::None, Scope::Any, Scope::Any, N},
    Row{Action::ManageModeration, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ReadSafetyAlerts, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ManageLicenses, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ActForPlatformUser, Scope::None, Scope::None, Scope::None, Scope::Any, N},
    Row{Action::ManageLogin, Scope::Own, Scope::Own, Scope::Own, Scope::None, N},
    Row{Action::ListApiKeys, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ManageApiKeys, Scope::None, Scope::None, Scope::Any, Scope::None, N},
    Row{Action::ReviewClaims, Scope::None, Scope::Any, Scope::Any, Scope::None, N},
};

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
    "review_claims",
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
            onboardingApplies =
                row->onboarding == Onboarding::Contributor && role == Role::Contributor;
        }
    }
    if (row->onboarding == Onboarding::NonAdmin)
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
