#pragma once
// The contributor's view (spec §2.1–2.3): the contribution terms with their three promises and
// the rights-holder affirmation (required before the first upload), the uploader (drop or pick
// files, one metadata and rights form, per-file upload progress then automated-check
// progress, cancellable) and "My tracks" (status, consent flags, how many models used each
// track, Revoke with a reason — one click and one confirmation — and Appeal for a rejected
// track). GUI thread.

#include "request_generation.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTextBrowser;
class QTimer;

namespace lemm::app {

class ApiClient;
class CallProgress;

class ContributorView : public QWidget
{
    Q_OBJECT
public:
    explicit ContributorView(ApiClient &api, QWidget *parent = nullptr);

    // The account (GET /auth/me) and the current terms (GET /terms).
    void setAccount(const QJsonObject &me, const QJsonObject &terms);
    void addFiles(const QStringList &paths);
    // Added and not yet submitted (failed or cancelled ones stay, to retry with Submit).
    QStringList pendingFiles() const { return m_files; }
    bool canUpload() const;

    // Uploads and submits every added file with the form's metadata and rights.
    void submitAll();
    void cancelUpload();
    // Reloads "My tracks"; returns the request's generation, which tracksLoaded carries once
    // the table shows its answer (an older answer landing later is dropped).
    quint64 reloadTracks();
    // The Revoke button asks for a reason (the confirmation), then calls this.
    void revokeTrack(const QString &trackId, const QString &reason);
    // The Appeal button (enabled on a rejected track) asks for a reason, then calls this.
    void appealTrack(const QString &trackId, const QString &reason);

    QTableWidget *uploadTable() const { return m_uploads; }
    QTableWidget *tracksTable() const { return m_tracks; }
    // The submission body the form describes for one file (without the upload token).
    QJsonObject submissionFor(const QString &filePath) const;

Q_SIGNALS:
    void affirmed();
    void uploadsFinished(int submitted, int failed);
    // The automated checks of every submitted file are over; `reload` is the generation of the
    // "My tracks" reload that shows their outcome.
    void checksFinished(quint64 reload);
    void tracksLoaded(quint64 generation);
    // The action succeeded; `reload` is the generation of the reload that shows it.
    void revoked(const QString &trackId, quint64 reload);
    void appealed(const QString &trackId, quint64 reload);
    void errorShown(const QString &message);

protected:
    void dragEnterEvent(QDragEnterEvent *) override;
    void dropEvent(QDropEvent *) override;

private:
    QCoro::Task<> affirm();
    QCoro::Task<> runUploads(QStringList files);
    QCoro::Task<> loadTracks(RequestGeneration::Ticket ticket);
    QCoro::Task<> pollChecks();
    QCoro::Task<> trackAction(QString trackId, QString action, QString reason);
    void askRevoke();
    void askAppeal();
    void pickFiles();
    void showError(const QString &message);
    void updateState();
    void setRowState(int row, const QString &state, int percent = -1);

    ApiClient &m_api;
    QJsonObject m_me;
    QGroupBox *m_termsBox;
    QTextBrowser *m_termsText;
    QCheckBox *m_affirm;
    QPushButton *m_affirmButton;
    QString m_termsVersion;

    QLineEdit *m_title, *m_artist, *m_collaborators, *m_genres, *m_language, *m_license;
    QComboBox *m_release, *m_holder;
    QCheckBox *m_original, *m_cover, *m_samples, *m_training, *m_demo, *m_adapters;
    QTableWidget *m_uploads;
    QPushButton *m_submit = nullptr, *m_cancel = nullptr, *m_add = nullptr;
    QLabel *m_message;
    QStringList m_files;                    // pending, in the order added
    QHash<QString, int> m_rowOf;            // file -> its row in the upload table
    QHash<QString, QString> m_uploadTokens; // uploaded but not submitted: reused on retry
    QHash<QString, int> m_checking;         // track id -> upload row, until its checks finish
    QPointer<CallProgress> m_progress;
    bool m_busy = false;

    QTableWidget *m_tracks = nullptr;
    QPushButton *m_revoke = nullptr;
    QPushButton *m_appeal = nullptr;
    QTimer *m_poll;
    bool m_polling = false; // a poll is running: the timer does not start another
    RequestGeneration m_tracksRequests;
};

} // namespace lemm::app
