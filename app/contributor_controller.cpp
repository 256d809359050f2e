#include "contributor_controller.h"

#include "api_client.h"
#include "labels.h"
#include "my_tracks_model.h"
#include "upload_queue_model.h"

#include "ui/my_tracks.h"
#include "ui/terms_view.h"
#include "ui/uploader.h"

#include <QFileInfo>
#include <QGroupBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace lemm::app {

ContributorController::ContributorController(ContributorApi &api, QWidget *parent)
    : QObject(nullptr), m_api(api), m_tracks(new MyTracksModel(this)),
      m_uploads(new UploadQueueModel(this))
{
    m_area = new QWidget(parent);
    m_area->setObjectName(QStringLiteral("contributeArea"));
    buildArea();
    setParent(m_area); // deleted with its tab, after the widgets that show its models
    m_poll = new QTimer(this);
    m_poll->setInterval(1000);
    connect(m_poll, &QTimer::timeout, this, [this] { QCoro::connect(pollChecks(), this, [] {}); });
    updateState();
}

void ContributorController::buildArea()
{
    auto *layout = new QVBoxLayout(m_area);
    m_terms = new ui::TermsView(m_area);
    layout->addWidget(m_terms);
    auto *split = new QSplitter(Qt::Vertical, m_area);
    split->setObjectName(QStringLiteral("contributeSplitter"));
    layout->addWidget(split, 1);
    auto *uploadBox = new QGroupBox(tr("Upload"), split);
    auto *uploadLayout = new QVBoxLayout(uploadBox);
    m_uploader = new ui::Uploader(m_uploads, uploadBox);
    uploadLayout->addWidget(m_uploader);
    auto *tracksBox = new QGroupBox(tr("My tracks"), split);
    auto *tracksLayout = new QVBoxLayout(tracksBox);
    m_myTracks = new ui::MyTracks(m_tracks, tracksBox);
    tracksLayout->addWidget(m_myTracks);

    connect(m_terms, &ui::TermsView::affirmRequested, this,
            [this] { QCoro::connect(affirm(), this, [] {}); });
    connect(m_uploader, &ui::Uploader::filesAdded, this, &ContributorController::addFiles);
    connect(m_uploader, &ui::Uploader::submitRequested, this, &ContributorController::submitAll);
    connect(m_uploader, &ui::Uploader::cancelRequested, this, &ContributorController::cancelUpload);
    connect(m_myTracks, &ui::MyTracks::revokeRequested, this, &ContributorController::revokeTrack);
    connect(m_myTracks, &ui::MyTracks::appealRequested, this, &ContributorController::appealTrack);
}

void ContributorController::setAccount(const QString &displayName, bool affirmedCurrentTerms,
                                       const Terms &terms)
{
    m_termsVersion = terms.version;
    m_terms->setTerms(ui::TermsText{terms.affirmation, terms.promises, terms.markdown});
    if (m_uploader->form().artist.isEmpty())
        m_uploader->setArtist(displayName);
    m_affirmed = affirmedCurrentTerms;
    m_terms->setVisible(!m_affirmed);
    updateState();
    reloadLicences();
    reloadTracks();
}

void ContributorController::updateState()
{
    m_uploader->setState(m_affirmed, m_busy, !m_files.isEmpty());
}

void ContributorController::showError(const QString &message)
{
    m_uploader->setMessage(message);
    if (!message.isEmpty())
        Q_EMIT errorShown(message);
}

QCoro::Task<> ContributorController::affirm()
{
    const QPointer<ContributorController> alive(this);
    m_terms->setBusy(true);
    const ApiResult<Done> r = co_await m_api.affirm(m_termsVersion);
    if (!alive)
        co_return; // the tab was closed while the request was in flight
    m_terms->setBusy(false);
    if (!r.ok()) {
        showError(r.error().userMessage());
        co_return;
    }
    m_affirmed = true;
    m_terms->hide();
    showError({});
    updateState();
    Q_EMIT affirmed();
}

quint64 ContributorController::reloadLicences()
{
    const RequestGeneration::Ticket ticket = m_licenceRequests.next();
    QCoro::connect(loadLicences(ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ContributorController::loadLicences(RequestGeneration::Ticket ticket)
{
    const ApiResult<LicenceChoice> r = co_await m_api.licences();
    if (!ticket.current())
        co_return; // a newer load started meanwhile, or the controller is gone
    if (!r.ok()) {
        showError(r.error().userMessage());
        co_return;
    }
    m_uploader->setLicences(r->accepted, r->defaultLicence);
    Q_EMIT licencesLoaded(ticket.number());
}

void ContributorController::addFiles(const QStringList &paths)
{
    for (const QString &p : paths) {
        if (m_files.contains(p) || !QFileInfo(p).isFile())
            continue;
        m_files << p;
        m_uploads->addFile(p);
    }
    updateState();
}

SubmissionForm ContributorController::formFor(const QString &filePath) const
{
    const ui::UploadForm f = m_uploader->form();
    SubmissionForm s;
    s.title = f.title.isEmpty() ? QFileInfo(filePath).completeBaseName() : f.title;
    s.artist = f.artist;
    s.collaborators = f.collaborators;
    s.genres = f.genres;
    s.language = f.language;
    s.releaseStatus = f.releaseStatus;
    s.holderType = f.holderType;
    s.original = f.original;
    s.cover = f.cover;
    s.samples = f.samples;
    s.trainingAllowed = f.trainingAllowed;
    s.demoAllowed = f.demoAllowed;
    s.adaptersAllowed = f.adaptersAllowed;
    s.licence = f.licence;
    return s;
}

void ContributorController::submitAll()
{
    if (m_busy || m_files.isEmpty())
        return;
    m_busy = true;
    updateState();
    QCoro::connect(runUploads(m_files), this, [] {});
}

void ContributorController::cancelUpload()
{
    if (m_progress)
        m_progress->cancel();
}

QCoro::Task<> ContributorController::runUploads(QStringList files)
{
    const QPointer<ContributorController> alive(this);
    int submitted = 0, failed = 0;
    showError({});
    for (const QString &file : files) {
        const FileOutcome outcome = co_await uploadOne(file);
        if (!alive)
            co_return; // the tab was closed while a request was in flight
        if (outcome == FileOutcome::Submitted)
            ++submitted;
        else
            ++failed;
        if (outcome == FileOutcome::Cancelled)
            break; // this and the rest stay pending
    }
    m_busy = false;
    if (submitted > 0 && failed == 0)
        m_uploader->clearForm(); // a fresh form for the next batch
    updateState();
    if (!m_checking.isEmpty())
        m_poll->start();
    reloadTracks();
    Q_EMIT uploadsFinished(submitted, failed);
}

// One file: its upload (unless an earlier attempt's token is still good), then its submission.
QCoro::Task<ContributorController::FileOutcome> ContributorController::uploadOne(QString file)
{
    const QPointer<ContributorController> alive(this);
    const int row = m_uploads->rowOf(file);
    QString token = m_uploadTokens.value(file);
    if (token.isEmpty()) {
        auto *progress = new CallProgress(this);
        m_progress = progress;
        connect(progress, &CallProgress::progress, this, [this, row](qint64 done, qint64 total) {
            if (total > 0)
                m_uploads->setProgress(row, int(done * 100 / total));
        });
        m_uploads->setState(row, tr("uploading"));
        const ApiResult<UploadReceipt> up = co_await m_api.upload(file, progress);
        if (!alive)
            co_return FileOutcome::Failed;
        progress->deleteLater();
        if (!up.ok()) {
            const bool cancelled = up.error().cancelled();
            m_uploads->setState(row, cancelled ? tr("cancelled") : up.error().userMessage());
            // Refused for the file itself (not audio, too large…): nothing to retry. A network
            // failure or a cancel keeps it pending.
            if (!cancelled && !up.error().unreachable())
                m_files.removeAll(file);
            co_return cancelled ? FileOutcome::Cancelled : FileOutcome::Failed;
        }
        token = up->token;
        m_uploadTokens.insert(file, token);
    }
    m_uploads->setProgress(row, 100);
    m_uploads->setState(row, tr("submitting"));
    const ApiResult<TrackStatus> sub = co_await m_api.submit(token, formFor(file));
    if (!alive)
        co_return FileOutcome::Failed;
    if (!sub.ok()) {
        // Refused (e.g. a field out of range): the file stays pending with its upload, the row
        // says why, and Submit retries with the corrected form.
        if (isUploadTokenError(sub.error()))
            m_uploadTokens.remove(file);
        m_uploads->setState(row, sub.error().userMessage());
        showError(tr("%1: %2").arg(QFileInfo(file).fileName(), sub.error().userMessage()));
        co_return FileOutcome::Failed;
    }
    m_files.removeAll(file);
    m_uploadTokens.remove(file);
    m_checking.insert(sub->trackId, row);
    m_uploads->setState(row, tr("checks: %1").arg(statusLabel(sub->status)));
    co_return FileOutcome::Submitted;
}

QCoro::Task<> ContributorController::pollChecks()
{
    if (m_polling)
        co_return; // the previous poll is still asking: one at a time
    const QPointer<ContributorController> alive(this);
    m_polling = true;
    const QStringList ids = m_checking.keys();
    for (const QString &id : ids) {
        const ApiResult<TrackStatus> r = co_await m_api.status(id);
        if (!alive)
            co_return;
        if (!r.ok() || !m_checking.contains(id))
            continue;
        const int row = m_checking.value(id);
        if (r->checking()) {
            m_uploads->setState(row, tr("checking: %1").arg(r->stage));
            continue;
        }
        m_uploads->setState(row, tr("checked: %1").arg(statusLabel(r->status)));
        m_checking.remove(id);
    }
    m_polling = false;
    if (m_checking.isEmpty() && m_poll->isActive()) {
        m_poll->stop();
        Q_EMIT checksFinished(reloadTracks());
    }
}

quint64 ContributorController::reloadTracks()
{
    const RequestGeneration::Ticket ticket = m_tracksRequests.next();
    QCoro::connect(loadTracks(ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ContributorController::loadTracks(RequestGeneration::Ticket ticket)
{
    // One request: each item carries what the table shows, the model count included.
    ApiResult<QList<MyTrack>> r = co_await m_api.myTracks();
    if (!ticket.current())
        co_return; // a newer reload started meanwhile, or the controller is gone
    if (!r.ok()) {
        showError(r.error().userMessage());
        co_return;
    }
    const QString selected = ui::selectedRowId(m_myTracks->table());
    m_tracks->setItems(std::move(r.value()));
    if (!selected.isEmpty())
        ui::selectRowById(m_myTracks->table(), selected);
    Q_EMIT tracksLoaded(ticket.number());
}

void ContributorController::revokeTrack(const QString &trackId, const QString &reason)
{
    QCoro::connect(revokeTask(trackId, reason), this, [] {});
}

void ContributorController::appealTrack(const QString &trackId, const QString &reason)
{
    QCoro::connect(appealTask(trackId, reason), this, [] {});
}

QCoro::Task<> ContributorController::revokeTask(QString trackId, QString reason)
{
    const QPointer<ContributorController> alive(this);
    const ApiResult<Done> r = co_await m_api.revoke(trackId, reason);
    if (!alive)
        co_return;
    if (!r.ok()) {
        showError(r.error().userMessage());
        co_return;
    }
    showError({});
    Q_EMIT revoked(trackId, reloadTracks());
}

QCoro::Task<> ContributorController::appealTask(QString trackId, QString reason)
{
    const QPointer<ContributorController> alive(this);
    const ApiResult<TrackStatus> r = co_await m_api.appeal(trackId, reason);
    if (!alive)
        co_return;
    if (!r.ok()) {
        showError(r.error().userMessage());
        co_return;
    }
    showError({});
    Q_EMIT appealed(trackId, reloadTracks());
}

} // namespace lemm::app
