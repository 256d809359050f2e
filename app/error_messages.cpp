#include "error_messages.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>

namespace lemm::app {

namespace {

// Sentences several codes share: problems of the server or its operator, which a person at the
// desktop can only report.
const char *const kServerProblem = QT_TRANSLATE_NOOP(
    "ErrorMessages",
    "The server ran into a problem of its own. Try again later; if it persists, tell "
    "an administrator.");
const char *const kServerSetup = QT_TRANSLATE_NOOP(
    "ErrorMessages", "The server is not set up correctly. Tell an administrator.");
const char *const kStoredDataBroken = QT_TRANSLATE_NOOP(
    "ErrorMessages", "Stored data on the server failed an integrity check. Tell an administrator.");
const char *const kBadRequest = QT_TRANSLATE_NOOP(
    "ErrorMessages", "The server could not read this request. Update the app or try again.");
const char *const kAudioUnreadable = QT_TRANSLATE_NOOP(
    "ErrorMessages",
    "The audio file could not be read. Choose a complete WAV, FLAC, MP3 or OGG file.");
const char *const kBusy = QT_TRANSLATE_NOOP(
    "ErrorMessages", "The server is busy or unavailable right now. Try again in a moment.");
const char *const kNotFound =
    QT_TRANSLATE_NOOP("ErrorMessages", "This item no longer exists, or you cannot see it.");
const char *const kChangedMeanwhile = QT_TRANSLATE_NOOP(
    "ErrorMessages", "Someone changed this in the meantime. Reload and try again.");
const char *const kPreviewRefused = QT_TRANSLATE_NOOP(
    "ErrorMessages",
    "This preview is not available to you. Reload the item and ask for a new one.");
const char *const kLinkInvalid =
    QT_TRANSLATE_NOOP("ErrorMessages", "This link is not valid. Ask for a new one.");
const char *const kPackRefused = QT_TRANSLATE_NOOP(
    "ErrorMessages", "A data pack of this run does not allow this use. Choose other packs.");
const char *const kProofProblem = QT_TRANSLATE_NOOP(
    "ErrorMessages", "The transparency log could not give this proof. Try again later.");
const char *const kExternalProblem = QT_TRANSLATE_NOOP(
    "ErrorMessages",
    "An external catalog could not be reached or answered oddly; the check will be "
    "retried.");

struct Entry {
    const char *code;
    const char *text;
};

// size: one line per code; sorted by code (looked up with a binary search).
const std::array kEntries = std::to_array<Entry>({
    {"account_not_found", kNotFound},
    {"alert_not_found", kNotFound},
    {"alert_not_open",
     QT_TRANSLATE_NOOP("ErrorMessages", "This alert has already been acknowledged.")},
    {"already_revoked", QT_TRANSLATE_NOOP("ErrorMessages", "This track has already been revoked.")},
    {"already_voted",
     QT_TRANSLATE_NOOP("ErrorMessages", "You have already voted on this item in this round.")},
    {"ambiguous_header", kBadRequest},
    {"api_key_already_revoked",
     QT_TRANSLATE_NOOP("ErrorMessages", "This API key has already been revoked.")},
    {"api_key_not_a_session",
     QT_TRANSLATE_NOOP(
         "ErrorMessages",
         "This is an API key, not a session; an administrator revokes or rotates it.")},
    {"api_key_not_found", kNotFound},
    {"audio_too_long",
     QT_TRANSLATE_NOOP("ErrorMessages", "The recording is longer than the vault accepts.")},
    {"audit_hash_invalid", kStoredDataBroken},
    {"audit_head_missing", kStoredDataBroken},
    {"audit_log_gap", kStoredDataBroken},
    {"audit_tree_ahead", kStoredDataBroken},
    {"audit_tree_incomplete", kStoredDataBroken},
    {"authentication_required", QT_TRANSLATE_NOOP("ErrorMessages", "Please log in first.")},
    {"bad_alignment",
     QT_TRANSLATE_NOOP("ErrorMessages",
                       "The match gives no usable alignment for the difference track.")},
    {"bad_catalog", kServerSetup},
    {"bad_catalog_name", kServerSetup},
    {"bad_embedding_windows", kServerSetup},
    {"bad_mail_address", kBadRequest},
    {"bad_parameters",
     QT_TRANSLATE_NOOP("ErrorMessages", "The spectrogram settings are not usable.")},
    {"bad_peaks", kServerProblem},
    {"bad_reply",
     QT_TRANSLATE_NOOP("ErrorMessages",
                       "The server's answer could not be read. Update the app or try again.")},
    {"bad_sample_rate", kAudioUnreadable},
    {"bad_samples", kAudioUnreadable},
    {"bad_shard_message", kServerProblem},
    {"bad_workers", kServerSetup},
    {"body_too_large",
     QT_TRANSLATE_NOOP("ErrorMessages", "The request is larger than the server accepts.")},
    {"busy", kBusy},
    {"calibration_invalid", kServerSetup},
    {"calibration_unreadable", kServerSetup},
    {"cancelled", QT_TRANSLATE_NOOP("ErrorMessages", "The request was cancelled.")},
    {"cannot_demote_self",
     QT_TRANSLATE_NOOP("ErrorMessages", "You cannot remove your own administrator role.")},
    {"chain_broken", kStoredDataBroken},
    {"claim_decided", QT_TRANSLATE_NOOP("ErrorMessages", "This claim has already been decided.")},
    {"claim_not_applicable",
     QT_TRANSLATE_NOOP("ErrorMessages", "A claim cannot be filed on this track in its state.")},
    {"claim_not_found", kNotFound},
    {"claim_not_pending",
     QT_TRANSLATE_NOOP("ErrorMessages", "This claim is no longer waiting for review.")},
    {"claim_pending_review",
     QT_TRANSLATE_NOOP(
         "ErrorMessages",
         "This claim must be reviewed (accepted or dismissed) before it is decided.")},
    {"claims_throttled",
     QT_TRANSLATE_NOOP("ErrorMessages", "Too many claims in a short time. Try again later.")},
    {"clip_too_long",
     QT_TRANSLATE_NOOP("ErrorMessages", "The snippet is too long to compare here.")},
    {"concurrent_change", kChangedMeanwhile},
    {"config_hash_mismatch",
     QT_TRANSLATE_NOOP("ErrorMessages", "The run's configuration does not match what was "
                                        "registered.")},
    {"conflicting_length", kBadRequest},
    {"corrupt_audio", kAudioUnreadable},
    {"cpu_budget_exceeded",
     QT_TRANSLATE_NOOP("ErrorMessages", "The file took too long to analyse and was refused.")},
    {"data_dir_invalid", kServerSetup},
    {"data_dir_missing", kServerSetup},
    {"data_dir_uncreatable", kServerSetup},
    {"database_driver_missing", kServerSetup},
    {"database_error", kServerProblem},
    {"database_unavailable", kBusy},
    {"decode_timeout",
     QT_TRANSLATE_NOOP("ErrorMessages", "The file took too long to decode and was refused.")},
    {"decryption_failed", kStoredDataBroken},
    {"device_not_readable", kAudioUnreadable},
    {"device_not_seekable", kAudioUnreadable},
    {"email_not_verified",
     QT_TRANSLATE_NOOP("ErrorMessages", "Verify your e-mail address first (see the message we sent "
                                        "you).")},
    {"email_taken",
     QT_TRANSLATE_NOOP("ErrorMessages", "An account with this e-mail address already exists.")},
    {"embedding_corrupt", kStoredDataBroken},
    {"empty_audio", QT_TRANSLATE_NOOP("ErrorMessages", "The file contains no audio.")},
    {"empty_clip", QT_TRANSLATE_NOOP("ErrorMessages", "The snippet holds no audio.")},
    {"empty_upload", QT_TRANSLATE_NOOP("ErrorMessages", "The file is empty.")},
    {"exception", kServerProblem},
    {"external_bad_response", kExternalProblem},
    {"external_error", kExternalProblem},
    {"external_unavailable", kExternalProblem},
    {"fetch_limit_reached",
     QT_TRANSLATE_NOOP("ErrorMessages", "This training link has been used up.")},
    {"fft_failed", QT_TRANSLATE_NOOP("ErrorMessages", "The spectrum could not be computed.")},
    {"file_unreadable",
     QT_TRANSLATE_NOOP("ErrorMessages", "The file could not be opened on this computer.")},
    {"fingerprint_failed",
     QT_TRANSLATE_NOOP("ErrorMessages", "The audio could not be fingerprinted. Try another file.")},
    {"forbidden", QT_TRANSLATE_NOOP("ErrorMessages", "Your account is not allowed to do this.")},
    {"fp_robust_corrupt", kStoredDataBroken},
    {"host_required", kServerSetup},
    {"illegal_transition",
     QT_TRANSLATE_NOOP("ErrorMessages", "The track is no longer in a state that allows this. "
                                        "Reload to see its current state.")},
    {"index_corrupt", kStoredDataBroken},
    {"index_io", kServerProblem},
    {"index_shard_unavailable", kBusy},
    {"invalid_config", kServerSetup},
    {"invalid_credentials",
     QT_TRANSLATE_NOOP("ErrorMessages", "The e-mail address or password is wrong.")},
    {"invalid_database_url", kServerSetup},
    {"invalid_fields", QT_TRANSLATE_NOOP("ErrorMessages", "Some fields need attention.")},
    {"invalid_filename",
     QT_TRANSLATE_NOOP("ErrorMessages", "The file name is not acceptable. Rename the file and try "
                                        "again.")},
    {"invalid_host", kServerSetup},
    {"invalid_length", kBadRequest},
    {"invalid_object_uri", kServerProblem},
    {"invalid_policy",
     QT_TRANSLATE_NOOP("ErrorMessages", "The policy is not valid; see the fields marked.")},
    {"invalid_proof_request", kProofProblem},
    {"invalid_public_key", kServerSetup},
    {"invalid_signing_key", kServerSetup},
    {"invalid_token", kLinkInvalid},
    {"invalid_tree_head", kProofProblem},
    {"invalid_upload_token",
     QT_TRANSLATE_NOOP("ErrorMessages", "The upload is not valid any more. Upload the file "
                                        "again.")},
    {"io_error", kServerProblem},
    {"lease_lost", kServerProblem},
    {"length_required", kBadRequest},
    {"license_exists",
     QT_TRANSLATE_NOOP("ErrorMessages", "A licence with this version already exists.")},
    {"license_not_accepted",
     QT_TRANSLATE_NOOP("ErrorMessages", "The current output licence has not been accepted.")},
    {"license_outdated",
     QT_TRANSLATE_NOOP("ErrorMessages", "A newer output licence must be accepted first.")},
    {"link_used",
     QT_TRANSLATE_NOOP("ErrorMessages", "This link has already been used. Ask for a new one.")},
    {"list_malformed", kServerSetup},
    {"list_unreadable", kServerSetup},
    {"listen_failed", kServerSetup},
    {"loudness_meter", kServerProblem},
    {"mail_failed",
     QT_TRANSLATE_NOOP("ErrorMessages", "The e-mail could not be sent. Try again later.")},
    {"mail_unavailable",
     QT_TRANSLATE_NOOP("ErrorMessages", "The server could not send the mail just now. Your account "
                                        "is kept: ask for the mail again in a few minutes.")},
    {"malformed_entry", kStoredDataBroken},
    {"malformed_json", kBadRequest},
    {"malformed_multipart", kBadRequest},
    {"master_key_invalid", kServerSetup},
    {"master_key_unreadable", kServerSetup},
    {"memory_budget_exceeded",
     QT_TRANSLATE_NOOP("ErrorMessages", "The file needs too much memory to analyse and was "
                                        "refused.")},
    {"metadata_malformed", kServerSetup},
    {"metadata_unreadable", kServerSetup},
    {"method_not_allowed", kBadRequest},
    {"migration_failed", kServerSetup},
    {"missing_subtree", kProofProblem},
    {"model_not_found", kNotFound},
    {"model_not_yours",
     QT_TRANSLATE_NOOP("ErrorMessages", "This model belongs to another service.")},
    {"model_type_mismatch",
     QT_TRANSLATE_NOOP("ErrorMessages", "The model type does not match the registered model.")},
    {"multipart_required", kBadRequest},
    {"network_error",
     QT_TRANSLATE_NOOP("ErrorMessages",
                       "The server cannot be reached. Check the connection; the app "
                       "shows what it saved offline.")},
    {"no_audio_dir", kServerSetup},
    {"no_audio_files", kServerSetup},
    {"no_catalog", kServerSetup},
    {"no_data_dir", kServerSetup},
    {"no_index", kServerSetup},
    {"no_license", QT_TRANSLATE_NOOP("ErrorMessages", "No output licence has been published yet.")},
    {"no_overlap",
     QT_TRANSLATE_NOOP(
         "ErrorMessages",
         "The loaded snippets do not overlap at this match; play the matched region first.")},
    {"no_policy", kServerSetup},
    {"no_signing_key", kServerSetup},
    {"no_tree_head", kProofProblem},
    {"not_a_person",
     QT_TRANSLATE_NOOP("ErrorMessages", "Service accounts cannot do this; log in as a person.")},
    {"not_an_index_shard", kServerSetup},
    {"not_audio", kAudioUnreadable},
    {"not_open", QT_TRANSLATE_NOOP("ErrorMessages", "This is no longer open.")},
    {"not_previewable",
     QT_TRANSLATE_NOOP("ErrorMessages", "This track cannot be previewed in its current state.")},
    {"not_reviewable",
     QT_TRANSLATE_NOOP("ErrorMessages", "This track is not waiting for review any more.")},
    {"nothing_indexed", kServerSetup},
    {"object_exists", kServerProblem},
    {"object_not_found", kStoredDataBroken},
    {"object_store_error", kBusy},
    {"outbox_event_not_found", kNotFound},
    {"outbox_not_dead",
     QT_TRANSLATE_NOOP("ErrorMessages", "Only failed deliveries can be retried.")},
    {"output_blocked",
     QT_TRANSLATE_NOOP("ErrorMessages", "This output was blocked by the safety check and cannot be "
                                        "exported.")},
    {"output_not_checked",
     QT_TRANSLATE_NOOP("ErrorMessages", "This output has not been through the safety check.")},
    {"output_unverified",
     QT_TRANSLATE_NOOP("ErrorMessages", "This output's safety check could not be verified.")},
    {"own_track", QT_TRANSLATE_NOOP("ErrorMessages", "You cannot review your own track.")},
    {"pack_exists",
     QT_TRANSLATE_NOOP("ErrorMessages", "A data pack with this name already exists.")},
    {"pack_lost", kStoredDataBroken},
    {"pack_not_clean", kPackRefused},
    {"pack_not_for_adapters", kPackRefused},
    {"pack_not_for_training", kPackRefused},
    {"part_too_large", QT_TRANSLATE_NOOP("ErrorMessages", "Part of the request is too large.")},
    {"password_hash_failed", kServerProblem},
    {"peaks_not_ready",
     QT_TRANSLATE_NOOP("ErrorMessages",
                       "The waveform is still being prepared. Try again shortly.")},
    {"policy_changed", kChangedMeanwhile},
    {"policy_unchanged", QT_TRANSLATE_NOOP("ErrorMessages", "Nothing was changed in the policy.")},
    {"preview_budget_exhausted",
     QT_TRANSLATE_NOOP("ErrorMessages", "You have listened to as much of this track as a "
                                        "review allows.")},
    {"preview_coverage_exhausted",
     QT_TRANSLATE_NOOP("ErrorMessages", "You have listened to as much of this track as a "
                                        "review allows.")},
    {"preview_encoder", kServerProblem},
    {"preview_not_yours", kPreviewRefused},
    {"preview_out_of_range",
     QT_TRANSLATE_NOOP("ErrorMessages", "The preview lies outside the track.")},
    {"preview_session_mismatch", kPreviewRefused},
    {"preview_used_up", kPreviewRefused},
    {"proof_entry_not_in_chain", kProofProblem},
    {"purpose_required", kBadRequest},
    {"raw_audio_forbidden",
     QT_TRANSLATE_NOOP("ErrorMessages", "Raw audio is never handed out to people.")},
    {"read_failed", kServerProblem},
    {"resampler", kServerProblem},
    {"route_not_found",
     QT_TRANSLATE_NOOP("ErrorMessages", "The server does not know this request. Update the app or "
                                        "the server.")},
    {"rule_exists", QT_TRANSLATE_NOOP("ErrorMessages", "This rule already exists.")},
    {"run_completed",
     QT_TRANSLATE_NOOP("ErrorMessages", "This training run has already been completed.")},
    {"run_exists",
     QT_TRANSLATE_NOOP("ErrorMessages", "A training run with this id already exists.")},
    {"run_not_found", kNotFound},
    {"same_reviewer",
     QT_TRANSLATE_NOOP("ErrorMessages",
                       "An appeal must be decided by someone who did not review the "
                       "track the first time.")},
    {"schema_too_new", kServerSetup},
    {"shard_key_unreadable", kServerSetup},
    {"shutting_down", kBusy},
    {"signing_key_invalid", kServerSetup},
    {"signing_key_unreadable", kServerSetup},
    {"silent", QT_TRANSLATE_NOOP("ErrorMessages",
                                 "The snippet is silent, so its loudness cannot be measured.")},
    {"sources_unloadable", kServerSetup},
    {"spool_failed", kServerProblem},
    {"spool_unreadable", kServerProblem},
    {"sth_bad_signature", kProofProblem},
    {"sth_wrong_key", kProofProblem},
    {"stored_policy_invalid", kStoredDataBroken},
    {"terms_not_affirmed",
     QT_TRANSLATE_NOOP("ErrorMessages", "Affirm the contribution terms first.")},
    {"terms_outdated",
     QT_TRANSLATE_NOOP("ErrorMessages",
                       "The terms have changed; read and affirm the new version.")},
    {"tls_unreadable", kServerSetup},
    {"tls_unsupported", kServerSetup},
    {"token_expired",
     QT_TRANSLATE_NOOP("ErrorMessages", "This link has expired. Ask for a new one.")},
    {"token_invalid",
     QT_TRANSLATE_NOOP("ErrorMessages", "Your session is not valid. Please log in again.")},
    {"token_revoked",
     QT_TRANSLATE_NOOP("ErrorMessages", "Your session has ended. Please log in again.")},
    {"token_used",
     QT_TRANSLATE_NOOP("ErrorMessages", "This link has already been used. Ask for a new one.")},
    {"too_many_attempts",
     QT_TRANSLATE_NOOP("ErrorMessages", "Too many failed attempts. Wait a while and try again.")},
    {"too_many_sources", kServerSetup},
    {"too_short", QT_TRANSLATE_NOOP("ErrorMessages", "The snippet is too short to measure.")},
    {"track_not_eligible",
     QT_TRANSLATE_NOOP("ErrorMessages", "This track cannot be used for training.")},
    {"track_not_found", kNotFound},
    {"unknown_kind", kBadRequest},
    {"unknown_pack", QT_TRANSLATE_NOOP("ErrorMessages", "There is no data pack with this name.")},
    {"unknown_state", kBadRequest},
    {"unreadable", kAudioUnreadable},
    {"unsupported_format",
     QT_TRANSLATE_NOOP("ErrorMessages", "This audio format is not supported. Use WAV, FLAC, MP3 or "
                                        "OGG.")},
    {"unsupported_media_type", kAudioUnreadable},
    {"upload_token_expired",
     QT_TRANSLATE_NOOP("ErrorMessages", "The upload has expired. Upload the file again.")},
    {"upload_token_used",
     QT_TRANSLATE_NOOP("ErrorMessages", "This upload has already been submitted.")},
    {"upload_too_large",
     QT_TRANSLATE_NOOP("ErrorMessages", "The file is larger than the vault accepts.")},
    {"window_too_large",
     QT_TRANSLATE_NOOP("ErrorMessages", "This window holds too much history; choose fewer days.")},
    {"witness_unwritable", kServerSetup},
    {"wrong_password",
     QT_TRANSLATE_NOOP("ErrorMessages", "The current password is wrong; nothing was changed.")},

});

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
