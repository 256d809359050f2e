#include "policy_editor.h"

#include "admin_roles.h"
#include "table_views.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace lemm::ui {

namespace {

enum Page { NumberPage, IntegerPage, BooleanPage, ChoicePage, TextPage, ListPage, TemplatesPage };

constexpr int kValueColumn = 1;

} // namespace

PolicyEditor::PolicyEditor(QAbstractItemModel *fields, QAbstractItemModel *history, QWidget *parent)
    : QWidget(parent), m_fields(fields)
{
    setObjectName(QStringLiteral("policyEditor"));
    auto *layout = new QVBoxLayout(this);
    auto *split = new QSplitter(Qt::Vertical, this);
    auto *top = new QWidget(split);
    auto *topLayout = new QHBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    m_fieldsView =
        makeTableView(top, fields, QStringLiteral("policyFields"), QStringLiteral("admin/policy"));
    topLayout->addWidget(m_fieldsView, 3);
    topLayout->addWidget(buildEditors(), 2);
    auto *bottom = new QWidget(split);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(new QLabel(tr("History (newest first):"), bottom));
    m_historyView = makeTableView(bottom, history, QStringLiteral("policyHistory"),
                                  QStringLiteral("admin/policyHistory"));
    bottomLayout->addWidget(m_historyView);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split);
    connect(m_fieldsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { editRow(selectedSourceRow(m_fieldsView)); });
    connect(m_fields, &QAbstractItemModel::modelReset, this, [this] { editRow(m_row); });
    connect(m_fields, &QAbstractItemModel::dataChanged, this, [this] {
        if (!m_loading)
            loadEditor();
    });
}

QWidget *PolicyEditor::buildEditors()
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_fieldTitle = new QLabel(tr("Select a setting to change it."), box);
    m_fieldTitle->setWordWrap(true);
    m_fieldTitle->setMinimumHeight(m_fieldTitle->fontMetrics().lineSpacing() * 3);
    m_fieldTitle->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(m_fieldTitle);
    m_editors = new QStackedWidget(box);
    m_number = new QDoubleSpinBox(m_editors);
    m_number->setObjectName(QStringLiteral("policyNumber"));
    m_number->setDecimals(3);
    m_number->setSingleStep(0.01);
    m_integer = new QSpinBox(m_editors);
    m_integer->setObjectName(QStringLiteral("policyInteger"));
    m_boolean = new QCheckBox(tr("On"), m_editors);
    m_boolean->setObjectName(QStringLiteral("policyBoolean"));
    m_choice = new QComboBox(m_editors);
    m_choice->setObjectName(QStringLiteral("policyChoice"));
    m_text = new QLineEdit(m_editors);
    m_text->setObjectName(QStringLiteral("policyText"));
    for (QWidget *w : {static_cast<QWidget *>(m_number), static_cast<QWidget *>(m_integer),
                       static_cast<QWidget *>(m_boolean), static_cast<QWidget *>(m_choice),
                       static_cast<QWidget *>(m_text), buildListEditor(), buildTemplatesEditor()})
        m_editors->addWidget(w);
    m_editors->setEnabled(false);
    // Only the shown editor takes room: a spin box stays one line high, the lists grow.
    connect(m_editors, &QStackedWidget::currentChanged, this, [this](int current) {
        for (int i = 0; i < m_editors->count(); ++i)
            m_editors->widget(i)->setSizePolicy(QSizePolicy::Preferred, i == current
                                                                            ? QSizePolicy::Preferred
                                                                            : QSizePolicy::Ignored);
        m_editors->setSizePolicy(QSizePolicy::Preferred, current >= ListPage
                                                             ? QSizePolicy::Expanding
                                                             : QSizePolicy::Maximum);
        m_editors->updateGeometry();
    });
    m_editors->setCurrentIndex(TextPage);
    m_editors->setCurrentIndex(NumberPage);
    layout->addWidget(m_editors, 2);
    connect(m_number, &QDoubleSpinBox::valueChanged, this, [this](double v) { commit(v); });
    connect(m_integer, &QSpinBox::valueChanged, this, [this](int v) { commit(v); });
    connect(m_boolean, &QCheckBox::toggled, this, [this](bool v) { commit(v); });
    connect(m_choice, &QComboBox::currentTextChanged, this,
            [this](const QString &v) { commit(v); });
    connect(m_text, &QLineEdit::editingFinished, this, [this] { commit(m_text->text()); });

    // The diff to confirm before saving: read-only, scrolls when many fields changed.
    m_pending = new QPlainTextEdit(box);
    m_pending->setObjectName(QStringLiteral("policyPending"));
    m_pending->setReadOnly(true);
    layout->addWidget(m_pending, 1);
    m_note = new QLineEdit(box);
    m_note->setObjectName(QStringLiteral("policyNote"));
    m_note->setPlaceholderText(tr("Why this change (kept in the history)"));
    layout->addWidget(m_note);
    auto *buttons = new QHBoxLayout;
    auto *reload = new QPushButton(tr("Re&load"), box);
    auto *revert = new QPushButton(tr("&Discard changes"), box);
    m_save = new QPushButton(tr("Save policy"), box);
    m_save->setObjectName(QStringLiteral("policySave"));
    m_save->setShortcut(QKeySequence::Save);
    m_save->setEnabled(false);
    buttons->addWidget(reload);
    buttons->addWidget(revert);
    buttons->addStretch();
    buttons->addWidget(m_save);
    layout->addLayout(buttons);
    connect(reload, &QPushButton::clicked, this, &PolicyEditor::reloadRequested);
    connect(revert, &QPushButton::clicked, this, &PolicyEditor::revertRequested);
    connect(m_save, &QPushButton::clicked, this, [this] { Q_EMIT saveRequested(note()); });
    return box;
}

QWidget *PolicyEditor::buildListEditor()
{
    m_listPage = new QWidget(this);
    m_listPage->setObjectName(QStringLiteral("policyList"));
    auto *layout = new QVBoxLayout(m_listPage);
    layout->setContentsMargins(0, 0, 0, 0);
    m_list = new QListWidget(m_listPage);
    layout->addWidget(m_list);
    auto *row = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add…"), m_listPage);
    auto *remove = new QPushButton(tr("Remo&ve"), m_listPage);
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch();
    layout->addLayout(row);
    connect(add, &QPushButton::clicked, this, [this] {
        const QString name = QInputDialog::getText(this, tr("Add"), tr("Name:")).trimmed();
        if (name.isEmpty())
            return;
        m_list->addItem(name);
        commitList();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        delete m_list->currentItem();
        commitList();
    });
    return m_listPage;
}

QWidget *PolicyEditor::buildTemplatesEditor()
{
    m_templatesPage = new QWidget(this);
    m_templatesPage->setObjectName(QStringLiteral("policyTemplates"));
    auto *layout = new QVBoxLayout(m_templatesPage);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Licence types:"), m_templatesPage));
    m_templateTypes = new QListWidget(m_templatesPage);
    layout->addWidget(m_templateTypes, 1);
    layout->addWidget(
        new QLabel(tr("What contributors read for the selected type:"), m_templatesPage));
    m_templateText = new QPlainTextEdit(m_templatesPage);
    layout->addWidget(m_templateText, 2);
    auto *row = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add &licence type…"), m_templatesPage);
    auto *remove = new QPushButton(tr("Remove licence &type"), m_templatesPage);
    auto *apply = new QPushButton(tr("&Keep this text"), m_templatesPage);
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch();
    row->addWidget(apply);
    layout->addLayout(row);
    connect(m_templateTypes, &QListWidget::currentTextChanged, this,
            [this] { showTemplateText(); });
    connect(add, &QPushButton::clicked, this, [this] {
        const QString type =
            QInputDialog::getText(this, tr("Add licence type"), tr("Licence type:")).trimmed();
        if (type.isEmpty() || m_templates.contains(type))
            return;
        m_templates.insert(type, QString());
        commitTemplates();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_templateTypes->currentItem()) {
            m_templates.remove(item->text());
            commitTemplates();
        }
    });
    connect(apply, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_templateTypes->currentItem()) {
            m_templates.insert(item->text(), m_templateText->toPlainText());
            commitTemplates();
        }
    });
    return m_templatesPage;
}

void PolicyEditor::showTemplateText()
{
    QListWidgetItem *item = m_templateTypes->currentItem();
    m_templateText->setPlainText(item ? m_templates.value(item->text()).toString() : QString());
}

void PolicyEditor::editRow(int row)
{
    m_row = row >= 0 && row < m_fields->rowCount() ? row : -1;
    if (m_row >= 0 && selectedSourceRow(m_fieldsView) != m_row) {
        const QModelIndex at = sortProxy(m_fieldsView)->mapFromSource(m_fields->index(m_row, 0));
        m_fieldsView->setCurrentIndex(at);
        m_fieldsView->selectRow(at.row());
    }
    loadEditor();
}

QWidget *PolicyEditor::currentEditor() const
{
    return m_row < 0 ? nullptr : m_editors->currentWidget();
}

// Puts the selected field's value into the editor of its kind, without writing it back.
void PolicyEditor::loadEditor()
{
    m_editors->setEnabled(m_row >= 0);
    if (m_row < 0) {
        m_fieldTitle->setText(tr("Select a setting to change it."));
        return;
    }
    m_loading = true;
    const QModelIndex name = m_fields->index(m_row, 0);
    const QModelIndex value = m_fields->index(m_row, kValueColumn);
    const QString kind = name.data(kPolicyKindRole).toString();
    const QVariant v = value.data(Qt::EditRole);
    showTitle();
    const double lo = name.data(kPolicyMinRole).toDouble(),
                 hi = name.data(kPolicyMaxRole).toDouble();
    if (kind == QLatin1String("number")) {
        m_number->setRange(lo, hi);
        m_number->setValue(v.toDouble());
        m_editors->setCurrentIndex(NumberPage);
    } else if (kind == QLatin1String("integer")) {
        m_integer->setRange(int(qMax(lo, double(std::numeric_limits<int>::min()))),
                            int(qMin(hi, double(std::numeric_limits<int>::max()))));
        m_integer->setValue(v.toInt());
        m_editors->setCurrentIndex(IntegerPage);
    } else if (kind == QLatin1String("boolean")) {
        m_boolean->setChecked(v.toBool());
        m_editors->setCurrentIndex(BooleanPage);
    } else if (kind == QLatin1String("enum")) {
        m_choice->clear();
        m_choice->addItems(name.data(kPolicyChoicesRole).toStringList());
        m_choice->setCurrentText(v.toString());
        m_editors->setCurrentIndex(ChoicePage);
    } else if (kind == QLatin1String("string_list")) {
        m_list->clear();
        m_list->addItems(v.toStringList());
        m_editors->setCurrentIndex(ListPage);
    } else if (kind == QLatin1String("object")) {
        const QString current =
            m_templateTypes->currentItem() ? m_templateTypes->currentItem()->text() : QString();
        m_templates = v.toMap();
        m_templateTypes->clear();
        m_templateTypes->addItems(m_templates.keys());
        const auto found = m_templateTypes->findItems(current, Qt::MatchExactly);
        m_templateTypes->setCurrentRow(found.isEmpty() ? 0 : m_templateTypes->row(found.first()));
        showTemplateText();
        m_editors->setCurrentIndex(TemplatesPage);
    } else {
        m_text->setText(v.toString());
        m_editors->setCurrentIndex(TextPage);
    }
    m_loading = false;
}

// The field's name, meaning and, while refused, why.
void PolicyEditor::showTitle()
{
    const QModelIndex name = m_fields->index(m_row, 0);
    m_fieldTitle->setText(QStringLiteral("<b>%1</b><br>%2")
                              .arg(name.data().toString().toHtmlEscaped(),
                                   name.data(Qt::ToolTipRole).toString().toHtmlEscaped()));
}

void PolicyEditor::commit(const QVariant &value)
{
    if (m_loading || m_row < 0)
        return;
    m_loading = true;
    m_fields->setData(m_fields->index(m_row, kValueColumn), value, Qt::EditRole);
    m_loading = false;
    showTitle();
}

void PolicyEditor::commitList()
{
    QStringList names;
    for (int i = 0; i < m_list->count(); ++i)
        names << m_list->item(i)->text();
    commit(names);
}

void PolicyEditor::commitTemplates()
{
    commit(m_templates);
    m_loading = true;
    const QString current =
        m_templateTypes->currentItem() ? m_templateTypes->currentItem()->text() : QString();
    m_templateTypes->clear();
    m_templateTypes->addItems(m_templates.keys());
    const auto found = m_templateTypes->findItems(current, Qt::MatchExactly);
    m_templateTypes->setCurrentRow(found.isEmpty() ? 0 : m_templateTypes->row(found.first()));
    m_loading = false;
    showTemplateText();
}

void PolicyEditor::showPending(const QStringList &changes, const QStringList &problems,
                               qint64 nextVersion)
{
    QStringList lines;
    if (!problems.isEmpty())
        lines << tr("Refused (fix before saving):") << problems << QString();
    if (changes.isEmpty())
        lines << tr("No changes.");
    else
        lines << tr("Changes to save:") << changes;
    m_pending->setPlainText(lines.join(QLatin1Char('\n')));
    m_save->setEnabled(!changes.isEmpty() && problems.isEmpty());
    // No mnemonic: a button's text with "&" would replace its Ctrl+S.
    m_save->setText(tr("Save as policy version %1").arg(nextVersion));
    m_save->setShortcut(QKeySequence::Save);
}

QString PolicyEditor::pendingText() const
{
    return m_pending->toPlainText();
}

QString PolicyEditor::note() const
{
    return m_note->text().trimmed();
}

void PolicyEditor::clearNote()
{
    m_note->clear();
}

} // namespace lemm::ui
