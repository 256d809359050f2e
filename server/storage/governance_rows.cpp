#include "server/storage/governance_rows.h"

#include <QSqlQuery>

namespace lemm::server {

namespace {

// The tracks the figures look at: touched in the window, or waiting now.
const QString kScope = QStringLiteral(
    "(SELECT track_id FROM submission_history WHERE at >= ? UNION SELECT track_id FROM tracks "
    "WHERE status IN ('pending_review', 'dispute_pending'))");

QDateTime timeOf(const QVariant &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    t.setTimeSpec(Qt::UTC);
    return t;
}

core::Error tooMany(const QString &what)
{
    return core::Error::make(core::ErrorKind::PayloadTooLarge, QStringLiteral("window_too_large"),
                             QStringLiteral("The window holds more than %1 %2; choose fewer days.")
                                 .arg(GovernanceQueries::kMaxRows)
                                 .arg(what));
}

// Runs `sql` (with kMaxRows + 1 as its last bind) and hands each row to `row`.
template <typename F>
core::Status eachRow(const Database &db, const QString &sql, QVariantList binds,
                     const QString &what, F row)
{
    binds << GovernanceQueries::kMaxRows + 1;
    auto q = db.query(sql + QStringLiteral(" LIMIT ?"), binds);
    if (!q)
        return q.error();
    int n = 0;
    while (q.value().next()) {
        if (++n > GovernanceQueries::kMaxRows)
            return tooMany(what);
        row(q.value());
    }
    return core::okStatus();
}

core::Status readHistory(const Database &db, const QString &since, GovernanceRows &out)
{
    return eachRow(db,
                   QStringLiteral("SELECT track_id, from_state, to_state, event, at FROM "
                                  "submission_history WHERE track_id IN ") +
                       kScope + QStringLiteral(" ORDER BY track_id, at, seq"),
                   {since}, QStringLiteral("history entries"), [&](const QSqlQuery &q) {
                       out.history << HistoryMove{q.value(0).toString(), q.value(1).toString(),
                                                  q.value(2).toString(), q.value(3).toString(),
                                                  timeOf(q.value(4))};
                   });
}

core::Status readTracks(const Database &db, const QString &since, GovernanceRows &out)
{
    auto ok = eachRow(
        db, QStringLiteral("SELECT track_id, status FROM tracks WHERE track_id IN ") + kScope,
        {since}, QStringLiteral("tracks"), [&](const QSqlQuery &q) {
            out.statusOf.insert(q.value(0).toString(), q.value(1).toString());
        });
    if (!ok)
        return ok;
    return eachRow(db,
                   QStringLiteral("SELECT track_id, flag FROM track_flags WHERE track_id IN ") +
                       kScope + QStringLiteral(" ORDER BY track_id, flag"),
                   {since}, QStringLiteral("flags"), [&](const QSqlQuery &q) {
                       out.flagsOf[q.value(0).toString()] << q.value(1).toString();
                   });
}

core::Status readVotes(const Database &db, const QString &since, GovernanceRows &out)
{
    return eachRow(db,
                   QStringLiteral("SELECT track_id, reviewer_id, by_admin, vote, round, at FROM "
                                  "votes WHERE at >= ? ORDER BY track_id, at, vote_id"),
                   {since}, QStringLiteral("votes"), [&](const QSqlQuery &q) {
                       out.votes << VoteRecord{q.value(0).toString(),   q.value(1).toString(),
                                               q.value(2).toInt() != 0, q.value(3).toString(),
                                               q.value(4).toString(),   timeOf(q.value(5))};
                   });
}

core::Status readClaims(const Database &db, const QString &since, GovernanceRows &out)
{
    return eachRow(db,
                   QStringLiteral("SELECT claim_id, state, standing, decision, created_at FROM "
                                  "claims WHERE created_at >= ? ORDER BY created_at, claim_id"),
                   {since}, QStringLiteral("claims"), [&](const QSqlQuery &q) {
                       out.claims << ClaimRecord{q.value(0).toString(), q.value(1).toString(),
                                                 q.value(2).toString(), q.value(3).toString(),
                                                 timeOf(q.value(4))};
                   });
}

core::Status readReviewers(const Database &db, const QString &since, GovernanceRows &out)
{
    return eachRow(
        db,
        QStringLiteral("SELECT contributor_id, display_name FROM contributors WHERE "
                       "(',' || roles || ',') LIKE '%,reviewer,%' OR contributor_id "
                       "IN (SELECT reviewer_id FROM votes WHERE at >= ?) ORDER BY "
                       "display_name, contributor_id"),
        {since}, QStringLiteral("reviewers"), [&](const QSqlQuery &q) {
            out.reviewers << ReviewerRecord{q.value(0).toString(), q.value(1).toString()};
        });
}

} // namespace

Result<GovernanceRows> GovernanceQueries::read(const Database &db, const QDateTime &since)
{
    const QString from = since.toUTC().toString(Qt::ISODateWithMs);
    GovernanceRows out;
    for (auto step : {readHistory, readTracks, readVotes, readClaims, readReviewers})
        if (auto ok = step(db, from, out); !ok)
            return ok.error();
    return out;
}

} // namespace lemm::server
