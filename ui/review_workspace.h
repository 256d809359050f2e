#pragma once
// The reviewer's workspace (spec §3.4), widgets only: the queue (a sortable table), the votes
// kept offline, the open submission's summary and its match table, and stacked lanes aligned in
// time — an overview strip of the whole track (the visible window marked) with the legend, the
// submission's waveform (ruler, amplitude scale) with its segment overlays (and a spectrogram layer
// the reviewer switches on), the selected vault reference aligned under the selected segment, and
// the difference ("null") lane — then the transport (play, the A / B / Diff source with the
// loudness-matching gain and the copy's reduction) and the vote bar. It is fed by a controller
// (app/review_controller.h) through item models and plain ui-level values; it never sees JSON,
// URLs or app/ types. Every action has a unique key (listed in Help > Keyboard shortcuts); plain
// keys do not fire while the note field has the focus. GUI thread; owns its child widgets, not
// the models.

#include "core/audio/spectrogram.h"

#include <QWidget>

class QAbstractItemModel;
class QAction;
class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QTableView;
class QTextBrowser;
class QToolButton;

namespace lemm::ui {

class OverviewStrip;
class VoteBar;
class WaveformView;

// The open submission in words, composed by the controller.
struct SubmissionSummary {
    QString heading;
    QStringList lines;
};

class ReviewWorkspace : public QWidget
{
    Q_OBJECT
public:
    enum class Source { A, B, Diff };

    ReviewWorkspace(QAbstractItemModel *queue, QAbstractItemModel *matches,
                    QAbstractItemModel *offlineVotes, QWidget *parent = nullptr);

    QTableView *queueView() const { return m_queue; }
    QTableView *matchView() const { return m_matches; }
    QListView *offlineView() const { return m_offline; }
    WaveformView *waveform() const { return m_wave; }
    WaveformView *referenceWaveform() const { return m_refWave; }
    WaveformView *differenceWaveform() const { return m_diffWave; }
    OverviewStrip *overview() const { return m_overview; }
    VoteBar *voteBar() const { return m_votes; }
    QAction *refreshAction() const { return m_refresh; }

    QString queueState() const;
    QString queueSort() const;
    void setQueueState(const QString &state); // emits queueOrderChanged when it changes

    void setSummary(const SubmissionSummary &summary);
    QString summaryText() const;
    void setMessage(const QString &message);
    QString message() const;
    void setReferenceLane(bool visible, const QString &text);
    void setDifferenceLane(bool visible, const QString &text);
    QString referenceText() const;
    QString differenceText() const;
    // The A/B and Diff controls: enabled or not (with the reason as tooltip), and the texts
    // next to them ("B gain +3.2 LU", "copy removed: −31 dB").
    void setComparison(bool enabled, const QString &whyNot);
    void setGainText(const QString &text);
    void setReductionText(const QString &text);
    QString gainText() const;
    QString reductionText() const;
    bool comparisonEnabled() const;
    void setSource(Source source);
    Source source() const { return m_source; }
    void setPlaying(bool playing);
    void setPositionText(const QString &text);

    // The spectrogram layer (of the decoded preview snippet).
    bool spectrogramShown() const { return m_spectrogramShown; }
    void setSpectrogramShown(bool shown);
    void setSpectrogram(const core::Spectrogram &spectrogram);
    const core::Spectrogram &spectrogram() const { return m_spectrogram; }

    // Moves the queue selection by `delta` rows in the view's (sorted) order.
    void moveQueueSelection(int delta);

Q_SIGNALS:
    void queueOrderChanged(); // state or sort chosen
    void refreshRequested();
    void trackChosen(const QString &trackId);
    void matchChosen(int sourceRow);
    void playRequested();
    void sourceRequested(lemm::ui::ReviewWorkspace::Source source);
    void seekByRequested(double seconds);
    void seekRequested(double seconds);
    void spectrogramToggled(bool shown);

private:
    QWidget *buildQueuePane();
    QWidget *buildDetailPane();
    QLayout *buildTransport();
    void addActions();
    QAction *addKey(const QString &text, const QKeySequence &key);
    void applySpectrogram();

    QComboBox *m_state, *m_sort;
    QTableView *m_queue, *m_matches;
    QListView *m_offline;
    QTextBrowser *m_summary;
    WaveformView *m_wave, *m_refWave, *m_diffWave;
    OverviewStrip *m_overview;
    QLabel *m_refLabel, *m_diffLabel, *m_gain, *m_reduction, *m_position, *m_message;
    QPushButton *m_play;
    QToolButton *m_a, *m_b, *m_diff, *m_spectrogramButton;
    VoteBar *m_votes;
    QAction *m_refresh, *m_spectrogramAction;
    Source m_source = Source::A;
    bool m_spectrogramShown = false;
    core::Spectrogram m_spectrogram;
};

} // namespace lemm::ui
