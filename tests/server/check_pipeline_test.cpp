// The one check pipeline in process (issue 12): a real SQLite vault with an ingested reference
// track, the real ReferenceIndex, a real reference catalog built from audio and a real AcoustID
// client pointed at a closed port. The same audio gives the same evidence on every run; each
// source is answered, failed or not configured; the evidence maps to the decision inputs
// (longest segment, shorter track, best scores, failures); the stage hook sees every stage and
// can stop the run.
#include "support/fixtures.h"
#include "support/test_audio.h"
#include "support/test_signals.h"
#include "support/test_vault.h"

#include "server/services/revocation.h"
#include "server/services/submissions.h"
#include "server/services/uploads.h"
#include "server/similarity/check_pipeline.h"
#include "server/similarity/ingestion.h"

#include "core/similarity/score_calibration.h"

#include <QDir>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace lemm;
using namespace lemm::server;
using namespace lemm::test;

namespace {

std::vector<float> excerpt(const std::vector<float> &pcm, int rate, double fromSec, double toSec)
{
    return std::vector<float>(pcm.begin() + qsizetype(fromSec * rate),
                              pcm.begin() + qsizetype(toSec * rate));
}

struct Run {
    QStringList stages;
    core::Result<CheckEvidence> evidence = core::Error::make(
        core::ErrorKind::Internal, QStringLiteral("not run"), QStringLiteral("not run"));
};

} // namespace

class CheckPipelineTest : public QObject
{
    Q_OBJECT

    static constexpr int kRate = 22050;
    TestVault m_tv;
    QTemporaryDir m_catalogAudio;
    QString m_vaultTrack;
    std::vector<float> m_vaultPcm = melody(40, kRate, 11);
    std::unique_ptr<ReferenceIndex> m_refs;
    mutable Metrics m_metrics;
    SourceSet m_sources;

    Run run(const core::TrackFeatures &f, const QString &exclude = {},
            const QString &stopAt = {}) const
    {
        Run r;
        CheckPipeline pipeline(*m_refs, m_sources, m_metrics);
        r.evidence = pipeline.run(
            f, CheckPipeline::Request{exclude, 5, [&](const QString &stage) -> core::Status {
                                          r.stages << stage;
                                          if (stage == stopAt)
                                              return core::Error::make(
                                                  core::ErrorKind::Unavailable,
                                                  QStringLiteral("stopped"),
                                                  QStringLiteral("stopped at ") + stage);
                                          return core::okStatus();
                                      }});
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The vault: one ingested track (pending_review is a reference state).
        const Account ana = m_tv.person(QStringLiteral("ana@example.org"));
        auto up = m_tv.root().uploads().createUpload(ana, wavFromFloat(m_vaultPcm, kRate),
                                                     QStringLiteral("audio/wav"),
                                                     QStringLiteral("v.wav"));
        QVERIFY(up.ok());
        auto sub = m_tv.root().submissions().submit(
            ana, submissionBody(up->value(QStringLiteral("audio_upload_token")).toString()));
        QVERIFY(sub.ok());
        m_vaultTrack = sub->value(QStringLiteral("track_id")).toString();
        m_refs = std::make_unique<ReferenceIndex>(m_tv->db());
        IngestionWorker worker(
            {*m_tv, m_tv.root().vaultAccess(), *m_refs, m_metrics, m_tv.root().trackStore()}, {},
            QStringLiteral("t"));
        auto ran = worker.runOnce();
        QVERIFY2(ran.ok() && ran.value(), ran.ok() ? "no job" : qPrintable(ran.error().message));

        // A catalog of one other track, and an AcoustID service on a port nobody listens on.
        QVERIFY(writeFile(QDir(m_catalogAudio.path()).filePath(QStringLiteral("other.wav")),
                          wavFromFloat(melody(30, kRate, 12), kRate)));
        auto built = buildCatalog(m_tv.dataDir(), QStringLiteral("open-corpus"),
                                  m_catalogAudio.path(), {}, [](const QString &) {});
        QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().message));
        auto catalog = CatalogSource::load(built->directory);
        QVERIFY(catalog.ok());
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        AcoustIdSource::Options o;
        o.baseUrl = QStringLiteral("http://127.0.0.1:%1").arg(closedPort);
        o.timeoutMs = 300;
        o.retries = 0;
        o.ratePerSec = 1000;
        m_sources.configured = {std::shared_ptr<ExternalSource>(std::move(catalog).value()),
                                std::make_shared<AcoustIdSource>(o)};
        m_sources.notConfigured = {QStringLiteral("other-lookup")};
    }

    void sameAudioSameEvidence()
    {
        auto f = core::extractFeatures(wavFromFloat(excerpt(m_vaultPcm, kRate, 10, 40), kRate));
        QVERIFY(f.ok());
        const Run a = run(f.value()), b = run(f.value());
        QVERIFY(a.evidence.ok() && b.evidence.ok());
        const CheckEvidence &x = a.evidence.value(), &y = b.evidence.value();
        QCOMPARE(a.stages,
                 (QStringList{QStringLiteral("internal"), QStringLiteral("external:open-corpus"),
                              QStringLiteral("external:acoustid")}));
        QCOMPARE(x.calibrationVersion, core::ScoreCalibration::active().version());
        QCOMPARE(x.checkedInternal, 1);
        QVERIFY(!x.internal.isEmpty());
        QCOMPARE(x.internal.first().trackId, m_vaultTrack);
        QCOMPARE(x.internal.size(), y.internal.size());
        for (int i = 0; i < x.internal.size(); ++i) {
            QCOMPARE(x.internal[i].trackId, y.internal[i].trackId);
            QCOMPARE(x.internal[i].robustScore, y.internal[i].robustScore);
            QCOMPARE(internalHitJson(x.internal[i], x.querySec),
                     internalHitJson(y.internal[i], y.querySec));
        }
        QCOMPARE(x.sourcesJson(), y.sourcesJson());
        QCOMPARE(x.sourcesJson(),
                 QJsonObject({{QStringLiteral("open-corpus"), QStringLiteral("answered")},
                              {QStringLiteral("acoustid"), QStringLiteral("failed")},
                              {QStringLiteral("other-lookup"), QStringLiteral("not_configured")}}));
        QCOMPARE(x.sourcesWith(SourceStatus::Failed), QStringList{QStringLiteral("acoustid")});
        QVERIFY(!x.sourceErrorsJson().value(QStringLiteral("acoustid")).toString().isEmpty());
        QCOMPARE(x.sourceErrorsJson().size(), 1);

        // What the decisions read.
        const ReferenceHit &best = x.internal.first();
        QVERIFY(best.match.has_value());
        QVERIFY(std::abs(best.referenceSec - 40) < 0.5);
        const core::InternalEvidence ie = internalEvidence(best, x.querySec);
        QCOMPARE(ie.robustOverlapSec, core::overlapOf(*best.match));
        QVERIFY(std::abs(ie.shorterTrackSec - 30) < 0.5); // the excerpt is the shorter one
        QCOMPARE(ie.robustScore, best.robustScore);
        const core::OutputEvidence oe = x.outputEvidence();
        QCOMPARE(oe.internalMax, internalScore(best));
        QCOMPARE(oe.failedSources.size(), 1);
        QCOMPARE(oe.failedSources.first().source, QStringLiteral("acoustid"));
        // The shown match: the best segment's spans and every segment.
        // The excerpt is reference 10..40 s: one segment over (most of) it, spans within 1 s.
        QVERIFY(!best.match->segments.empty());
        const core::RobustSegment &seg = best.match->segments.front();
        QVERIFY2(seg.queryStart < 1 && seg.queryEnd > 29 && std::abs(seg.refStart - 10) < 1 &&
                     std::abs(seg.refEnd - 40) < 1,
                 qPrintable(QStringLiteral("segment %1-%2 -> %3-%4")
                                .arg(seg.queryStart)
                                .arg(seg.queryEnd)
                                .arg(seg.refStart)
                                .arg(seg.refEnd)));
        QVERIFY(best.robustScore >= 0.7);
        QCOMPARE(core::toString(core::classifyInternal(ie, core::Policy{})),
                 QStringLiteral("near_duplicate"));
        const QJsonObject shown = internalHitJson(best, x.querySec);
        QCOMPARE(shown.value(QStringLiteral("track_id")).toString(), m_vaultTrack);
        QVERIFY(shown.value(QStringLiteral("segments")).isArray());
        QCOMPARE(shown.value(QStringLiteral("segments")).toArray().size(),
                 qsizetype(best.match->segments.size()));
        QVERIFY(!shown.value(QStringLiteral("segments")).toArray().isEmpty());
        for (const QJsonValue &s : shown.value(QStringLiteral("segments")).toArray()) {
            const QJsonObject o = s.toObject();
            QVERIFY(o.value(QStringLiteral("query_end")).toDouble() >
                    o.value(QStringLiteral("query_start")).toDouble());
            for (const char *k : {"ref_start", "ref_end", "time_factor", "pitch_factor", "score"})
                QVERIFY2(o.contains(QLatin1String(k)), k);
        }
    }

    // 15 s of the vault track (its 5..20 s) spliced into 60 s of other music at 20 s: one
    // segment of ~15 s, so a partial match (not 80 % of the shorter track), blocked at the gate.
    void splicedSampleIsOneSegment()
    {
        std::vector<float> pcm = melody(60, kRate, 77);
        const std::vector<float> sample = excerpt(m_vaultPcm, kRate, 5, 20);
        std::copy(sample.begin(), sample.end(), pcm.begin() + 20 * kRate);
        auto f = core::extractFeatures(wavFromFloat(pcm, kRate));
        QVERIFY(f.ok());
        const Run r = run(f.value());
        QVERIFY(r.evidence.ok());
        QVERIFY(!r.evidence->internal.isEmpty());
        const ReferenceHit &best = r.evidence->internal.first();
        QCOMPARE(best.trackId, m_vaultTrack);
        QVERIFY(best.match && !best.match->segments.empty());
        const core::RobustSegment &seg = best.match->segments.front();
        QVERIFY2(std::abs(seg.queryStart - 20) < 1.5 && std::abs(seg.queryEnd - 35) < 1.5 &&
                     std::abs(seg.refStart - 5) < 1.5 && std::abs(seg.refEnd - 20) < 1.5,
                 qPrintable(QStringLiteral("segment %1-%2 -> %3-%4")
                                .arg(seg.queryStart)
                                .arg(seg.queryEnd)
                                .arg(seg.refStart)
                                .arg(seg.refEnd)));
        const core::Policy p;
        QCOMPARE(
            core::toString(core::classifyInternal(internalEvidence(best, r.evidence->querySec), p)),
            QStringLiteral("partial_match"));
        core::OutputEvidence oe = r.evidence->outputEvidence();
        oe.failedSources.clear(); // the gate's rule on the scores alone
        QCOMPARE(
            core::toString(core::outputVerdict(oe, p.outputWarnMin, p.outputBlockMin, p).decision),
            QStringLiteral("block"));
    }

    void compactedReferencesAnswerTheSame()
    {
        // A replica that folds its robust delta into the pitch-sorted base at once answers
        // exactly as one that keeps it in the delta.
        ReferenceIndex compacted(m_tv->db());
        compacted.setCompactThreshold(1);
        QVERIFY(compacted.refresh().ok());
        QCOMPARE(compacted.robustDeltaPostings(), 0);
        QVERIFY(m_refs->refresh().ok());
        QVERIFY(m_refs->robustDeltaPostings() > 0);
        auto f = core::extractFeatures(wavFromFloat(excerpt(m_vaultPcm, kRate, 10, 40), kRate));
        QVERIFY(f.ok());
        auto a = compacted.query(f.value(), QString()), b = m_refs->query(f.value(), QString());
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->size(), b->size());
        QVERIFY(!a->isEmpty());
        for (qsizetype i = 0; i < a->size(); ++i) {
            QCOMPARE(a->at(i).trackId, b->at(i).trackId);
            QCOMPARE(a->at(i).robustScore, b->at(i).robustScore);
        }
        QCOMPARE(a->front().trackId, m_vaultTrack);
    }

    void excludedTrackIsNotEvidence()
    {
        auto f = core::extractFeatures(wavFromFloat(excerpt(m_vaultPcm, kRate, 10, 40), kRate));
        QVERIFY(f.ok());
        const Run r = run(f.value(), m_vaultTrack);
        QVERIFY(r.evidence.ok());
        for (const ReferenceHit &h : r.evidence->internal)
            QVERIFY(h.trackId != m_vaultTrack);
        QCOMPARE(r.evidence->outputEvidence().internalMax, 0.0);
    }

    void stageHookStopsTheRun()
    {
        auto f = core::extractFeatures(wavFromFloat(melody(12, kRate, 99), kRate));
        QVERIFY(f.ok());
        const Run r = run(f.value(), {}, QStringLiteral("external:acoustid"));
        QVERIFY(!r.evidence.ok());
        QCOMPARE(r.evidence.error().code, QStringLiteral("stopped"));
        QCOMPARE(r.stages.last(), QStringLiteral("external:acoustid"));
    }

    void unloadableSourcesFailClosed()
    {
        ServerConfig c;
        c.dataDir = m_tv.dataDir();
        c.catalogs = {QStringLiteral("no-such-catalog")};
        c.catalogsSet = true;
        QVERIFY(!loadSourceSet(c).ok());
        const SourceSet set = sourceSetOrFailing(c);
        QCOMPARE(set.configured.size(), 1);
        QCOMPARE(set.notConfigured, QStringList{QStringLiteral("acoustid")});
        CheckPipeline pipeline(*m_refs, set, m_metrics);
        auto f = core::extractFeatures(wavFromFloat(melody(12, kRate, 98), kRate));
        QVERIFY(f.ok());
        auto ev = pipeline.run(f.value(), {});
        QVERIFY(ev.ok());
        QCOMPARE(ev->sourcesWith(SourceStatus::Failed),
                 QStringList{QStringLiteral("external_sources")});
        QVERIFY(ev->sourceErrorsJson()
                    .value(QStringLiteral("external_sources"))
                    .toString()
                    .contains(QStringLiteral("no-such-catalog")));
        const core::OutputVerdict v =
            core::outputVerdict(ev->outputEvidence(), 0.4, 0.7, core::Policy{});
        QCOMPARE(core::toString(v.decision), QStringLiteral("unverified"));
        QCOMPARE(core::toString(v.action), QStringLiteral("block"));
    }
};

QTEST_MAIN(CheckPipelineTest)
#include "check_pipeline_test.moc"
