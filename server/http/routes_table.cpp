// The HTTP API's route table: one line per route (method, pattern, the action that route
// performs or kPublic, the handler, what its {id} names). Order matters only where patterns
// overlap: the first route whose pattern and method match answers; the handlers live in
// routes_<resource>.cpp.
#include "server/http/api_router.h"

namespace lemm::server {

// size: one line per route, grouped by part; splitting the table would scatter the API.
void ApiRouter::addRoutes()
{
    using A = core::Action;
    using R = ApiRouter;
    constexpr std::nullopt_t kPublic = std::nullopt;
    constexpr Subject kTrack = Subject::Track;

    add("GET", "/health", kPublic, &R::health);
    add("GET", "/terms", kPublic, &R::terms);
    add("POST", "/auth/register", kPublic, &R::registerAccount);
    add("POST", "/auth/verify-email", kPublic, &R::verifyEmail);
    add("POST", "/auth/verify-email/resend", kPublic, &R::resendVerification);
    add("POST", "/auth/login", kPublic, &R::login);
    add("POST", "/auth/logout", A::ReadOwnAccount, &R::logout);
    add("POST", "/auth/logout-all", A::ManageLogin, &R::logoutAll);
    add("POST", "/auth/password", A::ManageLogin, &R::changePassword);
    add("POST", "/auth/password-reset/request", kPublic, &R::requestPasswordReset);
    add("POST", "/auth/password-reset/confirm", kPublic, &R::confirmPasswordReset);
    add("GET", "/admin/api-keys", A::ListApiKeys, &R::listApiKeys);
    add("POST", "/admin/api-keys/{name}/revoke", A::ManageApiKeys, &R::revokeApiKey);
    add("POST", "/admin/api-keys/{name}/rotate", A::ManageApiKeys, &R::rotateApiKey);
    add("GET", "/auth/me", A::ReadOwnAccount, &R::me);
    add("POST", "/contributors/me/affirm", A::AffirmTerms, &R::affirm);
    add("POST", "/uploads", A::UploadAudio, &R::upload);
    add("POST", "/tracks/submit", A::SubmitTrack, &R::submit);
    add("GET", "/tracks/{id}", A::ReadTrack, &R::track, kTrack);
    add("GET", "/tracks/{id}/status", A::ReadTrack, &R::trackStatus, kTrack);
    add("POST", "/tracks/{id}/revoke", A::RevokeTrack, &R::revoke, kTrack);
    add("GET", "/contributors/me/tracks", A::ListOwnTracks, &R::ownTracks);
    add("GET", "/accounts", A::ListAccounts, &R::listAccounts);
    add("PUT", "/accounts/{id}/roles", A::ManageRoles, &R::setRoles);
    add("POST", "/accounts/{id}/bulk-source", A::ApproveBulkSource, &R::setBulkSource);

    // Review (spec §3.4).
    add("GET", "/review/queue", A::ReviewQueue, &R::reviewQueue);
    add("GET", "/review/{id}", A::ReviewQueue, &R::reviewDetail, Subject::TrackId);
    add("POST", "/review/{id}/votes", A::CastVote, &R::vote, Subject::TrackId);
    add("GET", "/tracks/{id}/peaks", A::ReadPeaks, &R::peaks, kTrack);
    add("POST", "/tracks/{id}/previews", A::PreviewAudio, &R::createPreview, kTrack);
    add("GET", "/previews/{token}", A::PreviewAudio, &R::preview); // token + the same session
    add("POST", "/tracks/{id}/appeal", A::AppealTrack, &R::appeal, kTrack);
    add("POST", "/claims", A::FileClaim, &R::fileClaim);
    add("POST", "/claims/{id}/decision", A::DecideClaims, &R::decideClaim);

    // Abuse (issue 14, part "abuse"): claims without standing are reviewed before they lock;
    // admins record rights holders, whose claims lock at once.
    add("GET", "/claims", A::ReviewClaims, &R::listClaims);
    add("POST", "/claims/{id}/review", A::ReviewClaims, &R::reviewClaim);
    add("POST", "/accounts/{id}/rights-holder", A::ManageRoles, &R::setClaimStanding);

    // Training gateway and lineage (spec §5, §7).
    add("POST", "/packs", A::ManagePacks, &R::createPack);
    add("GET", "/packs", A::ListPacks, &R::listPacks);
    add("POST", "/training/runs", A::RunTraining, &R::createRun);
    add("GET", "/training/runs/{id}/manifest", A::RunTraining, &R::manifest);
    add("POST", "/training/runs/{id}/complete", A::RunTraining, &R::completeRun);
    // issue 14, part "training": the link needs the run's own API key beside it
    add("GET", "/training/audio/{token}", A::RunTraining, &R::trainingAudio);
    add("GET", "/models/{id}/lineage", A::ReadModelLineage, &R::modelLineage);
    add("GET", "/models", A::ReadModelLineage, &R::listModels);
    add("GET", "/training/runs/{id}", A::ReadModelLineage, &R::runDetail);
    add("GET", "/proofs/models/{id}", A::ReadModelLineage, &R::modelProof);
    add("GET", "/proofs/outputs/{id}", A::ReadModelLineage, &R::outputProof);
    add("GET", "/lineage/revoked", A::ReadModelLineage, &R::revokedImpact);
    add("GET", "/tracks/{id}/lineage", A::ReadTrackLineage, &R::trackLineage, kTrack);
    // issue 14, part "training": the dispute queue of strong external hits (admins)
    add("GET", "/admin/disputes", A::DecideClaims, &R::listDisputes);

    // Generation-time safety and output licences (spec §6, §8.1).
    add("POST", "/safety/check", A::CheckOutput, &R::checkOutput);
    add("POST", "/safety/prompt", A::CheckOutput, &R::classifyPrompt);
    add("GET", "/safety/rules", A::ReadModeration, &R::listRules);
    add("POST", "/safety/rules", A::ManageModeration, &R::addRule);
    add("GET", "/safety/alerts", A::ReadSafetyAlerts, &R::listAlerts);
    add("GET", "/licenses/current", kPublic, &R::currentLicense);
    add("POST", "/licenses", A::ManageLicenses, &R::createLicense);
    add("POST", "/licenses/{version}/accept", A::ActForPlatformUser, &R::acceptLicense);
    add("POST", "/exports", A::ActForPlatformUser, &R::exportOutput);

    // Governance and operations (spec §4.3, §4.4).
    add("GET", "/policy", A::ReadPolicy, &R::policy);
    add("GET", "/policy/history", A::ReadPolicy, &R::policyHistory);
    add("PUT", "/policy", A::ChangePolicy, &R::changePolicy);
    add("GET", "/metrics", kPublic, &R::metrics);
    add("GET", "/audit", A::ReadAuditLog, &R::audit);
    add("GET", "/audit/verify", A::VerifyAuditLog, &R::verifyAudit);

    // Outbox, webhooks and alerts (outbox part, issue 14).
    add("GET", "/admin/outbox", A::ManageOutbox, &R::listOutbox);
    add("POST", "/admin/outbox/{id}/retry", A::ManageOutbox, &R::retryOutbox);
    add("POST", "/admin/alerts/{id}/acknowledge", A::AcknowledgeAlerts, &R::acknowledgeAlert);

    // Governance dashboard (issue 15, part "gov"): figures from the submission history.
    add("GET", "/admin/governance", A::ReadGovernance, &R::governance);
    // Sharded robust index (issue 16, part "shard"): index-shard processes answer API nodes.
    add("POST", "/internal/index/query", A::QueryIndexShard, &R::indexShardQuery);
    addTransparencyRoutes();
    addProofRoutes();
}

// Transparency log (tlog, issue 14): hashes and signatures only, so public.
void ApiRouter::addTransparencyRoutes()
{
    using R = ApiRouter;
    constexpr std::nullopt_t kPublic = std::nullopt;
    add("GET", "/audit/head", kPublic, &R::auditHead);
    add("GET", "/audit/public-key", kPublic, &R::auditPublicKey);
    add("GET", "/audit/proof/inclusion", kPublic, &R::auditInclusionProof);
    add("GET", "/audit/proof/consistency", kPublic, &R::auditConsistencyProof);
}

// Proofs and receipts (proofs, issue 14).
void ApiRouter::addProofRoutes()
{
    using R = ApiRouter;
    add("GET", "/tracks/{id}/receipt", core::Action::ReadTrackReceipt, &R::trackReceipt,
        Subject::Track);
}

} // namespace lemm::server
