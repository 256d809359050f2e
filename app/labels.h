#pragma once
// Words for people for the server's stable identifiers (submission states), translated.

#include <QJsonArray>
#include <QString>

namespace lemm::app {

// "pending_review" -> "in review" etc.; an unknown state is shown as it is.
QString statusLabel(const QString &status);

// Stale marking (issue 14): a lineage `affected_by` array [{track_id, reason, seq}] as one
// line per track ("track T: revoked (audit entry 12)"); empty when nothing is affected.
QString affectedByText(const QJsonArray &affectedBy);

} // namespace lemm::app
