#include "contributor_view.h"

#include "api_client.h"
#include "labels.h"

#include "ui/tables.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace lemm::app {

namespace {

QJsonArray splitList(const QString &text)
{
    QJsonArray out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            out.append(part.trimmed());
    return out;
}

QString yesNo(bool v)
{
    return v ? ContributorView::tr("yes") : ContributorView::tr("no");
}

} // namespace

ContributorView::ContributorView(ApiClient &api, QWidget *parent) : QWidget(parent), m_api(api)
{
    setAcceptDrops(true);
    auto *layout = new QVBoxLayout(this);

    m_termsBox = new QGroupBox(tr("Contribution terms"), this);
    auto *termsLayout = new QVBoxLayout(m_termsBox);
    m_termsText = new QTextBrowser(m_termsBox);
    m_termsText->setMaximumHeight(160);
    m_affirm = new QCheckBox(m_termsBox);
    m_affirm->setObjectName(QStringLiteral("affirmCheck"));
    m_affirmButton = new QPushButton(tr("&Accept the terms"), m_termsBox);
    m_affirmButton->setObjectName(QStringLiteral("affirmButton"));
    termsLayout->addWidget(m_termsText);
    termsLayout->addWidget(m_affirm);
    termsLayout->addWidget(m_affirmButton, 0, Qt::AlignRight);
    layout->addWidget(m_termsBox);
    connect(m_affirm, &QCheckBox::toggled, this, &ContributorView::updateState);
    connect(m_affirmButton, &QPushButton::clicked, this,
            [this] { QCoro::connect(affirm(), this, [] {}); });

    auto *split = new QSplitter(Qt::Vertical, this);
    layout->addWidget(split, 1);

    auto *uploadBox = new QGroupBox(tr("Upload (drop audio files here)"), split);
    auto *uploadLayout = new QHBoxLayout(uploadBox);
    auto *form = new QFormLayout;
    const auto line = [&](const QString &name, const QString &placeholder = {}) {
        auto *e = new QLineEdit(uploadBox);
        e->setObjectName(name);
        e->setPlaceholderText(placeholder);
        connect(e, &QLineEdit::textChanged, this, &ContributorView::updateState);
        return e;
    };
    m_title = line(QStringLiteral("title"), tr("empty: each file's name"));
    m_artist = line(QStringLiteral("artist"));
    m_collaborators = line(QStringLiteral("collaborators"), tr("comma-separated"));
    m_genres = line(QStringLiteral("genres"), tr("comma-separated"));
    m_language = line(QStringLiteral("language"), tr("e.g. instrumental"));
    m_license = line(QStringLiteral("license"));
    m_license->setText(QStringLiteral("lemm_training_only_v1"));
    m_release = new QComboBox(uploadBox);
    m_release->addItem(tr("Unreleased"), QStringLiteral("unreleased"));
    m_release->addItem(tr("Released"), QStringLiteral("released"));
    m_release->addItem(tr("Work for hire"), QStringLiteral("work_for_hire"));
    m_holder = new QComboBox(uploadBox);
    m_holder->addItem(tr("Individual"), QStringLiteral("individual"));
    m_holder->addItem(tr("Label"), QStringLiteral("label"));
    m_holder->addItem(tr("Publisher"), QStringLiteral("publisher"));
    const auto check = [&](const QString &name, const QString &text, bool on) {
        auto *c = new QCheckBox(text, uploadBox);
        c->setObjectName(name);
        c->setChecked(on);
        return c;
    };
    m_original =
        check(QStringLiteral("isOriginal"), tr("I wrote and recorded this (original)"), true);
    m_cover = check(QStringLiteral("isCover"), tr("It is a cover of someone else's song"), false);
    m_samples = check(QStringLiteral("hasSamples"), tr("It contains third-party samples"), false);
    m_training = check(QStringLiteral("trainingAllowed"), tr("Training allowed"), true);
    m_demo = check(QStringLiteral("demoOk"), tr("Internal demos allowed"), true);
    m_adapters = check(QStringLiteral("adaptersAllowed"), tr("Per-artist adapters allowed"), false);
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("A&rtist name:"), m_artist);
    form->addRow(tr("Co&llaborators:"), m_collaborators);
    form->addRow(tr("&Genres:"), m_genres);
    form->addRow(tr("Lan&guage:"), m_language);
    form->addRow(tr("Release status:"), m_release);
    form->addRow(tr("Rights holder:"), m_holder);
    form->addRow(tr("Licence:"), m_license);
    for (QCheckBox *c : {m_original, m_cover, m_samples, m_training, m_demo, m_adapters})
        form->addRow(c);
    uploadLayout->addLayout(form, 1);

    auto *right = new QVBoxLayout;
    m_uploads = new QTableWidget(0, 3, uploadBox);
    m_uploads->setObjectName(QStringLiteral("uploadTable"));
    m_uploads->setHorizontalHeaderLabels({tr("File"), tr("Progress"), tr("State")});
    m_uploads->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_uploads->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_uploads->setEditTriggers(QAbstractItemView::NoEditTriggers);
    right->addWidget(m_uploads, 1);
    auto *buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add &files…"), uploadBox);
    m_add->setShortcut(QKeySequence::Open);
    m_submit = new QPushButton(tr("&Submit"), uploadBox);
    m_submit->setObjectName(QStringLiteral("submitButton"));
    m_submit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_cancel = new QPushButton(tr("&Cancel upload"), uploadBox);
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    buttons->addWidget(m_add);
    buttons->addStretch();
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_submit);
    right->addLayout(buttons);
    m_message = new QLabel(uploadBox);
    m_message->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("message"));
    right->addWidget(m_message);
    uploadLayout->addLayout(right, 1);
    connect(m_add, &QPushButton::clicked, this, &ContributorView::pickFiles);
    connect(m_submit, &QPushButton::clicked, this, &ContributorView::submitAll);
    connect(m_cancel, &QPushButton::clicked, this, &ContributorView::cancelUpload);

    auto *tracksBox = new QGroupBox(tr("My tracks"), split);
    auto *tracksLayout = new QVBoxLayout(tracksBox);
    m_tracks = ui::makeTable(tracksBox,
                             {tr("Title"), tr("Status"), tr("Training"), tr("Demos"),
                              tr("Adapters"), tr("Models trained"), tr("Revoked")},
                             QStringLiteral("tracksTable"));
    m_tracks->horizontalHeader()->setStretchLastSection(false);
    m_tracks->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    tracksLayout->addWidget(m_tracks);
    m_revoke = new QPushButton(tr("&Revoke future use…"), tracksBox);
    m_revoke->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Delete));
    tracksLayout->addWidget(m_revoke, 0, Qt::AlignRight);
    connect(m_revoke, &QPushButton::clicked, this, &ContributorView::askRevoke);
    m_appeal = new QPushButton(tr("A&ppeal the rejection…"), tracksBox);
    m_appeal->setObjectName(QStringLiteral("appealButton"));
    tracksLayout->addWidget(m_appeal, 0, Qt::AlignRight);
    connect(m_appeal, &QPushButton::clicked, this, &ContributorView::askAppeal);
    connect(m_tracks, &QTableWidget::itemSelectionChanged, this, &ContributorView::updateState);

    m_poll = new QTimer(this);
    m_poll->setInterval(1000);
    connect(m_poll, &QTimer::timeout, this, [this] { QCoro::connect(pollChecks(), this, [] {}); });
    updateState();
}

void ContributorView::setAccount(const QJsonObject &me, const QJsonObject &terms)
{
    m_me = me;
    m_termsVersion = terms.value(QStringLiteral("version")).toString();
    m_termsText->setMarkdown(terms.value(QStringLiteral("text")).toString());
    // A button text treats '&' as a mnemonic marker: the statement must read as written.
    m_affirm->setText(terms.value(QStringLiteral("affirmation"))
                          .toString()
                          .replace(QLatin1Char('&'), QStringLiteral("&&")));
    if (m_artist->text().isEmpty())
        m_artist->setText(me.value(QStringLiteral("display_name")).toString());
    const bool affirmedNow =
        me.value(QStringLiteral("rights_holder_affirmed")).toBool() &&
        me.value(QStringLiteral("affirmed_terms_version")).toString() == m_termsVersion;
    m_termsBox->setVisible(!affirmedNow);
    updateState();
    reloadTracks();
}

bool ContributorView::canUpload() const
{
    return m_termsBox->isHidden();
}

void ContributorView::updateState()
{
    if (!m_appeal)
        return; // still being built
    const bool affirmedNow = m_termsBox->isHidden();
    m_affirmButton->setEnabled(m_affirm->isChecked());
    m_submit->setEnabled(affirmedNow && !m_busy && !m_files.isEmpty() &&
                         !m_artist->text().trimmed().isEmpty());
    m_add->setEnabled(affirmedNow && !m_busy);
    m_cancel->setEnabled(m_busy);
    m_revoke->setEnabled(!m_tracks->selectedItems().isEmpty());
    // Only a rejected track can be appealed (the server says so too).
    const auto rows = m_tracks->selectionModel()->selectedRows();
    m_appeal->setEnabled(!rows.isEmpty() &&
                         m_tracks->item(rows.first().row(), 1)->data(Qt::UserRole).toString() ==
                             QLatin1String("rejected"));
}

void ContributorView::showError(const QString &message)
{
    m_message->setText(message);
    if (!message.isEmpty())
        Q_EMIT errorShown(message);
}

QCoro::Task<> ContributorView::affirm()
{
    // This view may be deleted while a request is in flight: stop if it was.
    const QPointer<ContributorView> alive(this);
    QJsonObject body;
    body.insert(QStringLiteral("terms_version"), m_termsVersion);
    body.insert(QStringLiteral("rights_holder_affirmed"), true);
    const ApiReply r = co_await m_api.send("POST", QStringLiteral("/contributors/me/affirm"), body);
    if (!alive)
        co_return;
    if (!r.ok()) {
        showError(r.displayError());
        co_return;
    }
    m_termsBox->hide();
    showError({});
    updateState();
    Q_EMIT affirmed();
}

void ContributorView::addFiles(const QStringList &paths)
{
    for (const QString &p : paths) {
        if (m_files.contains(p) || !QFileInfo(p).isFile())
            continue;
        m_files << p;
        const int row = m_uploads->rowCount();
        m_rowOf.insert(p, row);
        m_uploads->insertRow(row);
        m_uploads->setItem(row, 0, new QTableWidgetItem(QFileInfo(p).fileName()));
        auto *bar = new QProgressBar(m_uploads);
        bar->setRange(0, 100);
        bar->setValue(0);
        m_uploads->setCellWidget(row, 1, bar);
        m_uploads->setItem(row, 2, new QTableWidgetItem(tr("ready")));
    }
    updateState();
}

void ContributorView::pickFiles()
{
    addFiles(QFileDialog::getOpenFileNames(
        this, tr("Choose audio files"), {},
        tr("Audio (*.wav *.flac *.mp3 *.ogg *.opus *.m4a *.aac *.aif *.aiff *.mka *.webm "
           "*.caf);;All files (*)")));
}

void ContributorView::dragEnterEvent(QDragEnterEvent *e)
{
    if (e->mimeData()->hasUrls() && m_termsBox->isHidden())
        e->acceptProposedAction();
}

void ContributorView::dropEvent(QDropEvent *e)
{
    QStringList paths;
    for (const QUrl &u : e->mimeData()->urls())
        if (u.isLocalFile())
            paths << u.toLocalFile();
    addFiles(paths);
    e->acceptProposedAction();
}

void ContributorView::setRowState(int row, const QString &state, int percent)
{
    m_uploads->item(row, 2)->setText(state);
    if (percent >= 0)
        if (auto *bar = qobject_cast<QProgressBar *>(m_uploads->cellWidget(row, 1)))
            bar->setValue(percent);
}

QJsonObject ContributorView::submissionFor(const QString &filePath) const
{
    QJsonObject metadata{{QStringLiteral("title"), m_title->text().trimmed().isEmpty()
                                                       ? QFileInfo(filePath).completeBaseName()
                                                       : m_title->text().trimmed()},
                         {QStringLiteral("artist_display_name"), m_artist->text().trimmed()},
                         {QStringLiteral("release_status"), m_release->currentData().toString()}};
    const QJsonArray collaborators = splitList(m_collaborators->text());
    metadata.insert(QStringLiteral("is_collaboration"), !collaborators.isEmpty());
    if (!collaborators.isEmpty())
        metadata.insert(QStringLiteral("collaborator_names"), collaborators);
    metadata.insert(QStringLiteral("genre_tags"), splitList(m_genres->text()));
    if (!m_language->text().trimmed().isEmpty())
        metadata.insert(QStringLiteral("language"), m_language->text().trimmed());
    const QJsonObject rights{
        {QStringLiteral("rights_holder_type"), m_holder->currentData().toString()},
        {QStringLiteral("is_original"), m_original->isChecked()},
        {QStringLiteral("is_cover"), m_cover->isChecked()},
        {QStringLiteral("has_third_party_samples"), m_samples->isChecked()},
        {QStringLiteral("territorial_scope"), QStringLiteral("worldwide")},
        {QStringLiteral("term"), QStringLiteral("perpetual")},
        {QStringLiteral("training_allowed"), m_training->isChecked()},
        {QStringLiteral("internal_demo_ok"), m_demo->isChecked()},
        {QStringLiteral("allow_per_artist_adapters"), m_adapters->isChecked()},
        {QStringLiteral("license_type"), m_license->text().trimmed()}};
    return QJsonObject{{QStringLiteral("metadata"), metadata}, {QStringLiteral("rights"), rights}};
}

void ContributorView::submitAll()
{
    if (m_busy || m_files.isEmpty())
        return;
    m_busy = true;
    updateState();
    // The batch is the last rows of the table (earlier batches stay listed above it).
    QCoro::connect(runUploads(m_files), this, [] {});
}

void ContributorView::cancelUpload()
{
    if (m_progress)
        m_progress->cancel();
}

QCoro::Task<> ContributorView::runUploads(QStringList files)
{
    // This view may be deleted while a request is in flight: stop if it was.
    const QPointer<ContributorView> alive(this);
    int submitted = 0, failed = 0;
    showError({});
    for (const QString &file : files) {
        const int row = m_rowOf.value(file);
        QString token = m_uploadTokens.value(file);
        if (!token.isEmpty()) {
            // Uploaded before, only the submission was refused: the token is still good.
            setRowState(row, tr("submitting"), 100);
        } else {
            auto *progress = new CallProgress(this);
            m_progress = progress;
            connect(progress, &CallProgress::progress, this,
                    [this, row](qint64 done, qint64 total) {
                        if (total > 0)
                            setRowState(row, tr("uploading"), int(done * 100 / total));
                    });
            setRowState(row, tr("uploading"), 0);
            const ApiReply up = co_await m_api.uploadFile(file, progress);
            if (!alive)
                co_return;
            progress->deleteLater();
            if (!up.ok()) {
                const bool cancelled = up.errorCode == QLatin1String("cancelled");
                setRowState(row, cancelled ? tr("cancelled") : up.displayError());
                ++failed;
                if (cancelled)
                    break; // this and the rest stay pending
                // Refused for the file itself (not audio, too large…): nothing to retry. A
                // network failure keeps it pending.
                if (!up.unreachable())
                    m_files.removeAll(file);
                continue;
            }
            setRowState(row, tr("submitting"), 100);
            token = up.body.value(QStringLiteral("audio_upload_token")).toString();
            m_uploadTokens.insert(file, token);
        }
        QJsonObject body = submissionFor(file);
        body.insert(QStringLiteral("audio_upload_token"), token);
        const ApiReply sub = co_await m_api.send("POST", QStringLiteral("/tracks/submit"), body);
        if (!alive)
            co_return;
        if (!sub.ok()) {
            // Refused (e.g. a field out of range): the file stays pending with its upload, the
            // row says why, and Submit retries with the corrected form.
            if (sub.errorCode.startsWith(QLatin1String("upload_token")) ||
                sub.errorCode == QLatin1String("invalid_upload_token"))
                m_uploadTokens.remove(file);
            setRowState(row, sub.displayError());
            showError(tr("%1: %2").arg(QFileInfo(file).fileName(), sub.displayError()));
            ++failed;
            continue;
        }
        ++submitted;
        m_files.removeAll(file);
        m_uploadTokens.remove(file);
        const QString id = sub.body.value(QStringLiteral("track_id")).toString();
        m_checking.insert(id, row);
        setRowState(
            row,
            tr("checks: %1").arg(statusLabel(sub.body.value(QStringLiteral("status")).toString())));
    }
    m_busy = false;
    updateState();
    if (!m_checking.isEmpty())
        m_poll->start();
    reloadTracks();
    Q_EMIT uploadsFinished(submitted, failed);
}

QCoro::Task<> ContributorView::pollChecks()
{
    if (m_polling)
        co_return; // the previous poll is still asking: one at a time
    // This view may be deleted while a request is in flight: stop if it was.
    const QPointer<ContributorView> alive(this);
    m_polling = true;
    const auto ids = m_checking.keys();
    for (const QString &id : ids) {
        const ApiReply r = co_await m_api.get(QStringLiteral("/tracks/%1/status").arg(id));
        if (!alive)
            co_return;
        if (!r.ok() || !m_checking.contains(id))
            continue;
        const QString status = r.body.value(QStringLiteral("status")).toString();
        const QJsonObject checks = r.body.value(QStringLiteral("checks")).toObject();
        const int row = m_checking.value(id);
        if (status == QLatin1String("pending_automated_checks")) {
            if (row < m_uploads->rowCount())
                setRowState(
                    row, tr("checking: %1").arg(checks.value(QStringLiteral("stage")).toString()));
            continue;
        }
        if (row < m_uploads->rowCount())
            setRowState(row, tr("checked: %1").arg(statusLabel(status)));
        m_checking.remove(id);
    }
    m_polling = false;
    if (m_checking.isEmpty() && m_poll->isActive()) {
        m_poll->stop();
        Q_EMIT checksFinished(reloadTracks());
    }
}

quint64 ContributorView::reloadTracks()
{
    const RequestGeneration::Ticket ticket = m_tracksRequests.next();
    QCoro::connect(loadTracks(ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ContributorView::loadTracks(RequestGeneration::Ticket ticket)
{
    // One request: each item carries what the table shows, the model count included.
    const ApiReply r = co_await m_api.get(QStringLiteral("/contributors/me/tracks"));
    if (!ticket.current())
        co_return; // a newer reload started meanwhile, or this view is gone
    if (!r.ok()) {
        showError(r.displayError());
        co_return;
    }
    const QJsonArray tracks = r.body.value(QStringLiteral("tracks")).toArray();
    ui::fillTable(
        m_tracks, tracks,
        [&](const QJsonObject &t) {
            const QJsonObject consent = t.value(QStringLiteral("consent")).toObject();
            const auto flag = [&](const char *key) {
                return yesNo(consent.value(QLatin1String(key)).toBool());
            };
            const QJsonValue models = t.value(QStringLiteral("models_trained"));
            return QStringList{t.value(QStringLiteral("title")).toString(),
                               statusLabel(t.value(QStringLiteral("status")).toString()),
                               flag("training_allowed"),
                               flag("internal_demo_ok"),
                               flag("allow_per_artist_adapters"),
                               models.isDouble() ? QString::number(models.toInt()) : tr("?"),
                               flag("revoked")};
        },
        [](const QJsonObject &t) { return t.value(QStringLiteral("track_id")).toString(); });
    for (int i = 0; i < tracks.size(); ++i) // the raw state, for what the buttons allow
        m_tracks->item(i, 1)->setData(
            Qt::UserRole, tracks.at(i).toObject().value(QStringLiteral("status")).toString());
    updateState();
    Q_EMIT tracksLoaded(ticket.number());
}

void ContributorView::askRevoke()
{
    const auto rows = m_tracks->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const QTableWidgetItem *item = m_tracks->item(rows.first().row(), 0);
    bool ok = false;
    const QString reason = QInputDialog::getText(
        this, tr("Revoke future use"),
        tr("Revoke all future use of \"%1\"? Models already trained stay recorded.\nReason:")
            .arg(item->text()),
        QLineEdit::Normal, {}, &ok);
    if (ok && !reason.trimmed().isEmpty())
        revokeTrack(item->data(Qt::UserRole).toString(), reason.trimmed());
}

void ContributorView::askAppeal()
{
    const auto rows = m_tracks->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const QTableWidgetItem *item = m_tracks->item(rows.first().row(), 0);
    bool ok = false;
    const QString reason = QInputDialog::getText(
        this, tr("Appeal the rejection"),
        tr("Why should \"%1\" be reviewed again? A different reviewer decides.\nReason:")
            .arg(item->text()),
        QLineEdit::Normal, {}, &ok);
    if (ok && !reason.trimmed().isEmpty())
        appealTrack(item->data(Qt::UserRole).toString(), reason.trimmed());
}

void ContributorView::revokeTrack(const QString &trackId, const QString &reason)
{
    QCoro::connect(trackAction(trackId, QStringLiteral("revoke"), reason), this, [] {});
}

void ContributorView::appealTrack(const QString &trackId, const QString &reason)
{
    QCoro::connect(trackAction(trackId, QStringLiteral("appeal"), reason), this, [] {});
}

QCoro::Task<> ContributorView::trackAction(QString trackId, QString action, QString reason)
{
    // This view may be deleted while a request is in flight: stop if it was.
    const QPointer<ContributorView> alive(this);
    QJsonObject body;
    body.insert(QStringLiteral("reason"), reason);
    const ApiReply r =
        co_await m_api.send("POST", QStringLiteral("/tracks/%1/%2").arg(trackId, action), body);
    if (!alive)
        co_return;
    if (!r.ok()) {
        showError(r.displayError());
        co_return;
    }
    showError({});
    const quint64 reload = reloadTracks();
    if (action == QLatin1String("revoke"))
        Q_EMIT revoked(trackId, reload);
    else
        Q_EMIT appealed(trackId, reload);
}

} // namespace lemm::app
