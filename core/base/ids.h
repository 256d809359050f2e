#pragma once
// Identifiers and timestamps in the API's conventions: prefixed random ids (trk_, contrib_,
// rights_, subm_, upl_, ...) and ISO-8601 UTC timestamps with milliseconds.

#include <QDateTime>
#include <QString>

namespace lemm::core {

// prefix + "_" + 20 lowercase hex characters from 80 random bits.
QString newId(const QString &prefix);
bool hasIdShape(const QString &id, const QString &prefix);

QString toIso(const QDateTime &t);
QDateTime fromIso(const QString &s);

} // namespace lemm::core
