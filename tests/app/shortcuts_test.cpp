// Every keyboard shortcut of the main window is unique where it can fire, and listed in Help >
// Keyboard shortcuts. The window is built against a real lemm-vault-server for each role set
// (contributor, reviewer, admin, all three); the test walks every QAction, QShortcut and button
// shortcut of the window and its views (written generically: the role areas add their own) and
// asserts that no two share a key sequence where both can fire at once: the same tab (or one of
// them window-wide) and overlapping contexts (window-wide, or one widget inside the other).
// Disabled ones count too, since they are enabled later; hidden actions do not.
#include "app/api_client.h"
#include "app/main_window.h"

#include "support/onboarding.h"
#include "support/server_process.h"

#include <QAbstractButton>
#include <QAction>
#include <QJsonArray>
#include <QMenu>
#include <QSettings>
#include <QShortcut>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace lemm;
using namespace lemm::test;

namespace {

struct Binding {
    QKeySequence key;
    QString what;
    const QWidget *tab = nullptr;   // the innermost tab page it lives on; null: window-wide
    const QWidget *scope = nullptr; // the widget it needs the focus in; null: window-wide
};

bool inside(const QWidget *child, const QWidget *parent)
{
    for (const QWidget *w = child; w; w = w->parentWidget())
        if (w == parent)
            return true;
    return false;
}

bool overlap(const Binding &a, const Binding &b)
{
    const bool sameTab = !a.tab || !b.tab || inside(a.tab, b.tab) || inside(b.tab, a.tab);
    const bool sameScope =
        !a.scope || !b.scope || inside(a.scope, b.scope) || inside(b.scope, a.scope);
    return sameTab && sameScope;
}

// The innermost tab page (of the window's tabs or of a tab widget inside one, such as the
// admin area's tools) that holds `w`: widgets on sibling pages are never visible together, so
// their mnemonics and shortcuts cannot both fire.
const QWidget *tabOf(const QWidget *w, const QTabWidget *)
{
    for (; w; w = w->parentWidget()) {
        const QWidget *stack = w->parentWidget();
        if (stack && qobject_cast<const QTabWidget *>(stack->parentWidget()))
            return w;
    }
    return nullptr;
}

QString describe(const QString &kind, const QString &text, const QObject *owner)
{
    return QStringLiteral("%1 \"%2\" (%3)")
        .arg(kind, QString(text).remove(QLatin1Char('&')), owner ? owner->objectName() : QString());
}

// The widget an action is attached to, other than a menu (menus stand for the whole window).
const QWidget *actionWidget(const QAction *a)
{
    for (QObject *o : a->associatedObjects())
        if (auto *w = qobject_cast<QWidget *>(o); w && !qobject_cast<QMenu *>(w))
            return w;
    return nullptr;
}

void addAction(QList<Binding> &out, QAction *a, const QTabWidget *tabs)
{
    if (!a->isVisible())
        return;
    const QWidget *w = actionWidget(a);
    if (!w && a->associatedObjects().isEmpty())
        return; // attached to nothing: cannot fire
    const bool local = a->shortcutContext() == Qt::WidgetWithChildrenShortcut ||
                       a->shortcutContext() == Qt::WidgetShortcut;
    for (const QKeySequence &key : a->shortcuts())
        out << Binding{key, describe(QStringLiteral("action"), a->text(), w ? w : nullptr),
                       tabOf(w, tabs), local ? w : nullptr};
}

QList<Binding> collect(const QMainWindow &window, const QTabWidget *tabs)
{
    QList<Binding> out;
    for (QAction *a : window.findChildren<QAction *>())
        addAction(out, a, tabs);
    for (QAbstractButton *b : window.findChildren<QAbstractButton *>())
        if (!b->shortcut().isEmpty())
            out << Binding{b->shortcut(), describe(QStringLiteral("button"), b->text(), b),
                           tabOf(b, tabs), nullptr};
    for (QShortcut *s : window.findChildren<QShortcut *>()) {
        auto *parent = qobject_cast<QWidget *>(s->parent());
        const bool local =
            s->context() == Qt::WidgetWithChildrenShortcut || s->context() == Qt::WidgetShortcut;
        for (const QKeySequence &key : s->keys())
            out << Binding{key, describe(QStringLiteral("shortcut"), s->whatsThis(), parent),
                           tabOf(parent, tabs), local ? parent : nullptr};
    }
    return out;
}

} // namespace

class ShortcutsTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_adminToken;

    void makeAccount(const QString &email, const QJsonArray &roles)
    {
        const QString token = onboard(*m_http, m_dir.path(), email);
        m_http->setToken(token);
        const QString id =
            m_http->get(QStringLiteral("/auth/me")).json().value(QStringLiteral("id")).toString();
        if (roles.isEmpty())
            return;
        m_http->setToken(m_adminToken);
        const int status = m_http
                               ->put(QStringLiteral("/accounts/%1/roles").arg(id),
                                     {{QStringLiteral("roles"), roles}})
                               .status;
        if (status != 200)
            qFatal("roles of %s: %d", qPrintable(email), status);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("lemm-test"));
        QCoreApplication::setApplicationName(QStringLiteral("shortcuts-test"));
        QVERIFY2(m_server.startWithAdmin(m_dir.path(), QStringLiteral("root@example.org"),
                                         "admin password 1", 1),
                 qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.baseUrl());
        m_adminToken =
            m_http
                ->post(QStringLiteral("/auth/login"),
                       {{QStringLiteral("email"), QStringLiteral("root@example.org")},
                        {QStringLiteral("password"), QStringLiteral("admin password 1")}})
                .json()
                .value(QStringLiteral("token"))
                .toString();
        QVERIFY(!m_adminToken.isEmpty());
        makeAccount(QStringLiteral("carl@example.org"), {});
        makeAccount(QStringLiteral("rita@example.org"), QJsonArray{QStringLiteral("reviewer")});
        makeAccount(QStringLiteral("ada@example.org"), QJsonArray{QStringLiteral("admin")});
        makeAccount(QStringLiteral("all@example.org"),
                    QJsonArray{QStringLiteral("contributor"), QStringLiteral("reviewer"),
                               QStringLiteral("admin")});
    }

    void uniqueAndListed_data()
    {
        QTest::addColumn<QString>("email");
        QTest::addColumn<int>("tabs");
        QTest::addRow("contributor") << QStringLiteral("carl@example.org") << 2;
        QTest::addRow("reviewer") << QStringLiteral("rita@example.org") << 2;
        QTest::addRow("admin") << QStringLiteral("ada@example.org") << 3;
        QTest::addRow("all") << QStringLiteral("all@example.org") << 4;
    }

    void uniqueAndListed()
    {
        QFETCH(QString, email);
        QFETCH(int, tabs);
        app::ApiClient api;
        api.setBaseUrl(QUrl(m_server.baseUrl()));
        QVERIFY(QCoro::waitFor(api.login(email, QStringLiteral("a long password"))).ok());
        app::MainWindow window(api);
        window.setCacheDirectory(m_dir.path() + QStringLiteral("/cache"));
        QSignalSpy refreshed(&window, &app::MainWindow::refreshed);
        window.show();
        window.refresh();
        QVERIFY(refreshed.wait(15000));
        QCOMPARE(window.tabs()->count(), tabs);

        const QList<Binding> bindings = collect(window, window.tabs());
        QVERIFY(bindings.size() > 10);
        QStringList clashes;
        for (qsizetype i = 0; i < bindings.size(); ++i)
            for (qsizetype j = i + 1; j < bindings.size(); ++j)
                if (bindings.at(i).key == bindings.at(j).key &&
                    overlap(bindings.at(i), bindings.at(j)))
                    clashes << QStringLiteral("%1: %2 and %3")
                                   .arg(bindings.at(i).key.toString(), bindings.at(i).what,
                                        bindings.at(j).what);
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QLatin1Char('\n'))));

        // Every one is listed in Help > Keyboard shortcuts.
        const QString listed = window.shortcutsText();
        for (const Binding &b : bindings)
            QVERIFY2(listed.contains(b.key.toString(QKeySequence::NativeText) + QLatin1Char('\t')),
                     qPrintable(b.what));

        // The conventions the issue names: one F5 (File > Refresh), named tab actions.
        int f5 = 0;
        for (const Binding &b : bindings)
            f5 += b.key == QKeySequence(Qt::Key_F5) ? 1 : 0;
        QCOMPARE(f5, 1);
        for (QAction *a : window.findChildren<QAction *>())
            QVERIFY2(!a->text().startsWith(QStringLiteral("Tab ")), qPrintable(a->text()));
        const auto *contribute = window.findChild<QAction *>(QStringLiteral("contributeTabAction"));
        QVERIFY(contribute);
        QCOMPARE(contribute->shortcut(), QKeySequence(Qt::ALT | Qt::Key_2));
        QCOMPARE(contribute->isEnabled(),
                 window.tabs()->findChild<QWidget *>(QStringLiteral("contribute")) != nullptr);
    }

    // The window comes back at the size it was closed at (no log-in needed).
    void geometryIsRestored()
    {
        app::ApiClient api;
        {
            app::MainWindow first(api);
            first.resize(900, 640);
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            first.close();
        }
        app::MainWindow second(api);
        QCOMPARE(second.size(), QSize(900, 640));
        // The Edit actions act on a text field only: disabled while none has the focus.
        for (QAction *a : second.findChildren<QAction *>())
            if (a->shortcut() == QKeySequence(QKeySequence::Paste))
                QVERIFY(!a->isEnabled());
    }
};

QTEST_MAIN(ShortcutsTest)
#include "shortcuts_test.moc"
