// The shipped score calibration (resources/calibration/fp_robust.json, written by
// bench/fit_calibration.py): it parses, is the one compiled in, carries a fitted version and its
// provenance, and behaves as a calibration must (more evidence never raises the false-positive
// rate; longer queries and larger indexes never lower it). Also: edits that break the model's
// shape are refused.
#include "core/similarity/score_calibration.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace lemm::core;

class CalibrationFileTest : public QObject
{
    Q_OBJECT

    QByteArray m_bytes;
    QJsonObject m_json;

private slots:
    void initTestCase()
    {
        const QString path = QFINDTESTDATA("../resources/calibration/fp_robust.json");
        QVERIFY2(!path.isEmpty(), "resources/calibration/fp_robust.json not found");
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_bytes = f.readAll();
        m_json = QJsonDocument::fromJson(m_bytes).object();
        QVERIFY(!m_json.isEmpty());
    }

    void parsesAndIsCompiledIn()
    {
        auto c = ScoreCalibration::fromJson(m_bytes);
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
        QCOMPARE(c.value().version(), m_json.value(QStringLiteral("version")).toString());
        QCOMPARE(ScoreCalibration::builtin().version(), c.value().version());
    }

    void fittedWithProvenance()
    {
        const QString version = m_json.value(QStringLiteral("version")).toString();
        QVERIFY2(
            QRegularExpression(QStringLiteral("^fp_robust-cal-[0-9]+$")).match(version).hasMatch(),
            qPrintable(version));
        QVERIFY(!m_json.value(QStringLiteral("fitted_on")).toArray().isEmpty());
        QVERIFY(m_json.value(QStringLiteral("command"))
                    .toString()
                    .contains(QStringLiteral("bench/fit_calibration.py")));
        QVERIFY(!m_json.value(QStringLiteral("queries")).toObject().isEmpty());
    }

    void monotone_data()
    {
        QTest::addColumn<double>("querySec");
        QTest::addColumn<double>("indexHours");
        QTest::addRow("10 s, 1 h") << 10.0 << 1.0;
        QTest::addRow("30 s, 2 h") << 30.0 << 2.0;
        QTest::addRow("90 s, 1000 h") << 90.0 << 1000.0;
    }
    void monotone()
    {
        QFETCH(double, querySec);
        QFETCH(double, indexHours);
        const ScoreCalibration &c = ScoreCalibration::builtin();
        double lastRate = 2, lastScore = -1;
        for (double s = 0; s <= 400; s += 0.25) {
            const double rate = c.falsePositiveRate(s, querySec, indexHours);
            const double score = c.score(s, querySec, indexHours);
            QVERIFY2(rate >= 0 && rate <= 1, qPrintable(QString::number(s)));
            QVERIFY2(rate <= lastRate + 1e-12, qPrintable(QString::number(s)));
            QVERIFY2(score >= lastScore - 1e-12, qPrintable(QString::number(s)));
            QVERIFY(score >= 0 && score <= 1);
            lastRate = rate;
            lastScore = score;
        }
        // Enough evidence reaches the top of the scale (the tail keeps falling).
        QCOMPARE(c.score(1000, querySec, indexHours), 1.0);
        // Longer queries and larger indexes meet more chance: never a lower rate.
        for (double s : {1.0, 5.0, 10.0, 20.0}) {
            QVERIFY(c.falsePositiveRate(s, querySec * 3, indexHours) >=
                    c.falsePositiveRate(s, querySec, indexHours));
            QVERIFY(c.falsePositiveRate(s, querySec, indexHours * 10) >=
                    c.falsePositiveRate(s, querySec, indexHours));
        }
    }

    void anchors()
    {
        QVERIFY(qAbs(ScoreCalibration::rateForScore(0.4) - 0.01) < 1e-9);
        QVERIFY(qAbs(ScoreCalibration::rateForScore(0.7) - 0.001) < 1e-9);
        QVERIFY(qAbs(ScoreCalibration::scoreForRate(0.01) - 0.4) < 1e-9);
    }

    void brokenShapesRefused_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addRow("tail rising") << QStringLiteral("tail_slope") << QJsonValue(0.5);
        QTest::addRow("count rising")
            << QStringLiteral("knots")
            << QJsonValue(QJsonArray{QJsonArray{0, -1}, QJsonArray{5, 0}});
        QTest::addRow("statistic falling")
            << QStringLiteral("knots")
            << QJsonValue(QJsonArray{QJsonArray{5, 0}, QJsonArray{1, -1}});
        QTest::addRow("one knot") << QStringLiteral("knots")
                                  << QJsonValue(QJsonArray{QJsonArray{0, 0}});
        QTest::addRow("no version") << QStringLiteral("version") << QJsonValue(QString());
        QTest::addRow("length exponent text")
            << QStringLiteral("length_exponent") << QJsonValue(QStringLiteral("1"));
    }
    void brokenShapesRefused()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QJsonObject o = m_json;
        o.insert(key, value);
        QVERIFY(!ScoreCalibration::fromJson(QJsonDocument(o).toJson()).ok());
    }
};

QTEST_GUILESS_MAIN(CalibrationFileTest)
#include "calibration_file_test.moc"
