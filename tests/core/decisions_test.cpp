// The decision tables of spec §3.1 (external), §3.2 (internal), the checks outcome, the
// review rule of §3.4 and the policy's validation: one data row per table row, with the
// boundaries on both sides.
#include "core/decisions.h"

#include <QJsonArray>
#include <QTest>

using namespace lemm::core;

Q_DECLARE_METATYPE(ExternalVerdict)
Q_DECLARE_METATYPE(InternalVerdict)
Q_DECLARE_METATYPE(ChecksOutcome)
Q_DECLARE_METATYPE(ReviewOutcome)

class DecisionsTest : public QObject
{
    Q_OBJECT
private slots:
    void external_data()
    {
        QTest::addColumn<double>("score");
        QTest::addColumn<double>("overlap");
        QTest::addColumn<ExternalVerdict>("verdict");
        using V = ExternalVerdict;
        QTest::addRow("no hit: 0") << 0.0 << 200.0 << V::NoHit;
        QTest::addRow("no hit: 0.399, long overlap") << 0.399 << 200.0 << V::NoHit;
        QTest::addRow("weak: 0.4") << 0.4 << 200.0 << V::Weak;
        QTest::addRow("weak: 0.699, long overlap") << 0.699 << 200.0 << V::Weak;
        QTest::addRow("strong: 0.7, 15 s") << 0.7 << 15.0 << V::Strong;
        QTest::addRow("weak: 0.7, 14.9 s (short overlap)") << 0.7 << 14.9 << V::Weak;
        QTest::addRow("weak: 1.0, 14.9 s") << 1.0 << 14.9 << V::Weak;
        QTest::addRow("strong: 1.0, 15 s") << 1.0 << 15.0 << V::Strong;
        QTest::addRow("weak: 0.4, 0 s") << 0.4 << 0.0 << V::Weak;
        QTest::addRow("no hit: 0.399, 0 s") << 0.399 << 0.0 << V::NoHit;
    }
    void external()
    {
        QFETCH(double, score);
        QFETCH(double, overlap);
        QFETCH(ExternalVerdict, verdict);
        QCOMPARE(toString(classifyExternal(score, overlap, Policy{})), toString(verdict));
    }

    void externalFollowsPolicy()
    {
        Policy p;
        p.externalWeakMin = 0.5;
        p.externalStrongMin = 0.9;
        p.externalStrongMinOverlapSec = 30;
        QCOMPARE(toString(classifyExternal(0.45, 100, p)), toString(ExternalVerdict::NoHit));
        QCOMPARE(toString(classifyExternal(0.8, 100, p)), toString(ExternalVerdict::Weak));
        QCOMPARE(toString(classifyExternal(0.95, 29.9, p)), toString(ExternalVerdict::Weak));
        QCOMPARE(toString(classifyExternal(0.95, 30, p)), toString(ExternalVerdict::Strong));
    }

    void externalCoverage()
    {
        const Policy p;
        auto v = [&](double coverage) { return toString(classifyExternal(0.9, 60, p, coverage)); };
        QCOMPARE(v(p.minMatchCoverage), toString(ExternalVerdict::Strong));
        QCOMPARE(v(p.minMatchCoverage - 0.001), toString(ExternalVerdict::NoHit));
        QCOMPARE(v(1.0), toString(ExternalVerdict::Strong));
        QCOMPARE(toString(classifyExternal(0.9, 60, p)), toString(ExternalVerdict::Strong));
        QCOMPARE(toString(classifyExternal(0.5, 60, p, 0.3)), toString(ExternalVerdict::Weak));
        // Short overlaps are not gated: at most weak anyway.
        QCOMPARE(toString(classifyExternal(0.9, p.coverageMinOverlapSec - 0.1, p, 0.05)),
                 toString(ExternalVerdict::Weak));
        QCOMPARE(toString(classifyExternal(0.9, p.coverageMinOverlapSec, p, 0.05)),
                 toString(ExternalVerdict::NoHit));
    }

    void internal_data()
    {
        QTest::addColumn<bool>("exact");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<double>("robust");
        QTest::addColumn<double>("embedding");
        QTest::addColumn<InternalVerdict>("verdict");
        using V = InternalVerdict;
        const Policy p;
        const double rh = p.internalRobustHigh, rw = p.internalRobustWeak;
        const double eh = p.internalEmbeddingHigh, em = p.internalEmbeddingMedium;
        QTest::addRow("exact copy of an accepted track")
            << true << true << 1.0 << 1.0 << V::ExactDuplicate;
        QTest::addRow("exact copy of a pending track")
            << true << false << 1.0 << 1.0 << V::ExactDuplicateOfPending;
        QTest::addRow("high robust + high embedding")
            << false << true << rh << eh << V::NearDuplicate;
        QTest::addRow("robust just below high")
            << false << true << rh - 0.001 << eh << V::PartialMatch;
        QTest::addRow("embedding just below high")
            << false << true << rh << eh - 0.001 << V::PartialMatch;
        QTest::addRow("weak robust") << false << true << rw << 0.0 << V::PartialMatch;
        QTest::addRow("robust just below weak, no embedding")
            << false << true << rw - 0.001 << 0.0 << V::None;
        QTest::addRow("medium embedding only") << false << true << 0.0 << em << V::EmbeddingSimilar;
        QTest::addRow("embedding just below medium")
            << false << true << 0.0 << em - 0.001 << V::None;
        QTest::addRow("nothing") << false << true << 0.0 << 0.0 << V::None;
        // Coverage rows are in internalCoverage().
    }
    void internal()
    {
        QFETCH(bool, exact);
        QFETCH(bool, accepted);
        QFETCH(double, robust);
        QFETCH(double, embedding);
        QFETCH(InternalVerdict, verdict);
        QCOMPARE(toString(classifyInternal(InternalEvidence{exact, accepted, robust, embedding},
                                           Policy{})),
                 toString(verdict));
    }

    void internalCoverage()
    {
        const Policy p;
        auto v = [&](double robust, double emb, double coverage, double overlap = 60) {
            return toString(
                classifyInternal(InternalEvidence{false, true, robust, emb, coverage, overlap}, p));
        };
        QCOMPARE(v(0.9, 0.99, p.minMatchCoverage), toString(InternalVerdict::NearDuplicate));
        QCOMPARE(v(0.9, 0.99, p.minMatchCoverage - 0.001),
                 toString(InternalVerdict::EmbeddingSimilar)); // the embedding alone remains
        QCOMPARE(v(0.9, 0.0, p.minMatchCoverage - 0.001), toString(InternalVerdict::None));
        QCOMPARE(v(0.5, 0.0, p.minMatchCoverage), toString(InternalVerdict::PartialMatch));
        QCOMPARE(v(0.5, 0.0, 0.05, p.coverageMinOverlapSec - 0.1),
                 toString(InternalVerdict::PartialMatch));
        // An exact copy needs no coverage.
        QCOMPARE(toString(classifyInternal(InternalEvidence{true, true, 0, 0, 0}, p)),
                 toString(InternalVerdict::ExactDuplicate));
    }

    void checksOutcome_data()
    {
        QTest::addColumn<QStringList>("flagList");
        QTest::addColumn<QString>("autoAccept");
        QTest::addColumn<QString>("exactAction");
        QTest::addColumn<ChecksOutcome>("outcome");
        using O = ChecksOutcome;
        const QString off = QStringLiteral("off"), unfl = QStringLiteral("unflagged");
        const QString rej = QStringLiteral("reject"), rev = QStringLiteral("review");
        QTest::addRow("clean, light review") << QStringList{} << off << rej << O::ToReview;
        QTest::addRow("clean, auto-accept") << QStringList{} << unfl << rej << O::AutoAccept;
        QTest::addRow("note only, auto-accept")
            << QStringList{flags::kEmbeddingSimilar} << unfl << rej << O::AutoAccept;
        QTest::addRow("weak hit, auto-accept policy")
            << QStringList{flags::kExternalWeakHit} << unfl << rej << O::ToReview;
        QTest::addRow("strong hit")
            << QStringList{flags::kExternalStrongHit} << off << rej << O::AutoReject;
        QTest::addRow("exact duplicate, reject")
            << QStringList{flags::kExactDuplicate} << off << rej << O::AutoReject;
        QTest::addRow("exact duplicate, review")
            << QStringList{flags::kExactDuplicate} << off << rev << O::ToReview;
        QTest::addRow("duplicate of a pending track")
            << QStringList{flags::kDuplicateOfPending} << off << rej << O::ToReview;
        QTest::addRow("source unavailable")
            << QStringList{flags::kExternalCheckUnavailable} << unfl << rej << O::ToReview;
    }
    void checksOutcome()
    {
        QFETCH(QStringList, flagList);
        QFETCH(QString, autoAccept);
        QFETCH(QString, exactAction);
        QFETCH(ChecksOutcome, outcome);
        Policy p;
        p.autoAccept = autoAccept;
        p.exactDuplicateAction = exactAction;
        QCOMPARE(int(decideAfterChecks(flagList, p).outcome), int(outcome));
    }

    void review_data()
    {
        QTest::addColumn<QString>("votes"); // r+ reviewer approve, r- reject, r? info, a+ a-
        QTest::addColumn<bool>("flagged");
        QTest::addColumn<ReviewOutcome>("outcome");
        using O = ReviewOutcome;
        QTest::addRow("unflagged: none") << "" << false << O::Pending;
        QTest::addRow("unflagged: one approval") << "r+" << false << O::Accept;
        QTest::addRow("unflagged: one rejection") << "r-" << false << O::Reject;
        QTest::addRow("unflagged: needs more info") << "r?" << false << O::Pending;
        QTest::addRow("flagged: one approval") << "r+" << true << O::Pending;
        QTest::addRow("flagged: two approvals") << "r+ r+" << true << O::Accept;
        QTest::addRow("flagged: split") << "r+ r-" << true << O::Pending;
        QTest::addRow("flagged: split then approval") << "r+ r- r+" << true << O::Accept;
        QTest::addRow("flagged: rejection and info") << "r- r?" << true << O::Pending;
        QTest::addRow("flagged: two rejections") << "r- r-" << true << O::Reject;
        QTest::addRow("flagged: admin approval") << "a+" << true << O::Accept;
        QTest::addRow("flagged: admin overrides approvals") << "r+ a-" << true << O::Reject;
        QTest::addRow("admin info does not decide") << "a?" << true << O::Pending;
    }
    void review()
    {
        QFETCH(QString, votes);
        QFETCH(bool, flagged);
        QFETCH(ReviewOutcome, outcome);
        QList<CastVote> list;
        int n = 0;
        for (const QString &v : votes.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            CastVote c;
            c.voterId = QStringLiteral("v%1").arg(++n);
            c.byAdmin = v[0] == QLatin1Char('a');
            c.kind = v[1] == QLatin1Char('+')   ? VoteKind::Approve
                     : v[1] == QLatin1Char('-') ? VoteKind::Reject
                                                : VoteKind::NeedsMoreInfo;
            list << c;
        }
        const ReviewState st = decideReview(list, flagged, Policy{});
        QCOMPARE(int(st.outcome), int(outcome));
        QCOMPARE(st.required, flagged ? 2 : 1);
    }

    void outputDecision_data()
    {
        QTest::addColumn<double>("sim");
        QTest::addColumn<QString>("decision");
        QTest::addRow("0") << 0.0 << "allow";
        QTest::addRow("0.399") << 0.399 << "allow";
        QTest::addRow("0.4") << 0.4 << "warn";
        QTest::addRow("0.699") << 0.699 << "warn";
        QTest::addRow("0.7") << 0.7 << "block";
        QTest::addRow("1") << 1.0 << "block";
    }
    void outputDecision()
    {
        QFETCH(double, sim);
        QFETCH(QString, decision);
        const Policy p;
        QCOMPARE(toString(decideOutput(sim, p.outputWarnMin, p.outputBlockMin)), decision);
        QVERIFY(outputMessage(OutputDecision::Block).contains(QStringLiteral("regenerate")));
        QVERIFY(outputMessage(OutputDecision::Warn).contains(QStringLiteral("commercial use")));
        QVERIFY(outputMessage(OutputDecision::Allow).isEmpty());
    }

    void sanity()
    {
        Policy p;
        QVERIFY(checkAudioSanity({180, 44100, 2, false}, p).isEmpty());
        QVERIFY(checkAudioSanity({p.minDurationSec, p.minSampleRate, 1, false}, p).isEmpty());
        auto codes = [&](AudioFacts f) {
            QStringList out;
            for (const auto &x : checkAudioSanity(f, p))
                out << x.code;
            return out;
        };
        QCOMPARE(codes({0, 44100, 2, false}), QStringList{QStringLiteral("audio_too_short")});
        QCOMPARE(codes({3 * 3600, 44100, 2, false}), QStringList{QStringLiteral("audio_too_long")});
        QCOMPARE(codes({60, 8000, 2, false}), QStringList{QStringLiteral("sample_rate_too_low")});
        QCOMPARE(codes({60, 44100, 6, false}), QStringList{QStringLiteral("too_many_channels")});
        QCOMPARE(codes({60, 44100, 2, true}), QStringList{QStringLiteral("audio_truncated")});
    }

    void policyValidation()
    {
        const Policy p;
        auto round = Policy::fromJson(p.toJson(), true);
        QVERIFY(round.ok());
        QCOMPARE(round->toJson(), p.toJson());

        QJsonObject missing = p.toJson();
        missing.remove(QStringLiteral("external_strong_min"));
        auto m = Policy::fromJson(missing, true);
        QVERIFY(!m.ok());
        QVERIFY(m.error().fields.contains(QStringLiteral("external_strong_min")));
        QVERIFY(Policy::fromJson(missing, false).ok()); // partial form keeps the default

        QJsonObject bad = p.toJson();
        bad.insert(QStringLiteral("external_weak_min"), 1.5);
        bad.insert(QStringLiteral("auto_accept"), QStringLiteral("always"));
        bad.insert(QStringLiteral("max_check_attempts"), 2.5);
        bad.insert(QStringLiteral("snippet_max_sec"), 31);
        bad.insert(QStringLiteral("surprise"), 1);
        auto b = Policy::fromJson(bad, true);
        QVERIFY(!b.ok());
        for (const char *k : {"external_weak_min", "auto_accept", "max_check_attempts",
                              "snippet_max_sec", "surprise"})
            QVERIFY2(b.error().fields.contains(QString::fromLatin1(k)), k);

        QJsonObject inverted = p.toJson();
        inverted.insert(QStringLiteral("external_weak_min"), 0.8);
        auto i = Policy::fromJson(inverted, true);
        QVERIFY(!i.ok());
        QVERIFY(i.error().fields.contains(QStringLiteral("external_strong_min")));

        Policy q = p;
        q.externalStrongMin = 0.8;
        const QJsonObject diff = policyDiff(p, q);
        QCOMPARE(diff.size(), 1);
        QCOMPARE(diff.value(QStringLiteral("external_strong_min"))
                     .toObject()
                     .value(QStringLiteral("old"))
                     .toDouble(),
                 0.7);
        QCOMPARE(policyFieldsJson().size(), p.toJson().size());
    }
};

QTEST_GUILESS_MAIN(DecisionsTest)
#include "decisions_test.moc"
