#pragma once
// The admin's workspace: one tab per tool (policy, roles, claims, lineage, audit, and any tool
// another part adds, e.g. the governance dashboard), each tab with a named action in the
// window's View menu ("Show Policy", Ctrl+Alt+1…), so every tool is one shortcut away. Owns the
// tool widgets it is given (Qt parent). Emits toolShown when a tab comes into view, so the
// controller refreshes what the tool shows when it is opened. GUI thread.

#include <QTabWidget>

#include <QList>

class QAction;

namespace lemm::ui {

class AdminArea : public QTabWidget
{
    Q_OBJECT
public:
    explicit AdminArea(QWidget *parent = nullptr);
    // Quiet while its tools go: removing their tabs shows no tool.
    ~AdminArea() override;

    // Adds `tool` as a tab named `title` (with its mnemonic, e.g. tr("&Policy")) and an action
    // that shows it; the area takes ownership. Returns the tab's index.
    int addTool(QWidget *tool, const QString &title);
    // The "Show …" actions, one per tool, in tab order (for the window's View menu).
    QList<QAction *> toolActions() const { return m_actions; }

Q_SIGNALS:
    void toolShown(QWidget *tool);

private:
    QList<QAction *> m_actions;
};

} // namespace lemm::ui
