// The calibration that turns a verification statistic into the score: the compiled-in file
// parses and carries a version, the score scale means the documented false-positive rates,
// longer queries and bigger indexes make chance more likely, and damaged files are refused.
#include "core/similarity/score_calibration.h"

#include <QTest>

#include <cmath>

using namespace lemm::core;

namespace {
QByteArray file(const QByteArray &knots, const QByteArray &slope = "-0.2")
{
    return QByteArray(R"({"version": "test-1", "reference_query_sec": 30,
        "reference_index_hours": 2, "length_exponent": 1, "index_exponent": 1,
        "tail_slope": )") +
           slope + R"(, "knots": )" + knots + "}";
}
} // namespace

class ScoreCalibrationTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtinIsValidAndVersioned()
    {
        const ScoreCalibration &c = ScoreCalibration::builtin();
        QVERIFY(c.version().startsWith(QStringLiteral("fp_robust-cal-")));
        QCOMPARE(ScoreCalibration::active().version(), c.version());
        // Stronger evidence never scores lower.
        double last = -1;
        for (double s = 0; s <= 200; s += 0.5) {
            const double v = c.score(s, 30, 10);
            QVERIFY2(v >= last, qPrintable(QString::number(s)));
            last = v;
        }
        QCOMPARE(c.score(500, 30, 10), 1.0);
        QVERIFY(c.score(0, 30, 10) < 0.4);
    }

    void scaleMeansTheDocumentedRates()
    {
        QVERIFY(std::abs(ScoreCalibration::scoreForRate(0.01) - 0.4) < 1e-9);
        QVERIFY(std::abs(ScoreCalibration::scoreForRate(0.001) - 0.7) < 1e-9);
        QVERIFY(std::abs(ScoreCalibration::scoreForRate(1e-4) - 1.0) < 1e-9);
        QCOMPARE(ScoreCalibration::scoreForRate(0.5), 0.0);
        QCOMPARE(ScoreCalibration::scoreForRate(0.0), 1.0);
        for (double s : {0.1, 0.4, 0.7, 0.9})
            QVERIFY(std::abs(ScoreCalibration::scoreForRate(ScoreCalibration::rateForScore(s)) -
                             s) < 1e-9);
    }

    void chanceGrowsWithQueryLengthAndIndexSize()
    {
        auto c = ScoreCalibration::fromJson(file("[[0, 0], [10, -3]]"));
        QVERIFY(c.ok());
        // At the reference length and size the table holds: 10^-3 expected chance segments.
        QVERIFY(std::abs(c->falsePositiveRate(10, 30, 2) - (1 - std::exp(-1e-3))) < 1e-9);
        QVERIFY(c->falsePositiveRate(10, 90, 2) > c->falsePositiveRate(10, 30, 2));
        QVERIFY(c->falsePositiveRate(10, 30, 200) > c->falsePositiveRate(10, 30, 2));
        // Past the last knot the tail slope extends the table.
        QVERIFY(std::abs(std::log10(-std::log1p(-c->falsePositiveRate(15, 30, 2))) - (-4)) < 1e-6);
    }

    void damagedFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("{");
        QTest::newRow("no version") << QByteArray(R"({"knots": [[0, 0], [1, -1]]})");
        QTest::newRow("one knot") << file("[[0, 0]]");
        QTest::newRow("count rises") << file("[[0, -1], [5, 0]]");
        QTest::newRow("statistic falls") << file("[[5, 0], [1, -1]]");
        QTest::newRow("text knot") << file(R"([["a", 0], [1, -1]])");
        QTest::newRow("rising tail") << file("[[0, 0], [1, -1]]", "0.5");
    }
    void damagedFilesAreRefused()
    {
        QFETCH(QByteArray, json);
        auto c = ScoreCalibration::fromJson(json);
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, QStringLiteral("calibration_invalid"));
    }
};

QTEST_GUILESS_MAIN(ScoreCalibrationTest)
#include "score_calibration_test.moc"
