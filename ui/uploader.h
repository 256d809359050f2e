#pragma once
// The contributor's uploader (spec §2.2): files dropped or picked, listed with their progress and
// state (a model from app/, shown through ui::makeTableView), one metadata and rights form for
// the batch with the licence CHOSEN from the policy's accepted list, Submit and Cancel. The form
// is plain values (UploadForm) in and out; clearForm() empties it after a successful submit.
// Does not own the model. GUI thread.

#include <QStringList>
#include <QWidget>

class QAbstractItemModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace lemm::ui {

// The progress column's percent (0–100) for the bar delegate.
inline constexpr int kProgressRole = 0x0100 + 110;

struct UploadForm {
    QString title; // empty: each file's name
    QString artist;
    QStringList collaborators;
    QStringList genres;
    QString language;
    QString releaseStatus; // unreleased | released | work_for_hire
    QString holderType;    // individual | label | publisher
    bool original = true;
    bool cover = false;
    bool samples = false;
    bool trainingAllowed = true;
    bool demoAllowed = true;
    bool adaptersAllowed = false;
    QString licence; // a licence id of setLicences' list
};

class Uploader : public QWidget
{
    Q_OBJECT
public:
    explicit Uploader(QAbstractItemModel *queue, QWidget *parent = nullptr);

    // The policy's accepted licences; `preferred` is selected.
    void setLicences(const QStringList &licenceIds, const QString &preferred);
    QStringList licences() const;
    UploadForm form() const;
    // Back to the defaults (the artist name stays: it is the contributor's).
    void clearForm();
    void setArtist(const QString &artist);
    // What the buttons allow: adding needs the terms affirmed, Submit pending files and a form.
    void setState(bool termsAffirmed, bool busy, bool hasPending);
    void setMessage(const QString &message);
    QString message() const;
    QTableView *queueView() const { return m_queue; }

Q_SIGNALS:
    void filesAdded(const QStringList &paths);
    void submitRequested();
    void cancelRequested();
    void formChanged();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QWidget *buildForm();
    QWidget *buildQueue(QAbstractItemModel *queue);
    void pickFiles();
    void updateButtons();

    QLineEdit *m_title, *m_artist, *m_collaborators, *m_genres, *m_language;
    QComboBox *m_licence, *m_release, *m_holder;
    QCheckBox *m_original, *m_cover, *m_samples, *m_training, *m_demo, *m_adapters;
    QTableView *m_queue = nullptr;
    QPushButton *m_add = nullptr, *m_submit = nullptr, *m_cancel = nullptr;
    QLabel *m_message = nullptr;
    bool m_affirmed = false, m_busy = false, m_pending = false;
};

} // namespace lemm::ui
