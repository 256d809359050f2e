// lemm-vault: the desktop client. Asks for the server and credentials (the server URL is
// remembered), logs in and shows the views the account's roles allow (contribute, review,
// admin). `--email` with LEMM_PASSWORD in the environment logs in at start-up.
#include "api_client.h"
#include "main_window.h"
#include "registration_dialog.h"

#include "ui/login_dialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoroTask>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

using namespace lemm;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LEMM"));
    QApplication::setApplicationName(QStringLiteral("lemm-vault"));
    QApplication::setApplicationVersion(QStringLiteral(LEMM_VERSION));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("lemm"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "LEMM Vault desktop client."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("server"),
                      QApplication::translate("main", "Server URL to connect to."),
                      QStringLiteral("URL")});
    parser.addOption(
        {QStringLiteral("email"),
         QApplication::translate("main", "Log in as this account at start-up; the password is read "
                                         "from the LEMM_PASSWORD environment variable."),
         QStringLiteral("EMAIL")});
    parser.addOption({QStringLiteral("cache-dir"),
                      QApplication::translate(
                          "main", "Directory of the offline cache (default: the user's cache "
                                  "directory)."),
                      QStringLiteral("DIR")});
    parser.process(app);

    QSettings settings;
    app::ApiClient api;
    ui::LoginDialog login;
    login.setServerUrl(
        parser.isSet(QStringLiteral("server"))
            ? parser.value(QStringLiteral("server"))
            : settings.value(QStringLiteral("server_url"), QStringLiteral("http://127.0.0.1:8080"))
                  .toString());
    app::MainWindow window(api);
    if (parser.isSet(QStringLiteral("cache-dir")))
        window.setCacheDirectory(parser.value(QStringLiteral("cache-dir")));

    QObject::connect(&login, &ui::LoginDialog::loginRequested, &login, [&] {
        login.setBusy(true);
        api.setBaseUrl(login.serverUrl());
        QCoro::connect(
            api.login(login.email(), login.password()), &login, [&](const app::ApiReply &r) {
                if (!r.ok()) {
                    login.setError(r.displayError());
                    login.show();
                    return;
                }
                settings.setValue(QStringLiteral("server_url"), login.serverUrl().toString());
                login.setError({});
                login.setPassword({});
                login.hide();
                window.show();
                window.refresh();
            });
    });
    QObject::connect(&login, &ui::LoginDialog::registerRequested, &login, [&] {
        api.setBaseUrl(login.serverUrl());
        app::RegistrationDialog registration(api, &login);
        if (registration.exec() == QDialog::Accepted) {
            login.setEmail(registration.email());
            login.setPassword({});
        }
    });
    QObject::connect(&login, &QDialog::rejected, &app, &QApplication::quit);
    QObject::connect(&window, &app::MainWindow::loggedOut, &login, [&] {
        window.hide();
        login.show();
    });
    const QString password = qEnvironmentVariable("LEMM_PASSWORD");
    if (parser.isSet(QStringLiteral("email")) && !password.isEmpty()) {
        login.setEmail(parser.value(QStringLiteral("email")));
        login.setPassword(password);
        Q_EMIT login.loginRequested(); // shows the dialog with the error if it fails
    }
    if (!window.isVisible())
        login.show();
    return QApplication::exec();
}
