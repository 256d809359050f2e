// lemm-vault: the desktop client. Asks for the server and credentials (the server URL is
// remembered), logs in and shows the views the account's roles allow (contribute, review,
// admin). `--email` with LEMM_PASSWORD in the environment logs in at start-up.
#include "api_client.h"
#include "main_window.h"
#include "registration_dialog.h"

#include "ui/login_dialog.h"
#include "ui/preferences_dialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCoroTask>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

using namespace lemm;

namespace {

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "LEMM Vault desktop client."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("server"),
                      QCoreApplication::translate("main", "Server URL to connect to."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("email"),
                      QCoreApplication::translate(
                          "main", "Log in as this account at start-up; the password is read "
                                  "from the LEMM_PASSWORD environment variable."),
                      QStringLiteral("EMAIL")});
    parser.addOption({QStringLiteral("cache-dir"),
                      QCoreApplication::translate(
                          "main", "Directory of the offline cache (default: the user's cache "
                                  "directory)."),
                      QStringLiteral("DIR")});
}

void setNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("LEMM"));
    QCoreApplication::setApplicationName(QStringLiteral("lemm-vault"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LEMM_VERSION));
}

// --help, --version and a bad option need no display: they are answered before QApplication
// exists (which aborts without one), by a QCoreApplication that prints and exits.
void answerWithoutDisplay(int argc, char **argv)
{
    bool early = false;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        early = early || arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" ||
                arg == "-v" || arg == "--version";
    }
    if (!early)
        return;
    QCoreApplication core(argc, argv);
    setNames();
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(core); // prints and exits for --help and --version
}

// The language the preferences name ("" = the system's).
QLocale uiLocale()
{
    const QString language = ui::Preferences::load().language;
    return language.isEmpty() ? QLocale() : QLocale(language);
}

} // namespace

int main(int argc, char **argv)
{
    answerWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    setNames();
    const QLocale locale = uiLocale();
    QLocale::setDefault(locale);
    QTranslator translator;
    if (translator.load(locale, QStringLiteral("lemm"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app);

    QSettings settings;
    app::ApiClient api;
    ui::LoginDialog login;
    login.setServerUrl(parser.isSet(QStringLiteral("server"))
                           ? parser.value(QStringLiteral("server"))
                           : ui::Preferences::load().serverUrl);
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
