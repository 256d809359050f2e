#pragma once
// How the client writes numbers, times and the server's identifiers for people: in the
// language the user chose (QLocale()), never as the server's raw strings. One place, so every
// view and model says a score, a date or a flag the same way. GUI thread (reads QLocale()).

#include <QDateTime>
#include <QString>

namespace lemm::ui {

// A UTC ISO-8601 time from the server ("2026-12-01T10:00:00Z") in local time, short format;
// an unreadable string is returned as it is.
QString formatTimestamp(const QString &isoUtc);
QString formatDateTime(const QDateTime &time);
// Seconds as m:ss.t (or h:mm:ss when an hour or longer).
QString formatSeconds(double seconds);
// A duration for people: "45 s", "12 min", "3.5 h", "2.0 days".
QString formatDuration(double seconds);
// A score 0..1 with two decimals, localised ("0,93" in German).
QString formatScore(double score);
// A number with `decimals` decimals, localised.
QString formatNumber(double value, int decimals);
// A factor as "×1.059".
QString formatFactor(double factor);
// Loudness difference in LU with sign ("+3.2 LU").
QString formatLu(double lu);
// A byte count ("1.5 MiB").
QString formatBytes(qint64 bytes);

// The server's automated-check flag ids ("near_duplicate", "too_quiet", …) and submission
// states in words; an unknown id is shown as it is.
QString flagName(const QString &flagId);

} // namespace lemm::ui

// --- shell (issue 15) ---
namespace lemm::ui {
// A licence type id ("lemm_training_only_v1") in words ("LEMM training only, version 1"); the
// id itself stays in the tooltip.
QString licenceName(const QString &licenceId);
} // namespace lemm::ui
