// The decision tables of spec §3.1 (external), §3.2 (internal), the checks outcome, the
// review rule of §3.4 and the policy's validation: one data row per table row, with the
// boundaries on both sides.
#include "core/domain/decisions.h"
#include "core/similarity/robust_index.h"

#include <QJsonArray>
#include <QTest>

#include <algorithm>

using namespace lemm::core;

Q_DECLARE_METATYPE(ExternalVerdict)
Q_DECLARE_METATYPE(InternalVerdict)
Q_DECLARE_METATYPE(ChecksOutcome)
Q_DECLARE_METATYPE(ReviewOutcome)

class DecisionsTest : public QObject
{
    Q_OBJECT
private slots:
    // A match whose segments last `lengths` seconds (best first), spread over `spanSec` of the
    // query: the decision tables read the longest segment, never the whole span or coverage.
    static RobustMatch matchWith(double score, const QList<double> &lengths, double spanSec = 0)
    {
        RobustMatch m;
        m.score = score;
        m.coverage = 0.01; // would have vetoed everything under the old coverage rule
        double at = 0;
        for (double len : lengths) {
            RobustSegment s;
            s.queryStart = at;
            s.queryEnd = at + len;
            s.refStart = 10 + at;
            s.refEnd = 10 + at + len;
            s.score = score;
            m.segments.push_back(s);
            at += len + 5;
        }
        m.queryStart = 0;
        m.queryEnd = std::max(spanSec, at);
        return m;
    }

    void overlapIsOneSegment()
    {
        // Two 10 s segments over 60 s: the overlap is 10 s, not 25 s nor 60 s.
        QCOMPARE(overlapOf(matchWith(0.9, {10, 10}, 60)), 10.0);
        QCOMPARE(overlapOf(matchWith(0.9, {8, 20, 3}, 90)), 20.0);
        // No segments (an older matcher): the matched span.
        RobustMatch bare;
        bare.queryStart = 4;
        bare.queryEnd = 34;
        QCOMPARE(overlapOf(bare), 30.0);
        QCOMPARE(longestSegmentSec({}, -1), 0.0);
    }

    void external_data()
    {
        QTest::addColumn<double>("score");
        QTest::addColumn<QList<double>>("segments");
        QTest::addColumn<double>("span");
        QTest::addColumn<ExternalVerdict>("verdict");
        using V = ExternalVerdict;
        using L = QList<double>;
        QTest::addRow("no hit: 0") << 0.0 << L{200} << 0.0 << V::NoHit;
        QTest::addRow("no hit: 0.399, long segment") << 0.399 << L{200} << 0.0 << V::NoHit;
        QTest::addRow("weak: 0.4") << 0.4 << L{200} << 0.0 << V::Weak;
        QTest::addRow("weak: 0.699, long segment") << 0.699 << L{200} << 0.0 << V::Weak;
        QTest::addRow("strong: 0.7, one 15 s segment") << 0.7 << L{15} << 0.0 << V::Strong;
        QTest::addRow("weak: 0.7, 14.9 s segment") << 0.7 << L{14.9} << 0.0 << V::Weak;
        QTest::addRow("weak: 1.0, two 10 s segments over 60 s")
            << 1.0 << L{10, 10} << 60.0 << V::Weak;
        QTest::addRow("strong: 1.0, 15 s segment among short ones")
            << 1.0 << L{5, 15, 2} << 90.0 << V::Strong;
        QTest::addRow("weak: 0.4, no segment length") << 0.4 << L{0} << 0.0 << V::Weak;
        QTest::addRow("no hit: 0.399, 0 s") << 0.399 << L{0} << 0.0 << V::NoHit;
        QTest::addRow("strong: 0.9, low coverage does not veto")
            << 0.9 << L{60} << 0.0 << V::Strong;
    }
    void external()
    {
        QFETCH(double, score);
        QFETCH(QList<double>, segments);
        QFETCH(double, span);
        QFETCH(ExternalVerdict, verdict);
        const RobustMatch m = matchWith(score, segments, span);
        QCOMPARE(toString(classifyExternal(m.score, overlapOf(m), Policy{})), toString(verdict));
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
        // The old coverage keys are accepted and ignored.
        p.minMatchCoverage = 1;
        p.coverageMinOverlapSec = 0;
        QCOMPARE(toString(classifyExternal(0.95, 30, p)), toString(ExternalVerdict::Strong));
    }

    void internal_data()
    {
        QTest::addColumn<bool>("exact");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<double>("robust");
        QTest::addColumn<QList<double>>("segments");
        QTest::addColumn<double>("shorter");
        QTest::addColumn<double>("embedding");
        QTest::addColumn<InternalVerdict>("verdict");
        using V = InternalVerdict;
        using L = QList<double>;
        const Policy p;
        const double rh = p.internalRobustHigh, rw = p.internalRobustWeak;
        const double eh = p.internalEmbeddingHigh, em = p.internalEmbeddingMedium;
        QTest::addRow("exact copy of an accepted track")
            << true << true << 1.0 << L{} << 30.0 << 1.0 << V::ExactDuplicate;
        QTest::addRow("exact copy of a pending track")
            << true << false << 1.0 << L{} << 30.0 << 1.0 << V::ExactDuplicateOfPending;
        QTest::addRow("high robust, one segment covering 80 percent of the shorter track")
            << false << true << rh << L{24} << 30.0 << 0.0 << V::NearDuplicate;
        QTest::addRow("high robust, whole shorter track, low embedding (pitch copy)")
            << false << true << 1.0 << L{30} << 30.0 << 0.86 << V::NearDuplicate;
        QTest::addRow("high robust, segment covers 79 percent: partial")
            << false << true << 1.0 << L{23.7} << 30.0 << eh << V::PartialMatch;
        QTest::addRow("high robust, two segments adding to 100 percent: partial")
            << false << true << 1.0 << L{15, 15} << 30.0 << eh << V::PartialMatch;
        QTest::addRow("robust just below high, whole track")
            << false << true << rh - 0.001 << L{30} << 30.0 << eh << V::PartialMatch;
        QTest::addRow("spliced 10 s sample in a 3-minute track")
            << false << true << 1.0 << L{10} << 180.0 << 0.8 << V::PartialMatch;
        QTest::addRow("weak robust, short segment")
            << false << true << rw << L{5} << 30.0 << 0.0 << V::PartialMatch;
        QTest::addRow("robust just below weak")
            << false << true << rw - 0.001 << L{30} << 30.0 << 0.0 << V::None;
        QTest::addRow("high embedding alone raises nothing")
            << false << true << 0.0 << L{} << 30.0 << eh << V::None;
        QTest::addRow("medium embedding alone raises nothing")
            << false << true << 0.0 << L{} << 30.0 << em << V::None;
        QTest::addRow("nothing") << false << true << 0.0 << L{} << 30.0 << 0.0 << V::None;
    }
    void internal()
    {
        QFETCH(bool, exact);
        QFETCH(bool, accepted);
        QFETCH(double, robust);
        QFETCH(QList<double>, segments);
        QFETCH(double, shorter);
        QFETCH(double, embedding);
        QFETCH(InternalVerdict, verdict);
        const RobustMatch m = matchWith(robust, segments, shorter);
        QCOMPARE(toString(classifyInternal(
                     InternalEvidence{exact, accepted, robust, embedding, overlapOf(m), shorter},
                     Policy{})),
                 toString(verdict));
    }

    void outputVerdict_data()
    {
        QTest::addColumn<double>("internal");
        QTest::addColumn<double>("external");
        QTest::addColumn<QStringList>("failed");
        QTest::addColumn<QString>("unverifiedAction");
        QTest::addColumn<QString>("decision");
        QTest::addColumn<QString>("action");
        const QStringList none, acoustid{QStringLiteral("acoustid")};
        QTest::addRow("both below 0.4: allow") << 0.39 << 0.39 << none << "block"
                                               << "allow"
                                               << "allow";
        QTest::addRow("vault 0.4: warn") << 0.4 << 0.0 << none << "block"
                                         << "warn"
                                         << "warn";
        QTest::addRow("catalog 0.69: warn") << 0.0 << 0.69 << none << "block"
                                            << "warn"
                                            << "warn";
        QTest::addRow("vault 0.7: block") << 0.7 << 0.0 << none << "block"
                                          << "block"
                                          << "block";
        QTest::addRow("catalog 0.7: block") << 0.0 << 0.7 << none << "block"
                                            << "block"
                                            << "block";
        QTest::addRow("source failed, nothing found: unverified, blocked")
            << 0.0 << 0.0 << acoustid << "block"
            << "unverified"
            << "block";
        QTest::addRow("source failed, policy warn: unverified, warned")
            << 0.0 << 0.0 << acoustid << "warn"
            << "unverified"
            << "warn";
        QTest::addRow("source failed, vault 0.5: unverified") << 0.5 << 0.0 << acoustid << "block"
                                                              << "unverified"
                                                              << "block";
        QTest::addRow("source failed, vault 0.7: block all the same")
            << 0.7 << 0.0 << acoustid << "warn"
            << "block"
            << "block";
    }
    void outputVerdict()
    {
        QFETCH(double, internal);
        QFETCH(double, external);
        QFETCH(QStringList, failed);
        QFETCH(QString, unverifiedAction);
        QFETCH(QString, decision);
        QFETCH(QString, action);
        Policy p;
        p.outputUnverifiedAction = unverifiedAction;
        OutputEvidence e{internal, external, {}};
        for (const QString &name : failed)
            e.failedSources << OutputEvidence::Failure{name, QStringLiteral("no answer within "
                                                                            "300 ms")};
        const OutputVerdict v = lemm::core::outputVerdict(e, p.outputWarnMin, p.outputBlockMin, p);
        QCOMPARE(toString(v.decision), decision);
        QCOMPARE(toString(v.action), action);
        if (v.decision == OutputDecision::Unverified) {
            QVERIFY2(v.message.contains(QStringLiteral("acoustid")), qPrintable(v.message));
            QVERIFY(v.message.contains(QStringLiteral("300 ms")));
        } else {
            QCOMPARE(v.message, outputMessage(v.decision));
        }
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

    // Issue 14: a training hold (bulk_hold) keeps an otherwise eligible track out of training;
    // other flags do not; the training-link settings are policy fields with their ranges.
    void trainingHoldsAndTrainingLinkPolicy_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<bool>("eligible");
        QTest::addRow("no flags") << QStringList{} << true;
        QTest::addRow("bulk hold") << QStringList{flags::kBulkHold} << false;
        QTest::addRow("bulk hold among others")
            << QStringList{flags::kEmbeddingSimilar, flags::kBulkHold} << false;
        QTest::addRow("a reviewer note") << QStringList{flags::kEmbeddingSimilar} << true;
    }

    void trainingHoldsAndTrainingLinkPolicy()
    {
        QFETCH(QStringList, flags);
        QFETCH(bool, eligible);
        const TrainingConsent allowed{true, false};
        QCOMPARE(isTrainingEligible(SubmissionState::Accepted, allowed, flags), eligible);
        QVERIFY(!isTrainingEligible(SubmissionState::PendingReview, allowed, flags));
        QVERIFY(!isTrainingEligible(SubmissionState::Accepted, TrainingConsent{true, true}, flags));

        const Policy p;
        QCOMPARE(p.toJson().value(QStringLiteral("training_link_ttl_sec")).toInt(), 300);
        QCOMPARE(p.toJson().value(QStringLiteral("training_fetch_limit")).toInt(), 2);
        QJsonObject bad = p.toJson();
        bad.insert(QStringLiteral("training_link_ttl_sec"), 7200);
        bad.insert(QStringLiteral("training_fetch_limit"), 0);
        auto b = Policy::fromJson(bad, true);
        QVERIFY(!b.ok());
        QVERIFY(b.error().fields.contains(QStringLiteral("training_link_ttl_sec")));
        QVERIFY(b.error().fields.contains(QStringLiteral("training_fetch_limit")));
    }
};

QTEST_GUILESS_MAIN(DecisionsTest)
#include "decisions_test.moc"
