#include "main_window.h"

#include "api_client.h"

#include "ui/account_view.h"

#include <QAction>
#include <QCoroTask>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace lemm::app {

MainWindow::MainWindow(ApiClient &api, QWidget *parent) : QMainWindow(parent), m_api(api)
{
    setWindowTitle(tr("LEMM Vault"));
    m_account = new ui::AccountView(this);
    setCentralWidget(m_account);
    statusBar()->showMessage(tr("Connected to %1").arg(api.baseUrl().toString()));

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *reload = file->addAction(tr("&Refresh"), this, &MainWindow::refresh);
    reload->setShortcut(QKeySequence::Refresh);
    QAction *logout = file->addAction(tr("Log &out"), this, [this] {
        QCoro::connect(m_api.logout(), this, [this](const ApiReply &) { Q_EMIT loggedOut(); });
    });
    logout->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    keys->setShortcut(QKeySequence::HelpContents);
}

void MainWindow::refresh()
{
    statusBar()->showMessage(tr("Loading…"));
    QCoro::connect(load(), this, [] {});
}

// A member coroutine, not a capturing lambda: a lambda's captures would die with the closure
// object when the first co_await suspends.
QCoro::Task<> MainWindow::load()
{
    const ApiReply me = co_await m_api.me();
    const ApiReply terms = co_await m_api.terms();
    if (!me.ok() || !terms.ok()) {
        statusBar()->showMessage((me.ok() ? terms : me).displayError());
        co_return;
    }
    m_account->setAccount(me.body);
    m_account->setTerms(terms.body);
    statusBar()->showMessage(tr("Connected to %1").arg(m_api.baseUrl().toString()));
    Q_EMIT refreshed();
}

QString MainWindow::shortcutsText() const
{
    QStringList lines;
    for (QAction *menu : menuBar()->actions())
        for (QAction *a : menu->menu()->actions())
            if (!a->shortcut().isEmpty())
                lines << QStringLiteral("%1\t%2").arg(
                    a->shortcut().toString(QKeySequence::NativeText),
                    a->text().remove(QLatin1Char('&')));
    return lines.join(QLatin1Char('\n'));
}

void MainWindow::showShortcuts()
{
    QMessageBox::information(this, tr("Keyboard shortcuts"), shortcutsText());
}

} // namespace lemm::app
