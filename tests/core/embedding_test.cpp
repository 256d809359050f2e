// embed_music and its hnswlib index: unit-length 512-D vectors; a re-encoded copy is closer
// than other music; nearest neighbours, windows that locate an excerpt, immediate removal,
// save/load with a checksum that refuses damaged files.
#include "core/audio/audio_decoder.h"
#include "core/similarity/embedding.h"
#include "core/similarity/embedding_index.h"

#include "support/test_audio.h"
#include "support/test_signals.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace lemm::core;
using namespace lemm::test;

namespace {
constexpr int kRate = 11025;

Embeddings embed(const std::vector<float> &x)
{
    auto e = makeEmbedder();
    e->feed(x.data(), int(x.size()));
    return e->finish();
}

std::vector<float> viaFfmpeg(const std::vector<float> &x, const QString &path)
{
    return throughFfmpeg(x, kRate, path,
                         {QStringLiteral("-ar"), QStringLiteral("44100"), QStringLiteral("-b:a"),
                          QStringLiteral("128k")},
                         kRate);
}
} // namespace

class EmbeddingTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::vector<std::vector<float>> m_audio;
    std::vector<Embeddings> m_emb;

private Q_SLOTS:
    void initTestCase()
    {
        for (uint32_t i = 0; i < 8; ++i) {
            m_audio.push_back(melody(30.0, kRate, 300 + i));
            m_emb.push_back(embed(m_audio.back()));
        }
    }

    void shape()
    {
        const Embeddings &e = m_emb[0];
        QCOMPARE(e.model, QStringLiteral("dsp-v1"));
        QCOMPARE(int(e.track.size()), kEmbeddingDim);
        double norm = 0;
        for (float v : e.track) {
            QVERIFY(std::isfinite(v));
            norm += double(v) * v;
        }
        QVERIFY(std::abs(norm - 1.0) < 1e-4);
        QCOMPARE(int(e.windows.size()), 10); // 5 s windows every 2.5 s that fit in 30 s of frames
        QVERIFY(embed(std::vector<float>(kRate / 2, 0.1f)).track.empty()); // too short
        QVERIFY(std::abs(cosine(e.track, e.track) - 1.0f) < 1e-5);
    }

    void reencodedCopyIsCloserThanOtherMusic()
    {
        const auto mp3 = viaFfmpeg(m_audio[2], m_dir.filePath(QStringLiteral("copy.mp3")));
        QVERIFY(!mp3.empty());
        const float copy = cosine(embed(mp3).track, m_emb[2].track);
        float other = -1;
        for (size_t i = 0; i < m_emb.size(); ++i)
            if (i != 2)
                other = std::max(other, cosine(m_emb[i].track, m_emb[2].track));
        qInfo("cosine: re-encoded copy %.4f, closest other melody %.4f", copy, other);
        QVERIFY(copy > 0.97f);
        QVERIFY(copy > other);
        // Louder or quieter is the same music.
        std::vector<float> quiet = m_audio[2];
        for (float &v : quiet)
            v *= 0.25f;
        QVERIFY(cosine(embed(quiet).track, m_emb[2].track) > 0.99f);
    }

    void indexNearestRemoveAndWindows()
    {
        EmbeddingIndex idx;
        for (size_t i = 0; i < m_emb.size(); ++i)
            idx.add(QStringLiteral("trk_%1").arg(i), m_emb[i]);
        QCOMPARE(idx.trackCount(), 8);
        auto n = idx.nearest(m_emb[5].track, 3);
        QCOMPARE(n.size(), size_t(3));
        QCOMPARE(n.front().trackId, QStringLiteral("trk_5"));
        QVERIFY(n.front().similarity > 0.999f);
        QVERIFY(n[1].similarity <= n.front().similarity);

        // A 10 s excerpt from 12.5 s of trk_4 finds trk_4's windows near 12.5 s.
        const std::vector<float> part(m_audio[4].begin() + long(12.5 * kRate),
                                      m_audio[4].begin() + long(22.5 * kRate));
        auto w = idx.nearestWindows(embed(part), 3);
        QVERIFY(!w.empty());
        QCOMPARE(w.front().trackId, QStringLiteral("trk_4"));
        QVERIFY2(
            std::abs((w.front().refWindowSec - w.front().queryWindowSec) - 12.5) <= 2.5,
            qPrintable(
                QStringLiteral("%1 %2").arg(w.front().refWindowSec).arg(w.front().queryWindowSec)));

        QVERIFY(idx.remove(QStringLiteral("trk_5")));
        QVERIFY(!idx.remove(QStringLiteral("trk_5")));
        for (const auto &x : idx.nearest(m_emb[5].track, 8))
            QVERIFY(x.trackId != QLatin1String("trk_5"));
        for (const auto &x : idx.nearestWindows(m_emb[5], 8))
            QVERIFY(x.trackId != QLatin1String("trk_5"));
        QCOMPARE(idx.similarityTo(m_emb[5].track, QStringLiteral("trk_5")), 0.0f);
        QVERIFY(idx.similarityTo(m_emb[4].track, QStringLiteral("trk_4")) > 0.999f);
    }

    void saveLoadAndCorruption()
    {
        EmbeddingIndex idx;
        for (size_t i = 0; i < m_emb.size(); ++i)
            idx.add(QStringLiteral("trk_%1").arg(i), m_emb[i]);
        idx.remove(QStringLiteral("trk_1"));
        idx.add(QStringLiteral("trk_2"), m_emb[2]); // re-added: a new label for the same id
        const QString path = m_dir.filePath(QStringLiteral("emb.lvei"));
        QVERIFY(idx.save(path).ok());
        auto back = EmbeddingIndex::load(path);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QCOMPARE(back->trackCount(), 7);
        QVERIFY(!back->contains(QStringLiteral("trk_1")));
        QCOMPARE(back->nearest(m_emb[6].track, 1).front().trackId, QStringLiteral("trk_6"));
        QCOMPARE(back->nearest(m_emb[2].track, 1).front().trackId, QStringLiteral("trk_2"));
        QVERIFY(back->similarityTo(m_emb[3].track, QStringLiteral("trk_3")) > 0.999f);
        // A re-added track's old windows stay deleted after loading: removing it again works.
        QVERIFY(back->remove(QStringLiteral("trk_2")));
        for (const auto &x : back->nearestWindows(m_emb[2], 8))
            QVERIFY(x.trackId != QLatin1String("trk_2"));

        QByteArray bytes = readFile(path);
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x40);
        const QString bad = m_dir.filePath(QStringLiteral("bad.lvei"));
        QVERIFY(writeFile(bad, bytes));
        QCOMPARE(EmbeddingIndex::load(bad).error().code, QStringLiteral("index_corrupt"));
        QVERIFY(writeFile(bad, bytes.left(20)));
        QCOMPARE(EmbeddingIndex::load(bad).error().code, QStringLiteral("index_corrupt"));
    }
};

QTEST_GUILESS_MAIN(EmbeddingTest)
#include "embedding_test.moc"
