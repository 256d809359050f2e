#include "core/domain/policy.h"

#include "core/base/json_fields.h"

#include <cmath>
#include <functional>

namespace lemm::core {

namespace {

struct FieldDef {
    PolicyField meta;
    std::function<QJsonValue(const Policy &)> get;
    // Returns an error message, or empty when `v` was stored.
    std::function<QString(Policy &, const QJsonValue &)> set;
};

FieldDef number(const char *name, double Policy::*member, double min, double max,
                const char *description)
{
    const QString n = QString::fromLatin1(name);
    return FieldDef{
        PolicyField{n, QStringLiteral("number"), min, max, {}, QString::fromUtf8(description)},
        [member](const Policy &p) { return QJsonValue(p.*member); },
        [member, min, max](Policy &p, const QJsonValue &v) -> QString {
            if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max)
                return QStringLiteral("must be a number from %1 to %2").arg(min).arg(max);
            p.*member = v.toDouble();
            return {};
        }};
}

FieldDef integer(const char *name, int Policy::*member, int min, int max, const char *description)
{
    const QString n = QString::fromLatin1(name);
    return FieldDef{
        PolicyField{n,
                    QStringLiteral("integer"),
                    double(min),
                    double(max),
                    {},
                    QString::fromUtf8(description)},
        [member](const Policy &p) { return QJsonValue(p.*member); },
        [member, min, max](Policy &p, const QJsonValue &v) -> QString {
            const double d = v.toDouble();
            if (!v.isDouble() || d != double(qint64(d)) || d < min || d > max)
                return QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max);
            p.*member = int(d);
            return {};
        }};
}

FieldDef choice(const char *name, QString Policy::*member, QStringList values,
                const char *description)
{
    const QString n = QString::fromLatin1(name);
    return FieldDef{
        PolicyField{n, QStringLiteral("enum"), 0, 0, values, QString::fromUtf8(description)},
        [member](const Policy &p) { return QJsonValue(p.*member); },
        [member, values](Policy &p, const QJsonValue &v) -> QString {
            if (!v.isString() || !values.contains(v.toString()))
                return QStringLiteral("must be one of: %1").arg(values.join(QStringLiteral(", ")));
            p.*member = v.toString();
            return {};
        }};
}

// size: the table of every policy field, one entry each (name, range, default); splitting it
// would scatter the policy across functions.
const QList<FieldDef> &fieldDefs()
{
    static const QList<FieldDef> defs = [] {
        QList<FieldDef> d;
        d << FieldDef{
            PolicyField{QStringLiteral("accepted_license_types"),
                        QStringLiteral("string_list"),
                        1,
                        50,
                        {},
                        QStringLiteral("licence types a submission may declare")},
            [](const Policy &p) {
                return QJsonValue(QJsonArray::fromStringList(p.acceptedLicenseTypes));
            },
            [](Policy &p, const QJsonValue &v) -> QString {
                const QJsonArray a = v.toArray();
                if (!v.isArray() || a.isEmpty() || a.size() > 50)
                    return QStringLiteral("must be an array of 1 to 50 licence names");
                QStringList out;
                for (const QJsonValue &e : a) {
                    if (!e.isString() || e.toString().isEmpty() || e.toString().size() > 100)
                        return QStringLiteral("must be an array of 1 to 50 licence names");
                    out << e.toString();
                }
                p.acceptedLicenseTypes = out;
                return {};
            }};
        d << FieldDef{
            PolicyField{QStringLiteral("default_license_type"),
                        QStringLiteral("string"),
                        0,
                        0,
                        {},
                        QStringLiteral("licence used when a submission names none; must be "
                                       "accepted")},
            [](const Policy &p) { return QJsonValue(p.defaultLicenseType); },
            [](Policy &p, const QJsonValue &v) -> QString {
                if (!v.isString() || v.toString().isEmpty())
                    return QStringLiteral("must be a licence name");
                p.defaultLicenseType = v.toString();
                return {};
            }};
        d << FieldDef{PolicyField{QStringLiteral("license_templates"),
                                  QStringLiteral("object"),
                                  0,
                                  0,
                                  {},
                                  QStringLiteral("licence type -> plain-language text shown to "
                                                 "contributors")},
                      [](const Policy &p) { return QJsonValue(p.licenseTemplates); },
                      [](Policy &p, const QJsonValue &v) -> QString {
                          if (!v.isObject())
                              return QStringLiteral("must be an object of licence type -> text");
                          const QJsonObject o = v.toObject();
                          for (auto it = o.begin(); it != o.end(); ++it)
                              if (!it.value().isString() || it.value().toString().size() > 20000)
                                  return QStringLiteral(
                                      "every template must be a text of at most 20000 "
                                      "characters");
                          p.licenseTemplates = o;
                          return {};
                      }};
        d << number("bulk_max_share", &Policy::bulkMaxShare, 0.0001, 1,
                    "largest share of the vault one contributor may hold before new "
                    "submissions are held");
        d << integer("bulk_min_vault_size", &Policy::bulkMinVaultSize, 1, 1000000000,
                     "vault size from which the share rule applies");
        d << integer("bulk_max_tracks", &Policy::bulkMaxTracks, 1, 1000000000,
                     "tracks per contributor before new submissions are held");
        d << number("min_duration_sec", &Policy::minDurationSec, 0, 3600,
                    "shortest track accepted by the sanity check");
        d << number("max_duration_sec", &Policy::maxDurationSec, 1, 86400,
                    "longest track accepted by the sanity check");
        d << integer("min_sample_rate", &Policy::minSampleRate, 8000, 384000,
                     "lowest source sample rate accepted");
        d << integer("max_channels", &Policy::maxChannels, 1, 2,
                     "most channels accepted (v0: a stereo mix, no stems)");
        d << number("external_weak_min", &Policy::externalWeakMin, 0, 1,
                    "external match confidence from which a hit is flagged");
        d << number("external_strong_min", &Policy::externalStrongMin, 0, 1,
                    "external match confidence from which a long hit auto-rejects");
        d << number("external_strong_min_overlap_sec", &Policy::externalStrongMinOverlapSec, 0,
                    3600, "overlap a strong external hit needs; shorter is weak");
        d << number("min_match_coverage", &Policy::minMatchCoverage, 0, 1,
                    "ignored (kept for compatibility): decisions read the calibrated score");
        d << number("coverage_min_overlap_sec", &Policy::coverageMinOverlapSec, 0, 3600,
                    "ignored (kept for compatibility): decisions read the calibrated score");
        d << choice("external_unavailable_action", &Policy::externalUnavailableAction,
                    {QStringLiteral("retry_then_review"), QStringLiteral("review")},
                    "what an unreachable external source does to a track");
        d << choice("exact_duplicate_action", &Policy::exactDuplicateAction,
                    {QStringLiteral("reject"), QStringLiteral("review")},
                    "exact copy of an accepted track: auto-reject or send to review");
        d << number("internal_robust_high", &Policy::internalRobustHigh, 0, 1,
                    "robust fingerprint score counted as high");
        d << number("internal_robust_weak", &Policy::internalRobustWeak, 0, 1,
                    "robust fingerprint score from which a partial match is flagged");
        d << number("internal_embedding_high", &Policy::internalEmbeddingHigh, -1, 1,
                    "ignored (kept for compatibility): the embedding is a ranking hint and decides "
                    "nothing");
        d << number("internal_embedding_medium", &Policy::internalEmbeddingMedium, -1, 1,
                    "ignored (kept for compatibility): the embedding raises no flag on its own");
        d << choice("auto_accept", &Policy::autoAccept,
                    {QStringLiteral("off"), QStringLiteral("unflagged")},
                    "accept tracks without flags automatically after the checks");
        d << integer("flagged_approvals_required", &Policy::flaggedApprovalsRequired, 1, 10,
                     "reviewer approvals a flagged track needs (one admin approval always "
                     "suffices)");
        d << integer("max_check_attempts", &Policy::maxCheckAttempts, 1, 50,
                     "attempts of the automated checks before a track is flagged failed_checks");
        d << integer("retry_base_delay_sec", &Policy::retryBaseDelaySec, 0, 86400,
                     "first retry delay; doubles with every attempt");
        d << integer("job_lease_sec", &Policy::jobLeaseSec, 10, 86400,
                     "how long a worker owns a job before another may take it over");
        d << number("snippet_max_sec", &Policy::snippetMaxSec, 1, 30,
                    "longest review preview snippet");
        d << integer("snippet_bitrate_kbps", &Policy::snippetBitrateKbps, 32, 192,
                     "preview snippet MP3 bitrate");
        d << integer("preview_token_ttl_sec", &Policy::previewTokenTtlSec, 10, 3600,
                     "lifetime of a signed preview URL");
        d << number("output_warn_min", &Policy::outputWarnMin, 0, 1,
                    "output similarity from which a generated output is warned");
        d << number("output_block_min", &Policy::outputBlockMin, 0, 1,
                    "output similarity from which a generated output is blocked");
        d << choice("output_unverified_action", &Policy::outputUnverifiedAction,
                    {QStringLiteral("block"), QStringLiteral("warn")},
                    "an output whose check could not reach a configured external catalog: "
                    "block or warn (never exported either way)");
        d << choice("prompt_song_action", &Policy::promptSongAction,
                    {QStringLiteral("reject"), QStringLiteral("stricter")},
                    "prompts naming a commercial song: reject, or check with stricter thresholds");
        d << choice("prompt_artist_action", &Policy::promptArtistAction,
                    {QStringLiteral("reject"), QStringLiteral("stricter")},
                    "prompts naming a non-participating artist");
        d << number("stricter_warn_min", &Policy::stricterWarnMin, 0, 1,
                    "warn threshold for outputs of flagged prompts");
        d << number("stricter_block_min", &Policy::stricterBlockMin, 0, 1,
                    "block threshold for outputs of flagged prompts");
        d << integer("alert_hits", &Policy::alertHits, 1, 1000,
                     "warned or blocked outputs of one user or model that raise an alert");
        d << integer("alert_window_sec", &Policy::alertWindowSec, 60, 30 * 86400,
                     "window in which repeated hits are counted");
        d << choice("revoked_tracks_in_safety_checks", &Policy::revokedTracksInSafetyChecks,
                    {QStringLiteral("drop"), QStringLiteral("safety_only")},
                    "whether revoked tracks stay references for output checks (never training)");
        // Training links (issue 14, part "training").
        d << integer("training_link_ttl_sec", &Policy::trainingLinkTtlSec, 10, 3600,
                     "lifetime of a training manifest's fetch link");
        d << integer("training_fetch_limit", &Policy::trainingFetchLimit, 1, 100,
                     "fetches of one track one training run may make (each link is single-use)");
        // Abuse limits (issue 14, part "abuse").
        d << integer("claims_per_account", &Policy::claimsPerAccount, 1, 1000,
                     "claims one account may file within claim_window_sec");
        d << integer("claims_per_address", &Policy::claimsPerAddress, 1, 10000,
                     "claims one client address may file within claim_window_sec");
        d << integer("claim_window_sec", &Policy::claimWindowSec, 60, 30 * 86400,
                     "window in which claims are counted for the claim throttle");
        d << number("preview_budget_sec", &Policy::previewBudgetSec, 1, 3600,
                    "preview seconds one reviewer may be issued for one track");
        d << number("preview_coverage_max_share", &Policy::previewCoverageMaxShare, 0.05, 1,
                    "share of a track's length one reviewer's previews may cover (at least "
                    "snippet_max_sec)");
        d << integer("preview_fetches_max", &Policy::previewFetchesMax, 1, 20,
                     "fetches one preview link answers (repeats come from a cache)");
        // Outbox part (issue 14).
        d << integer("alert_dedup_window_hours", &Policy::alertDedupWindowHours, 1, 24 * 365,
                     "hours after an open alert's last hit within which a repeat updates it");
        return d;
    }();
    return defs;
}

} // namespace

QList<PolicyField> policyFields()
{
    QList<PolicyField> out;
    for (const FieldDef &f : fieldDefs())
        out << f.meta;
    return out;
}

QJsonArray policyFieldsJson()
{
    QJsonArray out;
    for (const PolicyField &f : policyFields()) {
        QJsonObject o{{QStringLiteral("name"), f.name},
                      {QStringLiteral("kind"), f.kind},
                      {QStringLiteral("description"), f.description}};
        if (f.kind == QLatin1String("number") || f.kind == QLatin1String("integer")) {
            o.insert(QStringLiteral("min"), f.min);
            o.insert(QStringLiteral("max"), f.max);
        }
        if (f.kind == QLatin1String("enum"))
            o.insert(QStringLiteral("values"), QJsonArray::fromStringList(f.values));
        out.append(o);
    }
    return out;
}

QJsonObject Policy::toJson() const
{
    QJsonObject o;
    for (const FieldDef &f : fieldDefs())
        o.insert(f.meta.name, f.get(*this));
    return o;
}

Result<Policy> Policy::fromJson(const QJsonObject &o, bool strict)
{
    Policy p;
    QJsonObject errors;
    QStringList known;
    for (const FieldDef &f : fieldDefs()) {
        known << f.meta.name;
        if (!o.contains(f.meta.name)) {
            if (strict)
                errors.insert(f.meta.name, QStringLiteral("is required"));
            continue;
        }
        if (const QString why = f.set(p, o.value(f.meta.name)); !why.isEmpty())
            errors.insert(f.meta.name, why);
    }
    if (strict)
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!known.contains(it.key()))
                errors.insert(it.key(), QStringLiteral("is not a policy field"));
    // Relations between fields.
    auto relation = [&](const QString &field, bool ok, const QString &why) {
        if (!ok && !errors.contains(field))
            errors.insert(field, why);
    };
    relation(QStringLiteral("default_license_type"),
             p.acceptedLicenseTypes.contains(p.defaultLicenseType),
             QStringLiteral("must be one of accepted_license_types"));
    relation(QStringLiteral("external_strong_min"), p.externalStrongMin >= p.externalWeakMin,
             QStringLiteral("must not be below external_weak_min"));
    relation(QStringLiteral("internal_robust_high"), p.internalRobustHigh >= p.internalRobustWeak,
             QStringLiteral("must not be below internal_robust_weak"));
    relation(QStringLiteral("max_duration_sec"), p.maxDurationSec > p.minDurationSec,
             QStringLiteral("must be above min_duration_sec"));
    relation(QStringLiteral("output_block_min"), p.outputBlockMin >= p.outputWarnMin,
             QStringLiteral("must not be below output_warn_min"));
    relation(QStringLiteral("stricter_block_min"), p.stricterBlockMin >= p.stricterWarnMin,
             QStringLiteral("must not be below stricter_warn_min"));
    if (!errors.isEmpty())
        return Error::make(ErrorKind::InvalidInput, QStringLiteral("invalid_policy"),
                           QStringLiteral("the policy has invalid values"), errors);
    return p;
}

QJsonObject policyDiff(const Policy &from, const Policy &to)
{
    const QJsonObject a = from.toJson(), b = to.toJson();
    QJsonObject out;
    for (auto it = b.begin(); it != b.end(); ++it)
        if (a.value(it.key()) != it.value())
            out.insert(it.key(), QJsonObject{{QStringLiteral("old"), a.value(it.key())},
                                             {QStringLiteral("new"), it.value()}});
    return out;
}

Result<PolicyChange> parsePolicyChange(const QJsonObject &body)
{
    FieldReader r(body);
    PolicyChange change;
    const QJsonValue policy = r.value(QStringLiteral("policy"));
    if (!policy.isObject())
        r.fail(QStringLiteral("policy"), QStringLiteral("is required: the full new policy object"));
    change.policy = policy.toObject();
    const QJsonValue note = r.value(QStringLiteral("note"));
    if (!note.isUndefined() && (!note.isString() || note.toString().size() > 2000))
        r.fail(QStringLiteral("note"), QStringLiteral("must be a short text"));
    change.note = note.toString();
    const QJsonValue base = r.value(QStringLiteral("base_version"));
    if (!base.isUndefined() &&
        (!base.isDouble() || base.toDouble() < 1 || base.toDouble() != std::floor(base.toDouble())))
        r.fail(QStringLiteral("base_version"),
               QStringLiteral("must be the version number you edited"));
    change.baseVersion = qint64(base.toDouble(0));
    r.rejectUnknown();
    if (auto ok = r.check(QStringLiteral("the policy change has invalid fields")); !ok)
        return ok.error();
    return change;
}

} // namespace lemm::core
