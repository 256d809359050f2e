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
// Storage. The index is an immutable base plus a small mutable delta. The base holds the
// postings in CSR form (one offsets array by key, one postings array) and each track's sorted
// anchor peaks in CSR form by track (what verification looks up); load() maps a saved base
// from its file and uses it in place (nothing is copied or parsed but the track table), so a
// large index loads in seconds and only the pages queries touch become resident. add() puts a
// track into the delta (per-key vectors, small); remove() marks a track removed in either;
// queries read both. compact() and save() merge base and delta, dropping removed tracks.
//
// Query cost bound: each base bucket is sorted by anchor pitch, so a query triplet reads only
// the postings within the searched pitch shift (±4 semitones) of its own anchor, found by
// binary search; the probed buckets are read rarest first and reading stops once
// kProbeBudget postings have been read (plus buckets far longer than the mean are skipped as
// stop-words); see robust_index.cpp.
//
// File layout (little-endian), written by save(), read by load():
//   "LVRI3\0\0\0"                     8 bytes magic
//   u32 keySpace, u32 trackCount, u64 postingCount, u64 peakCount
//   trackCount x { u16 idBytes, id (UTF-8), f64 durationSec }
//   zero padding to a multiple of 8 bytes
//   (keySpace + 1) x u64              CSR offsets into the postings, by key
//   postingCount x { u32 track, u32 (t1 frame << 10 | f1 in 1/16 semitone) }, each key's
//                                     sorted by (f1, track, t1)
//   (trackCount + 1) x u64            CSR offsets into the peaks, by track
//   peakCount x u32                   each track's anchor peaks (t1 << 10 | f1), sorted
//   zero padding to a multiple of 8 bytes
// load() checks that every offset lies in range and never decreases and that the sizes add up
// to the file's; postings naming an unknown track are skipped when read. Files of the second
// layout ("LVRI2": the same, buckets in track order) are mapped and read whole per bucket;
// files of the first ("LVRI1": no peaks table) are still read, into memory.

#include "core/base/result.h"
#include "core/similarity/fp_robust.h"

#include <QHash>
#include <QString>

#include <cstdlib>
#include <memory>
#include <optional>
#include <span>
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

    // Merges the delta into the base (in memory), drops removed tracks' postings and
    // renumbers.
    void compact();
    // The same as a new index, leaving this one as it is (const: may run beside queries).
    RobustIndex compacted() const;
    // Tracks removed since the base was built (their postings are still read and skipped).
    int removedCount() const;
    // Whether the base is a mapped file (load()) rather than memory of its own.
    bool isMapped() const;
    // Postings and peaks held by the delta (what compact() would fold into the base).
    qint64 deltaPostingCount() const;
    // The query-time work bound: at most this many postings are read per query (rarest
    // buckets first). Exposed for tests and benchmarks; the default is kDefaultProbeBudget.
    static constexpr qint64 kDefaultProbeBudget = 2'000'000;
    void setProbeBudget(qint64 postings);
    qint64 probeBudget() const;
    // Whether queries read only the pitch window of each sorted base bucket (the default) or
    // whole buckets, as the LVRI2 index did (benchmarks compare the two; results are the same
    // while the budget does not bind).
    void setPitchWindow(bool on);
    // What a query's probes hold (stop-words skipped) and what the budget lets it read.
    struct ProbeCost {
        qint64 wanted = 0, read = 0;
    };
    ProbeCost probeCost(const RobustFingerprint &q) const;

    // For benchmarks: how many postings each key holds, and the packed pitch values seen.
    std::vector<uint32_t> keyHistogram() const;
    // Reserves room for `extra[k]` more postings under key k (bulk loading without regrowth).
    void reserve(const std::vector<size_t> &extra);
    // Appends a synthetic track directly from (key, t1, f1) postings (scale benchmark only).
    void addRaw(const QString &trackId, double durationSec, const std::vector<Triplet> &triplets);
    Status save(const QString &path) const;
    static Result<RobustIndex> load(const QString &path);

    struct Posting {
        uint32_t track;
        uint32_t packed; // t1 << 10 | f1
    };
    // The CSR arrays of a base, owned or mapped (internal; public for the builder).
    struct Base;

private:
    friend class RobustIndexBuilder;
    static constexpr int32_t kMaxPitchShift = 4 * 16; // ±4 semitones searched, 1/16 semitone
    struct Hit {
        uint32_t q;    // query triplet index
        uint32_t tRef; // reference frame
        int32_t dF1;   // query f1 - reference f1, 1/16 semitone
    };
    struct Candidate {
        uint32_t track = 0;
        int rank = 0; // hits in the best two neighbouring offset bins (OffsetGrid)
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
    // A bucket a query reads: query triplet, key, the bucket's postings.
    struct Probe {
        uint32_t q = 0;
        uint32_t key = 0;
        std::span<const Posting> base; // the base postings a plausible pitch shift reaches
        size_t size = 0;               // base.size() + the delta's postings under key
    };
    // The part of a base bucket whose anchors lie within kMaxPitchShift of `f1` (the whole
    // bucket when the base's buckets are not sorted by pitch: an LVRI2 file).
    std::span<const Posting> pitchWindow(std::span<const Posting> bucket, uint16_t f1) const;
    // Every probe of the query (stop-words skipped), then those the budget lets be read.
    std::vector<Probe> allProbesOf(const RobustFingerprint &q) const;
    std::vector<Probe> probesOf(const RobustFingerprint &q) const;
    // Stage 1: the tracks with most hits, and their hits.
    std::vector<Candidate> candidates(const RobustFingerprint &q, size_t keep) const;
    struct OffsetGrid;
    struct Stage1Scratch;
    void fillOffsetGrid(const RobustFingerprint &q, OffsetGrid &grid) const;
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
    static bool landsOn(std::span<const uint32_t> peaks, double frame, int32_t pitch);
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

    // The postings under `key`: the base's, then the delta's.
    std::span<const Posting> basePostings(uint32_t key) const;
    std::span<const Posting> deltaPostings(uint32_t key) const;
    // A track's sorted anchor peaks (t1 << 10 | f1), from the base or the delta.
    std::span<const uint32_t> peaksOf(uint32_t track) const;
    uint32_t baseTracks() const;
    // The tracks compact() and save() keep, renumbered in order (UINT32_MAX: dropped).
    std::vector<uint32_t> liveRemap() const;
    // Calls fn(posting renumbered by `remap`) for each live posting under `key`.
    template <typename Fn>
    void forEachLive(uint32_t key, const std::vector<uint32_t> &remap, Fn &&fn) const;
    // CSR offsets of the live postings by key.
    std::vector<uint64_t> liveOffsets(const std::vector<uint32_t> &remap) const;
    static Result<RobustIndex> loadV1(const QString &path, const QByteArray &all);
    void adoptTrackTable(std::vector<QString> ids, std::vector<double> durations);

    std::shared_ptr<const Base> m_base;              // never null
    std::vector<std::vector<Posting>> m_delta;       // by key; empty until the first add()
    std::vector<std::vector<uint32_t>> m_deltaPeaks; // by track - baseTracks()
    std::vector<QString> m_ids;                      // base tracks, then delta tracks
    std::vector<double> m_durations;
    std::vector<bool> m_removed;
    QHash<QString, uint32_t> m_byId;
    qint64 m_postings = 0; // base + delta, removed tracks' included until compacted
    qint64 m_deltaPostings = 0;
    qint64 m_probeBudget = kDefaultProbeBudget;
    bool m_pitchWindow = true;
    int m_live = 0;
    double m_liveSeconds = 0;
};

// Builds a saved base straight into its file without holding the index in memory (for
// rebuilds and the scale benchmark): declare every track with count() (its postings are
// counted by key, its peaks found), then open() lays out and maps the file, place() the same
// tracks again with the same triplets in the same order, and finish() writes it out. Memory:
// the key and track tables; the postings go into the mapped file.
class RobustIndexBuilder
{
public:
    RobustIndexBuilder();
    ~RobustIndexBuilder();
    RobustIndexBuilder(const RobustIndexBuilder &) = delete;
    RobustIndexBuilder &operator=(const RobustIndexBuilder &) = delete;

    void count(const QString &trackId, double durationSec, const std::vector<Triplet> &triplets);
    Status open(const QString &path);
    // The n-th counted track (0-based), again.
    Status place(uint32_t track, const std::vector<Triplet> &triplets);
    Status finish();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lemm::core
