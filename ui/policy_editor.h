#pragma once
// The policy editor (spec §4.3): the field table (a model with one row per policy field, see
// admin_roles.h for the roles it reads) and, for the selected field, an editor of its kind —
// a spin box limited to the field's range for numbers and integers, a check box for yes/no,
// a combo box for a choice, an editable list for a list of names, and the licence templates as
// a list of licence types each with its text — never raw JSON. Under it the changes waiting to
// be saved (old → new, and every refused value with the reason core gives), the note, and the
// button that saves, named after what it does. The history table below. Edits go to the
// model through setData(EditRole); saving is the controller's (saveRequested). Owns its child
// widgets, not the models. GUI thread.

#include <QWidget>

class QAbstractItemModel;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace lemm::ui {

class PolicyEditor : public QWidget
{
    Q_OBJECT
public:
    PolicyEditor(QAbstractItemModel *fields, QAbstractItemModel *history,
                 QWidget *parent = nullptr);

    QTableView *fieldsView() const { return m_fieldsView; }
    QTableView *historyView() const { return m_historyView; }
    // Shows the editor of the field in the model's row `row` and selects it.
    void editRow(int row);
    int editedRow() const { return m_row; }
    // The typed editor shown for the selected field (a QDoubleSpinBox, QSpinBox, QCheckBox,
    // QComboBox, the list editor or the templates editor).
    QWidget *currentEditor() const;

    // What the controller reports after every edit: the changes in words (one per line) and
    // the refused fields with their reasons; saving is possible when there are changes and no
    // problems. `nextVersion` names the button ("Save as version 4").
    void showPending(const QStringList &changes, const QStringList &problems, qint64 nextVersion);
    QString pendingText() const;
    QString note() const;
    void clearNote();
    QPushButton *saveButton() const { return m_save; }

Q_SIGNALS:
    void saveRequested(const QString &note);
    void revertRequested();
    void reloadRequested();

private:
    QWidget *buildEditors();
    QWidget *buildListEditor();
    QWidget *buildTemplatesEditor();
    void loadEditor();
    void showTitle();
    void commit(const QVariant &value);
    void commitList();
    void commitTemplates();
    void showTemplateText();

    QAbstractItemModel *m_fields;
    QTableView *m_fieldsView;
    QTableView *m_historyView;
    int m_row = -1;
    bool m_loading = false;
    QLabel *m_fieldTitle;
    QStackedWidget *m_editors;
    QDoubleSpinBox *m_number;
    QSpinBox *m_integer;
    QCheckBox *m_boolean;
    QComboBox *m_choice;
    QLineEdit *m_text;
    QWidget *m_listPage;
    QListWidget *m_list;
    QWidget *m_templatesPage;
    QListWidget *m_templateTypes;
    QPlainTextEdit *m_templateText;
    QVariantMap m_templates;
    QPlainTextEdit *m_pending;
    QLineEdit *m_note;
    QPushButton *m_save;
};

} // namespace lemm::ui
