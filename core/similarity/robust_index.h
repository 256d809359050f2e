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
// Matching in three stages. (1) Propose: triplet hash votes, per candidate track, on a time
// factor and an offset (a Hough vote); the pitch shift is the median of the agreeing votes.
// (2) Verify: under each proposed transform every query peak is mapped into the reference and
// looked up among the reference's own peaks; how many land (k of n) is compared with how many
// land when the same query is laid over the same reference at decoy offsets (the chance rate
// p0, which carries the reference's local density, key and rhythm). (3) Localise: a maximal
// run of query time where peaks land far above chance is a segment; its statistic is
// -log10 P(Binomial(n, p0) >= k). A match is a list of segments.
//
// Score. The statistic is mapped by the active ScoreCalibration (score_calibration.h) to the
// measured rate of chance segments that strong, per query against the whole index, for the
// query's length and the index's size; score = that rate on a 0..1 scale (0.4 <-> 1 %,
// 0.7 <-> 0.1 %). The score of a match is the score of its best segment.
//
// File layout (little-endian), written by save(), read by load():
//   "LVRI1\0\0\0"                     8 bytes magic
//   u32 keySpace, u32 trackCount, u64 postingCount
//   trackCount x { u16 idBytes, id (UTF-8), f64 durationSec }
//   (keySpace + 1) x u64              CSR offsets into the postings, by key
//   postingCount x { u32 track, u32 (t1 frame << 10 | f1 in 1/16 semitone) }

#include "core/base/result.h"
#include "core/similarity/fp_robust.h"

#include <QHash>
#include <QString>

#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

namespace lemm::core {

class ScoreCalibration;

// One contiguous region where a match's transform holds.
struct RobustSegment {
    double queryStart = 0, queryEnd = 0; // seconds in the query
    double refStart = 0, refEnd = 0;     // the same region in the reference
    double timeFactor = 1;               // query seconds per reference second
    double pitchFactor = 1;              // query pitch / reference pitch
    int peaks = 0;                       // query peaks inside the region
    int verified = 0;                    // of those, peaks that land on a reference peak
    double chanceRate = 0;               // share expected to land by chance (decoys)
    double statistic = 0;                // -log10 P(Binomial(peaks, chanceRate) >= verified)
    double falsePositiveRate = 1;        // calibrated, per query against the whole index
    double score = 0;                    // calibrated 0..1
    double seconds() const { return queryEnd - queryStart; }
};

struct RobustMatch {
    QString trackId;
    double score = 0;                    // 0..1: the best segment's calibrated score
    double falsePositiveRate = 1;        // the best segment's
    double significance = 0;             // the best segment's statistic
    int matches = 0;                     // agreeing triplets (anchors) of the proposal
    double coverage = 0;                 // verified peaks / query peaks within the best segment
    std::vector<RobustSegment> segments; // best first
    double offsetSec = 0;                // reference time at query time 0
    double timeFactor = 1;  // query seconds per reference second (>1: the query is slower)
    double pitchFactor = 1; // query pitch / reference pitch
    double queryStart = 0, queryEnd = 0; // the best segment in the query, seconds
    double refStart = 0, refEnd = 0;     // the same region in the reference, seconds
};

// The decision tables' overlap of a match (core/domain/decisions.h): its longest segment's
// query length, or queryEnd - queryStart when the match carries no segments.
double overlapOf(const RobustMatch &m);
// The same for segments alone (0 when empty) and a fallback span.
double longestSegmentSec(const std::vector<RobustSegment> &segments, double fallbackSec);

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
    struct Hit {
        uint32_t q;    // query triplet index
        uint32_t tRef; // reference frame
        int32_t dF1;   // query f1 - reference f1, 1/16 semitone
    };
    struct Candidate {
        uint32_t track = 0;
        int rank = 0; // hits in the best coarse offset window
        std::vector<Hit> hits;
    };
    struct PeakPoint {
        uint32_t frame = 0;
        int32_t pitch = 0; // 1/16 semitone above kMinHz
    };
    // A proposed transform: t_ref = offset + t_query / a (frames), pitch_q - pitch_ref = pitch.
    struct Proposal {
        uint32_t track = 0;
        int votes = 0;   // agreeing triplet hits
        int anchors = 0; // distinct agreeing anchors
        double a = 1;    // time factor
        double offset = 0;
        int32_t pitch = 0; // 1/16 semitone
    };
    // Stage 1: the tracks with most hits, and their hits.
    std::vector<Candidate> candidates(const RobustFingerprint &q, size_t keep) const;
    // Stage 1b: the Hough vote of one candidate.
    static std::optional<Proposal> propose(uint32_t track, const std::vector<Hit> &hits,
                                           const RobustFingerprint &q);
    // The vote's steps. The best window of offsets so far: its count, hypothesis (time factor
    // exp(k * step)) and start.
    struct Vote {
        int count = 0;
        int k = 0;
        double offset = 0;
        // Inline: called once per offset window, the vote's innermost step.
        void consider(int windowCount, int hypothesis, double start)
        {
            // Ties (common on short queries) go to the least extreme hypothesis.
            if (windowCount > count ||
                (windowCount == count && std::abs(hypothesis) < std::abs(k))) {
                count = windowCount;
                k = hypothesis;
                offset = start;
            }
        }
    };
    // The binned vote's offset axis: its origin (frames), window width and length (bins).
    struct VoteGrid {
        double base = 0;
        int width = 0;
        size_t range = 0;
    };
    static VoteGrid voteGrid(const std::vector<Hit> &hits, const RobustFingerprint &q);
    static Vote voteSorted(const std::vector<Hit> &hits, const RobustFingerprint &q);
    static Vote voteBinned(const std::vector<Hit> &hits, const RobustFingerprint &q,
                           const VoteGrid &g);
    static double windowMedian(const std::vector<Hit> &hits, const RobustFingerprint &q,
                               const Vote &best, int width);
    // The least-squares line through the hypothesis' inliers (they point into `hits`).
    struct LineFit {
        double a = 1;
        double offset = 0;
        std::vector<const Hit *> inliers;
    };
    static LineFit fitLine(const std::vector<Hit> &hits, const RobustFingerprint &q, int k,
                           double offset);
    struct PitchVote {
        int32_t shift = 0; // 1/16 semitone
        int anchors = 0;   // distinct query anchors that agree with it
    };
    static std::optional<PitchVote> pitchOf(const std::vector<const Hit *> &inliers,
                                            const RobustFingerprint &q);
    // Stage 2a: settles the proposal's transform on the query peaks that land.
    void refine(Proposal &h, const std::vector<PeakPoint> &peaks) const;
    // Stages 2 and 3: verified segments of one proposal, strongest first.
    std::vector<RobustSegment> verify(const Proposal &h, const std::vector<PeakPoint> &peaks,
                                      double querySec) const;
    std::vector<RobustSegment> verifyDense(const Proposal &h, const std::vector<uint32_t> &dense,
                                           double querySec) const;
    // One looked-up peak: where in the query (frames), whether it landed, its chance to.
    struct Landing {
        double frame = 0;
        bool hit = false;
        double chance = 0;
    };
    static std::vector<RobustSegment>
    segmentsOf(const Proposal &h, const std::vector<Landing> &landings, double querySec);
    // The run of [from, to) whose log-likelihood ratio (landing at rate p1 vs. chance p0)
    // sums highest; empty with llr 0 when none is positive.
    struct Run {
        size_t lo = 0, hi = 0;
        double llr = 0;
    };
    static Run bestRun(const std::vector<Landing> &landings, size_t from, size_t to, double p1,
                       double p0);
    // The best sub-run of [lo, hi) once the copy's landing rate is re-fitted to the run's.
    static std::pair<size_t, size_t> tighten(const std::vector<Landing> &landings, double p0,
                                             size_t lo, size_t hi);
    static bool landsOn(const std::vector<uint32_t> &peaks, double frame, int32_t pitch);
    bool landsOnPeak(uint32_t track, double frame, int32_t pitch) const;
    static std::vector<PeakPoint> queryPeaks(const RobustFingerprint &q);
    // query()'s steps: the proposals it verifies; the query's points in both forms;
    // verification both ways; the calibrated match of verified segments (not empty, best
    // first); the final order and cut.
    std::vector<Proposal> strongestProposals(const RobustFingerprint &q, int maxResults) const;
    static std::vector<uint32_t> packedDensePeaks(const RobustFingerprint &q);
    struct QueryPoints {
        std::vector<PeakPoint> peaks; // queryPeaks()
        std::vector<uint32_t> dense;  // packedDensePeaks(); empty: verify one way only
    };
    std::vector<RobustSegment> verifyBothWays(const Proposal &h, const QueryPoints &points,
                                              double querySec) const;
    RobustMatch matchOf(const Proposal &h, std::vector<RobustSegment> segments,
                        const ScoreCalibration &cal, double querySec) const;
    static void rank(std::vector<RobustMatch> &matches, int maxResults);
    void indexPeaks(uint32_t track, const std::vector<Triplet> &triplets);

    struct Posting {
        uint32_t track;
        uint32_t packed; // t1 << 10 | f1
    };
    std::vector<std::vector<Posting>> m_buckets; // by key
    std::vector<QString> m_ids;
    std::vector<double> m_durations;
    std::vector<bool> m_removed;
    // Per track, its anchor peaks (t1 << 10 | f1), sorted: what verification looks up.
    std::vector<std::vector<uint32_t>> m_peaks;
    QHash<QString, uint32_t> m_byId;
    qint64 m_postings = 0;
    int m_live = 0;
    double m_liveSeconds = 0;
};

} // namespace lemm::core
