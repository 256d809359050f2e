#pragma once
// The contributor's tab (spec §2.1–2.3): connects ContributorApi to the models (MyTracksModel,
// UploadQueueModel) and the widgets (ui::TermsView, ui::Uploader, ui::MyTracks). It runs the
// upload batch (per-file progress, then the automated-check progress, cancellable; a refused
// submission keeps the file and its upload for a retry after the fix), reloads "My tracks"
// (newest request wins, RequestGeneration), revokes and appeals.
//
// Ownership: the constructor builds the tab's widget (area()) as a child of `parent`, and the
// controller makes itself a child of that widget, so deleting the tab deletes the controller;
// the API is not owned and must outlive it. Coroutines check that the controller still exists
// after every co_await. GUI thread.

#include "contributor_api.h"
#include "request_generation.h"

#include <QCoroTask>
#include <QHash>
#include <QObject>
#include <QPointer>

class QTimer;
class QWidget;

namespace lemm::ui {
class MyTracks;
class TermsView;
class Uploader;
} // namespace lemm::ui

namespace lemm::app {

class CallProgress;
class MyTracksModel;
class UploadQueueModel;

class ContributorController : public QObject
{
    Q_OBJECT
public:
    ContributorController(ContributorApi &api, QWidget *parent);

    QWidget *area() const { return m_area; }
    ui::TermsView *termsView() const { return m_terms; }
    ui::Uploader *uploader() const { return m_uploader; }
    ui::MyTracks *myTracks() const { return m_myTracks; }
    MyTracksModel *tracksModel() const { return m_tracks; }
    UploadQueueModel *uploadsModel() const { return m_uploads; }

    // The signed-in account: its name (the form's artist default), whether it affirmed the
    // current terms, and those terms. Loads the licences and "My tracks".
    void setAccount(const QString &displayName, bool affirmedCurrentTerms, const Terms &terms);
    bool canUpload() const { return m_affirmed; }
    // Reloads the licence list; returns the generation licencesLoaded carries.
    quint64 reloadLicences();

    void addFiles(const QStringList &paths);
    // Added and not yet submitted (failed or cancelled ones stay, to retry with Submit).
    QStringList pendingFiles() const { return m_files; }
    // Uploads and submits every pending file with the form's metadata and rights.
    void submitAll();
    void cancelUpload();
    // Returns the request's generation, which tracksLoaded carries once the model has it.
    quint64 reloadTracks();
    void revokeTrack(const QString &trackId, const QString &reason);
    void appealTrack(const QString &trackId, const QString &reason);

Q_SIGNALS:
    void affirmed();
    void licencesLoaded(quint64 generation);
    void uploadsFinished(int submitted, int failed);
    // The automated checks of every submitted file are over; `reload` is the generation of the
    // "My tracks" reload that shows their outcome.
    void checksFinished(quint64 reload);
    void tracksLoaded(quint64 generation);
    void revoked(const QString &trackId, quint64 reload);
    void appealed(const QString &trackId, quint64 reload);
    void errorShown(const QString &message);

private:
    enum class FileOutcome { Submitted, Failed, Cancelled };

    void buildArea();
    QCoro::Task<> affirm();
    QCoro::Task<> loadLicences(RequestGeneration::Ticket ticket);
    QCoro::Task<> runUploads(QStringList files);
    QCoro::Task<FileOutcome> uploadOne(QString file);
    QCoro::Task<> loadTracks(RequestGeneration::Ticket ticket);
    QCoro::Task<> pollChecks();
    QCoro::Task<> revokeTask(QString trackId, QString reason);
    QCoro::Task<> appealTask(QString trackId, QString reason);
    SubmissionForm formFor(const QString &filePath) const;
    void showError(const QString &message);
    void updateState();

    ContributorApi &m_api;
    QWidget *m_area = nullptr;
    ui::TermsView *m_terms = nullptr;
    ui::Uploader *m_uploader = nullptr;
    ui::MyTracks *m_myTracks = nullptr;
    MyTracksModel *m_tracks;
    UploadQueueModel *m_uploads;
    QString m_termsVersion;
    bool m_affirmed = false;
    bool m_busy = false;
    QStringList m_files;                    // pending, in the order added
    QHash<QString, QString> m_uploadTokens; // uploaded but not submitted: reused on retry
    QHash<QString, int> m_checking;         // track id -> upload row, until its checks finish
    QPointer<CallProgress> m_progress;
    QTimer *m_poll;
    bool m_polling = false;
    RequestGeneration m_tracksRequests;
    RequestGeneration m_licenceRequests;
};

} // namespace lemm::app
