#pragma once
// Shows the signed-in account (name, e-mail, roles, verification and affirmation state) and
// the current contribution terms, rendered from the server's Markdown with the three promises
// in bold. Fed plain JSON objects from the API; no network access of its own. GUI thread.

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QTextBrowser;

namespace lemm::ui {

class AccountView : public QWidget
{
    Q_OBJECT
public:
    explicit AccountView(QWidget *parent = nullptr);

    // The GET /auth/me object.
    void setAccount(const QJsonObject &me);
    // The GET /terms object.
    void setTerms(const QJsonObject &terms);

    QString summaryText() const;
    QString termsHtml() const;

private:
    QLabel *m_summary;
    QTextBrowser *m_terms;
};

} // namespace lemm::ui
