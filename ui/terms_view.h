#pragma once
// The contribution terms before the first upload (spec §2.1): the three promises in bold at the
// top, always visible without scrolling, the affirmation the contributor ticks, an Accept button,
// and the whole text below (scrolls on its own). Plain values in, a signal out; no network.
// GUI thread.

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace lemm::ui {

struct TermsText {
    QString affirmation;
    QStringList promises;
    QString markdown;
};

class TermsView : public QWidget
{
    Q_OBJECT
public:
    explicit TermsView(QWidget *parent = nullptr);

    void setTerms(const TermsText &terms);
    // Disables the button while the affirmation is being sent.
    void setBusy(bool busy);
    // The promise labels, in order (for tests and the screenshot).
    QList<QLabel *> promiseLabels() const { return m_promises; }

Q_SIGNALS:
    void affirmRequested();

private:
    void updateButton();

    QWidget *m_promiseBox;
    QList<QLabel *> m_promises;
    QCheckBox *m_affirm;
    QPushButton *m_accept;
    QTextBrowser *m_text;
    bool m_busy = false;
};

} // namespace lemm::ui
