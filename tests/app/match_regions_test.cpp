// The review detail's matched regions, from the similarity block of GET /review/{id}: one region
// per segment of each vault match and external hit (best first, with both spans, the factors and
// the segment's own score); a hit without segments (or with an empty array) still gives one
// region from its overlap fields; unusable segments are dropped and counted, never drawn, and a
// hostile number of them costs no more than kMaxSegmentsPerHit.
#include "app/match_regions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>
#include <limits>

using namespace lemm::app;

namespace {

QJsonObject segment(double qs, double qe, double rs, double re, double score,
                    double timeFactor = 1.0, double pitchFactor = 1.0)
{
    return {{QStringLiteral("query_start"), qs},
            {QStringLiteral("query_end"), qe},
            {QStringLiteral("ref_start"), rs},
            {QStringLiteral("ref_end"), re},
            {QStringLiteral("time_factor"), timeFactor},
            {QStringLiteral("pitch_factor"), pitchFactor},
            {QStringLiteral("score"), score}};
}

// A vault match with overlap fields (the whole-track region older servers send) and, when
// given, a segments array.
QJsonObject vaultMatch(const QJsonValue &segments = QJsonValue::Undefined)
{
    QJsonObject m{{QStringLiteral("track_id"), QStringLiteral("trk_ref")},
                  {QStringLiteral("artist"), QStringLiteral("Ben")},
                  {QStringLiteral("title"), QStringLiteral("Song")},
                  {QStringLiteral("exact"), false},
                  {QStringLiteral("robust_score"), 0.8},
                  {QStringLiteral("overlap_start"), 2.0},
                  {QStringLiteral("overlap_end"), 80.0},
                  {QStringLiteral("ref_overlap_start"), 12.0},
                  {QStringLiteral("ref_overlap_end"), 90.0},
                  {QStringLiteral("time_factor"), 1.0},
                  {QStringLiteral("pitch_factor"), 1.0}};
    if (!segments.isUndefined())
        m.insert(QStringLiteral("segments"), segments);
    return m;
}

QJsonObject similarityWith(const QJsonObject &match)
{
    return {
        {QStringLiteral("internal"), QJsonObject{{QStringLiteral("matches"), QJsonArray{match}}}}};
}

} // namespace

class MatchRegionsTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoSegmentsGiveTwoRegionsBestFirst()
    {
        const QJsonArray segs{segment(10, 20, 40, 50.5, 0.93, 1.05, 1.059),
                              segment(60, 70, 100, 110, 0.55)};
        const QList<MatchRegion> r = matchRegions(similarityWith(vaultMatch(segs)));
        QCOMPARE(r.size(), 2);
        QCOMPARE(r[0].source, QStringLiteral("vault"));
        QCOMPARE(r[0].referenceTrackId, QStringLiteral("trk_ref"));
        QCOMPARE(r[0].label, QStringLiteral("vault: Ben – Song"));
        QCOMPARE(r[0].start, 10.0);
        QCOMPARE(r[0].end, 20.0);
        QCOMPARE(r[0].refStart, 40.0);
        QCOMPARE(r[0].refEnd, 50.5);
        QCOMPARE(r[0].timeFactor, 1.05);
        QCOMPARE(r[0].pitchFactor, 1.059);
        QCOMPARE(r[0].score, 0.93); // the segment's, not the match's 0.8
        QCOMPARE(r[0].segment, 0);
        QCOMPARE(r[1].segment, 1);
        QCOMPARE(r[1].start, 60.0);
        QCOMPARE(r[1].refStart, 100.0);
        QCOMPARE(r[1].score, 0.55);
        for (const MatchRegion &m : r) {
            QCOMPARE(m.segmentCount, 2);
            QVERIFY(m.fromSegments());
            QCOMPARE(m.hit, r[0].hit);
            QCOMPARE(m.ignoredSegments, 0);
        }
        // Alignment is the segment's own: 15 s here is 45.25 s there (its spans' ratio).
        QCOMPARE(r[0].toReference(15), 45.25);
        QCOMPARE(r[0].fromReference(45.25), 15.0);
        QCOMPARE(r[1].toReference(65), 105.0);
    }

    void withoutSegmentsTheOverlapFieldsGiveOneRegion_data()
    {
        QTest::addColumn<QJsonValue>("segments");
        QTest::addRow("absent") << QJsonValue(QJsonValue::Undefined);
        QTest::addRow("empty") << QJsonValue(QJsonArray{});
        QTest::addRow("null") << QJsonValue(QJsonValue::Null);
        QTest::addRow("not an array") << QJsonValue(QStringLiteral("10-20"));
    }
    void withoutSegmentsTheOverlapFieldsGiveOneRegion()
    {
        QFETCH(QJsonValue, segments);
        const QList<MatchRegion> r = matchRegions(similarityWith(vaultMatch(segments)));
        QCOMPARE(r.size(), 1);
        QVERIFY(!r[0].fromSegments());
        QCOMPARE(r[0].segmentCount, 0);
        QCOMPARE(r[0].start, 2.0);
        QCOMPARE(r[0].end, 80.0);
        QCOMPARE(r[0].refStart, 12.0);
        QCOMPARE(r[0].refEnd, 90.0);
        QCOMPARE(r[0].score, 0.8);
        QCOMPARE(r[0].ignoredSegments, 0);
    }

    void unusableSegmentsAreDroppedAndCounted_data()
    {
        const double inf = std::numeric_limits<double>::infinity();
        QTest::addColumn<QJsonValue>("bad");
        QTest::addRow("not an object") << QJsonValue(42);
        QTest::addRow("inverted query span") << QJsonValue(segment(20, 10, 40, 50, 0.9));
        QTest::addRow("empty query span") << QJsonValue(segment(10, 10, 40, 50, 0.9));
        QTest::addRow("inverted reference span") << QJsonValue(segment(10, 20, 50, 40, 0.9));
        QTest::addRow("negative start") << QJsonValue(segment(-5, 20, 40, 50, 0.9));
        QTest::addRow("infinite end") << QJsonValue(segment(10, inf, 40, 50, 0.9));
        QTest::addRow("zero time factor") << QJsonValue(segment(10, 20, 40, 50, 0.9, 0.0));
        QTest::addRow("negative pitch factor")
            << QJsonValue(segment(10, 20, 40, 50, 0.9, 1.0, -1.0));
        QJsonObject text = segment(10, 20, 40, 50, 0.9);
        text.insert(QStringLiteral("query_start"), QStringLiteral("10"));
        QTest::addRow("a number as text") << QJsonValue(text);
        QJsonObject missing = segment(10, 20, 40, 50, 0.9);
        missing.remove(QStringLiteral("ref_end"));
        QTest::addRow("missing ref_end") << QJsonValue(missing);
        QJsonObject badScore = segment(10, 20, 40, 50, 0.9);
        badScore.insert(QStringLiteral("score"), QStringLiteral("high"));
        QTest::addRow("score not a number") << QJsonValue(badScore);
    }
    void unusableSegmentsAreDroppedAndCounted()
    {
        QFETCH(QJsonValue, bad);
        // Next to a good one: only the good one is drawn, the bad one is counted.
        const QJsonArray mixed{bad, segment(30, 40, 60, 70, 0.75)};
        QList<MatchRegion> r = matchRegions(similarityWith(vaultMatch(mixed)));
        QCOMPARE(r.size(), 1);
        QVERIFY(r[0].fromSegments());
        QCOMPARE(r[0].start, 30.0);
        QCOMPARE(r[0].segmentCount, 1);
        QCOMPARE(r[0].ignoredSegments, 1);
        // Alone: the match falls back to its overlap fields, still saying one was ignored.
        r = matchRegions(similarityWith(vaultMatch(QJsonArray{bad})));
        QCOMPARE(r.size(), 1);
        QVERIFY(!r[0].fromSegments());
        QCOMPARE(r[0].start, 2.0);
        QCOMPARE(r[0].ignoredSegments, 1);
    }

    void optionalFieldsAndScoreRange()
    {
        QJsonObject noFactors = segment(10, 20, 40, 50, 0.9);
        noFactors.remove(QStringLiteral("time_factor"));
        noFactors.remove(QStringLiteral("pitch_factor"));
        QJsonObject noScore = segment(30, 40, 60, 70, 0);
        noScore.remove(QStringLiteral("score"));
        const QJsonArray segs{noFactors, noScore, segment(50, 60, 80, 90, 7.5),
                              segment(70, 80, 100, 110, -1)};
        const HitSegments parsed = segmentsFromJson(vaultMatch(segs), 0.8);
        QCOMPARE(parsed.segments.size(), 4);
        QCOMPARE(parsed.ignored, 0);
        QCOMPARE(parsed.segments[0].timeFactor, 1.0);
        QCOMPARE(parsed.segments[0].pitchFactor, 1.0);
        QCOMPARE(parsed.segments[1].score, 0.8); // the hit's score
        QCOMPARE(parsed.segments[2].score, 1.0); // clamped
        QCOMPARE(parsed.segments[3].score, 0.0);
    }

    void aHostileNumberOfSegmentsIsBounded()
    {
        QJsonArray segs;
        for (int i = 0; i < 10000; ++i)
            segs.append(segment(i, i + 0.5, i, i + 0.5, 0.5));
        segs.prepend(QStringLiteral("garbage"));
        const HitSegments parsed = segmentsFromJson(vaultMatch(segs), 0.8);
        QCOMPARE(parsed.segments.size(), kMaxSegmentsPerHit);
        QCOMPARE(parsed.ignored, 10001 - kMaxSegmentsPerHit);
        QCOMPARE(matchRegions(similarityWith(vaultMatch(segs))).size(), kMaxSegmentsPerHit);
    }

    void externalHitsAndVaultMatchesTogether()
    {
        // An external hit with segments and no overlap fields, one with neither (not drawn),
        // one with overlap fields only; then a vault match with one segment.
        QJsonObject localised{{QStringLiteral("reference_id"), QStringLiteral("ext:1")},
                              {QStringLiteral("match_confidence"), 0.9},
                              {QStringLiteral("artist"), QStringLiteral("A")},
                              {QStringLiteral("title"), QStringLiteral("T")},
                              {QStringLiteral("segments"),
                               QJsonArray{segment(1, 5, 11, 15, 0.9), segment(8, 9, 30, 31, 0.4)}}};
        QJsonObject unlocalised{{QStringLiteral("reference_id"), QStringLiteral("ext:2")},
                                {QStringLiteral("match_confidence"), 0.6}};
        QJsonObject overlapOnly{{QStringLiteral("reference_id"), QStringLiteral("ext:3")},
                                {QStringLiteral("match_confidence"), 0.5},
                                {QStringLiteral("overlap_start"), 3.0},
                                {QStringLiteral("overlap_end"), 7.0},
                                {QStringLiteral("ref_overlap_start"), 0.0},
                                {QStringLiteral("ref_overlap_end"), 4.0}};
        const QJsonObject similarity{
            {QStringLiteral("external"),
             QJsonObject{{QStringLiteral("open-corpus"),
                          QJsonObject{{QStringLiteral("hits"),
                                       QJsonArray{localised, unlocalised, overlapOnly}}}}}},
            {QStringLiteral("internal"),
             QJsonObject{{QStringLiteral("matches"),
                          QJsonArray{vaultMatch(QJsonArray{segment(4, 6, 14, 16, 0.7)})}}}}};
        const QList<MatchRegion> r = matchRegions(similarity);
        QCOMPARE(r.size(), 4);
        QCOMPARE(r[0].source, QStringLiteral("open-corpus"));
        QCOMPARE(r[0].label, QStringLiteral("open-corpus: A – T"));
        QVERIFY(r[0].referenceTrackId.isEmpty());
        QCOMPARE(r[0].segmentCount, 2);
        QCOMPARE(r[1].start, 8.0);
        QCOMPARE(r[1].hit, r[0].hit);
        QCOMPARE(r[2].start, 3.0); // the overlap-only hit
        QCOMPARE(r[2].score, 0.5);
        QVERIFY(r[2].hit != r[0].hit);
        QCOMPARE(r[3].source, QStringLiteral("vault"));
        QCOMPARE(r[3].start, 4.0);
        QCOMPARE(r[3].segmentCount, 1);
        QVERIFY(r[3].hit != r[2].hit);
    }
};

QTEST_GUILESS_MAIN(MatchRegionsTest)
#include "match_regions_test.moc"
