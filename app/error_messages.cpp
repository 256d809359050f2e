#include "error_messages.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>

namespace lemm::app {

namespace {

#define LEMM_ERR(text) QT_TRANSLATE_NOOP("ErrorMessages", text)

// Sentences several codes share: problems of the server or its operator, which a person at the
// desktop can only report.
const char *const kServerProblem =
    LEMM_ERR("The server ran into a problem of its own. Try again later; if it persists, tell "
             "an administrator.");
const char *const kServerSetup =
    LEMM_ERR("The server is not set up correctly. Tell an administrator.");
const char *const kStoredDataBroken =
    LEMM_ERR("Stored data on the server failed an integrity check. Tell an administrator.");
const char *const kBadRequest =
    LEMM_ERR("The server could not read this request. Update the app or try again.");
const char *const kAudioUnreadable =
    LEMM_ERR("The audio file could not be read. Choose a complete WAV, FLAC, MP3 or OGG file.");
const char *const kBusy =
    LEMM_ERR("The server is busy or unavailable right now. Try again in a moment.");
const char *const kNotFound = LEMM_ERR("This item no longer exists, or you cannot see it.");
const char *const kChangedMeanwhile =
    LEMM_ERR("Someone changed this in the meantime. Reload and try again.");
const char *const kPreviewRefused =
    LEMM_ERR("This preview is not available to you. Reload the item and ask for a new one.");
const char *const kLinkInvalid =
    LEMM_ERR("This link is not valid. Ask for a new one.");
const char *const kPackRefused =
    LEMM_ERR("A data pack of this run does not allow this use. Choose other packs.");
const char *const kProofProblem =
    LEMM_ERR("The transparency log could not give this proof. Try again later.");
const char *const kExternalProblem =
    LEMM_ERR("An external catalog could not be reached or answered oddly; the check will be "
             "retried.");

struct Entry {
    const char *code;
    const char *text;
};

// size: one line per code; sorted by code (looked up with a binary search).
const std::array kEntries = std::to_array<Entry>({
    {"account_not_found", kNotFound},
    {"alert_not_found", kNotFound},
    {"alert_not_open", LEMM_ERR("This alert has already been acknowledged.")},
    {"already_revoked", LEMM_ERR("This track has already been revoked.")},
    {"already_voted", LEMM_ERR("You have already voted on this item in this round.")},
    {"ambiguous_header", kBadRequest},
    {"api_key_already_revoked", LEMM_ERR("This API key has already been revoked.")},
    {"api_key_not_a_session",
     LEMM_ERR("This is an API key, not a session; an administrator revokes or rotates it.")},
    {"api_key_not_found", kNotFound},
    {"audio_too_long", LEMM_ERR("The recording is longer than the vault accepts.")},
    {"audit_head_missing", kStoredDataBroken},
    {"authentication_required", LEMM_ERR("Please log in first.")},
    {"bad_catalog", kServerSetup},
    {"bad_catalog_name", kServerSetup},
    {"bad_embedding_windows", kServerSetup},
    {"bad_peaks", kServerProblem},
    {"bad_reply", LEMM_ERR("The server's answer could not be read. Update the app or try again.")},
    {"bad_workers", kServerSetup},
    {"busy", kBusy},
    {"calibration_invalid", kServerSetup},
    {"calibration_unreadable", kServerSetup},
    {"cancelled", LEMM_ERR("The request was cancelled.")},
    {"cannot_demote_self", LEMM_ERR("You cannot remove your own administrator role.")},
    {"chain_broken", kStoredDataBroken},
    {"claim_decided", LEMM_ERR("This claim has already been decided.")},
    {"claim_not_applicable", LEMM_ERR("A claim cannot be filed on this track in its state.")},
    {"claim_not_found", kNotFound},
    {"claim_not_pending", LEMM_ERR("This claim is no longer waiting for review.")},
    {"claim_pending_review",
     LEMM_ERR("This claim must be reviewed (accepted or dismissed) before it is decided.")},
    {"claims_throttled", LEMM_ERR("Too many claims in a short time. Try again later.")},
    {"concurrent_change", kChangedMeanwhile},
    {"config_hash_mismatch", LEMM_ERR("The run's configuration does not match what was "
                                      "registered.")},
    {"conflicting_length", kBadRequest},
    {"corrupt_audio", kAudioUnreadable},
    {"cpu_budget_exceeded", LEMM_ERR("The file took too long to analyse and was refused.")},
    {"database_driver_missing", kServerSetup},
    {"database_error", kServerProblem},
    {"database_unavailable", kBusy},
    {"decode_timeout", LEMM_ERR("The file took too long to decode and was refused.")},
    {"decryption_failed", kStoredDataBroken},
    {"device_not_readable", kAudioUnreadable},
    {"device_not_seekable", kAudioUnreadable},
    {"email_not_verified", LEMM_ERR("Verify your e-mail address first (see the message we sent "
                                    "you).")},
    {"email_taken", LEMM_ERR("An account with this e-mail address already exists.")},
    {"embedding_corrupt", kStoredDataBroken},
    {"empty_audio", LEMM_ERR("The file contains no audio.")},
    {"empty_upload", LEMM_ERR("The file is empty.")},
    {"exception", kServerProblem},
    {"external_bad_response", kExternalProblem},
    {"external_error", kExternalProblem},
    {"external_unavailable", kExternalProblem},
    {"fetch_limit_reached", LEMM_ERR("This training link has been used up.")},
    {"file_unreadable", LEMM_ERR("The file could not be opened on this computer.")},
    {"fingerprint_failed", LEMM_ERR("The audio could not be fingerprinted. Try another file.")},
    {"forbidden", LEMM_ERR("Your account is not allowed to do this.")},
    {"fp_robust_corrupt", kStoredDataBroken},
    {"host_required", kServerSetup},
    {"illegal_transition", LEMM_ERR("The track is no longer in a state that allows this. "
                                    "Reload to see its current state.")},
    {"index_corrupt", kStoredDataBroken},
    {"index_io", kServerProblem},
    {"invalid_config", kServerSetup},
    {"invalid_credentials", LEMM_ERR("The e-mail address or password is wrong.")},
    {"invalid_database_url", kServerSetup},
    {"invalid_fields", LEMM_ERR("Some fields need attention.")},
    {"invalid_filename", LEMM_ERR("The file name is not acceptable. Rename the file and try "
                                  "again.")},
    {"invalid_host", kServerSetup},
    {"invalid_length", kBadRequest},
    {"invalid_object_uri", kServerProblem},
    {"invalid_policy", LEMM_ERR("The policy is not valid; see the fields marked.")},
    {"invalid_proof_request", kProofProblem},
    {"invalid_public_key", kServerSetup},
    {"invalid_signing_key", kServerSetup},
    {"invalid_token", kLinkInvalid},
    {"invalid_tree_head", kProofProblem},
    {"invalid_upload_token", LEMM_ERR("The upload is not valid any more. Upload the file "
                                      "again.")},
    {"io_error", kServerProblem},
    {"lease_lost", kServerProblem},
    {"length_required", kBadRequest},
    {"license_exists", LEMM_ERR("A licence with this version already exists.")},
    {"license_not_accepted", LEMM_ERR("The current output licence has not been accepted.")},
    {"license_outdated", LEMM_ERR("A newer output licence must be accepted first.")},
    {"link_used", LEMM_ERR("This link has already been used. Ask for a new one.")},
    {"list_malformed", kServerSetup},
    {"list_unreadable", kServerSetup},
    {"listen_failed", kServerSetup},
    {"mail_failed", LEMM_ERR("The e-mail could not be sent. Try again later.")},
    {"malformed_entry", kStoredDataBroken},
    {"malformed_json", kBadRequest},
    {"malformed_multipart", kBadRequest},
    {"memory_budget_exceeded", LEMM_ERR("The file needs too much memory to analyse and was "
                                        "refused.")},
    {"metadata_malformed", kServerSetup},
    {"metadata_unreadable", kServerSetup},
    {"method_not_allowed", kBadRequest},
    {"migration_failed", kServerSetup},
    {"missing_subtree", kProofProblem},
    {"model_not_found", kNotFound},
    {"model_not_yours", LEMM_ERR("This model belongs to another service.")},
    {"model_type_mismatch", LEMM_ERR("The model type does not match the registered model.")},
    {"multipart_required", kBadRequest},
    {"network_error", LEMM_ERR("The server cannot be reached. Check the connection; the app "
                               "shows what it saved offline.")},
    {"no_audio_dir", kServerSetup},
    {"no_audio_files", kServerSetup},
    {"no_catalog", kServerSetup},
    {"no_data_dir", kServerSetup},
    {"no_index", kServerSetup},
    {"no_license", LEMM_ERR("No output licence has been published yet.")},
    {"no_policy", kServerSetup},
    {"no_signing_key", kServerSetup},
    {"no_tree_head", kProofProblem},
    {"not_a_person", LEMM_ERR("Service accounts cannot do this; log in as a person.")},
    {"not_audio", kAudioUnreadable},
    {"not_open", LEMM_ERR("This is no longer open.")},
    {"not_previewable", LEMM_ERR("This track cannot be previewed in its current state.")},
    {"not_reviewable", LEMM_ERR("This track is not waiting for review any more.")},
    {"nothing_indexed", kServerSetup},
    {"object_exists", kServerProblem},
    {"object_not_found", kStoredDataBroken},
    {"outbox_event_not_found", kNotFound},
    {"outbox_not_dead", LEMM_ERR("Only failed deliveries can be retried.")},
    {"output_blocked", LEMM_ERR("This output was blocked by the safety check and cannot be "
                                "exported.")},
    {"output_not_checked", LEMM_ERR("This output has not been through the safety check.")},
    {"output_unverified", LEMM_ERR("This output's safety check could not be verified.")},
    {"own_track", LEMM_ERR("You cannot review your own track.")},
    {"pack_exists", LEMM_ERR("A data pack with this name already exists.")},
    {"pack_lost", kStoredDataBroken},
    {"pack_not_clean", kPackRefused},
    {"pack_not_for_adapters", kPackRefused},
    {"pack_not_for_training", kPackRefused},
    {"part_too_large", LEMM_ERR("Part of the request is too large.")},
    {"password_hash_failed", kServerProblem},
    {"peaks_not_ready", LEMM_ERR("The waveform is still being prepared. Try again shortly.")},
    {"policy_changed", kChangedMeanwhile},
    {"policy_unchanged", LEMM_ERR("Nothing was changed in the policy.")},
    {"preview_budget_exhausted", LEMM_ERR("You have listened to as much of this track as a "
                                          "review allows.")},
    {"preview_coverage_exhausted", LEMM_ERR("You have listened to as much of this track as a "
                                            "review allows.")},
    {"preview_encoder", kServerProblem},
    {"preview_not_yours", kPreviewRefused},
    {"preview_out_of_range", LEMM_ERR("The preview lies outside the track.")},
    {"preview_session_mismatch", kPreviewRefused},
    {"preview_used_up", kPreviewRefused},
    {"proof_entry_not_in_chain", kProofProblem},
    {"purpose_required", kBadRequest},
    {"raw_audio_forbidden", LEMM_ERR("Raw audio is never handed out to people.")},
    {"read_failed", kServerProblem},
    {"resampler", kServerProblem},
    {"route_not_found", LEMM_ERR("The server does not know this request. Update the app or "
                                 "the server.")},
    {"rule_exists", LEMM_ERR("This rule already exists.")},
    {"run_completed", LEMM_ERR("This training run has already been completed.")},
    {"run_exists", LEMM_ERR("A training run with this id already exists.")},
    {"run_not_found", kNotFound},
    {"same_reviewer", LEMM_ERR("An appeal must be decided by someone who did not review the "
                               "track the first time.")},
    {"schema_too_new", kServerSetup},
    {"shutting_down", kBusy},
    {"signing_key_invalid", kServerSetup},
    {"signing_key_unreadable", kServerSetup},
    {"sources_unloadable", kServerSetup},
    {"spool_failed", kServerProblem},
    {"spool_unreadable", kServerProblem},
    {"sth_bad_signature", kProofProblem},
    {"sth_wrong_key", kProofProblem},
    {"stored_policy_invalid", kStoredDataBroken},
    {"terms_not_affirmed", LEMM_ERR("Affirm the contribution terms first.")},
    {"terms_outdated", LEMM_ERR("The terms have changed; read and affirm the new version.")},
    {"tls_unreadable", kServerSetup},
    {"tls_unsupported", kServerSetup},
    {"token_expired", LEMM_ERR("This link has expired. Ask for a new one.")},
    {"token_invalid", LEMM_ERR("Your session is not valid. Please log in again.")},
    {"token_revoked", LEMM_ERR("Your session has ended. Please log in again.")},
    {"token_used", LEMM_ERR("This link has already been used. Ask for a new one.")},
    {"too_many_attempts", LEMM_ERR("Too many failed attempts. Wait a while and try again.")},
    {"too_many_sources", kServerSetup},
    {"track_not_eligible", LEMM_ERR("This track cannot be used for training.")},
    {"track_not_found", kNotFound},
    {"unknown_kind", kBadRequest},
    {"unknown_pack", LEMM_ERR("There is no data pack with this name.")},
    {"unknown_state", kBadRequest},
    {"unreadable", kAudioUnreadable},
    {"unsupported_format", LEMM_ERR("This audio format is not supported. Use WAV, FLAC, MP3 or "
                                    "OGG.")},
    {"unsupported_media_type", kAudioUnreadable},
    {"upload_token_expired", LEMM_ERR("The upload has expired. Upload the file again.")},
    {"upload_token_used", LEMM_ERR("This upload has already been submitted.")},
    {"upload_too_large", LEMM_ERR("The file is larger than the vault accepts.")},
    {"window_too_large", LEMM_ERR("This window holds too much history; choose fewer days.")},
    {"witness_unwritable", kServerSetup},
    {"wrong_password", LEMM_ERR("The current password is wrong; nothing was changed.")},
});

#undef LEMM_ERR

bool codeLess(const Entry &a, const Entry &b)
{
    return qstrcmp(a.code, b.code) < 0;
}

} // namespace

QString errorMessageFor(const QString &code)
{
    const QByteArray key = code.toLatin1();
    const Entry probe{key.constData(), nullptr};
    const auto it = std::lower_bound(kEntries.begin(), kEntries.end(), probe, codeLess);
    if (it == kEntries.end() || qstrcmp(it->code, key.constData()) != 0)
        return {};
    return QCoreApplication::translate("ErrorMessages", it->text);
}

QStringList knownErrorCodes()
{
    QStringList out;
    for (const Entry &e : kEntries)
        out << QString::fromLatin1(e.code);
    return out;
}

} // namespace lemm::app
