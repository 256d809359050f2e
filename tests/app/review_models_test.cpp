// The reviewer's model layer without a server: the typed API's parsers (a hostile answer — NaN,
// 10,000 segments, missing keys — is bounded and never crashes), the queue, match and offline
// vote models under QAbstractItemModelTester (Fatal), and the review controller driven through
// FakeReviewApi: candidates listed but never drawn, selection and playhead reset per item, the
// decision rule in words, votes that wait for the undo delay and can be undone.
#include "fake_review_api.h"

#include "app/match_list_model.h"
#include "app/offline_votes_model.h"
#include "app/review_controller.h"
#include "app/review_queue_model.h"
#include "core/audio/review_audio.h"
#include "ui/format.h"
#include "ui/review_workspace.h"
#include "ui/snippet_player.h"
#include "ui/table_views.h"
#include "ui/vote_bar.h"
#include "ui/waveform_view.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <cmath>
#include <limits>

using namespace lemm;

namespace {

app::ReviewQueueItem item(const QString &id, const QString &title, double score,
                          const QStringList &flags, const QString &submittedAt)
{
    app::ReviewQueueItem it;
    it.trackId = id;
    it.title = title;
    it.artist = QStringLiteral("Ben");
    it.status = QStringLiteral("pending_review");
    it.bestScore = score;
    it.flags = flags;
    it.submittedAt = submittedAt;
    return it;
}

app::MatchRegion region(const QString &verdict, double start, double end, double score, int hit = 0)
{
    app::MatchRegion m;
    m.source = QStringLiteral("vault");
    m.referenceTrackId = QStringLiteral("trk_ref");
    m.label = QStringLiteral("vault: Ben – Song");
    m.verdict = verdict;
    m.score = score;
    m.start = start;
    m.end = end;
    m.refStart = start + 10;
    m.refEnd = end + 10;
    m.hit = hit;
    return m;
}

QJsonObject detailJson(const QJsonArray &matches)
{
    return {{QStringLiteral("track_id"), QStringLiteral("trk_sub")},
            {QStringLiteral("status"), QStringLiteral("pending_review")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("title"), QStringLiteral("Spliced")},
                         {QStringLiteral("duration_sec"), 100.0}}},
            {QStringLiteral("similarity"),
             QJsonObject{
                 {QStringLiteral("internal"), QJsonObject{{QStringLiteral("matches"), matches}}}}}};
}

core::PeakEnvelope flatEnvelope(int seconds)
{
    core::PeakEnvelope env;
    env.sampleRate = 10 * env.block; // ten pairs a second
    env.mins.assign(size_t(seconds * 10), -50);
    env.maxs.assign(size_t(seconds * 10), 50);
    return env;
}

} // namespace

class ReviewModelsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("lemm-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("review_models_test"));
    }

    void queueModelShowsWordsAndSortsByValue()
    {
        app::ReviewQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        const QDateTime now =
            QDateTime::fromString(QStringLiteral("2026-12-01T12:00:00Z"), Qt::ISODate);
        QList<app::ReviewQueueItem> items{item(QStringLiteral("t1"), QStringLiteral("Alpha"), 0.93,
                                               {QStringLiteral("near_duplicate")},
                                               QStringLiteral("2026-12-01T11:00:00Z")),
                                          item(QStringLiteral("t2"), QStringLiteral("Beta"), 0.2,
                                               {}, QStringLiteral("2026-11-30T12:00:00Z"))};
        items[1].status = QStringLiteral("dispute_pending");
        items[1].state.round = QStringLiteral("appeal");
        model.setItems(items, now);
        QCOMPARE(model.rowCount(), 2);
        using C = app::ReviewQueueModel;
        QCOMPARE(model.index(0, C::Title).data(ui::kIdRole).toString(), QStringLiteral("t1"));
        QVERIFY(model.index(1, C::Title).data().toString().contains(QStringLiteral("Beta")));
        QVERIFY(model.index(1, C::Title).data().toString() != QStringLiteral("Beta"));
        QVERIFY(!model.index(0, C::Flags).data().toString().contains(QLatin1Char('_')));
        QCOMPARE(model.index(0, C::Age).data(ui::kSortRole).toDouble(), 3600.0);
        QCOMPARE(model.index(1, C::Age).data(ui::kSortRole).toDouble(), 86400.0);
        QCOMPARE(model.index(0, C::Score).data(ui::kSortRole).toDouble(), 0.93);
        QCOMPARE(model.index(0, C::Score).data().toString(), ui::formatScore(0.93));
        // A dispute is not "unflagged: 0 of 1": the decision rule in words.
        const QString dispute = model.index(1, C::Decision).data().toString();
        QVERIFY2(dispute.startsWith(QStringLiteral("Dispute")), qPrintable(dispute));
        QCOMPARE(model.rowOf(QStringLiteral("t2")), 1);
        // Resets with fewer rows, then none.
        model.setItems(items.mid(1), now);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(QStringLiteral("t1")), -1);
        model.setItems({}, now);
        QCOMPARE(model.rowCount(), 0);
    }

    void reviewStateInWords_data()
    {
        QTest::addColumn<QString>("round");
        QTest::addColumn<bool>("flagged");
        QTest::addColumn<int>("approvals");
        QTest::addColumn<int>("required");
        QTest::addColumn<QString>("words");
        QTest::addRow("dispute") << "appeal" << true << 0 << 1 << "Dispute";
        QTest::addRow("unflagged") << "review" << false << 0 << 1 << "Not flagged";
        QTest::addRow("flagged") << "review" << true << 1 << 2 << "Flagged: 1 of 2 approvals";
    }
    void reviewStateInWords()
    {
        QFETCH(QString, round);
        QFETCH(bool, flagged);
        QFETCH(int, approvals);
        QFETCH(int, required);
        QFETCH(QString, words);
        app::ReviewState s;
        s.round = round;
        s.flagged = flagged;
        s.approvals = approvals;
        s.required = required;
        const QString text = app::describeReviewState(s);
        QVERIFY2(text.startsWith(words), qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("unflagged")));
    }

    void matchModelListsCandidatesApart()
    {
        app::MatchListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        app::MatchRegion stretched = region(QStringLiteral("high"), 10, 20, 0.93);
        stretched.timeFactor = 1.05;
        stretched.pitchFactor = 1.059;
        stretched.segmentCount = 2;
        model.setRegions({region(QStringLiteral("none"), 30, 40, 0.3, 1), stretched,
                          region(QStringLiteral("medium"), 60, 75, 0.55)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.realMatchCount(), 2);
        QCOMPARE(model.realMatches().size(), 2);
        using C = app::MatchListModel;
        QCOMPARE(model.index(0, C::Here).data(ui::kSortRole).toDouble(), 10.0);
        QVERIFY(!model.index(0, 0).data(C::kCandidateRole).toBool());
        QVERIFY(model.index(2, 0).data(C::kCandidateRole).toBool());
        QVERIFY(model.index(2, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(model.index(2, C::Match).data().toString().startsWith(QStringLiteral("Candidate")));
        const QString factors = model.index(0, C::Factors).data().toString();
        QVERIFY2(factors.contains(ui::formatFactor(1.05)), qPrintable(factors));
        QVERIFY(factors.contains(ui::formatFactor(1.059)));
        QVERIFY(factors.contains(QStringLiteral("1 of 2")));
        QCOMPARE(model.index(0, C::Reference).data().toString(),
                 app::MatchListModel::spanText(20, 30));
        QVERIFY(model.index(1, C::Factors).data().toString().isEmpty());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void offlineVotesModelMarksConflicts()
    {
        app::OfflineVotesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        app::QueuedVote queued{1,
                               QStringLiteral("t1"),
                               QStringLiteral("approve"),
                               {},
                               QStringLiteral("2026-12-01T10:00:00Z"),
                               QStringLiteral("queued"),
                               {}};
        app::QueuedVote conflict = queued;
        conflict.id = 2;
        conflict.state = QStringLiteral("conflict");
        conflict.problem = QStringLiteral("already decided");
        model.setVotes({queued, conflict});
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(!model.index(0).data(app::OfflineVotesModel::kConflictRole).toBool());
        QVERIFY(model.index(1).data(app::OfflineVotesModel::kConflictRole).toBool());
        QVERIFY(model.lineAt(1).startsWith(QStringLiteral("CONFLICT")));
        QVERIFY(model.lineAt(1).contains(QStringLiteral("already decided")));
        model.setVotes({conflict});
        QCOMPARE(model.rowCount(), 1);
    }

    void hostileDetailIsBounded()
    {
        // 10,000 segments, a NaN, a missing key: bounded, unusable ones dropped, no crash.
        QJsonArray segments;
        for (int i = 0; i < 10000; ++i)
            segments.append(QJsonObject{{QStringLiteral("query_start"), i},
                                        {QStringLiteral("query_end"), i + 1},
                                        {QStringLiteral("ref_start"), i},
                                        {QStringLiteral("ref_end"), i + 1},
                                        {QStringLiteral("score"), 0.5}});
        const QJsonObject many{{QStringLiteral("track_id"), QStringLiteral("trk_a")},
                               {QStringLiteral("verdict"), QStringLiteral("high")},
                               {QStringLiteral("robust_score"), 0.9},
                               {QStringLiteral("segments"), segments}};
        const QJsonObject nan{
            {QStringLiteral("track_id"), QStringLiteral("trk_b")},
            {QStringLiteral("verdict"), QStringLiteral("high")},
            {QStringLiteral("robust_score"), std::numeric_limits<double>::quiet_NaN()},
            {QStringLiteral("overlap_start"), std::numeric_limits<double>::quiet_NaN()},
            {QStringLiteral("overlap_end"), 5.0}};
        const QJsonObject missing{{QStringLiteral("verdict"), QStringLiteral("low")}};
        const auto parsed = app::parseReviewDetail(detailJson({many, nan, missing, 42}));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->regions.size(), qsizetype(app::kMaxSegmentsPerHit));
        QCOMPARE(parsed->regions.first().ignoredSegments, 10000 - app::kMaxSegmentsPerHit);
        for (const app::MatchRegion &m : parsed->regions)
            QVERIFY(std::isfinite(m.start) && std::isfinite(m.score));
        QCOMPARE(parsed->durationSec, 100.0);

        // Without its track id the answer is refused, not half-shown.
        QJsonObject noId = detailJson({});
        noId.remove(QStringLiteral("track_id"));
        const auto refused = app::parseReviewDetail(noId);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("bad_reply"));
        QVERIFY(!app::parseReviewQueue(QJsonObject{}).ok());
        QVERIFY(!app::parsePeaks(QJsonObject{{QStringLiteral("seconds_per_peak"),
                                              std::numeric_limits<double>::quiet_NaN()}})
                     .ok());
    }

    void hostileQueueIsBounded()
    {
        QJsonArray items;
        for (int i = 0; i < app::kMaxQueueItems + 100; ++i)
            items.append(QJsonObject{
                {QStringLiteral("track_id"), QStringLiteral("t%1").arg(i)},
                {QStringLiteral("similarity"),
                 QJsonObject{{QStringLiteral("score"), std::numeric_limits<double>::infinity()}}},
                {QStringLiteral("review_state"), QJsonObject{{QStringLiteral("required"), -5}}}});
        items.append(QStringLiteral("not an object"));
        const auto q = app::parseReviewQueue(QJsonObject{{QStringLiteral("items"), items}});
        QVERIFY(q.ok());
        QCOMPARE(q->items.size(), qsizetype(app::kMaxQueueItems));
        QCOMPARE(q->items.first().bestScore, 0.0);
        QCOMPARE(q->items.first().state.required, 1);
    }

    void controllerDrawsRealMatchesAndResetsPerItem()
    {
        auto api = std::make_unique<test::FakeReviewApi>();
        test::FakeReviewApi *fake = api.get();
        fake->queue.items = {item(QStringLiteral("t1"), QStringLiteral("Alpha"), 0.9, {}, {}),
                             item(QStringLiteral("t2"), QStringLiteral("Beta"), 0.1, {}, {})};
        fake->detail.title = QStringLiteral("Spliced");
        fake->detail.canVote = true;
        fake->detail.regions = {region(QStringLiteral("high"), 10, 20, 0.93),
                                region(QStringLiteral("none"), 40, 50, 0.2, 1)};
        fake->envelope = flatEnvelope(100);
        auto *review = new app::ReviewController(std::move(api));
        std::unique_ptr<ui::ReviewWorkspace> owner(review->workspace());
        QAbstractItemModelTester queueTester(review->queueModel(),
                                             QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester matchTester(review->matchModel(),
                                             QAbstractItemModelTester::FailureReportingMode::Fatal);

        QSignalSpy loaded(review, &app::ReviewController::queueLoaded);
        review->reload();
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(review->queueModel()->rowCount(), 2);
        QCOMPARE(fake->calls.first(), QStringLiteral("queue all age"));

        QSignalSpy opened(review, &app::ReviewController::trackOpened);
        review->openTrack(QStringLiteral("t1"));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(review->matchModel()->rowCount(), 2);
        // The candidate is listed, not drawn.
        ui::WaveformView *wave = review->workspace()->waveform();
        QCOMPARE(wave->overlays().size(), 1);
        QCOMPARE(wave->overlays().first().start, 10.0);
        QVERIFY(review->workspace()->summaryText().contains(QStringLiteral("Spliced")));

        // Selecting the vault match selects its span and enables A/B.
        QSignalSpy reference(review, &app::ReviewController::referenceShown);
        QVERIFY(review->selectMatch(0) > 0);
        QCOMPARE(reference.size(), 1);
        QCOMPARE(wave->selection(), std::make_pair(10.0, 20.0));
        QVERIFY(review->workspace()->comparisonEnabled());
        wave->setPlayhead(15);
        // The candidate gives no reference and no comparison.
        QCOMPARE(review->selectMatch(1), quint64(0));
        QVERIFY(!review->workspace()->comparisonEnabled());
        QVERIFY(!review->workspace()->referenceWaveform()->isVisibleTo(review->workspace()));

        // The next item starts clean: no selection, playhead at 0, source A.
        review->selectMatch(0);
        review->openTrack(QStringLiteral("t2"));
        QCOMPARE(wave->selection(), std::make_pair(0.0, 0.0));
        QCOMPARE(wave->playhead(), 0.0);
        QCOMPARE(review->source(), app::ReviewController::Source::A);
        QVERIFY(!review->workspace()->comparisonEnabled());
        QCOMPARE(review->currentTrack(), QStringLiteral("t2"));
    }

    void votesWaitForTheUndoDelay()
    {
        auto api = std::make_unique<test::FakeReviewApi>();
        test::FakeReviewApi *fake = api.get();
        fake->detail.canVote = true;
        auto *review = new app::ReviewController(std::move(api));
        std::unique_ptr<ui::ReviewWorkspace> owner(review->workspace());
        ui::VoteBar *bar = review->workspace()->voteBar();
        bar->setUndoDelay(60 * 60 * 1000); // never fires in this test: commit/undo decide
        review->openTrack(QStringLiteral("t1"));

        bar->requestVote(QStringLiteral("approve"));
        QVERIFY(bar->hasPending());
        QVERIFY(bar->pendingText().contains(QStringLiteral("Undo")));
        QVERIFY(!fake->calls.join(QLatin1Char('\n')).contains(QStringLiteral("vote ")));
        QSignalSpy undone(bar, &ui::VoteBar::voteUndone);
        bar->undo();
        QCOMPARE(undone.size(), 1);
        QVERIFY(!bar->hasPending());
        QVERIFY(!fake->calls.join(QLatin1Char('\n')).contains(QStringLiteral("vote ")));

        QSignalSpy voted(review, &app::ReviewController::voted);
        bar->requestVote(QStringLiteral("reject"));
        bar->requestVote(QStringLiteral("approve")); // replaces the waiting one
        bar->commitPending();
        QCOMPARE(voted.size(), 1);
        QVERIFY(fake->calls.contains(QStringLiteral("vote t1 approve ")));
        QVERIFY(!fake->calls.join(QLatin1Char('\n')).contains(QStringLiteral("reject")));

        // Offline: queued, listed, then a conflict after sending.
        fake->offline = true;
        QSignalSpy queued(review, &app::ReviewController::voteQueued);
        review->vote(QStringLiteral("approve"), {});
        QCOMPARE(queued.size(), 1);
        QCOMPARE(review->offlineModel()->rowCount(), 1);
        QSignalSpy sent(review, &app::ReviewController::queuedVotesSent);
        review->sendQueuedVotes();
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent.first().at(1).toInt(), 1);
        QVERIFY(review->offlineVoteLines().first().startsWith(QStringLiteral("CONFLICT")));
    }

    void playbackComparesAndRemovesTheCopy()
    {
        // The same melody as submission and reference: A/B at 0 LU, the difference nulls.
        std::vector<float> tone;
        for (int i = 0; i < 30 * 22050; ++i)
            tone.push_back(float(0.3 * std::sin(i * 0.05) + 0.2 * std::sin(i * 0.0131)));
        const auto mp3 = core::encodeMp3(tone, 22050, 64);
        QVERIFY(mp3.ok());
        auto api = std::make_unique<test::FakeReviewApi>();
        test::FakeReviewApi *fake = api.get();
        fake->snippet.bytes = *mp3;
        fake->envelope = flatEnvelope(100);
        app::MatchRegion m = region(QStringLiteral("high"), 10, 30, 0.93);
        m.refStart = m.start; // the fake serves the same audio for both tracks
        m.refEnd = m.end;
        fake->detail.regions = {m};
        auto *review = new app::ReviewController(std::move(api));
        std::unique_ptr<ui::ReviewWorkspace> owner(review->workspace());
        review->openTrack(QStringLiteral("t1"));
        QSignalSpy preview(review, &app::ReviewController::previewLoaded);
        QVERIFY(review->togglePlay() > 0); // nothing selected: a snippet from the playhead
        QTRY_COMPARE_WITH_TIMEOUT(preview.size(), 1, 10000); // decoded on a worker thread
        QVERIFY(review->selectMatch(0) > 0);
        QVERIFY(review->togglePlay() > 0);
        QVERIFY(review->toggleAB() > 0);
        QVERIFY(review->playingReference());
        QTRY_VERIFY_WITH_TIMEOUT(review->abGainDb().has_value(), 10000);
        QVERIFY(std::abs(*review->abGainDb()) < 0.5);
        QSignalSpy difference(review, &app::ReviewController::differenceShown);
        QVERIFY(review->showDifference() > 0);
        QVERIFY(difference.wait(20000));
        QVERIFY(review->difference().has_value());
        QVERIFY2(review->difference()->reductionDb > 20,
                 qPrintable(QString::number(review->difference()->reductionDb)));
        QVERIFY(review->workspace()->reductionText().contains(QStringLiteral("copy removed")));
        review->playSource(app::ReviewController::Source::Diff);
        QCOMPARE(review->source(), app::ReviewController::Source::Diff);
        QSignalSpy spectrogram(review, &app::ReviewController::spectrogramComputed);
        review->setSpectrogramShown(true);
        QVERIFY(spectrogram.wait(10000)); // computed on a worker thread
        QVERIFY(review->workspace()->spectrogram().frames > 0);
        // The next item starts without any of it.
        review->openTrack(QStringLiteral("t2"));
        QVERIFY(!review->difference().has_value());
        QVERIFY(!review->abGainDb().has_value());
        QCOMPARE(review->source(), app::ReviewController::Source::A);
    }

    void abGainIsLimitedByTruePeak()
    {
        // A peaks at full scale, B is the same melody 12 dB down: matching B's loudness would
        // take it to A's peak, so the gain stops where B's true peak reaches −1 dBTP.
        std::vector<float> tone, quiet;
        for (int i = 0; i < 20 * 22050; ++i) {
            tone.push_back(float(0.6 * std::sin(i * 0.05) + 0.4 * std::sin(i * 0.0131)));
            quiet.push_back(tone.back() * float(core::dbToGain(-12)));
        }
        const auto loud = core::encodeMp3(tone, 22050, 64),
                   soft = core::encodeMp3(quiet, 22050, 64);
        QVERIFY(loud.ok() && soft.ok());
        auto api = std::make_unique<test::FakeReviewApi>();
        api->snippet.bytes = *loud;
        api->snippetBytes.insert(QStringLiteral("trk_ref"), *soft);
        api->envelope = flatEnvelope(100);
        api->detail.regions = {region(QStringLiteral("high"), 2, 18, 0.93)};
        auto *review = new app::ReviewController(std::move(api));
        std::unique_ptr<ui::ReviewWorkspace> owner(review->workspace());
        review->openTrack(QStringLiteral("t1"));
        QSignalSpy preview(review, &app::ReviewController::previewLoaded);
        QVERIFY(review->selectMatch(0) > 0);
        QVERIFY(review->togglePlay() > 0);
        QTRY_COMPARE_WITH_TIMEOUT(preview.size(), 1, 10000);
        QVERIFY(review->toggleAB() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(review->abGainDb().has_value(), 10000);
        // Unlimited it would be about +12 dB; B's true peak (about −12 dBTP) allows about 11.
        QVERIFY2(*review->abGainDb() > 9 && *review->abGainDb() < 11.5,
                 qPrintable(QString::number(*review->abGainDb())));
        QVERIFY(review->abGainLimited());
        QVERIFY2(review->workspace()->gainText().contains(QStringLiteral("limited by true peak")),
                 qPrintable(review->workspace()->gainText()));
        QCOMPARE(review->player()->gainDb(), *review->abGainDb());
    }

    void errorsAreShownNotThrown()
    {
        auto api = std::make_unique<test::FakeReviewApi>();
        api->failure = app::ApiError::badReply(QStringLiteral("broken"));
        auto *review = new app::ReviewController(std::move(api));
        std::unique_ptr<ui::ReviewWorkspace> owner(review->workspace());
        QSignalSpy errors(review, &app::ReviewController::errorShown);
        review->reload();
        QCOMPARE(errors.size(), 1);
        review->openTrack(QStringLiteral("t1"));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(review->queueModel()->rowCount(), 0);
        QCOMPARE(review->matchModel()->rowCount(), 0);
    }
};

QTEST_MAIN(ReviewModelsTest)
#include "review_models_test.moc"
