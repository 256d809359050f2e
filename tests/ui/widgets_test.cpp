// The login dialog's local validation and error display, and the account view's rendering
// of the server's JSON (roles, affirmation state, bold terms). Runs offscreen.
#include "ui/account_view.h"
#include "ui/login_dialog.h"

#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace lemm::ui;

class WidgetsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loginEnabledOnlyForValidInput_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("email");
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("enabled");
        QTest::addRow("valid") << "http://127.0.0.1:8080"
                               << "a@b.org"
                               << "pw" << true;
        QTest::addRow("https") << "https://vault.example.org"
                               << "a@b.org"
                               << "pw" << true;
        QTest::addRow("no scheme") << "127.0.0.1:8080"
                                   << "a@b.org"
                                   << "pw" << false;
        QTest::addRow("ftp") << "ftp://example.org"
                             << "a@b.org"
                             << "pw" << false;
        QTest::addRow("no email") << "http://x.org"
                                  << ""
                                  << "pw" << false;
        QTest::addRow("not an email") << "http://x.org"
                                      << "ab.org"
                                      << "pw" << false;
        QTest::addRow("no password") << "http://x.org"
                                     << "a@b.org"
                                     << "" << false;
    }

    void loginEnabledOnlyForValidInput()
    {
        QFETCH(QString, server);
        QFETCH(QString, email);
        QFETCH(QString, password);
        QFETCH(bool, enabled);
        LoginDialog d;
        d.show();
        QSignalSpy spy(&d, &LoginDialog::loginRequested);
        d.findChild<QLineEdit *>(QStringLiteral("server"))->setText(server);
        QTest::keyClicks(d.findChild<QLineEdit *>(QStringLiteral("email")), email);
        QTest::keyClicks(d.findChild<QLineEdit *>(QStringLiteral("password")), password);
        QPushButton *ok = d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QCOMPARE(ok->isEnabled(), enabled);
        QTest::keyClick(d.findChild<QLineEdit *>(QStringLiteral("password")), Qt::Key_Return);
        QCOMPARE(spy.count(), enabled ? 1 : 0);
    }

    void createAccountIsOffered()
    {
        LoginDialog d;
        QSignalSpy login(&d, &LoginDialog::loginRequested);
        QSignalSpy create(&d, &LoginDialog::registerRequested);
        QTest::mouseClick(d.findChild<QPushButton *>(QStringLiteral("createAccount")),
                          Qt::LeftButton);
        QCOMPARE(create.count(), 1);
        QCOMPARE(login.count(), 0);
    }

    void busyAndErrors()
    {
        LoginDialog d;
        d.setServerUrl(QStringLiteral("http://127.0.0.1:1"));
        d.findChild<QLineEdit *>(QStringLiteral("email"))->setText(QStringLiteral("a@b.org"));
        d.findChild<QLineEdit *>(QStringLiteral("password"))->setText(QStringLiteral("pw"));
        QPushButton *ok = d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        d.setBusy(true);
        QVERIFY(!ok->isEnabled());
        QVERIFY(d.findChild<QLineEdit *>(QStringLiteral("email"))->isReadOnly());
        d.setError(QStringLiteral("e-mail address or password is wrong"));
        QVERIFY(ok->isEnabled());
        auto *err = d.findChild<QLabel *>(QStringLiteral("error"));
        QVERIFY(!err->isHidden());
        QCOMPARE(err->text(), QStringLiteral("e-mail address or password is wrong"));
        d.setError({});
        QVERIFY(err->isHidden());
    }

    void accountViewShowsStateAndBoldTerms()
    {
        AccountView v;
        v.setAccount(QJsonObject{{QStringLiteral("display_name"), QStringLiteral("Ana")},
                                 {QStringLiteral("email"), QStringLiteral("ana@example.org")},
                                 {QStringLiteral("roles"), QJsonArray{QStringLiteral("contributor"),
                                                                      QStringLiteral("reviewer")}},
                                 {QStringLiteral("email_verified"), true},
                                 {QStringLiteral("affirmed_terms_version"), QStringLiteral("v1")},
                                 {QStringLiteral("current_terms_version"), QStringLiteral("v2")}});
        QVERIFY(v.summaryText().contains(QStringLiteral("Roles: contributor, reviewer")));
        QVERIFY(v.summaryText().contains(QStringLiteral("version v1; the current version is v2")));
        v.setTerms(
            QJsonObject{{QStringLiteral("text"),
                         QStringLiteral("Terms\n\n- **We use your track to train models.**\n")}});
        const QString html = v.termsHtml();
        QVERIFY(html.contains(QStringLiteral("We use your track to train models.")));
        QVERIFY2(html.contains(QStringLiteral("font-weight:700")) ||
                     html.contains(QStringLiteral("font-weight:600")),
                 qPrintable(html));
    }
};

QTEST_MAIN(WidgetsTest)
#include "widgets_test.moc"
