#pragma once
// Generation-time safety (spec §6) and output licensing (§8.1): every generated output goes
// through the one CheckPipeline (the vault, i.e. the process's ReferenceIndex synced from the
// database, and the external sources) and is allowed, warned, blocked or, when a configured
// source did not answer, unverified (core::outputVerdict; fail closed); prompts are classified
// against admin-managed rule lists; repeated hits raise alerts; exports need the current
// output licence to have been accepted and a check that neither blocked nor was unverified.
// Every check is an output_similarity_check audit entry naming the sources that answered,
// failed or are not configured and the calibration version. Thread-safe.

#include "server/base/audio_body.h"
#include "server/services/accounts.h"
#include "server/similarity/check_pipeline.h"
#include "server/storage/vault.h"

#include <QJsonObject>
#include <QUrlQuery>

#include <memory>

namespace lemm::server {

// Typed bodies of the safety routes; parse*() answer 400 invalid_fields naming every bad or
// unknown field (ids: 1-128 letters, digits or _.:@-).
struct PromptRequest {
    QString prompt;   // at most 4000 characters
    QString outputId; // empty: not given
};
struct RuleRequest {
    QString kind;   // song | artist | participating_artist
    QString phrase; // as given (stored trimmed)
    QString note;   // null: not given
};
struct LicenseRequest {
    QString version;
    QString summary;
    QString termsUrl;
    QJsonObject asGiven; // for the audit entry
};
struct ExportRequest {
    QString outputId;
    QString userId;
};
Result<PromptRequest> parsePromptRequest(const QJsonObject &body);
Result<RuleRequest> parseRuleRequest(const QJsonObject &body);
Result<LicenseRequest> parseLicenseRequest(const QJsonObject &body);
// POST /licenses/{version}/accept {user_id}: the user id.
Result<QString> parseLicenseAcceptance(const QJsonObject &body);
Result<ExportRequest> parseExportRequest(const QJsonObject &body);

class SafetyService
{
public:
    // Borrows the vault, the process's one ReferenceIndex and the metrics from the composition
    // root.
    SafetyService(Vault &vault, ReferenceIndex &references, SourceSet sources, Metrics &metrics);

    // POST /safety/check (multipart: audio + meta JSON {model_id, output_id, user_id, prompt}).
    // The audio part is spooled to a file under DATA/tmp while the body is read in blocks.
    Result<QJsonObject> check(const Account &who, const QByteArray &contentType,
                              const AudioBody &body);
    // POST /safety/prompt {prompt, output_id?}.
    Result<QJsonObject> classifyPrompt(const PromptRequest &request);
    // Rule lists (admin): POST /safety/rules {kind, phrase, note}, GET /safety/rules.
    Result<QJsonObject> addRule(const Account &admin, const RuleRequest &rule);
    Result<QJsonObject> listRules() const;
    // GET /safety/alerts (admin).
    Result<QJsonObject> listAlerts() const;
    // POST /admin/alerts/{id}/acknowledge (admin; outbox part): an open alert becomes
    // `acknowledged`; the next hit of its subject opens a new alert. 404 alert_not_found,
    // 409 alert_not_open.
    Result<QJsonObject> acknowledgeAlert(const Account &admin, const QString &alertId);

    // Output licences: POST /licenses (admin), GET /licenses/current,
    // POST /licenses/{version}/accept {user_id}, POST /exports {output_id, user_id}.
    Result<QJsonObject> createLicense(const Account &admin, const LicenseRequest &license);
    Result<QJsonObject> currentLicense() const;
    Result<QJsonObject> acceptLicense(const Account &platform, const QString &version,
                                      const QString &userId);
    Result<QJsonObject> exportOutput(const Account &platform, const ExportRequest &request);

private:
    Vault &m_vault;
    CheckPipeline m_pipeline;
};

} // namespace lemm::server
