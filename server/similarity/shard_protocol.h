#pragma once
// The wire form of the internal index route (issue 16): POST /internal/index/query, which an
// API node or worker sends to every index-shard process of a sharded robust index.
//
// Request (JSON): {"fingerprint": base64 of the query's whole fp_robust (peaks, dense peaks
// and triplets with their cell fractions; the stored form keeps triplets only), "duration_sec": the
// query's length, "exclude": a track id or "", "max_results": 1..50, "use": "ingestion" |
// "output_check"}. Bounded by limits/max_json_bytes (an index shard raises it to 64 MiB).
// Answer (JSON): {"shard", "shard_count", "indexed_sec": the seconds this shard indexes,
// "hits": [{"track_id", "accepted", "reference_sec", "significance", "matches", "coverage",
// "offset_sec", "time_factor", "pitch_factor", "query_start", "query_end", "ref_start",
// "ref_end", "segments": [{"query_start", "query_end", "ref_start", "ref_end", "time_factor",
// "pitch_factor", "peaks", "verified", "chance_rate", "statistic"}]}]}.
//
// No score crosses the wire: a shard sees only part of the index and the calibrated score
// depends on the index's size (score_calibration.h), so the gatherer re-scores every segment
// from its statistic with the total indexed size (rescore()).

#include "server/similarity/reference_index.h"

#include <QJsonObject>

namespace lemm::server {

struct ShardQuery {
    core::RobustFingerprint fingerprint;
    QString excludeTrackId;
    int maxResults = 5;
    ReferenceUse use = ReferenceUse::Ingestion;
};

struct ShardHit {
    core::RobustMatch match; // scores as the shard computed them until rescore()
    bool accepted = false;
    double referenceSec = 0;
};

struct ShardAnswer {
    int shard = 0;
    int shardCount = 1;
    double indexedSec = 0;
    QList<ShardHit> hits;
};

QJsonObject toJson(const ShardQuery &q);
core::Result<ShardQuery> shardQueryFromJson(const QJsonObject &o);
QJsonObject toJson(const ShardAnswer &a);
core::Result<ShardAnswer> shardAnswerFromJson(const QJsonObject &o);

// Scores `m`'s segments (and so the match) for a query of `querySec` against an index of
// `indexedSec` in all, with the active calibration: what an unsharded index computes.
void rescore(core::RobustMatch &m, double querySec, double indexedSec);

} // namespace lemm::server
