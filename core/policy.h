#pragma once
// Governance policy values used by pure decisions (license acceptance, bulk-submission hold).
// Issue-level note: later work stores versions of this in the database; the struct and its JSON
// form are the stable shape.

#include "result.h"

#include <QJsonObject>
#include <QStringList>

namespace lemm::core {

struct Policy {
    // License types a submission may declare; anything else (non-commercial-only, unclear,
    // unknown) is refused.
    QStringList acceptedLicenseTypes{QStringLiteral("lemm_training_only_v1")};
    QString defaultLicenseType = QStringLiteral("lemm_training_only_v1");
    // Bulk-submission rule (spec §2.3): hold new submissions of a contributor who would hold
    // more than bulkMaxShare of the vault (once the vault has bulkMinVaultSize tracks) or more
    // than bulkMaxTracks tracks.
    double bulkMaxShare = 0.10;
    int bulkMinVaultSize = 50;
    int bulkMaxTracks = 1000;

    QJsonObject toJson() const;
    static Result<Policy> fromJson(const QJsonObject &o);
};

} // namespace lemm::core
