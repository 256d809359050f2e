#pragma once
// Validation of a track submission (spec §2.2) and the holding rules (§2.3): pure functions
// from the request JSON and the policy to a typed request or a per-field error.

#include "core/base/json_fields.h"
#include "core/base/result.h"
#include "core/domain/policy.h"

#include <QJsonObject>
#include <QStringList>

namespace lemm::core {

struct TrackMetadata {
    QString title;
    QString artistDisplayName;
    bool isCollaboration = false;
    QStringList collaboratorNames;
    QStringList genreTags;
    QString language;
    QString releaseStatus; // unreleased | released | work_for_hire

    QJsonObject toJson() const;
};

struct RightsDeclaration {
    QString rightsHolderType; // individual | label | publisher
    bool isOriginal = true;
    bool isCover = false;
    bool hasThirdPartySamples = false;
    QString territorialScope; // v0: worldwide
    QString term;             // v0: perpetual
    QString licenseType;
    bool trainingAllowed = false;
    bool internalDemoOk = false;
    bool allowPerArtistAdapters = false;
};

struct SubmitRequest {
    QString audioUploadToken;
    TrackMetadata metadata;
    RightsDeclaration rights;
};

// 400 "invalid_fields" naming every bad field (dotted paths, e.g. "rights.is_cover"), or 422
// "license_not_accepted" for a license outside policy.acceptedLicenseTypes.
Result<SubmitRequest> parseSubmitRequest(const QJsonObject &body, const Policy &policy);

// POST /tracks/{id}/revoke {reason, scope?}: the contributor revokes future use (spec §2.4).
struct RevokeRequest {
    QString reason;                                   // trimmed, at most 500 characters
    QString scope = QStringLiteral("all_future_use"); // the only scope of v0
};

// 400 "invalid_fields" naming every bad or unknown field.
Result<RevokeRequest> parseRevokeRequest(const QJsonObject &body);

// Flags that hold a submission for manual rights review: "rights_review" when the contributor
// declares the work is not original, is a cover, or contains third-party samples.
QStringList rightsReviewFlags(const RightsDeclaration &rights);

// Bulk-submission rule: true when, counting the new submission, the contributor would hold
// more than policy.bulkMaxTracks tracks, or more than policy.bulkMaxShare of a vault that has
// at least policy.bulkMinVaultSize tracks.
bool isBulkHold(qint64 contributorTracksBefore, qint64 vaultTracksBefore, const Policy &policy);

// A file name given by a client: checkText() (core/base/json_fields.h) with at most 255
// characters, no path separators, not "." or "..". Returns an empty string when fine, else the
// reason.
QString checkFileName(const QString &value);

} // namespace lemm::core
