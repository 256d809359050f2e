#include "account_view.h"

#include <QJsonArray>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace lemm::ui {

namespace {

// The server's role ids in words; an unknown id as it is.
QString roleName(const QString &role)
{
    if (role == QLatin1String("contributor"))
        return AccountView::tr("contributor");
    if (role == QLatin1String("reviewer"))
        return AccountView::tr("reviewer");
    if (role == QLatin1String("admin"))
        return AccountView::tr("administrator");
    if (role == QLatin1String("system"))
        return AccountView::tr("service account");
    return role;
}

} // namespace

AccountView::AccountView(QWidget *parent) : QWidget(parent)
{
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_terms = new QTextBrowser(this);
    m_terms->setObjectName(QStringLiteral("terms"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(new QLabel(tr("Contribution terms"), this));
    layout->addWidget(m_terms, 1);
}

void AccountView::setAccount(const QJsonObject &me)
{
    QStringList roles;
    for (const QJsonValue &r : me.value(QStringLiteral("roles")).toArray())
        roles << roleName(r.toString());
    const QString affirmed = me.value(QStringLiteral("affirmed_terms_version")).toString();
    const QString current = me.value(QStringLiteral("current_terms_version")).toString();
    QStringList lines;
    lines << tr("%1 <%2>").arg(me.value(QStringLiteral("display_name")).toString(),
                               me.value(QStringLiteral("email")).toString());
    lines << tr("Roles: %1").arg(roles.join(QStringLiteral(", ")));
    lines
        << (me.value(QStringLiteral("email_verified")).toBool()
                ? tr("E-mail address verified.")
                : tr("E-mail address not verified yet: use the token from the verification mail."));
    if (affirmed.isEmpty())
        lines << tr("You have not yet affirmed the contribution terms.");
    else if (affirmed != current)
        lines << tr("You affirmed terms version %1; the current version is %2.")
                     .arg(affirmed, current);
    else
        lines << tr("You affirmed the current contribution terms (%1).").arg(affirmed);
    m_summary->setText(lines.join(QLatin1Char('\n')));
}

void AccountView::setTerms(const QJsonObject &terms)
{
    m_terms->setMarkdown(terms.value(QStringLiteral("text")).toString());
}

QString AccountView::summaryText() const
{
    return m_summary->text();
}

QString AccountView::termsHtml() const
{
    return m_terms->toHtml();
}

} // namespace lemm::ui
