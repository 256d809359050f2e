#include "admin_area.h"

#include <QAction>

namespace lemm::ui {

AdminArea::AdminArea(QWidget *parent) : QTabWidget(parent)
{
    setObjectName(QStringLiteral("adminArea"));
    connect(this, &QTabWidget::currentChanged, this, [this](int index) {
        if (QWidget *tool = widget(index))
            Q_EMIT toolShown(tool);
    });
}

AdminArea::~AdminArea()
{
    blockSignals(true);
}

int AdminArea::addTool(QWidget *tool, const QString &title)
{
    const int index = addTab(tool, title);
    QString plain = title;
    plain.remove(QLatin1Char('&'));
    auto *action = new QAction(tr("Show %1").arg(plain), this);
    action->setObjectName(QStringLiteral("showAdminTool%1").arg(index + 1));
    if (index < 9)
        action->setShortcut(QKeySequence(QStringLiteral("Ctrl+Alt+%1").arg(index + 1)));
    action->setShortcutContext(Qt::WindowShortcut);
    connect(action, &QAction::triggered, this, [this, tool] { setCurrentWidget(tool); });
    addAction(action);
    m_actions << action;
    return index;
}

} // namespace lemm::ui
