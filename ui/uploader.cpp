#include "uploader.h"

#include "format.h"
#include "table_views.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace lemm::ui {

namespace {

QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    return out;
}

// Draws kProgressRole as a progress bar.
class ProgressDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        const QVariant percent = index.data(kProgressRole);
        if (!percent.isValid()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        // Drawn here rather than by the style: styles draw a progress bar for a widget, and
        // some place its parts outside a cell's rectangle.
        const QRect frame = option.rect.adjusted(3, 3, -3, -3);
        const int filled = frame.width() * qBound(0, percent.toInt(), 100) / 100;
        painter->save();
        painter->setPen(option.palette.color(QPalette::Mid));
        painter->setBrush(option.palette.color(QPalette::Base));
        painter->drawRect(frame.adjusted(0, 0, -1, -1));
        painter->fillRect(
            QRect(frame.topLeft(), QSize(filled, frame.height())).adjusted(1, 1, 0, -1),
            option.palette.color(QPalette::Highlight));
        painter->setPen(option.palette.color(QPalette::Text));
        painter->drawText(frame, Qt::AlignCenter, index.data(Qt::DisplayRole).toString());
        painter->restore();
    }
};

} // namespace

Uploader::Uploader(QAbstractItemModel *queue, QWidget *parent) : QWidget(parent)
{
    setAcceptDrops(true);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(buildForm(), 1);
    layout->addWidget(buildQueue(queue), 1);
    updateButtons();
}

QWidget *Uploader::buildForm()
{
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    const auto line = [&](const QString &name, const QString &placeholder = {}) {
        auto *e = new QLineEdit(box);
        e->setObjectName(name);
        e->setPlaceholderText(placeholder);
        connect(e, &QLineEdit::textChanged, this, [this] {
            updateButtons();
            Q_EMIT formChanged();
        });
        return e;
    };
    m_title = line(QStringLiteral("title"), tr("empty: each file's name"));
    m_artist = line(QStringLiteral("artist"));
    m_collaborators = line(QStringLiteral("collaborators"), tr("comma-separated"));
    m_genres = line(QStringLiteral("genres"), tr("comma-separated"));
    m_language = line(QStringLiteral("language"), tr("e.g. instrumental"));
    const auto combo = [&](const QString &name) {
        auto *c = new QComboBox(box);
        c->setObjectName(name);
        return c;
    };
    m_release = combo(QStringLiteral("release"));
    m_release->addItem(tr("Unreleased"), QStringLiteral("unreleased"));
    m_release->addItem(tr("Released"), QStringLiteral("released"));
    m_release->addItem(tr("Work for hire"), QStringLiteral("work_for_hire"));
    m_holder = combo(QStringLiteral("holder"));
    m_holder->addItem(tr("Individual"), QStringLiteral("individual"));
    m_holder->addItem(tr("Label"), QStringLiteral("label"));
    m_holder->addItem(tr("Publisher"), QStringLiteral("publisher"));
    m_licence = combo(QStringLiteral("license"));
    const auto check = [&](const QString &name, const QString &text) {
        auto *c = new QCheckBox(text, box);
        c->setObjectName(name);
        return c;
    };
    m_original = check(QStringLiteral("isOriginal"), tr("I wrote and recorded this (original)"));
    m_cover = check(QStringLiteral("isCover"), tr("It is a cover of someone else's song"));
    m_samples = check(QStringLiteral("hasSamples"), tr("It contains third-party samples"));
    m_training = check(QStringLiteral("trainingAllowed"), tr("Training allowed"));
    m_demo = check(QStringLiteral("demoOk"), tr("Internal demos allowed"));
    m_adapters = check(QStringLiteral("adaptersAllowed"), tr("Per-artist adapters allowed"));
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("A&rtist name:"), m_artist);
    form->addRow(tr("Co&llaborators:"), m_collaborators);
    form->addRow(tr("&Genres:"), m_genres);
    form->addRow(tr("Lan&guage:"), m_language);
    form->addRow(tr("Release status:"), m_release);
    form->addRow(tr("Rights holder:"), m_holder);
    form->addRow(tr("Licen&ce:"), m_licence);
    for (QCheckBox *c : {m_original, m_cover, m_samples, m_training, m_demo, m_adapters})
        form->addRow(c);
    clearForm();
    return box;
}

QWidget *Uploader::buildQueue(QAbstractItemModel *queue)
{
    auto *box = new QWidget(this);
    auto *right = new QVBoxLayout(box);
    right->addWidget(new QLabel(tr("Drop audio files here, or add them:"), box));
    m_queue = makeTableView(box, queue, QStringLiteral("uploadTable"), {});
    m_queue->setItemDelegateForColumn(1, new ProgressDelegate(m_queue));
    m_queue->horizontalHeader()->setStretchLastSection(true); // the state: long messages
    right->addWidget(m_queue, 1);
    auto *buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add &files…"), box);
    m_add->setObjectName(QStringLiteral("addButton"));
    m_add->setShortcut(QKeySequence::Open);
    m_submit = new QPushButton(tr("&Submit"), box);
    m_submit->setObjectName(QStringLiteral("submitButton"));
    m_submit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_cancel = new QPushButton(tr("&Cancel upload"), box);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    buttons->addWidget(m_add);
    buttons->addStretch();
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_submit);
    right->addLayout(buttons);
    m_message = new QLabel(box);
    m_message->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("message"));
    right->addWidget(m_message);
    connect(m_add, &QPushButton::clicked, this, &Uploader::pickFiles);
    connect(m_submit, &QPushButton::clicked, this, &Uploader::submitRequested);
    connect(m_cancel, &QPushButton::clicked, this, &Uploader::cancelRequested);
    return box;
}

void Uploader::setLicences(const QStringList &licenceIds, const QString &preferred)
{
    const QString current = m_licence->currentData().toString();
    m_licence->clear();
    for (const QString &id : licenceIds) {
        m_licence->addItem(licenceName(id), id);
        m_licence->setItemData(m_licence->count() - 1, id, Qt::ToolTipRole);
    }
    const int keep = m_licence->findData(current.isEmpty() ? preferred : current);
    m_licence->setCurrentIndex(keep >= 0 ? keep : qMax(0, m_licence->findData(preferred)));
    updateButtons();
}

QStringList Uploader::licences() const
{
    QStringList out;
    for (int i = 0; i < m_licence->count(); ++i)
        out << m_licence->itemData(i).toString();
    return out;
}

UploadForm Uploader::form() const
{
    UploadForm f;
    f.title = m_title->text().trimmed();
    f.artist = m_artist->text().trimmed();
    f.collaborators = splitList(m_collaborators->text());
    f.genres = splitList(m_genres->text());
    f.language = m_language->text().trimmed();
    f.releaseStatus = m_release->currentData().toString();
    f.holderType = m_holder->currentData().toString();
    f.original = m_original->isChecked();
    f.cover = m_cover->isChecked();
    f.samples = m_samples->isChecked();
    f.trainingAllowed = m_training->isChecked();
    f.demoAllowed = m_demo->isChecked();
    f.adaptersAllowed = m_adapters->isChecked();
    f.licence = m_licence->currentData().toString();
    return f;
}

void Uploader::clearForm()
{
    for (QLineEdit *e : {m_title, m_collaborators, m_genres, m_language})
        e->clear();
    m_release->setCurrentIndex(0);
    m_holder->setCurrentIndex(0);
    const UploadForm defaults;
    m_original->setChecked(defaults.original);
    m_cover->setChecked(defaults.cover);
    m_samples->setChecked(defaults.samples);
    m_training->setChecked(defaults.trainingAllowed);
    m_demo->setChecked(defaults.demoAllowed);
    m_adapters->setChecked(defaults.adaptersAllowed);
}

void Uploader::setArtist(const QString &artist)
{
    m_artist->setText(artist);
}

void Uploader::setState(bool termsAffirmed, bool busy, bool hasPending)
{
    m_affirmed = termsAffirmed;
    m_busy = busy;
    m_pending = hasPending;
    updateButtons();
}

void Uploader::updateButtons()
{
    if (!m_submit)
        return; // still being built
    m_add->setEnabled(m_affirmed && !m_busy);
    m_submit->setEnabled(m_affirmed && !m_busy && m_pending &&
                         !m_artist->text().trimmed().isEmpty() && m_licence->count() > 0);
    m_cancel->setEnabled(m_busy);
}

void Uploader::setMessage(const QString &message)
{
    m_message->setText(message);
}

QString Uploader::message() const
{
    return m_message->text();
}

void Uploader::pickFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Choose audio files"), {},
        tr("Audio (*.wav *.flac *.mp3 *.ogg *.opus *.m4a *.aac *.aif *.aiff *.mka *.webm "
           "*.caf);;All files (*)"));
    if (!files.isEmpty())
        Q_EMIT filesAdded(files);
}

void Uploader::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() && m_affirmed)
        event->acceptProposedAction();
}

void Uploader::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &u : event->mimeData()->urls())
        if (u.isLocalFile())
            paths << u.toLocalFile();
    event->acceptProposedAction();
    if (!paths.isEmpty())
        Q_EMIT filesAdded(paths);
}

} // namespace lemm::ui
