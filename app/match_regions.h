#pragma once
// The matched regions of a submission, read from the similarity block of GET /review/{id}:
// one MatchRegion per segment of every vault match and external hit (a segment is a contiguous
// region where the match holds: its span in the submission, its span in the reference, the
// time and pitch factors and its own score). A hit without segments (older servers, sources
// that do not localise) gives one region from its overlap fields, as before. Plain values, no
// widgets; the review view draws them. Any thread.

#include <QJsonObject>
#include <QList>
#include <QString>

namespace lemm::app {

// One entry of a hit's "segments" array.
struct MatchSegment {
    double queryStart = 0, queryEnd = 0; // in the submission, seconds
    double refStart = 0, refEnd = 0;     // in the reference, seconds
    double timeFactor = 1, pitchFactor = 1;
    double score = 0;
};

// A hit's segments as the server sent them (best first), without the unusable ones.
struct HitSegments {
    QList<MatchSegment> segments;
    int ignored = 0; // entries dropped: not an object, a missing or non-finite number, an
                     // inverted span, a factor <= 0, or beyond kMaxSegmentsPerHit
};

// More segments than this for one hit are not drawn (and counted as ignored): the cost of a
// hostile or broken answer stays bounded.
inline constexpr int kMaxSegmentsPerHit = 64;

// Reads hit["segments"]; absent, not an array or empty gives no segments. A segment without a
// score takes `fallbackScore` (the hit's); scores are clamped to [0, 1].
HitSegments segmentsFromJson(const QJsonObject &hit, double fallbackScore);

// One matched region of the submission, from any source.
struct MatchRegion {
    QString source;                  // "vault" or the external source's name
    QString referenceTrackId;        // vault matches only (their audio can be previewed)
    QString label;                   // the hit: "vault: artist – title"
    QString verdict;                 // the hit's verdict; "none": a candidate, not a match
    double score = 0;                // the segment's score (the hit's when it has no segments)
    double start = 0, end = 0;       // in the submission
    double refStart = 0, refEnd = 0; // in the reference
    double timeFactor = 1, pitchFactor = 1;
    int hit = 0;             // which hit of the similarity block this region belongs to
    int segment = 0;         // its rank among the hit's segments (0: the best)
    int segmentCount = 0;    // the hit's segments; 0: the region is the hit's overlap fields
    int ignoredSegments = 0; // the hit's segments that could not be used
    bool fromSegments() const { return segmentCount > 0; }
    // A candidate with verdict "none" is listed, never drawn as an overlay.
    bool isRealMatch() const { return verdict != QLatin1String("none"); }
    // Reference seconds for a submission position inside (or near) the match.
    double toReference(double seconds) const;
    double fromReference(double refSeconds) const;
};

// External hits first (by source name), then vault matches, each hit's segments best first.
QList<MatchRegion> matchRegions(const QJsonObject &similarity);

} // namespace lemm::app
