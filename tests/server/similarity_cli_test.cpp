// `lemm-vault-server similarity index|query|fingerprint` on a tiny generated corpus: the JSON
// contract (exact keys), an exact copy, a re-encoded excerpt at its offset, unknown audio,
// broken inputs and --help.
#include "support/server_process.h"
#include "support/test_audio.h"
#include "support/test_signals.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm::test;

namespace {
constexpr int kRate = 22050;

QSet<QString> keysOf(const QJsonObject &o)
{
    const QStringList k = o.keys();
    return QSet<QString>(k.begin(), k.end());
}
} // namespace

class SimilarityCliTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_index;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QList<QJsonObject> query(const QString &listText, int *exitCode = nullptr)
    {
        const QString list = path(QStringLiteral("q.txt"));
        writeFile(list, listText.toUtf8());
        const CliResult r =
            runCli({QStringLiteral("similarity"), QStringLiteral("query"), m_index, list});
        if (exitCode)
            *exitCode = r.exitCode;
        QList<QJsonObject> out;
        for (const QString &line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            out << QJsonDocument::fromJson(line.toUtf8()).object();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString list;
        for (int i = 0; i < 5; ++i) {
            const QString file = path(QStringLiteral("ref%1.wav").arg(i));
            QVERIFY(writeFile(file, wavFromFloat(melody(20.0, kRate, 40 + uint32_t(i)), kRate)));
            list += QStringLiteral("ref_%1\t%2\n").arg(i).arg(file);
        }
        writeFile(path(QStringLiteral("refs.txt")), list.toUtf8());
        m_index = path(QStringLiteral("index"));
        const CliResult r = runCli({QStringLiteral("similarity"), QStringLiteral("index"),
                                    path(QStringLiteral("refs.txt")), m_index});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("[5/5]"))); // progress on stderr
        QVERIFY(r.out.isEmpty());
    }

    void exactCopyAndReencodedExcerpt()
    {
        const QString mp3 = path(QStringLiteral("excerpt.mp3"));
        // Seconds 6..14 of ref_2, re-encoded as 96 kbit/s MP3.
        const auto samples = melody(20.0, kRate, 42);
        const std::vector<float> part(samples.begin() + 6 * kRate, samples.begin() + 14 * kRate);
        QVERIFY(encodeWithFfmpeg(wavFromFloat(part, kRate), mp3).isEmpty());
        const auto results = query(
            QStringLiteral("copy\t%1\nexcerpt\t%2\n").arg(path(QStringLiteral("ref1.wav")), mp3));
        QCOMPARE(results.size(), 2);

        const QJsonObject copy = results[0];
        QCOMPARE(copy.value(QStringLiteral("query")).toString(), QStringLiteral("copy"));
        const QJsonObject best = copy.value(QStringLiteral("matches")).toArray().first().toObject();
        const QSet<QString> contract{QStringLiteral("id"),
                                     QStringLiteral("score"),
                                     QStringLiteral("offset_s"),
                                     QStringLiteral("overlap_start"),
                                     QStringLiteral("overlap_end"),
                                     QStringLiteral("ref_overlap_start"),
                                     QStringLiteral("ref_overlap_end"),
                                     QStringLiteral("time_factor"),
                                     QStringLiteral("pitch_factor"),
                                     QStringLiteral("matches"),
                                     QStringLiteral("coverage"),
                                     QStringLiteral("scores"),
                                     QStringLiteral("statistic"),
                                     QStringLiteral("fp_rate"),
                                     QStringLiteral("segments")};
        QCOMPARE(keysOf(best), contract);
        QVERIFY(copy.value(QStringLiteral("calibration_version"))
                    .toString()
                    .startsWith(QStringLiteral("fp_robust-cal-")));
        const QJsonArray segments = best.value(QStringLiteral("segments")).toArray();
        QVERIFY(!segments.isEmpty());
        const QJsonObject seg = segments.first().toObject();
        QVERIFY(seg.value(QStringLiteral("query_end")).toDouble() -
                    seg.value(QStringLiteral("query_start")).toDouble() >
                15.0);
        QCOMPARE(best.value(QStringLiteral("id")).toString(), QStringLiteral("ref_1"));
        QCOMPARE(best.value(QStringLiteral("score")).toDouble(), 1.0);
        QCOMPARE(best.value(QStringLiteral("scores"))
                     .toObject()
                     .value(QStringLiteral("exact"))
                     .toDouble(),
                 1.0);

        const QJsonObject ex = results[1];
        const QJsonObject m = ex.value(QStringLiteral("matches")).toArray().first().toObject();
        QCOMPARE(m.value(QStringLiteral("id")).toString(), QStringLiteral("ref_2"));
        QVERIFY2(m.value(QStringLiteral("score")).toDouble() >= 0.7,
                 qPrintable(QString::number(m.value(QStringLiteral("score")).toDouble())));
        QCOMPARE(
            m.value(QStringLiteral("scores")).toObject().value(QStringLiteral("exact")).toDouble(),
            0.0);
        QVERIFY(qAbs(m.value(QStringLiteral("offset_s")).toDouble() - 6.0) < 0.2);
        QVERIFY(qAbs(m.value(QStringLiteral("ref_overlap_start")).toDouble() - 6.0) < 0.5);
        QVERIFY(qAbs(m.value(QStringLiteral("ref_overlap_end")).toDouble() - 14.0) < 0.5);
        QVERIFY(qAbs(m.value(QStringLiteral("time_factor")).toDouble() - 1.0) < 0.02);
        QVERIFY(qAbs(m.value(QStringLiteral("pitch_factor")).toDouble() - 1.0) < 0.02);
    }

    void unknownAudioAndBrokenInput()
    {
        const QString unknown = path(QStringLiteral("unknown.wav"));
        QVERIFY(writeFile(unknown, wavFromFloat(melody(10.0, kRate, 999), kRate)));
        const QString junk = path(QStringLiteral("junk.mp3"));
        QVERIFY(writeFile(junk, QByteArray("definitely not audio").repeated(100)));
        int code = 0;
        const auto results =
            query(QStringLiteral("unknown\t%1\njunk\t%2\n").arg(unknown, junk), &code);
        QCOMPARE(code, 3); // some inputs failed; the others were answered
        QCOMPARE(results.size(), 2);
        for (const QJsonValue &m : results[0].value(QStringLiteral("matches")).toArray())
            QVERIFY(m.toObject().value(QStringLiteral("score")).toDouble() < 0.4);
        QCOMPARE(results[1].value(QStringLiteral("matches")).toArray().size(), 0);
        QVERIFY(results[1]
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("not decodable audio")));
    }

    void fingerprintRecord()
    {
        const CliResult r = runCli({QStringLiteral("similarity"), QStringLiteral("fingerprint"),
                                    path(QStringLiteral("ref0.wav")), QStringLiteral("--id"),
                                    QStringLiteral("trk_x")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject rec = QJsonDocument::fromJson(r.out.toUtf8()).object();
        for (const char *key :
             {"track_id", "fp_exact", "fp_robust", "embedding_music", "external_similarity_summary",
              "exact_keys", "duration_sec", "audio"})
            QVERIFY2(rec.contains(QString::fromLatin1(key)), key);
        QCOMPARE(rec.value(QStringLiteral("track_id")).toString(), QStringLiteral("trk_x"));
        QVERIFY(rec.value(QStringLiteral("fp_exact")).toString().size() > 20);
        QVERIFY(qAbs(rec.value(QStringLiteral("duration_sec")).toDouble() - 20.0) < 0.05);
    }

    void fingerprintStopsAtMaxSeconds()
    {
        const CliResult capped =
            runCli({QStringLiteral("similarity"), QStringLiteral("fingerprint"),
                    path(QStringLiteral("ref0.wav")), QStringLiteral("--max-seconds"),
                    QStringLiteral("5")});
        QCOMPARE(capped.exitCode, 1);
        QVERIFY(capped.out.isEmpty());
        QVERIFY2(capped.err.contains(QStringLiteral("more than 5.0 s decoded")),
                 qPrintable(capped.err));
        const CliResult roomy = runCli({QStringLiteral("similarity"), QStringLiteral("fingerprint"),
                                        path(QStringLiteral("ref0.wav")),
                                        QStringLiteral("--max-seconds"), QStringLiteral("25")});
        QCOMPARE(roomy.exitCode, 0);
        QCOMPARE(runCli({QStringLiteral("similarity"), QStringLiteral("fingerprint"),
                         path(QStringLiteral("ref0.wav")), QStringLiteral("--max-seconds"),
                         QStringLiteral("zero")})
                     .exitCode,
                 1);
    }

    void badUsage()
    {
        for (const char *cmd : {"index", "query", "fingerprint"}) {
            const CliResult h = runCli(
                {QStringLiteral("similarity"), QString::fromLatin1(cmd), QStringLiteral("--help")});
            QCOMPARE(h.exitCode, 0);
            QVERIFY(!h.out.isEmpty());
        }
        QCOMPARE(runCli({QStringLiteral("similarity"), QStringLiteral("query")}).exitCode, 2);
        const QString bad = path(QStringLiteral("bad.txt"));
        writeFile(bad, "no tab on this line\n");
        const CliResult r =
            runCli({QStringLiteral("similarity"), QStringLiteral("query"), m_index, bad});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("line 1")));
        const CliResult none = runCli({QStringLiteral("similarity"), QStringLiteral("query"),
                                       path(QStringLiteral("nowhere")), bad});
        QCOMPARE(none.exitCode, 1);
        QVERIFY(none.err.contains(QStringLiteral("no index")));
    }
};

QTEST_GUILESS_MAIN(SimilarityCliTest)
#include "similarity_cli_test.moc"
