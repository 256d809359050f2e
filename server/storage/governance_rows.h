#pragma once
// The rows the governance figures are computed from (issue 15, spec §9.2 experiment 5):
// read-only queries over submission_history, tracks, track_flags, votes, claims and
// contributors, bounded to a window and to kMaxRows rows per table (a larger history answers
// 413 so that one request cannot read the whole database). Stateless and thread-safe; the
// computation is server/services/governance.h.

#include "server/storage/database.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace lemm::server {

// One submission_history entry: a track moved from `fromState` to `toState` by `event` (a
// row with both equal records a vote that did not move it).
struct HistoryMove {
    QString trackId;
    QString fromState;
    QString toState;
    QString event;
    QDateTime at;
};

// One vote of the votes table.
struct VoteRecord {
    QString trackId;
    QString reviewerId;
    bool byAdmin = false;
    QString vote;  // approve | reject | needs_more_info
    QString round; // review | appeal
    QDateTime at;
};

// One claim, with the standing of its filer ("" none, "admin", "rights_holder").
struct ClaimRecord {
    QString claimId;
    QString state; // pending_review | open | decided | dismissed
    QString standing;
    QString decision; // keep | reject | remove | dismiss | ""
    QDateTime createdAt;
};

struct ReviewerRecord {
    QString id;
    QString displayName;
};

// Everything the computation reads. History entries are ordered by track, then time.
struct GovernanceRows {
    QList<HistoryMove> history;
    QHash<QString, QString> statusOf;    // track id -> current status
    QHash<QString, QStringList> flagsOf; // track id -> its flags now
    QList<VoteRecord> votes;             // cast at or after the window's start
    QList<ClaimRecord> claims;           // filed at or after the window's start
    QList<ReviewerRecord> reviewers;     // accounts with the reviewer role, and every voter
};

class GovernanceQueries
{
public:
    static constexpr int kMaxRows = 200000;
    // The history of every track with an entry since `since` or waiting in review or dispute
    // now, the votes and claims since `since`, and the reviewers.
    static Result<GovernanceRows> read(const Database &db, const QDateTime &since);
};

} // namespace lemm::server
