// The robust index's storage (issue 16): the mapped CSR format round-trips with identical
// query results; a mapped base takes adds and removes in its delta and compacts; damaged files
// are refused with index_corrupt (truncated anywhere, offsets out of range) or, for postings
// naming unknown tracks, read without harm; the streaming builder writes the same index as
// save(); files of the first layout still load; the query-time probe budget bounds the work;
// buckets are sorted by anchor pitch, so a query reads only the postings within the searched
// pitch shift, with the same answers as reading whole buckets (and LVRI2 files, unsorted, are
// read whole).
#include "core/similarity/fp_robust.h"
#include "core/similarity/robust_index.h"

#include "support/test_signals.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <cstring>

using namespace lemm::core;
using namespace lemm::test;

namespace {

constexpr int kTracks = 8;
constexpr double kTrackSec = 30.0;

std::vector<float> excerpt(const std::vector<float> &x, double startSec, double lenSec)
{
    const size_t a = size_t(startSec * robust::kRate), n = size_t(lenSec * robust::kRate);
    return std::vector<float>(x.begin() + long(a), x.begin() + long(std::min(x.size(), a + n)));
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Everything a query answers, as text: equal text, equal answers.
QString describe(const std::vector<RobustMatch> &matches)
{
    QString s;
    for (const RobustMatch &m : matches) {
        s += QStringLiteral("%1 %2 %3 %4 %5 %6|")
                 .arg(m.trackId)
                 .arg(m.matches)
                 .arg(m.significance, 0, 'g', 12)
                 .arg(m.queryStart, 0, 'g', 12)
                 .arg(m.refStart, 0, 'g', 12)
                 .arg(m.segments.size());
    }
    return s;
}

} // namespace

class RobustIndexStoreTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::vector<std::vector<float>> m_audio;
    std::vector<RobustFingerprint> m_fps;
    std::vector<RobustFingerprint> m_queries;
    RobustIndex m_index;

    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    QStringList answers(const RobustIndex &idx) const
    {
        QStringList out;
        for (const RobustFingerprint &q : m_queries)
            out << describe(idx.query(q, 3));
        return out;
    }

    RobustIndex loadOk(const QString &file)
    {
        auto r = RobustIndex::load(file);
        if (!r.ok())
            qWarning("%s", qPrintable(r.error().message));
        return r.ok() ? std::move(r).value() : RobustIndex();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (int i = 0; i < kTracks; ++i) {
            m_audio.push_back(melody(kTrackSec, robust::kRate, 300 + uint32_t(i)));
            m_fps.push_back(robustFingerprint(m_audio.back()));
            m_index.add(QStringLiteral("trk_%1").arg(i), m_fps.back());
        }
        for (int i = 0; i < kTracks; ++i)
            m_queries.push_back(robustFingerprint(excerpt(m_audio[size_t(i)], 4.0 + i, 10.0)));
        QVERIFY(!m_index.isMapped());
        QCOMPARE(m_index.deltaPostingCount(), m_index.postingCount());
    }

    void mappedRoundTripAnswersTheSame()
    {
        QVERIFY(m_index.save(path("a.lvri")).ok());
        QCOMPARE(readAll(path("a.lvri")).left(8), QByteArray("LVRI3\0\0\0", 8));
        RobustIndex loaded = loadOk(path("a.lvri"));
        QVERIFY(loaded.isMapped());
        QCOMPARE(loaded.trackCount(), kTracks);
        QCOMPARE(loaded.postingCount(), m_index.postingCount());
        QCOMPARE(loaded.deltaPostingCount(), 0);
        QCOMPARE(loaded.indexedSeconds(), m_index.indexedSeconds());
        QCOMPARE(loaded.keyHistogram(), m_index.keyHistogram());
        const QStringList before = answers(m_index), after = answers(loaded);
        QCOMPARE(after, before);
        for (int i = 0; i < kTracks; ++i)
            QVERIFY2(before[i].startsWith(QStringLiteral("trk_%1 ").arg(i)), qPrintable(before[i]));
        // Saving the mapped index again writes the same bytes.
        QVERIFY(loaded.save(path("a2.lvri")).ok());
        QCOMPARE(readAll(path("a2.lvri")), readAll(path("a.lvri")));
    }

    void deltaOverMappedBase()
    {
        RobustIndex small;
        for (int i = 0; i < kTracks - 2; ++i)
            small.add(QStringLiteral("trk_%1").arg(i), m_fps[size_t(i)]);
        QVERIFY(small.save(path("base.lvri")).ok());
        RobustIndex idx = loadOk(path("base.lvri"));
        QVERIFY(idx.isMapped());
        // Adds go to the delta, removes mark base and delta tracks alike.
        idx.add(QStringLiteral("trk_6"), m_fps[6]);
        idx.add(QStringLiteral("trk_7"), m_fps[7]);
        QCOMPARE(idx.deltaPostingCount(),
                 qint64(m_fps[6].triplets.size() + m_fps[7].triplets.size()));
        QCOMPARE(idx.trackCount(), kTracks);
        QCOMPARE(answers(idx), answers(m_index));
        QVERIFY(idx.remove(QStringLiteral("trk_2")));
        QVERIFY(idx.remove(QStringLiteral("trk_7")));
        QVERIFY(!idx.contains(QStringLiteral("trk_2")));
        for (const RobustMatch &m : idx.query(m_queries[2], 5))
            QVERIFY(m.trackId != QLatin1String("trk_2"));
        for (const RobustMatch &m : idx.query(m_queries[7], 5))
            QVERIFY(m.trackId != QLatin1String("trk_7"));
        QCOMPARE(idx.query(m_queries[6], 1).front().trackId, QStringLiteral("trk_6"));
        // Replacing a base track: the new version is found, the old one gone.
        idx.add(QStringLiteral("trk_0"), m_fps[0]);
        QCOMPARE(idx.trackCount(), kTracks - 2);
        const QStringList merged = answers(idx);
        // save() of base + delta equals compact(), and both answer as before.
        QVERIFY(idx.save(path("merged.lvri")).ok());
        RobustIndex reloaded = loadOk(path("merged.lvri"));
        QCOMPARE(reloaded.trackCount(), kTracks - 2);
        QCOMPARE(answers(reloaded), merged);
        idx.compact();
        QVERIFY(!idx.isMapped());
        QCOMPARE(idx.deltaPostingCount(), 0);
        QCOMPARE(idx.postingCount(), reloaded.postingCount());
        QCOMPARE(answers(idx), merged);
        QVERIFY(idx.save(path("compacted.lvri")).ok());
        QCOMPARE(readAll(path("compacted.lvri")), readAll(path("merged.lvri")));
    }

    void damagedFilesAreRefused()
    {
        QVERIFY(m_index.save(path("good.lvri")).ok());
        const QByteArray good = readAll(path("good.lvri"));
        const QString bad = path("bad.lvri");
        // Truncated anywhere (header, track table, offsets, postings, peaks): refused.
        for (qsizetype n : {qsizetype(0), qsizetype(7), qsizetype(20), qsizetype(40),
                            qsizetype(300), good.size() / 2, good.size() - 4}) {
            QVERIFY(writeAll(bad, good.left(n)));
            auto r = RobustIndex::load(bad);
            QVERIFY2(!r.ok(), qPrintable(QString::number(n)));
            QCOMPARE(r.error().code, QStringLiteral("index_corrupt"));
        }
        // Extra bytes, a posting count past the file, a decreasing key offset.
        QVERIFY(writeAll(bad, good + QByteArray(8, '\0')));
        QCOMPARE(RobustIndex::load(bad).error().code, QStringLiteral("index_corrupt"));
        QByteArray huge = good;
        const quint64 big = qToLittleEndian(quint64(1) << 60);
        memcpy(huge.data() + 16, &big, 8);
        QVERIFY(writeAll(bad, huge));
        QCOMPARE(RobustIndex::load(bad).error().code, QStringLiteral("index_corrupt"));
        const qsizetype offsets = offsetsStart(good);
        QByteArray decreasing = good;
        const quint64 beyond = qToLittleEndian(quint64(m_index.postingCount()) + 1);
        memcpy(decreasing.data() + offsets + 8 * 1000, &beyond, 8);
        QVERIFY(writeAll(bad, decreasing));
        QCOMPARE(RobustIndex::load(bad).error().code, QStringLiteral("index_corrupt"));
        QVERIFY(writeAll(bad, QByteArray("garbage")));
        QCOMPARE(RobustIndex::load(bad).error().code, QStringLiteral("index_corrupt"));
    }

    void unknownTrackInPostingsIsSkipped()
    {
        // Every posting names track 0xffffffff: the file loads (postings are checked when
        // read), queries find nothing and compaction drops them.
        QVERIFY(m_index.save(path("good.lvri")).ok());
        QByteArray bytes = readAll(path("good.lvri"));
        const qsizetype postings = offsetsStart(bytes) + qsizetype(robust::kKeySpace + 1) * 8;
        for (qint64 i = 0; i < m_index.postingCount(); ++i)
            memset(bytes.data() + postings + i * 8, 0xff, 4);
        QVERIFY(writeAll(path("odd.lvri"), bytes));
        RobustIndex idx = loadOk(path("odd.lvri"));
        QCOMPARE(idx.trackCount(), kTracks);
        for (const RobustFingerprint &q : m_queries)
            QVERIFY(idx.query(q, 3).empty());
        idx.compact();
        QCOMPARE(idx.postingCount(), 0);
    }

    void builderWritesWhatSaveWrites()
    {
        RobustIndexBuilder b;
        for (int i = 0; i < kTracks; ++i)
            b.count(QStringLiteral("trk_%1").arg(i), m_fps[size_t(i)].durationSec,
                    m_fps[size_t(i)].triplets);
        QVERIFY(b.open(path("built.lvri")).ok());
        QVERIFY(!b.place(1, m_fps[1].triplets).ok()); // out of order
        QVERIFY(!b.finish().ok());                    // not all placed
        for (int i = 0; i < kTracks; ++i)
            QVERIFY(b.place(uint32_t(i), m_fps[size_t(i)].triplets).ok());
        QVERIFY(b.finish().ok());
        QVERIFY(m_index.save(path("saved.lvri")).ok());
        QCOMPARE(readAll(path("built.lvri")), readAll(path("saved.lvri")));
        QCOMPARE(answers(loadOk(path("built.lvri"))), answers(m_index));
    }

    void firstLayoutStillLoads()
    {
        // LVRI1: header, track table, offsets by key, postings; peaks rebuilt from postings.
        QByteArray v1("LVRI1\0\0\0", 8);
        auto put = [&](auto v) {
            v = qToLittleEndian(v);
            v1.append(reinterpret_cast<const char *>(&v), sizeof v);
        };
        put(quint32(robust::kKeySpace));
        put(quint32(1));
        put(quint64(2));
        put(quint16(3));
        v1.append("old");
        double dur = 12.5;
        quint64 bits;
        memcpy(&bits, &dur, 8);
        put(bits);
        for (quint32 k = 0; k <= robust::kKeySpace; ++k)
            put(quint64(k <= 5 ? 0 : 2));
        put(quint32(0));
        put(quint32(40u << 10 | 100u));
        put(quint32(0));
        put(quint32(20u << 10 | 90u));
        QVERIFY(writeAll(path("v1.lvri"), v1));
        RobustIndex idx = loadOk(path("v1.lvri"));
        QVERIFY(idx.contains(QStringLiteral("old")));
        QCOMPARE(idx.postingCount(), 2);
        QCOMPARE(idx.indexedSeconds(), 12.5);
        QCOMPARE(idx.keyHistogram()[5], 2u);
        QVERIFY(!idx.isMapped());
        // A posting naming an unknown track is refused in the first layout (read eagerly).
        v1[v1.size() - 8] = 7;
        QVERIFY(writeAll(path("v1bad.lvri"), v1));
        QCOMPARE(RobustIndex::load(path("v1bad.lvri")).error().code,
                 QStringLiteral("index_corrupt"));
    }

    void probeBudgetBoundsTheWork()
    {
        RobustIndex idx = m_index;
        QCOMPARE(idx.probeBudget(), RobustIndex::kDefaultProbeBudget);
        // The default budget does not bind on a small index: the same answers as unbounded.
        const QStringList unbounded = answers(idx);
        idx.setProbeBudget(INT64_MAX);
        QCOMPARE(answers(idx), unbounded);
        // A budget of one posting reads (almost) nothing: no candidate reaches the vote.
        idx.setProbeBudget(1);
        for (const RobustFingerprint &q : m_queries)
            QVERIFY(idx.query(q, 3).empty());
        // A budget of a tenth of the index still finds every copy, rarest keys first.
        idx.setProbeBudget(m_index.postingCount() / 10);
        for (int i = 0; i < kTracks; ++i) {
            const auto m = idx.query(m_queries[size_t(i)], 1);
            QVERIFY(!m.empty());
            QCOMPARE(m.front().trackId, QStringLiteral("trk_%1").arg(i));
        }
    }

    void bucketsAreSortedByPitch()
    {
        QVERIFY(m_index.save(path("sorted.lvri")).ok());
        const QByteArray file = readAll(path("sorted.lvri"));
        const qsizetype at = offsetsStart(file);
        const auto *offsets = reinterpret_cast<const quint64 *>(file.constData() + at);
        const auto *postings = reinterpret_cast<const quint32 *>(
            file.constData() + at + qsizetype(robust::kKeySpace + 1) * 8);
        qint64 pitchChanges = 0;
        for (uint32_t k = 0; k < robust::kKeySpace; ++k)
            for (quint64 i = offsets[k] + 1; i < offsets[k + 1]; ++i) {
                const quint32 before = postings[2 * i - 1] & 1023u,
                              now = postings[2 * i + 1] & 1023u;
                QVERIFY2(before <= now, qPrintable(QStringLiteral("key %1").arg(k)));
                pitchChanges += before < now;
            }
        QVERIFY(pitchChanges > 0);
    }

    void pitchWindowReadsLessWithTheSameAnswers()
    {
        QVERIFY(m_index.save(path("w.lvri")).ok());
        RobustIndex windowed = loadOk(path("w.lvri"));
        RobustIndex whole = loadOk(path("w.lvri"));
        whole.setPitchWindow(false);
        // Queries shifted up and down (resampled: pitch and tempo together, within the range).
        std::vector<RobustFingerprint> queries = m_queries;
        for (int i = 0; i < kTracks; ++i)
            queries.push_back(robustFingerprint(
                resampled(excerpt(m_audio[size_t(i)], 5.0, 10.0), i % 2 ? 1.09 : 0.92)));
        qint64 readWindow = 0, readWhole = 0;
        for (size_t i = 0; i < queries.size(); ++i) {
            const QString a = describe(windowed.query(queries[i], 3));
            QCOMPARE(a, describe(whole.query(queries[i], 3)));
            QCOMPARE(a, describe(m_index.query(queries[i], 3)));
            QVERIFY2(a.startsWith(QStringLiteral("trk_%1 ").arg(i % kTracks)), qPrintable(a));
            const auto w = windowed.probeCost(queries[i]), f = whole.probeCost(queries[i]);
            QVERIFY(w.wanted <= f.wanted);
            readWindow += w.read;
            readWhole += f.read;
        }
        QVERIFY2(readWindow < readWhole,
                 qPrintable(QStringLiteral("%1 of %2").arg(readWindow).arg(readWhole)));
        // An LVRI2 file (buckets in track order) is read whole, with the same answers.
        QByteArray v2 = readAll(path("w.lvri"));
        v2[4] = '2';
        QVERIFY(writeAll(path("v2.lvri"), v2));
        RobustIndex old = loadOk(path("v2.lvri"));
        QCOMPARE(old.trackCount(), kTracks);
        for (const RobustFingerprint &q : queries) {
            QCOMPARE(old.probeCost(q).read, whole.probeCost(q).read);
            QCOMPARE(describe(old.query(q, 3)), describe(whole.query(q, 3)));
        }
    }

    void largeIndexKeepsTheBestRankedTracks()
    {
        // More tracks than stage 1 keeps (50): synthetic tracks drawn from the real keys at
        // random times, so every query meets chance hits in most of them.
        RobustIndex idx = m_index;
        std::vector<Triplet> pool;
        for (const RobustFingerprint &fp : m_fps)
            pool.insert(pool.end(), fp.triplets.begin(), fp.triplets.end());
        uint64_t state = 2026;
        auto next = [&] {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            return uint32_t(state >> 33);
        };
        for (int n = 0; n < 400; ++n) {
            std::vector<Triplet> t(3000);
            for (Triplet &x : t) {
                x = pool[next() % pool.size()];
                x.t1 = next() % 7000;
            }
            idx.addRaw(QStringLiteral("noise_%1").arg(n), 240.0, t);
        }
        RobustIndex compacted = idx.compacted();
        for (int i = 0; i < kTracks; ++i) {
            const auto m = idx.query(m_queries[size_t(i)], 3);
            QVERIFY(!m.empty());
            QCOMPARE(m.front().trackId, QStringLiteral("trk_%1").arg(i));
            // The pitch-sorted base answers as the delta does.
            QCOMPARE(describe(compacted.query(m_queries[size_t(i)], 3)), describe(m));
        }
    }

    void hostileTrackLengthsStayBounded()
    {
        // Track tables that claim absurd lengths (a damaged file, a bad record): stage 1's
        // offset grid is capped (coarser bins), the query still answers and finds its track.
        RobustIndex idx;
        idx.add(QStringLiteral("trk_0"), m_fps[0]);
        std::vector<Triplet> one(1, m_fps[1].triplets.front());
        for (int n = 0; n < 5000; ++n)
            idx.addRaw(QStringLiteral("long_%1").arg(n), 1e15, one);
        const auto m = idx.query(m_queries[0], 3);
        QVERIFY(!m.empty());
        QCOMPARE(m.front().trackId, QStringLiteral("trk_0"));
    }

private:
    // `x` played `factor` times as fast (linear interpolation): pitch and tempo move together.
    static std::vector<float> resampled(const std::vector<float> &x, double factor)
    {
        std::vector<float> out;
        for (double pos = 0; pos + 1 < double(x.size()); pos += factor) {
            const size_t i = size_t(pos);
            const double f = pos - double(i);
            out.push_back(float(x[i] * (1 - f) + x[i + 1] * f));
        }
        return out;
    }

    // Where the key offsets start: after the header and the padded track table.
    qsizetype offsetsStart(const QByteArray &file) const
    {
        qsizetype pos = 32;
        for (int i = 0; i < m_index.trackCount(); ++i) {
            quint16 len;
            memcpy(&len, file.constData() + pos, 2);
            pos += 2 + qFromLittleEndian(len) + 8;
        }
        return (pos + 7) & ~qsizetype(7);
    }
};

QTEST_GUILESS_MAIN(RobustIndexStoreTest)
#include "robust_index_store_test.moc"
