#include "review_view.h"

#include "api_client.h"
#include "labels.h"
#include "offline_cache.h"

#include "ui/snippet_player.h"
#include "ui/tables.h"
#include "ui/waveform_view.h"

#include <QAction>
#include <QPointer>

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>

#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lemm::app {

core::PeakEnvelope peaksFromJson(const QJsonObject &peaks)
{
    core::PeakEnvelope env;
    const double spp = peaks.value(QStringLiteral("seconds_per_peak")).toDouble();
    if (spp <= 0)
        return env;
    // The envelope keeps time as block / sample rate; any block works as long as the ratio
    // is the server's seconds per pair.
    env.block = 1 << 20;
    env.sampleRate = int(std::lround(env.block / spp));
    const QJsonArray mins = peaks.value(QStringLiteral("min")).toArray();
    const QJsonArray maxs = peaks.value(QStringLiteral("max")).toArray();
    const qsizetype n = std::min(mins.size(), maxs.size());
    env.mins.reserve(n);
    env.maxs.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        env.mins.push_back(int8_t(std::clamp(mins.at(i).toInt(), -127, 127)));
        env.maxs.push_back(int8_t(std::clamp(maxs.at(i).toInt(), -127, 127)));
    }
    return env;
}

namespace {

QColor colorFor(const MatchRegion &m)
{
    // Hue by source, strength by score: a weak hit is pale, a strong one saturated.
    const int hue = m.source == QLatin1String("vault") ? 0 : int(qHash(m.source) % 5) * 45 + 120;
    QColor c = QColor::fromHsv(hue, 200, 230);
    c.setAlphaF(0.25 + 0.5 * std::clamp(m.score, 0.0, 1.0));
    return c;
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

// "vault 0.93", and "vault 0.93 · 1/2" for the best of a match's two segments.
QString overlayLabel(const MatchRegion &m)
{
    QString label = QStringLiteral("%1 %2").arg(m.source).arg(m.score, 0, 'f', 2);
    if (m.segmentCount > 1)
        label += QStringLiteral(" · %1/%2").arg(m.segment + 1).arg(m.segmentCount);
    return label;
}

bool isIdentity(double factor)
{
    return std::abs(factor - 1.0) < 0.0005;
}

} // namespace

ReviewView::ReviewView(ApiClient &api, QWidget *parent) : QWidget(parent), m_api(api)
{
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *outer = new QVBoxLayout(this);
    outer->addWidget(split);

    // Queue.
    auto *left = new QWidget(split);
    auto *leftLayout = new QVBoxLayout(left);
    auto *controls = new QHBoxLayout;
    m_stateBox = new QComboBox(left);
    m_stateBox->addItem(tr("All open"), QStringLiteral("all"));
    m_stateBox->addItem(tr("Pending review"), QStringLiteral("pending_review"));
    m_stateBox->addItem(tr("Disputes"), QStringLiteral("dispute_pending"));
    m_sort = new QComboBox(left);
    m_sort->addItem(tr("Oldest first"), QStringLiteral("age"));
    m_sort->addItem(tr("Most flags"), QStringLiteral("flags"));
    m_sort->addItem(tr("Highest score"), QStringLiteral("score"));
    controls->addWidget(m_stateBox);
    controls->addWidget(m_sort);
    leftLayout->addLayout(controls);
    m_queue =
        ui::makeTable(left, {tr("Title"), tr("Artist"), tr("Flags"), tr("Score"), tr("Decision")},
                      QStringLiteral("reviewQueue"));
    leftLayout->addWidget(m_queue, 1);
    leftLayout->addWidget(new QLabel(tr("Votes made offline:"), left));
    m_offline = new QListWidget(left);
    m_offline->setObjectName(QStringLiteral("offlineVotes"));
    m_offline->setMaximumHeight(90);
    leftLayout->addWidget(m_offline);
    connect(m_stateBox, &QComboBox::currentIndexChanged, this,
            [this] { setQueueState(m_stateBox->currentData().toString()); });
    connect(m_sort, &QComboBox::currentIndexChanged, this, &ReviewView::reload);
    connect(m_queue, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_queue->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            openTrack(m_queue->item(rows.first().row(), 0)->data(Qt::UserRole).toString());
    });

    // Detail.
    auto *right = new QWidget(split);
    auto *rightLayout = new QVBoxLayout(right);
    auto *top = new QHBoxLayout;
    m_detail = new QTextBrowser(right);
    m_detail->setObjectName(QStringLiteral("reviewDetail"));
    m_matchList = new QListWidget(right);
    m_matchList->setObjectName(QStringLiteral("matchList"));
    top->addWidget(m_detail, 3);
    top->addWidget(m_matchList, 2);
    rightLayout->addLayout(top, 2);
    m_wave = new ui::WaveformView(right);
    m_wave->setObjectName(QStringLiteral("waveform"));
    m_wave->setMinimumHeight(120);
    rightLayout->addWidget(m_wave, 2);
    m_refLabel = new QLabel(right);
    rightLayout->addWidget(m_refLabel);
    m_refWave = new ui::WaveformView(right);
    m_refWave->setObjectName(QStringLiteral("referenceWaveform"));
    m_refWave->setMinimumHeight(80);
    m_refWave->hide();
    rightLayout->addWidget(m_refWave, 1);
    connect(m_matchList, &QListWidget::currentRowChanged, this, &ReviewView::selectMatch);
    connect(m_wave, &ui::WaveformView::viewChanged, this, &ReviewView::syncReferenceView);
    connect(m_wave, &ui::WaveformView::seekRequested, this, [this](double s) {
        m_wave->setPlayhead(s);
        if (m_player->isPlaying())
            preview(m_trackId, s, 15, false);
    });

    auto *transport = new QHBoxLayout;
    m_play = new QPushButton(tr("Play"), right);
    m_position = new QLabel(right);
    transport->addWidget(m_play);
    transport->addWidget(m_position, 1);
    rightLayout->addLayout(transport);
    connect(m_play, &QPushButton::clicked, this, &ReviewView::togglePlay);

    auto *voteRow = new QHBoxLayout;
    m_note = new QLineEdit(right);
    m_note->setObjectName(QStringLiteral("voteNote"));
    m_note->setPlaceholderText(tr("Note (required to reject or ask for more information)"));
    m_approve = new QPushButton(tr("Approve"), right);
    m_reject = new QPushButton(tr("Reject"), right);
    m_moreInfo = new QPushButton(tr("Needs more info"), right);
    voteRow->addWidget(m_note, 1);
    voteRow->addWidget(m_approve);
    voteRow->addWidget(m_reject);
    voteRow->addWidget(m_moreInfo);
    rightLayout->addLayout(voteRow);
    m_reviewState = new QLabel(right);
    m_reviewState->setObjectName(QStringLiteral("reviewState"));
    m_message = new QLabel(right);
    m_message->setWordWrap(true);
    rightLayout->addWidget(m_reviewState);
    rightLayout->addWidget(m_message);
    connect(m_approve, &QPushButton::clicked, this,
            [this] { vote(QStringLiteral("approve"), m_note->text()); });
    connect(m_reject, &QPushButton::clicked, this,
            [this] { vote(QStringLiteral("reject"), m_note->text()); });
    connect(m_moreInfo, &QPushButton::clicked, this,
            [this] { vote(QStringLiteral("needs_more_info"), m_note->text()); });
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 5);

    // Keyboard-first: every action has a key (listed in Help > Keyboard shortcuts). Plain keys
    // do not fire while the note field has the focus (it takes them as text).
    const auto action = [this](const QString &text, const QKeySequence &key, auto slot) {
        auto *a = new QAction(text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    action(tr("Play / pause"), QKeySequence(Qt::Key_Space), [this] { togglePlay(); });
    action(tr("Switch A/B (submission / reference)"), QKeySequence(Qt::Key_B),
           [this] { toggleAB(); });
    action(tr("Seek back 5 s"), QKeySequence(Qt::CTRL | Qt::Key_Left), [this] { seekBy(-5); });
    action(tr("Seek forward 5 s"), QKeySequence(Qt::CTRL | Qt::Key_Right), [this] { seekBy(5); });
    action(tr("Zoom in"), QKeySequence(Qt::CTRL | Qt::Key_Equal),
           [this] { m_wave->zoomAt(2, m_wave->playhead()); });
    action(tr("Zoom out"), QKeySequence(Qt::CTRL | Qt::Key_Minus),
           [this] { m_wave->zoomAt(0.5, m_wave->playhead()); });
    action(tr("Next submission"), QKeySequence(Qt::Key_J), [this] { next(); });
    action(tr("Previous submission"), QKeySequence(Qt::Key_K), [this] { previous(); });
    action(tr("Approve"), QKeySequence(Qt::Key_A),
           [this] { vote(QStringLiteral("approve"), m_note->text()); });
    action(tr("Reject (with the note)"), QKeySequence(Qt::Key_R),
           [this] { vote(QStringLiteral("reject"), m_note->text()); });
    action(tr("Needs more info (with the note)"), QKeySequence(Qt::Key_I),
           [this] { vote(QStringLiteral("needs_more_info"), m_note->text()); });
    action(tr("Write a note"), QKeySequence(Qt::Key_N), [this] { m_note->setFocus(); });

    m_player = new ui::SnippetPlayer(this);
    connect(m_player, &ui::SnippetPlayer::positionChanged, this, &ReviewView::updatePlayhead);
    connect(m_player, &ui::SnippetPlayer::playingChanged, this,
            [this](bool playing) { m_play->setText(playing ? tr("Pause") : tr("Play")); });
    connect(m_player, &ui::SnippetPlayer::problem, this, &ReviewView::showError);
    updatePlayhead();
}

ReviewView::~ReviewView() = default;

void ReviewView::showError(const QString &message)
{
    m_message->setText(message);
    if (!message.isEmpty())
        Q_EMIT errorShown(message);
}

void ReviewView::setQueueState(const QString &state)
{
    m_state = state;
    const int i = m_stateBox->findData(state);
    if (i >= 0 && i != m_stateBox->currentIndex())
        m_stateBox->setCurrentIndex(i); // reloads through the signal
    else
        reload();
}

quint64 ReviewView::reload()
{
    const RequestGeneration::Ticket ticket = m_queueRequests.next();
    QCoro::connect(loadQueue(ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ReviewView::loadQueue(RequestGeneration::Ticket ticket)
{
    const QString key =
        QStringLiteral("queue/%1/%2").arg(m_state, m_sort->currentData().toString());
    ApiReply r = co_await m_api.get(QStringLiteral("/review/queue?state=%1&sort=%2")
                                        .arg(m_state, m_sort->currentData().toString()));
    // After every co_await: a newer reload started meanwhile, or this view is gone.
    if (!ticket.current())
        co_return;
    m_cachedQueue = throughCache(key, r);
    if (r.ok() && !m_cachedQueue) {
        const ApiReply policy = co_await m_api.get(QStringLiteral("/policy"));
        if (!ticket.current())
            co_return;
        if (policy.ok())
            m_snippetMax = policy.body.value(QStringLiteral("policy"))
                               .toObject()
                               .value(QStringLiteral("snippet_max_sec"))
                               .toDouble(30);
    }
    if (r.ok()) {
        showError(m_cachedQueue
                      ? tr("Offline: showing the queue as fetched at %1. Votes are queued.")
                            .arg(m_cache->fetchedAt(key))
                      : QString());
        showQueue(r.body);
    } else {
        showError(r.displayError());
    }
    refreshOfflineList();
    Q_EMIT queueLoaded(ticket.number());
}

bool ReviewView::throughCache(const QString &key, ApiReply &reply)
{
    if (!m_cache)
        return false;
    if (reply.ok()) {
        m_cache->put(key, reply.body);
        return false;
    }
    if (!reply.unreachable())
        return false;
    const auto cached = m_cache->get(key);
    if (!cached)
        return false;
    reply = ApiReply{};
    reply.status = 200;
    reply.body = *cached;
    return true;
}

void ReviewView::showQueue(const QJsonObject &queue)
{
    const QSignalBlocker block(m_queue);
    const QJsonArray items = queue.value(QStringLiteral("items")).toArray();
    ui::fillTable(
        m_queue, items,
        [this](const QJsonObject &it) {
            QString title = it.value(QStringLiteral("title")).toString();
            if (it.value(QStringLiteral("status")).toString() == QLatin1String("dispute_pending"))
                title = tr("%1 (dispute)").arg(title);
            QStringList flags;
            for (const QJsonValue &f : it.value(QStringLiteral("flags")).toArray())
                flags << f.toString();
            const QJsonObject sim = it.value(QStringLiteral("similarity")).toObject();
            return QStringList{
                title, it.value(QStringLiteral("artist")).toString(),
                flags.join(QStringLiteral(", ")),
                QString::number(sim.value(QStringLiteral("score")).toDouble(), 'f', 2),
                it.value(QStringLiteral("review_state"))
                    .toObject()
                    .value(QStringLiteral("summary"))
                    .toString()};
        },
        [](const QJsonObject &it) { return it.value(QStringLiteral("track_id")).toString(); });
    int selected = -1;
    for (int i = 0; i < items.size(); ++i)
        if (items.at(i).toObject().value(QStringLiteral("track_id")).toString() == m_trackId)
            selected = i;
    if (selected >= 0)
        m_queue->selectRow(selected);
}

void ReviewView::moveSelection(int delta)
{
    if (m_queue->rowCount() == 0)
        return;
    const auto rows = m_queue->selectionModel()->selectedRows();
    const int current =
        rows.isEmpty() ? (delta > 0 ? -1 : m_queue->rowCount()) : rows.first().row();
    const int row = std::clamp(current + delta, 0, m_queue->rowCount() - 1);
    m_queue->selectRow(row);
}

void ReviewView::next()
{
    moveSelection(1);
}

void ReviewView::previous()
{
    moveSelection(-1);
}

quint64 ReviewView::openTrack(const QString &trackId)
{
    const RequestGeneration::Ticket ticket = m_trackRequests.next();
    // The reference and the snippet still on their way belong to the submission shown so far.
    m_referenceRequests.invalidate();
    m_previewRequests.invalidate();
    QCoro::connect(loadTrack(trackId, ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ReviewView::loadTrack(QString trackId, RequestGeneration::Ticket ticket)
{
    m_player->clear();
    m_trackId = trackId;
    m_sideB = false;
    ApiReply review = co_await m_api.get(QStringLiteral("/review/%1").arg(trackId));
    // After every co_await: another submission (or this one again) was opened meanwhile, or
    // this view is gone.
    if (!ticket.current())
        co_return;
    ApiReply peaks =
        co_await m_api.get(QStringLiteral("/tracks/%1/peaks?resolution=100000").arg(trackId));
    if (!ticket.current())
        co_return;
    throughCache(QStringLiteral("review/") + trackId, review);
    throughCache(QStringLiteral("peaks/") + trackId, peaks);
    if (!review.ok()) {
        showError(review.displayError());
        co_return;
    }
    showDetail(review.body);
    m_wave->setPeaks(peaks.ok() ? peaksFromJson(peaks.body) : core::PeakEnvelope{});
    // One overlay per segment (or per match, when its source does not localise it).
    QList<ui::WaveformOverlay> overlays;
    for (const MatchRegion &m : std::as_const(m_matches))
        overlays << ui::WaveformOverlay{m.start, m.end, colorFor(m), overlayLabel(m)};
    m_wave->setOverlays(overlays);
    if (!peaks.ok())
        showError(peaks.displayError());
    updatePlayhead();
    Q_EMIT trackOpened(trackId, ticket.number());
}

void ReviewView::showDetail(const QJsonObject &review)
{
    m_review = review;
    const QJsonObject meta = review.value(QStringLiteral("metadata")).toObject();
    const QJsonObject rights = review.value(QStringLiteral("rights")).toObject();
    const QJsonObject consent = review.value(QStringLiteral("consent")).toObject();
    const QJsonObject sim = review.value(QStringLiteral("similarity")).toObject();
    QStringList flags;
    for (const QJsonValue &f : review.value(QStringLiteral("flags")).toArray())
        flags << f.toString();
    QString html = QStringLiteral("<h3>%1</h3><p>%2 · %3 s · %4</p>")
                       .arg(esc(meta.value(QStringLiteral("title")).toString()),
                            esc(meta.value(QStringLiteral("display_artist_name")).toString()))
                       .arg(meta.value(QStringLiteral("duration_sec")).toDouble(), 0, 'f', 1)
                       .arg(esc(statusLabel(review.value(QStringLiteral("status")).toString())));
    html += tr("<p><b>Flags:</b> %1</p>")
                .arg(flags.isEmpty() ? tr("none") : esc(flags.join(QStringLiteral(", "))));
    html += tr("<p><b>Rights:</b> %1, original: %2, cover: %3, samples: %4, licence %5</p>")
                .arg(esc(rights.value(QStringLiteral("rights_holder_type")).toString()),
                     rights.value(QStringLiteral("is_original")).toBool() ? tr("yes") : tr("no"),
                     rights.value(QStringLiteral("is_cover")).toBool() ? tr("yes") : tr("no"),
                     rights.value(QStringLiteral("has_third_party_samples")).toBool() ? tr("yes")
                                                                                      : tr("no"),
                     esc(rights.value(QStringLiteral("license_type")).toString()));
    html +=
        tr("<p><b>Consent:</b> training %1, demos %2, adapters %3</p>")
            .arg(consent.value(QStringLiteral("training_allowed")).toBool() ? tr("yes") : tr("no"),
                 consent.value(QStringLiteral("internal_demo_ok")).toBool() ? tr("yes") : tr("no"),
                 consent.value(QStringLiteral("allow_per_artist_adapters")).toBool() ? tr("yes")
                                                                                     : tr("no"));
    html += tr("<p><b>Similarity by source:</b></p><ul>");
    const QJsonObject external = sim.value(QStringLiteral("external")).toObject();
    for (auto it = external.begin(); it != external.end(); ++it) {
        const QJsonObject s = it.value().toObject();
        html += QStringLiteral("<li>%1: %2%3 (%4)</li>")
                    .arg(esc(it.key()), esc(s.value(QStringLiteral("verdict")).toString()),
                         s.value(QStringLiteral("available")).toBool() ? QString()
                                                                       : tr(", unavailable"))
                    .arg(tr("%n hit(s)", nullptr,
                            int(s.value(QStringLiteral("hits")).toArray().size())));
    }
    const QJsonObject internal = sim.value(QStringLiteral("internal")).toObject();
    html += tr("<li>vault: %1 match(es) among %2 references</li></ul>")
                .arg(internal.value(QStringLiteral("matches")).toArray().size())
                .arg(internal.value(QStringLiteral("checked_against")).toInt());
    m_detail->setHtml(html);

    m_matches = matchRegions(sim);
    {
        const QSignalBlocker block(m_matchList);
        m_matchList->clear();
        for (const MatchRegion &m : std::as_const(m_matches)) {
            auto *item = new QListWidgetItem(regionLine(m), m_matchList);
            item->setToolTip(item->text()); // the list is narrow; the line is long
        }
    }
    m_match = -1;
    m_refWave->hide();
    m_refLabel->clear();
    m_reviewState->setText(reviewStateText());
    const bool canVote = review.value(QStringLiteral("can_vote")).toBool();
    for (QPushButton *b : {m_approve, m_reject, m_moreInfo})
        b->setEnabled(canVote);
}

QString ReviewView::regionLine(const MatchRegion &m) const
{
    QString line = tr("%1  %2  [%3–%4 s] ↔ reference [%5–%6 s]")
                       .arg(m.label)
                       .arg(m.score, 0, 'f', 2)
                       .arg(m.start, 0, 'f', 1)
                       .arg(m.end, 0, 'f', 1)
                       .arg(m.refStart, 0, 'f', 1)
                       .arg(m.refEnd, 0, 'f', 1);
    if (!isIdentity(m.timeFactor) || !isIdentity(m.pitchFactor))
        line += tr(" · time ×%1 · pitch ×%2")
                    .arg(m.timeFactor, 0, 'f', 3)
                    .arg(m.pitchFactor, 0, 'f', 3);
    if (m.segmentCount > 1)
        line += tr(" · segment %1 of %2").arg(m.segment + 1).arg(m.segmentCount);
    if (m.segment == 0 && m.ignoredSegments > 0)
        line += tr(" · %n unusable segment(s) ignored", nullptr, m.ignoredSegments);
    return line;
}

QString ReviewView::reviewStateText() const
{
    const QJsonObject state = m_review.value(QStringLiteral("review_state")).toObject();
    QString text = state.value(QStringLiteral("summary")).toString();
    const QString reason = m_review.value(QStringLiteral("cannot_vote_reason")).toString();
    if (reason == QLatin1String("own_track"))
        text += tr(" — you cannot vote on your own track");
    else if (reason == QLatin1String("already_voted"))
        text += tr(" — you have voted");
    return text;
}

quint64 ReviewView::selectMatch(int index)
{
    if (index < 0 || index >= m_matches.size())
        return 0;
    m_match = index;
    const MatchRegion m = m_matches.at(index);
    m_wave->setSelection(m.start, m.end);
    m_wave->setView(std::max(0.0, m.start - 2), (m.end - m.start) + 4);
    if (m.referenceTrackId.isEmpty()) {
        m_refWave->hide();
        m_refLabel->setText(tr("%1: the reference's audio is not in the vault; only its region "
                               "is known (%2–%3 s in the reference).")
                                .arg(m.source)
                                .arg(m.refStart, 0, 'f', 1)
                                .arg(m.refEnd, 0, 'f', 1));
        m_referenceRequests.invalidate(); // a reference still on its way is not this match's
        return 0;
    }
    const RequestGeneration::Ticket ticket = m_referenceRequests.next();
    QCoro::connect(loadReference(m, ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ReviewView::loadReference(MatchRegion match, RequestGeneration::Ticket ticket)
{
    ApiReply peaks = co_await m_api.get(
        QStringLiteral("/tracks/%1/peaks?resolution=100000").arg(match.referenceTrackId));
    if (!ticket.current())
        co_return; // another match (or submission) was selected meanwhile, or the view is gone
    throughCache(QStringLiteral("peaks/") + match.referenceTrackId, peaks);
    if (!peaks.ok()) {
        showError(peaks.displayError());
        co_return;
    }
    m_refWave->setPeaks(peaksFromJson(peaks.body));
    // Every segment of this match, in the reference's seconds; the selected one is selected.
    QList<ui::WaveformOverlay> overlays;
    for (const MatchRegion &m : std::as_const(m_matches))
        if (m.hit == match.hit)
            overlays << ui::WaveformOverlay{m.refStart, m.refEnd, colorFor(m), overlayLabel(m)};
    m_refWave->setOverlays(overlays);
    m_refWave->setSelection(match.refStart, match.refEnd);
    m_refLabel->setText(tr("B: %1 (aligned at the match: %2 s here = %3 s there)")
                            .arg(match.label)
                            .arg(match.start, 0, 'f', 1)
                            .arg(match.refStart, 0, 'f', 1));
    m_refWave->show();
    syncReferenceView();
    Q_EMIT referenceShown(match.referenceTrackId, ticket.number());
}

void ReviewView::syncReferenceView()
{
    if (m_match < 0 || m_match >= m_matches.size() || m_refWave->isHidden())
        return;
    const MatchRegion &m = m_matches.at(m_match);
    const double from = m.toReference(m_wave->viewStart());
    const double to = m.toReference(m_wave->viewStart() + m_wave->viewSpan());
    m_refWave->setView(from, to - from);
}

void ReviewView::vote(const QString &vote, const QString &note)
{
    if (m_trackId.isEmpty())
        return;
    QCoro::connect(castVote(m_trackId, vote, note), this, [] {});
}

QCoro::Task<> ReviewView::castVote(QString trackId, QString vote, QString note)
{
    // This view may be deleted while a request is in flight: stop if it was.
    const QPointer<ReviewView> alive(this);
    QJsonObject body;
    body.insert(QStringLiteral("vote"), vote);
    if (!note.trimmed().isEmpty())
        body.insert(QStringLiteral("note"), note.trimmed());
    const ApiReply r =
        co_await m_api.send("POST", QStringLiteral("/review/%1/votes").arg(trackId), body);
    if (!alive)
        co_return;
    if (r.unreachable() && m_cache) {
        if (m_cache->queueVote(trackId, vote, note.trimmed()) == 0) {
            showError(tr("The server is unreachable and the vote could not be kept in the "
                         "offline cache (%1): please vote again later.")
                          .arg(m_cache->path()));
            co_return;
        }
        showError(tr("The server is unreachable: your vote is queued and will be sent when it "
                     "is back."));
        m_note->clear();
        refreshOfflineList();
        Q_EMIT voteQueued(trackId);
        co_return;
    }
    if (!r.ok()) {
        showError(r.displayError());
        co_return;
    }
    m_note->clear();
    showError(tr("Voted %1: the submission is now %2 (%3).")
                  .arg(vote, statusLabel(r.body.value(QStringLiteral("status")).toString()),
                       r.body.value(QStringLiteral("review_state"))
                           .toObject()
                           .value(QStringLiteral("summary"))
                           .toString()));
    Q_EMIT voted(trackId, r.body.value(QStringLiteral("status")).toString());
    reload();
    if (trackId == m_trackId)
        openTrack(trackId);
}

void ReviewView::sendQueuedVotes()
{
    if (!m_cache || m_flushing)
        return;
    QCoro::connect(flushVotes(), this, [] {});
}

QCoro::Task<> ReviewView::flushVotes()
{
    // This view may be deleted while a request is in flight: stop if it was.
    const QPointer<ReviewView> alive(this);
    m_flushing = true;
    int sent = 0, conflicts = 0;
    for (const QueuedVote &v : m_cache->votes(QStringLiteral("queued"))) {
        QJsonObject body;
        body.insert(QStringLiteral("vote"), v.vote);
        if (!v.note.isEmpty())
            body.insert(QStringLiteral("note"), v.note);
        const ApiReply r =
            co_await m_api.send("POST", QStringLiteral("/review/%1/votes").arg(v.trackId), body);
        if (!alive)
            co_return;
        if (r.unreachable())
            break; // still offline: keep the rest queued, in order
        if (r.ok()) {
            m_cache->removeVote(v.id);
            ++sent;
        } else {
            // Decided meanwhile, voted twice, no longer allowed…: kept and shown, never lost.
            m_cache->markConflict(v.id, r.displayError());
            ++conflicts;
        }
    }
    m_flushing = false;
    refreshOfflineList();
    if (sent || conflicts)
        reload();
    Q_EMIT queuedVotesSent(sent, conflicts);
}

QStringList ReviewView::offlineVoteLines() const
{
    QStringList out;
    if (!m_cache)
        return out;
    for (const QueuedVote &v : m_cache->votes())
        out << (v.state == QLatin1String("conflict")
                    ? tr("CONFLICT %1 on %2: %3").arg(v.vote, v.trackId, v.problem)
                    : tr("queued %1 on %2 (%3)").arg(v.vote, v.trackId, v.queuedAt));
    return out;
}

void ReviewView::refreshOfflineList()
{
    m_offline->clear();
    m_offline->addItems(offlineVoteLines());
}

// Playback ------------------------------------------------------------------------------------

quint64 ReviewView::togglePlay()
{
    if (m_player->isPlaying()) {
        m_player->pause();
        return 0;
    }
    if (m_trackId.isEmpty())
        return 0;
    const auto [selStart, selEnd] = m_wave->selection();
    if (selEnd > selStart && !m_sideB)
        return preview(m_trackId, selStart, std::min(30.0, selEnd - selStart), true);
    const double at = m_wave->playhead();
    if (m_player->isLoaded() && at >= m_previewStart && at < m_previewEnd - 0.2 && !m_sideB) {
        m_player->setPosition(at - m_previewStart);
        m_player->play();
        return 0;
    }
    return preview(m_trackId, at, 20, false);
}

quint64 ReviewView::toggleAB()
{
    if (m_match < 0 || m_match >= m_matches.size() ||
        m_matches.at(m_match).referenceTrackId.isEmpty()) {
        showError(tr("Select a vault match first: A/B needs a reference whose audio is in the "
                     "vault."));
        return 0;
    }
    const MatchRegion m = m_matches.at(m_match);
    const double here = m_previewStart + m_player->position();
    const double aPos =
        m_sideB ? m.fromReference(here) : (m_player->isLoaded() ? here : m_wave->playhead());
    m_sideB = !m_sideB;
    if (m_sideB)
        return preview(m.referenceTrackId, std::max(0.0, m.toReference(aPos)), 20, false);
    return preview(m_trackId, std::max(0.0, aPos), 20, false);
}

void ReviewView::seekBy(double seconds)
{
    m_wave->setPlayhead(std::clamp(m_wave->playhead() + seconds, 0.0, m_wave->duration()));
    if (m_player->isPlaying()) {
        m_sideB = false;
        preview(m_trackId, m_wave->playhead(), 20, false);
    }
    updatePlayhead();
}

quint64 ReviewView::preview(const QString &trackId, double start, double duration, bool loop)
{
    const RequestGeneration::Ticket ticket = m_previewRequests.next();
    QCoro::connect(playPreview(trackId, start, duration, loop, ticket), this, [] {});
    return ticket.number();
}

QCoro::Task<> ReviewView::playPreview(QString trackId, double start, double duration, bool loop,
                                      RequestGeneration::Ticket ticket)
{
    duration = std::min(duration, m_snippetMax); // longer snippets are refused by the server
    QJsonObject body;
    body.insert(QStringLiteral("start_s"), start);
    body.insert(QStringLiteral("duration_s"), duration);
    const ApiReply grant =
        co_await m_api.send("POST", QStringLiteral("/tracks/%1/previews").arg(trackId), body);
    // After every co_await: a newer snippet was asked for meanwhile (seek, A/B, another
    // submission), or this view is gone.
    if (!ticket.current())
        co_return;
    if (!grant.ok()) {
        showError(grant.displayError());
        co_return;
    }
    const ApiReply audio = co_await m_api.get(grant.body.value(QStringLiteral("url")).toString());
    if (!ticket.current())
        co_return;
    if (!audio.ok()) {
        showError(audio.displayError());
        co_return;
    }
    // In memory only: decoded into a PCM buffer for the audio sink, nothing touches the disk.
    QString problem;
    if (!m_player->load(audio.raw, &problem)) {
        showError(tr("The preview could not be decoded: %1").arg(problem));
        co_return;
    }
    m_previewStart = grant.body.value(QStringLiteral("start_s")).toDouble();
    m_previewEnd = m_previewStart + grant.body.value(QStringLiteral("duration_s")).toDouble();
    m_player->setLoop(loop);
    m_player->play();
    updatePlayhead();
    Q_EMIT previewLoaded(m_previewStart, m_previewEnd, ticket.number());
}

qsizetype ReviewView::loadedPreviewBytes() const
{
    return m_player->encodedBytes();
}

void ReviewView::updatePlayhead()
{
    double aPos = m_wave->playhead();
    if (m_player->isPlaying()) {
        const double here = m_previewStart + m_player->position();
        if (m_sideB && m_match >= 0 && m_match < m_matches.size()) {
            m_refWave->setPlayhead(here);
            aPos = m_matches.at(m_match).fromReference(here);
        } else {
            aPos = here;
        }
        m_wave->setPlayhead(aPos);
    }
    m_position->setText(tr("%1 %2 s / %3 s")
                            .arg(m_sideB ? tr("B (reference)") : tr("A (submission)"))
                            .arg(aPos, 0, 'f', 1)
                            .arg(m_wave->duration(), 0, 'f', 1));
}

} // namespace lemm::app
