#include "review_workspace.h"

#include "match_legend.h"
#include "overview_strip.h"
#include "table_views.h"
#include "vote_bar.h"
#include "waveform_view.h"

#include <QAction>
#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace lemm::ui {

ReviewWorkspace::ReviewWorkspace(QAbstractItemModel *queue, QAbstractItemModel *matches,
                                 QAbstractItemModel *offlineVotes, QWidget *parent)
    : QWidget(parent)
{
    m_queue =
        makeTableView(this, queue, QStringLiteral("reviewQueue"), QStringLiteral("review/queue"));
    m_matches =
        makeTableView(this, matches, QStringLiteral("matchList"), QStringLiteral("review/matches"));
    m_offline = new QListView(this);
    m_offline->setObjectName(QStringLiteral("offlineVotes"));
    m_offline->setModel(offlineVotes);
    m_offline->setMaximumHeight(90);
    m_votes = new VoteBar(this);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(buildQueuePane());
    split->addWidget(buildDetailPane());
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 5);
    auto *outer = new QVBoxLayout(this);
    outer->addWidget(split);
    addActions();

    connect(m_queue->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QString id = selectedRowId(m_queue);
        if (!id.isEmpty())
            Q_EMIT trackChosen(id);
    });
    connect(m_matches->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const int row = selectedSourceRow(m_matches);
        if (row >= 0)
            Q_EMIT matchChosen(row);
    });
    connect(m_wave, &WaveformView::seekRequested, this, &ReviewWorkspace::seekRequested);
    // A click on an overlay's label selects its row (overlays are the first rows, in order).
    connect(m_wave, &WaveformView::overlayClicked, this, [this](int index) {
        QSortFilterProxyModel *proxy = sortProxy(m_matches);
        if (!proxy || index < 0 || index >= proxy->sourceModel()->rowCount())
            return;
        m_matches->selectRow(proxy->mapFromSource(proxy->sourceModel()->index(index, 0)).row());
    });
}

QWidget *ReviewWorkspace::buildQueuePane()
{
    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    auto *controls = new QHBoxLayout;
    m_state = new QComboBox(pane);
    m_state->setObjectName(QStringLiteral("queueState"));
    m_state->addItem(tr("All open"), QStringLiteral("all"));
    m_state->addItem(tr("Pending review"), QStringLiteral("pending_review"));
    m_state->addItem(tr("Disputes"), QStringLiteral("dispute_pending"));
    m_sort = new QComboBox(pane);
    m_sort->setObjectName(QStringLiteral("queueSort"));
    m_sort->addItem(tr("Oldest first"), QStringLiteral("age"));
    m_sort->addItem(tr("Most flags"), QStringLiteral("flags"));
    m_sort->addItem(tr("Highest score"), QStringLiteral("score"));
    auto *refresh = new QToolButton(pane);
    m_refresh = new QAction(tr("Refresh the queue"), this);
    refresh->setDefaultAction(m_refresh);
    controls->addWidget(m_state);
    controls->addWidget(m_sort);
    controls->addWidget(refresh);
    layout->addLayout(controls);
    layout->addWidget(m_queue, 1);
    layout->addWidget(new QLabel(tr("Votes made offline:"), pane));
    layout->addWidget(m_offline);
    connect(m_state, &QComboBox::currentIndexChanged, this, &ReviewWorkspace::queueOrderChanged);
    connect(m_sort, &QComboBox::currentIndexChanged, this, &ReviewWorkspace::queueOrderChanged);
    connect(m_refresh, &QAction::triggered, this, &ReviewWorkspace::refreshRequested);
    return pane;
}

QWidget *ReviewWorkspace::buildDetailPane()
{
    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    auto *top = new QHBoxLayout;
    m_summary = new QTextBrowser(pane);
    m_summary->setObjectName(QStringLiteral("reviewDetail"));
    top->addWidget(m_summary, 2);
    top->addWidget(m_matches, 3);
    layout->addLayout(top, 2);
    m_wave = new WaveformView(pane);
    m_wave->setObjectName(QStringLiteral("waveform"));
    m_wave->setMinimumHeight(120);
    m_wave->setCaption(tr("Submission"));
    m_overview = new OverviewStrip(pane);
    m_overview->setObjectName(QStringLiteral("overview"));
    m_overview->followView(m_wave);
    auto *legend = new MatchLegend(pane);
    auto *overviewRow = new QHBoxLayout;
    overviewRow->addWidget(m_overview, 1);
    overviewRow->addWidget(legend);
    layout->addLayout(overviewRow);
    layout->addWidget(m_wave, 3);
    m_refLabel = new QLabel(pane);
    m_refLabel->setWordWrap(true);
    m_refWave = new WaveformView(pane);
    m_refWave->setObjectName(QStringLiteral("referenceWaveform"));
    m_refWave->setMinimumHeight(80);
    m_refWave->setCaption(tr("Reference (B), aligned at the selected segment"));
    m_diffLabel = new QLabel(pane);
    m_diffLabel->setWordWrap(true);
    m_diffWave = new WaveformView(pane);
    m_diffWave->setObjectName(QStringLiteral("differenceWaveform"));
    m_diffWave->setMinimumHeight(70);
    m_diffWave->setCaption(tr("Difference: the submission without the reference"));
    for (QWidget *w : {static_cast<QWidget *>(m_refLabel), static_cast<QWidget *>(m_refWave),
                       static_cast<QWidget *>(m_diffLabel), static_cast<QWidget *>(m_diffWave)}) {
        layout->addWidget(w, w == m_refWave ? 2 : (w == m_diffWave ? 1 : 0));
        w->hide();
    }
    layout->addLayout(buildTransport());
    layout->addWidget(m_votes);
    m_message = new QLabel(pane);
    m_message->setObjectName(QStringLiteral("reviewMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    return pane;
}

QLayout *ReviewWorkspace::buildTransport()
{
    auto *row = new QHBoxLayout;
    m_play = new QPushButton(tr("Play"), this);
    m_play->setObjectName(QStringLiteral("play"));
    row->addWidget(m_play);
    auto *group = new QButtonGroup(this);
    const auto sourceButton = [this, row, group](const QString &text, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setCheckable(true);
        group->addButton(b);
        row->addWidget(b);
        return b;
    };
    m_a = sourceButton(tr("A"), tr("The submission"));
    m_b = sourceButton(tr("B"), tr("The selected vault reference, loudness-matched"));
    m_diff = sourceButton(tr("Diff"), tr("What is left of the submission without the reference"));
    m_a->setChecked(true);
    m_gain = new QLabel(this);
    m_gain->setObjectName(QStringLiteral("abGain"));
    m_reduction = new QLabel(this);
    m_reduction->setObjectName(QStringLiteral("differenceReduction"));
    m_spectrogramButton = new QToolButton(this);
    m_position = new QLabel(this);
    row->addWidget(m_gain);
    row->addWidget(m_reduction);
    row->addWidget(m_spectrogramButton);
    row->addWidget(m_position, 1);
    connect(m_play, &QPushButton::clicked, this, &ReviewWorkspace::playRequested);
    connect(m_a, &QToolButton::clicked, this, [this] { Q_EMIT sourceRequested(Source::A); });
    connect(m_b, &QToolButton::clicked, this, [this] { Q_EMIT sourceRequested(Source::B); });
    connect(m_diff, &QToolButton::clicked, this, [this] { Q_EMIT sourceRequested(Source::Diff); });
    setComparison(false, tr("Select a vault match first"));
    return row;
}

QAction *ReviewWorkspace::addKey(const QString &text, const QKeySequence &key)
{
    auto *a = new QAction(text, this);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QWidget::addAction(a);
    return a;
}

void ReviewWorkspace::addActions()
{
    // The queue reloads through File > Refresh (F5) of the main window and the button here:
    // no second F5 in this tab.
    connect(addKey(tr("Play / pause"), QKeySequence(Qt::Key_Space)), &QAction::triggered, this,
            &ReviewWorkspace::playRequested);
    connect(addKey(tr("Switch A/B (submission / reference)"), QKeySequence(Qt::Key_B)),
            &QAction::triggered, this,
            [this] { Q_EMIT sourceRequested(m_source == Source::B ? Source::A : Source::B); });
    connect(
        addKey(tr("Play the difference track"), QKeySequence(Qt::Key_D)), &QAction::triggered, this,
        [this] { Q_EMIT sourceRequested(m_source == Source::Diff ? Source::A : Source::Diff); });
    m_spectrogramAction = addKey(tr("Show the spectrogram"), QKeySequence(Qt::Key_S));
    m_spectrogramAction->setCheckable(true);
    m_spectrogramButton->setDefaultAction(m_spectrogramAction);
    connect(m_spectrogramAction, &QAction::toggled, this, &ReviewWorkspace::setSpectrogramShown);
    connect(addKey(tr("Seek back 5 s"), QKeySequence(Qt::CTRL | Qt::Key_Left)), &QAction::triggered,
            this, [this] { Q_EMIT seekByRequested(-5); });
    connect(addKey(tr("Seek forward 5 s"), QKeySequence(Qt::CTRL | Qt::Key_Right)),
            &QAction::triggered, this, [this] { Q_EMIT seekByRequested(5); });
    connect(addKey(tr("Zoom in"), QKeySequence(Qt::CTRL | Qt::Key_Equal)), &QAction::triggered,
            this, [this] { m_wave->zoomAt(2, m_wave->playhead()); });
    connect(addKey(tr("Zoom out"), QKeySequence(Qt::CTRL | Qt::Key_Minus)), &QAction::triggered,
            this, [this] { m_wave->zoomAt(0.5, m_wave->playhead()); });
    connect(addKey(tr("Next submission"), QKeySequence(Qt::Key_J)), &QAction::triggered, this,
            [this] { moveQueueSelection(1); });
    connect(addKey(tr("Previous submission"), QKeySequence(Qt::Key_K)), &QAction::triggered, this,
            [this] { moveQueueSelection(-1); });
    connect(addKey(tr("Approve (undo within a few seconds)"), QKeySequence(Qt::Key_A)),
            &QAction::triggered, this, [this] { m_votes->requestVote(QStringLiteral("approve")); });
    connect(addKey(tr("Reject with the note (undo within a few seconds)"), QKeySequence(Qt::Key_R)),
            &QAction::triggered, this, [this] { m_votes->requestVote(QStringLiteral("reject")); });
    connect(addKey(tr("Needs more info with the note (undo within a few seconds)"),
                   QKeySequence(Qt::Key_I)),
            &QAction::triggered, this,
            [this] { m_votes->requestVote(QStringLiteral("needs_more_info")); });
    connect(addKey(tr("Undo the vote"), QKeySequence(Qt::CTRL | Qt::Key_Z)), &QAction::triggered,
            m_votes, &VoteBar::undo);
    connect(addKey(tr("Write a note"), QKeySequence(Qt::Key_N)), &QAction::triggered, m_votes,
            &VoteBar::focusNote);
}

QString ReviewWorkspace::queueState() const
{
    return m_state->currentData().toString();
}

QString ReviewWorkspace::queueSort() const
{
    return m_sort->currentData().toString();
}

void ReviewWorkspace::setQueueState(const QString &state)
{
    const int i = m_state->findData(state);
    if (i >= 0)
        m_state->setCurrentIndex(i);
}

void ReviewWorkspace::setSummary(const SubmissionSummary &summary)
{
    QString html = QStringLiteral("<h3>%1</h3>").arg(summary.heading.toHtmlEscaped());
    for (const QString &line : summary.lines)
        html += QStringLiteral("<p>%1</p>").arg(line.toHtmlEscaped());
    m_summary->setHtml(html);
}

QString ReviewWorkspace::summaryText() const
{
    return m_summary->toPlainText();
}

void ReviewWorkspace::setMessage(const QString &message)
{
    m_message->setText(message);
}

QString ReviewWorkspace::message() const
{
    return m_message->text();
}

void ReviewWorkspace::setReferenceLane(bool visible, const QString &text)
{
    m_refLabel->setText(text);
    m_refLabel->setVisible(!text.isEmpty());
    m_refWave->setVisible(visible);
}

void ReviewWorkspace::setDifferenceLane(bool visible, const QString &text)
{
    m_diffLabel->setText(text);
    m_diffLabel->setVisible(!text.isEmpty());
    m_diffWave->setVisible(visible);
}

QString ReviewWorkspace::referenceText() const
{
    return m_refLabel->text();
}

QString ReviewWorkspace::differenceText() const
{
    return m_diffLabel->text();
}

void ReviewWorkspace::setComparison(bool enabled, const QString &whyNot)
{
    for (QToolButton *b : {m_b, m_diff}) {
        b->setEnabled(enabled);
        b->setToolTip(enabled ? QString() : whyNot);
    }
    if (!enabled) {
        m_gain->clear();
        m_reduction->clear();
    }
}

bool ReviewWorkspace::comparisonEnabled() const
{
    return m_b->isEnabled();
}

void ReviewWorkspace::setGainText(const QString &text)
{
    m_gain->setText(text);
}

void ReviewWorkspace::setReductionText(const QString &text)
{
    m_reduction->setText(text);
}

QString ReviewWorkspace::gainText() const
{
    return m_gain->text();
}

QString ReviewWorkspace::reductionText() const
{
    return m_reduction->text();
}

void ReviewWorkspace::setSource(Source source)
{
    m_source = source;
    (source == Source::A ? m_a : source == Source::B ? m_b : m_diff)->setChecked(true);
}

void ReviewWorkspace::setPlaying(bool playing)
{
    m_play->setText(playing ? tr("Pause") : tr("Play"));
}

void ReviewWorkspace::setPositionText(const QString &text)
{
    m_position->setText(text);
}

void ReviewWorkspace::setSpectrogramShown(bool shown)
{
    if (shown == m_spectrogramShown)
        return;
    m_spectrogramShown = shown;
    m_spectrogramAction->setChecked(shown);
    applySpectrogram();
    Q_EMIT spectrogramToggled(shown);
}

void ReviewWorkspace::setSpectrogram(const core::Spectrogram &spectrogram)
{
    m_spectrogram = spectrogram;
    applySpectrogram();
}

void ReviewWorkspace::applySpectrogram()
{
    // The submission lane's spectrogram layer, over the seconds the snippet covers.
    if (m_spectrogram.frames == 0)
        m_wave->clearSpectrogram();
    else
        m_wave->setSpectrogram(m_spectrogram);
    m_wave->setSpectrogramVisible(m_spectrogramShown);
}

void ReviewWorkspace::moveQueueSelection(int delta)
{
    const int rows = m_queue->model()->rowCount();
    if (rows == 0)
        return;
    const QModelIndexList selected = m_queue->selectionModel()->selectedRows();
    const int current = selected.isEmpty() ? (delta > 0 ? -1 : rows) : selected.first().row();
    m_queue->selectRow(std::clamp(current + delta, 0, rows - 1));
}

} // namespace lemm::ui
