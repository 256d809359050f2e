// The contributor's models and controller through a fake API (no server): "My tracks" and the
// upload queue under QAbstractItemModelTester (resets, inserts, removals, updates), the licence
// chosen from the policy's list, the form cleared after a successful submit and kept after a
// refused one, the revoke confirmation's wording, the terms' promises visible without scrolling,
// and hostile server answers refused by the parsers.
#include "fake_contributor_api.h"

#include "app/contributor_controller.h"
#include "app/labels.h"
#include "app/my_tracks_model.h"
#include "app/upload_queue_model.h"

#include "ui/format.h"
#include "ui/my_tracks.h"
#include "ui/table_views.h"
#include "ui/terms_view.h"
#include "ui/uploader.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

#include <memory>

using namespace lemm;
using namespace lemm::test;

namespace {

app::Terms someTerms()
{
    app::Terms t;
    t.version = QStringLiteral("v1");
    t.affirmation = QStringLiteral("I hold the rights & may grant them");
    t.promises = {QStringLiteral("We never sell your music."),
                  QStringLiteral("You can revoke future use at any time, and we will honour it "
                                 "for every model trained from then on."),
                  QStringLiteral("Every use of your track is recorded and shown to you.")};
    t.markdown =
        QStringLiteral("# Terms\n\n") + QString(QStringLiteral("Long text. ")).repeated(400);
    return t;
}

} // namespace

class ContributorModelsTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    FakeContributorApi m_api;
    std::unique_ptr<QWidget> m_parent;
    app::ContributorController *m_controller = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tracksTester, m_uploadsTester;

    QString file(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write("RIFF") != 4)
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("lemm-test"));
        QCoreApplication::setApplicationName(QStringLiteral("contributor-models-test"));
    }

    void init()
    {
        m_api = FakeContributorApi{};
        m_parent = std::make_unique<QWidget>();
        m_controller = new app::ContributorController(m_api, m_parent.get());
        m_tracksTester = std::make_unique<QAbstractItemModelTester>(
            m_controller->tracksModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_uploadsTester = std::make_unique<QAbstractItemModelTester>(
            m_controller->uploadsModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    }

    void cleanup()
    {
        m_tracksTester.reset();
        m_uploadsTester.reset();
        m_parent.reset(); // deletes the area and with it the controller
        m_controller = nullptr;
    }

    void myTracksShowsWordsAndSortsByValue()
    {
        m_api.tracksAnswer =
            QList<app::MyTrack>{myTrack(QStringLiteral("trk_1"), QStringLiteral("Glass City"),
                                        QStringLiteral("pending_review"), 12),
                                myTrack(QStringLiteral("trk_2"), QStringLiteral("Night Drive"),
                                        QStringLiteral("rejected"), 3)};
        QSignalSpy loaded(m_controller, &app::ContributorController::tracksLoaded);
        m_controller->setAccount(QStringLiteral("Ana"), true, someTerms());
        QCOMPARE(loaded.count(), 1); // the fake answers at once
        QVERIFY(m_api.calls.contains(QStringLiteral("myTracks")));
        app::MyTracksModel *model = m_controller->tracksModel();
        QCOMPARE(model->rowCount(), 2);
        const auto at = [&](int row, int column, int role = Qt::DisplayRole) {
            return model->index(row, column).data(role);
        };
        QCOMPARE(at(0, app::MyTracksModel::Status).toString(),
                 app::statusLabel(QStringLiteral("pending_review")));
        QCOMPARE(at(0, app::MyTracksModel::Title, ui::kIdRole).toString(), QStringLiteral("trk_1"));
        QCOMPARE(at(0, app::MyTracksModel::Submitted).toString(),
                 ui::formatTimestamp(QStringLiteral("2026-12-01T10:00:00Z")));
        QVERIFY(!at(0, app::MyTracksModel::Submitted).toString().contains(QLatin1Char('T')));
        QCOMPARE(at(0, app::MyTracksModel::Models, ui::kSortRole).toInt(), 12);
        QCOMPARE(at(0, app::MyTracksModel::Submitted, ui::kSortRole).typeId(),
                 QMetaType::QDateTime);
        QCOMPARE(at(1, app::MyTracksModel::Title, ui::kCanAppealRole).toBool(), true);
        QCOMPARE(at(0, app::MyTracksModel::Title, ui::kCanAppealRole).toBool(), false);

        // Sorting by the model count puts 3 before 12 (as numbers, not as text).
        QTableView *table = m_controller->myTracks()->table();
        table->sortByColumn(app::MyTracksModel::Models, Qt::AscendingOrder);
        QCOMPARE(table->model()->index(0, 0).data(ui::kIdRole).toString(), QStringLiteral("trk_2"));

        // A reload with more rows, then fewer (resets), then an update in place.
        m_api.tracksAnswer = QList<app::MyTrack>{
            myTrack(QStringLiteral("trk_1"), QStringLiteral("Glass City"),
                    QStringLiteral("accepted")),
            myTrack(QStringLiteral("trk_2"), QStringLiteral("Night Drive"),
                    QStringLiteral("rejected")),
            myTrack(QStringLiteral("trk_3"), QStringLiteral("Third"), QStringLiteral("submitted"))};
        QCOMPARE(loaded.count(), 1);
        const quint64 generation = m_controller->reloadTracks();
        QCOMPARE(loaded.last().first().toULongLong(), generation);
        QCOMPARE(model->rowCount(), 3);
        m_api.tracksAnswer = QList<app::MyTrack>{
            myTrack(QStringLiteral("trk_3"), QStringLiteral("Third"), QStringLiteral("submitted"))};
        m_controller->reloadTracks();
        QCOMPARE(model->rowCount(), 1);
        QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
        QVERIFY(model->updateItem(
            myTrack(QStringLiteral("trk_3"), QStringLiteral("Third"), QStringLiteral("accepted"))));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model->index(0, app::MyTracksModel::Status).data().toString(),
                 app::statusLabel(QStringLiteral("accepted")));
        QVERIFY(!model->updateItem(myTrack(QStringLiteral("trk_9"), {}, {})));
    }

    void revokeAndAppealGoThroughTheApiAndReload()
    {
        m_api.tracksAnswer = QList<app::MyTrack>{myTrack(
            QStringLiteral("trk_1"), QStringLiteral("Glass City"), QStringLiteral("rejected"))};
        m_controller->setAccount(QStringLiteral("Ana"), true, someTerms());
        QSignalSpy revoked(m_controller, &app::ContributorController::revoked);
        QSignalSpy appealed(m_controller, &app::ContributorController::appealed);
        QSignalSpy loaded(m_controller, &app::ContributorController::tracksLoaded);
        m_controller->revokeTrack(QStringLiteral("trk_1"), QStringLiteral("leaving"));
        QCOMPARE(revoked.count(), 1);
        QVERIFY(m_api.calls.contains(QStringLiteral("revoke trk_1 leaving")));
        QCOMPARE(loaded.last().first().toULongLong(), revoked.first().at(1).toULongLong());
        m_controller->appealTrack(QStringLiteral("trk_1"), QStringLiteral("mine"));
        QCOMPARE(appealed.count(), 1);
        QVERIFY(m_api.calls.contains(QStringLiteral("appeal trk_1 mine")));
        // A refusal is shown in words, nothing is reloaded.
        app::ApiError refused;
        refused.code = QStringLiteral("already_revoked");
        refused.message = QStringLiteral("already revoked");
        m_api.revokeAnswer = refused;
        QSignalSpy errors(m_controller, &app::ContributorController::errorShown);
        const qsizetype reloadsBefore = loaded.count();
        m_controller->revokeTrack(QStringLiteral("trk_1"), QStringLiteral("again"));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(revoked.count(), 1);
        QCOMPARE(loaded.count(), reloadsBefore);
    }

    void revokeConfirmationNamesItsAction()
    {
        std::unique_ptr<QDialog> dialog(
            m_controller->myTracks()->makeRevokeDialog(QStringLiteral("Glass City")));
        auto *confirm = dialog->findChild<QPushButton *>(QStringLiteral("confirmButton"));
        QVERIFY(confirm);
        QCOMPARE(confirm->text(), QStringLiteral("Revoke future use"));
        for (QPushButton *b : dialog->findChildren<QPushButton *>())
            QVERIFY(b->text() != QStringLiteral("OK") && b->text() != QStringLiteral("&OK"));
        QVERIFY(!confirm->isEnabled()); // a reason first
        dialog->findChild<QLineEdit *>(QStringLiteral("reason"))->setText(QStringLiteral("x"));
        QVERIFY(confirm->isEnabled());
    }

    void licenceIsChosenFromThePolicyList()
    {
        m_controller->setAccount(QStringLiteral("Ana"), true, someTerms());
        QVERIFY(m_api.calls.contains(QStringLiteral("licences")));
        ui::Uploader *uploader = m_controller->uploader();
        QCOMPARE(uploader->licences(),
                 (QStringList{QStringLiteral("lemm_training_only_v1"), QStringLiteral("cc_by_4")}));
        QCOMPARE(uploader->form().licence, QStringLiteral("lemm_training_only_v1"));
        auto *combo = uploader->findChild<QComboBox *>(QStringLiteral("license"));
        QVERIFY(combo && !combo->isEditable());
        QCOMPARE(combo->itemText(0), ui::licenceName(QStringLiteral("lemm_training_only_v1")));
        QVERIFY(!combo->itemText(0).contains(QLatin1Char('_')));
        combo->setCurrentIndex(1);
        QCOMPARE(uploader->form().licence, QStringLiteral("cc_by_4"));
    }

    void uploadQueueAndTheFormAfterSubmit()
    {
        m_controller->setAccount(QStringLiteral("Ana"), true, someTerms());
        app::UploadQueueModel *queue = m_controller->uploadsModel();
        auto *genres = m_controller->uploader()->findChild<QLineEdit *>(QStringLiteral("genres"));
        QVERIFY(genres);
        const QString a = file(QStringLiteral("a.wav")), b = file(QStringLiteral("b.wav"));
        m_controller->addFiles({a, b, a, m_dir.filePath(QStringLiteral("missing.wav"))});
        QCOMPARE(queue->rowCount(), 2); // listed once, a missing file not at all
        QCOMPARE(m_controller->pendingFiles(), (QStringList{a, b}));
        QCOMPARE(queue->index(0, app::UploadQueueModel::File).data().toString(),
                 QStringLiteral("a.wav"));

        // A refused submission: the file and its upload stay, and so does the form.
        genres->setText(QStringLiteral("ambient, drone"));
        app::ApiError refused;
        refused.status = 422;
        refused.code = QStringLiteral("validation_failed");
        refused.message = QStringLiteral("invalid");
        refused.fields.insert(QStringLiteral("metadata.artist_display_name"),
                              QStringLiteral("too long"));
        m_api.submitAnswer = refused;
        QSignalSpy finished(m_controller, &app::ContributorController::uploadsFinished);
        m_controller->submitAll();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.last().at(1).toInt(), 2);
        QCOMPARE(m_controller->pendingFiles(), (QStringList{a, b}));
        QVERIFY(queue->state(0).contains(QStringLiteral("artist_display_name")));
        QCOMPARE(genres->text(), QStringLiteral("ambient, drone"));
        QCOMPARE(m_api.submitted.first().genres,
                 (QStringList{QStringLiteral("ambient"), QStringLiteral("drone")}));
        QCOMPARE(m_api.submitted.first().title, QStringLiteral("a")); // the file's name

        // The retry reuses the uploads, succeeds and clears the form.
        m_api.calls.clear();
        m_api.submitAnswer = app::TrackStatus{
            QStringLiteral("trk_a"), QStringLiteral("pending_automated_checks"), {}};
        m_controller->submitAll();
        QCOMPARE(finished.count(), 2);
        QCOMPARE(finished.last().at(0).toInt(), 2);
        QVERIFY2(!m_api.calls.join(QLatin1Char(' ')).contains(QStringLiteral("upload ")),
                 qPrintable(m_api.calls.join(QLatin1Char('|'))));
        QVERIFY(m_controller->pendingFiles().isEmpty());
        QCOMPARE(queue->progress(0), 100);
        QCOMPARE(queue->index(0, app::UploadQueueModel::Progress).data(ui::kProgressRole).toInt(),
                 100);
        QVERIFY(genres->text().isEmpty());
        QCOMPARE(m_controller->uploader()->form().artist, QStringLiteral("Ana")); // kept

        // A file the server refuses as audio is not retried; a new row for a re-added file.
        app::ApiError notAudio;
        notAudio.status = 415;
        notAudio.code = QStringLiteral("unsupported_media_type");
        notAudio.message = QStringLiteral("not audio");
        m_api.uploadAnswer = notAudio;
        const QString c = file(QStringLiteral("c.txt"));
        m_controller->addFiles({c, a});
        QCOMPARE(queue->rowCount(), 4);
        m_controller->submitAll();
        QVERIFY(m_controller->pendingFiles().isEmpty());
        QCOMPARE(queue->state(2), notAudio.userMessage()); // in words, as error_messages.h says it
    }

    void termsShowTheirPromisesWithoutScrolling()
    {
        m_controller->setAccount(QStringLiteral("Ana"), false, someTerms());
        QVERIFY(!m_controller->canUpload());
        QWidget *area = m_controller->area();
        auto *fill = new QVBoxLayout(m_parent.get());
        fill->setContentsMargins(0, 0, 0, 0);
        fill->addWidget(area);
        // The main window's default size, less its menu, tab and status bars.
        m_parent->resize(1280, 720);
        m_parent->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_parent.get()));
        const QList<QLabel *> promises = m_controller->termsView()->promiseLabels();
        QCOMPARE(promises.size(), 3);
        for (QLabel *label : promises) {
            QVERIFY(label->isVisible());
            QVERIFY(label->font().bold());
            const QRect inArea(label->mapTo(area, QPoint(0, 0)), label->size());
            QVERIFY2(area->rect().contains(inArea), qPrintable(label->text()));
            QVERIFY(label->height() >= label->heightForWidth(label->width()));
        }
        auto *check = area->findChild<QCheckBox *>(QStringLiteral("affirmCheck"));
        QCOMPARE(check->text(), QStringLiteral("I hold the rights && may grant them"));
        check->setChecked(true);
        QSignalSpy affirmed(m_controller, &app::ContributorController::affirmed);
        QTest::mouseClick(area->findChild<QPushButton *>(QStringLiteral("affirmButton")),
                          Qt::LeftButton);
        QCOMPARE(affirmed.count(), 1);
        QVERIFY(m_api.calls.contains(QStringLiteral("affirm v1")));
        QVERIFY(m_controller->canUpload());
        QVERIFY(!m_controller->termsView()->isVisible());
    }

    void hostileAnswersAreRefused()
    {
        using Api = app::HttpContributorApi;
        QVERIFY(!Api::parseMyTracks(QJsonObject{{QStringLiteral("tracks"), 3}}).ok());
        QVERIFY(!Api::parseMyTracks({}).ok());
        QVERIFY(
            !Api::parseMyTracks(QJsonObject{{QStringLiteral("tracks"), QJsonArray{QJsonObject{}}}})
                 .ok());
        const auto weird = Api::parseMyTracks(QJsonObject{
            {QStringLiteral("tracks"),
             QJsonArray{QJsonObject{{QStringLiteral("track_id"), QStringLiteral("trk_1")},
                                    {QStringLiteral("models_trained"), QStringLiteral("many")},
                                    {QStringLiteral("consent"), 7}}}}});
        QVERIFY(weird.ok());
        QCOMPARE(weird->first().modelsTrained, -1);
        QVERIFY(!Api::parseLicences({}).ok());
        const auto licences = Api::parseLicences(QJsonObject{
            {QStringLiteral("policy"),
             QJsonObject{{QStringLiteral("accepted_license_types"),
                          QJsonArray{QStringLiteral("a_v1"), 4, QStringLiteral("b")}},
                         {QStringLiteral("default_license_type"), QStringLiteral("zzz")}}}});
        QVERIFY(licences.ok());
        QCOMPARE(licences->accepted, (QStringList{QStringLiteral("a_v1"), QStringLiteral("b")}));
        QCOMPARE(licences->defaultLicence, QStringLiteral("a_v1"));
        QVERIFY(!Api::parseStatus(QJsonObject{{QStringLiteral("status"), 1}}).ok());
        QVERIFY(!Api::parseTerms({}).ok());
    }
};

QTEST_MAIN(ContributorModelsTest)
#include "contributor_models_test.moc"
