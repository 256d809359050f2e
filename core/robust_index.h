#pragma once
// The inverted index over fp_robust triplet keys (spec §3.2), with incremental add and remove
// (a removed track disappears from results at once; its postings are dropped at the next
// compaction or save), matching with stretch/pitch/offset estimation and overlap regions,
// and a compact on-disk form. Not thread-safe for writers; const methods may run
// concurrently.
//
// Search range: time factors within ±16 % and pitch shifts within ±4 semitones are voted on;
// a best hypothesis beyond ±13.3 % or ±3 semitones (the edge of the range) is not reported.
//
// Score. For each candidate track, the votes that agree on one time factor, offset and pitch
// shift (m of them, out of the track's H hash hits) are compared with what chance would give:
// a Poisson tail p = P(X >= m) with mean lambda = H * (offset window / offset range) *
// (pitch window / pitch range), corrected for the number of hypotheses tried and the number
// of tracks in the index. score = clamp(-log10(p_corrected) / 16, 0, 1): under that model a
// score of 0.4 means a chance match this strong occurs with probability below 10^-6.4 per
// query against the whole index, 0.7 below 10^-11.2. The benchmark checks the model against
// real unknown excerpts.
//
// File layout (little-endian), written by save(), read by load():
//   "LVRI1\0\0\0"                     8 bytes magic
//   u32 keySpace, u32 trackCount, u64 postingCount
//   trackCount x { u16 idBytes, id (UTF-8), f64 durationSec }
//   (keySpace + 1) x u64              CSR offsets into the postings, by key
//   postingCount x { u32 track, u32 (t1 frame << 10 | f1 in 1/16 semitone) }

#include "fp_robust.h"
#include "result.h"

#include <QHash>
#include <QString>

#include <vector>

namespace lemm::core {

struct RobustMatch {
    QString trackId;
    double score = 0;        // 0..1, see above
    double significance = 0; // -log10 of the corrected chance probability
    int matches = 0;         // agreeing triplets
    double coverage = 0;     // agreeing anchors / query anchors within the overlap
    double offsetSec = 0;    // reference time at query time 0
    double timeFactor = 1;   // query seconds per reference second (>1: the query is slower)
    double pitchFactor = 1;  // query pitch / reference pitch
    double queryStart = 0, queryEnd = 0; // overlap in the query, seconds
    double refStart = 0, refEnd = 0;     // the same region in the reference, seconds
};

class RobustIndex
{
public:
    RobustIndex();

    // Adds (or replaces) a track's fingerprint.
    void add(const QString &trackId, const RobustFingerprint &fp);
    // Returns false when the track is not in the index.
    bool remove(const QString &trackId);
    bool contains(const QString &trackId) const;
    int trackCount() const;
    qint64 postingCount() const;
    double indexedSeconds() const;
    qint64 memoryBytes() const;

    // Best first; only matches with score >= minScore.
    std::vector<RobustMatch> query(const RobustFingerprint &q, int maxResults = 10,
                                   double minScore = 0.0) const;

    // Drops removed tracks' postings and renumbers.
    void compact();

    // For benchmarks: how many postings each key holds, and the packed pitch values seen.
    std::vector<uint32_t> keyHistogram() const;
    // Reserves room for `extra[k]` more postings under key k (bulk loading without regrowth).
    void reserve(const std::vector<size_t> &extra);
    // Appends a synthetic track directly from (key, t1, f1) postings (scale benchmark only).
    void addRaw(const QString &trackId, double durationSec, const std::vector<Triplet> &triplets);
    Status save(const QString &path) const;
    static Result<RobustIndex> load(const QString &path);

private:
    struct Posting {
        uint32_t track;
        uint32_t packed; // t1 << 10 | f1
    };
    std::vector<std::vector<Posting>> m_buckets; // by key
    std::vector<QString> m_ids;
    std::vector<double> m_durations;
    std::vector<bool> m_removed;
    QHash<QString, uint32_t> m_byId;
    qint64 m_postings = 0;
    int m_live = 0;
};

} // namespace lemm::core
