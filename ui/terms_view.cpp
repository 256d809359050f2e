#include "terms_view.h"

#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace lemm::ui {

TermsView::TermsView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(tr("<b>Contribution terms</b> — before your first upload"), this);
    layout->addWidget(heading);
    auto *frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("promises"));
    frame->setFrameShape(QFrame::StyledPanel);
    m_promiseBox = frame;
    new QVBoxLayout(frame);
    layout->addWidget(frame);
    m_affirm = new QCheckBox(this);
    m_affirm->setObjectName(QStringLiteral("affirmCheck"));
    layout->addWidget(m_affirm);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    m_accept = new QPushButton(tr("&Accept the terms"), this);
    m_accept->setObjectName(QStringLiteral("affirmButton"));
    buttons->addWidget(m_accept);
    layout->addLayout(buttons);
    m_text = new QTextBrowser(this);
    m_text->setObjectName(QStringLiteral("termsText"));
    m_text->setMinimumHeight(80);
    layout->addWidget(m_text, 1);
    connect(m_affirm, &QCheckBox::toggled, this, &TermsView::updateButton);
    connect(m_accept, &QPushButton::clicked, this, &TermsView::affirmRequested);
    updateButton();
}

void TermsView::setTerms(const TermsText &terms)
{
    qDeleteAll(m_promises);
    m_promises.clear();
    for (const QString &promise : terms.promises) {
        auto *label = new QLabel(m_promiseBox);
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        label->setText(QStringLiteral("• ") + promise);
        m_promiseBox->layout()->addWidget(label);
        label->show(); // now, not at the layout's next queued pass
        m_promises << label;
    }
    // A button text treats '&' as a mnemonic marker: the statement must read as written.
    m_affirm->setText(QString(terms.affirmation).replace(QLatin1Char('&'), QStringLiteral("&&")));
    m_text->setMarkdown(terms.markdown);
    updateButton();
}

void TermsView::setBusy(bool busy)
{
    m_busy = busy;
    updateButton();
}

void TermsView::updateButton()
{
    m_accept->setEnabled(m_affirm->isChecked() && !m_busy);
}

} // namespace lemm::ui
