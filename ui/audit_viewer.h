#pragma once
// The audit viewer (spec §4.3, §8.3): filters (event type in words, actor, subject, from, until),
// the entries newest first in a sortable table (local time; the model sorts Seq and Time by
// sequence number), the selected entry in full with the hashes that chain it, "Older entries"
// for the next page, and "Verify chain" with its result in words. The model gives
// kAuditDetailRole. Owns its child widgets, not the model. GUI thread.

#include <QList>
#include <QPair>
#include <QWidget>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace lemm::ui {

struct AuditFilter {
    QString eventType; // the server's id, empty: any
    QString actor;
    QString subject;
    QString since;
    QString until;
};

class AuditViewer : public QWidget
{
    Q_OBJECT
public:
    explicit AuditViewer(QAbstractItemModel *entries, QWidget *parent = nullptr);

    // The event types to offer: id and words.
    void setEventTypes(const QList<QPair<QString, QString>> &types);
    AuditFilter filter() const;
    // Shows `filter` in the fields (a search started elsewhere shows what was asked).
    void setFilter(const AuditFilter &filter);
    void setVerification(bool ok, const QString &text);
    QString verificationText() const;
    void setMoreAvailable(bool more);
    QTableView *view() const { return m_view; }
    QString detailText() const;
    QPushButton *verifyButton() const { return m_verify; }

Q_SIGNALS:
    void searchRequested(const lemm::ui::AuditFilter &filter);
    void moreRequested();
    void verifyRequested();

private:
    QWidget *buildFilters();
    void showSelected();

    QComboBox *m_type;
    QLineEdit *m_actor, *m_subject, *m_since, *m_until;
    QPushButton *m_verify, *m_more;
    QLabel *m_verification;
    QTableView *m_view;
    QTextBrowser *m_detail;
};

} // namespace lemm::ui
