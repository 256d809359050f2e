// The desktop app's API client and main window against a real lemm-vault-server over HTTP:
// log-in errors in plain words, the account and terms shown, an unreachable server reported.
#include "app/api_client.h"
#include "app/main_window.h"

#include "support/server_process.h"
#include "support/test_backend.h"

#include "ui/account_view.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace lemm;
using namespace lemm::test;

class ApiClientTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ServerProcess m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.startWithAdmin(m_dir.path(), QStringLiteral("root@example.org"),
                                         "admin password 1", 0),
                 qPrintable(m_server.error()));
    }

    void wrongPasswordIsExplained()
    {
        app::ApiClient api;
        api.setBaseUrl(QUrl(m_server.baseUrl()));
        const app::ApiReply r =
            QCoro::waitFor(api.login(QStringLiteral("root@example.org"), QStringLiteral("nope")));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode, QStringLiteral("invalid_credentials"));
        QVERIFY(r.displayError().contains(QStringLiteral("password")));
        QVERIFY(!api.loggedIn());
    }

    void fieldErrorsAreNamed()
    {
        app::ApiClient api;
        api.setBaseUrl(QUrl(m_server.baseUrl()));
        const app::ApiReply r = QCoro::waitFor(
            api.request("POST", QStringLiteral("/auth/register"), R"({"email": 3})"));
        QCOMPARE(r.status, 400);
        QVERIFY(r.displayError().contains(QStringLiteral("email: must be a string")));
    }

    void unreachableServer()
    {
        app::ApiClient api;
        api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1")));
        const app::ApiReply r = QCoro::waitFor(api.terms());
        QCOMPARE(r.status, 0);
        QCOMPARE(r.errorCode, QStringLiteral("network_error"));
        QVERIFY(r.displayError().contains(QStringLiteral("127.0.0.1:1")));
    }

    void mainWindowShowsTheAccount()
    {
        app::ApiClient api;
        api.setBaseUrl(QUrl(m_server.baseUrl()));
        QVERIFY(QCoro::waitFor(api.login(QStringLiteral("root@example.org"),
                                         QStringLiteral("admin password 1")))
                    .ok());
        app::MainWindow w(api);
        w.show();
        QSignalSpy refreshed(&w, &app::MainWindow::refreshed);
        w.refresh();
        QVERIFY(
            refreshed.wait(10000)); // the event loop kept running while the calls were in flight
        QVERIFY(w.accountView()->summaryText().contains(QStringLiteral("Roles: admin")));
        QVERIFY(w.accountView()->termsHtml().contains(
            QStringLiteral("We do not redistribute your original audio.")));
        for (const char *key : {"Ctrl+Q", "F1", "Ctrl+Shift+L"})
            QVERIFY2(w.shortcutsText().contains(QString::fromLatin1(key)),
                     qPrintable(w.shortcutsText()));
        QSignalSpy out(&w, &app::MainWindow::loggedOut);
        QTest::keyClick(&w, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(out.wait(10000));
        QVERIFY(!api.loggedIn());
    }
};

QTEST_MAIN(ApiClientTest)
#include "api_client_test.moc"
